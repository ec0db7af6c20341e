from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .cchc_workflow_mixin import ALL

_lt = LazyTranslate(__name__)

OUTPUT_METRICS = [
    ("items", "Items published (articles, posts, videos)"),
    ("views", "Views or reach"),
    ("participants", "Participants"),
    ("sessions", "Sessions, classes or meetings"),
    ("copies", "Copies printed or handed out"),
    ("other", "Other"),
]
# The unit written after a quantity in the compiled report ("12 tin, bài, sản phẩm");
# a metric not listed is written with its label. Translated by i18n/vi.po.
OUTPUT_METRIC_UNITS = {
    "items": _lt("items (articles, products)"),
    "views": _lt("views"),
    "participants": _lt("attendances"),
    "sessions": _lt("sessions, classes, meetings"),
    "copies": _lt("copies"),
}


class CchcTaskOutput(models.Model):
    _name = "cchc.task.output"
    _description = "CCHC Task Output"
    _order = "task_id, date desc, id"
    _check_company_auto = True
    _inherit = ["cchc.workflow.mixin"]
    # Outputs are the results of an open task: frozen once the task or its plan is closed.
    _cchc_state_field = None
    _cchc_freeze_rules = (
        ("task_id.state", ("done", "cancelled"), ALL),
        ("plan_id.state", ("done", "cancelled"), ALL),
    )

    task_id = fields.Many2one("cchc.task", required=True, ondelete="cascade", index=True)
    plan_id = fields.Many2one(related="task_id.plan_id", store=True, index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    channel_id = fields.Many2one("cchc.channel", required=True, check_company=True)
    metric = fields.Selection(OUTPUT_METRICS, required=True, default="items")
    quantity = fields.Float(required=True, digits=(16, 0))
    date = fields.Date(default=fields.Date.context_today)
    link = fields.Char(help="Link to the article, video or post.")
    note = fields.Char()

    @api.constrains("quantity")
    def _check_quantity(self):
        if any(output.quantity < 0 for output in self):
            raise ValidationError(self.env._("An output quantity cannot be negative."))
