from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext, is_html_empty

from .cchc_report_feedback_line import FEEDBACK_CHANNELS
from .cchc_task_output import OUTPUT_METRIC_UNITS
from .cchc_workflow_mixin import ALL, trusted

REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("consolidated", "Consolidated"),
    ("approved", "Approved"),
]
PERIOD_KINDS = [
    ("q1", "Quarter I"),
    ("h1", "6 Months"),
    ("m9", "9 Months"),
    ("q3", "Quarter III"),
    ("year", "Year"),
    ("custom", "Custom"),
]
SCOPES = [
    ("unit", "Unit report"),
    ("consolidated", "Department report (consolidated)"),
]
# Once submitted, a report is frozen; the coordinator's reopening action is logged.
FROZEN_REPORT_STATES = ("submitted", "consolidated", "approved")
PLAN_STATES_REPORTABLE = ("issued", "done")

REPORT_ACTION = "cchc_outreach.report_cchc_report"


class CchcReport(models.Model):
    _name = "cchc.report"
    _description = "CCHC Periodic Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cchc.reminder.mixin",
        "cchc.document.mixin",
        "cchc.workflow.mixin",
    ]
    _order = "date_to desc, scope desc, id desc"
    _check_company_auto = True
    # Workflow guard (cchc.workflow.mixin): number, document date, submitter, approver,
    # compiled figures and links are written by the actions only; submitted = frozen.
    _cchc_protected_fields = frozenset(
        {
            "number",
            "report_date",
            "submitted_by_id",
            "approved_by_id",
            "compiled_on",
            "consolidated_report_id",
            "task_line_ids",
            "channel_line_ids",
            "feedback_line_ids",
            "target_line_ids",
            "department_line_ids",
        }
    )
    _cchc_freeze_rules = (("state", FROZEN_REPORT_STATES, ALL),)
    _cchc_always_writable = frozenset()
    # Reminders (cchc.reminder.mixin): a draft report reminds its responsible before
    # its due date, then tells the head of the plan's coordinating unit; coordinators
    # see it in their digest.
    _cchc_due_field = "due_date"
    _cchc_reminder_states = ("draft",)
    _cchc_remind = "user_id"
    _cchc_escalate = "plan_id.coordinating_department_id.manager_id.user_id"
    _cchc_reminder_activity = "cchc_outreach.mail_act_cchc_report_due"
    _cchc_escalation_activity = "cchc_outreach.mail_act_cchc_report_late"
    _cchc_lead_days_field = "cchc_report_reminder_days"
    _cchc_lead_days_default = 5
    _cchc_digest_watchers = "cchc_outreach.group_cchc_coordinator"

    name = fields.Char(compute="_compute_name", store=True, readonly=True, precompute=True)
    plan_id = fields.Many2one(
        "cchc.plan",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('state', 'in', ('issued', 'done'))]",
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="unit",
        help="A unit reports its own tasks and feedback; the coordinating unit "
        "consolidates the report of the whole department, which includes the unit reports.",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Unit",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The reporting unit; for a department report, the coordinating unit that compiles it.",
    )
    period_kind = fields.Selection(PERIOD_KINDS, string="Period", required=True, default="q1")
    year = fields.Integer(
        compute="_compute_year", store=True, readonly=False, precompute=True, required=True
    )
    date_from = fields.Date(
        string="Data From",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_to = fields.Date(
        string="Data To",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    due_date = fields.Date(
        compute="_compute_due_date",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Date by which the report must be submitted (the company's due day of the "
        "period's last month by default).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
        help="Gets the reminder before the due date.",
    )
    state = fields.Selection(
        REPORT_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    number = fields.Char(
        string="Number and Symbol",
        copy=False,
        readonly=True,
        tracking=True,
        help="Given from the company's yearly sequence when the department report is "
        "approved, e.g. 12/BC-SCT.",
    )
    report_date = fields.Date(
        string="Document Date",
        copy=False,
        readonly=True,
        tracking=True,
        help="Date printed on the report; set when a unit report is submitted or the "
        "department report approved.",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    compiled_on = fields.Datetime(readonly=True, copy=False)
    assessment = fields.Html(string="General Assessment")
    difficulties = fields.Html()
    proposals = fields.Html()
    signer_employee_id = fields.Many2one(
        compute="_compute_signer",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    signer_authority = fields.Selection(
        compute="_compute_signer", store=True, readonly=False, precompute=True
    )
    signer_principal_title = fields.Char(
        compute="_compute_signer", store=True, readonly=False, precompute=True
    )
    signer_title = fields.Char(
        compute="_compute_signer", store=True, readonly=False, precompute=True
    )
    recipient_text = fields.Text(
        string="Distribution List",
        compute="_compute_recipient_text",
        store=True,
        readonly=False,
        precompute=True,
        help="One recipient a line; '(b/c)' for report. The last line is the archive, "
        "e.g. Lưu: VT, KH.",
    )
    task_line_ids = fields.One2many("cchc.report.task.line", "report_id", string="Tasks")
    channel_line_ids = fields.One2many(
        "cchc.report.channel.line", "report_id", string="Outputs by Channel"
    )
    feedback_line_ids = fields.One2many(
        "cchc.report.feedback.line", "report_id", string="Feedback by Channel"
    )
    target_line_ids = fields.One2many("cchc.report.target.line", "report_id", string="Targets")
    # A provincial plan's report: the departments' reports of the same period, compiled.
    department_line_ids = fields.One2many(
        "cchc.report.department.line", "report_id", string="Departments"
    )
    is_provincial = fields.Boolean(related="plan_id.is_provincial")
    consolidated_report_id = fields.Many2one(
        "cchc.report",
        string="Included in",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The department report that includes this unit report.",
    )
    unit_report_ids = fields.One2many(
        "cchc.report", "consolidated_report_id", string="Unit Reports", readonly=True
    )
    missing_department_ids = fields.Many2many(
        "hr.department",
        string="Units Not Reported",
        compute="_compute_missing_department_ids",
        help="Units leading tasks of the plan that have not submitted their report for "
        "this period.",
    )
    task_count = fields.Integer(string="Tasks Reported", compute="_compute_totals", store=True)
    task_done_count = fields.Integer(string="Tasks Done", compute="_compute_totals", store=True)
    task_in_progress_count = fields.Integer(
        string="Tasks In Progress", compute="_compute_totals", store=True
    )
    task_todo_count = fields.Integer(
        string="Tasks Not Started", compute="_compute_totals", store=True
    )
    task_late_count = fields.Integer(string="Late Tasks", compute="_compute_totals", store=True)
    output_count = fields.Integer(string="Outputs", compute="_compute_totals", store=True)
    feedback_received_count = fields.Integer(
        string="Feedback Received", compute="_compute_totals", store=True
    )
    feedback_on_time_count = fields.Integer(
        string="Feedback Answered on Time", compute="_compute_totals", store=True
    )
    feedback_late_count = fields.Integer(
        string="Feedback Late", compute="_compute_totals", store=True
    )
    target_count = fields.Integer(string="Number of Targets", compute="_compute_totals", store=True)
    target_achieved_count = fields.Integer(
        string="Targets Achieved", compute="_compute_totals", store=True
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "period_kind", "year", "date_from", "date_to", "scope", "department_id", "company_id"
    )
    def _compute_name(self):
        kinds = dict(self._fields["period_kind"]._description_selection(self.env))
        for report in self:
            if report.period_kind == "custom":
                period = self.env._(
                    "%(start)s – %(end)s",
                    start=self._cchc_doc_short_date(report.date_from),
                    end=self._cchc_doc_short_date(report.date_to),
                )
            else:
                period = f"{kinds.get(report.period_kind, '')} {report.year or ''}".strip()
            if report.scope == "consolidated":
                who = report.company_id.name or self.env._("Department")
            else:
                who = report.department_id.name or self.env._("Unit")
            report.name = f"{period} – {who}"

    @api.depends("scope", "plan_id")
    def _compute_department_id(self):
        for report in self:
            if report.scope == "consolidated":
                report.department_id = report.plan_id.coordinating_department_id
            elif not report.department_id:
                report.department_id = self.env.user.employee_id.department_id

    @api.depends("plan_id")
    def _compute_year(self):
        for report in self:
            if not report.year:
                report.year = report.plan_id.year or fields.Date.context_today(self).year

    @api.depends("period_kind", "year", "company_id")
    def _compute_period(self):
        for report in self:
            if report.period_kind != "custom" and report.year and report.company_id:
                report.date_from, report.date_to = report.company_id._cchc_report_period(
                    report.period_kind, report.year
                )
            else:
                report.date_from = report.date_from
                report.date_to = report.date_to

    @api.depends("date_to", "company_id")
    def _compute_due_date(self):
        for report in self:
            report.due_date = (
                report.company_id._cchc_report_due_date(report.date_to)
                if report.company_id
                else False
            )

    @api.depends("scope", "plan_id", "department_id")
    def _compute_signer(self):
        for report in self:
            if report.scope == "consolidated":
                plan = report.plan_id
                report.signer_employee_id = plan.signer_employee_id
                report.signer_authority = plan.signer_authority or "none"
                report.signer_principal_title = plan.signer_principal_title
                report.signer_title = plan.signer_title
            else:
                head = report.department_id.manager_id
                report.signer_employee_id = head
                report.signer_authority = "none"
                report.signer_principal_title = False
                report.signer_title = (head.sudo().job_title or "").upper() or "TRƯỞNG PHÒNG"

    @api.depends("scope", "plan_id", "department_id")
    def _compute_recipient_text(self):
        for report in self:
            if report.scope == "consolidated":
                report.recipient_text = "UBND tỉnh (b/c)\nSở Nội vụ (b/c)\nLãnh đạo Sở\nLưu: VT"
            else:
                coordinating = report.plan_id.coordinating_department_id.name
                lines = ["Lãnh đạo Sở (b/c)"]
                if coordinating and coordinating != report.department_id.name:
                    lines.append(coordinating)
                lines.append(f"Lưu: {report.department_id.name or 'VT'}")
                report.recipient_text = "\n".join(lines)

    @api.depends(
        "task_line_ids.status",
        "task_line_ids.is_late",
        "task_line_ids.output_count",
        "feedback_line_ids.received_count",
        "feedback_line_ids.on_time_count",
        "feedback_line_ids.late_count",
        "target_line_ids.achieved",
    )
    def _compute_totals(self):
        for report in self:
            statuses = report.task_line_ids.mapped("status")
            report.task_count = len(statuses)
            report.task_done_count = statuses.count("done")
            report.task_todo_count = statuses.count("todo")
            report.task_in_progress_count = (
                report.task_count - report.task_done_count - report.task_todo_count
            )
            report.task_late_count = len(report.task_line_ids.filtered("is_late"))
            report.output_count = sum(report.task_line_ids.mapped("output_count"))
            feedback = report.feedback_line_ids
            report.feedback_received_count = sum(feedback.mapped("received_count"))
            report.feedback_on_time_count = sum(feedback.mapped("on_time_count"))
            report.feedback_late_count = sum(feedback.mapped("late_count"))
            report.target_count = len(report.target_line_ids)
            report.target_achieved_count = len(report.target_line_ids.filtered("achieved"))

    @api.depends("scope", "plan_id", "date_from", "date_to")
    def _compute_missing_department_ids(self):
        Department = self.env["hr.department"]
        for report in self:
            if report.scope != "consolidated" or not report.plan_id:
                report.missing_department_ids = Department
                continue
            leads = Department.browse(
                department.id
                for [department] in self.env["cchc.task"]
                .sudo()
                ._read_group(
                    [
                        ("plan_id", "=", report.plan_id.id),
                        ("state", "!=", "cancelled"),
                        ("lead_department_id", "!=", False),
                    ],
                    ["lead_department_id"],
                )
            )
            reported = (
                self.sudo()
                .search(
                    [
                        ("plan_id", "=", report.plan_id.id),
                        ("scope", "=", "unit"),
                        ("date_from", "=", report.date_from),
                        ("date_to", "=", report.date_to),
                        ("state", "!=", "draft"),
                    ]
                )
                .department_id
            )
            covered = Department
            if reported:
                covered = Department.sudo().search([("id", "child_of", reported.ids)])
            report.missing_department_ids = leads - covered

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for report in self:
            if report.date_from and report.date_to and report.date_from > report.date_to:
                raise ValidationError(
                    self.env._(
                        "Report '%(report)s': the period ends before it starts.",
                        report=report.display_name,
                    )
                )

    @api.constrains("plan_id")
    def _check_plan_state(self):
        for report in self:
            if report.plan_id.state not in PLAN_STATES_REPORTABLE:
                raise ValidationError(
                    self.env._(
                        "Plan '%(plan)s' has not been issued: only issued plans are reported on.",
                        plan=report.plan_id.display_name,
                    )
                )

    @api.constrains("scope", "department_id", "plan_id", "date_from", "date_to", "active")
    def _check_unique_period(self):
        for report in self:
            if report.scope == "unit" and not report.department_id:
                raise ValidationError(self.env._("A unit report needs its unit."))
            if not report.active:
                continue
            domain = [
                ("id", "!=", report.id),
                ("plan_id", "=", report.plan_id.id),
                ("scope", "=", report.scope),
                ("date_from", "=", report.date_from),
                ("date_to", "=", report.date_to),
            ]
            if report.scope == "unit":
                domain.append(("department_id", "=", report.department_id.id))
            if self.sudo().search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "There is already a report '%(report)s' for this plan and period.",
                        report=report.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports._cchc_compile()
        return reports

    def _cchc_check_create_access(self, vals_list):
        if any(report.scope == "consolidated" for report in self):
            self._check_coordinator(self.env._("Only coordinators prepare the department report."))

    def _cchc_check_write_access(self, names, vals):
        touches_consolidated = vals.get("scope") == "consolidated" or any(
            r.scope == "consolidated" for r in self
        )
        if touches_consolidated:
            self._check_coordinator(self.env._("Only coordinators prepare the department report."))
        if names & {"due_date", "user_id", "plan_id", "department_id", "period_kind", "year"}:
            self._check_unit_head(
                self.env._(
                    "Only the head of the unit or a coordinator can change what a report "
                    "covers, who answers for it and when it is due."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        for report in self:
            if report.state != "draft" or report.number:
                raise UserError(
                    self.env._(
                        "Report '%(report)s' has been submitted and cannot be deleted. "
                        "Archive it instead.",
                        report=report.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Permissions
    # ------------------------------------------------------------------
    def _is_coordinator(self):
        return self.env.su or self.env.user.has_group("cchc_outreach.group_cchc_coordinator")

    def _check_coordinator(self, message):
        if not self._is_coordinator():
            raise AccessError(message)

    def _check_unit_head(self, message):
        """Heads of the report's unit (or of a unit above it), or coordinators."""
        if self._is_coordinator():
            return
        user = self.env.user
        departments = user.cchc_department_ids
        if not user.has_group("cchc_outreach.group_cchc_head") or any(
            report.department_id not in departments for report in self
        ):
            raise AccessError(message)

    def _check_scope(self, scope, message):
        if any(report.scope != scope for report in self):
            raise UserError(message)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_compile(self):
        """Recompile a draft from the work recorded in its dates."""
        self._cchc_check_state(("draft",))
        self.check_access("write")
        self._cchc_compile()
        return True

    def action_submit(self):
        self._check_scope(
            "unit",
            self.env._("A department report is consolidated by the coordinator, not submitted."),
        )
        self._cchc_check_state(("draft",))
        self._check_unit_head(
            self.env._("Only the head of the unit or a coordinator can submit its report.")
        )
        self._cchc_compile()
        today = fields.Date.context_today(self)
        for report in self:
            report._cchc_workflow_write(
                {
                    "state": "submitted",
                    "submitted_by_id": self.env.uid,
                    "report_date": report.report_date or today,
                }
            )
        self.sudo()._cchc_close_reminders()
        return True

    def action_consolidate(self):
        self._check_scope(
            "consolidated", self.env._("Only a department report can be consolidated.")
        )
        self._check_coordinator(self.env._("Only coordinators consolidate the department report."))
        self._cchc_check_state(("draft",))
        self._cchc_compile()
        self._cchc_workflow_write({"state": "consolidated"})
        self.unit_report_ids._cchc_workflow_write({"state": "consolidated"})
        self.sudo()._cchc_close_reminders()
        for report in self.sudo():
            approver = report.signer_employee_id.user_id
            if approver:
                report.activity_schedule(
                    "cchc_outreach.mail_act_cchc_report_approval", user_id=approver.id
                )
        return True

    def action_approve(self):
        self._check_scope(
            "consolidated",
            self.env._("Unit reports are approved with the department report that includes them."),
        )
        if not (self.env.su or self.env.user.has_group("cchc_outreach.group_cchc_manager")):
            raise AccessError(self.env._("Only the director (manager) approves the report."))
        self._cchc_check_state(("consolidated",))
        today = fields.Date.context_today(self)
        for report in self:
            vals = {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "report_date": report.report_date or today,
            }
            if not report.number:
                vals["number"] = report.sudo()._next_number(vals["report_date"])
            report._cchc_workflow_write(vals)
        self.unit_report_ids._cchc_workflow_write({"state": "approved"})
        self.sudo().activity_feedback(["cchc_outreach.mail_act_cchc_report_approval"])
        return True

    def action_draft(self):
        """Reopen a submitted or consolidated report: the coordinator's action, logged."""
        self._check_coordinator(self.env._("Only coordinators can reopen a submitted report."))
        self._cchc_check_state(("submitted", "consolidated"))
        included = self.filtered(lambda r: r.scope == "unit" and r.state == "consolidated")
        if included:
            raise UserError(
                self.env._(
                    "Report '%(report)s' is included in the department report: reopen "
                    "that one first.",
                    report=included[0].display_name,
                )
            )
        units = self.unit_report_ids.filtered(lambda r: r.state == "consolidated")
        self._cchc_workflow_write({"state": "draft"})
        units._cchc_workflow_write({"state": "submitted"})
        self.sudo().activity_unlink(["cchc_outreach.mail_act_cchc_report_approval"])
        for report in self.sudo():
            report.message_post(
                body=self.env._("Reopened as a draft by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_create_unit_reports(self):
        """Draft a report for every unit leading tasks of the plan that has none yet
        (a unit's report covers its sub-units)."""
        self.ensure_one()
        self._check_scope(
            "consolidated", self.env._("Unit reports are prepared from the department report.")
        )
        self._check_coordinator(self.env._("Only coordinators prepare the unit reports."))
        existing = (
            self.sudo()
            .search(
                [
                    ("plan_id", "=", self.plan_id.id),
                    ("scope", "=", "unit"),
                    ("date_from", "=", self.date_from),
                    ("date_to", "=", self.date_to),
                ]
            )
            .department_id
        )
        leads = (
            self.env["cchc.task"]
            .sudo()
            ._read_group(
                [
                    ("plan_id", "=", self.plan_id.id),
                    ("state", "!=", "cancelled"),
                    ("lead_department_id", "!=", False),
                ],
                ["lead_department_id"],
            )
        )
        lead_ids = {department.id for [department] in leads}
        vals_list = []
        for [department] in leads:
            # A unit's report covers its sub-units: none for a sub-unit of a lead unit.
            ancestors = {int(x) for x in (department.parent_path or "").split("/")[:-2]}
            if department in existing or ancestors & lead_ids:
                continue
            vals_list.append(
                {
                    "plan_id": self.plan_id.id,
                    "scope": "unit",
                    "department_id": department.id,
                    "period_kind": self.period_kind,
                    "year": self.year,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "due_date": self.due_date,
                    "user_id": (department.manager_id.user_id or self.env.user).id,
                }
            )
        reports = self.create(vals_list)
        action = self.env["ir.actions.act_window"]._for_xml_id("cchc_outreach.cchc_report_action")
        action["domain"] = [
            ("plan_id", "=", self.plan_id.id),
            ("date_from", "=", self.date_from),
            ("date_to", "=", self.date_to),
        ]
        action["context"] = {"created_ids": reports.ids}
        return action

    def _next_number(self, day=None):
        """Number and symbol from the company's yearly report sequence: 12/BC-SCT."""
        self.ensure_one()
        day = day or self.report_date
        seq = self.env["ir.sequence"]._cchc_next_company_number(
            "cchc.report", "cchc_outreach.seq_cchc_report", self.company_id, day
        )
        return f"{seq}/{self._cchc_doc_symbol()}"

    def _cchc_doc_symbol(self):
        self.ensure_one()
        code = self.company_id.cchc_issuer_code
        return f"BC-{code}" if code else "BC"

    # ------------------------------------------------------------------
    # Compilation
    # ------------------------------------------------------------------
    def _cchc_scope_departments(self):
        """The unit and its sub-units (a unit report), or nothing (the whole company)."""
        self.ensure_one()
        if self.scope != "unit":
            return None
        return (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", self.department_id.id)])
        )

    def _cchc_task_domain(self):
        """Tasks of the report: not cancelled, under way during the period, or with
        outputs recorded in it."""
        self.ensure_one()
        domain = [("plan_id", "=", self.plan_id.id), ("state", "!=", "cancelled")]
        if self.scope == "unit":
            domain.append(("lead_department_id", "child_of", self.department_id.id))
        alive = [
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", self.date_to),
            "|",
            ("completion_date", "=", False),
            ("completion_date", ">=", self.date_from),
        ]
        with_outputs = [
            (
                "output_ids",
                "any",
                [("date", ">=", self.date_from), ("date", "<=", self.date_to)],
            )
        ]
        return expression.AND([domain, expression.OR([alive, with_outputs])])

    def _cchc_compile(self):
        """Snapshot the recorded work of the period into the report's lines.

        Set-based: a fixed number of queries per report (tasks, outputs per task and
        channel, links, evidence counts, feedback per channel, targets), whatever the
        number of tasks and feedback records.
        """
        lang = self._cchc_report_lang()
        for report in self.sudo().with_context(lang=lang):
            if report.state != "draft":
                raise UserError(
                    self.env._(
                        "Report '%(report)s' is frozen: it cannot be recompiled.",
                        report=report.display_name,
                    )
                )
            with trusted():
                report._cchc_compile_one()
        return True

    def _cchc_compile_one(self):
        self.ensure_one()
        self.env.flush_all()
        today = fields.Date.context_today(self)
        reference = min(self.date_to, today)
        task_lines, output_groups = self._cchc_compile_tasks(reference)
        channel_lines = self._cchc_compile_channels(output_groups)
        feedback_lines = self._cchc_compile_feedback(reference)
        target_lines = self._cchc_compile_targets() if self.scope == "consolidated" else []
        department_lines = []
        if self.scope == "consolidated" and self.plan_id.is_provincial:
            department_reports = self._cchc_department_reports()
            department_lines = self._cchc_compile_departments(department_reports)
            channel_lines = self._cchc_merge_lines(
                channel_lines,
                department_reports.channel_line_ids,
                ("channel_name", "metric"),
                ("quantity", "output_count", "task_count"),
            )
            feedback_lines = self._cchc_merge_lines(
                feedback_lines,
                department_reports.feedback_line_ids,
                ("channel",),
                (
                    "received_count",
                    "answered_count",
                    "on_time_count",
                    "answered_late_count",
                    "pending_count",
                    "overdue_count",
                    "late_count",
                    "other_count",
                ),
            )
            self._cchc_roll_up_task_lines(task_lines, reference)
        for old_lines in (
            self.task_line_ids,
            self.channel_line_ids,
            self.feedback_line_ids,
            self.target_line_ids,
            self.department_line_ids,
        ):
            old_lines.unlink()
        for model, vals_list in (
            ("cchc.report.task.line", task_lines),
            ("cchc.report.channel.line", channel_lines),
            ("cchc.report.feedback.line", feedback_lines),
            ("cchc.report.target.line", target_lines),
            ("cchc.report.department.line", department_lines),
        ):
            for vals in vals_list:
                vals["report_id"] = self.id
            self.env[model].create(vals_list)
        vals = {"compiled_on": fields.Datetime.now()}
        if self.scope == "consolidated":
            vals.update(self._cchc_link_unit_reports(department_lines))
        self.write(vals)

    def _cchc_compile_tasks(self, reference):
        Task = self.env["cchc.task"]
        Output = self.env["cchc.task.output"]
        tasks = Task.search_fetch(
            self._cchc_task_domain(),
            [
                "name",
                "lead_department_id",
                "state",
                "date_deadline",
                "completion_date",
                "product_description",
                "result_note",
            ],
            order="sequence, date_deadline, id",
        )
        if not tasks:
            return [], []
        period = [
            ("task_id", "in", tasks.ids),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        groups = Output._read_group(
            period, ["task_id", "channel_id", "metric"], ["quantity:sum", "__count"]
        )
        links = {
            task.id: values
            for task, values in Output._read_group(
                [*period, ("link", "!=", False)], ["task_id"], ["link:array_agg"]
            )
        }
        self.env.cr.execute(
            SQL(
                # evidence filed by the cut-off only: later files belong to later reports
                "SELECT rel.task_id, count(*) FROM cchc_task_evidence_attachment_rel rel "
                "JOIN ir_attachment att ON att.id = rel.attachment_id "
                "WHERE rel.task_id = ANY(%s) AND att.create_date::date <= %s "
                "GROUP BY rel.task_id",
                tasks.ids,
                self.date_to,
            )
        )
        evidence = dict(self.env.cr.fetchall())
        per_task = {}
        # The summary is printed: its units are written in the print language.
        print_env = self.with_context(lang=self._cchc_report_lang()).env
        metrics = dict(Output._fields["metric"]._description_selection(print_env))
        for task, channel, metric, quantity, count in groups:
            entry = per_task.setdefault(task.id, {"count": 0, "channels": {}})
            entry["count"] += count
            term = OUTPUT_METRIC_UNITS.get(metric)
            unit = print_env._(term) if term else metrics.get(metric, "")
            entry["channels"].setdefault(channel, []).append(
                f"{self._cchc_doc_amount(quantity)} {unit}".rstrip()
            )
        tasks.lead_department_id.mapped("name")  # one query for the names
        vals_list = []
        for sequence, task in enumerate(tasks, start=1):
            status = task.state
            completion = task.completion_date
            if completion and completion > self.date_to:
                # Completed after the cut-off: as it stood then, and nothing after it
                # quoted (its results text may tell what happened later).
                status = "in_progress"
                completion = False
            completed_in_time = bool(completion)
            deadline = task.date_deadline
            outputs = per_task.get(task.id, {"count": 0, "channels": {}})
            summary = "; ".join(
                f"{channel.name}: {', '.join(amounts)}"
                for channel, amounts in outputs["channels"].items()
            )
            task_links = sorted(set(links.get(task.id) or []))
            vals_list.append(
                {
                    "sequence": sequence,
                    "task_id": task.id,
                    "name": task.name,
                    "lead_department_id": task.lead_department_id.id,
                    "lead_department_name": task.lead_department_id.name or "",
                    "status": status,
                    "date_deadline": deadline,
                    "completion_date": completion,
                    "is_late": bool(
                        deadline
                        and deadline < reference
                        and (not completion or completion > deadline)
                    ),
                    "product_description": task.product_description,
                    "output_count": outputs["count"],
                    "output_summary": summary or False,
                    "evidence_links": "\n".join(task_links) or False,
                    "evidence_count": evidence.get(task.id, 0),
                    # The free text of results is quoted once the task was completed by
                    # the cut-off; before that, the outputs dated in the period speak.
                    "result_text": (
                        False
                        if not completed_in_time or is_html_empty(task.result_note)
                        else html2plaintext(task.result_note).strip()
                    ),
                }
            )
        return vals_list, groups

    def _cchc_compile_channels(self, output_groups):
        """Outputs of the period summed per channel and metric (from the same groups)."""
        totals = {}
        for task, channel, metric, quantity, count in output_groups:
            entry = totals.setdefault(
                (channel, metric), {"quantity": 0.0, "count": 0, "tasks": set()}
            )
            entry["quantity"] += quantity
            entry["count"] += count
            entry["tasks"].add(task.id)
        ordered = sorted(
            totals.items(), key=lambda item: (item[0][0].sequence, item[0][0].name, item[0][1])
        )
        return [
            {
                "sequence": index,
                "channel_id": channel.id,
                "channel_name": channel.name,
                "metric": metric,
                "quantity": entry["quantity"],
                "output_count": entry["count"],
                "task_count": len(entry["tasks"]),
            }
            for index, ((channel, metric), entry) in enumerate(ordered, start=1)
        ]

    def _cchc_compile_feedback(self, reference):
        """Feedback received in the period, per channel, as it stood at the period's end."""
        Feedback = self.env["cchc.feedback"]
        Feedback.flush_model()
        conditions = [
            SQL("fb.company_id = %s", self.company_id.id),
            SQL("fb.received_date BETWEEN %s AND %s", self.date_from, self.date_to),
            SQL("fb.active"),
        ]
        departments = self._cchc_scope_departments()
        if departments is not None:
            conditions.append(SQL("fb.department_id = ANY(%s)", departments.ids or [0]))
        closed_other = ("not_accepted", "forwarded")
        query = SQL(
            """
            WITH fb AS (
                SELECT fb.channel,
                       fb.state IN %(other)s AS other,
                       fb.state NOT IN %(other)s AND fb.answer_date IS NOT NULL
                           AND fb.answer_date <= %(date_to)s AS answered,
                       COALESCE(fb.answered_on_time, FALSE) AS on_time,
                       fb.answer_deadline
                  FROM %(table)s fb
                 WHERE %(where)s
            )
            SELECT channel,
                   count(*),
                   count(*) FILTER (WHERE answered),
                   count(*) FILTER (WHERE answered AND on_time),
                   count(*) FILTER (WHERE answered AND NOT on_time),
                   count(*) FILTER (WHERE NOT other AND NOT answered),
                   count(*) FILTER (WHERE NOT other AND NOT answered
                                      AND answer_deadline < %(reference)s),
                   count(*) FILTER (WHERE other)
              FROM fb
             GROUP BY channel
            """,
            other=closed_other,
            date_to=self.date_to,
            reference=reference,
            table=SQL.identifier(Feedback._table),
            where=SQL(" AND ").join(conditions),
        )
        self.env.cr.execute(query)
        known = [key for key, _label in FEEDBACK_CHANNELS]
        totals = {}
        for channel, *counts in self.env.cr.fetchall():
            key = channel if channel in known else "other"
            entry = totals.setdefault(key, [0] * 7)
            for index, count in enumerate(counts):
                entry[index] += count
        vals_list = []
        for key in known:
            if key not in totals:
                continue
            received, answered, on_time, answered_late, pending, overdue, other = totals[key]
            vals_list.append(
                {
                    "sequence": known.index(key) + 1,
                    "channel": key,
                    "received_count": received,
                    "answered_count": answered,
                    "on_time_count": on_time,
                    "answered_late_count": answered_late,
                    "pending_count": pending,
                    "overdue_count": overdue,
                    "late_count": answered_late + overdue,
                    "other_count": other,
                }
            )
        return vals_list

    def _cchc_compile_targets(self):
        targets = self.env["cchc.plan.target"].search_fetch(
            [("plan_id", "=", self.plan_id.id)],
            [
                "sequence",
                "name",
                "comparator",
                "target_value",
                "unit",
                "actual_value",
                "actual_recorded",
                "achieved",
                "source",
            ],
        )
        return [
            {
                "sequence": index,
                "target_id": target.id,
                "name": target.name,
                "comparator": target.comparator,
                "target_value": target.target_value,
                "unit": target.unit,
                "actual_value": target.actual_value,
                "actual_recorded": target.actual_recorded,
                "achieved": target.achieved,
                "source": target.source,
            }
            for index, target in enumerate(targets, start=1)
        ]

    # ------------------------------------------------------------------
    # The province: the departments' reports of the same period
    # ------------------------------------------------------------------
    def _cchc_department_reports(self):
        """The department reports (consolidated or approved) of the plans implementing
        this provincial plan, for the same year and period (read as the compilation
        does: server-side, whatever the compiler's companies)."""
        self.ensure_one()
        return (
            self.env["cchc.report"]
            .sudo()
            .search(
                [
                    ("plan_id.provincial_plan_id", "=", self.plan_id.id),
                    ("scope", "=", "consolidated"),
                    ("year", "=", self.year),
                    ("period_kind", "=", self.period_kind),
                    ("state", "in", ("consolidated", "approved")),
                ],
                order="company_id, id",
            )
        )

    def _cchc_compile_departments(self, department_reports):
        """One line per department of the province: its report's figures, difficulties
        and proposals quoted; a department without a report is listed as missing."""
        self.ensure_one()
        departments = (
            self.env["res.company"]
            .sudo()
            .search([("id", "child_of", self.company_id.id), ("id", "!=", self.company_id.id)])
        )
        by_company = {}
        for report in department_reports:
            by_company.setdefault(report.company_id, report)
        expected = departments.filtered(
            lambda company: (
                company in by_company
                or company in self.plan_id.sudo().task_ids.assigned_company_ids
            )
        )
        vals_list = []
        for sequence, company in enumerate(expected.sorted("name"), start=1):
            report = by_company.get(company)
            vals = {
                "sequence": sequence,
                "department_company_id": company.id,
                "department_name": company.name,
            }
            if report:
                vals.update(
                    {
                        "source_report_id": report.id,
                        "source_number": report.number,
                        "source_state": report.state,
                        "task_count": report.task_count,
                        "task_done_count": report.task_done_count,
                        "task_late_count": report.task_late_count,
                        "output_count": report.output_count,
                        "feedback_received_count": report.feedback_received_count,
                        "feedback_on_time_count": report.feedback_on_time_count,
                        "feedback_late_count": report.feedback_late_count,
                        "difficulties": report.difficulties,
                        "proposals": report.proposals,
                    }
                )
            vals_list.append(vals)
        return vals_list

    @api.model
    def _cchc_merge_lines(self, own_lines, department_lines, keys, counters):
        """The province's own lines plus the departments' lines, summed per key."""
        merged = {}
        for vals in own_lines:
            merged[tuple(vals[key] for key in keys)] = dict(vals)
        for line in department_lines:
            key = tuple(line[name] for name in keys)
            entry = merged.setdefault(
                key, {**dict(zip(keys, key, strict=True)), **dict.fromkeys(counters, 0)}
            )
            for name in counters:
                entry[name] += line[name]
        result = list(merged.values())
        for sequence, vals in enumerate(result, start=1):
            vals["sequence"] = sequence
        return result

    def _cchc_roll_up_task_lines(self, task_lines, reference):
        """A provincial task is carried out by the departments: its line tells how their
        tasks (in issued plans) stood at the period's end."""
        provincial_ids = [vals["task_id"] for vals in task_lines]
        Task = self.env["cchc.task"]
        Task.flush_model(
            ["provincial_task_id", "company_id", "state", "date_deadline", "completion_date"]
        )
        self.env["cchc.plan"].flush_model(["state"])
        # One aggregate over the departments' tasks (there may be hundreds of thousands).
        self.env.cr.execute(
            SQL(
                """
                SELECT task.provincial_task_id, task.company_id, count(*),
                       count(*) FILTER (WHERE task.completion_date <= %(date_to)s),
                       count(*) FILTER (
                           WHERE task.completion_date > task.date_deadline
                              OR ((task.completion_date IS NULL
                                   OR task.completion_date > %(date_to)s)
                                  AND task.date_deadline < %(reference)s))
                  FROM cchc_task task
                  JOIN cchc_plan plan ON plan.id = task.plan_id
                 WHERE task.provincial_task_id = ANY(%(ids)s)
                   AND task.active AND plan.active
                   AND plan.state IN ('issued', 'done') AND task.state != 'cancelled'
                 GROUP BY task.provincial_task_id, task.company_id
                """,
                date_to=self.date_to,
                reference=reference,
                ids=provincial_ids,
            )
        )
        companies_by_id = {}
        per_task = {}
        for task_id, company_id, total, done, late in self.env.cr.fetchall():
            company = companies_by_id.setdefault(
                company_id, self.env["res.company"].sudo().browse(company_id)
            )
            per_task.setdefault(task_id, {})[company] = [total, done, late]
        for vals in task_lines:
            companies = per_task.get(vals["task_id"])
            if not companies:
                continue
            total = sum(counts[0] for counts in companies.values())
            done = sum(counts[1] for counts in companies.values())
            vals["status"] = "done" if done == total else ("in_progress" if done else "todo")
            vals["is_late"] = vals["is_late"] or any(c[2] for c in companies.values())
            vals["output_summary"] = "; ".join(
                self.env._(
                    "%(department)s: %(done)s/%(total)s done",
                    department=company.name,
                    done=counts[1],
                    total=counts[0],
                )
                for company, counts in sorted(companies.items(), key=lambda item: item[0].name)
            )

    def _cchc_link_unit_reports(self, department_lines=()):
        """Include the submitted unit reports of the same plan and period.

        Their difficulties and proposals (and, for the province, the departments')
        fill the report's own texts while those are empty (the coordinator edits them
        before consolidating).
        """
        self.ensure_one()
        units = self.search(
            [
                ("plan_id", "=", self.plan_id.id),
                ("scope", "=", "unit"),
                ("date_from", "=", self.date_from),
                ("date_to", "=", self.date_to),
                "|",
                ("state", "=", "submitted"),
                "&",
                ("state", "in", ("consolidated", "approved")),
                ("consolidated_report_id", "=", self.id),
            ],
            order="department_id, id",
        )
        (self.unit_report_ids - units).write({"consolidated_report_id": False})
        units.write({"consolidated_report_id": self.id})
        vals = {}
        for field_name in ("difficulties", "proposals"):
            if not is_html_empty(self[field_name]):
                continue
            parts = [
                (unit.department_id.name, unit[field_name])
                for unit in units
                if not is_html_empty(unit[field_name])
            ] + [
                (line["department_name"], line[field_name])
                for line in department_lines
                if not is_html_empty(line.get(field_name))
            ]
            if parts:
                vals[field_name] = "".join(
                    f"<p><strong>{escape(name or '')}:</strong></p>{html}" for name, html in parts
                )
        return vals

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print_report(self):
        return self.env.ref("cchc_outreach.action_report_cchc_report").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cchc/report/{self.id}/report.xlsx",
            "target": "download",
        }

    def _cchc_pdf_postprocess(self, report, pdf_content):
        """Page numbers from page 2; a draft carries the DỰ THẢO mark on every page."""
        self.ensure_one()
        if report.report_name != REPORT_ACTION:
            return super()._cchc_pdf_postprocess(report, pdf_content)
        return self._cchc_stamp_pdf(pdf_content, watermark=self.state == "draft")
