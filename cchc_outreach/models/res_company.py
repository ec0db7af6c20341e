from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cchc_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        default=3,
        help="How many days before a task's deadline its responsible users get a "
        "reminder activity.",
    )
    cchc_issuer_code = fields.Char(
        string="Issuer Symbol",
        help="Abbreviation of the issuing body used in document numbers, e.g. SCT in 181/KH-SCT.",
    )
    cchc_issuer_name = fields.Char(
        string="Issuing Body (as printed)",
        help="The issuing body as the document header names it, under the superior body, "
        "e.g. SỞ CÔNG THƯƠNG (the company's full name when empty).",
    )
    cchc_superior_body = fields.Char(
        string="Superior Body",
        help="Name of the superior body printed above the issuing body, e.g. UBND TỈNH ĐỒNG NAI.",
    )
    cchc_place = fields.Char(
        string="Place of Issue",
        help="Place printed before the date of documents, e.g. Đồng Nai.",
    )

    @api.constrains("cchc_reminder_days")
    def _check_cchc_reminder_days(self):
        for company in self:
            if not 0 <= company.cchc_reminder_days <= 60:
                raise ValidationError(
                    self.env._("The reminder lead time must be between 0 and 60 days.")
                )
