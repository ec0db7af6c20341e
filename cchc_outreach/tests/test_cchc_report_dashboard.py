from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

from .common import COMPILE_DAY, OTHER_STATES, CchcReportCommon


@freeze_time(COMPILE_DAY)
@tagged("post_install", "-at_install")
class TestCchcReportDashboard(CchcReportCommon):
    """The manager's dashboard counts, per unit and year, what the records say."""

    def _expected(self, department, year=2026):
        """Figures of one unit, counted from the records with the ORM."""
        today = date(2026, 4, 1)
        tasks = self.env["cchc.task"].search(
            [
                ("company_id", "=", self.company_a.id),
                ("lead_department_id", "=", department.id),
                ("plan_id.year", "=", year),
                ("state", "!=", "cancelled"),
            ]
        )
        expected = {
            "task_count": len(tasks),
            "task_done_count": len(tasks.filtered(lambda t: t.state == "done")),
            "task_late_count": len(tasks.filtered("is_late")),
            "target_count": 0,
            "target_achieved_count": 0,
            "feedback_count": 0,
            "feedback_on_time_count": 0,
            "feedback_late_count": 0,
        }
        plans = self.env["cchc.plan"].search(
            [("coordinating_department_id", "=", department.id), ("year", "=", year)]
        )
        expected["target_count"] = len(plans.target_ids)
        expected["target_achieved_count"] = len(plans.target_ids.filtered("achieved"))
        if self.has_feedback:
            feedback = (
                self.env["cchc.feedback"]
                .search(
                    [("company_id", "=", self.company_a.id), ("department_id", "=", department.id)]
                )
                .filtered(lambda f: f.received_date.year == year)
            )
            answered = feedback.filtered(lambda f: f.answer_date and f.state not in OTHER_STATES)
            open_late = feedback.filtered(
                lambda f: (
                    not f.answer_date and f.state not in OTHER_STATES and f.answer_deadline < today
                )
            )
            expected["feedback_count"] = len(feedback)
            expected["feedback_on_time_count"] = len(answered.filtered("answered_on_time"))
            expected["feedback_late_count"] = (
                len(answered) - expected["feedback_on_time_count"] + len(open_late)
            )
        return expected

    def _row(self, department, user=None):
        Dashboard = self.env["cchc.dashboard.department"]
        if user:
            Dashboard = Dashboard.with_user(user)
        return Dashboard.search(
            [
                ("company_id", "=", self.company_a.id),
                ("department_id", "=", department.id),
                ("year", "=", 2026),
            ]
        )

    def test_numbers_of_two_units(self):
        """Tasks done / late / total, feedback on time / late and targets, per unit."""
        for department in (self.dept_a, self.dept_b):
            row = self._row(department, user=self.manager)
            self.assertEqual(len(row), 1, department.name)
            expected = self._expected(department)
            got = {key: row[key] for key in expected}
            self.assertEqual(got, expected, department.name)
        row_a = self._row(self.dept_a)
        self.assertGreater(row_a.task_late_count, 0)
        self.assertEqual(row_a.target_count, 3)
        self.assertEqual(
            row_a.task_done_rate,
            round(100.0 * row_a.task_done_count / row_a.task_count, 1),
        )
        if self.has_feedback:
            self.assertGreater(row_a.feedback_count, 0)

    def test_feedback_counters_open_what_they_count(self):
        """The feedback counters of a unit open the list of the feedback they count."""
        row = self._row(self.dept_a, user=self.manager)
        Feedback = self.env["cchc.feedback"].with_user(self.manager)
        for method, counter in (
            ("action_open_feedback_on_time", "feedback_on_time_count"),
            ("action_open_feedback_late", "feedback_late_count"),
        ):
            with self.subTest(counter=method):
                action = getattr(row, method)()
                self.assertEqual(action["res_model"], "cchc.feedback")
                self.assertTrue(action["name"].startswith(self.dept_a.display_name))
                self.assertEqual(action["context"], {"create": False})
                found = Feedback.search(action["domain"])
                self.assertTrue(found)
                self.assertEqual(len(found), row[counter])
                self.assertEqual(found.department_id, self.dept_a)

    def test_read_group_for_the_graph(self):
        """The graph's grouping sums the units' figures."""
        Dashboard = self.env["cchc.dashboard.department"].with_user(self.coordinator)
        groups = Dashboard._read_group(
            [("year", "=", 2026)], ["department_id"], ["task_count:sum", "task_done_count:sum"]
        )
        totals = {department: (count, done) for department, count, done in groups}
        expected_a = self._expected(self.dept_a)
        self.assertEqual(
            totals[self.dept_a], (expected_a["task_count"], expected_a["task_done_count"])
        )
        # new work shows at once (a live query, no refresh needed)
        with trusted():  # added to the issued plan, as an amendment does
            self._create_task(self.report_plan, self.dept_b, self.user_b, name="TST dashboard new")
        self.assertEqual(
            self._row(self.dept_b).task_count, self._expected(self.dept_b)["task_count"]
        )

    def test_access(self):
        """Coordinators and managers read their companies' figures; staff do not."""
        self.assertTrue(self._row(self.dept_a, user=self.coordinator))
        with self.assertRaises(AccessError):
            self.env["cchc.dashboard.department"].with_user(self.user_a).search([])
        coordinator_x = self.users[("coordinator", "x")]
        rows = self.env["cchc.dashboard.department"].with_user(coordinator_x).search([])
        self.assertTrue(rows)
        self.assertEqual(rows.company_id, self.company_b)
