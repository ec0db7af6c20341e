"""Fixtures of the periodic report tests, on top of the core fixtures (tests/common.py).

An issued plan of company A for 2026 whose period starts on 1 December 2025, so that
its tasks, outputs and feedback fall before, inside and after quarter I (data from
15/12/2025 to 14/03/2026 with the default cut-offs). Every fixture is kept in a plain
Python list too, so that the tests count what the report must hold without the code
under test.
"""

from datetime import date

from odoo import Command

from .common import CchcCommon

Q1_FROM = date(2025, 12, 15)
Q1_TO = date(2026, 3, 14)
# Compilation reads "today" to tell what is overdue: after the period, as in real life.
COMPILE_DAY = "2026-04-01 09:00:00"
SENDER = {
    "sender_name": "Nguyễn Văn Bình",
    "sender_address": "12 Đường 30/4, phường Trung Dũng, Biên Hòa",
    "sender_phone": "0912 345 678",
    "sender_email": "nvbinh@example.com",
}

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


class CchcReportCommon(CchcCommon):
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
        return (
            cls.env["cchc.feedback"]
            .with_company(cls.company_a)
            .create(
                {
                    "company_id": cls.company_a.id,
                    "kind": "phan_anh",
                    "subject": "TST Thủ tục cấp phép",
                    "description": "TST Hồ sơ trực tuyến quá hạn.",
                    "channel": channel,
                    "received_date": received,
                    "department_id": cls.departments[dep].id,
                    "state": state,
                    "answer_date": answered,
                    "answer_deadline": deadline,
                    **SENDER,
                }
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
    def _new_report(self, user=None, **vals):
        Report = self.env["cchc.report"]
        if user:
            Report = Report.with_user(user)
        defaults = {"plan_id": self.report_plan.id, "period_kind": "q1", "year": 2026}
        if vals.get("scope", "unit") == "unit":
            defaults["department_id"] = self.dept_a.id
        return Report.create({**defaults, **vals})

    def _consolidated(self, user=None, **vals):
        return self._new_report(user=user or self.coordinator, scope="consolidated", **vals)
