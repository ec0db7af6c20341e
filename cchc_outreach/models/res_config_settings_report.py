from odoo import fields, models


# Kept apart from the core file of this model: the periodic reports own this one.
# pylint: disable=consider-merging-classes-inherited
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

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
