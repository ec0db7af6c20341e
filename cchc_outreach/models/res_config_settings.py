from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cchc_reminder_days = fields.Integer(related="company_id.cchc_reminder_days", readonly=False)
    cchc_issuer_code = fields.Char(related="company_id.cchc_issuer_code", readonly=False)
    cchc_issuer_name = fields.Char(related="company_id.cchc_issuer_name", readonly=False)
    cchc_superior_body = fields.Char(related="company_id.cchc_superior_body", readonly=False)
    cchc_place = fields.Char(related="company_id.cchc_place", readonly=False)

    def action_cchc_open_digest_template(self):
        """The mail template of the daily digest, to edit its texts."""
        template = self.env.ref("cchc_outreach.mail_template_cchc_digest")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }

    cchc_report_q1_start = fields.Char(related="company_id.cchc_report_q1_start", readonly=False)
    cchc_report_q1_end = fields.Char(related="company_id.cchc_report_q1_end", readonly=False)
    cchc_report_h1_start = fields.Char(related="company_id.cchc_report_h1_start", readonly=False)
    cchc_report_h1_end = fields.Char(related="company_id.cchc_report_h1_end", readonly=False)
    cchc_report_m9_start = fields.Char(related="company_id.cchc_report_m9_start", readonly=False)
    cchc_report_m9_end = fields.Char(related="company_id.cchc_report_m9_end", readonly=False)
    cchc_report_q3_start = fields.Char(related="company_id.cchc_report_q3_start", readonly=False)
    cchc_report_q3_end = fields.Char(related="company_id.cchc_report_q3_end", readonly=False)
    cchc_report_year_start = fields.Char(
        related="company_id.cchc_report_year_start", readonly=False
    )
    cchc_report_year_end = fields.Char(related="company_id.cchc_report_year_end", readonly=False)
    cchc_report_due_day = fields.Integer(related="company_id.cchc_report_due_day", readonly=False)
    cchc_province_report_lead_days = fields.Integer(
        related="company_id.cchc_province_report_lead_days", readonly=False
    )
    cchc_report_reminder_days = fields.Integer(
        related="company_id.cchc_report_reminder_days", readonly=False
    )

    cchc_feedback_classify_days = fields.Integer(
        related="company_id.cchc_feedback_classify_days", readonly=False
    )
    cchc_feedback_forward_days = fields.Integer(
        related="company_id.cchc_feedback_forward_days", readonly=False
    )
    cchc_feedback_answer_days = fields.Integer(
        related="company_id.cchc_feedback_answer_days", readonly=False
    )
    cchc_feedback_rate_limit_count = fields.Integer(
        related="company_id.cchc_feedback_rate_limit_count", readonly=False
    )
    cchc_feedback_rate_limit_minutes = fields.Integer(
        related="company_id.cchc_feedback_rate_limit_minutes", readonly=False
    )
    cchc_feedback_max_files = fields.Integer(
        related="company_id.cchc_feedback_max_files", readonly=False
    )
    cchc_feedback_max_file_mb = fields.Integer(
        related="company_id.cchc_feedback_max_file_mb", readonly=False
    )
    cchc_feedback_public_enabled = fields.Boolean(
        related="company_id.cchc_feedback_public_enabled", readonly=False
    )
    cchc_feedback_hotline = fields.Char(related="company_id.cchc_feedback_hotline", readonly=False)
    cchc_feedback_public_url = fields.Char(
        related="company_id.cchc_feedback_public_url", readonly=False
    )
    cchc_feedback_receiver_id = fields.Many2one(
        related="company_id.cchc_feedback_receiver_id", readonly=False
    )
    cchc_feedback_alias_name = fields.Char(
        string="Feedback E-mail Alias",
        related="company_id.cchc_feedback_alias_id.alias_name",
        readonly=False,
    )
    cchc_feedback_alias_domain = fields.Char(
        string="Feedback Alias Domain",
        related="company_id.cchc_feedback_alias_id.alias_domain",
    )
    cchc_feedback_retention_months = fields.Integer(
        related="company_id.cchc_feedback_retention_months", readonly=False
    )
    cchc_feedback_form_url = fields.Char(
        string="Public Form Address", compute="_compute_cchc_feedback_form_url"
    )

    def _compute_cchc_feedback_form_url(self):
        for settings in self:
            settings.cchc_feedback_form_url = settings.company_id._cchc_feedback_form_url()

    def action_print_cchc_feedback_poster(self):
        self.ensure_one()
        return self.company_id.action_print_cchc_feedback_poster()
