"""The daily digest ("nhắc việc"): one e-mail per person and day, delivered for real.

The morning of 29 June 2026 (company A): staff A has a task due tomorrow and a late one,
staff B a completion refused, head B a completion to approve and a late sub-unit plan,
head A the late task of his unit and the late sub-unit plan of his plan, the coordinator
and the director the late sub-unit plan to follow up; company B's staff has a task due
but turned the digest off; the others have nothing.
"""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import YEAR, CchcCommon
from .smtp import real_smtp

TODAY = date(YEAR, 6, 29)
TASK_REMINDER = "cchc_outreach.mail_act_cchc_task_reminder"
TASK_ESCALATION = "cchc_outreach.mail_act_cchc_task_escalation"
PLAN_LATE = "cchc_outreach.mail_act_cchc_plan_late"
DIGEST_SUBJECT = "Nhắc việc CCHC"


@tagged("post_install", "-at_install")
class TestCchcDigest(CchcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_vietnamese()
        for (group, key), user in cls.users.items():
            user.write({"email": f"tst.{group}.{key}@example.com", "lang": "vi_VN"})
        cls.head_x = cls.users[("head", "x")]
        cls.user_x.cchc_digest_enabled = False
        # Staff A: task A due tomorrow (30/06), and a late task.
        cls.task_late = cls._create_task(
            cls.plan_a,
            cls.dept_a,
            cls.user_a,
            name="TST Late leaflets",
            date_deadline=date(YEAR, 6, 20),
        )
        # Staff B submitted, head B refused: to be done again.
        cls.task_refused = cls._create_task(
            cls.plan_b,
            cls.dept_b,
            cls.user_b,
            name="TST Refused poster",
            date_deadline=date(YEAR, 9, 30),
        )
        cls.task_waiting = cls._create_task(
            cls.plan_b,
            cls.dept_b,
            cls.user_b,
            name="TST Hotline news",
            date_deadline=date(YEAR, 9, 30),
        )
        for task in cls.task_refused | cls.task_waiting:
            task.result_note = "<p>TST done</p>"
            task.with_user(cls.user_b).action_submit()
        cls.task_refused.with_user(cls.head_b).action_refuse("TST Add the photos.")
        # Staff B's own task is not due yet; company B's staff has task X due tomorrow
        # (30/06) but no digest wanted.
        cls.task_b.date_deadline = date(YEAR, 9, 30)
        # A sub-unit plan of plan A due to it on 25/06, late; its responsible is head B.
        cls.child_plan = cls._create_plan(
            "TST Plan of Tổ Tuyên truyền",
            cls.dept_a1,
            parent_id=cls.plan_a.id,
            submission_deadline=date(YEAR, 6, 25),
            user_id=cls.head_b.id,
        )

    def _run_day(self, day, at="00:30:00"):
        """The morning's scheduled actions (07:30 in Vietnam): reminders of every model,
        then the digest."""
        with freeze_time(f"{day.isoformat()} {at}"):
            self._run_reminder_crons()
            return self.env["res.users"]._cron_cchc_send_digest()

    def _digests(self, user):
        """Digest e-mails queued for ``user`` (not sent yet)."""
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("email_to", "ilike", user.email), ("subject", "like", DIGEST_SUBJECT)])
        )

    def _delivered(self, mailbox, user):
        return [m for m in mailbox.to(user.email) if DIGEST_SUBJECT in m["subject"]]

    def test_digest_delivered_over_smtp(self):
        """One Vietnamese e-mail per person with work, through a real SMTP server, listing
        their records with links that open them; none for the others."""
        with freeze_time(f"{TODAY.isoformat()} 00:30:00"):  # 07:30 in Vietnam
            self._run_reminder_crons()
            sent = self.env["res.users"]._cron_cchc_send_digest()
        self.assertGreaterEqual(sent, 6)
        with real_smtp(self.env) as mailbox:
            self.env["mail.mail"].sudo().process_email_queue()
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")

        def text_of(user):
            messages = self._delivered(mailbox, user)
            self.assertEqual(len(messages), 1, f"one digest for {user.login}")
            [message] = messages
            self.assertEqual(message["subject"], message["subject"].strip())
            self.assertIn(f"{DIGEST_SUBJECT} ngày 29/06/{YEAR}", message["subject"])
            body = message.get_body(preferencelist=("html",)).get_content()
            self.assertIn(f"Kính gửi {user.name}", body)
            return body

        body = text_of(self.user_a)
        self.assertIn("Trễ hạn (1)", body)
        self.assertIn("Sắp đến hạn (1)", body)
        self.assertIn(self.task_late.name, body)
        self.assertIn(self.task_a.name, body)
        self.assertIn(f'href="{base_url}/odoo/cchc.task/{self.task_late.id}"', body)
        self.assertIn(f'href="{base_url}/odoo/cchc.task/{self.task_a.id}"', body)
        self.assertIn("hạn 20/06/2026, trễ 9 ngày", body)
        self.assertNotIn(self.task_refused.name, body)
        self.assertIn(
            "1 trễ hạn, 1 sắp đến hạn", self._delivered(mailbox, self.user_a)[0]["subject"]
        )

        body = text_of(self.user_b)
        self.assertIn("Bị trả lại, cần làm lại (1)", body)
        self.assertIn(self.task_refused.name, body)
        self.assertNotIn(self.task_waiting.name, body, "waiting for the head, not for her")

        body = text_of(self.head_b)
        self.assertIn("Chờ bạn xử lý (1)", body)
        self.assertIn(self.task_waiting.name, body)
        self.assertIn("Duyệt kết quả nhiệm vụ", body)
        self.assertIn(self.child_plan.name, body, "his own sub-unit plan is late")
        self.assertEqual(body.count(f"/odoo/cchc.plan/{self.child_plan.id}"), 1, "listed once")

        body = text_of(self.head_a)
        self.assertIn("Trễ hạn tại đơn vị bạn phụ trách (2)", body)
        self.assertIn(self.task_late.name, body)
        self.assertIn(self.child_plan.name, body)
        self.assertNotIn(self.task_a.name, body, "not late: the staff's business")

        for user in (self.coordinator, self.manager):
            body = text_of(user)
            self.assertIn("Kế hoạch đơn vị trực thuộc, báo cáo định kỳ cần đôn đốc (1)", body)
            self.assertIn(self.child_plan.name, body)

        for user in (
            self.user_x,  # turned it off
            self.head_x,
            self.users[("coordinator", "x")],
            self.users[("manager", "x")],
        ):
            self.assertFalse(self._delivered(mailbox, user), f"nothing for {user.login}")

    def test_once_a_day_over_several_days(self):
        """Day after day: one digest a day per person, never two the same day; each
        reminder once and the escalation to the head once, the day after the deadline."""
        days = [TODAY - timedelta(days=4) + timedelta(days=n) for n in range(7)]  # 25/06-01/07
        counts = {}
        for day in days:
            counts[day] = self._run_day(day)
            self.assertEqual(
                self._run_day(day, at="02:00:00"), 0, f"{day}: a second run sends nothing"
            )
        self.assertTrue(all(counts.values()))
        for user in (self.user_a, self.head_a, self.user_b, self.head_b, self.coordinator):
            self.assertEqual(len(self._digests(user)), len(days), user.login)
        self.assertFalse(self._digests(self.user_x), "turned off")
        self.assertEqual(len(self._digests(self.head_x)), 1, "01/07: task X late in his unit")

        reminders = self._activities(self.task_a, TASK_REMINDER)
        self.assertEqual(reminders.user_id, self.user_a)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(len(self._activities(self.task_late, TASK_REMINDER)), 1)
        escalations = self._activities(self.task_a | self.task_late, TASK_ESCALATION)
        self.assertEqual(len(escalations), 2, "task A (late from 01/07) and the late task")
        self.assertEqual(escalations.user_id, self.head_a)
        self.assertEqual(
            self._activities(self.task_a, TASK_ESCALATION).date_deadline, date(YEAR, 7, 1)
        )
        self.assertEqual(self._activities(self.child_plan, PLAN_LATE).user_id, self.head_a)

    def test_turned_off_in_preferences(self):
        """A user turns the digest off himself (preferences) and gets none; on again, one."""
        self.assertIn("cchc_digest_enabled", self.user_a.SELF_WRITEABLE_FIELDS)
        self.user_a.with_user(self.user_a).write({"cchc_digest_enabled": False})
        self._run_day(TODAY)
        self.assertFalse(self._digests(self.user_a))
        self.assertEqual(len(self._digests(self.head_a)), 1)
        self.user_a.with_user(self.user_a).write({"cchc_digest_enabled": True})
        self._run_day(TODAY + timedelta(days=1))
        self.assertEqual(len(self._digests(self.user_a)), 1)
        with self.assertRaises(AccessError):
            self.user_b.with_user(self.user_a).write({"cchc_digest_enabled": False})

    def test_nothing_to_say_no_mail(self):
        """Nobody gets an empty digest: with every task done there is nothing to send."""
        tasks = self.env["cchc.task"].search([("company_id", "=", self.company_a.id)])
        self._force(tasks, {"state": "done"})
        self._force(self.child_plan, {"state": "issued"})
        self.env["mail.activity"].search(
            [("res_model", "=", "cchc.task"), ("res_id", "in", tasks.ids)]
        ).unlink()
        self._run_day(TODAY)
        for user in self.users.values():
            self.assertFalse(self._digests(user), user.login)

    def test_long_lists_are_cut(self):
        """A section lists 20 records and counts the others."""
        self.env["cchc.task"].create(
            [
                self._task_vals(
                    self.plan_a,
                    self.dept_a,
                    self.user_a,
                    name=f"TST Bulk late {index:02d}",
                    date_deadline=date(YEAR, 6, 1) + timedelta(days=index % 20),
                )
                for index in range(30)
            ]
        )
        self._run_day(TODAY)
        [mail] = self._digests(self.user_a)
        self.assertIn("Trễ hạn (31)", mail.body_html)
        self.assertIn("và 11 mục khác", mail.body_html)
        self.assertEqual(mail.body_html.count("/odoo/cchc.task/"), 20 + 1)

    def test_query_count_does_not_grow_with_records(self):
        """The digest of the same people costs the same queries with 5 or 40 late tasks."""

        people = self.user_a | self.user_b | self.head_a | self.head_b | self.coordinator

        def queries(count, day):
            self.env["cchc.task"].create(
                [
                    self._task_vals(
                        self.plan_a,
                        self.dept_a,
                        self.user_a | self.user_b,
                        name=f"TST Bulk {day} {index}",
                        date_deadline=date(YEAR, 6, 1),
                    )
                    for index in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(f"{day.isoformat()} 00:30:00"):
                before = self.env.cr.sql_log_count
                sent = self.env["res.users"]._cchc_send_digests(day, users=people)
                spent = self.env.cr.sql_log_count - before
            self.assertGreater(sent, 0)
            return spent

        queries(1, TODAY + timedelta(days=4))  # warm the caches
        self.assertEqual(
            queries(5, TODAY + timedelta(days=5)), queries(40, TODAY + timedelta(days=6))
        )

    def test_template_editable_by_directors(self):
        """The director opens the digest template from the menu and edits it; staff cannot."""
        template = self.env.ref("cchc_outreach.mail_template_cchc_digest")
        action = self.env.ref("cchc_outreach.action_cchc_digest_template")
        self.assertEqual((action.res_model, action.res_id), ("mail.template", template.id))
        menu = self.env.ref("cchc_outreach.menu_cchc_digest_template")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.coordinator)._visible_menu_ids())
        template.with_user(self.manager).write({"description": "TST edited by the director"})
        with self.assertRaises(AccessError):
            template.with_user(self.user_a).write({"description": "TST edited by staff"})
        settings = self.env["res.config.settings"].create({})
        action = settings.action_cchc_open_digest_template()
        self.assertEqual((action["res_model"], action["res_id"]), ("mail.template", template.id))
