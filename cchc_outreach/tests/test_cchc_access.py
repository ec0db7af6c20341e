from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GROUPS, YEAR, CchcCommon

# Operations: r(ead), w(rite: results for tasks), a(ssign: planning fields of tasks),
# c(reate), u(nlink). Scopes: the user's own department, another department of the
# same company, or "any" for the catalogue that has no department.
PLAN_LINES = ("legal_basis", "target", "recipient", "audience_line")
CATALOGUE = ("audience", "content", "channel")

EXPECTED = {
    "user": {
        "plan": ("r", ""),
        "task": ("rw", ""),
        "output": ("rwcu", ""),
        **{line: ("r", "") for line in PLAN_LINES},
        **{model: ("r",) for model in CATALOGUE},
    },
    "head": {
        "plan": ("r", ""),
        "task": ("rwacu", ""),
        "output": ("rwcu", ""),
        **{line: ("r", "") for line in PLAN_LINES},
        **{model: ("r",) for model in CATALOGUE},
    },
    "coordinator": {
        "plan": ("rwc", "rwc"),
        "task": ("rwacu", "rwacu"),
        "output": ("rwcu", "rwcu"),
        **{line: ("rwcu", "rwcu") for line in PLAN_LINES},
        **{model: ("rwc",) for model in CATALOGUE},
    },
    "manager": {
        "plan": ("rwcu", "rwcu"),
        "task": ("rwacu", "rwacu"),
        "output": ("rwcu", "rwcu"),
        **{line: ("rwcu", "rwcu") for line in PLAN_LINES},
        **{model: ("rwcu",) for model in CATALOGUE},
    },
}

MODELS = {
    "plan": "cchc.plan",
    "task": "cchc.task",
    "output": "cchc.task.output",
    "legal_basis": "cchc.plan.legal.basis",
    "target": "cchc.plan.target",
    "recipient": "cchc.plan.recipient",
    "audience_line": "cchc.plan.audience.line",
    "audience": "cchc.audience",
    "content": "cchc.content",
    "channel": "cchc.channel",
}


