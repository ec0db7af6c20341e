from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from .cchc_workflow_mixin import ALL

_lt = LazyTranslate(__name__)

COMPARATORS = [(">=", "At least"), ("=", "Exactly"), ("<=", "At most")]
# How the printed documents write a comparator: a symbol in the report's tables, a
# phrase in the plan's list of targets (translated in the print language, i18n/vi.po).
COMPARATOR_SYMBOLS = {">=": "≥", "=": "=", "<=": "≤"}
TARGET_PHRASES = {
    ">=": _lt("reaching %s or more"),
    "=": _lt("reaching %s"),
    "<=": _lt("not exceeding %s"),
}


class CchcPlanTarget(models.Model):
    _name = "cchc.plan.target"
    _description = "CCHC Plan Measurable Target"
    _order = "plan_id, sequence, id"
    _inherit = ["cchc.workflow.mixin"]
    # The target itself freezes with its plan from submission on; its measured actual
    # is recorded while the plan is carried out, until the plan is closed.
    _cchc_state_field = None
    _cchc_freeze_rules = (
        ("plan_id.state", ("done", "cancelled"), ALL),
        (
            "plan_id.state",
            ("submitted", "issued"),
            ALL - {"actual_value", "actual_recorded", "source"},
        ),
    )

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Indicator", required=True)
    comparator = fields.Selection(COMPARATORS, required=True, default=">=")
    target_value = fields.Float(string="Target", digits=(16, 2))
    unit = fields.Char(default="%")
    actual_value = fields.Float(string="Actual", digits=(16, 2))
    actual_recorded = fields.Boolean(
        string="Actual Known", help="Tick once the actual value has been measured."
    )
    source = fields.Char(help="Where the actual value comes from, e.g. SIPAS survey 2026.")
    achieved = fields.Boolean(compute="_compute_achieved", store=True)

    @api.depends("comparator", "target_value", "actual_value", "actual_recorded")
    def _compute_achieved(self):
        for target in self:
            if not target.actual_recorded:
                target.achieved = False
            elif target.comparator == ">=":
                target.achieved = target.actual_value >= target.target_value
            elif target.comparator == "<=":
                target.achieved = target.actual_value <= target.target_value
            else:
                target.achieved = target.actual_value == target.target_value
