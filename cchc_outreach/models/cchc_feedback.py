import hmac as hmac_lib
import logging
import re
import secrets
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, html2plaintext, parse_contact_from_email
from odoo.tools.misc import hmac

from ..tools.contact import valid_phone
from ..tools.files import FileRefused, check_upload
from ..tools.personal_data import find_personal_data
from ..tools.text import clean_text as clean_user_text
from ..tools.text import has_substance
from .cchc_feedback_sender import clean_text, normalize_email, normalize_phone
from .cchc_workflow_mixin import ALL, boolean_filter_domain, trusted

_logger = logging.getLogger(__name__)

# The e-mails to the sender (data/mail_template_data.xml).
MAIL_RECEIVED = "cchc_outreach.mail_template_cchc_feedback_received"
MAIL_FORWARDED = "cchc_outreach.mail_template_cchc_feedback_forwarded"
MAIL_ANSWERED = "cchc_outreach.mail_template_cchc_feedback_answered"

# A feedback reference quoted in the subject of a reply (ir.sequence "cchc.feedback").
REFERENCE_RE = re.compile(r"\bPAKN/\d{4}/\d{3,}\b")

FEEDBACK_STATES = [
    ("new", "New"),
    ("classified", "Classified"),
    ("in_progress", "In Progress"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("not_accepted", "Not Accepted"),
    ("forwarded", "Forwarded"),
]
OPEN_STATES = ("classified", "in_progress")

FEEDBACK_KINDS = [
    ("phan_anh", "Feedback (phản ánh)"),
    ("kien_nghi", "Proposal (kiến nghị)"),
]

# Decree 20/2008/NĐ-CP, art. 3 (as amended): what a phản ánh or kiến nghị is about.
CONTENT_CLASSES = [
    ("applied_late", "Regulation applied late"),
    ("harassment", "Regulation applied with harassment"),
    ("not_applied", "Regulation not applied or wrongly applied"),
    ("unsuited", "Regulation unsuited to reality"),
    ("inconsistent", "Regulations inconsistent with each other"),
    ("unlawful", "Regulation unlawful"),
    ("contrary_treaty", "Regulation contrary to international treaties"),
    ("other", "Other issue"),
    ("solution", "Proposed solution"),
    ("initiative", "Initiative for a new regulation"),
]

CHANNELS = [
    ("web_form", "Public web form"),
    ("national_portal", "National public-service portal"),
    ("hotline_1022", "Hotline 1022"),
    ("email", "E-mail"),
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("zalo", "Zalo"),
]

CLASSIFICATIONS = [
    ("within", "Within competence"),
    ("outside", "Outside competence, forwarded"),
    ("conduct", "Conduct issue, forwarded"),
    ("not_accepted", "Not accepted"),
]

SENDER_TYPES = [("individual", "Individual"), ("organisation", "Organisation")]

SENDER_FIELDS = {
    "sender_name": "name",
    "sender_address": "address",
    "sender_phone": "phone",
    "sender_email": "email",
}

# Set only by the workflow methods, never by a plain write.
WORKFLOW_FIELDS = {
    "name",
    "state",
    "classification",
    "classification_date",
    "classified_by_id",
    "not_accepted_reason",
    "forward_to",
    "forward_date",
    "answer_date",
    "answered_by_id",
    "is_published",
    "published_date",
    "lookup_code_hash",
}
# What the citizen sent: fixed once the feedback is classified.
CITIZEN_FIELDS = frozenset(
    {
        "subject",
        "description",
        "kind",
        "channel",
        "received_date",
        "sender_type",
        "sender_name",
        "sender_address",
        "sender_phone",
        "sender_email",
        "attachment_ids",
        "company_id",
    }
)
CLOSED_STATES = ("closed", "not_accepted", "forwarded")
# Feedback anonymised by the retention cron per run (the cron is triggered again for more).
ANONYMISE_BATCH = 500


class PublicIntake:
    """Marks a creation by the public form (server code): a client cannot send one."""

    def __init__(self, ip_hash=None, consent_date=None):
        self.ip_hash = ip_hash
        self.consent_date = consent_date


# Lookup code given to the sender at submission: 10 characters of an alphabet without
# 0/O or 1/I look-alikes (32 symbols: 50 bits), shown grouped as ABCDE-FGHJK.
LOOKUP_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LOOKUP_CODE_LENGTH = 10


def new_lookup_code():
    """A new random lookup code, grouped for reading (``7KQ2M-XR9TB``)."""
    code = "".join(secrets.choice(LOOKUP_CODE_ALPHABET) for _n in range(LOOKUP_CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalize_lookup_code(value):
    """The code as typed back, upper case, without spaces or dashes; "" when it cannot
    be a lookup code."""
    code = re.sub(r"[\s\-.]+", "", clean_text(value).upper())
    if len(code) != LOOKUP_CODE_LENGTH or any(c not in LOOKUP_CODE_ALPHABET for c in code):
        return ""
    return code


# What the assigned handler (and the department head) may change on a feedback.
HANDLER_FIELDS = {"answer", "public_summary", "public_answer", "task_id", "plan_id"}
HEAD_FIELDS = HANDLER_FIELDS | {"handler_id"}

# Public form limits (characters).
LIMITS = {
    "sender_name": (2, 128),
    "sender_address": (5, 256),
    "sender_phone": (0, 32),
    "sender_email": (0, 254),
    "subject": (5, 256),
    "description": (20, 10000),
}


class CchcFeedback(models.Model):
    _name = "cchc.feedback"
    _description = "CCHC Citizen Feedback (PAKN)"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cchc.reminder.mixin",
        "cchc.workflow.mixin",
    ]
    _order = "received_date desc, id desc"
    _rec_names_search = ["name", "subject"]
    _check_company_auto = True
    # Workflow guard (cchc.workflow.mixin): reference, state, classification, forwarding,
    # answer and publication are written by the actions only; what the citizen sent is
    # fixed once classified; a closed feedback keeps only its public texts editable.
    _cchc_protected_fields = frozenset(WORKFLOW_FIELDS)
    _cchc_freeze_rules = (
        ("state", CLOSED_STATES, ALL - {"public_summary", "public_answer"}),
        ("state", ("classified", "in_progress", "answered"), CITIZEN_FIELDS),
    )
    # Reminders (cchc.reminder.mixin): the receiving officer before the classification
    # deadline, the handler before the answer deadline; the head of the assigned
    # department once the answer is late.
    _cchc_due_field = "date_due"
    _cchc_reminder_states = ("new", *OPEN_STATES)
    _cchc_remind = {"new": "receiver_id", "classified": "handler_id", "in_progress": "handler_id"}
    _cchc_escalate = "department_id.manager_id.user_id"
    _cchc_escalation_due_field = "answer_deadline"
    _cchc_escalation_states = OPEN_STATES
    _cchc_reminder_activity = "cchc_outreach.mail_act_cchc_feedback_reminder"
    _cchc_escalation_activity = "cchc_outreach.mail_act_cchc_feedback_escalation"
    _cchc_finished_late_domain = (("answer_status", "=", "late"),)

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        default="/",
        help="Tracking code given to the sender, e.g. PAKN/2026/00042.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        FEEDBACK_KINDS, required=True, default="phan_anh", tracking=True, index=True
    )
    content_class = fields.Selection(CONTENT_CLASSES, tracking=True, index=True)
    subject = fields.Char(
        required=True,
        help="The administrative regulation or procedure the feedback is about.",
    )
    description = fields.Text(string="Content", required=True)
    task_id = fields.Many2one("cchc.task", string="Related Task", check_company=True)
    plan_id = fields.Many2one("cchc.plan", string="Related Plan", check_company=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "cchc_feedback_attachment_rel",
        "feedback_id",
        "attachment_id",
        string="Attachments",
        copy=False,
    )
    channel = fields.Selection(CHANNELS, required=True, default="in_person", index=True)
    received_date = fields.Date(
        required=True,
        index=True,
        default=lambda self: self.env.company._cchc_feedback_today(),
        tracking=True,
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Receiving Officer",
        domain=[("share", "=", False)],
        default=lambda self: self._default_receiver(),
        index=True,
    )
    # Sender: the personal data lives in cchc.feedback.sender (own record rules).
    sender_type = fields.Selection(SENDER_TYPES, default="individual", required=True)
    sender_name = fields.Char(
        string="Sender",
        compute="_compute_sender_fields",
        inverse="_inverse_sender_fields",
        search="_search_sender_name",
        compute_sudo=False,
    )
    sender_address = fields.Char(
        string="Address",
        compute="_compute_sender_fields",
        inverse="_inverse_sender_fields",
        search="_search_sender_address",
        compute_sudo=False,
    )
    sender_phone = fields.Char(
        string="Phone",
        compute="_compute_sender_fields",
        inverse="_inverse_sender_fields",
        search="_search_sender_phone",
        compute_sudo=False,
    )
    sender_email = fields.Char(
        string="E-mail",
        compute="_compute_sender_fields",
        inverse="_inverse_sender_fields",
        search="_search_sender_email",
        compute_sudo=False,
    )
    can_see_sender = fields.Boolean(
        string="Sender Visible", compute="_compute_sender_fields", compute_sudo=False
    )
    sender_revealed = fields.Boolean(
        string="Sender Shown",
        compute="_compute_sender_revealed",
        compute_sudo=False,
        help="The current user asked to see the sender's data (logged) within the last hours.",
    )
    access_log_count = fields.Integer(compute="_compute_access_log_count")
    anonymised_date = fields.Date(
        string="Sender Anonymised On",
        copy=False,
        readonly=True,
        help="The sender's personal data and files were removed on this day, after the "
        "retention period of the company.",
    )
    # Classification
    state = fields.Selection(
        FEEDBACK_STATES,
        string="Status",
        required=True,
        default="new",
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_states",
    )
    classification = fields.Selection(CLASSIFICATIONS, tracking=True, copy=False, readonly=True)
    classification_date = fields.Date(copy=False, readonly=True)
    classified_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    not_accepted_reason = fields.Text(copy=False, readonly=True)
    forward_to = fields.Char(
        string="Forwarded To",
        copy=False,
        readonly=True,
        help="The competent body the feedback was forwarded to.",
    )
    forward_date = fields.Date(copy=False, readonly=True)
    department_id = fields.Many2one(
        "hr.department",
        string="Assigned Department",
        tracking=True,
        index=True,
        check_company=True,
    )
    handler_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
    )
    # Deadlines, in working days after the day of receipt
    classification_deadline = fields.Date(
        compute="_compute_deadlines", store=True, readonly=False, precompute=True
    )
    forward_deadline = fields.Date(
        compute="_compute_deadlines", store=True, readonly=False, precompute=True
    )
    answer_deadline = fields.Date(
        compute="_compute_deadlines",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
    )
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        index=True,
        help="Classification deadline while new, answer deadline while being handled.",
    )
    # Answer
    answer = fields.Text(copy=False, help="The answer sent to the sender.")
    answer_date = fields.Date(copy=False, readonly=True, tracking=True)
    answered_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    answered_on_time = fields.Boolean(compute="_compute_answer_status", store=True)
    answer_status = fields.Selection(
        [("on_time", "Answered on time"), ("late", "Answered late")],
        compute="_compute_answer_status",
        store=True,
        index=True,
    )
    forwarded_on_time = fields.Boolean(compute="_compute_forwarded_on_time", store=True)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", search="_search_is_late")
    # Publication (never personal data)
    public_summary = fields.Text(
        copy=False,
        help="The question as it will be published, without any personal data. "
        "The subject is published when it is empty.",
    )
    public_answer = fields.Text(
        copy=False, help="The answer as it will be published, without any personal data."
    )
    is_published = fields.Boolean(string="Published", copy=False, readonly=True, tracking=True)
    lookup_code_hash = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="HMAC of the lookup code given to the sender at submission (the code itself "
        "is never stored).",
    )
    published_date = fields.Date(copy=False, readonly=True)
    is_my_department = fields.Boolean(
        string="In My Department",
        compute="_compute_is_my_department",
        search="_search_is_my_department",
    )
    # Rights of the current user, for the buttons
    can_classify = fields.Boolean(compute="_compute_user_rights")
    can_handle = fields.Boolean(compute="_compute_user_rights")
    can_publish = fields.Boolean(compute="_compute_user_rights")
    can_assign = fields.Boolean(compute="_compute_user_rights")

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The feedback reference must be unique."),
    ]

    # ------------------------------------------------------------------
    # Defaults, computes
    # ------------------------------------------------------------------
    @api.model
    def _default_receiver(self):
        if self.env.user.has_group("cchc_outreach.group_cchc_feedback_officer"):
            return self.env.user
        return False

    def _group_expand_states(self, states, domain):
        return [key for key, _label in FEEDBACK_STATES]

    @api.depends_context("uid")
    def _compute_sender_revealed(self):
        revealed = set()
        ids = [fid for fid in self.ids if fid]
        if ids:
            logs = (
                self.env["cchc.feedback.access.log"]
                .sudo()
                ._read_group(
                    [
                        ("feedback_id", "in", ids),
                        ("user_id", "=", self.env.uid),
                        ("action", "=", "reveal"),
                        ("valid_until", ">", fields.Datetime.now()),
                    ],
                    ["feedback_id"],
                )
            )
            revealed = {feedback.id for (feedback,) in logs}
        for feedback in self:
            feedback.sender_revealed = not feedback.id or feedback.id in revealed

    def _compute_access_log_count(self):
        counts = {}
        if self.env["cchc.feedback.access.log"].has_access("read"):
            counts = dict(
                self.env["cchc.feedback.access.log"]._read_group(
                    [("feedback_id", "in", self.ids)], ["feedback_id"], ["__count"]
                )
            )
        for feedback in self:
            feedback.access_log_count = counts.get(feedback, 0)

    @api.depends_context("uid")
    def _compute_sender_fields(self):
        # Read as the current user: the record rules of cchc.feedback.sender decide; and
        # shown only after a logged "Show sender" (server code, as superuser, reads them).
        revealed = self.env.su or None
        senders = {
            sender.feedback_id.id: sender
            for sender in self.env["cchc.feedback.sender"].search(
                [("feedback_id", "in", [fid for fid in self.ids if fid])]
            )
        }
        for feedback in self:
            sender = senders.get(feedback.id)
            feedback.can_see_sender = bool(sender) or not feedback.id
            shown = sender and (revealed or feedback.sender_revealed)
            for fname, sname in SENDER_FIELDS.items():
                feedback[fname] = sender[sname] if shown else False

    @api.model
    def _cchc_may_read_sender(self, feedback_ids):
        """Whether the current user may read the sender of every feedback of
        ``feedback_ids`` (the record rules of cchc.feedback.sender decide)."""
        if self.env.su:
            return True
        ids = {feedback_ids} if isinstance(feedback_ids, int) else set(feedback_ids)
        Sender = self.env["cchc.feedback.sender"]
        if not Sender.has_access("read"):
            return False
        readable = Sender.search([("feedback_id", "in", list(ids))]).feedback_id.ids
        return ids <= set(readable)

    def _inverse_sender_fields(self):
        Sender = self.env["cchc.feedback.sender"]
        intake = self.env.context.get("cchc_public_intake")
        intake = intake if isinstance(intake, PublicIntake) else None
        existing = (
            {}
            if intake  # just created by the public form: no sender yet
            else {
                sender.feedback_id.id: sender
                for sender in Sender.search([("feedback_id", "in", self.ids)])
            }
        )
        # Only the fields written: the others may be masked (not shown to this user yet).
        written = self.env.context.get("cchc_sender_written")
        written = set(SENDER_FIELDS) if written is None else set(written)
        to_create = []
        for feedback in self:
            sender = existing.get(feedback.id)
            vals = {}
            for fname, sname in SENDER_FIELDS.items():
                if fname in written or not sender:
                    value = clean_text(feedback[fname])
                    vals[sname] = value if has_substance(value) else False
                else:
                    vals[sname] = sender[sname]
            if (sender or any(vals.values())) and not (vals["name"] and vals["address"]):
                raise ValidationError(
                    self.env._("The sender's name and address are required (Decree 20/2008).")
                )
            if sender:
                changed = {key: value for key, value in vals.items() if sender[key] != value}
                if changed:
                    sender.write(changed)
            elif any(vals.values()):
                to_create.append(
                    dict(
                        vals,
                        feedback_id=feedback.id,
                        client_ip_hash=(intake and intake.ip_hash) or False,
                        consent_date=(intake and intake.consent_date) or False,
                    )
                )
        if to_create:
            # The system links the sender to its feedback (protected on the sender);
            # the user's access rights on cchc.feedback.sender still apply.
            with trusted():
                Sender.create(to_create)

    def _search_sender(self, sender_field, operator, value):
        query = self.env["cchc.feedback.sender"]._search([(sender_field, operator, value)])
        return [
            ("id", "in", query.subselect(SQL.identifier("cchc_feedback_sender", "feedback_id")))
        ]

    def _search_sender_name(self, operator, value):
        return self._search_sender("name", operator, value)

    def _search_sender_address(self, operator, value):
        return self._search_sender("address", operator, value)

    def _search_sender_phone(self, operator, value):
        return self._search_sender("phone", operator, value)

    def _search_sender_email(self, operator, value):
        return self._search_sender("email", operator, value)

    @api.depends("received_date", "company_id")
    def _compute_deadlines(self):
        groups = defaultdict(lambda: self.browse())
        for feedback in self:
            if feedback.received_date and feedback.company_id:
                groups[(feedback.company_id, feedback.received_date)] |= feedback
            else:
                feedback.classification_deadline = False
                feedback.forward_deadline = False
                feedback.answer_deadline = False
        for (company, day), records in groups.items():
            classify, forward, answer = company._cchc_add_working_days(
                day,
                [
                    company.cchc_feedback_classify_days,
                    company.cchc_feedback_forward_days,
                    company.cchc_feedback_answer_days,
                ],
            )
            records.classification_deadline = classify
            records.forward_deadline = forward
            records.answer_deadline = answer

    @api.depends("state", "classification_deadline", "answer_deadline")
    def _compute_date_due(self):
        for feedback in self:
            if feedback.state == "new":
                feedback.date_due = feedback.classification_deadline
            elif feedback.state in OPEN_STATES:
                feedback.date_due = feedback.answer_deadline
            else:
                feedback.date_due = False

    @api.depends("answer_date", "answer_deadline")
    def _compute_answer_status(self):
        for feedback in self:
            if feedback.answer_date and feedback.answer_deadline:
                on_time = feedback.answer_date <= feedback.answer_deadline
                feedback.answered_on_time = on_time
                feedback.answer_status = "on_time" if on_time else "late"
            else:
                feedback.answered_on_time = False
                feedback.answer_status = False

    @api.depends("forward_date", "forward_deadline")
    def _compute_forwarded_on_time(self):
        for feedback in self:
            feedback.forwarded_on_time = bool(
                feedback.forward_date
                and feedback.forward_deadline
                and feedback.forward_date <= feedback.forward_deadline
            )

    @api.depends("state", "date_due", "answer_status")
    @api.depends_context("date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for feedback in self:
            if feedback.state in ("new", *OPEN_STATES):
                feedback.is_late = bool(feedback.date_due and feedback.date_due < today)
            else:
                feedback.is_late = feedback.answer_status == "late"

    @api.depends_context("uid")
    @api.depends("department_id")
    def _compute_is_my_department(self):
        departments = self.env.user.cchc_department_ids
        for feedback in self:
            feedback.is_my_department = feedback.department_id in departments

    def _search_is_my_department(self, operator, value):
        return boolean_filter_domain(
            operator,
            value,
            [("department_id", "in", self.env.user.cchc_department_ids.ids)],
            self.env._("Unsupported search on the department filter."),
        )

    @api.depends_context("uid")
    @api.depends("state", "handler_id", "department_id")
    def _compute_user_rights(self):
        user = self.env.user
        officer = self._is_officer()
        head = user.has_group("cchc_outreach.group_cchc_head")
        departments = user.cchc_department_ids
        managed = self._cchc_managed_departments()
        for feedback in self:
            is_head = head and feedback.department_id in departments
            feedback.can_classify = officer
            # The head who assigns is the department's manager (or of a parent), not a
            # coordinator or a staff member who happens to be in the head group.
            feedback.can_assign = officer or (
                bool(feedback.department_id) and feedback.department_id in managed
            )
            feedback.can_handle = officer or is_head or feedback.handler_id == user
            feedback.can_publish = officer

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("channel", "receiver_id")
    def _check_receiver(self):
        for feedback in self:
            if feedback.channel in ("hotline_1022", "in_person") and not feedback.receiver_id:
                raise ValidationError(
                    self.env._(
                        "Feedback %(ref)s: a feedback received by phone or in person must "
                        "name the receiving officer who wrote it down.",
                        ref=feedback.name,
                    )
                )

    @api.constrains("subject", "description")
    def _check_substance(self):
        for feedback in self:
            if not has_substance(feedback.subject) or not has_substance(feedback.description):
                raise ValidationError(
                    self.env._(
                        "Feedback %(ref)s: the subject and the content must contain letters or "
                        "digits.",
                        ref=feedback.name,
                    )
                )

    @api.constrains("handler_id", "department_id", "company_id")
    def _check_handler(self):
        """The handler is an active internal user working (as an employee of the feedback's
        company) in the assigned department or one of its sub-departments."""
        for feedback in self:
            handler = feedback.handler_id.sudo()
            if not handler:
                continue
            if not feedback.department_id:
                raise ValidationError(
                    self.env._(
                        "Feedback %(ref)s: assign a department before its handler.",
                        ref=feedback.name,
                    )
                )
            if not feedback._cchc_is_department_user(handler, feedback.department_id):
                raise ValidationError(
                    self.env._(
                        "Feedback %(ref)s: %(user)s cannot handle it. The handler must be an "
                        "active internal user working in %(department)s (or one of its "
                        "sub-departments) in %(company)s.",
                        ref=feedback.name,
                        user=handler.name,
                        department=feedback.department_id.sudo().display_name,
                        company=feedback.company_id.sudo().name,
                    )
                )

    @api.model
    def _cchc_managed_departments(self):
        """Departments the current user heads (as their manager), with their
        sub-departments."""
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        heads = Department.search([("manager_id.user_id", "=", self.env.uid)])
        return Department.search([("id", "child_of", heads.ids)]) if heads else Department

    def _cchc_is_department_user(self, user, departments):
        """Whether ``user`` is an active internal user with an employee of the feedback's
        company in ``departments`` or their sub-departments."""
        self.ensure_one()
        user = user.sudo()
        if not user.active or user.share or self.company_id not in user.company_ids:
            return False
        return bool(
            self.env["hr.employee"]
            .sudo()
            .search_count(
                [
                    ("user_id", "=", user.id),
                    ("company_id", "=", self.company_id.id),
                    ("department_id", "child_of", departments.ids),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for key in ("subject", "forward_to"):
                if vals.get(key):
                    vals[key] = clean_text(vals[key])
            for key in ("description", "answer", "public_summary", "public_answer"):
                if vals.get(key):
                    vals[key] = clean_text(vals[key], multiline=True)
        feedbacks = super().create(vals_list)
        if not isinstance(self.env.context.get("cchc_public_intake"), PublicIntake):
            feedbacks._check_has_sender()
        return feedbacks

    @api.model
    def _cchc_prepare_create_vals(self, vals_list):
        """The reference (PAKN/2026/00042) comes from the yearly sequence of the day of
        receipt, unless trusted code (an import) gives one."""
        vals_list = super()._cchc_prepare_create_vals(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                day = fields.Date.to_date(vals.get("received_date")) or (
                    company._cchc_feedback_today()
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .with_context(ir_sequence_date=day)
                    .next_by_code("cchc.feedback")
                )
        return vals_list

    def _check_has_sender(self):
        with_sender = set(
            self.env["cchc.feedback.sender"]
            .sudo()
            .search([("feedback_id", "in", self.ids)])
            .feedback_id.ids
        )
        missing = self.filtered(lambda f: f.id not in with_sender)
        if missing:
            raise ValidationError(
                self.env._(
                    "Feedback %(ref)s: the sender's name, address and phone number or e-mail "
                    "address are required (Decree 20/2008).",
                    ref=missing[0].name,
                )
            )

    def write(self, vals):
        vals = dict(vals)
        for key in ("subject", "forward_to"):
            if vals.get(key):
                vals[key] = clean_text(vals[key])
        for key in ("description", "answer", "public_summary", "public_answer"):
            if vals.get(key):
                vals[key] = clean_text(vals[key], multiline=True)
        if "answer_deadline" in vals:
            moved = self.filtered(
                lambda f: f.answer_deadline != fields.Date.to_date(vals["answer_deadline"])
            )
            moved.sudo()._cchc_close_reminders(feedback=False)
        old_handlers = {feedback.id: feedback.handler_id for feedback in self}
        # The sender fields the caller writes (the others may be masked for this user);
        # set here whatever the client's context says.
        written = tuple(name for name in SENDER_FIELDS if name in vals)
        result = super(CchcFeedback, self.with_context(cchc_sender_written=written)).write(vals)
        if {"public_summary", "public_answer"} & set(vals):
            # A published text stays free of personal data.
            for feedback in self.filtered("is_published"):
                feedback._check_public_texts_privacy()
        if "answer_deadline" in vals or "state" in vals:
            # A new due date or a new step: its reminders start again.
            with trusted():
                self.sudo().write({"cchc_reminder_sent": False, "cchc_escalation_sent": False})
        if "handler_id" in vals:
            changed = self.filtered(lambda f: f.handler_id != old_handlers[f.id])
            changed._notify_handler()
        return result

    def _cchc_check_write_access(self, names, vals):
        """Officers and managers edit the feedback; the department head and the handler
        what handling needs; nobody else anything."""
        if self._is_officer():
            return
        user = self.env.user
        departments = user.cchc_department_ids
        is_head = user.has_group("cchc_outreach.group_cchc_head")
        managed = self._cchc_managed_departments() if "handler_id" in names else None
        for feedback in self:
            if "handler_id" in names:
                # The handler: the head of the assigned department (its manager), and
                # only a user of the departments he heads.
                handler_id = vals.get("handler_id")
                if feedback.department_id not in managed or (
                    handler_id
                    and not (
                        isinstance(handler_id, int)
                        and feedback._cchc_is_department_user(
                            self.env["res.users"].browse(handler_id), managed
                        )
                    )
                ):
                    raise AccessError(
                        self.env._(
                            "Feedback %(ref)s: only a receiving officer, a manager or the head "
                            "of its department may assign its handler, and the head only a "
                            "user of his own department.",
                            ref=feedback.name,
                        )
                    )
            if is_head and feedback.department_id in departments:
                allowed = HEAD_FIELDS
            elif feedback.handler_id == user:
                allowed = HANDLER_FIELDS
            else:
                allowed = set()
            forbidden = names - allowed
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Feedback %(ref)s: you may not change %(fields)s.",
                        ref=feedback.name,
                        fields=self._cchc_field_labels(forbidden),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unhandled(self):
        for feedback in self:
            if feedback.state != "new" or feedback.classification_date:
                raise UserError(
                    self.env._(
                        "Feedback %(ref)s has been handled: it cannot be deleted. "
                        "Archive it instead.",
                        ref=feedback.name,
                    )
                )

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for feedback in self:
            feedback.display_name = (
                f"{feedback.name} - {feedback.subject}" if feedback.subject else feedback.name
            )

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _is_officer(self):
        user = self.env.user
        return user.has_group("cchc_outreach.group_cchc_feedback_officer") or user.has_group(
            "cchc_outreach.group_cchc_manager"
        )

    def _is_manager(self):
        return self.env.user.has_group("cchc_outreach.group_cchc_manager")

    def _check_officer(self):
        if not self.env.su and not self._is_officer():
            raise AccessError(
                self.env._("Only a receiving officer or a manager can do this on feedback.")
            )

    def _check_can_handle(self):
        if self.env.su:
            return
        for feedback in self:
            if not feedback.can_handle:
                raise AccessError(
                    self.env._(
                        "Feedback %(ref)s: only its handler, the head of its department, "
                        "a receiving officer or a manager can do this.",
                        ref=feedback.name,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_open_classify_wizard(self):
        self._check_officer()
        self._cchc_check_state(("new",))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Classify Feedback"),
            "res_model": "cchc.feedback.classify.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_feedback_ids": self.ids,
                "default_content_class": self[:1].content_class,
                "default_kind": self[:1].kind,
            },
        }

    def action_classify(
        self,
        classification,
        department=None,
        handler=None,
        reason=None,
        forward_to=None,
        forward_date=None,
        content_class=None,
        kind=None,
    ):
        """Classify new feedback (Decree 20/2008): accept, forward or refuse it."""
        self._check_officer()
        self._cchc_check_state(("new",))
        today = self.env.company._cchc_feedback_today()
        vals = {
            "classification": classification,
            "classification_date": today,
            "classified_by_id": self.env.uid,
        }
        if content_class:
            vals["content_class"] = content_class
        if kind:
            vals["kind"] = kind
        if classification == "within":
            if not department:
                raise UserError(self.env._("Choose the department that will handle the feedback."))
            vals.update(
                state="classified",
                department_id=department.id,
                handler_id=handler.id if handler else False,
            )
        elif classification in ("outside", "conduct"):
            forward_to = clean_text(forward_to)
            if not forward_to:
                raise UserError(self.env._("Name the competent body the feedback is forwarded to."))
            vals.update(
                state="forwarded",
                forward_to=forward_to,
                forward_date=forward_date or today,
            )
        elif classification == "not_accepted":
            reason = clean_text(reason, multiline=True)
            if not reason:
                raise UserError(self.env._("Give the reason why the feedback is not accepted."))
            vals.update(state="not_accepted", not_accepted_reason=reason)
        else:
            raise UserError(self.env._("Unknown classification."))
        self.sudo().activity_feedback(["cchc_outreach.mail_act_cchc_feedback_classify"])
        self.sudo()._cchc_close_reminders(feedback=True)
        self._cchc_workflow_write(vals)
        if classification == "within" and not handler:
            for feedback in self.sudo():
                head = feedback.department_id.manager_id.user_id
                if head:
                    feedback.activity_schedule(
                        "cchc_outreach.mail_act_cchc_feedback_assigned",
                        date_deadline=feedback.answer_deadline or today,
                        user_id=head.id,
                        note=self.env._("Assign a handler to this feedback."),
                    )
        labels = dict(self._fields["classification"]._description_selection(self.env))
        for feedback in self.sudo():
            body = self.env._("Classified: %(what)s.", what=labels[classification])
            if feedback.forward_to:
                body += " " + self.env._("Forwarded to %(body)s.", body=feedback.forward_to)
            feedback.message_post(body=body, subtype_xmlid="mail.mt_note")
        if classification in ("outside", "conduct"):
            self._cchc_notify_forwarded()
        return True

    def action_start(self):
        self._cchc_check_state(("classified",))
        self._check_can_handle()
        self._cchc_workflow_write({"state": "in_progress"})
        return True

    def action_answer(self):
        self._cchc_check_state(OPEN_STATES)
        self._check_can_handle()
        for feedback in self:
            if not (feedback.answer or "").strip():
                raise UserError(
                    self.env._(
                        "Feedback %(ref)s: write the answer before marking it answered.",
                        ref=feedback.name,
                    )
                )
        self._cchc_workflow_write(
            {
                "state": "answered",
                "answer_date": self.env.company._cchc_feedback_today(),
                "answered_by_id": self.env.uid,
            }
        )
        self.sudo().activity_feedback(["cchc_outreach.mail_act_cchc_feedback_assigned"])
        self.sudo()._cchc_close_reminders(feedback=True)
        self._cchc_notify_answered()
        return True

    def action_close(self):
        self._cchc_check_state(("answered",))
        self._check_can_handle()
        self._cchc_workflow_write({"state": "closed"})
        return True

    def action_reopen(self):
        """Back to New, e.g. after a wrong classification."""
        self._check_officer()
        self._cchc_check_state(("not_accepted", "forwarded"))
        self._cchc_workflow_write(
            {
                "state": "new",
                "classification": False,
                "not_accepted_reason": False,
                "forward_to": False,
                "forward_date": False,
            }
        )
        return True

    def action_publish(self):
        self._check_officer()
        self._cchc_check_state(("answered", "closed"))
        for feedback in self:
            if not (feedback.public_answer or "").strip():
                raise UserError(
                    self.env._(
                        "Feedback %(ref)s: write the public answer before publishing it.",
                        ref=feedback.name,
                    )
                )
            feedback._check_public_texts_privacy()
        self._cchc_workflow_write(
            {"is_published": True, "published_date": self.env.company._cchc_feedback_today()}
        )
        return True

    def action_unpublish(self):
        self._check_officer()
        self._cchc_workflow_write({"is_published": False})
        return True

    def _check_public_texts_privacy(self):
        """Refuse public texts that hold the sender's name, phone, e-mail, a part of her
        address or an ID number (compared without case and diacritics); the error lists
        what was found, text by text."""
        self.ensure_one()
        sender = (
            self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", self.id)], limit=1)
        )
        labels = {
            "name": self.env._("the sender's name"),
            "phone": self.env._("the sender's phone number"),
            "email": self.env._("the sender's e-mail address"),
            "address": self.env._("a part of the sender's address"),
            "id_number": self.env._("an ID card number"),
        }
        texts = [
            # The subject is published when the public question is empty.
            ("public_summary" if self.public_summary else "subject")
            if (self.public_summary or self.subject)
            else None,
            "public_answer" if self.public_answer else None,
        ]
        problems = []
        for fname in filter(None, texts):
            found = find_personal_data(
                self[fname],
                name=sender.name,
                phone=sender.phone,
                email=sender.email,
                address=sender.address,
            )
            if found:
                problems.append(
                    self.env._(
                        "%(field)s: %(what)s",
                        field=self._fields[fname]._description_string(self.env),
                        what=", ".join(labels[kind] for kind in found),
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "Feedback %(ref)s: the public texts contain personal data. Remove it "
                    "before publishing.\n%(found)s",
                    ref=self.name,
                    found="\n".join(problems),
                )
            )

    # ------------------------------------------------------------------
    # Handler, sender reveal, access log
    # ------------------------------------------------------------------
    def action_open_assign_wizard(self):
        self.ensure_one()
        self._check_can_assign()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Handler"),
            "res_model": "cchc.feedback.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_feedback_id": self.id},
        }

    def _check_can_assign(self):
        if self.env.su:
            return
        for feedback in self:
            if not feedback.can_assign or feedback.state not in ("new", *OPEN_STATES):
                raise AccessError(
                    self.env._(
                        "Feedback %(ref)s: only a receiving officer, a manager or the head of "
                        "its department can assign its handler while it is being handled.",
                        ref=feedback.name,
                    )
                )

    def action_assign_handler(self, handler):
        """Assign ``handler`` (a res.users record or id): receiving officers and managers
        any user of the department, its head a user of his own department; tracked."""
        handler = self.env["res.users"].browse(getattr(handler, "id", handler) or [])
        self._check_can_assign()
        # The workflow guard decides (_cchc_check_write_access), as for a plain write.
        self.write({"handler_id": handler.id or False})
        return True

    def action_show_sender(self):
        """Show the sender's data to the current user for some hours (the access log's
        REVEAL_HOURS), logged."""
        if not self._cchc_may_read_sender(self.ids):
            raise AccessError(
                self.env._(
                    "Only receiving officers, managers and the assigned handler may see the "
                    "sender's personal data."
                )
            )
        self.env["cchc.feedback.access.log"]._cchc_log(self, "reveal")
        self.invalidate_recordset(["sender_revealed", *SENDER_FIELDS])
        return True

    def action_open_access_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_outreach.cchc_feedback_access_log_action"
        )
        action["domain"] = [("feedback_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @api.model
    def _cchc_retention_due_ids(self, limit=None):
        """Ids of closed feedback whose sender is kept longer than its company allows: one
        query over every company (months 0 keep the data)."""
        self.flush_model()
        self.env["res.company"].flush_model(["cchc_feedback_retention_months"])
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """
            SELECT fb.id
              FROM cchc_feedback fb
              JOIN res_company c ON c.id = fb.company_id
             WHERE c.cchc_feedback_retention_months > 0
               AND fb.state IN %s
               AND fb.anonymised_date IS NULL
               AND COALESCE(fb.answer_date, fb.forward_date, fb.classification_date,
                            fb.received_date)
                   < %s::date - make_interval(months => c.cchc_feedback_retention_months)
             ORDER BY fb.id
             LIMIT %s
            """,
            [CLOSED_STATES, today, limit],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_anonymise_senders(self, limit=ANONYMISE_BATCH):
        """Scheduled action: anonymise the senders of closed feedback past the retention
        period. Statistics (dates, kind, classification, channel, answer status,
        department) stay. Idempotent. Returns the number of feedback anonymised."""
        ids = self._cchc_retention_due_ids(limit=limit + 1)
        more = len(ids) > limit
        feedbacks = self.sudo().browse(ids[:limit])
        if feedbacks:
            feedbacks._cchc_anonymise_sender()
        if more:
            self.env.ref("cchc_outreach.ir_cron_cchc_feedback_anonymise")._trigger()
        return len(feedbacks)

    def _cchc_anonymise_sender(self):
        """Replace the sender's data by a placeholder and remove the feedback's files."""
        placeholder = self.env._("(anonymised)")
        ids = self.ids
        senders = self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "in", ids)])
        senders.write(
            {
                "name": placeholder,
                "address": placeholder,
                "phone": False,
                "email": False,
                "client_ip_hash": False,
                "anonymised": True,
            }
        )
        Attachment = self.env["ir.attachment"].sudo()
        files = (
            Attachment.search(
                [("res_model", "=", self._name), ("res_id", "in", ids), ("id", "!=", False)]
            )
            | self.sudo().attachment_ids
        )
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", ids)])
        )
        files |= messages.attachment_ids
        files.unlink()
        # What came in by e-mail carried her address and her words.
        messages.filtered(lambda m: m.message_type == "email").write(
            {"email_from": False, "body": placeholder}
        )
        with trusted():
            self.sudo().with_context(tracking_disable=True).write(
                {"anonymised_date": fields.Date.context_today(self)}
            )
        self.env["cchc.feedback.access.log"]._cchc_log(self, "anonymise")
        body = self.env._(
            "The sender's personal data and the attached files were removed after the "
            "retention period."
        )
        self.sudo()._message_log_batch({feedback.id: body for feedback in self})

    def _notify_handler(self):
        for feedback in self.sudo():
            feedback.activity_unlink(["cchc_outreach.mail_act_cchc_feedback_assigned"])
            if feedback.handler_id and feedback.state in OPEN_STATES:
                feedback.activity_schedule(
                    "cchc_outreach.mail_act_cchc_feedback_assigned",
                    date_deadline=feedback.answer_deadline or fields.Date.today(),
                    user_id=feedback.handler_id.id,
                )

    # ------------------------------------------------------------------
    # Public form
    # ------------------------------------------------------------------
    @api.model
    def _cchc_hash_client_ip(self, address):
        return hmac(self.env(su=True), "cchc-feedback-client-ip", address or "")

    @api.model
    def _cchc_hash_lookup_code(self, code):
        """HMAC (keyed by the database secret) of a normalised lookup code."""
        return hmac(self.env(su=True), "cchc-feedback-lookup-code", code or "")

    @api.model
    def _cchc_rate_limited(self, company, ip_hash):
        """Whether this address already sent the allowed number of feedback.

        Counted in the database (the sender records of the window, whatever worker
        created them), under a transaction-level advisory lock on the address so that
        two simultaneous submissions from it are counted one after the other.
        """
        limit = company.cchc_feedback_rate_limit_count
        if not limit or not ip_hash:
            return False
        self.env["cchc.feedback.sender"].flush_model(["client_ip_hash"])
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s)", [int(ip_hash[:15], 16)])
        self.env.cr.execute(
            """
            SELECT count(*)
              FROM cchc_feedback_sender
             WHERE client_ip_hash = %s
               AND create_date > (now() at time zone 'UTC') - make_interval(mins => %s)
            """,
            [ip_hash, company.cchc_feedback_rate_limit_minutes],
        )
        return self.env.cr.fetchone()[0] >= limit

    @api.model
    def _cchc_public_field_labels(self):
        _ = self.env._
        return {
            "sender_name": _("your full name (or your organisation's name)"),
            "sender_address": _("your address"),
            "subject": _("the regulation or procedure concerned"),
            "description": _("the content of your feedback"),
        }

    @api.model
    def _cchc_file_refusal_message(self, error, company):
        """The message shown to the sender for a refused attachment (FileRefused)."""
        _ = self.env._
        name = error.params.get("filename") or _("The file")
        messages = {
            "type": _(
                "%(file)s is not an accepted file: send images (JPG, PNG), PDF, Word (.docx) "
                "or Excel (.xlsx) files. Save old .doc/.xls files as .docx/.xlsx or PDF.",
                file=name,
            ),
            "empty": _("%(file)s is empty.", file=name),
            "too_large": _(
                "%(file)s is larger than %(size)s MB.",
                file=name,
                size=company.cchc_feedback_max_file_mb,
            ),
            "image": _(
                "%(file)s is not a valid image: it could not be read as the type its name "
                "announces.",
                file=name,
            ),
            "pdf_active": _(
                "%(file)s contains scripts, actions or embedded files: save it again as a "
                "plain PDF (print to PDF) and send that file.",
                file=name,
            ),
            "pdf_broken": _(
                "%(file)s is damaged, password-protected or cannot be checked: send an "
                "unprotected PDF.",
                file=name,
            ),
            "office_macro": _(
                "%(file)s contains macros or ActiveX controls: save it again without them.",
                file=name,
            ),
            "office_executable": _(
                "%(file)s contains programs or embedded objects: save it again without them.",
                file=name,
            ),
            "office_too_big": _(
                "%(file)s is too big or too complex once unpacked.",
                file=name,
            ),
            "office_broken": _("%(file)s is damaged or cannot be checked.", file=name),
        }
        return messages.get(error.code) or _("%(file)s was refused.", file=name)

    @api.model
    def _cchc_validate_public_form(self, params, files, company):
        """Check a public-form submission.

        ``params`` maps field names to strings, ``files`` is a list of
        ``(filename, bytes)``. Returns ``(values, attachments, errors)`` where
        ``errors`` maps a field name (``contact`` for the phone-or-e-mail choice,
        ``consent``, ``attachments``) to a message for the sender; ``values`` are ready
        for ``create`` only when ``errors`` is empty; ``attachments`` are
        :class:`~..tools.files.CheckedFile` (images re-encoded).
        """
        _ = self.env._
        errors = {}
        values = {}

        def raw(name):
            value = params.get(name)
            return value if isinstance(value, str) else ""

        def text(name, multiline=False):
            """The cleaned value, and whether something visible was typed but nothing
            with a letter or digit is left."""
            typed = raw(name)
            value = clean_text(typed, multiline=multiline)
            if has_substance(value):
                return value, False
            return "", bool(typed.strip())

        def hollow(label):
            return _(
                "This field contains no letter or digit (only spaces, punctuation or "
                "invisible characters): please enter %(what)s.",
                what=label,
            )

        for name, label in self._cchc_public_field_labels().items():
            value, was_hollow = text(name, multiline=name == "description")
            low, high = LIMITS[name]
            if was_hollow:
                errors[name] = hollow(label)
            elif not value:
                errors[name] = _("Please enter %(what)s.", what=label)
            elif len(value) < low:
                errors[name] = _(
                    "%(What)s is too short: at least %(count)s characters.",
                    What=label[:1].upper() + label[1:],
                    count=low,
                )
            elif len(value) > high:
                errors[name] = _(
                    "%(What)s is too long: at most %(count)s characters.",
                    What=label[:1].upper() + label[1:],
                    count=high,
                )
            values[name] = value

        phone, phone_hollow = text("sender_phone")
        email, email_hollow = text("sender_email")
        if phone_hollow:
            errors["sender_phone"] = hollow(_("your phone number"))
        elif phone and (len(phone) > LIMITS["sender_phone"][1] or not valid_phone(phone)):
            errors["sender_phone"] = _(
                "The phone number is not valid: use digits only, e.g. 0912 345 678."
            )
        if email_hollow:
            errors["sender_email"] = hollow(_("your e-mail address"))
        elif email and (len(email) > LIMITS["sender_email"][1] or not normalize_email(email)):
            errors["sender_email"] = _(
                "The e-mail address is not valid, e.g. nguyenvana@example.com."
            )
        if not phone and not email and not (phone_hollow or email_hollow):
            errors["contact"] = _(
                "Please enter your phone number or your e-mail address, so that we can answer you."
            )
        values["sender_phone"] = phone or False
        values["sender_email"] = email or False

        kind = raw("kind") or "phan_anh"
        if kind not in dict(FEEDBACK_KINDS):
            errors["kind"] = _("Choose whether you send a feedback or a proposal.")
        values["kind"] = kind
        sender_type = raw("sender_type") or "individual"
        if sender_type not in dict(SENDER_TYPES):
            errors["sender_type"] = _("Choose whether you write as a person or an organisation.")
        values["sender_type"] = sender_type
        content_class = raw("content_class") or False
        if content_class and content_class not in dict(CONTENT_CLASSES):
            errors["content_class"] = _("Choose what your feedback is about from the list.")
        values["content_class"] = content_class

        if raw("consent") not in ("1", "on", "yes"):
            errors["consent"] = _(
                "Please agree to the processing of your personal data: without it we cannot "
                "handle your feedback."
            )

        attachments = []
        max_files = company.cchc_feedback_max_files
        max_bytes = company.cchc_feedback_max_file_mb * 1024 * 1024
        files = [(name, data) for name, data in files if name or data]
        if len(files) > max_files:
            errors["attachments"] = _("You may attach at most %(count)s files.", count=max_files)
        else:
            problems = []
            for filename, data in files:
                try:
                    attachments.append(check_upload(filename, data, max_bytes))
                except FileRefused as error:
                    _logger.info("Public feedback: attachment refused: %s", error)
                    problems.append(self._cchc_file_refusal_message(error, company))
            if problems:
                errors["attachments"] = " ".join(problems)
        return values, attachments, errors

    @api.model
    def _cchc_create_from_public_form(self, values, attachments, company, ip_hash):
        """Register a validated public-form submission (as superuser).

        Returns ``(feedback, lookup_code)``: the plain lookup code (``ABCDE-FGHJK``) is
        only returned here, to be shown to the sender (and e-mailed to her); the record
        keeps its HMAC. _cchc_validate_public_form checked the sender's name, address,
        phone or e-mail and consent; the consent date is stored on the sender record.
        No chatter message: the channel says where it came from.
        """
        code = new_lookup_code()
        Feedback = (
            self.sudo()
            .with_company(company)
            .with_context(
                mail_create_nosubscribe=True,
                mail_activity_quick_update=True,
                tracking_disable=True,
                cchc_public_intake=PublicIntake(ip_hash, fields.Datetime.now()),
            )
        )
        feedback = Feedback.create(
            dict(
                values,
                company_id=company.id,
                channel="web_form",
                receiver_id=company.cchc_feedback_receiver_id.id or False,
                lookup_code_hash=self._cchc_hash_lookup_code(normalize_lookup_code(code)),
            )
        )
        feedback._cchc_attach_checked(attachments)
        if company.cchc_feedback_receiver_id:
            feedback.activity_schedule(
                "cchc_outreach.mail_act_cchc_feedback_classify",
                date_deadline=feedback.classification_deadline,
                user_id=company.cchc_feedback_receiver_id.id,
            )
        # The code reaches the sender twice: on the confirmation page and by e-mail.
        feedback._cchc_notify_received(lookup_code=code)
        feedback._cchc_notify_officers_new()
        return feedback, code

    @api.model
    def _cchc_public_lookup(self, reference, secret, company, ip_hash=None):
        """The feedback of ``company`` whose reference is ``reference`` and whose lookup
        code, or sender's phone or e-mail, is ``secret``.

        Returns ``(feedback, limited)``: ``feedback`` is empty unless everything matched;
        ``limited`` tells that too many lookups failed recently from this address or on
        this reference (cchc.feedback.lookup.attempt): then nothing is even compared,
        a right answer included. An unknown reference, a wrong code and a wrong contact
        take the same path: one query, one HMAC, three constant-time comparisons, one
        failure recorded.
        """
        reference = re.sub(r"\s+", "", clean_text(reference).upper())[:64]
        secret = clean_text(secret)[:254]
        Attempt = self.env["cchc.feedback.lookup.attempt"].sudo()
        if Attempt._cchc_check_blocked(reference, ip_hash):
            return self.browse(), True
        self.flush_model(["name", "company_id", "lookup_code_hash"])
        self.env["cchc.feedback.sender"].flush_model(
            ["feedback_id", "phone_normalized", "email_normalized"]
        )
        self.env.cr.execute(
            """
            SELECT fb.id, COALESCE(fb.lookup_code_hash, ''),
                   COALESCE(s.phone_normalized, ''), COALESCE(s.email_normalized, '')
              FROM cchc_feedback fb
              LEFT JOIN cchc_feedback_sender s ON s.feedback_id = fb.id
             WHERE fb.name = %s AND fb.company_id = %s
            """,
            [reference, company.id],
        )
        row = self.env.cr.fetchone() or (0, "\x00no-code", "\x00no-phone", "\x00no-email")
        code = normalize_lookup_code(secret)
        given_hash = self._cchc_hash_lookup_code(code)
        given_email = normalize_email(secret) if "@" in secret else ""
        given_phone = "" if "@" in secret else normalize_phone(secret)
        code_ok = hmac_lib.compare_digest(
            (given_hash if code else "\x01").encode(), (row[1] or "\x02").encode()
        )
        phone_ok = hmac_lib.compare_digest(
            (given_phone or "\x01").encode(), (row[2] or "\x02").encode()
        )
        email_ok = hmac_lib.compare_digest(
            (given_email or "\x01").encode(), (row[3] or "\x02").encode()
        )
        if row[0] and (code_ok | phone_ok | email_ok):
            return self.sudo().browse(row[0]), False
        Attempt._cchc_record_failure(reference, ip_hash)
        return self.browse(), False

    # ------------------------------------------------------------------
    # E-mails: to the sender, to the receiving officers
    # ------------------------------------------------------------------
    def _cchc_notify_received(self, lookup_code=False):
        """Acknowledge a feedback to its sender (when she gave an e-mail address): its
        reference, ``lookup_code`` when one was given, the answer deadline and the lookup
        page. Returns the queued ``mail.mail``."""
        return self._cchc_send_sender_mail(MAIL_RECEIVED, lookup_code=lookup_code)

    def _cchc_notify_forwarded(self):
        """Tell the sender that her feedback was forwarded to another body."""
        return self._cchc_send_sender_mail(MAIL_FORWARDED)

    def _cchc_notify_answered(self):
        """Send the sender the answer (the official reply, when marked answered)."""
        return self._cchc_send_sender_mail(MAIL_ANSWERED)

    def _cchc_send_sender_mail(self, template_xmlid, lookup_code=False):
        """Queue the e-mail of ``template_xmlid`` to the sender of each feedback that has
        an e-mail address, rendered in the company's public language.

        The e-mail is not posted on the chatter: its message is a ``user_notification``
        of the company (hidden from the chatter, readable only by its author), so that
        colleagues who may not read the sender do not see her name or the lookup code.
        Only the sender receives it (no copy, no follower). A failure to prepare it is
        logged and does not stop the action that sends it; the mail queue sends it."""
        mails = self.env["mail.mail"].sudo()
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template or not self:
            return mails
        senders = {
            sender.feedback_id.id: sender
            for sender in self.env["cchc.feedback.sender"]
            .sudo()
            .search([("feedback_id", "in", self.ids)])
        }
        template = template.sudo().with_context(cchc_lookup_code=lookup_code or False)
        for feedback in self.sudo():
            sender = senders.get(feedback.id)
            if not sender or not sender.email_normalized:
                continue
            company = feedback.company_id
            email_values = {
                "message_type": "user_notification",
                "author_id": company.partner_id.id,
                "email_cc": False,
                "recipient_ids": [],
            }
            reply_to = company._cchc_feedback_alias_email()
            if reply_to:
                email_values["reply_to"] = reply_to
            try:
                with self.env.cr.savepoint():
                    mails |= template.send_mail_batch([feedback.id], email_values=email_values)
            except (UserError, ValueError):
                _logger.exception(
                    "Feedback %s: the e-mail %s to the sender could not be prepared",
                    feedback.id,
                    template_xmlid,
                )
        return mails

    def _cchc_notify_officers_new(self, refused_files=0):
        """Tell the receiving officers of the company that a feedback arrived (public form,
        e-mail), in their language and the way they chose (Odoo inbox or e-mail): a
        notification of the feedback visible to them only, without the sender's personal
        data. The reminders (cchc.reminder.mixin) come later, as activities."""
        for feedback in self.sudo():
            officers = (
                feedback.company_id._cchc_feedback_officers() | feedback.receiver_id
            ).filtered(lambda user: user.active and not user.share)
            per_lang = defaultdict(lambda: self.env["res.users"])
            for user in officers:
                per_lang[user.lang or self.env.lang] |= user
            for lang, users in per_lang.items():
                env = self.with_context(lang=lang).sudo().env
                record = feedback.with_env(env)
                channels = dict(record._fields["channel"]._description_selection(env))
                body = env["ir.qweb"]._render(
                    "cchc_outreach.message_feedback_new",
                    {
                        "feedback": record,
                        "channel": channels.get(record.channel, record.channel),
                        "url": f"{record.get_base_url()}/odoo/cchc.feedback/{record.id}",
                        "classification_deadline": format_date(env, record.classification_deadline),
                        "refused": refused_files,
                    },
                    minimal_qcontext=True,
                )
                self._cchc_notify_users(
                    record,
                    users,
                    env._(
                        "New feedback %(ref)s: %(subject)s", ref=record.name, subject=record.subject
                    ),
                    body,
                )

    def _cchc_notify_users(self, record, users, subject, body):
        try:
            with self.env.cr.savepoint():
                # Through the mail queue, as the e-mails to the sender.
                record.with_context(mail_notify_force_send=False).message_notify(
                    partner_ids=users.partner_id.ids,
                    author_id=record.company_id.partner_id.id,
                    subject=subject,
                    body=body,
                    record_name=record.display_name,
                    email_layout_xmlid="mail.mail_notification_layout",
                    model_description=record.env["ir.model"]._get(record._name).display_name,
                )
        except (UserError, ValueError):
            _logger.exception("Feedback %s: the officers could not be notified", record.id)

    # ------------------------------------------------------------------
    # Incoming e-mail (the company's alias, pakn@...)
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A citizen's e-mail to the company's alias becomes a feedback on the e-mail
        channel: the sender record from the From address (name from its display name; the
        address, required by Decree 20/2008, is a placeholder until the officer completes
        it), the subject, the body as plain text, the attachments that pass the checks of
        the public form. The sender gets the acknowledgement, the receiving officers a
        notification. Nothing of the e-mail is posted on the chatter (see message_post)."""
        values = dict(custom_values or {})
        company = self.env["res.company"].sudo().browse(values.get("company_id")).exists()
        company = company or self.env.company
        lang = company._cchc_feedback_public_lang()
        _ = self.with_context(lang=lang).env._
        name, email = parse_contact_from_email(msg_dict.get("email_from") or "")
        email = normalize_email(email)
        if not email:
            raise UserError(_("A feedback by e-mail needs the sender's e-mail address."))
        subject = clean_user_text(msg_dict.get("subject"))[: LIMITS["subject"][1]]
        replied = self._cchc_mail_replied_feedback(company, subject, email)
        if replied:
            # The sender answers one of our e-mails (sent and deleted since): her reply
            # goes to the officers of that feedback, it is not a new feedback.
            replied._cchc_notify_officers_reply(msg_dict)
            return replied.with_context(cchc_gateway_new=True)
        text = clean_user_text(html2plaintext(msg_dict.get("body") or ""), multiline=True)
        text = text[: LIMITS["description"][1]]
        sender_name = clean_user_text(name)[: LIMITS["sender_name"][1]] or email
        # Her lookup code, as on the public form: only its HMAC is kept, she gets it by e-mail.
        code = new_lookup_code()
        Feedback = (
            self.sudo()
            .with_company(company)
            .with_context(
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
                mail_activity_quick_update=True,
                tracking_disable=True,
                cchc_public_intake=PublicIntake(),
            )
        )
        feedback = Feedback.create(
            {
                "company_id": company.id,
                "channel": "email",
                "subject": subject if has_substance(subject) else _("(no subject)"),
                "description": text if has_substance(text) else (subject or _("(empty e-mail)")),
                "sender_type": "individual",
                "sender_name": sender_name,
                # Required by Decree 20/2008, not given by an e-mail: the officer
                # completes it when the sender tells it.
                "sender_address": _("(not given, received by e-mail)"),
                "sender_email": email,
                "receiver_id": company.cchc_feedback_receiver_id.id or False,
                "lookup_code_hash": self._cchc_hash_lookup_code(normalize_lookup_code(code)),
            }
        )
        refused = feedback._cchc_store_mail_attachments(msg_dict.get("attachments") or [])
        if refused:
            feedback.message_post(
                body=_(
                    "%(count)s attached file(s) of the e-mail were refused by the checks "
                    "and not kept.",
                    count=refused,
                ),
                subtype_xmlid="mail.mt_note",
            )
        if company.cchc_feedback_receiver_id:
            feedback.activity_schedule(
                "cchc_outreach.mail_act_cchc_feedback_classify",
                date_deadline=feedback.classification_deadline,
                user_id=company.cchc_feedback_receiver_id.id,
            )
        feedback._cchc_notify_received(lookup_code=code)
        feedback._cchc_notify_officers_new(refused_files=refused)
        # Tells message_post that the gateway's copy of the e-mail is not to be posted.
        return feedback.with_context(cchc_gateway_new=True)

    @api.model
    def _cchc_mail_replied_feedback(self, company, subject, email):
        """The feedback of ``company`` whose reference the subject quotes and whose sender
        has the address ``email``, else an empty recordset: a reply to our e-mails."""
        references = REFERENCE_RE.findall(subject or "")
        if not references or not email:
            return self.browse()
        senders = (
            self.env["cchc.feedback.sender"]
            .sudo()
            .search(
                [
                    ("feedback_id.name", "in", references),
                    ("feedback_id.company_id", "=", company.id),
                    ("email_normalized", "=", email),
                ],
                limit=1,
            )
        )
        return senders.feedback_id

    def _cchc_store_mail_attachments(self, attachments):
        """Store the attachments of an e-mail that pass the checks of the public form (type,
        structure, size, number of files); returns how many were refused."""
        self.ensure_one()
        company = self.company_id
        max_bytes = company.cchc_feedback_max_file_mb * 1024 * 1024
        accepted, refused = [], 0
        for attachment in attachments:
            filename, content = attachment[0], attachment[1]
            data = content.encode() if isinstance(content, str) else bytes(content or b"")
            if len(accepted) >= company.cchc_feedback_max_files:
                refused += 1
                continue
            try:
                checked = check_upload(filename, data, max_bytes)
            except FileRefused as error:
                _logger.info("Feedback %s: attachment refused (%s)", self.id, error.code)
                refused += 1
                continue
            accepted.append(checked)
        self._cchc_attach_checked(accepted)
        return refused

    def _cchc_attach_checked(self, checked_files):
        """Store the files the sender sent, as ``tools.files.check_upload`` returned them
        (re-encoded images), on this feedback: one create for all, as superuser (the sender
        is the public user or the mail gateway)."""
        self.ensure_one()
        if not checked_files:
            return
        records = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": checked.name,
                        "raw": checked.data,
                        "mimetype": checked.mimetype,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for checked in checked_files
                ]
            )
        )
        self.sudo().attachment_ids = [fields.Command.set(records.ids)]

    def message_update(self, msg_dict, update_vals=None):
        """A reply of the sender to a feedback (found by the gateway from the e-mail it
        answers, while that e-mail is kept) changes nothing on the feedback: what she sent
        is fixed once classified. See message_post for where the reply goes; a reply to an
        e-mail already deleted is recognised by message_new (reference in the subject and
        the sender's address)."""
        return True

    def message_post(self, **kwargs):
        """An e-mail received by the gateway is not posted on the chatter: everyone who
        reads the feedback would see the sender's address and her files. A new feedback
        already holds the e-mail (message_new); a reply of the sender goes to the receiving
        officers only, as a notification, without its attachments."""
        if self.env.context.get("from_alias"):
            if self.env.context.get("cchc_gateway_new"):
                return self.env["mail.message"]
            return self._cchc_notify_officers_reply(kwargs)
        return super().message_post(**kwargs)

    def _cchc_notify_officers_reply(self, post_values):
        self.ensure_one()
        feedback = self.sudo()
        text = clean_user_text(html2plaintext(post_values.get("body") or ""), multiline=True)
        officers = (feedback.company_id._cchc_feedback_officers() | feedback.receiver_id).filtered(
            lambda user: user.active and not user.share
        )
        per_lang = defaultdict(lambda: self.env["res.users"])
        for user in officers:
            per_lang[user.lang or self.env.lang] |= user
        for lang, users in per_lang.items():
            env = self.with_context(lang=lang).sudo().env
            record = feedback.with_env(env)
            body = env["ir.qweb"]._render(
                "cchc_outreach.message_feedback_reply",
                {
                    "feedback": record,
                    "url": f"{record.get_base_url()}/odoo/cchc.feedback/{record.id}",
                    "text": text[: LIMITS["description"][1]],
                    "files": len(post_values.get("attachments") or []),
                },
                minimal_qcontext=True,
            )
            self._cchc_notify_users(
                record,
                users,
                env._("Reply of the sender to feedback %(ref)s", ref=record.name),
                body,
            )
        return self.env["mail.message"]
