from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cchc_reminder_days = fields.Integer(related="company_id.cchc_reminder_days", readonly=False)
    cchc_issuer_code = fields.Char(related="company_id.cchc_issuer_code", readonly=False)
    cchc_issuer_name = fields.Char(related="company_id.cchc_issuer_name", readonly=False)
    cchc_superior_body = fields.Char(related="company_id.cchc_superior_body", readonly=False)
    cchc_place = fields.Char(related="company_id.cchc_place", readonly=False)
