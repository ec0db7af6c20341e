from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("issued", "Issued"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

OPEN_TASK_STATES = ("todo", "in_progress", "waiting")


class CchcPlan(models.Model):
    _name = "cchc.plan"
    _description = "CCHC Communication Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "cchc.reminder.mixin"]
    _order = "year desc, issue_date desc, id desc"
    _rec_names_search = ["name", "number"]
    _check_company_auto = True
    _cchc_due_field = "submission_deadline"

    name = fields.Char(string="Title", required=True, tracking=True)
    number = fields.Char(
        string="Number and Symbol",
        copy=False,
        tracking=True,
        index=True,
        help="Given from the company's yearly sequence when the plan is issued, "
        "e.g. 181/KH-SCT. Type it in to record a plan issued outside the system.",
    )
    doc_type_code = fields.Char(
        string="Document Type Symbol",
        required=True,
        default="KH",
        help="KH for a plan (kế hoạch); QĐ when the plan is issued with a decision.",
    )
    plan_type = fields.Selection(
        [
            ("cchc", "Administrative reform communication"),
            ("tthc", "Administrative procedure control and one-stop communication"),
            ("other", "Other"),
        ],
        required=True,
        default="cchc",
        tracking=True,
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    date_start = fields.Date(
        string="Period Start",
        compute="_compute_period",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_end = fields.Date(
        string="Period End",
        compute="_compute_period",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    superior_body = fields.Char(
        compute="_compute_company_defaults",
        store=True,
        readonly=False,
        precompute=True,
        help="Printed above the issuing body, e.g. UBND TỈNH ĐỒNG NAI.",
    )
    place = fields.Char(
        string="Place of Issue",
        compute="_compute_company_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    issue_date = fields.Date(copy=False, tracking=True)
    issue_year = fields.Integer(compute="_compute_issue_year", store=True)
    coordinating_department_id = fields.Many2one(
        "hr.department",
        tracking=True,
        index=True,
        help="Follows up the plan, urges the units and compiles the periodic reports.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    parent_id = fields.Many2one(
        "cchc.plan",
        string="Implements Plan",
        index=True,
        ondelete="restrict",
        help="The plan this one carries out (the department's plan for a unit's plan).",
    )
    child_ids = fields.One2many("cchc.plan", "parent_id", string="Sub-unit Plans")
    submission_deadline = fields.Date(
        string="Due to Parent By",
        tracking=True,
        help="Date by which this sub-unit plan must reach the parent plan's coordinator.",
    )
    legal_basis_ids = fields.One2many(
        "cchc.plan.legal.basis", "plan_id", string="Legal Bases", copy=True
    )
    objectives = fields.Html()
    requirements = fields.Html()
    target_ids = fields.One2many("cchc.plan.target", "plan_id", string="Targets", copy=True)
    audience_ids = fields.Many2many("cchc.audience", string="Audiences")
    content_ids = fields.Many2many("cchc.content", string="Contents")
    channel_ids = fields.Many2many("cchc.channel", string="Channels", check_company=True)
    audience_line_ids = fields.One2many(
        "cchc.plan.audience.line",
        "plan_id",
        string="Per-audience Sections",
        copy=True,
        help="Use when the plan splits contents and channels per audience.",
    )
    budget_text = fields.Html(string="Budget")
    budget_total = fields.Monetary(
        string="Estimated Total",
        compute="_compute_budget_total",
        store=True,
        help="Sum of the tasks' budget estimates.",
    )
    organization = fields.Html(string="Organisation")
    recipient_ids = fields.One2many(
        "cchc.plan.recipient", "plan_id", string="Distribution List", copy=True
    )
    signer_employee_id = fields.Many2one(
        "hr.employee", string="Signer", tracking=True, check_company=True
    )
    signer_name = fields.Char(
        compute="_compute_signer_name", store=True, readonly=False, precompute=True
    )
    signer_authority = fields.Selection(
        [
            ("none", "Signs in own name"),
            ("kt", "KT. (on behalf of the head)"),
            ("tl", "TL. (by order of the head)"),
            ("tm", "TM. (on behalf of the collective)"),
        ],
        string="Signing Authority",
        required=True,
        default="none",
    )
    signer_principal_title = fields.Char(
        string="Principal's Title",
        default="GIÁM ĐỐC",
        help="Title after the authority prefix, e.g. GIÁM ĐỐC in 'KT. GIÁM ĐỐC'.",
    )
    signer_title = fields.Char(string="Signer's Title", default="GIÁM ĐỐC")
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    task_ids = fields.One2many("cchc.task", "plan_id", string="Tasks")
    task_count = fields.Integer(compute="_compute_task_stats")
    task_done_count = fields.Integer(compute="_compute_task_stats")
    task_late_count = fields.Integer(compute="_compute_task_stats")
    progress = fields.Float(compute="_compute_task_stats", string="Progress (%)")
    involved_department_ids = fields.Many2many(
        "hr.department",
        "cchc_plan_involved_department_rel",
        "plan_id",
        "department_id",
        string="Involved Departments",
        compute="_compute_involved_department_ids",
        store=True,
        help="Coordinating department and the lead and cooperating departments of "
        "the tasks: their staff may read the plan.",
    )
    active = fields.Boolean(default=True, tracking=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("year")
    def _compute_period(self):
        for plan in self:
            if plan.year:
                plan.date_start = date(plan.year, 1, 1)
                plan.date_end = date(plan.year, 12, 31)

    @api.depends("company_id")
    def _compute_company_defaults(self):
        for plan in self:
            plan.superior_body = plan.superior_body or plan.company_id.cchc_superior_body
            plan.place = plan.place or plan.company_id.cchc_place

    @api.depends("issue_date")
    def _compute_issue_year(self):
        for plan in self:
            plan.issue_year = plan.issue_date.year if plan.issue_date else 0

    @api.depends("task_ids.budget_estimate", "task_ids.state")
    def _compute_budget_total(self):
        data = self.env["cchc.task"]._read_group(
            [("plan_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["plan_id"],
            ["budget_estimate:sum"],
        )
        totals = {plan.id: total for plan, total in data}
        for plan in self:
            plan.budget_total = totals.get(plan.id, 0.0)

    @api.depends("signer_employee_id")
    def _compute_signer_name(self):
        for plan in self:
            if plan.signer_employee_id:
                plan.signer_name = plan.signer_employee_id.sudo().name

    @api.depends(
        "coordinating_department_id",
        "task_ids.lead_department_id",
        "task_ids.cooperating_department_ids",
    )
    def _compute_involved_department_ids(self):
        for plan in self:
            tasks = plan.task_ids
            plan.involved_department_ids = (
                plan.coordinating_department_id
                | tasks.lead_department_id
                | tasks.cooperating_department_ids
            )

    def _compute_task_stats(self):
        today = fields.Date.context_today(self)
        Task = self.env["cchc.task"]
        counts = {}
        for plan, state, count in Task._read_group(
            [("plan_id", "in", self.ids), ("state", "!=", "cancelled")],
            ["plan_id", "state"],
            ["__count"],
        ):
            counts.setdefault(plan.id, {})[state] = count
        late = dict(
            Task._read_group(
                [
                    ("plan_id", "in", self.ids),
                    ("state", "in", OPEN_TASK_STATES),
                    ("date_deadline", "<", today),
                ],
                ["plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            by_state = counts.get(plan.id, {})
            total = sum(by_state.values())
            plan.task_count = total
            plan.task_done_count = by_state.get("done", 0)
            plan.task_late_count = late.get(plan, 0)
            plan.progress = 100.0 * plan.task_done_count / total if total else 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_start and plan.date_end and plan.date_start > plan.date_end:
                raise ValidationError(
                    self.env._(
                        "The period of plan '%(plan)s' ends before it starts.", plan=plan.name
                    )
                )
        # the tasks' start and deadline must stay within the period
        self.with_context(active_test=False).task_ids._check_dates()

    @api.constrains("number", "company_id", "issue_year", "doc_type_code")
    def _check_number_unique(self):
        for plan in self.filtered("number"):
            clash = self.with_context(active_test=False).search_count(
                [
                    ("id", "!=", plan.id),
                    ("company_id", "=", plan.company_id.id),
                    ("number", "=", plan.number),
                    ("issue_year", "=", plan.issue_year),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "The number %(number)s is already used by another plan of "
                        "%(company)s in the same year. Choose another number.",
                        number=plan.number,
                        company=plan.company_id.name,
                    )
                )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A plan cannot implement itself."))

    @api.constrains("submission_deadline", "parent_id")
    def _check_submission_deadline(self):
        for plan in self:
            if plan.submission_deadline and not plan.parent_id:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has a date due to its parent plan but no parent "
                        "plan.",
                        plan=plan.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        for plan in self:
            if plan.state != "draft" or plan.number or plan.issue_date:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' has been submitted or issued and cannot be "
                        "deleted. Cancel or archive it instead.",
                        plan=plan.display_name,
                    )
                )
        # deleting a plan deletes its tasks: never the work already approved
        done = (
            self.with_context(active_test=False)
            .sudo()
            .task_ids.filtered(lambda t: t.state == "done" or t.approved_by_id)
        )
        if done:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' has done tasks, such as '%(task)s', and cannot be "
                    "deleted. Archive it instead.",
                    plan=done[0].plan_id.display_name,
                    task=done[0].name,
                )
            )

    def _compute_display_name(self):
        for plan in self:
            plan.display_name = (
                f"{plan.number} – {plan.name}" if plan.number else plan.name or ""
            )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for plan in self:
            if plan.state not in allowed:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' is %(state)s: it cannot be %(action)s.",
                        plan=plan.display_name,
                        state=dict(plan._fields["state"]._description_selection(self.env))[
                            plan.state
                        ],
                        action=action,
                    )
                )

    def _check_group(self, xmlid, message):
        if not self.env.su and not self.env.user.has_group(xmlid):
            raise UserError(message)

    def action_submit(self):
        self._check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators can submit a plan."),
        )
        self._check_state(("draft",), self.env._("submitted"))
        for plan in self:
            if not plan.coordinating_department_id:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' needs a coordinating department before it is "
                        "submitted.",
                        plan=plan.display_name,
                    )
                )
            tasks = plan.task_ids.filtered(lambda t: t.state != "cancelled")
            if not tasks:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' has no task: add its tasks before submitting it.",
                        plan=plan.display_name,
                    )
                )
            unclear = tasks.filtered(lambda t: not t.is_clear)
            if unclear:
                lines = "\n".join(
                    f"- {task.name}: {task.clarity_missing}" for task in unclear
                )
                raise UserError(
                    self.env._(
                        "Every task must be clear on the six points (06 rõ) before the "
                        "plan is submitted. Missing:\n%(lines)s",
                        lines=lines,
                    )
                )
        self.write({"state": "submitted"})
        for plan in self:
            signer_user = plan.signer_employee_id.sudo().user_id
            if signer_user:
                plan.activity_schedule(
                    "cchc_outreach.mail_act_cchc_plan_issue", user_id=signer_user.id
                )
        return True

    def _next_number(self):
        """Number and symbol from the company's yearly sequence: 07/KH-SCT."""
        self.ensure_one()
        seq = self.env["ir.sequence"]._cchc_next_company_number(
            "cchc.plan", "cchc_outreach.seq_cchc_plan", self.company_id, self.issue_date
        )
        code = self.company_id.cchc_issuer_code
        symbol = f"{self.doc_type_code}-{code}" if code else self.doc_type_code
        return f"{seq}/{symbol}"

    def action_issue(self):
        self._check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can issue a plan."),
        )
        self._check_state(("submitted",), self.env._("issued"))
        for plan in self:
            vals = {"state": "issued"}
            if not plan.issue_date:
                vals["issue_date"] = fields.Date.context_today(plan)
                plan.issue_date = vals["issue_date"]
            if not plan.number:
                vals["number"] = plan._next_number()
            plan.write(vals)
        self.activity_feedback(["cchc_outreach.mail_act_cchc_plan_issue"])
        self._cchc_close_reminders()
        return True

    def action_done(self):
        self._check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can close a plan."),
        )
        self._check_state(("issued",), self.env._("closed"))
        for plan in self:
            open_tasks = plan.task_ids.filtered(lambda t: t.state in OPEN_TASK_STATES)
            if open_tasks:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' still has %(count)s open task(s): finish or "
                        "cancel them first.",
                        plan=plan.display_name,
                        count=len(open_tasks),
                    )
                )
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can cancel a plan."),
        )
        self._check_state(("draft", "submitted", "issued"), self.env._("cancelled"))
        self.write({"state": "cancelled"})
        self.activity_unlink(["cchc_outreach.mail_act_cchc_plan_issue"])
        self._cchc_close_reminders(feedback=False)
        return True

    def action_draft(self):
        self._check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators can set a plan back to draft."),
        )
        self._check_state(("submitted", "cancelled"), self.env._("set back to draft"))
        self.write({"state": "draft"})
        self.activity_unlink(["cchc_outreach.mail_act_cchc_plan_issue"])
        return True

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_outreach.cchc_task_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    def _cchc_reminder_activity_xmlids(self):
        return [
            "cchc_outreach.mail_act_cchc_plan_due",
            "cchc_outreach.mail_act_cchc_plan_late",
        ]

    @api.model
    def _cchc_send_reminders(self, today):
        """Sub-unit plans not yet issued: remind before, escalate after their due date."""
        open_states = ("draft", "submitted")
        reminders = self._cchc_schedule_activities(
            "cchc_outreach.mail_act_cchc_plan_due",
            """
            SELECT plan.id AS res_id, plan.user_id, plan.submission_deadline AS date_deadline
              FROM cchc_plan plan
              JOIN res_company company ON company.id = plan.company_id
              JOIN res_users usr ON usr.id = plan.user_id AND usr.active
             WHERE plan.active AND plan.parent_id IS NOT NULL
               AND plan.state IN %(states)s
               AND plan.cchc_reminder_sent IS NOT TRUE
               AND plan.submission_deadline >= %(today)s
               AND plan.submission_deadline
                   <= %(today)s + COALESCE(company.cchc_reminder_days, 3)
            """,
            {"states": open_states, "today": today},
            "cchc_reminder_sent",
        )
        escalations = self._cchc_schedule_activities(
            "cchc_outreach.mail_act_cchc_plan_late",
            """
            SELECT plan.id AS res_id, head.user_id, %(today)s AS date_deadline
              FROM cchc_plan plan
              JOIN cchc_plan parent ON parent.id = plan.parent_id
              JOIN hr_department dep
                ON dep.id = COALESCE(parent.coordinating_department_id,
                                     plan.coordinating_department_id)
              JOIN hr_employee head ON head.id = dep.manager_id
              JOIN res_users usr ON usr.id = head.user_id AND usr.active
             WHERE plan.active
               AND plan.state IN %(states)s
               AND plan.cchc_escalation_sent IS NOT TRUE
               AND plan.submission_deadline < %(today)s
            """,
            {"states": open_states, "today": today},
            "cchc_escalation_sent",
        )
        return reminders + escalations

