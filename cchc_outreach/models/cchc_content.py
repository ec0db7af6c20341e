from odoo import fields, models

PILLARS = [
    ("institution", "Institutional reform"),
    ("procedure", "Administrative procedure reform"),
    ("apparatus", "Apparatus reform"),
    ("civil_service", "Civil service reform"),
    ("public_finance", "Public finance reform"),
    ("digital", "E-government and digital government"),
]


class CchcContent(models.Model):
    _name = "cchc.content"
    _description = "CCHC Communication Content"
    _order = "pillar, sequence, id"

    name = fields.Char(required=True, translate=True)
    pillar = fields.Selection(
        PILLARS,
        required=True,
        help="The pillar of the national administrative reform programme "
        "(Resolution 76/NQ-CP) this content belongs to.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share it with every company.",
    )
    audience_ids = fields.Many2many("cchc.audience", string="Suited Audiences")
    active = fields.Boolean(default=True)
