from odoo import fields, models

from .cchc_workflow_mixin import FROZEN_WITH_PLAN


class CchcPlanRecipient(models.Model):
    _name = "cchc.plan.recipient"
    _description = "CCHC Plan Distribution Line"
    _order = "plan_id, sequence, id"
    _inherit = ["cchc.workflow.mixin"]
    # Frozen with its plan from submission on (cchc.workflow.mixin).
    _cchc_state_field = None
    _cchc_freeze_rules = FROZEN_WITH_PLAN

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Recipient", required=True, help="e.g. UBND tỉnh")
    purpose = fields.Selection(
        [
            ("report", "For report (b/c)"),
            ("execute", "To carry out (t/h)"),
            ("info", "For information"),
            ("archive", "Archive (Lưu)"),
        ],
        required=True,
        default="info",
    )
    note = fields.Char(
        help="Printed in brackets after the recipient instead of the purpose's mark, "
        "e.g. để b/c, thực hiện.",
    )
