from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import YEAR, CchcCommon

ISSUE = "cchc_outreach.mail_act_cchc_plan_issue"


@tagged("post_install", "-at_install")
class TestCchcPlanWorkflow(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_a.signer_employee_id = cls.employees[("manager", "a")]

    def _finish(self, task):
        task.write({"result_note": "<p>Done.</p>"})
        task.with_user(task.responsible_user_ids[:1]).action_submit()
        task.with_user(self.coordinator).action_approve()

    def test_submit_checks(self):
        """A plan is submitted by a coordinator only, with a coordinating unit and clear tasks."""
        plan = self.plan_a
        with self.assertRaisesExactly(AccessError):
            plan.with_user(self.head_a).action_submit()
        empty = self._create_plan("TST Empty plan", self.dept_a)
        with self.assertRaisesExactly(UserError):
            empty.with_user(self.coordinator).action_submit()
        no_unit = self._create_plan("TST Plan without unit", self.dept_a)
        self._create_task(no_unit, self.dept_a, self.user_a)
        no_unit.coordinating_department_id = False
        with self.assertRaisesExactly(UserError):
            no_unit.with_user(self.coordinator).action_submit()
        unclear = self._create_task(plan, self.dept_a, self.user_a, authority=False)
        with self.assertRaisesExactly(UserError) as error:
            plan.with_user(self.coordinator).action_submit()
        self.assertIn(unclear.name, str(error.exception))
        self.assertEqual(plan.state, "draft")
        unclear.authority = "Director"
        plan.with_user(self.coordinator).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertEqual(
            self._activities(plan, ISSUE).user_id, self.manager, "the signer is asked to issue it"
        )

    def test_cancelled_tasks_do_not_block_submission(self):
        """An unclear task that was cancelled does not stop the plan's submission."""
        unclear = self._create_task(self.plan_a, self.dept_a, self.user_a, authority=False)
        unclear.with_user(self.head_a).action_cancel()
        self.plan_a.with_user(self.coordinator).action_submit()
        self.assertEqual(self.plan_a.state, "submitted")

    @freeze_time(f"{YEAR}-02-07 10:00:00")
    def test_issue_gives_yearly_company_number(self):
        """Issuing gives the company's next number of the year, e.g. 01/KH-SCT, and the date."""
        self.plan_a.with_user(self.coordinator).action_submit()
        with self.assertRaisesExactly(AccessError):
            self.plan_a.with_user(self.coordinator).action_issue()
        self.assertEqual(self.plan_a.state, "submitted")
        self.plan_a.with_user(self.manager).action_issue()
        self.assertEqual(self.plan_a.state, "issued")
        self.assertEqual(self.plan_a.number, "01/KH-SCT")
        self.assertEqual(self.plan_a.issue_date, date(YEAR, 2, 7))
        self.assertEqual(self.plan_a.display_name, "01/KH-SCT – TST Plan of Văn phòng")
        self.assertFalse(self._activities(self.plan_a, ISSUE), "the issue activity is closed")

        self.plan_b.write({"doc_type_code": "QĐ"})
        self.plan_b.with_user(self.coordinator).action_submit()
        self.plan_b.with_user(self.manager).action_issue()
        self.assertEqual(self.plan_b.number, "02/QĐ-SCT")

        # another company numbers on its own
        self.plan_x.with_user(self.users[("coordinator", "x")]).action_submit()
        self.plan_x.with_user(self.users[("manager", "x")]).action_issue()
        self.assertEqual(self.plan_x.number, "01/KH-SNV")

        # a new year starts again at 01
        with freeze_time(f"{YEAR + 1}-01-20 10:00:00"):
            plan = self._create_plan("TST Plan next year", self.dept_a, year=YEAR + 1)
            self._create_task(
                plan,
                self.dept_a,
                self.user_a,
                date_start=date(YEAR + 1, 2, 1),
                date_deadline=date(YEAR + 1, 3, 1),
            )
            plan.with_user(self.coordinator).action_submit()
            plan.with_user(self.manager).action_issue()
            self.assertEqual(plan.number, "01/KH-SCT")

    def test_number_only_from_issue(self):
        """Nobody types the number or the issue date: the director's issue action gives them."""
        for user in (self.coordinator, self.manager):
            with self.assertRaisesExactly(AccessError):
                self.plan_a.with_user(user).write(
                    {"number": "181/KH-SCT", "issue_date": date(YEAR, 2, 7)}
                )
        self.plan_a.invalidate_recordset()
        self.assertFalse(self.plan_a.number)
        self.assertFalse(self.plan_a.issue_date)

    def test_close_needs_finished_tasks(self):
        """A plan is closed by the director once none of its tasks is open."""
        plan = self.plan_a
        plan.with_user(self.coordinator).action_submit()
        plan.with_user(self.manager).action_issue()
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.manager).action_done()
        self.assertEqual(plan.state, "issued")
        self._finish(self.task_a)
        with self.assertRaisesExactly(AccessError):
            plan.with_user(self.coordinator).action_done()
        plan.with_user(self.manager).action_done()
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.progress, 100.0)
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.manager).action_cancel()
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.coordinator).action_draft()

    def test_cancel_and_back_to_draft(self):
        """The director cancels a plan; a coordinator sets it (or a submitted one) back to draft."""
        plan = self.plan_a
        plan.with_user(self.coordinator).action_submit()
        self.assertTrue(self._activities(plan, ISSUE))
        plan.with_user(self.coordinator).action_draft()
        self.assertEqual(plan.state, "draft")
        self.assertFalse(self._activities(plan, ISSUE), "back to draft drops the issue activity")
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.coordinator).action_draft()
        with self.assertRaisesExactly(AccessError):
            plan.with_user(self.coordinator).action_cancel()
        plan.with_user(self.coordinator).action_submit()
        plan.with_user(self.manager).action_issue()
        number = plan.number
        plan.with_user(self.manager).action_cancel()
        self.assertEqual(plan.state, "cancelled")
        self.assertEqual(self.task_a.state, "todo", "its tasks stay recorded")
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.coordinator).action_draft()
        self.assertEqual(plan.state, "cancelled", "a plan once issued never becomes a draft again")
        self.assertEqual(plan.number, number)

    def test_wrong_state_transitions(self):
        """Each plan button refuses a plan in the wrong state with a UserError."""
        plan = self.plan_a
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.manager).action_issue()
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.manager).action_done()
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.coordinator).action_draft()
        plan.with_user(self.coordinator).action_submit()
        with self.assertRaisesExactly(UserError):
            plan.with_user(self.coordinator).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertFalse(plan.number)

    def test_staff_cannot_run_plan_workflow(self):
        """Staff and heads may read their plan but run none of its transitions."""
        for user in (self.user_a, self.head_a):
            with self.assertRaisesExactly(AccessError):
                self.plan_a.with_user(user).action_submit()
            with self.assertRaisesExactly(AccessError):
                self.plan_a.with_user(user).action_cancel()
        self.plan_a.with_user(self.coordinator).action_submit()
        for user in (self.user_a, self.head_a):
            with self.assertRaisesExactly(AccessError):
                self.plan_a.with_user(user).action_issue()
            with self.assertRaisesExactly(AccessError):
                self.plan_a.with_user(user).action_draft()
        # a coordinator of another company cannot touch it at all
        with self.assertRaisesExactly(AccessError):
            self.plan_a.with_user(self.users[("manager", "x")]).action_issue()
        self.assertEqual(self.plan_a.state, "submitted")

    def test_involved_departments_and_totals(self):
        """The plan knows the departments its tasks involve and sums their budgets."""
        self.assertEqual(self.plan_a.involved_department_ids, self.dept_a)
        task = self._create_task(self.plan_a, self.dept_b, self.user_b, budget_estimate=5_000_000)
        self.task_a.budget_estimate = 2_000_000
        self.assertEqual(self.plan_a.involved_department_ids, self.dept_a | self.dept_b)
        self.assertEqual(self.plan_a.budget_total, 7_000_000)
        self.assertEqual(self.plan_a.task_count, 2)
        task.with_user(self.head_b).action_cancel()
        self.assertEqual(self.plan_a.budget_total, 2_000_000, "cancelled tasks cost nothing")
        self.plan_a.invalidate_recordset(["task_count"])
        self.assertEqual(self.plan_a.task_count, 1)
