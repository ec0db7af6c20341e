from odoo.tests import HttpCase, tagged

from .common import CchcCommon


@tagged("post_install", "-at_install")
class TestCchcTour(CchcCommon, HttpCase):
    def test_submit_and_approve_in_browser(self):
        """In Chromium, a user records a result and submits the task; the head approves it."""
        task = self._create_task(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Tour task",
        )
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_my",
            "cchc_task_submit_tour",
            login=self.user_a.login,
        )
        self.assertEqual(task.state, "waiting")
        self.assertEqual(task.submitted_by_id, self.user_a)
        self.assertIn("Published 12 articles", task.result_note)
        self.assertEqual(task.output_ids.channel_id, self.channel)
        self.assertEqual(task.output_ids.quantity, 12)

        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_task_action_approval",
            "cchc_task_approve_tour",
            login=self.head_a.login,
        )
        self.assertEqual(task.state, "done")
        self.assertEqual(task.approved_by_id, self.head_a)
        self.assertTrue(task.approval_date)

    def test_director_issues_in_browser(self):
        """In Chromium, the director issues a submitted plan after a confirmation; the
        issued plan is read-only and offers an amending plan as the way to change it."""
        plan = self._create_plan(
            "TST Plan for the director",
            self.dept_a,
            signer_employee_id=self.employees[("manager", "a")].id,
        )
        self._create_task(plan, self.dept_a, self.user_a, name="TST Task of the director's plan")
        plan.with_user(self.coordinator).action_submit()
        self.start_tour(
            "/odoo/action-cchc_outreach.cchc_plan_action",
            "cchc_plan_issue_tour",
            login=self.manager.login,
        )
        self.assertEqual(plan.state, "issued")
        self.assertEqual(plan.number, "01/KH-SCT")
        self.assertTrue(plan.issued_pdf_id.raw.startswith(b"%PDF-"))
