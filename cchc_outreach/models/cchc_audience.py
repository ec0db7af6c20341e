from odoo import fields, models


class CchcAudience(models.Model):
    _name = "cchc.audience"
    _description = "CCHC Audience"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("internal", "Internal staff"),
            ("public", "Citizens and businesses"),
        ],
        required=True,
        default="public",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share it with every company.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "An audience with this code already exists."),
    ]
