from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date, is_html_empty
from odoo.tools.translate import LazyTranslate

from .cchc_workflow_mixin import ALL, FROZEN_PLAN_STATES, boolean_filter_domain

_lt = LazyTranslate(__name__)

TASK_STATES = [
    ("todo", "To Do"),
    ("in_progress", "In Progress"),
    ("waiting", "Waiting Approval"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# How the periodic report writes a task's status where the official wording is not the
# label the screens show (the others print their label); translated by i18n/vi.po.
TASK_STATES_PRINTED = {
    "waiting": _lt("Carried out, awaiting acceptance"),
    "done": _lt("Completed"),
}

PRODUCT_TYPES = [
    ("article", "News or article"),
    ("video", "Video or clip"),
    ("publication", "Newsletter or handbook"),
    ("print", "Panel, banner, leaflet or poster"),
    ("post", "Social network post"),
    ("training", "Training class"),
    ("conference", "Conference or seminar"),
    ("event", "Contest or event"),
    ("document", "Plan or guidance document"),
    ("report", "Report"),
    ("other", "Other"),
]

# Fields that describe the assignment itself: only department heads (for tasks
# their department leads) and coordinators may change them. Staff record results.
PLANNING_FIELDS = {
    "name",
    "sequence",
    "plan_id",
    "description",
    "content_ids",
    "audience_ids",
    "channel_ids",
    "lead_department_id",
    "cooperating_department_ids",
    "responsible_user_ids",
    "date_start",
    "date_deadline",
    "product_type",
    "product_description",
    "authority",
    "budget_estimate",
    "active",
    "provincial_task_id",
    "assigned_company_ids",
}
RESULT_FIELDS = {"result_note", "output_ids", "evidence_attachment_ids"}

CLARITY_POINTS = [
    "clear_who",
    "clear_what",
    "clear_when",
    "clear_responsibility",
    "clear_product",
    "clear_authority",
]


class CchcTask(models.Model):
    _name = "cchc.task"
    _description = "CCHC Plan Task"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cchc.reminder.mixin",
        "cchc.workflow.mixin",
    ]
    _order = "date_deadline, sequence, id"
    _check_company_auto = True
    # Reminders (cchc.reminder.mixin): the responsible users before the deadline, the
    # head of the lead unit the day after it.
    _cchc_due_field = "date_deadline"
    _cchc_reminder_states = ("todo", "in_progress")
    _cchc_remind = "responsible_user_ids"
    _cchc_escalate = "lead_department_id.manager_id.user_id"
    _cchc_reminder_activity = "cchc_outreach.mail_act_cchc_task_reminder"
    _cchc_escalation_activity = "cchc_outreach.mail_act_cchc_task_escalation"
    _cchc_digest_activity_sections = {"cchc_outreach.mail_act_cchc_task_refused": "refused"}
    _cchc_finished_late_domain = (
        ("state", "in", ("waiting", "done")),
        ("completed_late", "=", True),
    )
    # Workflow guard (cchc.workflow.mixin): state, submitter, approver, dates and the
    # computed facts (lateness, 06 rõ points, reminder flags) are read-only, hence
    # written by the actions only. A closed task is frozen; the assignment of a task
    # freezes with its plan, which then changes only through an amending plan.
    _cchc_freeze_rules = (
        ("state", ("done", "cancelled"), ALL),
        ("plan_id.state", ("done", "cancelled"), ALL),
        ("plan_id.state", FROZEN_PLAN_STATES, frozenset(PLANNING_FIELDS)),
    )
    # Archiving (by the lead unit's head or a coordinator) is never frozen: no task is
    # deleted once it counts, it is archived, and the chatter records it.
    _cchc_always_writable = frozenset({"active"})

    name = fields.Char(string="Task", required=True, tracking=True)
    sequence = fields.Integer(default=10)
    # The company follows the plan: no company domain on the plan itself (a new task has
    # no company until its plan is chosen).
    plan_id = fields.Many2one(
        "cchc.plan",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('state', '=', 'draft'), ('amended_plan_id', '=', False)]",
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    description = fields.Html()
    content_ids = fields.Many2many("cchc.content", string="Contents")
    audience_ids = fields.Many2many("cchc.audience", string="Audiences")
    channel_ids = fields.Many2many("cchc.channel", string="Channels", check_company=True)
    lead_department_id = fields.Many2one(
        "hr.department",
        tracking=True,
        index=True,
        check_company=True,
        help="The unit in charge (chủ trì).",
    )
    cooperating_department_ids = fields.Many2many(
        "hr.department",
        "cchc_task_cooperating_department_rel",
        "task_id",
        "department_id",
        string="Cooperating Departments",
        check_company=True,
        help="Units that cooperate (phối hợp).",
    )
    responsible_user_ids = fields.Many2many(
        "res.users",
        "cchc_task_res_users_rel",
        "task_id",
        "user_id",
        string="Responsible Users",
        domain=[("share", "=", False)],
        tracking=True,
    )
    date_start = fields.Date(string="Start")
    date_deadline = fields.Date(string="Deadline", tracking=True, index=True)
    product_type = fields.Selection(PRODUCT_TYPES)
    product_description = fields.Char(
        string="Expected Product", help="e.g. 12 articles on the department's website"
    )
    authority = fields.Char(
        help="Who decides on and accepts the work (rõ thẩm quyền), e.g. Phó Giám đốc phụ trách."
    )
    budget_estimate = fields.Monetary()
    state = fields.Selection(
        TASK_STATES,
        string="Status",
        default="todo",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_states",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    cancel_reason = fields.Text(readonly=True, copy=False)
    completion_date = fields.Date(readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approval_date = fields.Date(readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False)
    result_note = fields.Html(string="Results", copy=False)
    output_ids = fields.One2many("cchc.task.output", "task_id", string="Outputs", copy=False)
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "cchc_task_evidence_attachment_rel",
        "task_id",
        "attachment_id",
        string="Evidence",
        copy=False,
    )
    # The province: a provincial task is assigned to departments (child companies); a
    # department's task names the provincial task it carries out. The province reads the
    # progress through cchc.province.task.progress, never the department's records.
    provincial_plan_id = fields.Many2one(related="plan_id.provincial_plan_id")
    provincial_task_id = fields.Many2one(
        "cchc.task",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('plan_id', '=', provincial_plan_id)]",
        help="The task of the provincial plan this task carries out.",
    )
    assigned_company_ids = fields.Many2many(
        "res.company",
        "cchc_task_assigned_company_rel",
        "task_id",
        "company_id",
        string="Assigned Departments",
        domain="[('id', 'child_of', company_id), ('id', '!=', company_id)]",
        help="On a provincial plan: the departments (child companies) that carry out this "
        "task in their own plans.",
    )
    province_progress_ids = fields.One2many(
        "cchc.province.task.progress", "provincial_task_id", string="Departments' Progress"
    )
    province_task_count = fields.Integer(
        string="Department Tasks", compute="_compute_province_counts"
    )
    province_done_count = fields.Integer(
        string="Department Tasks Done", compute="_compute_province_counts"
    )
    province_late_count = fields.Integer(
        string="Department Tasks Late", compute="_compute_province_counts"
    )
    province_open_count = fields.Integer(
        string="Department Tasks Open", compute="_compute_province_counts"
    )
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", search="_search_is_late")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_late",
        search="_search_is_overdue",
        help="Still open after its deadline.",
    )

    completed_late = fields.Boolean(compute="_compute_completed_late", store=True)
    clear_who = fields.Boolean(string="Who (rõ người)", compute="_compute_clarity", store=True)
    clear_what = fields.Boolean(string="What (rõ việc)", compute="_compute_clarity", store=True)
    clear_when = fields.Boolean(
        string="When (rõ thời gian)", compute="_compute_clarity", store=True
    )
    clear_responsibility = fields.Boolean(
        string="Responsibility (rõ trách nhiệm)", compute="_compute_clarity", store=True
    )
    clear_product = fields.Boolean(
        string="Product (rõ sản phẩm)", compute="_compute_clarity", store=True
    )
    clear_authority = fields.Boolean(
        string="Authority (rõ thẩm quyền)", compute="_compute_clarity", store=True
    )
    clarity_score = fields.Integer(string="Clarity (of 6)", compute="_compute_clarity", store=True)
    is_clear = fields.Boolean(
        string="Clear on 06 points", compute="_compute_clarity", store=True, index=True
    )
    clarity_missing = fields.Char(string="Missing Points", compute="_compute_clarity_missing")
    can_approve = fields.Boolean(compute="_compute_can_approve", search="_search_can_approve")
    can_plan = fields.Boolean(compute="_compute_can_approve")
    can_reset = fields.Boolean(compute="_compute_can_approve")
    is_my_department = fields.Boolean(
        string="In My Department",
        compute="_compute_is_my_department",
        search="_search_is_my_department",
    )
    active = fields.Boolean(default=True, tracking=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _group_expand_states(self, states, domain):
        return [key for key, _label in TASK_STATES if key != "cancelled"]

    @api.depends("state", "date_deadline", "completion_date")
    @api.depends_context("date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for task in self:
            task.is_overdue = bool(
                task.state in ("todo", "in_progress")
                and task.date_deadline
                and task.date_deadline < today
            )
            if not task.date_deadline or task.state == "cancelled":
                task.is_late = False
            elif task.state in ("waiting", "done"):
                task.is_late = bool(
                    task.completion_date and task.completion_date > task.date_deadline
                )
            else:
                task.is_late = task.date_deadline < today

    def _compute_province_counts(self):
        """Done / late / open department tasks per provincial task, in one query."""
        Progress = self.env["cchc.province.task.progress"].sudo()
        counts = (
            {
                task.id: (count, done, late)
                for task, count, done, late in Progress._read_group(
                    [("provincial_task_id", "in", self.ids)],
                    ["provincial_task_id"],
                    ["__count", "done_count:sum", "late_count:sum"],
                )
            }
            if self.ids
            else {}
        )
        for task in self:
            count, done, late = counts.get(task.id, (0, 0, 0))
            task.province_task_count = count
            task.province_done_count = done
            task.province_late_count = late
            task.province_open_count = count - done - late

    @api.constrains("provincial_task_id", "plan_id", "company_id")
    def _check_provincial_task_id(self):
        for task in self.filtered("provincial_task_id"):
            provincial = task.provincial_task_id.sudo()
            if provincial.plan_id != task.plan_id.provincial_plan_id.sudo():
                raise ValidationError(
                    self.env._(
                        "Task '%(task)s' can only carry out a task of the provincial plan "
                        "its own plan implements.",
                        task=task.name,
                    )
                )

    @api.constrains("assigned_company_ids", "company_id")
    def _check_assigned_company_ids(self):
        for task in self.filtered("assigned_company_ids"):
            departments = (
                self.env["res.company"]
                .sudo()
                .search([("id", "child_of", task.company_id.id), ("id", "!=", task.company_id.id)])
            )
            if task.assigned_company_ids - departments:
                raise ValidationError(
                    self.env._(
                        "Task '%(task)s' can only be assigned to departments of its own "
                        "province (child companies of %(company)s).",
                        task=task.name,
                        company=task.company_id.name,
                    )
                )

    def _search_is_overdue(self, operator, value):
        return boolean_filter_domain(
            operator,
            value,
            self._cchc_overdue_domain(),
            self.env._("Unsupported search on the Overdue filter."),
        )

    @api.depends("completion_date", "date_deadline")
    def _compute_completed_late(self):
        for task in self:
            task.completed_late = bool(
                task.completion_date
                and task.date_deadline
                and task.completion_date > task.date_deadline
            )

    @api.depends(
        "responsible_user_ids",
        "name",
        "description",
        "content_ids",
        "date_deadline",
        "lead_department_id",
        "product_type",
        "product_description",
        "authority",
    )
    def _compute_clarity(self):
        for task in self:
            task.clear_who = bool(task.responsible_user_ids)
            task.clear_what = bool(task.name) and (
                not is_html_empty(task.description) or bool(task.content_ids)
            )
            task.clear_when = bool(task.date_deadline)
            task.clear_responsibility = bool(task.lead_department_id)
            task.clear_product = bool(task.product_type and task.product_description)
            task.clear_authority = bool(task.authority)
            points = [key for key in CLARITY_POINTS if task[key]]
            task.clarity_score = len(points)
            task.is_clear = len(points) == len(CLARITY_POINTS)

    @api.depends(*CLARITY_POINTS)
    def _compute_clarity_missing(self):
        """Each missing point says what fills it (and where it is on the form)."""
        _ = self.env._
        hints = {
            "clear_who": _("Who (rõ người): choose the responsible users"),
            "clear_what": _(
                "What (rõ việc): write the description (Description tab) or choose the contents"
            ),
            "clear_when": _("When (rõ thời gian): set the deadline"),
            "clear_responsibility": _("Responsibility (rõ trách nhiệm): choose the lead unit"),
            "clear_product": _(
                "Product (rõ sản phẩm): choose the product type and describe the expected product"
            ),
            "clear_authority": _(
                "Authority (rõ thẩm quyền): say who decides on and accepts the work"
            ),
        }
        for task in self:
            task.clarity_missing = "; ".join(hints[key] for key in CLARITY_POINTS if not task[key])

    @api.depends_context("uid")
    @api.depends("state", "submitted_by_id", "lead_department_id", "plan_id.state", "cancel_reason")
    def _compute_can_approve(self):
        user = self.env.user
        is_head = user.has_group("cchc_outreach.group_cchc_head")
        is_coordinator = user.has_group("cchc_outreach.group_cchc_coordinator")
        departments = user.cchc_department_ids
        for task in self:
            may_plan = is_coordinator or (is_head and task.lead_department_id in departments)
            draft_plan = task.plan_id.state not in FROZEN_PLAN_STATES
            task.can_plan = may_plan and draft_plan and task.state not in ("done", "cancelled")
            task.can_reset = (
                may_plan and draft_plan and task.state == "cancelled" and not task.cancel_reason
            )
            task.can_approve = may_plan and task.state == "waiting" and task.submitted_by_id != user

    def _search_can_approve(self, operator, value):
        user = self.env.user
        domain = [("state", "=", "waiting"), ("submitted_by_id", "!=", user.id)]
        if not user.has_group("cchc_outreach.group_cchc_coordinator"):
            if not user.has_group("cchc_outreach.group_cchc_head"):
                domain = [("id", "=", False)]
            else:
                domain += [("lead_department_id", "in", user.cchc_department_ids.ids)]
        return boolean_filter_domain(
            operator, value, domain, self.env._("Unsupported search on the approval filter.")
        )

    @api.depends_context("uid")
    @api.depends("lead_department_id", "cooperating_department_ids")
    def _compute_is_my_department(self):
        departments = self.env.user.cchc_department_ids
        for task in self:
            task.is_my_department = bool(
                (task.lead_department_id | task.cooperating_department_ids) & departments
            )

    def _search_is_my_department(self, operator, value):
        ids = self.env.user.cchc_department_ids.ids
        domain = [
            "|",
            ("lead_department_id", "in", ids),
            ("cooperating_department_ids", "in", ids),
        ]
        return boolean_filter_domain(
            operator, value, domain, self.env._("Unsupported search on the department filter.")
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_deadline", "plan_id")
    def _check_dates(self):
        for task in self:
            if task.date_start and task.date_deadline and task.date_deadline < task.date_start:
                raise ValidationError(
                    self.env._(
                        "Task '%(task)s': the deadline %(deadline)s is before the start %(start)s.",
                        task=task.name,
                        deadline=task.date_deadline,
                        start=task.date_start,
                    )
                )
            plan = task.plan_id
            for label, day in (
                (self.env._("start"), task.date_start),
                (self.env._("deadline"), task.date_deadline),
            ):
                if day and not (plan.date_start <= day <= plan.date_end):
                    raise ValidationError(
                        self.env._(
                            "Task '%(task)s': the %(what)s %(day)s is outside the plan's "
                            "period (%(start)s – %(end)s).",
                            task=task.name,
                            what=label,
                            day=day,
                            start=plan.date_start,
                            end=plan.date_end,
                        )
                    )

    @api.constrains("lead_department_id", "cooperating_department_ids")
    def _check_cooperating_departments(self):
        for task in self:
            if task.lead_department_id in task.cooperating_department_ids:
                raise ValidationError(
                    self.env._(
                        "Task '%(task)s': %(department)s leads the task and cannot also "
                        "be a cooperating department.",
                        task=task.name,
                        department=task.lead_department_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Who may write what (cchc.workflow.mixin hooks)
    # ------------------------------------------------------------------
    def _cchc_check_create_access(self, vals_list):
        self._check_may_plan()

    def _cchc_check_write_access(self, names, vals):
        if names & PLANNING_FIELDS:
            self._check_may_plan()
        if "evidence_attachment_ids" in names:
            self._check_evidence_readable(vals["evidence_attachment_ids"])

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        tasks._cchc_notify_assigned({task: task.responsible_user_ids for task in tasks})
        return tasks

    def write(self, vals):
        before = (
            {task: task.responsible_user_ids for task in self}
            if "responsible_user_ids" in vals
            else None
        )
        result = super().write(vals)
        if not self.env.su and {"lead_department_id", "plan_id"} & set(vals):
            # Heads assign within their departments only: the new unit must be theirs too.
            self._check_may_plan()
        if before is not None:
            self._cchc_notify_assigned(
                {task: task.responsible_user_ids - before[task] for task in self}
            )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for task in self:
            if task.approved_by_id:
                raise UserError(
                    self.env._(
                        "Task '%(task)s' was approved and cannot be deleted. Archive it instead.",
                        task=task.name,
                    )
                )
        if not self.env.su:
            self._check_may_plan()

    def _check_may_plan(self):
        user = self.env.user
        if user.has_group("cchc_outreach.group_cchc_coordinator"):
            return
        departments = user.cchc_department_ids
        if not user.has_group("cchc_outreach.group_cchc_head") or any(
            task.lead_department_id not in departments for task in self
        ):
            raise AccessError(
                self.env._(
                    "Only the head of the lead department or a coordinator can plan, "
                    "assign or remove this task."
                )
            )

    def _check_evidence_readable(self, commands):
        """Evidence links only files the user may read (never someone else's upload)."""
        ids = set()
        for command in commands or []:
            if isinstance(command, int):
                ids.add(command)
            elif command[0] == fields.Command.LINK:
                ids.add(command[1])
            elif command[0] == fields.Command.SET:
                ids.update(command[2])
        attachments = self.env["ir.attachment"].browse(sorted(ids)).exists()
        if len(attachments) != len(ids):
            raise UserError(self.env._("An evidence file no longer exists."))
        try:
            # ir.attachment checks the access to the record each file belongs to
            attachments.check("read")
        except AccessError:
            raise AccessError(
                self.env._("You may only attach as evidence the files you are allowed to read.")
            )

    # ------------------------------------------------------------------
    # New work: the responsible users follow the task and are told
    # ------------------------------------------------------------------
    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """The responsible users follow their tasks (as Project's assignees do); the
        message telling them is :meth:`_cchc_notify_assigned`."""
        followers = super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)
        if "responsible_user_ids" not in updated_values:
            return followers
        ids = self._fields["responsible_user_ids"].convert_to_cache(
            updated_values["responsible_user_ids"], self.browse(), validate=False
        )
        users = self.env["res.users"].sudo().browse(ids)
        return followers + [
            (user.partner_id.id, default_subtype_ids, False)
            for user in users
            if user.active and user.partner_id
        ]

    def _cchc_notify_assigned(self, users_per_task):
        """Tell each newly responsible user of their new work, in their language and the
        way they chose to be notified (Odoo inbox or e-mail), as Project does: one
        message per user and plan (on the task, or on the plan when several of its
        tasks came at once: a plan copied or imported). Not while installing (demo
        data) nor for the user who assigned themselves."""
        if self.env.context.get("mail_auto_subscribe_no_notify") or not self.env.registry.ready:
            return
        per_user_plan = defaultdict(list)
        for task, users in users_per_task.items():
            for user in users.sudo():
                if user != self.env.user and user.active and not user.share:
                    per_user_plan[(user, task.plan_id)].append(task.id)
        for (user, plan), task_ids in per_user_plan.items():
            env = self.with_context(lang=user.lang or self.env.lang).sudo().env
            tasks = env["cchc.task"].browse(task_ids)
            plan = env["cchc.plan"].browse(plan.id)
            record = tasks if len(tasks) == 1 else plan
            body = env["ir.qweb"]._render(
                "cchc_outreach.message_task_assigned",
                {
                    "assignee_name": user.name,
                    "plan": plan,
                    "tasks": [
                        {
                            "name": task.name,
                            "url": f"{task.get_base_url()}/odoo/cchc.task/{task.id}",
                            "deadline": format_date(env, task.date_deadline),
                            "unit": task.lead_department_id.name or "",
                        }
                        for task in tasks
                    ],
                },
                minimal_qcontext=True,
            )
            if len(tasks) == 1:
                subject = env._("New task for you: %(task)s", task=tasks.name)
            else:
                subject = env._(
                    "%(count)s new tasks for you in %(plan)s",
                    count=len(tasks),
                    plan=plan.display_name,
                )
            record.message_notify(
                partner_ids=user.partner_id.ids,
                subject=subject,
                body=body,
                record_name=record.display_name,
                email_layout_xmlid="mail.mail_notification_layout",
                model_description=env["ir.model"]._get(record._name).display_name,
                mail_auto_delete=False,
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_start(self):
        self._cchc_check_state(("todo",))
        self._cchc_workflow_write({"state": "in_progress"})
        return True

    def action_submit(self):
        self._cchc_check_state(("todo", "in_progress"))
        for task in self:
            if is_html_empty(task.result_note) and not task.output_ids:
                raise UserError(
                    self.env._(
                        "Task '%(task)s': record its results or outputs before "
                        "submitting it for approval.",
                        task=task.name,
                    )
                )
        self._cchc_workflow_write(
            {
                "state": "waiting",
                "submitted_by_id": self.env.uid,
                "completion_date": fields.Date.context_today(self),
                "refusal_reason": False,
            }
        )
        for task in self.sudo():
            approver = task._get_approver()
            if approver:
                task.activity_schedule(
                    "cchc_outreach.mail_act_cchc_task_approval", user_id=approver.id
                )
        return True

    def _get_approver(self):
        """Head of the lead department, else the plan's responsible coordinator."""
        self.ensure_one()
        head = self.lead_department_id.manager_id.user_id
        if head and head != self.submitted_by_id:
            return head
        return self.plan_id.user_id

    def action_approve(self):
        self._cchc_check_state(("waiting",))
        for task in self:
            if task.submitted_by_id == self.env.user:
                raise UserError(
                    self.env._(
                        "Task '%(task)s': you submitted it yourself, so another head or "
                        "coordinator must approve it.",
                        task=task.name,
                    )
                )
            if not task.can_approve:
                raise AccessError(
                    self.env._(
                        "Task '%(task)s': only the head of the lead department or a "
                        "coordinator can approve it.",
                        task=task.name,
                    )
                )
        self._cchc_workflow_write(
            {
                "state": "done",
                "approved_by_id": self.env.uid,
                "approval_date": fields.Date.context_today(self),
            }
        )
        self.sudo().activity_feedback(
            ["cchc_outreach.mail_act_cchc_task_approval"] + self._cchc_reminder_activity_xmlids()
        )
        return True

    def action_refuse(self, reason):
        self._cchc_check_state(("waiting",))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for refusing the task."))
        for task in self:
            if not task.can_approve:
                raise AccessError(
                    self.env._(
                        "Task '%(task)s': only the head of the lead department or a "
                        "coordinator can refuse it.",
                        task=task.name,
                    )
                )
        submitters = {task.id: task.submitted_by_id for task in self}
        self._cchc_workflow_write(
            {"state": "in_progress", "refusal_reason": reason, "completion_date": False}
        )
        for task in self.sudo():
            task.activity_unlink(["cchc_outreach.mail_act_cchc_task_approval"])
            task.message_post(
                body=self.env._("Completion refused: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
            if submitters[task.id]:
                task.activity_schedule(
                    "cchc_outreach.mail_act_cchc_task_refused",
                    user_id=submitters[task.id].id,
                    note=reason,
                )
        return True

    def action_open_refuse_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Completion"),
            "res_model": "cchc.task.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_task_ids": self.ids},
        }

    def action_cancel(self):
        self._cchc_check_state(("todo", "in_progress", "waiting"))
        self._check_may_plan()
        frozen = self.filtered(lambda t: t.plan_id.state in FROZEN_PLAN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "Task '%(task)s' belongs to plan '%(plan)s', which is no longer a draft: "
                    "cancel it with an amending plan.",
                    task=frozen[0].name,
                    plan=frozen[0].plan_id.display_name,
                )
            )
        self._cchc_workflow_write({"state": "cancelled"})
        self.sudo().activity_unlink(
            ["cchc_outreach.mail_act_cchc_task_approval"] + self._cchc_reminder_activity_xmlids()
        )
        return True

    def action_reset(self):
        self._cchc_check_state(("cancelled",))
        self._check_may_plan()
        by_amendment = self.filtered("cancel_reason")
        if by_amendment:
            raise UserError(
                self.env._(
                    "Task '%(task)s' was cancelled by an amending plan: only another amending "
                    "plan can bring it back.",
                    task=by_amendment[0].name,
                )
            )
        frozen = self.filtered(lambda t: t.plan_id.state in FROZEN_PLAN_STATES)
        if frozen:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is no longer a draft: add the task again with an "
                    "amending plan.",
                    plan=frozen[0].plan_id.display_name,
                )
            )
        self._cchc_workflow_write({"state": "todo"})
        return True

    def _cchc_cancel_by_amendment(self, reason, amendment):
        """Cancelled by an issued amending plan (its issue action only)."""
        self._cchc_workflow_write({"state": "cancelled", "cancel_reason": reason})
        self.sudo().activity_unlink(
            ["cchc_outreach.mail_act_cchc_task_approval"] + self._cchc_reminder_activity_xmlids()
        )
        for task in self.sudo():
            task.message_post(
                body=self.env._(
                    "Cancelled by amending plan %(plan)s: %(reason)s",
                    plan=amendment._get_html_link(title=amendment.display_name),
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Where each role lands
    # ------------------------------------------------------------------
    @api.model
    def _cchc_home_action(self):
        """The app opens where the user's work is: the director on the units' dashboard,
        the coordinator on the plans, a head on what waits for his approval, a receiving
        officer on the feedback to classify, staff on their tasks."""
        user = self.env.user
        for group, xmlid in (
            ("group_cchc_manager", "cchc_dashboard_department_action"),
            ("group_cchc_coordinator", "cchc_plan_action"),
            ("group_cchc_head", "cchc_task_action_approval"),
            ("group_cchc_feedback_officer", "cchc_feedback_action_to_classify"),
        ):
            if user.has_group(f"cchc_outreach.{group}"):
                return self.env["ir.actions.act_window"]._for_xml_id(f"cchc_outreach.{xmlid}")
        return self.env["ir.actions.act_window"]._for_xml_id("cchc_outreach.cchc_task_action_my")
