"""The fixture world of the addon's Odoo tests, in one file.

``CchcCommon``
    two companies, departments with heads, one user per group per department, two plans
    of company A (one per department, each with one task) and one of company B.
``CchcFeedbackCommon``
    the core world and a receiving officer, the handler's colleague, feedback deadlines.
``CchcPublicFormMixin``
    (with ``CchcFeedbackCommon`` and ``HttpCase``) the public feedback form of company A.
``CchcReportCommon``
    the core world and an issued plan whose tasks, outputs and feedback fall before,
    inside and after quarter I.
``PlanDocumentCommon``
    (with ``TransactionCase`` or ``HttpCase``) the plan of seed 000 in the test
    database's own company, as it is printed.
``CchcProvinceCommon``
    the core world and a province: UBND tỉnh (parent company) with two departments
    (child companies), the issued provincial plan and the departments' plans.
"""

import re
import shutil
import subprocess
import tempfile
import unittest
from contextlib import closing, contextmanager
from datetime import date, datetime

import pytz

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

GROUPS = ("user", "head", "coordinator", "manager")
YEAR = 2026
# Models with deadline reminders, each with its own scheduled action.
REMINDER_MODELS = ("cchc.task", "cchc.plan", "cchc.report", "cchc.feedback")
SENDER = {
    "sender_name": "Nguyễn Văn Bình",
    "sender_address": "12 Đường 30/4, phường Trung Dũng, Biên Hòa",
    "sender_phone": "0912 345 678",
    "sender_email": "nvbinh@example.com",
}
PLAN_REPORT = "cchc_outreach.action_report_cchc_plan"
# The public feedback pages: their form's CSRF token, and any token to ignore in a page.
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
TOKEN_RE = re.compile(r"[0-9a-f]{40}o[0-9]+")

# Periodic report fixtures (CchcReportCommon): quarter I with the default cut-offs.
Q1_FROM = date(2025, 12, 15)
Q1_TO = date(2026, 3, 14)
# Compilation reads "today" to tell what is overdue: after the period, as in real life.
COMPILE_DAY = "2026-04-01 09:00:00"

# key: (department key, start, deadline, state, completion date)
TASKS = {
    "t1_done_inside": ("a", date(2026, 1, 5), date(2026, 2, 10), "done", date(2026, 2, 1)),
    "t2_sub_late": ("a1", date(2026, 1, 10), date(2026, 3, 1), "in_progress", None),
    "t3_done_before": ("a", date(2025, 12, 1), date(2025, 12, 10), "done", date(2025, 12, 5)),
    "t4_starts_after": ("a", date(2026, 4, 1), date(2026, 5, 1), "todo", None),
    "t5_done_after_end": ("a", date(2026, 2, 1), date(2026, 3, 10), "done", date(2026, 3, 20)),
    "t6_unit_b": ("b", date(2026, 1, 15), date(2026, 6, 30), "todo", None),
    "t7_cancelled": ("a", date(2026, 1, 5), date(2026, 2, 1), "cancelled", None),
    "t8_output_only": ("a", date(2025, 12, 1), date(2025, 12, 10), "done", date(2025, 12, 10)),
}
# (task key, channel key, metric, quantity, date, link)
OUTPUTS = [
    ("t1_done_inside", "c1", "items", 5, date(2026, 1, 20), "https://example.com/tin-1"),
    ("t1_done_inside", "c1", "items", 3, date(2026, 3, 14), False),
    ("t1_done_inside", "c1", "items", 7, date(2026, 3, 15), "https://example.com/after"),
    ("t1_done_inside", "c2", "views", 1000, date(2025, 12, 15), False),
    ("t1_done_inside", "c2", "views", 50, date(2025, 12, 14), False),
    ("t2_sub_late", "c1", "items", 2, date(2026, 2, 2), "https://example.com/tin-2"),
    ("t6_unit_b", "c2", "participants", 40, date(2026, 2, 20), False),
    ("t8_output_only", "c1", "items", 1, date(2025, 12, 20), False),
    ("t3_done_before", "c1", "items", 9, date(2025, 12, 5), False),
]
# (department key, channel, received, state, answer date, answer deadline)
FEEDBACK = [
    ("a", "email", date(2026, 1, 10), "answered", date(2026, 1, 15), date(2026, 1, 25)),
    ("a1", "email", date(2026, 2, 1), "closed", date(2026, 2, 20), date(2026, 2, 15)),
    ("a", "national_portal", date(2026, 3, 1), "in_progress", None, date(2026, 3, 10)),
    ("a", "national_portal", date(2026, 3, 10), "classified", None, date(2026, 3, 25)),
    ("a", "email", date(2026, 3, 15), "answered", date(2026, 3, 16), date(2026, 3, 30)),
    ("a", "zalo", date(2025, 12, 14), "answered", date(2025, 12, 20), date(2025, 12, 28)),
    ("b", "letter", date(2026, 1, 20), "answered", date(2026, 1, 22), date(2026, 2, 1)),
    ("a", "letter", date(2026, 2, 10), "answered", date(2026, 3, 20), date(2026, 3, 1)),
    ("a", "web_form", date(2026, 2, 12), "not_accepted", None, date(2026, 2, 25)),
]
OTHER_STATES = ("not_accepted", "forwarded")


