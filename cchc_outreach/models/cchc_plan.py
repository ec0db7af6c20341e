import hashlib
import logging
import re
import uuid
from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from reportlab.lib.units import mm

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext, is_html_empty

from .cchc_document_mixin import PDF_PART
from .cchc_workflow_mixin import ALL, FROZEN_PLAN_STATES, trusted

_logger = logging.getLogger(__name__)

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("issued", "Issued"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

OPEN_TASK_STATES = ("todo", "in_progress", "waiting")
# From submission on, the plan is what the director issues (or issued): frozen.
ISSUED_STATES = ("issued", "done")
PLAN_REPORT_XMLID = "cchc_outreach.action_report_cchc_plan"
DRAFT_STATES = ("draft", "submitted")
PLAN_REPORT = "cchc_outreach.report_cchc_plan"
PLAN_APPENDIX_REPORT = "cchc_outreach.action_report_cchc_plan_appendix"
# The report model that renders the plan (report/cchc_plan_document.py).
PLAN_DOCUMENT = "report.cchc_outreach.report_cchc_plan"


class CchcPlan(models.Model):
    _name = "cchc.plan"
    _description = "CCHC Communication Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cchc.reminder.mixin",
        "cchc.document.mixin",
        "cchc.workflow.mixin",
    ]
    _order = "year desc, issue_date desc, id desc"
    _rec_names_search = ["name", "number"]
    _check_company_auto = True
    _cchc_verification_route = "/cchc/verify/plan/%s"
    # Reminders (cchc.reminder.mixin): a sub-unit plan not issued yet reminds its
    # responsible before the date it is due to the parent plan, then tells the head of
    # the parent plan's coordinating unit; coordinators see it in their digest.
    _cchc_due_field = "submission_deadline"
    _cchc_reminder_states = ("draft", "submitted")
    _cchc_reminder_domain = (("parent_id", "!=", False),)
    _cchc_remind = "user_id"
    _cchc_escalate = (
        "parent_id.coordinating_department_id.manager_id.user_id",
        "coordinating_department_id.manager_id.user_id",
    )
    _cchc_reminder_activity = "cchc_outreach.mail_act_cchc_plan_due"
    _cchc_escalation_activity = "cchc_outreach.mail_act_cchc_plan_late"
    _cchc_digest_watchers = "cchc_outreach.group_cchc_coordinator"
    # Workflow guard (cchc.workflow.mixin): the number and issue date come from the
    # actions; from submission on, the plan changes only through an amending plan.
    _cchc_protected_fields = frozenset(
        {"number", "issue_date", "amended_plan_id", "issued_pdf_id", "issued_pdf_sha256"}
    )
    # (Targets keep their own rules: their measured actuals are recorded while the plan
    # is carried out, through the plan's form.)
    _cchc_freeze_rules = (
        ("state", ("done", "cancelled"), ALL),
        ("state", FROZEN_PLAN_STATES, ALL - {"target_ids"}),
    )
    _cchc_always_writable = frozenset({"active", "user_id"})

    name = fields.Char(string="Title", required=True, tracking=True)
    number = fields.Char(
        string="Number and Symbol",
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
        help="Given from the company's yearly sequence when the plan is issued, e.g. 181/KH-SCT.",
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
    issue_date = fields.Date(copy=False, readonly=True, tracking=True)
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
    # The province (cchc.province.* report models): a department's plan implements the
    # issued plan of its parent company (UBND tỉnh), linked in its legal bases.
    provincial_plan_id = fields.Many2one(
        "cchc.plan",
        string="Implements Provincial Plan",
        compute="_compute_provincial_plan_id",
        store=True,
        index=True,
        help="The province's plan linked in the legal bases: the tasks of this plan can "
        "name the provincial task they carry out, and the province sees their progress.",
    )
    is_provincial = fields.Boolean(
        string="Provincial Plan",
        compute="_compute_is_provincial",
        search="_search_is_provincial",
        help="A plan of a company with departments as child companies (UBND tỉnh).",
    )
    # The body as the office writes it: opening sentence, ordered sections, closing.
    opening_text = fields.Html(
        string="Opening",
        help="The paragraph before section I. Empty: the standard wording (legal bases, "
        "then '… xây dựng Kế hoạch … như sau:') is printed.",
    )
    # (compute_sudo: a department reads its province's plan, not the province's units)
    opening_default = fields.Html(
        string="Standard Opening",
        compute="_compute_default_texts",
        compute_sudo=True,
        sanitize=False,
    )
    section_ids = fields.One2many("cchc.plan.section", "plan_id", string="Sections", copy=True)
    closing_text = fields.Html(
        string="Closing",
        help="The paragraph after the last section. Empty: the standard wording is printed.",
    )
    closing_default = fields.Html(
        string="Standard Closing",
        compute="_compute_default_texts",
        compute_sudo=True,
        sanitize=False,
    )
    appendix_note = fields.Char(
        string="Appendix Line",
        help="Printed after the body when the plan has an appendix, e.g. "
        "(Có Phụ lục chi tiết kèm theo).",
    )
    print_signed_mark = fields.Boolean(
        string="Print '(Đã ký)'",
        help="For the copies sent out: '(Đã ký)' printed where the signature is.",
    )
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
    budget_total = fields.Monetary(
        string="Estimated Total",
        compute="_compute_budget_total",
        store=True,
        help="Sum of the tasks' budget estimates.",
    )
    recipient_ids = fields.One2many(
        "cchc.plan.recipient", "plan_id", string="Distribution List", copy=True
    )
    signer_employee_id = fields.Many2one(tracking=True, check_company=True)
    signer_name = fields.Char(
        compute="_compute_signer_name", store=True, readonly=False, precompute=True
    )
    signer_authority = fields.Selection(required=True, default="none")
    signer_principal_title = fields.Char(default="GIÁM ĐỐC")
    signer_title = fields.Char(default="GIÁM ĐỐC")
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
    # Amendments (Kế hoạch điều chỉnh, bổ sung): the way an issued plan changes.
    amended_plan_id = fields.Many2one(
        "cchc.plan",
        string="Amends Plan",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The issued plan this plan amends (Kế hoạch điều chỉnh, bổ sung).",
    )
    amendment_ids = fields.One2many("cchc.plan", "amended_plan_id", string="Amendments")
    year_mentions = fields.Text(
        string="Earlier Years Mentioned",
        compute="_compute_year_mentions",
        help="Texts of this draft that still name an earlier year (e.g. copied from last "
        "year's plan): check them before submitting.",
    )
    amendment_count = fields.Integer(compute="_compute_amendment_count")
    amendment_line_ids = fields.One2many(
        "cchc.plan.amendment.line",
        "plan_id",
        string="Changes",
        copy=False,
        help="Tasks this amending plan adds, changes or cancels in the plan it amends.",
    )
    # A plan entered from its paper original (first year of use): the number and date
    # the director's issue keeps (cchc.plan.paper.wizard).
    paper_number = fields.Char(string="Number on Paper", readonly=True, copy=False)
    paper_issue_date = fields.Date(string="Date on Paper", readonly=True, copy=False)
    paper_entry_date = fields.Date(
        string="Entered as of", readonly=True, copy=False, help="Tasks recorded as of this day."
    )
    # The document as issued: rendered once on issue and kept (Odoo's report attachment).
    issued_pdf_id = fields.Many2one(
        "ir.attachment",
        string="Issued Document",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    issued_pdf_sha256 = fields.Char(
        string="SHA-256 of the Issued Document", readonly=True, copy=False
    )

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

    @api.depends("legal_basis_ids.linked_plan_id")
    def _compute_provincial_plan_id(self):
        for plan in self:
            plan.provincial_plan_id = plan.legal_basis_ids.linked_plan_id[:1]

    @api.depends("company_id")
    def _compute_is_provincial(self):
        for plan in self:
            plan.is_provincial = bool(plan.company_id.sudo().child_ids)

    def _search_is_provincial(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the Provincial Plan filter."))
        parents = self.env["res.company"].sudo().search([("child_ids", "!=", False)])
        positive = (operator == "=") == value
        return [("company_id", "in" if positive else "not in", parents.ids)]

    @api.depends("name", "company_id", "legal_basis_ids", "coordinating_department_id")
    def _compute_default_texts(self):
        for plan in self:
            plan.opening_default = plan._cchc_default_opening_html()
            plan.closing_default = plan._cchc_default_closing_html()

    def action_use_standard_texts(self):
        """Copy the standard opening and closing into the plan, to edit them."""
        for plan in self:
            vals = {}
            if not plan.opening_text or is_html_empty(plan.opening_text):
                vals["opening_text"] = plan.opening_default
            if not plan.closing_text or is_html_empty(plan.closing_text):
                vals["closing_text"] = plan.closing_default
            if vals:
                plan.write(vals)
        return True

    @api.depends(
        "year",
        "state",
        "name",
        "opening_text",
        "closing_text",
        "section_ids.body",
        "section_ids.name",
        "legal_basis_ids.name",
        "target_ids.name",
        "task_ids.name",
        "task_ids.product_description",
    )
    def _compute_year_mentions(self):
        for plan in self:
            mentions = plan._cchc_year_mentions() if plan.state == "draft" else []
            plan.year_mentions = "\n".join(
                f"- {where}: {text}" for where, text in mentions[:30]
            ) + ("\n…" if len(mentions) > 30 else "")

    def _cchc_year_mentions(self):
        """Texts of a draft that still name an earlier year (copied plans), for review:
        [(where, excerpt)]."""
        self.ensure_one()
        if not self.year:
            return []
        pattern = re.compile(r"\b(20\d\d)\b")
        _ = self.env._

        def found(text):
            plain = html2plaintext(text) if text and "<" in text else (text or "")
            hits = []
            for match in pattern.finditer(plain):
                year = int(match.group(1))
                if self.year - 5 <= year < self.year:
                    start = max(match.start() - 40, 0)
                    hits.append(" ".join(plain[start : match.end() + 20].split()))
            return hits

        candidates = [(_("Title"), self.name), (_("Opening"), self.opening_text)]
        candidates += [(_("Section %(name)s", name=s.name), s.body) for s in self.section_ids]
        candidates += [(_("Closing"), self.closing_text)]
        candidates += [
            (
                _("Legal basis %(number)s", number=basis.number or basis.name),
                f"{basis.name} {basis.date or ''}",
            )
            for basis in self.legal_basis_ids
        ]
        candidates += [(_("Target %(name)s", name=t.name), t.name) for t in self.target_ids]
        candidates += [
            (_("Task '%(name)s'", name=task.name), f"{task.name} {task.product_description or ''}")
            for task in self.task_ids
        ]
        mentions = []
        for where, text in candidates:
            mentions += [(where, hit) for hit in found(text)]
        return mentions

    def _compute_amendment_count(self):
        counts = dict(
            self.with_context(active_test=False)._read_group(
                [("amended_plan_id", "in", self.ids)], ["amended_plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.amendment_count = counts.get(plan, 0)

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
                        "Plan '%(plan)s' has a date due to its parent plan but no parent plan.",
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
            plan.display_name = f"{plan.number} – {plan.name}" if plan.number else plan.name or ""

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        self._cchc_check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators can submit a plan."),
        )
        self._cchc_check_state(("draft",))
        for plan in self:
            if not plan.coordinating_department_id:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' needs a coordinating department before it is submitted.",
                        plan=plan.display_name,
                    )
                )
            if plan.amended_plan_id:
                if not plan.amendment_line_ids:
                    raise UserError(
                        self.env._(
                            "Amending plan '%(plan)s' changes nothing: add the tasks it adds, "
                            "changes or cancels before submitting it.",
                            plan=plan.display_name,
                        )
                    )
                plan.amendment_line_ids._check_applicable()
                continue
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
                lines = "\n".join(f"- {task.name}: {task.clarity_missing}" for task in unclear)
                raise UserError(
                    self.env._(
                        "Every task must be clear on the six points (06 rõ) before the "
                        "plan is submitted. Missing:\n%(lines)s",
                        lines=lines,
                    )
                )
        self._cchc_workflow_write({"state": "submitted"})
        for plan in self.sudo():
            # The signer issues it; a signer without a login: the company's directors.
            for issuer in plan._cchc_issuers():
                plan.activity_schedule("cchc_outreach.mail_act_cchc_plan_issue", user_id=issuer.id)
        return True

    def _cchc_issuers(self):
        """Who is asked to issue the plan: the signer's user, else the directors
        (managers) of the plan's company."""
        self.ensure_one()
        signer = self.signer_employee_id.user_id
        if signer and signer.active:
            return signer
        managers = self.env.ref("cchc_outreach.group_cchc_manager").sudo().users
        return managers.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids
        )

    def _next_number(self, day):
        """Number and symbol from the company's yearly sequence for ``day``: 07/KH-SCT."""
        self.ensure_one()
        seq = self.env["ir.sequence"]._cchc_next_company_number(
            "cchc.plan", "cchc_outreach.seq_cchc_plan", self.company_id, day
        )
        code = self.company_id.cchc_issuer_code
        symbol = f"{self.doc_type_code}-{code}" if code else self.doc_type_code
        return f"{seq}/{symbol}"

    def _check_ready_to_issue(self):
        """A plan is issued with its signer and its distribution list (Nơi nhận)."""
        for plan in self:
            missing = []
            if not (plan.signer_name or "").strip():
                missing.append(self.env._("the signer"))
            if not plan.recipient_ids:
                missing.append(self.env._("the distribution list (Nơi nhận)"))
            if missing:
                raise UserError(
                    self.env._(
                        "Plan '%(plan)s' cannot be issued without %(missing)s.",
                        plan=plan.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    def action_issue(self):
        self._cchc_check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can issue a plan."),
        )
        self._cchc_check_state(("submitted",))
        self._check_ready_to_issue()
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.paper_number:  # entered from its paper original: its number and date
                vals = {"number": plan.paper_number, "issue_date": plan.paper_issue_date}
            else:
                vals = {"issue_date": today, "number": plan._next_number(today)}
            plan._cchc_workflow_write(dict(vals, state="issued"))
            if plan.amended_plan_id:
                plan.amendment_line_ids._apply()
            plan._cchc_store_issued_pdf()
        self.sudo().activity_feedback(["cchc_outreach.mail_act_cchc_plan_issue"])
        self._cchc_close_reminders()
        return True

    def _cchc_store_issued_pdf(self):
        """Render the issued plan once and keep that file: every later print returns it.

        The file is an attachment of the plan, linked from it (the report action's
        ``retrieve_attachment`` returns it, see ``ir.actions.report``); its SHA-256 is
        kept on the plan and shown on the public verification page.
        """
        self.ensure_one()
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(PLAN_REPORT_XMLID, res_ids=self.ids)
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._cchc_issued_pdf_name(),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self._cchc_workflow_write(
            {
                "issued_pdf_id": attachment.id,
                "issued_pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            }
        )

    @api.model
    def _cchc_store_issued_pdfs(self, plan_ids):
        """Store the issued document of plans entered as issued (demo data, migration)."""
        plans = self.browse(plan_ids).filtered(
            lambda p: p.state in (*ISSUED_STATES, "cancelled") and p.number and not p.issued_pdf_id
        )
        for plan in plans:
            plan._cchc_store_issued_pdf()
        return True

    @api.model
    def _cchc_demo_province(self, plan_id, number, issue_date, assignments, basis_ids, links):
        """Demo data: assign the province's tasks to its departments (``{task: [company]}``),
        issue its plan, link the departments' draft plans (legal basis lines) and tasks
        (``{task: provincial task}``) to it. Skipped when the departments are not the
        province's children: a demo database made before the province existed (Odoo never
        moves a company under a parent), or loaded again (the plan is issued already)."""
        plan = self.browse(plan_id).exists()
        Task = self.env["cchc.task"]
        companies = self.env["res.company"].browse(
            {company for company_ids in assignments.values() for company in company_ids}
        )
        if not plan or plan.state != "draft" or companies.parent_id != plan.company_id:
            _logger.info("Demo province not linked: %s is not a draft province plan", plan)
            return False
        with trusted():
            for task_id, company_ids in assignments.items():
                Task.browse(task_id).write({"assigned_company_ids": [Command.set(company_ids)]})
            plan.write({"state": "issued", "number": number, "issue_date": issue_date})
            self.env["cchc.plan.legal.basis"].browse(basis_ids).write({"linked_plan_id": plan.id})
            for task_id, provincial_id in links.items():
                Task.browse(task_id).write({"provincial_task_id": provincial_id})
        return True

    def _cchc_issued_pdf_name(self):
        """File name of the issued document: Ke hoach 07-KH-SCT.pdf."""
        self.ensure_one()
        return f"Ke hoach {(self.number or self.name or '').replace('/', '-')}.pdf"

    def action_done(self):
        self._cchc_check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can close a plan."),
        )
        self._cchc_check_state(("issued",))
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
        self._cchc_workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        self._cchc_check_group(
            "cchc_outreach.group_cchc_manager",
            self.env._("Only the director (manager) can cancel a plan."),
        )
        self._cchc_check_state(("draft", "submitted", "issued"))
        self._cchc_workflow_write({"state": "cancelled"})
        self.sudo().activity_unlink(["cchc_outreach.mail_act_cchc_plan_issue"])
        self._cchc_close_reminders(feedback=False)
        return True

    def action_draft(self):
        self._cchc_check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators can set a plan back to draft."),
        )
        self._cchc_check_state(("submitted", "cancelled"))
        issued = self.filtered("number")
        if issued:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' was issued as %(number)s: it cannot become a draft again. "
                    "Change it with an amending plan.",
                    plan=issued[0].name,
                    number=issued[0].number,
                )
            )
        self._cchc_workflow_write({"state": "draft"})
        self.sudo().activity_unlink(["cchc_outreach.mail_act_cchc_plan_issue"])
        return True

    def action_create_amendment(self):
        """Start an amending plan (Kế hoạch điều chỉnh, bổ sung) of this issued plan."""
        self.ensure_one()
        self._cchc_check_group(
            "cchc_outreach.group_cchc_coordinator",
            self.env._("Only coordinators can prepare an amending plan."),
        )
        self._cchc_check_state(("issued",))
        self.check_access("write")
        amendment = self.sudo().copy(
            {
                "name": self.env._(
                    "Amendment and supplement to %(plan)s",
                    plan=self.display_name,
                ),
                "parent_id": self.parent_id.id,
                "legal_basis_ids": [
                    Command.create(
                        {
                            "kind": "implements",
                            "doc_type": "kh",
                            "number": self.number,
                            "date": self.issue_date,
                            "issuer": self.company_id.name,
                            "name": self.name,
                        }
                    )
                ],
                "target_ids": [],
                "audience_line_ids": [],
                "section_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "NỘI DUNG ĐIỀU CHỈNH, BỔ SUNG",
                            "body": "<p>Điều chỉnh, bổ sung các nhiệm vụ của Kế hoạch số "
                            f"{self.number} như sau (chi tiết tại Phụ lục kèm theo).</p>",
                        }
                    ),
                    Command.create({"sequence": 20, "name": "TỔ CHỨC THỰC HIỆN"}),
                ],
                "opening_text": False,
                "closing_text": False,
                "audience_ids": [],
                "content_ids": [],
                "channel_ids": [],
                "user_id": self.env.uid,
            }
        )
        with trusted():
            amendment.sudo().amended_plan_id = self
        body = self.env._(
            "Amending plan %(amendment)s started for this plan.",
            amendment=amendment._get_html_link(title=amendment.name),
        )
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        amendment.sudo().message_post(
            body=self.env._(
                "Amends plan %(plan)s.", plan=self._get_html_link(title=self.display_name)
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.plan",
            "res_id": amendment.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_new_report(self):
        """Lập báo cáo: a new periodic report of this plan, for the period under way."""
        self.ensure_one()
        self._cchc_check_state(ISSUED_STATES)
        today = fields.Date.context_today(self)
        kind = "year"
        for candidate in ("q1", "h1", "m9", "year"):
            date_from, date_to = self.company_id._cchc_report_period(candidate, self.year)
            if today <= date_to:
                kind = candidate
                break
        coordinator = self.env.user.has_group("cchc_outreach.group_cchc_coordinator")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Report"),
            "res_model": "cchc.report",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_plan_id": self.id,
                "default_year": self.year,
                "default_period_kind": kind,
                "default_scope": "consolidated" if coordinator else "unit",
            },
        }

    def action_add_task(self):
        """A head adds a task led by his unit to a draft plan (he cannot edit the plan)."""
        self.ensure_one()
        self._cchc_check_state(("draft",))
        if self.amended_plan_id:
            raise UserError(
                self.env._("An amending plan adds tasks through its changes, not as tasks.")
            )
        departments = self.env.user.cchc_department_ids
        head_of = self.env.user.employee_id.department_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Task"),
            "res_model": "cchc.task",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_plan_id": self.id,
                "default_lead_department_id": (head_of & departments).id or False,
            },
        }

    def action_enter_from_paper(self):
        self.ensure_one()
        self._cchc_check_state(("draft",))
        return self.env["cchc.plan.paper.wizard"]._cchc_open(self)

    def action_view_amendments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cchc_outreach.cchc_plan_action")
        action["domain"] = [("amended_plan_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cchc_outreach.cchc_task_action")
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_province_ranking(self):
        """The provincial plan's dashboard: its departments ranked."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_outreach.cchc_province_department_action"
        )
        action["domain"] = [("provincial_plan_id", "=", self.id)]
        action["context"] = {"default_provincial_plan_id": self.id}
        return action

    @api.model
    def _cchc_prepare_create_vals(self, vals_list):
        vals_list = super()._cchc_prepare_create_vals(vals_list)
        default_sections = self.env["cchc.plan.section"]._cchc_default_vals()
        for vals in vals_list:
            vals["access_token"] = str(uuid.uuid4())
            if "section_ids" not in vals:
                vals["section_ids"] = [Command.create(dict(v)) for v in default_sections]
        return vals_list

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _cchc_stored_document(self, report):
        """An issued plan prints as it was issued: the file stored by the issue action."""
        if report.report_name == PLAN_REPORT and self.sudo().issued_pdf_id:
            return self.sudo().issued_pdf_id
        return super()._cchc_stored_document(report)

    def action_print_plan(self):
        return self.env.ref("cchc_outreach.action_report_cchc_plan").report_action(self)

    def action_export_appendix_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/cchc/plan/{self.id}/appendix.xlsx",
            "target": "download",
        }

    def action_open_import_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import Appendix"),
            "res_model": "cchc.plan.import.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_open_copy_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Copy to Next Year"),
            "res_model": "cchc.plan.copy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    # ------------------------------------------------------------------
    # The standard texts (the printing is in report/cchc_plan_document.py)
    # ------------------------------------------------------------------
    def _cchc_doc_symbol(self):
        self.ensure_one()
        code = self.company_id.cchc_issuer_code
        return f"{self.doc_type_code}-{code}" if code else self.doc_type_code

    def _cchc_title_with_issuer(self):
        """'thông tin, tuyên truyền … năm 2026 của Sở Công Thương' (the issuer once)."""
        title_lc = self._cchc_doc_lower_first((self.name or "").strip())
        issuer = self._cchc_issuer_name()
        # "… của Sở Công Thương năm 2026" already names its issuer: don't repeat it.
        if issuer.lower() not in title_lc.lower() and " của " not in title_lc:
            return f"{title_lc} của {issuer}"
        return title_lc

    def _cchc_issuer_name(self):
        """The issuing body as sentences name it: "Sở Công Thương" (the company's name cut
        to the printed short name, whose letters are all capitals)."""
        company = self.company_id
        name = company.name or ""
        short = (company.cchc_issuer_name or "").strip()
        if short and name.upper().startswith(short.upper()):
            return name[: len(short)]
        return name

    def _cchc_default_opening_html(self):
        """Căn cứ …; Thực hiện …, <issuer> xây dựng Kế hoạch … như sau:"""
        self.ensure_one()
        title_lc = self._cchc_doc_lower_first((self.name or "").strip())
        legal_bases = self.legal_basis_ids.with_context(lang=self._cchc_report_lang())
        bases = legal_bases.filtered(lambda b: b.kind == "basis")
        implements = legal_bases.filtered(lambda b: b.kind == "implements")
        paragraphs = []
        if bases:
            paragraphs.append("Căn cứ " + "; ".join(b._cchc_citation() for b in bases) + ";")
        closing_intro = f"{self._cchc_issuer_name()} xây dựng Kế hoạch {title_lc} như sau:"
        if implements:
            paragraphs.append(
                "Thực hiện "
                + "; ".join(b._cchc_citation() for b in implements)
                + f", {closing_intro}"
            )
        else:
            paragraphs.append(closing_intro)
        return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)

    def _cchc_default_closing_html(self):
        self.ensure_one()
        coordinating = self.coordinating_department_id.name
        text = (
            f"Trên đây là Kế hoạch {self._cchc_title_with_issuer()}. Đề nghị các phòng, đơn vị "
            "triển khai thực hiện; trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp "
            "thời báo cáo lãnh đạo Sở"
            + (f" (qua {coordinating})" if coordinating else "")
            + " để chỉ đạo, xử lý./."
        )
        return f"<p>{escape(text)}</p>"

    def _cchc_pdf_postprocess(self, report, pdf_content):
        """The plan in portrait, then its appendix on landscape pages, merged.

        Each part is numbered on its own from its page 2, as the decree numbers an
        appendix separately.
        """
        self.ensure_one()
        if report.report_name != PLAN_REPORT:
            return super()._cchc_pdf_postprocess(report, pdf_content)
        url = self._cchc_verification_url()
        watermark = self.state in DRAFT_STATES
        parts = [{"content": pdf_content, "qr_value": url, "watermark": watermark}]
        if self.env[PLAN_DOCUMENT]._cchc_has_appendix(self):
            token = PDF_PART.set(True)
            try:
                appendix = self.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
                    PLAN_APPENDIX_REPORT, {}, res_ids=self.ids
                )
            finally:
                PDF_PART.reset(token)
            stream = (appendix.get(self.id) or appendix.get(False))["stream"]
            parts.append(
                {
                    "content": stream.getvalue(),
                    "qr_value": url,
                    "watermark": watermark,
                    "number_top": 15 * mm,
                }
            )
            stream.close()
        return self._cchc_stamp_pdfs(parts)

    # ------------------------------------------------------------------
    # Copy to another year
    # ------------------------------------------------------------------
    def _cchc_copy_to_year(self, year, name=None):
        """A new draft for ``year`` with the tasks, texts and legal bases of this plan.

        Dates move by the number of years between the plans (29 February becomes
        28 February); states, numbers, results, outputs and evidence are not copied,
        nor the measured actuals of the targets.
        """
        self.ensure_one()
        if not year or year <= 0:
            raise UserError(self.env._("Give the year of the new plan."))
        years = year - self.year
        if not years:
            raise UserError(
                self.env._(
                    "Plan '%(plan)s' is already for %(year)s: choose another year.",
                    plan=self.display_name,
                    year=year,
                )
            )

        def shift(day):
            return day + relativedelta(years=years) if day else day

        new_plan = self.with_context(mail_create_nolog=True).copy(
            {
                "name": name or self._cchc_default_copy_name(year),
                "year": year,
                "date_start": shift(self.date_start),
                "date_end": shift(self.date_end),
                "parent_id": False,
                "submission_deadline": False,
            }
        )
        new_plan.target_ids.write({"actual_value": 0.0, "actual_recorded": False})
        tasks = self.task_ids.filtered(lambda t: t.state != "cancelled")
        vals_list = tasks.copy_data({"plan_id": new_plan.id})
        for task, vals in zip(tasks, vals_list):
            vals["date_start"] = shift(task.date_start)
            vals["date_deadline"] = shift(task.date_deadline)
        self.env["cchc.task"].with_context(mail_create_nolog=True).create(vals_list)
        body = self.env._(
            "Copied from plan %(plan)s (%(year)s).",
            plan=self.display_name,
            year=self.year,
        )
        mentions = new_plan._cchc_year_mentions()
        if mentions:
            body = Markup("%s<br/>%s<ul>%s</ul>") % (
                body,
                self.env._("Check these mentions of earlier years:"),
                Markup().join(
                    Markup("<li>%s: %s</li>") % (where, text) for where, text in mentions[:50]
                ),
            )
        new_plan.message_post(body=body, subtype_xmlid="mail.mt_note")
        return new_plan

    def _cchc_default_copy_name(self, year):
        self.ensure_one()
        name = self.name or ""
        old = str(self.year)
        if old in name:
            return name.replace(old, str(year))
        return name
