from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OUTPUT_METRICS = [
    ("items", "Items published (articles, posts, videos)"),
    ("views", "Views or reach"),
    ("participants", "Participants"),
    ("sessions", "Sessions, classes or meetings"),
    ("copies", "Copies printed or handed out"),
    ("other", "Other"),
]


class CchcTaskOutput(models.Model):
    _name = "cchc.task.output"
    _description = "CCHC Task Output"
    _order = "task_id, date desc, id"
    _check_company_auto = True

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

    def _check_task_open(self):
        if self.env.su or self.env.user.has_group("cchc_outreach.group_cchc_coordinator"):
            return
        closed = self.task_id.filtered(lambda t: t.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "Task '%(task)s' is closed: its outputs can no longer be changed.",
                    task=closed[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        outputs = super().create(vals_list)
        outputs._check_task_open()
        return outputs

    def write(self, vals):
        self._check_task_open()
        res = super().write(vals)
        self._check_task_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_task_open(self):
        self._check_task_open()