def pdf_text(pdf, first=None, last=None, extra_args=()):
    """Text of a PDF by pdftotext (poppler-utils); skips the test when it is missing."""
    if not shutil.which("pdftotext"):
        raise unittest.SkipTest("pdftotext (poppler-utils) is not installed: PDF text not checked")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        args = ["pdftotext", "-enc", "UTF-8", *extra_args]
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        return subprocess.run(
            [*args, handle.name, "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")


def flat(text):
    """Words separated by single spaces (line breaks and non-breaking spaces too)."""
    return " ".join(text.split())


class CchcHelpers:
    """Helpers of every fixture: history written as it happened, exact refusals."""

    @classmethod
    def _load_vietnamese(cls):
        """Vietnamese active with the addon's translations: what users who read it see,
        and the language the official documents print in (``_cchc_report_lang``)."""
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.env["ir.module.module"]._load_module_terms(["cchc_outreach"], ["vi_VN"], overwrite=True)

    @classmethod
    def _force(cls, records, vals):
        """Write history as it happened (fixtures): states, dates, on frozen records too."""
        with trusted():
            records.sudo().write(vals)
        return records

    @contextmanager
    def assertRaisesExactly(self, exception_class):
        """assertRaises that refuses subclasses: AccessError and ValidationError are UserErrors."""
        with self.assertRaises(exception_class) as cm:
            yield cm
        self.assertIs(
            type(cm.exception),
            exception_class,
            f"{type(cm.exception).__name__} raised instead of {exception_class.__name__}: "
            f"{cm.exception}",
        )

    def assertFilterMatchesField(self, records, name):
        """The search on the computed boolean ``name`` finds, among ``records`` (as their
        user sees them), exactly those whose value is set, its negations the others; any
        other operator is refused."""
        records.invalidate_recordset([name])
        is_set = records.filtered(name)
        self.assertTrue(is_set and records - is_set, f"{name}: set on some records only")
        Model = records.browse()
        for operator, value, expected in (
            ("=", True, is_set),
            ("!=", False, is_set),
            ("=", False, records - is_set),
            ("!=", True, records - is_set),
        ):
            with self.subTest(field=name, operator=operator, value=value):
                found = Model.search([("id", "in", records.ids), (name, operator, value)])
                self.assertEqual(found, expected)
        with self.assertRaises(UserError):
            Model.search([(name, "ilike", True)])

    @contextmanager
    def _undone(self):
        """Run the block in a savepoint and roll it back afterwards, whatever happens."""
        with closing(self.env.cr.savepoint()):
            yield
            self.env.flush_all()
        self.env.invalidate_all()


class CchcCommon(CchcHelpers, TransactionCase):
    """Company A with departments A (and its sub-department A1) and B, company B with
    department X; in each department one real user per CCHC group, linked to it by an
    employee; the department heads are the departments' managers. Two plans of company A,
    one per department, each with one task, and one plan of company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        Company = cls.env["res.company"]
        cls.company_a = Company.create(
            {"name": "TST Sở Công Thương", "cchc_issuer_code": "SCT", "cchc_place": "Đồng Nai"}
        )
        cls.company_b = Company.create({"name": "TST Sở Nội vụ", "cchc_issuer_code": "SNV"})
        Department = cls.env["hr.department"]
        cls.dept_a = Department.create({"name": "TST Văn phòng", "company_id": cls.company_a.id})
        cls.dept_a1 = Department.create(
            {
                "name": "TST Tổ Tuyên truyền",
                "company_id": cls.company_a.id,
                "parent_id": cls.dept_a.id,
            }
        )
        cls.dept_b = Department.create(
            {"name": "TST Phòng Quản lý Thương mại", "company_id": cls.company_a.id}
        )
        cls.dept_x = Department.create(
            {"name": "TST Văn phòng Sở Nội vụ", "company_id": cls.company_b.id}
        )

        # users[(group, key)] with key "a", "b" (company A) or "x" (company B)
        cls.users = {}
        cls.employees = {}
        for key, department, company in (
            ("a", cls.dept_a, cls.company_a),
            ("b", cls.dept_b, cls.company_a),
            ("x", cls.dept_x, cls.company_b),
        ):
            for group in GROUPS:
                user, employee = cls._new_department_user(group, key, department, company)
                cls.users[(group, key)] = user
                cls.employees[(group, key)] = employee
            department.manager_id = cls.employees[("head", key)]
        cls.user_a, cls.head_a = cls.users[("user", "a")], cls.users[("head", "a")]
        cls.user_b, cls.head_b = cls.users[("user", "b")], cls.users[("head", "b")]
        cls.coordinator = cls.users[("coordinator", "a")]
        cls.manager = cls.users[("manager", "a")]
        cls.user_x = cls.users[("user", "x")]

        cls.channel = cls.env["cchc.channel"].create(
            {
                "name": "TST Website of the department",
                "kind": "website",
                "company_id": cls.company_a.id,
            }
        )
        cls.channel_x = cls.env["cchc.channel"].create(
            {"name": "TST Website of Sở Nội vụ", "kind": "website", "company_id": cls.company_b.id}
        )
        cls.plan_a = cls._create_plan("TST Plan of Văn phòng", cls.dept_a)
        cls.plan_b = cls._create_plan("TST Plan of Phòng Quản lý Thương mại", cls.dept_b)
        cls.task_a = cls._create_task(cls.plan_a, cls.dept_a, cls.user_a, name="TST Task A")
        cls.task_b = cls._create_task(cls.plan_b, cls.dept_b, cls.user_b, name="TST Task B")
        cls.plan_x = cls._create_plan("TST Plan of Sở Nội vụ", cls.dept_x, company=cls.company_b)
        cls.task_x = cls._create_task(cls.plan_x, cls.dept_x, cls.user_x, name="TST Task X")

    @classmethod
    def _new_department_user(cls, group, key, department, company):
        login = f"tst_{group}_{key}"
        user = new_test_user(
            cls.env,
            login=login,
            name=f"TST {group.capitalize()} {key.upper()}",
            groups=f"cchc_outreach.group_cchc_{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        employee = cls.env["hr.employee"].create(
            {
                "name": user.name,
                "user_id": user.id,
                "company_id": company.id,
                "department_id": department.id,
            }
        )
        return user, employee

    @classmethod
    def _create_plan(cls, name, department, company=None, **vals):
        company = company or cls.company_a
        coordinator = cls.users[("coordinator", "x" if company == cls.company_b else "a")]
        return cls.env["cchc.plan"].create(
            {
                "name": name,
                "year": YEAR,
                "company_id": company.id,
                "coordinating_department_id": department.id,
                "user_id": coordinator.id,
                "signer_name": "TST Nguyễn Văn Giám Đốc",
                "recipient_ids": [Command.create({"name": "TST UBND tỉnh", "purpose": "report"})],
                **vals,
            }
        )

    @classmethod
    def _task_vals(cls, plan, department, users, **vals):
        """Values of a task clear on the six points (06 rõ)."""
        return {
            "name": "TST Publish news on the website",
            "plan_id": plan.id,
            "lead_department_id": department.id,
            "responsible_user_ids": [Command.set(users.ids)],
            "description": "<p>News about online public services.</p>",
            "date_start": date(YEAR, 1, 15),
            "date_deadline": date(YEAR, 6, 30),
            "product_type": "article",
            "product_description": "12 articles",
            "authority": "Deputy director in charge",
            **vals,
        }

    @classmethod
    def _create_task(cls, plan, department, users, **vals):
        return cls.env["cchc.task"].create(cls._task_vals(plan, department, users, **vals))

    @classmethod
    def _feedback_vals(cls, **vals):
        """Values of a letter to company A received on 02/03/2026."""
        return {
            "company_id": cls.company_a.id,
            "subject": "TST Thủ tục cấp Giấy phép kinh doanh rượu",
            "description": "TST Hồ sơ nộp trực tuyến đã quá hạn giải quyết 10 ngày.",
            "channel": "letter",
            "received_date": date(2026, 3, 2),
            **SENDER,
            **vals,
        }

    def _run_reminder_crons(self):
        """The daily scheduled actions of every model with reminders (as the cron user
        runs them): ``{model: activities created}``."""
        return {name: self.env[name]._cron_send_reminders() for name in REMINDER_MODELS}

    def _activities(self, records, xmlid, users=None):
        """Open activities of the given type on ``records`` (optionally for ``users``)."""
        domain = [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", self.env.ref(xmlid).id),
        ]
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        return self.env["mail.activity"].search(domain)


class CchcFeedbackCommon(CchcCommon):
    """Company A: a receiving officer (group Receiving Officer, one-stop desk of
    department A), the handler (``user_a``, staff of department A), a colleague of the
    handler in department A who is not assigned, the head of A, staff and head of
    department B, a coordinator and a manager; company B: its own staff (``user_x``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.write(
            {
                "cchc_feedback_classify_days": 3,
                "cchc_feedback_forward_days": 5,
                "cchc_feedback_answer_days": 10,
            }
        )
        cls.officer = new_test_user(
            cls.env,
            login="tst_fb_officer",
            name="TST Receiving Officer",
            groups="cchc_outreach.group_cchc_feedback_officer",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.env["hr.employee"].create(
            {
                "name": cls.officer.name,
                "user_id": cls.officer.id,
                "company_id": cls.company_a.id,
                "department_id": cls.dept_a.id,
            }
        )
        cls.colleague_a, _employee = cls._new_department_user(
            "user", "a2", cls.dept_a, cls.company_a
        )
        cls.handler = cls.user_a
        cls.calendar = cls.company_a.resource_calendar_id

    @classmethod
    def _create_feedback(cls, user=None, **vals):
        Feedback = cls.env["cchc.feedback"]
        Feedback = Feedback.with_user(user) if user else Feedback.with_user(cls.officer)
        return Feedback.with_company(cls.company_a).create(cls._feedback_vals(**vals))

    @classmethod
    def _assigned_feedback(cls, handler=None, department=None, **vals):
        """A feedback classified within competence, assigned to department A's staff."""
        feedback = cls._create_feedback(**vals)
        feedback.with_user(cls.officer).action_classify(
            "within",
            department=department or cls.dept_a,
            handler=cls.handler if handler is None else handler,
        )
        return feedback

    @classmethod
    def _public_holiday(cls, name, day_from, day_to, company=None, calendar=None):
        """A global time off (no resource) on the company's calendar, whole local days."""
        company = company or cls.company_a
        calendar = calendar if calendar is not None else company.resource_calendar_id
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day_from, datetime.min.time()))
        stop = tz.localize(datetime.combine(day_to, datetime.max.time().replace(microsecond=0)))
        leave = (
            cls.env["resource.calendar.leaves"]
            .with_company(company)
            .create(
                {
                    "name": name,
                    "calendar_id": calendar.id or False,
                    "date_from": start.astimezone(pytz.utc).replace(tzinfo=None),
                    "date_to": stop.astimezone(pytz.utc).replace(tzinfo=None),
                }
            )
        )
        # A leave for every calendar takes the creating user's company: set it.
        leave.company_id = company
        return leave


class CchcPublicFormMixin:
    """The public feedback form of company A, open (no rate limit, three files of 1 MB at
    most), and its pages as a citizen's browser uses them. Mixed in before
    ``CchcFeedbackCommon`` and ``HttpCase``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.write(
            {
                "cchc_feedback_public_enabled": True,
                "cchc_feedback_rate_limit_count": 0,
                "cchc_feedback_max_files": 3,
                "cchc_feedback_max_file_mb": 1,
            }
        )

    def _token(self, path=None):
        """The CSRF token of a public page's form (the feedback form by default)."""
        path = path or f"/pakn?company={self.company_a.id}"
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200, path)
        return CSRF_RE.search(response.text)[1]

    def _form(self, **overrides):
        """What a citizen fills in; an override of None leaves the field out."""
        data = {
            "company_id": str(self.company_a.id),
            "kind": "phan_anh",
            "sender_type": "individual",
            "subject": "Thủ tục cấp Giấy phép bán lẻ rượu",
            "content_class": "applied_late",
            "description": "Hồ sơ nộp ngày 02/3 đến nay chưa được giải quyết, quá hạn 10 ngày.",
            "website": "",
            "consent": "1",
            **SENDER,
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    def _submit(self, files=None, token=True, **overrides):
        """The form sent, with a fresh CSRF token (``token``: another one, or none)."""
        data = self._form(**overrides)
        if token is True:
            data["csrf_token"] = self._token()
        elif token:
            data["csrf_token"] = token
        return self.url_open("/pakn/gui", data=data, files=files or None)

    def _lookup(self, reference, secret):
        """The status lookup of a feedback by its reference and the sender's secret."""
        token = self._token(f"/pakn/tra-cuu?company={self.company_a.id}")
        return self.url_open(
            "/pakn/tra-cuu",
            data={
                "csrf_token": token,
                "company_id": str(self.company_a.id),
                "reference": reference,
                "secret": secret,
            },
        )


class CchcReportCommon(CchcCommon):
    """An issued plan of company A for 2026 whose period starts on 1 December 2025, so that
    its tasks, outputs and feedback fall before, inside and after quarter I (data from
    15/12/2025 to 14/03/2026 with the default cut-offs). Every fixture is kept in a plain
    Python list too, so that the tests count what the report must hold without the code
    under test.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.departments = {"a": cls.dept_a, "a1": cls.dept_a1, "b": cls.dept_b}
        cls.channels = {
            "c1": cls.channel,
            "c2": cls.env["cchc.channel"].create(
                {"name": "TST Training class", "kind": "training", "company_id": cls.company_a.id}
            ),
        }
        cls.report_plan = cls._create_plan(
            "Thông tin, tuyên truyền cải cách hành chính năm 2026",
            cls.dept_a,
            date_start=date(2025, 12, 1),
            signer_employee_id=cls.employees[("manager", "a")].id,
            signer_authority="kt",
            signer_principal_title="GIÁM ĐỐC",
            signer_title="PHÓ GIÁM ĐỐC",
            target_ids=[
                Command.create(
                    {
                        "name": "Cán bộ, công chức được phổ biến",
                        "target_value": 100,
                        "unit": "%",
                        "actual_value": 100,
                        "actual_recorded": True,
                    }
                ),
                Command.create(
                    {
                        "name": "Hồ sơ trực tuyến toàn trình",
                        "target_value": 80,
                        "unit": "%",
                        "actual_value": 70,
                        "actual_recorded": True,
                    }
                ),
                Command.create({"name": "Chỉ số SIPAS", "target_value": 85, "unit": "%"}),
            ],
        )
        cls.tasks = {}
        for key, (dep, start, deadline, _state, _completion) in TASKS.items():
            task = cls._create_task(
                cls.report_plan,
                cls.departments[dep],
                cls.users[("user", "b" if dep == "b" else "a")],
                name=f"TST report task {key}",
                date_start=start,
                date_deadline=deadline,
            )
            cls.tasks[key] = task
        cls.env["cchc.task.output"].create(
            [
                {
                    "task_id": cls.tasks[task].id,
                    "channel_id": cls.channels[channel].id,
                    "metric": metric,
                    "quantity": quantity,
                    "date": day,
                    "link": link,
                }
                for task, channel, metric, quantity, day, link in OUTPUTS
            ]
        )
        for key, (_dep, _start, _deadline, state, completion) in TASKS.items():
            cls._force(cls.tasks[key], {"state": state, "completion_date": completion})
        cls._force(
            cls.report_plan,
            {"state": "issued", "number": "07/KH-SCT", "issue_date": date(2026, 2, 7)},
        )
        cls.has_feedback = "cchc.feedback" in cls.env
        if cls.has_feedback:
            for row in FEEDBACK:
                cls._create_report_feedback(*row)

    @classmethod
    def _create_report_feedback(cls, dep, channel, received, state, answered, deadline):
        """A feedback as it stands at the end of the period (written, not handled)."""
        Feedback = cls.env["cchc.feedback"].with_company(cls.company_a)
        return Feedback.create(
            cls._feedback_vals(
                kind="phan_anh",
                subject="TST Thủ tục cấp phép",
                description="TST Hồ sơ trực tuyến quá hạn.",
                channel=channel,
                received_date=received,
                department_id=cls.departments[dep].id,
                state=state,
                answer_date=answered,
                answer_deadline=deadline,
            )
        )

    # ------------------------------------------------------------------
    # Expected figures, computed from the fixture lists only
    # ------------------------------------------------------------------
    @staticmethod
    def expected_tasks(deps, date_from=Q1_FROM, date_to=Q1_TO):
        """Task keys a report over ``deps`` must list: not cancelled, and under way in
        the period (started by its end, not completed before its start) or with an
        output dated in it."""
        with_outputs = {t for t, _c, _m, _q, day, _l in OUTPUTS if date_from <= day <= date_to}
        keys = set()
        for key, (dep, start, _deadline, state, completion) in TASKS.items():
            if dep not in deps or state == "cancelled":
                continue
            alive = start <= date_to and (not completion or completion >= date_from)
            if alive or key in with_outputs:
                keys.add(key)
        return keys

    @staticmethod
    def expected_status(key, date_to=Q1_TO):
        _dep, _start, _deadline, state, completion = TASKS[key]
        if state in ("waiting", "done") and completion and completion > date_to:
            return "in_progress"
        return state

    @staticmethod
    def expected_late(key, reference=Q1_TO):
        _dep, _start, deadline, _state, completion = TASKS[key]
        return deadline < reference and (not completion or completion > deadline)

    @staticmethod
    def expected_channels(task_keys, date_from=Q1_FROM, date_to=Q1_TO):
        """{(channel key, metric): (quantity, outputs, tasks)} of the period."""
        result = {}
        for task, channel, metric, quantity, day, _link in OUTPUTS:
            if task in task_keys and date_from <= day <= date_to:
                total, count, tasks = result.get((channel, metric), (0, 0, set()))
                result[(channel, metric)] = (total + quantity, count + 1, tasks | {task})
        return {key: (total, count, len(tasks)) for key, (total, count, tasks) in result.items()}

    @staticmethod
    def expected_feedback(deps, date_from=Q1_FROM, date_to=Q1_TO, reference=Q1_TO):
        """{channel: dict(received, on_time, answered_late, pending, overdue, other)}."""
        result = {}
        for dep, channel, received, state, answered, deadline in FEEDBACK:
            if dep not in deps or not date_from <= received <= date_to:
                continue
            entry = result.setdefault(
                channel,
                dict(received=0, on_time=0, answered_late=0, pending=0, overdue=0, other=0),
            )
            entry["received"] += 1
            if state in OTHER_STATES:
                entry["other"] += 1
            elif answered and answered <= date_to:
                entry["on_time" if answered <= deadline else "answered_late"] += 1
            else:
                entry["pending"] += 1
                if deadline < reference:
                    entry["overdue"] += 1
        return result

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @classmethod
    def _new_report(cls, user=None, **vals):
        """A report on quarter I of the report plan, of department A unless consolidated."""
        Report = cls.env["cchc.report"]
        if user:
            Report = Report.with_user(user)
        defaults = {"plan_id": cls.report_plan.id, "period_kind": "q1", "year": 2026}
        if vals.get("scope", "unit") == "unit":
            defaults["department_id"] = cls.dept_a.id
        return Report.create({**defaults, **vals})

    def _consolidated(self, user=None, **vals):
        return self._new_report(user=user or self.coordinator, scope="consolidated", **vals)


class PlanDocumentCommon(CchcHelpers):
    """A plan of Sở Công Thương Đồng Nai for 2026, as in seed 000, with eight tasks (and a
    cancelled one, never printed), in the test database's own company. Mixed in before
    ``TransactionCase`` or ``HttpCase``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_vietnamese()
        env = cls.env
        cls.company = env.company
        cls.company.write(
            {
                "name": "Sở Công Thương",
                "cchc_issuer_code": "SCT",
                "cchc_superior_body": "UBND tỉnh Đồng Nai",
                "cchc_place": "Đồng Nai",
            }
        )
        Department = env["hr.department"]
        cls.dep_office = Department.create({"name": "Văn phòng Sở", "company_id": cls.company.id})
        cls.dep_planning = Department.create(
            {"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "company_id": cls.company.id}
        )
        cls.dep_industry = Department.create(
            {"name": "Phòng Quản lý Công nghiệp", "company_id": cls.company.id}
        )
        cls.dep_trade = Department.create(
            {"name": "Phòng Quản lý Thương mại", "company_id": cls.company.id}
        )
        cls.coordinator = new_test_user(
            env,
            login="pd_coordinator",
            groups="cchc_outreach.group_cchc_coordinator",
            name="Trần Thị Điều Phối",
        )
        cls.staff = new_test_user(
            env, login="pd_staff", groups="cchc_outreach.group_cchc_user", name="Lê Văn Nhân Viên"
        )
        env["hr.employee"].create(
            {
                "name": "Lê Văn Nhân Viên",
                "user_id": cls.staff.id,
                "department_id": cls.dep_trade.id,
                "company_id": cls.company.id,
            }
        )
        cls.signer = env["hr.employee"].create(
            {"name": "Nguyễn Văn Ký", "company_id": cls.company.id}
        )
        cls.plan = env["cchc.plan"].create(
            {
                "name": "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2026",
                "year": 2026,
                "company_id": cls.company.id,
                "coordinating_department_id": cls.dep_planning.id,
                "user_id": cls.coordinator.id,
                "signer_employee_id": cls.signer.id,
                "signer_authority": "kt",
                "signer_principal_title": "Giám đốc",
                "signer_title": "Phó Giám đốc",
                # The body as seed 000 writes it: its headings, its sub-headings in the
                # text, generated blocks where the office wants them.
                "section_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Mục tiêu và yêu cầu",
                            "body": "<p><strong>1. Mục tiêu</strong></p>"
                            "<p>Nâng cao nhận thức của cán bộ, công chức, viên chức.</p>"
                            "<p><strong>2. Yêu cầu</strong></p>"
                            "<p>Bảo đảm tính tương tác hai chiều với người dân.</p>",
                            "block": "targets",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "NỘI DUNG, HÌNH THỨC VÀ ĐỐI TƯỢNG TUYÊN TRUYỀN",
                            "block": "audience_lines",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "KINH PHÍ THỰC HIỆN",
                            "body": "<p>Kinh phí do ngân sách Nhà nước bảo đảm.</p>",
                            "block": "budget",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "TỔ CHỨC THỰC HIỆN",
                            "body": "<ol><li>Các phòng, đơn vị triển khai theo chức năng.</li>"
                            "<li>Văn phòng Sở tổng hợp, báo cáo.</li></ol>",
                            "block": "units",
                        }
                    ),
                ],
                "legal_basis_ids": [
                    Command.create(
                        {
                            "kind": "basis",
                            "doc_type": "nq",
                            "number": "76/NQ-CP",
                            "date": date(2021, 7, 15),
                            "issuer": "Chính phủ",
                            "name": "Ban hành Chương trình tổng thể cải cách hành chính "
                            "nhà nước giai đoạn 2021-2030",
                        }
                    ),
                    Command.create(
                        {
                            "kind": "implements",
                            "doc_type": "kh",
                            "number": "51/KH-UBND",
                            "date": date(2026, 1, 30),
                            "issuer": "UBND tỉnh",
                            "name": "Thông tin, tuyên truyền cải cách hành chính năm 2026",
                        }
                    ),
                ],
                "target_ids": [
                    Command.create(
                        {
                            "name": "Hồ sơ trực tuyến toàn trình",
                            "comparator": ">=",
                            "target_value": 80,
                            "unit": "%",
                            "actual_value": 83,
                            "actual_recorded": True,
                        }
                    ),
                ],
                "recipient_ids": [
                    Command.create({"name": "UBND tỉnh", "purpose": "report"}),
                    Command.create({"name": "Sở Nội vụ", "purpose": "info"}),
                    Command.create({"name": "Các phòng, đơn vị", "purpose": "execute"}),
                    Command.create({"name": "VT, KH", "purpose": "archive"}),
                ],
            }
        )
        rows = [
            (
                "Đăng tin, bài về cải cách hành chính trên Trang thông tin điện tử",
                "24 tin, bài",
                cls.dep_office,
                cls.dep_planning,
                date(2026, 12, 15),
                12_000_000,
            ),
            (
                "Phát hành Bản tin Công Thương có chuyên mục cải cách hành chính",
                "04 số Bản tin",
                cls.dep_office,
                cls.dep_industry | cls.dep_trade,
                date(2026, 12, 15),
                40_000_000,
            ),
            (
                "Cập nhật Sổ tay điện tử thủ tục hành chính",
                "Sổ tay cập nhật",
                cls.dep_planning,
                cls.dep_office,
                date(2026, 6, 30),
                0,
            ),
            (
                "Lớp huấn luyện an toàn và môi trường có lồng ghép nội dung cải cách hành chính",
                "02 lớp, 150 học viên",
                cls.dep_industry,
                cls.dep_planning,
                date(2026, 9, 30),
                60_000_000,
            ),
            (
                "Hội nghị gặp gỡ doanh nghiệp, thương nhân tháo gỡ vướng mắc thủ tục hành chính",
                "01 hội nghị",
                cls.dep_trade,
                cls.dep_office,
                date(2026, 11, 30),
                30_000_000,
            ),
            (
                "Niêm yết công khai thủ tục hành chính tại Bộ phận một cửa",
                "Danh mục niêm yết",
                cls.dep_office,
                Department,
                date(2026, 3, 31),
                0,
            ),
            (
                "Lồng ghép nội dung cải cách hành chính trong sinh hoạt Đoàn thể",
                "Biên bản",
                cls.dep_office,
                cls.dep_planning,
                date(2026, 12, 15),
                0,
            ),
            (
                "Báo cáo kết quả thông tin, tuyên truyền định kỳ",
                "Báo cáo quý, 6 tháng, năm",
                cls.dep_planning,
                cls.dep_office | cls.dep_industry | cls.dep_trade,
                date(2026, 12, 14),
                0,
            ),
        ]
        Task = env["cchc.task"]
        cls.tasks = Task
        for index, (name, product, lead, cooperating, deadline, budget) in enumerate(rows, 1):
            cls.tasks |= Task.create(
                {
                    "plan_id": cls.plan.id,
                    "sequence": index,
                    "name": name,
                    "product_description": product,
                    "lead_department_id": lead.id,
                    "cooperating_department_ids": [Command.set(cooperating.ids)],
                    "date_deadline": deadline,
                    "budget_estimate": budget,
                }
            )
        cls.cancelled_task = Task.create(
            {
                "plan_id": cls.plan.id,
                "sequence": 99,
                "name": "Nhiệm vụ đã hủy không được in",
                "lead_department_id": cls.dep_trade.id,
            }
        )
        cls._force(cls.cancelled_task, {"state": "cancelled"})

    @classmethod
    def issue_plan(cls, plan, number="7/KH-SCT", day=date(2026, 2, 7)):
        """Issued as the director would, without the workflow's checks."""
        return cls._force(plan, {"state": "issued", "number": number, "issue_date": day})

    def render_plan_pdf(self, plan, user=None):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if user:
            report = report.with_user(user)
        pdf, report_type = report._render_qweb_pdf(PLAN_REPORT, plan.ids)
        self.assertEqual(report_type, "pdf")
        return pdf


