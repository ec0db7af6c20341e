"""The plan as the office writes it and each role's way through the app (issue #12):
report periods and cut-offs, overdue versus done late, the 06 rõ guidance, plans entered
from paper, where each role lands, the director's counters, create paths."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import YEAR, CchcCommon, CchcReportCommon


@tagged("post_install", "-at_install")
class TestCchcReportPeriods(CchcReportCommon):
    def test_cumulative_periods_and_quarter(self):
        """Quarter I, 6 and 9 months and the year run from 15/12 of the year before;
        quarter III is the quarter alone."""
        company = self.company_a
        self.assertEqual(
            company._cchc_report_period("q1", YEAR), (date(YEAR - 1, 12, 15), date(YEAR, 3, 14))
        )
        self.assertEqual(
            company._cchc_report_period("h1", YEAR), (date(YEAR - 1, 12, 15), date(YEAR, 6, 14))
        )
        self.assertEqual(
            company._cchc_report_period("m9", YEAR), (date(YEAR - 1, 12, 15), date(YEAR, 9, 14))
        )
        self.assertEqual(
            company._cchc_report_period("q3", YEAR), (date(YEAR, 6, 15), date(YEAR, 9, 14))
        )
        self.assertEqual(
            company._cchc_report_period("year", YEAR), (date(YEAR - 1, 12, 15), date(YEAR, 12, 14))
        )

    @freeze_time("2026-10-01 09:00:00")
    def test_nothing_after_the_cutoff_is_quoted(self):
        """A task completed after the cut-off is reported as in progress, its results text
        and its later date left out."""
        task = self.tasks["t6_unit_b"]  # unit B, deadline 30/06
        self._force(
            task,
            {
                "state": "done",
                "completion_date": date(YEAR, 9, 20),
                "result_note": "<p>Lớp tập huấn tổ chức ngày 20/9</p>",
            },
        )
        report = self._new_report(user=self.user_b, department_id=self.dept_b.id, period_kind="m9")
        self.assertEqual(
            (report.date_from, report.date_to), (date(2025, 12, 15), date(2026, 9, 14))
        )
        line = report.task_line_ids.filtered(lambda x: x.task_id == task)
        self.assertEqual(line.status, "in_progress")
        self.assertFalse(line.completion_date)
        self.assertFalse(line.result_text, "the class of 20/9 is not quoted in the 9-month report")
        year_report = self._new_report(
            user=self.user_b, department_id=self.dept_b.id, period_kind="year"
        )
        line = year_report.task_line_ids.filtered(lambda x: x.task_id == task)
        self.assertEqual(line.status, "done")
        self.assertIn("20/9", line.result_text)
        document = self.env["report.cchc_outreach.report_cchc_report"]
        self.assertEqual(document._cchc_period_phrase(year_report), f"năm {YEAR}")
        self.assertEqual(document._cchc_period_phrase(report), f"9 tháng năm {YEAR}")


@tagged("post_install", "-at_install")
class TestCchcOfficeFlows(CchcCommon):
    def test_overdue_and_done_late_are_separate(self):
        """'Overdue' lists open tasks past their deadline; 'done late' the completed ones."""
        Task = self.env["cchc.task"]
        late_done = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Done late",
            date_deadline=date(YEAR, 3, 1),
        )
        self._force(late_done, {"state": "done", "completion_date": date(YEAR, 3, 5)})
        with freeze_time(f"{YEAR}-07-01 10:00:00"):
            overdue = Task.search([("is_overdue", "=", True), ("plan_id", "=", self.plan_a.id)])
            done_late = Task.search(
                [("completed_late", "=", True), ("plan_id", "=", self.plan_a.id)]
            )
        self.assertEqual(overdue, self.task_a)
        self.assertEqual(done_late, late_done)

    def test_clarity_says_what_fills_each_point(self):
        task = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            description=False,
            content_ids=[],
            authority=False,
        )
        self.assertIn("Description tab", task.clarity_missing)
        self.assertIn("who decides on and accepts the work", task.clarity_missing)
        self.assertNotIn("deadline", task.clarity_missing)

    def test_each_role_lands_where_its_work_is(self):
        expected = {
            self.user_a: "cchc_outreach.cchc_task_action_my",
            self.head_a: "cchc_outreach.cchc_task_action_approval",
            self.coordinator: "cchc_outreach.cchc_plan_action",
            self.manager: "cchc_outreach.cchc_dashboard_department_action",
        }
        for user, xmlid in expected.items():
            with self.subTest(user=user.login):
                action = self.env["cchc.task"].with_user(user)._cchc_home_action()
                self.assertEqual(action["id"], self.env.ref(xmlid).id)
        # the app's menu opens it
        self.assertEqual(
            self.env.ref("cchc_outreach.menu_cchc_root").action,
            self.env.ref("cchc_outreach.cchc_action_home"),
        )

    def test_head_adds_a_task_to_his_unit_from_a_draft_plan(self):
        action = self.plan_a.with_user(self.head_a).action_add_task()
        self.assertEqual(action["context"]["default_plan_id"], self.plan_a.id)
        self.assertEqual(action["context"]["default_lead_department_id"], self.dept_a.id)
        form = Form(self.env["cchc.task"].with_user(self.head_a).with_context(**action["context"]))
        form.name = "TST Task added by the head"
        form.responsible_user_ids.add(self.user_a)
        form.date_deadline = date(YEAR, 10, 1)
        task = form.save()
        self.assertEqual(task.plan_id, self.plan_a)
        self.assertEqual(task.lead_department_id, self.dept_a)
        self.assertEqual(task.company_id, self.company_a)

    def test_poster_menu_for_officer_and_coordinator(self):
        officer = self._new_department_user("feedback_officer", "p", self.dept_a, self.company_a)[0]
        action = self.env.ref("cchc_outreach.cchc_feedback_action_print_poster")
        for user in (officer, self.coordinator):
            with self.subTest(user=user.login):
                result = action.with_user(user).with_company(self.company_a).run()
                self.assertEqual(result["type"], "ir.actions.report")
        with self.assertRaises(AccessError):
            action.with_user(self.user_a).run()

    def test_director_counters(self):
        """Each unit's counters, and each counter opens exactly what it counts."""
        late_done = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Done late",
            date_deadline=date(YEAR, 3, 1),
        )
        on_time = self._create_task(self.plan_a, self.dept_a, self.user_a, name="TST On time")
        self._force(late_done, {"state": "done", "completion_date": date(YEAR, 3, 5)})
        self._force(on_time, {"state": "done", "completion_date": date(YEAR, 3, 5)})
        with freeze_time(f"{YEAR}-07-01 10:00:00"):
            row = (
                self.env["cchc.dashboard.department"]
                .with_user(self.manager)
                .search([("department_id", "=", self.dept_a.id), ("year", "=", YEAR)])
            )
            self.assertEqual(
                (
                    row.task_count,
                    row.task_done_on_time_count,
                    row.task_done_late_count,
                    row.task_in_time_count,
                    row.task_overdue_count,
                ),
                (3, 1, 1, 0, 1),
            )
            Task = self.env["cchc.task"].with_user(self.manager)
            for method, expected in (
                ("action_open_tasks", late_done | on_time | self.task_a),
                ("action_open_done_on_time", on_time),
                ("action_open_done_late", late_done),
                ("action_open_overdue", self.task_a),
            ):
                with self.subTest(counter=method):
                    self.assertEqual(Task.search(getattr(row, method)()["domain"]), expected)
            stacked = (
                self.env["cchc.dashboard.task"]
                .with_user(self.manager)
                ._read_group([("department_id", "=", self.dept_a.id)], ["category"], ["__count"])
            )
            self.assertEqual(dict(stacked), {"done_on_time": 1, "done_late": 1, "overdue": 1})


