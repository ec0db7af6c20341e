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
