from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import YEAR, CchcCommon

TASK_REMINDER = "cchc_outreach.mail_act_cchc_task_reminder"
TASK_ESCALATION = "cchc_outreach.mail_act_cchc_task_escalation"
PLAN_DUE = "cchc_outreach.mail_act_cchc_plan_due"
PLAN_LATE = "cchc_outreach.mail_act_cchc_plan_late"

DEADLINE = date(YEAR, 6, 30)


@tagged("post_install", "-at_install")
class TestCchcReminders(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # two responsible users: each gets their own reminder
        cls.task_a.responsible_user_ids = [Command.set((cls.user_a | cls.user_b).ids)]
        cls.child_plan = cls._create_plan(
            "TST Plan of Tổ Tuyên truyền",
            cls.dept_a1,
            parent_id=cls.plan_a.id,
            submission_deadline=date(YEAR, 8, 31),
            user_id=cls.head_b.id,
        )

    def _run_cron(self, day):
        """Run the daily scheduled action at noon of ``day`` (a date)."""
        with freeze_time(f"{day.isoformat()} 12:00:00"):
            return self._run_reminder_crons()

    def _day(self, offset, base=DEADLINE):
        return base + timedelta(days=offset)

    def _reminders(self, task=None):
        return self._activities(task or self.task_a, TASK_REMINDER)

    def _escalations(self, task=None):
        return self._activities(task or self.task_a, TASK_ESCALATION)

    def test_task_reminder_then_escalation_over_days(self):
        """Day -3 reminds each responsible, day +1 tells the head, never twice; approving closes."""
        self._run_cron(self._day(-5))
        self.assertFalse(self._reminders() | self._escalations(), "day -5: nothing yet")
        self._run_cron(self._day(-4))
        self.assertFalse(self._reminders(), "day -4: nothing yet")

        self._run_cron(self._day(-3))
        reminders = self._reminders()
        self.assertEqual(reminders.user_id, self.user_a | self.user_b)
        self.assertEqual(len(reminders), 2, "one reminder per responsible user")
        self.assertEqual(set(reminders.mapped("date_deadline")), {DEADLINE})
        self.assertEqual(set(reminders.mapped("res_name")), {self.task_a.name})
        self.assertTrue(self.task_a.cchc_reminder_sent)

        self._run_cron(self._day(-3))
        self._run_cron(self._day(-2))
        self.assertEqual(self._reminders(), reminders, "re-running adds no reminder")
        self._run_cron(self._day(0))
        self.assertEqual(self._reminders(), reminders, "deadline day: nothing new")
        self.assertFalse(self._escalations(), "deadline day: no escalation yet")

        self._run_cron(self._day(1))
        escalation = self._escalations()
        self.assertEqual(len(escalation), 1)
        self.assertEqual(escalation.user_id, self.head_a, "the lead department's head")
        self.assertEqual(escalation.date_deadline, self._day(1))
        self.assertEqual(self._reminders(), reminders)

        self._run_cron(self._day(1))
        self._run_cron(self._day(2))
        self.assertEqual(self._escalations(), escalation, "re-running adds no escalation")
        self.assertEqual(self._reminders(), reminders)

        # other tasks were handled on their own
        self.assertEqual(self._reminders(self.task_b).user_id, self.user_b)
        self.assertEqual(self._escalations(self.task_b).user_id, self.head_b)

        with freeze_time(f"{self._day(3).isoformat()} 12:00:00"):
            self.task_a.write({"result_note": "<p>Late, but done.</p>"})
            self.task_a.with_user(self.user_a).action_submit()
            self.task_a.with_user(self.head_a).action_approve()
        self.assertFalse(self._reminders() | self._escalations(), "approval closes them")
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("id", "in", (reminders | escalation).ids)])
        )
        self.assertFalse(done.filtered("active"), "closed as done (or removed), none left open")
        self._run_cron(self._day(4))
        self.assertFalse(self._reminders() | self._escalations(), "a done task is left alone")

    def test_scheduled_action(self):
        """Each model with reminders has its daily scheduled action; the task one runs the
        task reminders, as its own user."""
        for xmlid, model in (
            ("ir_cron_cchc_reminders", "cchc.task"),
            ("ir_cron_cchc_plan_reminders", "cchc.plan"),
            ("ir_cron_cchc_report_reminders", "cchc.report"),
            ("ir_cron_cchc_feedback_reminders", "cchc.feedback"),
        ):
            cron = self.env.ref(f"cchc_outreach.{xmlid}")
            self.assertTrue(cron.active)
            self.assertEqual(cron.model_id.model, model)
            self.assertEqual(cron.code.strip(), "model._cron_send_reminders()")
            self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        cron = self.env.ref("cchc_outreach.ir_cron_cchc_reminders")
        with freeze_time(f"{self._day(-3).isoformat()} 12:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(self._reminders().user_id, self.user_a | self.user_b)
        self.assertEqual(self._reminders(self.task_b).user_id, self.user_b)

    def test_waiting_or_cancelled_tasks_not_chased(self):
        """A task waiting for approval is not escalated; cancelling a task drops its reminders."""
        self._run_cron(self._day(-3))
        self.assertEqual(len(self._reminders()), 2)
        self.assertTrue(self._reminders(self.task_b))
        with freeze_time(f"{self._day(-2).isoformat()} 12:00:00"):
            self.task_a.write({"result_note": "<p>Done</p>"})
            self.task_a.with_user(self.user_a).action_submit()
            self.task_b.with_user(self.head_b).action_cancel()
        self.assertFalse(self._reminders(self.task_b), "cancelling drops the reminders")
        self._run_cron(self._day(1))
        self._run_cron(self._day(2))
        self.assertFalse(self._escalations(), "waiting for the head: no escalation")
        self.assertFalse(
            self._reminders(self.task_b) | self._escalations(self.task_b),
            "cancelled: nothing more",
        )

    def test_deadline_change_resets(self):
        """Moving the deadline drops the sent reminders and reminds again before the new date."""
        self._run_cron(self._day(-3))
        self.assertEqual(len(self._reminders()), 2)
        new_deadline = date(YEAR, 7, 31)
        self.task_a.with_user(self.head_a).write({"date_deadline": new_deadline})
        self.assertFalse(self._reminders(), "the reminders of the old deadline are dropped")
        self.assertFalse(self.task_a.cchc_reminder_sent)
        self._run_cron(self._day(-2))
        self._run_cron(self._day(1))
        self.assertFalse(self._reminders() | self._escalations(), "the old deadline is gone")
        self._run_cron(self._day(-3, new_deadline))
        reminders = self._reminders()
        self.assertEqual(len(reminders), 2)
        self.assertEqual(set(reminders.mapped("date_deadline")), {new_deadline})

        self._run_cron(self._day(1, new_deadline))
        self.assertEqual(len(self._escalations()), 1)
        later = date(YEAR, 9, 15)
        self.task_a.with_user(self.coordinator).write({"date_deadline": later})
        self.assertFalse(self._escalations() | self._reminders())
        self._run_cron(self._day(2, new_deadline))
        self.assertFalse(self._escalations() | self._reminders())
        self._run_cron(self._day(-1, later))
        self.assertEqual(len(self._reminders()), 2)

    def test_same_deadline_written_again_does_not_duplicate(self):
        """Writing the deadline it already has keeps the reminders and sends none again."""
        self._run_cron(self._day(-3))
        reminders = self._reminders()
        self.task_a.with_user(self.head_a).write({"date_deadline": DEADLINE})
        self.task_a.with_user(self.head_a).write({"date_deadline": DEADLINE.isoformat()})
        self._run_cron(self._day(-2))
        self.assertEqual(self._reminders(), reminders)

    def test_company_lead_days(self):
        """The company's reminder lead time decides when the reminder comes; others keep 3 days."""
        self.company_a.cchc_reminder_days = 5
        self._run_cron(self._day(-6))
        self.assertFalse(self._reminders())
        self._run_cron(self._day(-5))
        self.assertEqual(len(self._reminders()), 2)
        self.assertFalse(self._reminders(self.task_x), "company B still waits: default 3 days")
        self._run_cron(self._day(-4))
        self.assertFalse(self._reminders(self.task_x))
        self._run_cron(self._day(-3))
        self.assertEqual(self._reminders(self.task_x).user_id, self.user_x)

        self.company_a.cchc_reminder_days = 0
        task = self._create_task(
            self.plan_a, self.dept_a, self.user_a, date_deadline=date(YEAR, 10, 10)
        )
        self._run_cron(date(YEAR, 10, 9))
        self.assertFalse(self._reminders(task))
        self._run_cron(date(YEAR, 10, 10))
        self.assertEqual(self._reminders(task).user_id, self.user_a, "0 days: on the day itself")

    def test_inactive_or_headless(self):
        """Archived users get no reminder; a lead department without a head gets no escalation."""
        task = self._create_task(
            self.plan_a, self.dept_b, self.user_a | self.user_b, date_deadline=DEADLINE
        )
        self.user_b.active = False
        self.dept_b.manager_id = False
        self._run_cron(self._day(-3))
        self.assertEqual(self._reminders(task).user_id, self.user_a)
        self._run_cron(self._day(1))
        self.assertFalse(self._escalations(task))

    def test_child_plan_due_and_late(self):
        """A sub-unit plan due is reminded, then escalated to the head; issuing closes both."""
        plan = self.child_plan
        due = date(YEAR, 8, 31)
        self._run_cron(self._day(-4, due))
        self.assertFalse(self._activities(plan, PLAN_DUE))
        self._run_cron(self._day(-3, due))
        reminder = self._activities(plan, PLAN_DUE)
        self.assertEqual(reminder.user_id, self.head_b)
        self.assertEqual(reminder.date_deadline, due)
        self._run_cron(self._day(-1, due))
        self._run_cron(self._day(0, due))
        self.assertEqual(self._activities(plan, PLAN_DUE), reminder)
        self.assertFalse(self._activities(plan, PLAN_LATE))

        self._run_cron(self._day(1, due))
        late = self._activities(plan, PLAN_LATE)
        self.assertEqual(late.user_id, self.head_a, "head of the parent plan's coordinating unit")
        self._run_cron(self._day(1, due))
        self._run_cron(self._day(5, due))
        self.assertEqual(self._activities(plan, PLAN_LATE), late)
        self.assertEqual(self._activities(plan, PLAN_DUE), reminder)
        self.assertFalse(
            self._activities(self.plan_a, PLAN_DUE) | self._activities(self.plan_a, PLAN_LATE),
            "a plan without a parent is not due anywhere",
        )

        with freeze_time(f"{self._day(6, due).isoformat()} 12:00:00"):
            self._create_task(plan, self.dept_a1, self.user_a)
            plan.with_user(self.coordinator).action_submit()
            plan.with_user(self.manager).action_issue()
        self.assertFalse(self._activities(plan, PLAN_DUE) | self._activities(plan, PLAN_LATE))
        self._run_cron(self._day(7, due))
        self.assertFalse(self._activities(plan, PLAN_DUE) | self._activities(plan, PLAN_LATE))

    def test_child_plan_issued_in_time(self):
        """A sub-unit plan issued before it is due is neither reminded nor escalated."""
        self._create_task(self.child_plan, self.dept_a1, self.user_a)
        self.child_plan.with_user(self.coordinator).action_submit()
        self.child_plan.with_user(self.manager).action_issue()
        for offset in (-3, 0, 1):
            self._run_cron(self._day(offset, date(YEAR, 8, 31)))
        self.assertFalse(
            self._activities(self.child_plan, PLAN_DUE)
            | self._activities(self.child_plan, PLAN_LATE)
        )

    def test_child_plan_due_date_change_resets(self):
        """Moving a sub-unit plan's due date drops its sent reminder and reminds once more later."""
        plan = self.child_plan
        self._run_cron(date(YEAR, 8, 28))
        self.assertEqual(len(self._activities(plan, PLAN_DUE)), 1)
        plan.with_user(self.coordinator).write({"submission_deadline": date(YEAR, 9, 30)})
        self.assertFalse(self._activities(plan, PLAN_DUE), "the old reminder is dropped")
        self._run_cron(date(YEAR, 9, 1))
        self.assertFalse(self._activities(plan, PLAN_LATE))
        self._run_cron(date(YEAR, 9, 27))
        reminder = self._activities(plan, PLAN_DUE)
        self.assertEqual(len(reminder), 1, "one reminder, not two")
        self.assertEqual(reminder.date_deadline, date(YEAR, 9, 30))

    def test_query_count_does_not_grow(self):
        """The cron's SQL query count is the same for 10 and for 60 due tasks (set-based)."""
        today = date(YEAR, 6, 28)
        self._run_cron(today)  # warm caches; flags the records that exist already

        def add_tasks(count):
            vals = []
            for index in range(count):
                for deadline in (today + timedelta(days=2), today - timedelta(days=2)):
                    vals.append(
                        self._task_vals(
                            self.plan_a,
                            self.dept_a,
                            self.user_a,
                            name=f"TST Bulk task {count}-{index}-{deadline}",
                            date_deadline=deadline,
                        )
                    )
            tasks = self.env["cchc.task"].create(vals)
            self.env.flush_all()
            return tasks

        counts = {}
        for count in (10, 60):
            tasks = add_tasks(count)
            with freeze_time(f"{today.isoformat()} 12:00:00"):
                before = self.env.cr.sql_log_count
                created = self._run_reminder_crons()
                counts[count] = self.env.cr.sql_log_count - before
            # Every task reminds its responsible (the late ones too: they never were);
            # the late ones are escalated as well.
            self.assertEqual(created["cchc.task"], 3 * count)
            self.assertEqual(len(self._activities(tasks, TASK_REMINDER)), 2 * count)
            self.assertEqual(len(self._activities(tasks, TASK_ESCALATION)), count)
        self.assertEqual(counts[10], counts[60], f"queries per run: {counts}")
