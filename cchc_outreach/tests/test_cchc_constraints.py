from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import YEAR, CchcCommon


@tagged("post_install", "-at_install")
class TestCchcConstraints(CchcCommon):
    def _count_tasks(self, name):
        return (
            self.env["cchc.task"]
            .with_context(active_test=False)
            .search_count([("name", "=", name)])
        )

    def _assert_explained(self, cm):
        self.assertTrue(str(cm.exception).strip(), "the error explains itself")

    def _issue(self, plan):
        plan.with_user(self.coordinator).action_submit()
        plan.with_user(self.manager).action_issue()

    # ------------------------------------------------------------------
    # Dates
    # ------------------------------------------------------------------
    def test_deadline_before_start(self):
        """A task's deadline cannot be before its start; nothing is created or changed."""
        vals = self._task_vals(
            self.plan_a,
            self.dept_a,
            self.user_a,
            name="TST Backwards task",
            date_start=date(YEAR, 5, 1),
            date_deadline=date(YEAR, 4, 1),
        )
        with self.assertRaisesExactly(ValidationError) as cm:
            self.env["cchc.task"].with_user(self.head_a).create(vals)
        self._assert_explained(cm)
        self.assertIn("TST Backwards task", str(cm.exception))
        self.assertEqual(self._count_tasks("TST Backwards task"), 0)

        with self.assertRaisesExactly(ValidationError) as cm:
            self.task_a.with_user(self.head_a).write({"date_deadline": date(YEAR, 1, 10)})
        self._assert_explained(cm)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.date_deadline, date(YEAR, 6, 30))

    def test_dates_outside_plan_period(self):
        """A task's start and deadline must lie within its plan's period."""
        for field, day in (
            ("date_deadline", date(YEAR + 1, 1, 15)),
            ("date_start", date(YEAR - 1, 12, 31)),
        ):
            with self.subTest(field=field):
                with self.assertRaisesExactly(ValidationError) as cm:
                    self.env["cchc.task"].with_user(self.head_a).create(
                        self._task_vals(
                            self.plan_a,
                            self.dept_a,
                            self.user_a,
                            name="TST Outside",
                            **{field: day},
                        )
                    )
                self._assert_explained(cm)
                self.assertEqual(self._count_tasks("TST Outside"), 0)
                with self.assertRaisesExactly(ValidationError) as cm:
                    self.task_a.with_user(self.head_a).write({field: day})
                self._assert_explained(cm)
                self.task_a.invalidate_recordset()
                self.assertEqual(self.task_a.date_start, date(YEAR, 1, 15))
                self.assertEqual(self.task_a.date_deadline, date(YEAR, 6, 30))

    def test_plan_period_shrunk_under_its_tasks(self):
        """Shortening a plan's period below one of its task's deadlines is refused."""
        with self.assertRaisesExactly(ValidationError) as cm:
            self.plan_a.with_user(self.coordinator).write({"date_end": date(YEAR, 3, 31)})
        self._assert_explained(cm)
        self.plan_a.invalidate_recordset()
        self.assertEqual(self.plan_a.date_end, date(YEAR, 12, 31))

    def test_plan_period_backwards(self):
        """A plan's period cannot end before it starts."""
        with self.assertRaisesExactly(ValidationError) as cm:
            self.env["cchc.plan"].with_user(self.coordinator).create(
                {
                    "name": "TST Backwards plan",
                    "year": YEAR,
                    "company_id": self.company_a.id,
                    "date_start": date(YEAR, 6, 1),
                    "date_end": date(YEAR, 5, 1),
                }
            )
        self._assert_explained(cm)
        self.assertFalse(
            self.env["cchc.plan"]
            .with_context(active_test=False)
            .search([("name", "=", "TST Backwards plan")])
        )

    def test_submission_deadline_needs_parent(self):
        """Only a sub-unit plan has a date due to its parent plan."""
        with self.assertRaisesExactly(ValidationError) as cm:
            self.plan_a.write({"submission_deadline": date(YEAR, 8, 31)})
        self._assert_explained(cm)
        self.plan_a.invalidate_recordset()
        self.assertFalse(self.plan_a.submission_deadline)

    def test_plan_cannot_implement_itself(self):
        """Plans form a tree: no plan implements itself, even through a child."""
        child = self._create_plan("TST Child plan", self.dept_a1, parent_id=self.plan_a.id)
        with self.assertRaisesExactly(ValidationError) as cm:
            self.plan_a.write({"parent_id": child.id})
        self._assert_explained(cm)
        self.plan_a.invalidate_recordset()
        self.assertFalse(self.plan_a.parent_id)

    # ------------------------------------------------------------------
    # Departments
    # ------------------------------------------------------------------
    def test_cooperating_equals_lead(self):
        """The lead department cannot also be a cooperating department."""
        with self.assertRaisesExactly(ValidationError) as cm:
            self.env["cchc.task"].with_user(self.head_a).create(
                self._task_vals(
                    self.plan_a,
                    self.dept_a,
                    self.user_a,
                    name="TST Self cooperating",
                    cooperating_department_ids=[Command.set(self.dept_a.ids)],
                )
            )
        self._assert_explained(cm)
        self.assertEqual(self._count_tasks("TST Self cooperating"), 0)

        self.task_a.cooperating_department_ids = [Command.set(self.dept_b.ids)]
        with self.assertRaisesExactly(ValidationError) as cm:
            self.task_a.with_user(self.head_a).write(
                {"cooperating_department_ids": [Command.link(self.dept_a.id)]}
            )
        self._assert_explained(cm)
        with self.assertRaisesExactly(ValidationError) as cm:
            self.task_a.with_user(self.coordinator).write({"lead_department_id": self.dept_b.id})
        self._assert_explained(cm)
        self.task_a.invalidate_recordset()
        self.assertEqual(self.task_a.cooperating_department_ids, self.dept_b)
        self.assertEqual(self.task_a.lead_department_id, self.dept_a)

    # ------------------------------------------------------------------
    # Approvals
    # ------------------------------------------------------------------
    def test_approve_own_or_wrong_state(self):
        """Approving one's own task, or a task not waiting, is a UserError and changes nothing."""
        task = self._create_task(self.plan_a, self.dept_a, self.head_a, name="TST Own task")
        with self.assertRaisesExactly(UserError) as cm:
            task.with_user(self.head_a).action_approve()
        self._assert_explained(cm)
        self.assertEqual(task.state, "todo")
        task.result_note = "<p>Done</p>"
        task.with_user(self.head_a).action_submit()
        with self.assertRaisesExactly(UserError) as cm:
            task.with_user(self.head_a).action_approve()
        self._assert_explained(cm)
        task.invalidate_recordset()
        self.assertEqual(task.state, "waiting")
        self.assertFalse(task.approved_by_id)
        self.assertFalse(task.approval_date)

    def test_batch_approval_all_or_nothing(self):
        """Approving several tasks at once approves none when one is the approver's own."""
        own = self._create_task(self.plan_a, self.dept_a, self.head_a, name="TST Own task")
        for task, user in ((self.task_a, self.user_a), (own, self.head_a)):
            task.result_note = "<p>Done</p>"
            task.with_user(user).action_submit()
        with self.assertRaisesExactly(UserError) as cm:
            (self.task_a | own).with_user(self.head_a).action_approve()
        self._assert_explained(cm)
        (self.task_a | own).invalidate_recordset()
        self.assertEqual((self.task_a | own).mapped("state"), ["waiting", "waiting"])
        self.assertFalse((self.task_a | own).approved_by_id)

    def test_batch_submit_all_or_nothing(self):
        """Submitting several plans at once submits none when one has an unclear task."""
        self._create_task(self.plan_b, self.dept_b, self.user_b, product_description=False)
        plans = self.plan_a | self.plan_b
        with self.assertRaisesExactly(UserError) as cm:
            plans.with_user(self.coordinator).action_submit()
        self.assertIn("Product", str(cm.exception))
        plans.invalidate_recordset()
        self.assertEqual(plans.mapped("state"), ["draft", "draft"])

    # ------------------------------------------------------------------
    # Deletion: archive instead
    # ------------------------------------------------------------------
    def test_delete_issued_plan(self):
        """An issued (or submitted) plan cannot be deleted, only archived."""
        self.plan_a.with_user(self.coordinator).action_submit()
        with self.assertRaisesExactly(UserError) as cm:
            self.plan_a.with_user(self.manager).unlink()
        self._assert_explained(cm)
        self.plan_a.with_user(self.manager).action_issue()
        with self.assertRaisesExactly(UserError) as cm:
            self.plan_a.with_user(self.manager).unlink()
        self._assert_explained(cm)
        self.assertTrue(self.plan_a.exists())
        self.assertTrue(self.task_a.exists(), "its tasks are kept too")
        self.plan_a.with_user(self.manager).action_archive()
        self.assertFalse(self.plan_a.active)
        self.assertEqual(
            self.env["cchc.plan"]
            .with_context(active_test=False)
            .search([("id", "=", self.plan_a.id)]),
            self.plan_a,
        )

    def test_delete_cancelled_issued_plan(self):
        """A plan that was issued stays undeletable once cancelled or back in draft."""
        self._issue(self.plan_a)
        self.plan_a.with_user(self.manager).action_cancel()
        with self.assertRaisesExactly(UserError):
            self.plan_a.with_user(self.coordinator).action_draft()
        with self.assertRaisesExactly(UserError) as cm:
            self.plan_a.with_user(self.manager).unlink()
        self._assert_explained(cm)
        self.assertTrue(self.plan_a.exists())

    def test_delete_draft_plan(self):
        """A draft plan never issued may be deleted by the director, with its open tasks."""
        plan = self._create_plan("TST Throwaway plan", self.dept_a)
        task = self._create_task(plan, self.dept_a, self.user_a)
        plan.with_user(self.manager).unlink()
        self.assertFalse(plan.exists())
        self.assertFalse(task.exists())

    def test_delete_draft_plan_with_done_task(self):
        """Deleting a draft plan must not take a done task with it."""
        plan = self._create_plan("TST Plan with work", self.dept_a)
        task = self._create_task(plan, self.dept_a, self.user_a)
        task.result_note = "<p>Done</p>"
        task.with_user(self.user_a).action_submit()
        task.with_user(self.head_a).action_approve()
        with self.assertRaisesExactly(UserError) as cm:
            plan.with_user(self.manager).unlink()
        self._assert_explained(cm)
        self.assertTrue(plan.exists())
        self.assertTrue(task.exists())

    def test_delete_done_task(self):
        """A done task cannot be deleted, even by the director; it can be archived."""
        self.task_a.result_note = "<p>Done</p>"
        self.task_a.with_user(self.user_a).action_submit()
        self.task_a.with_user(self.head_a).action_approve()
        for user in (self.head_a, self.coordinator, self.manager):
            with self.assertRaisesExactly(UserError) as cm:
                self.task_a.with_user(user).unlink()
            self._assert_explained(cm)
        self.assertTrue(self.task_a.exists())
        self.task_a.with_user(self.head_a).action_archive()
        self.assertFalse(self.task_a.active)
        self.assertEqual(self.task_a.state, "done")

    # ------------------------------------------------------------------
    # Numbers
    # ------------------------------------------------------------------
    @freeze_time(f"{YEAR}-03-02 10:00:00")
    def test_number_clash_typed(self):
        """Two plans of one company cannot carry the same number in the same year."""
        self._issue(self.plan_a)
        self.assertEqual(self.plan_a.number, "01/KH-SCT")
        # numbers are written by trusted code only (the issue action, data entry of paper
        # plans): the constraint holds there too
        with self.assertRaisesExactly(ValidationError) as cm:
            self._force(self.plan_b, {"number": "01/KH-SCT", "issue_date": date(YEAR, 3, 1)})
        self._assert_explained(cm)
        # the same number is fine in another company, or in another year
        self._force(self.plan_x, {"number": "01/KH-SCT", "issue_date": date(YEAR, 3, 1)})
        self._force(self.plan_b, {"number": "01/KH-SCT", "issue_date": date(YEAR - 1, 12, 30)})

    @freeze_time(f"{YEAR}-03-02 10:00:00")
    def test_number_clash_on_issue(self):
        """Issuing refuses a sequence number typed on another plan; nothing is half-written."""
        typed = self._create_plan(
            "TST Plan issued on paper",
            self.dept_b,
            number="01/KH-SCT",
            issue_date=date(YEAR, 1, 20),
        )
        self.plan_a.with_user(self.coordinator).action_submit()
        with self.assertRaisesExactly(ValidationError) as cm:
            self.plan_a.with_user(self.manager).action_issue()
        self._assert_explained(cm)
        self.assertIn("01/KH-SCT", str(cm.exception))
        self.plan_a.invalidate_recordset()
        self.assertEqual(self.plan_a.state, "submitted")
        self.assertFalse(self.plan_a.number)
        self.assertFalse(self.plan_a.issue_date)
        self.assertEqual(typed.number, "01/KH-SCT")

    # ------------------------------------------------------------------
    # Other bad input
    # ------------------------------------------------------------------
    def test_negative_output_quantity(self):
        """An output quantity cannot be negative."""
        Output = self.env["cchc.task.output"].with_user(self.user_a)
        with self.assertRaisesExactly(ValidationError) as cm:
            Output.create(
                {"task_id": self.task_a.id, "channel_id": self.channel.id, "quantity": -3}
            )
        self._assert_explained(cm)
        self.assertFalse(self.task_a.output_ids)

    def test_reminder_days_range(self):
        """The company's reminder lead time is between 0 and 60 days."""
        for days in (-1, 61):
            with self.assertRaisesExactly(ValidationError) as cm:
                self.company_a.cchc_reminder_days = days
            self._assert_explained(cm)
        self.company_a.invalidate_recordset()
        self.assertEqual(self.company_a.cchc_reminder_days, 3)

    def test_task_department_of_other_company(self):
        """A task's departments belong to its plan's company."""
        with self.assertRaisesExactly(UserError):
            self.env["cchc.task"].create(
                self._task_vals(self.plan_a, self.dept_x, self.user_a, name="TST Cross company")
            )
        self.assertEqual(self._count_tasks("TST Cross company"), 0)

    def test_channel_of_other_company(self):
        """Outputs, tasks and plans only use shared channels or channels of their own company."""
        channel_b = self.channel_x
        with self.assertRaisesExactly(UserError):
            self.env["cchc.task.output"].create(
                {"task_id": self.task_a.id, "channel_id": channel_b.id, "quantity": 1}
            )
        self.assertFalse(self.task_a.output_ids)
        with self.assertRaisesExactly(UserError):
            self.task_a.write({"channel_ids": [Command.link(channel_b.id)]})
        with self.assertRaisesExactly(UserError):
            self.plan_a.write({"channel_ids": [Command.link(channel_b.id)]})
        self.task_a.invalidate_recordset()
        self.plan_a.invalidate_recordset()
        self.assertFalse(self.task_a.channel_ids)
        self.assertFalse(self.plan_a.channel_ids)
        self.task_a.write({"channel_ids": [Command.link(self.channel.id)]})
        self.assertEqual(self.task_a.channel_ids, self.channel)
