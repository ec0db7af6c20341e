"""Shared fixtures: two companies, departments with heads, one user per group per department."""

from contextlib import closing, contextmanager
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

GROUPS = ("user", "head", "coordinator", "manager")
YEAR = 2026
# Models with deadline reminders, each with its own scheduled action.
REMINDER_MODELS = ("cchc.task", "cchc.plan", "cchc.report", "cchc.feedback")


class CchcCommon(TransactionCase):
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
    def _force(cls, records, vals):
        """Write history as it happened (fixtures): states, dates, on frozen records too."""
        with trusted():
            records.sudo().write(vals)
        return records

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

    @contextmanager
    def _undone(self):
        """Run the block in a savepoint and roll it back afterwards, whatever happens."""
        with closing(self.env.cr.savepoint()):
            yield
            self.env.flush_all()
        self.env.invalidate_all()
