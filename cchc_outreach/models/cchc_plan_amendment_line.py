from odoo import api, fields, models
from odoo.exceptions import UserError

from .cchc_task import PRODUCT_TYPES
from .cchc_workflow_mixin import FROZEN_WITH_PLAN

# Planning fields an amendment sets on the task it adds or changes.
AMENDED_TASK_FIELDS = (
    "name",
    "description",
    "lead_department_id",
    "cooperating_department_ids",
    "responsible_user_ids",
    "date_start",
    "date_deadline",
    "product_type",
    "product_description",
    "authority",
    "budget_estimate",
)


class CchcPlanAmendmentLine(models.Model):
    """One change an amending plan (Kế hoạch điều chỉnh, bổ sung) makes to the plan it
    amends: a task added, a task's assignment changed, or a task cancelled.

    The change takes effect when the amending plan is issued, never before; the
    amended plan keeps its own issued document.
    """

    _name = "cchc.plan.amendment.line"
    _description = "CCHC Amending Plan Change"
    _inherit = ["cchc.workflow.mixin"]
    _order = "plan_id, sequence, id"
    _check_company_auto = True
    _cchc_state_field = None
    _cchc_protected_fields = frozenset({"applied", "new_task_id"})
    _cchc_freeze_rules = FROZEN_WITH_PLAN

    plan_id = fields.Many2one(
        "cchc.plan",
        string="Amending Plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amended_plan_id = fields.Many2one(related="plan_id.amended_plan_id")
    sequence = fields.Integer(default=10)
    action = fields.Selection(
        [("add", "Add a task"), ("change", "Change a task"), ("cancel", "Cancel a task")],
        required=True,
        default="add",
    )
    task_id = fields.Many2one(
        "cchc.task",
        string="Task of the Amended Plan",
        check_company=True,
        domain="[('plan_id', '=', amended_plan_id), ('state', 'not in', ('done', 'cancelled'))]",
    )
    name = fields.Char(string="Task")
    description = fields.Html()
    lead_department_id = fields.Many2one("hr.department", check_company=True)
    cooperating_department_ids = fields.Many2many(
        "hr.department",
        "cchc_amendment_line_cooperating_department_rel",
        "line_id",
        "department_id",
        string="Cooperating Departments",
        check_company=True,
    )
    responsible_user_ids = fields.Many2many(
        "res.users",
        "cchc_amendment_line_res_users_rel",
        "line_id",
        "user_id",
        string="Responsible Users",
        domain=[("share", "=", False)],
    )
    date_start = fields.Date(string="Start")
    date_deadline = fields.Date(string="Deadline")
    product_type = fields.Selection(PRODUCT_TYPES)
    product_description = fields.Char(string="Expected Product")
    authority = fields.Char()
    budget_estimate = fields.Monetary()
    reason = fields.Text(help="Why the plan is amended on this point (printed).")
    applied = fields.Boolean(readonly=True, copy=False)
    new_task_id = fields.Many2one("cchc.task", string="Task Added", readonly=True, copy=False)

    @api.onchange("task_id")
    def _onchange_task_id(self):
        """A change starts from the task as it stands."""
        if self.task_id and self.action == "change":
            for name in AMENDED_TASK_FIELDS:
                self[name] = self.task_id[name]
        elif self.task_id:
            self.name = self.task_id.name

    def _check_applicable(self):
        """Every change can be carried out on the amended plan as it stands."""
        for line in self:
            label = line.name or line.task_id.name or ""
            if line.action in ("change", "cancel"):
                if not line.task_id or line.task_id.plan_id != line.plan_id.amended_plan_id:
                    raise UserError(
                        self.env._(
                            "Change '%(line)s': choose the task of the amended plan it concerns.",
                            line=label,
                        )
                    )
                if line.task_id.state in ("done", "cancelled"):
                    raise UserError(
                        self.env._(
                            "Task '%(task)s' is already closed: an amendment cannot change it.",
                            task=line.task_id.name,
                        )
                    )
            if line.action in ("add", "change"):
                missing = [
                    self._fields[name]._description_string(self.env)
                    for name in (
                        "name",
                        "lead_department_id",
                        "responsible_user_ids",
                        "date_deadline",
                        "product_description",
                        "authority",
                    )
                    if not line[name]
                ]
                if missing:
                    raise UserError(
                        self.env._(
                            "Change '%(line)s' is missing: %(fields)s.",
                            line=label,
                            fields=", ".join(missing),
                        )
                    )
            if line.action == "cancel" and not (line.reason or "").strip():
                raise UserError(
                    self.env._(
                        "Give the reason for cancelling task '%(task)s'.", task=line.task_id.name
                    )
                )

    def _task_values(self):
        self.ensure_one()
        values = {}
        for name in AMENDED_TASK_FIELDS:
            field = self._fields[name]
            value = self[name]
            values[name] = field.convert_to_write(value, self)
        return values

    def _apply(self):
        """Carry the changes out on the amended plan (from the issue action only)."""
        self._check_applicable()
        Task = self.env["cchc.task"]
        for line in self.sudo():
            amendment = line.plan_id
            original = amendment.amended_plan_id
            note = self.env._(
                "Amended by plan %(plan)s.",
                plan=amendment._get_html_link(title=amendment.display_name),
            )
            if line.action == "add":
                task = Task._cchc_workflow_create(
                    [dict(line._task_values(), plan_id=original.id, sequence=1000 + line.sequence)]
                )
                task.message_post(body=note, subtype_xmlid="mail.mt_note")
                line._cchc_workflow_write({"new_task_id": task.id})
            elif line.action == "change":
                line.task_id._cchc_workflow_write(line._task_values())
                line.task_id.message_post(body=note, subtype_xmlid="mail.mt_note")
            else:
                line.task_id._cchc_cancel_by_amendment(line.reason, amendment)
            line._cchc_workflow_write({"applied": True})
        for amendment in self.plan_id:
            original = amendment.amended_plan_id
            original.message_post(
                body=self.env._(
                    "Plan amended by %(plan)s: %(count)s change(s) now in effect. The "
                    "document issued as %(number)s is kept as it was issued.",
                    plan=amendment._get_html_link(title=amendment.display_name),
                    count=len(self.filtered(lambda line, a=amendment: line.plan_id == a)),
                    number=original.number,
                ),
                subtype_xmlid="mail.mt_note",
            )
