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
    cchc_report_reminder_days = fields.Integer(
        related="company_id.cchc_report_reminder_days", readonly=False
    )