class CchcProvinceCommon(CchcCommon):
    """UBND tỉnh (parent company) with Sở Tư pháp (sx) and Sở Y tế (sy) as departments;
    a user and a coordinator in each; the issued provincial plan with task 1 for both
    departments and task 2 for Sở Tư pháp; Sở Tư pháp's issued plan carries out both
    (task 1 done, task 2 open), Sở Y tế's plan is a draft."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.province = Company.create({"name": "TST UBND tỉnh", "cchc_issuer_code": "UBND"})
        cls.sx = Company.create(
            {"name": "TST Sở Tư pháp", "cchc_issuer_code": "STP", "parent_id": cls.province.id}
        )
        cls.sy = Company.create(
            {"name": "TST Sở Y tế", "cchc_issuer_code": "SYT", "parent_id": cls.province.id}
        )
        Department = cls.env["hr.department"]
        cls.office = {}
        for key, company in (("p", cls.province), ("sx", cls.sx), ("sy", cls.sy)):
            cls.office[key] = Department.create(
                {"name": f"TST Văn phòng {company.name}", "company_id": company.id}
            )
            for group in ("user", "coordinator"):
                user, _employee = cls._new_department_user(group, key, cls.office[key], company)
                cls.users[(group, key)] = user
        cls.province_coordinator = cls.users[("coordinator", "p")]

        # The provincial plan, issued: task 1 for both departments, task 2 for Sở Tư pháp.
        cls.province_plan = cls._create_plan(
            "TST Kế hoạch tuyên truyền CCHC tỉnh",
            cls.office["p"],
            company=cls.province,
            user_id=cls.province_coordinator.id,
        )
        cls.pt1 = cls._create_task(
            cls.province_plan,
            cls.office["p"],
            cls.province_coordinator,
            name="TST Tuyên truyền dịch vụ công trực tuyến",
            assigned_company_ids=[Command.set([cls.sx.id, cls.sy.id])],
        )
        cls.pt2 = cls._create_task(
            cls.province_plan,
            cls.office["p"],
            cls.province_coordinator,
            name="TST Hội nghị đối thoại doanh nghiệp",
            assigned_company_ids=[Command.set([cls.sx.id])],
        )
        cls._force(
            cls.province_plan,
            {"state": "issued", "number": "51/KH-UBND", "issue_date": date(YEAR, 1, 30)},
        )
        cls.province_draft = cls._create_plan(
            "TST Dự thảo kế hoạch tỉnh",
            cls.office["p"],
            company=cls.province,
            user_id=cls.province_coordinator.id,
        )

        # Sở Tư pháp implements it (issued): task 1 done, task 2 overdue.
        cls.plan_sx = cls._department_plan("sx", cls.sx)
        cls.t_sx1 = cls._create_task(
            cls.plan_sx,
            cls.office["sx"],
            cls.users[("user", "sx")],
            name="TST Tin bài dịch vụ công",
            provincial_task_id=cls.pt1.id,
            date_deadline=date(YEAR, 6, 30),
        )
        cls.t_sx2 = cls._create_task(
            cls.plan_sx,
            cls.office["sx"],
            cls.users[("user", "sx")],
            name="TST Hội nghị đối thoại",
            provincial_task_id=cls.pt2.id,
            date_deadline=date(YEAR, 5, 31),
            result_note="<p>Internal draft note of Sở Tư pháp</p>",
        )
        cls._force(
            cls.plan_sx,
            {"state": "issued", "number": "12/KH-STP", "issue_date": date(YEAR, 2, 10)},
        )
        cls._force(cls.t_sx1, {"state": "done", "completion_date": date(YEAR, 6, 1)})
        # Sở Y tế's plan is still a draft: the province does not count it.
        cls.plan_sy = cls._department_plan("sy", cls.sy)
        cls.t_sy1 = cls._create_task(
            cls.plan_sy,
            cls.office["sy"],
            cls.users[("user", "sy")],
            name="TST Dự thảo nhiệm vụ Sở Y tế",
            provincial_task_id=cls.pt1.id,
        )

    @classmethod
    def _department_plan(cls, key, company):
        return cls._create_plan(
            f"TST Kế hoạch {company.name}",
            cls.office[key],
            company=company,
            user_id=cls.users[("coordinator", key)].id,
            legal_basis_ids=[
                Command.create(
                    {
                        "kind": "implements",
                        "name": cls.province_plan.name,
                        "number": "51/KH-UBND",
                        "linked_plan_id": cls.province_plan.id,
                    }
                )
            ],
        )
