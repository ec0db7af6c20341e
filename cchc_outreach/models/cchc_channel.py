from odoo import fields, models

CHANNEL_KINDS = [
    ("website", "Website or portal"),
    ("press", "Press"),
    ("broadcast", "Radio / TV"),
    ("social", "Social network"),
    ("messaging", "Messaging (Zalo, SMS)"),
    ("hotline", "Hotline"),
    ("print", "Print and visual"),
    ("posting", "Public posting at the one-stop desk"),
    ("training", "Training or conference"),
    ("meeting", "Internal meeting"),
    ("event", "Contest or event"),
    ("other", "Other"),
]


class CchcChannel(models.Model):
    _name = "cchc.channel"
    _description = "CCHC Communication Channel"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(CHANNEL_KINDS, required=True, default="other", index=True)
    sequence = fields.Integer(default=10)
    audience_ids = fields.Many2many("cchc.audience", string="Suited Audiences")
    url = fields.Char(string="URL or Handle")
    department_id = fields.Many2one(
        "hr.department",
        string="Owner Department",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the channel with every company.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