@tagged("post_install", "-at_install")
class TestCchcAccess(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.audience = cls.env["cchc.audience"].create({"name": "TST Audience", "code": "TSTAUD"})
        cls.content = cls.env["cchc.content"].create(
            {"name": "TST Online public services", "pillar": "procedure"}
        )
        cls.side = {}
        for key, plan, task, department, user in (
            ("a", cls.plan_a, cls.task_a, cls.dept_a, cls.user_a),
            ("b", cls.plan_b, cls.task_b, cls.dept_b, cls.user_b),
            ("x", cls.plan_x, cls.task_x, cls.dept_x, cls.user_x),
        ):
            cls.side[key] = {
                "plan": plan,
                "task": task,
                "department": department,
                "user": user,
                **{
                    name: cls.env[MODELS[name]].create(cls._line_vals(name, plan, task))
                    for name in ("output", *PLAN_LINES)
                },
            }
        cls.catalogue = {
            "audience": cls.audience,
            "content": cls.content,
            "channel": cls.channel,
        }

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------
    @classmethod
    def _line_vals(cls, name, plan, task):
        return {
            "output": {
                "task_id": task.id,
                "channel_id": (cls.channel_x if task == cls.task_x else cls.channel).id,
                "quantity": 3,
            },
            "legal_basis": {
                "plan_id": plan.id,
                "name": "TST Plan 51/KH-UBND",
                "number": "51/KH-UBND",
            },
            "target": {"plan_id": plan.id, "name": "TST Staff informed", "target_value": 100},
            "recipient": {"plan_id": plan.id, "name": "TST UBND tỉnh", "purpose": "report"},
            "audience_line": {"plan_id": plan.id, "audience_id": cls.audience.id},
        }[name]

    def _create_vals(self, name, side):
        if name == "plan":
            return {
                "name": "TST New plan",
                "year": YEAR,
                "company_id": side["plan"].company_id.id,
                "coordinating_department_id": side["department"].id,
            }
        if name == "task":
            return self._task_vals(
                side["plan"], side["department"], side["user"], name="TST New task"
            )
        if name == "audience":
            return {"name": "TST New audience", "code": "TSTNEW"}
        if name == "content":
            return {"name": "TST New content", "pillar": "digital"}
        if name == "channel":
            return {"name": "TST New channel", "kind": "social", "company_id": self.company_a.id}
        return self._line_vals(name, side["plan"], side["task"])

    WRITE_VALS = {
        "plan": {"name": "TST Renamed plan"},
        "task": {"result_note": "<p>Published 3 articles.</p>"},
        "output": {"quantity": 7},
        "legal_basis": {"name": "TST Renamed basis"},
        "target": {"target_value": 90},
        "recipient": {"name": "TST Sở Nội vụ"},
        "audience_line": {"sequence": 3},
        "audience": {"name": "TST Renamed audience"},
        "content": {"name": "TST Renamed content"},
        "channel": {"url": "https://example.com/tst"},
    }

    # ------------------------------------------------------------------
    # Attempts
    # ------------------------------------------------------------------
    def _allowed(self, func):
        """Run ``func`` and roll it back; False if it raised an AccessError."""
        self.env.invalidate_all()
        try:
            with self._undone():
                func()
        except AccessError:
            return False
        return True

    def _can_read(self, user, record):
        self.env.invalidate_all()
        Model = self.env[record._name].with_user(user)
        found = bool(Model.search([("id", "=", record.id)]))
        readable = self._allowed(lambda: record.with_user(user).read(["display_name"]))
        self.assertEqual(found, readable, f"{user.login}: search and read disagree on {record}")
        return readable

    def _attempt(self, user, op, name, record, side):
        Model = self.env[record._name]
        if op == "r":
            return self._can_read(user, record)
        if op == "w":
            return self._allowed(lambda: record.with_user(user).write(dict(self.WRITE_VALS[name])))
        if op == "a":
            return self._allowed(
                lambda: record.with_user(user).write({"date_deadline": date(YEAR, 7, 15)})
            )
        if op == "c":
            vals = self._create_vals(name, side)
            return self._allowed(lambda: Model.with_user(user).create(vals))
        if op == "u":
            # a fresh record, so that what may be deleted is deletable
            vals = self._create_vals(name, side)
            return self._allowed(lambda: Model.create(vals).with_user(user).unlink())
        raise ValueError(op)

    def _check_matrix(self, group, key, other_key):
        user = self.users[(group, key)]
        for name, expected in EXPECTED[group].items():
            if name in CATALOGUE:
                scopes = (("any", self.catalogue[name], self.side[key]),)
            else:
                scopes = (
                    ("own", self.side[key][name], self.side[key]),
                    ("other", self.side[other_key][name], self.side[other_key]),
                )
            for (scope, record, side), allowed in zip(scopes, expected, strict=True):
                ops = "rwacu" if name == "task" else "rwcu"
                for op in ops:
                    with self.subTest(group=group, user=user.login, model=name, scope=scope, op=op):
                        self.assertEqual(
                            self._attempt(user, op, name, record, side),
                            op in allowed,
                            f"{user.login} {'may' if op in allowed else 'must not'} "
                            f"{op} {name} of the {scope} department",
                        )

    # ------------------------------------------------------------------
    # The matrix: each group, as a user of department A and of department B
    # ------------------------------------------------------------------
    def test_matrix_user(self):
        """Staff read their departments' plans and tasks and record results and outputs, no more."""
        self._check_matrix("user", "a", "b")
        self._check_matrix("user", "b", "a")

    def test_matrix_head(self):
        """Heads also assign, create and delete the tasks their departments lead, not others'."""
        self._check_matrix("head", "a", "b")
        self._check_matrix("head", "b", "a")

    def test_matrix_coordinator(self):
        """Coordinators work on every plan and task of the company, but delete no plan."""
        self._check_matrix("coordinator", "a", "b")
        self._check_matrix("coordinator", "b", "a")

    def test_matrix_manager(self):
        """The director may do everything in the company."""
        self._check_matrix("manager", "a", "b")
        self._check_matrix("manager", "b", "a")

    # ------------------------------------------------------------------
    # Multi-company
    # ------------------------------------------------------------------
    def test_other_company_sees_nothing(self):
        """Users of company B, whatever their group, neither see nor touch company A's records."""
        records_a = {
            name: self.side["a"][name] | self.side["b"][name]
            for name in ("plan", "task", "output", *PLAN_LINES)
        }
        records_a["channel"] = self.channel
        for group in GROUPS:
            user = self.users[(group, "x")]
            for name, records in records_a.items():
                with self.subTest(group=group, model=name):
                    Model = self.env[records._name].with_user(user)
                    self.assertFalse(Model.search([("id", "in", records.ids)]))
                    self.assertFalse(self._can_read(user, records[0]))
                    self.assertFalse(self._attempt(user, "w", name, records[0], self.side["a"]))
                    self.assertFalse(self._attempt(user, "c", name, records[0], self.side["a"]))
                    self.assertFalse(self._attempt(user, "u", name, records[0], self.side["a"]))
            # ... while their own company's records are there for them
            self.assertTrue(self._can_read(user, self.plan_x))
            self.assertTrue(self._can_read(user, self.task_x))
            self.assertTrue(self._can_read(user, self.side["x"]["output"]))
            self.assertTrue(self._can_read(user, self.side["x"]["target"]))

    def test_company_a_does_not_see_company_b(self):
        """Even the director of company A sees nothing of company B."""
        for name in ("plan", "task", "output", *PLAN_LINES):
            record = self.side["x"][name]
            with self.subTest(model=name):
                self.assertFalse(self._can_read(self.manager, record))
                self.assertFalse(self._can_read(self.coordinator, record))

    def test_shared_catalogue(self):
        """Audiences, contents and shared channels are read by every company."""
        shared = self.env["cchc.channel"].create({"name": "TST Hotline 1022", "kind": "hotline"})
        for record in (self.audience, self.content, shared):
            self.assertTrue(self._can_read(self.user_x, record))
            self.assertTrue(self._can_read(self.user_a, record))

    # ------------------------------------------------------------------
    # Beyond the lead department
    # ------------------------------------------------------------------
    def test_cooperating_department(self):
        """Cooperating staff read the task and its plan and record results; they do not re-plan."""
        self.assertFalse(self._can_read(self.user_b, self.task_a))
        self.assertFalse(self._can_read(self.user_b, self.plan_a))
        self.task_a.cooperating_department_ids = [Command.set(self.dept_b.ids)]
        for user in (self.user_b, self.head_b):
            with self.subTest(user=user.login):
                self.assertTrue(self._can_read(user, self.task_a))
                self.assertTrue(self._can_read(user, self.plan_a))
                self.assertTrue(self._can_read(user, self.side["a"]["legal_basis"]))
                self.assertTrue(self._attempt(user, "w", "task", self.task_a, self.side["a"]))
                self.assertTrue(
                    self._attempt(user, "c", "output", self.side["a"]["output"], self.side["a"])
                )
                self.assertFalse(self._attempt(user, "a", "task", self.task_a, self.side["a"]))
                self.assertFalse(self._attempt(user, "u", "task", self.task_a, self.side["a"]))
        self.assertTrue(self.task_a.with_user(self.user_b).is_my_department)

    def test_responsible_from_other_department(self):
        """A user named responsible for a task of another department works on it."""
        task = self._create_task(self.plan_a, self.dept_a, self.user_b, name="TST Borrowed")
        self.assertTrue(self._can_read(self.user_b, task))
        self.assertTrue(self._can_read(self.user_b, self.plan_a))
        self.assertTrue(self._attempt(self.user_b, "w", "task", task, self.side["a"]))
        self.assertFalse(self._can_read(self.user_b, self.task_a), "only that task")
        self.assertFalse(self._can_read(self.head_b, task), "not their head")

    def test_sub_department(self):
        """A department's users and head work on the tasks of its sub-departments, not upwards."""
        task = self._create_task(self.plan_a, self.dept_a1, self.user_a, name="TST Sub task")
        self.assertTrue(self._can_read(self.head_a, task))
        self.assertTrue(self._attempt(self.head_a, "a", "task", task, self.side["a"]))
        sub_user, _employee = self._new_department_user("user", "a1", self.dept_a1, self.company_a)
        self.assertTrue(self._can_read(sub_user, task))
        self.assertFalse(self._can_read(sub_user, self.task_a), "not the parent department's")

    def test_department_change_follows(self):
        """Moving an employee to another department moves what the user sees at once."""
        self.assertTrue(self._can_read(self.head_a, self.task_a))
        self.assertFalse(self._can_read(self.head_a, self.task_b))
        self.employees[("head", "a")].department_id = self.dept_b
        self.assertFalse(self._can_read(self.head_a, self.task_a))
        self.assertTrue(self._can_read(self.head_a, self.task_b))
        self.assertFalse(self._attempt(self.head_a, "a", "task", self.task_a, self.side["a"]))
