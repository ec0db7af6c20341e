from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import YEAR, CchcCommon

APPROVAL = "cchc_outreach.mail_act_cchc_task_approval"
REFUSED = "cchc_outreach.mail_act_cchc_task_refused"
REMINDER = "cchc_outreach.mail_act_cchc_task_reminder"
ESCALATION = "cchc_outreach.mail_act_cchc_task_escalation"


@tagged("post_install", "-at_install")
class TestCchcTaskWorkflow(CchcCommon):
    def _record_result(self, task, user):
        task.with_user(user).write({"result_note": "<p>Published 12 articles.</p>"})

    @freeze_time(f"{YEAR}-06-10 09:00:00")
    def test_start_submit_approve(self):
        """A staff member starts and submits a task; the head of the lead department approves it."""
        task = self.task_a.with_user(self.user_a)
        task.action_start()
        self.assertEqual(task.state, "in_progress")
        self._record_result(self.task_a, self.user_a)
        task.action_submit()
        self.assertEqual(task.state, "waiting")
        self.assertEqual(task.submitted_by_id, self.user_a)
        self.assertEqual(task.completion_date, date(YEAR, 6, 10))
        approval = self._activities(self.task_a, APPROVAL)
        self.assertEqual(approval.user_id, self.head_a, "the lead department's head approves")

        self.task_a.with_user(self.head_a).action_approve()
        self.assertEqual(self.task_a.state, "done")
        self.assertEqual(self.task_a.approved_by_id, self.head_a)
        self.assertEqual(self.task_a.approval_date, date(YEAR, 6, 10))
        self.assertFalse(self._activities(self.task_a, APPROVAL), "the approval activity is closed")
        self.assertFalse(self.task_a.is_late)

    def test_submit_straight_from_todo(self):
        """A task can be submitted from To Do once its outputs are recorded."""
        self.env["cchc.task.output"].with_user(self.user_a).create(
            {"task_id": self.task_a.id, "channel_id": self.channel.id, "quantity": 4}
        )
        self.task_a.with_user(self.user_a).action_submit()
        self.assertEqual(self.task_a.state, "waiting")

    def test_submit_needs_results(self):
        """A task without results or outputs cannot be submitted for approval."""
        with self.assertRaisesExactly(UserError):
            self.task_a.with_user(self.user_a).action_submit()
        self.assertEqual(self.task_a.state, "todo")
        self.assertFalse(self.task_a.submitted_by_id)

    def test_wrong_state_transitions(self):
        """Each button refuses a task in the wrong state with a UserError."""
        task = self.task_a
        with self.assertRaisesExactly(UserError):
            task.with_user(self.head_a).action_approve()  # todo, not waiting
        with self.assertRaisesExactly(UserError):
            task.with_user(self.head_a).action_refuse("Not yet")
        with self.assertRaisesExactly(UserError):
            task.with_user(self.head_a).action_reset()  # not cancelled
        task.with_user(self.user_a).action_start()
        with self.assertRaisesExactly(UserError):
            task.with_user(self.user_a).action_start()
        self._record_result(task, self.user_a)
        task.with_user(self.user_a).action_submit()
        with self.assertRaisesExactly(UserError):
            task.with_user(self.user_a).action_submit()
        task.with_user(self.head_a).action_approve()
        with self.assertRaisesExactly(UserError):
            task.with_user(self.coordinator).action_approve()
        with self.assertRaisesExactly(UserError):
            task.with_user(self.coordinator).action_cancel()
        self.assertEqual(task.state, "done")
        self.assertEqual(task.approved_by_id, self.head_a)

    def test_nobody_approves_what_they_submitted(self):
        """A head who submits a task cannot approve it; the plan's coordinator is asked instead."""
        task = self._create_task(self.plan_a, self.dept_a, self.head_a)
        self._record_result(task, self.head_a)
        task.with_user(self.head_a).action_submit()
        self.assertFalse(task.with_user(self.head_a).can_approve)
        self.assertEqual(
            self._activities(task, APPROVAL).user_id,
            self.plan_a.user_id,
            "the approval goes to the plan's responsible coordinator, not the submitter",
        )
        with self.assertRaisesExactly(UserError):
            task.with_user(self.head_a).action_approve()
        self.assertEqual(task.state, "waiting")
        self.assertFalse(task.approved_by_id)
        task.with_user(self.coordinator).action_approve()
        self.assertEqual(task.approved_by_id, self.coordinator)

    def test_coordinator_cannot_approve_own_submission(self):
        """The rule holds for coordinators too: no self-approval at any level."""
        task = self._create_task(self.plan_a, self.dept_a, self.coordinator)
        self._record_result(task, self.coordinator)
        task.with_user(self.coordinator).action_submit()
        with self.assertRaisesExactly(UserError):
            task.with_user(self.coordinator).action_approve()
        task.with_user(self.manager).action_approve()
        self.assertEqual(task.approved_by_id, self.manager)

    def test_only_lead_head_or_coordinator_approves(self):
        """Only the lead department's head or a coordinator approves: not staff, not other heads."""
        self._record_result(self.task_a, self.user_a)
        self.task_a.with_user(self.user_a).action_submit()
        self.assertFalse(self.task_a.with_user(self.user_a).can_approve)
        self.assertFalse(self.task_a.with_user(self.user_b).can_approve)
        self.assertTrue(self.task_a.with_user(self.head_a).can_approve)
        self.assertTrue(self.task_a.with_user(self.coordinator).can_approve)
        colleague, _employee = self._new_department_user("user", "a2", self.dept_a, self.company_a)
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(colleague).action_approve()
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.head_b).action_approve()
        # a cooperating department's head reads the task but does not approve it
        self.task_a.cooperating_department_ids = [Command.link(self.dept_b.id)]
        self.assertFalse(self.task_a.with_user(self.head_b).can_approve)
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.head_b).action_approve()
        self.assertEqual(self.task_a.state, "waiting")
        waiting = (
            self.env["cchc.task"]
            .with_user(self.head_a)
            .search([("can_approve", "=", True), ("id", "in", (self.task_a | self.task_b).ids)])
        )
        self.assertEqual(waiting, self.task_a, "the 'Waiting My Approval' filter finds it")
        self.assertFalse(
            self.env["cchc.task"]
            .with_user(self.head_b)
            .search([("can_approve", "=", True), ("id", "=", self.task_a.id)])
        )

    def test_head_of_parent_department_approves_sub_department_task(self):
        """The head of a department approves the tasks of its sub-departments."""
        task = self._create_task(self.plan_a, self.dept_a1, self.user_a)
        self._record_result(task, self.user_a)
        task.with_user(self.user_a).action_submit()
        self.assertTrue(task.with_user(self.head_a).can_approve)
        task.with_user(self.head_a).action_approve()
        self.assertEqual(task.state, "done")

    def test_refuse_sends_back_with_reason(self):
        """Refusing needs a reason, sends the task back in progress and tells the submitter."""
        self._record_result(self.task_a, self.user_a)
        self.task_a.with_user(self.user_a).action_submit()
        with self.assertRaisesExactly(UserError):
            self.task_a.with_user(self.head_a).action_refuse("   ")
        self.assertEqual(self.task_a.state, "waiting")
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.user_a).action_refuse("I changed my mind")

        wizard_form = Form(
            self.env["cchc.task.refuse.wizard"]
            .with_user(self.head_a)
            .with_context(default_task_ids=self.task_a.ids)
        )
        wizard_form.reason = "Add the links to the articles."
        wizard_form.save().action_refuse()
        self.assertEqual(self.task_a.state, "in_progress")
        self.assertEqual(self.task_a.refusal_reason, "Add the links to the articles.")
        self.assertFalse(self.task_a.completion_date)
        self.assertFalse(self._activities(self.task_a, APPROVAL))
        self.assertEqual(self._activities(self.task_a, REFUSED).user_id, self.user_a)
        # resubmitting clears the reason
        self.task_a.with_user(self.user_a).action_submit()
        self.assertEqual(self.task_a.state, "waiting")
        self.assertFalse(self.task_a.refusal_reason)

    def test_cancel_and_reset(self):
        """Only who plans the task cancels or resets it; cancelling drops its activities."""
        self.task_a.activity_schedule(REMINDER, user_id=self.user_a.id)
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.user_a).action_cancel()
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.head_b).action_cancel()
        self.assertEqual(self.task_a.state, "todo")
        self.task_a.with_user(self.head_a).action_cancel()
        self.assertEqual(self.task_a.state, "cancelled")
        self.assertFalse(self._activities(self.task_a, REMINDER))
        with self.assertRaisesExactly(AccessError):
            self.task_a.with_user(self.user_a).action_reset()
        self.task_a.with_user(self.head_a).action_reset()
        self.assertEqual(self.task_a.state, "todo")

    def test_state_fields_only_through_buttons(self):
        """Nobody but the buttons writes the workflow fields (state, approver, dates)."""
        for user in (self.user_a, self.head_a, self.coordinator):
            with self.assertRaisesExactly(AccessError):
                self.task_a.with_user(user).write({"state": "done"})
            with self.assertRaisesExactly(AccessError):
                self.task_a.with_user(user).write({"approved_by_id": user.id})
        self.assertEqual(self.task_a.state, "todo")
        self.assertFalse(self.task_a.approved_by_id)

    def test_closed_task_results_are_frozen(self):
        """Once done, nobody changes the results or outputs, a coordinator neither."""
        output = self.env["cchc.task.output"].create(
            {"task_id": self.task_a.id, "channel_id": self.channel.id, "quantity": 12}
        )
        self._record_result(self.task_a, self.user_a)
        self.task_a.with_user(self.user_a).action_submit()
        self.task_a.with_user(self.head_a).action_approve()
        with self.assertRaisesExactly(UserError):
            self.task_a.with_user(self.user_a).write({"result_note": "<p>Changed</p>"})
        with self.assertRaisesExactly(UserError):
            output.with_user(self.user_a).write({"quantity": 100})
        with self.assertRaisesExactly(UserError):
            self.env["cchc.task.output"].with_user(self.user_a).create(
                {"task_id": self.task_a.id, "channel_id": self.channel.id, "quantity": 1}
            )
        with self.assertRaisesExactly(UserError):
            output.with_user(self.head_a).unlink()
        self.assertEqual(output.quantity, 12)
        self.assertIn("Published 12 articles", self.task_a.result_note)
        for user in (self.coordinator, self.manager):
            with self.assertRaisesExactly(UserError):
                output.with_user(user).write({"quantity": 13})
            with self.assertRaisesExactly(UserError):
                self.task_a.with_user(user).write({"result_note": "<p>Rewritten</p>"})
        self.assertEqual(output.quantity, 12)

    def test_late_flags(self):
        """A task is late past its deadline while open, and when it was completed after it."""
        task = self.task_a
        with freeze_time(f"{YEAR}-06-30 10:00:00"):
            task.invalidate_recordset(["is_late"])
            self.assertFalse(task.is_late)
        with freeze_time(f"{YEAR}-07-01 10:00:00"):
            task.invalidate_recordset(["is_late"])
            self.assertTrue(task.is_late)
            self.assertIn(task, self.env["cchc.task"].search([("is_late", "=", True)]))
            self.assertEqual(self.plan_a.task_late_count, 1)
            self._record_result(task, self.user_a)
            task.with_user(self.user_a).action_submit()
            self.assertTrue(task.completed_late)
            self.assertTrue(task.is_late)
        on_time = self.task_b
        with freeze_time(f"{YEAR}-06-01 10:00:00"):
            self._record_result(on_time, self.user_b)
            on_time.with_user(self.user_b).action_submit()
        with freeze_time(f"{YEAR}-08-01 10:00:00"):
            on_time.invalidate_recordset(["is_late"])
            self.assertFalse(on_time.is_late)
            self.assertNotIn(on_time, self.env["cchc.task"].search([("is_late", "=", True)]))

    def test_filters_search_as_they_compute(self):
        """The filters of the task list (late, overdue, waiting my approval, my department)
        find exactly the tasks whose field is set, and their negations the others."""
        on_time = self._create_task(
            self.plan_a, self.dept_a, self.user_a, date_deadline=date(YEAR, 12, 15)
        )
        own = self._create_task(
            self.plan_a, self.dept_a, self.coordinator, date_deadline=date(YEAR, 12, 15)
        )
        tasks = self.task_a | self.task_b | on_time | own
        with freeze_time(f"{YEAR}-07-01 10:00:00"):
            # task A still to do after its deadline (30/06), task B submitted after it;
            # the coordinator's own submission waits for somebody else's approval
            self._record_result(self.task_b, self.user_b)
            self.task_b.with_user(self.user_b).action_submit()
            self._record_result(own, self.coordinator)
            own.with_user(self.coordinator).action_submit()
            # as the coordinator of department A, who reads them all and approves task B
            for name in ("is_late", "is_overdue", "can_approve", "is_my_department"):
                self.assertFilterMatchesField(tasks.with_user(self.coordinator), name)

    def test_clarity_points(self):
        """Each of the six points (06 rõ) is computed from the task's own fields."""
        task = self.task_a
        self.assertTrue(task.is_clear)
        self.assertEqual(task.clarity_score, 6)
        task.write({"authority": False, "responsible_user_ids": [Command.clear()]})
        self.assertFalse(task.is_clear)
        self.assertEqual(task.clarity_score, 4)
        self.assertFalse(task.clear_who)
        self.assertFalse(task.clear_authority)
        self.assertIn("Who", task.clarity_missing)
        self.assertIn("Authority", task.clarity_missing)