@tagged("post_install", "-at_install")
class TestCchcPaperPlan(CchcCommon):
    @freeze_time(f"{YEAR}-11-20 10:00:00")
    def test_plan_issued_on_paper(self):
        """Last year's paper plan is entered with its number and date, its done tasks done,
        and nobody is reminded of deadlines that passed before the entry."""
        plan = self.plan_a
        past_open = self._create_task(
            plan,
            self.dept_a,
            self.user_a,
            name="TST Past, still open",
            date_deadline=date(YEAR, 5, 1),
        )
        past_done = self._create_task(
            plan, self.dept_a, self.user_a, name="TST Past, done", date_deadline=date(YEAR, 4, 1)
        )
        future = self._create_task(
            plan, self.dept_a, self.user_a, name="TST Future", date_deadline=date(YEAR, 12, 10)
        )
        wizard = (
            self.env["cchc.plan.paper.wizard"]
            .with_user(self.coordinator)
            .create(
                {
                    "plan_id": plan.id,
                    "number": "181/KH-SCT",
                    "issue_date": date(YEAR, 2, 7),
                    "done_task_ids": [Command.set(past_done.ids)],
                }
            )
        )
        self.assertEqual(wizard.late_open_count, 2)  # task_a (30/06) and the past open one
        wizard.action_record()
        self.assertEqual(plan.state, "submitted")
        self.assertEqual(past_done.state, "done")
        self.assertEqual(past_done.completion_date, date(YEAR, 4, 1))
        self.assertFalse(past_done.completed_late)
        plan.with_user(self.manager).action_issue()
        self.assertEqual(plan.number, "181/KH-SCT")
        self.assertEqual(plan.issue_date, date(YEAR, 2, 7))
        self.env["cchc.task"]._cron_send_reminders()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "cchc.task"), ("res_id", "in", (past_open | self.task_a).ids)]
        )
        self.assertFalse(activities, "no reminder or escalation for deadlines before the entry")
        self.assertTrue(future.active)
        # a coordinator cannot type the number on a plan directly, the wizard is the way
        with self.assertRaises(AccessError):
            self.plan_b.with_user(self.coordinator).write({"paper_number": "1/KH"})
