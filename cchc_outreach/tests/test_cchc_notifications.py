"""New work reaches the person who must act, the way Odoo notifies (Project, Time Off):
followers, messages in the Odoo inbox or by e-mail as each person chose, activities
created through ``mail.activity`` (systray over the bus)."""

import json
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import YEAR, CchcCommon
from .smtp import Mailbox, real_smtp

APPROVAL = "cchc_outreach.mail_act_cchc_task_approval"
PLAN_ISSUE = "cchc_outreach.mail_act_cchc_plan_issue"
TASK_REMINDER = "cchc_outreach.mail_act_cchc_task_reminder"


@tagged("post_install", "-at_install")
class TestCchcNotifications(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_vietnamese()
        for (group, key), user in cls.users.items():
            user.write({"email": f"tst.{group}.{key}@example.com", "notification_type": "inbox"})
        # Staff A reads e-mail (in Vietnamese); everybody else works in the Odoo inbox.
        cls.user_a.write({"notification_type": "email", "lang": "vi_VN"})

    def _notified(self, user, record):
        """Messages on ``record`` that notified ``user`` (inbox or e-mail)."""
        return self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", user.partner_id.id),
                ("mail_message_id.model", "=", record._name),
                ("mail_message_id.res_id", "=", record.id),
            ]
        )

    def test_new_task_follows_and_notifies(self):
        """A user made responsible for a task follows it and is told, by e-mail or in the
        inbox as he chose; nobody is told twice, nor the head who assigned himself."""
        with real_smtp(self.env) as mailbox:
            task = (
                self.env["cchc.task"]
                .with_user(self.head_a)
                .create(
                    self._task_vals(
                        self.plan_a,
                        self.dept_a,
                        self.user_a | self.head_a,
                        name="TST Video about online public services",
                    )
                )
            )
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertIn(self.user_a.partner_id, task.message_partner_ids)
        self.assertIn(self.head_a.partner_id, task.message_partner_ids)
        notified = self._notified(self.user_a, task)
        self.assertEqual(len(notified), 1)
        self.assertEqual(notified.notification_type, "email")
        [message] = mailbox.to(self.user_a.email)
        self.assertIn("Nhiệm vụ mới giao cho bạn", message["subject"])
        self.assertIn(task.name, message["subject"])
        text = Mailbox.text(message)
        self.assertIn("Kính gửi", text)
        self.assertIn("hạn hoàn thành 30/06/2026", text)

        # Adding staff B tells staff B, not staff A again; the head who assigns himself
        # is not told.
        task.with_user(self.head_a).write(
            {"responsible_user_ids": [Command.link(self.user_b.id), Command.link(self.head_a.id)]}
        )
        self.assertEqual(len(self._notified(self.user_a, task)), 1)
        notified_b = self._notified(self.user_b, task)
        self.assertEqual(len(notified_b), 1)
        self.assertEqual(notified_b.notification_type, "inbox")
        self.assertIn(self.user_b.partner_id, task.message_partner_ids)

    def test_new_tasks_of_a_plan_in_one_message(self):
        """Several tasks of one plan at once (a plan copied or imported): one message per
        user, on the plan, listing them."""
        tasks = self.env["cchc.task"].create(
            [
                self._task_vals(self.plan_a, self.dept_a, self.user_b, name=f"TST Batch {n}")
                for n in range(3)
            ]
        )
        notified = self._notified(self.user_b, self.plan_a)
        self.assertEqual(len(notified), 1)
        for task in tasks:
            self.assertIn(task.name, notified.mail_message_id.body)
            self.assertFalse(self._notified(self.user_b, task))

    def test_submission_notifies_the_head(self):
        """Submitting a task for approval gives the head of the lead unit an activity and
        tells him."""
        self.task_a.result_note = "<p>TST 12 articles</p>"
        self.task_a.with_user(self.user_a).action_submit()
        activity = self._activities(self.task_a, APPROVAL)
        self.assertEqual(activity.user_id, self.head_a)
        notified = self._notified(self.head_a, self.task_a)
        self.assertEqual(len(notified), 1)
        self.assertIn("Approve Task Completion", notified.mail_message_id.subject)

    def test_plan_submitted_for_issue_notifies_the_signer(self):
        """A plan submitted for issue tells its signer; a signer without a login: the
        company's directors."""
        signer = self.employees[("manager", "a")]
        self.plan_a.signer_employee_id = signer
        self.plan_a.with_user(self.coordinator).action_submit()
        self.assertEqual(self._activities(self.plan_a, PLAN_ISSUE).user_id, self.manager)
        self.assertEqual(len(self._notified(self.manager, self.plan_a)), 1)

        self.plan_b.signer_employee_id = self.env["hr.employee"].create(
            {"name": "TST Phó Giám đốc", "company_id": self.company_a.id}
        )
        self.plan_b.with_user(self.coordinator).action_submit()
        issuers = self._activities(self.plan_b, PLAN_ISSUE).user_id
        self.assertIn(self.manager, issuers)
        self.assertFalse(issuers.filtered(lambda u: self.company_a not in u.company_ids))
        self.assertEqual(len(self._notified(self.manager, self.plan_b)), 1)

    def test_new_report_notifies_its_responsible(self):
        """A periodic report prepared for someone else tells them, and they follow it."""
        self._force(self.plan_a, {"state": "issued"})
        report = (
            self.env["cchc.report"]
            .with_user(self.coordinator)
            .create(
                {
                    "plan_id": self.plan_a.id,
                    "period_kind": "q1",
                    "year": YEAR,
                    "department_id": self.dept_a.id,
                    "user_id": self.user_b.id,
                }
            )
        )
        self.assertIn(self.user_b.partner_id, report.message_partner_ids)
        self.assertEqual(len(self._notified(self.user_b, report)), 1)

    def test_reminders_made_through_mail_activity(self):
        """The daily reminders are Odoo activities: the assignee follows the record and his
        systray is told over the bus, whoever he is in the batch."""
        task = self._create_task(
            self.plan_b,
            self.dept_b,
            self.user_b | self.users[("coordinator", "b")],
            name="TST Second",
            date_deadline=date(YEAR, 6, 30),
        )
        Bus = self.env["bus.bus"].sudo()
        last_bus = Bus.search([], order="id desc", limit=1).id or 0
        with freeze_time(f"{YEAR}-06-27 00:30:00"):
            self.env["cchc.task"]._cron_send_reminders()
        reminders = self._activities(self.task_a | self.task_b | task, TASK_REMINDER)
        self.assertEqual(
            reminders.user_id, self.user_a | self.user_b | self.users[("coordinator", "b")]
        )
        self.assertTrue(all(reminders.mapped("automated")))
        self.assertEqual(reminders.mapped("res_name").count(task.name), 2)
        for reminder in reminders:
            record = self.env[reminder.res_model].browse(reminder.res_id)
            self.assertIn(reminder.user_id.partner_id, record.message_partner_ids)
        self.env.cr.flush()  # the bus messages are written when the transaction ends
        messages = Bus.search([("id", ">", last_bus)])
        told = {
            json.loads(message.channel)[2]
            for message in messages
            if json.loads(message.message)["type"] == "mail.activity/updated"
        }
        self.assertLessEqual(set(reminders.user_id.partner_id.ids), told)
