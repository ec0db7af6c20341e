from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SENDER, CchcFeedbackCommon

REMINDER = "cchc_outreach.mail_act_cchc_feedback_reminder"
ESCALATION = "cchc_outreach.mail_act_cchc_feedback_escalation"
ASSIGNED = "cchc_outreach.mail_act_cchc_feedback_assigned"


@tagged("post_install", "-at_install")
class TestCchcFeedbackFlow(CchcFeedbackCommon):
    def test_sender_data_required(self):
        """Name, address and a phone or e-mail are required (Decree 20/2008)."""
        for missing in ("sender_name", "sender_address"):
            with self.subTest(missing=missing), self.assertRaises(ValidationError):
                self._create_feedback(**{missing: False})
        with self.assertRaises(ValidationError):
            self._create_feedback(sender_phone=False, sender_email=False)
        only_mail = self._create_feedback(sender_phone=False)
        self.assertEqual(only_mail.sender_email, SENDER["sender_email"])
        with self.assertRaises(ValidationError):
            self._create_feedback(sender_phone="call me maybe")

    def test_hotline_needs_receiving_officer(self):
        """A phone feedback is written down by a named receiving officer."""
        feedback = self._create_feedback(channel="hotline_1022")
        self.assertEqual(feedback.receiver_id, self.officer)
        with self.assertRaises(ValidationError):
            self._create_feedback(user=self.manager, channel="hotline_1022", receiver_id=False)

    def test_within_competence_flow(self):
        """new → classified → in progress → answered (on time) → closed, published."""
        feedback = self._create_feedback(received_date=date(2026, 3, 2))
        self.assertEqual(feedback.state, "new")
        with freeze_time("2026-03-04"):
            feedback.with_user(self.officer).action_classify(
                "within", department=self.dept_a, handler=self.handler, content_class="applied_late"
            )
        self.assertEqual(feedback.state, "classified")
        self.assertEqual(feedback.classification, "within")
        self.assertEqual(feedback.content_class, "applied_late")
        self.assertEqual(feedback.classified_by_id, self.officer)
        self.assertTrue(self._activities(feedback, ASSIGNED, self.handler))
        as_handler = feedback.with_user(self.handler)
        as_handler.action_start()
        self.assertEqual(feedback.state, "in_progress")
        with self.assertRaises(UserError):
            as_handler.action_answer()  # no answer text yet
        as_handler.answer = "TST Sở đã chỉ đạo giải quyết hồ sơ."
        with freeze_time("2026-03-16"):
            as_handler.action_answer()
        self.assertEqual(feedback.state, "answered")
        self.assertEqual(feedback.answer_date, date(2026, 3, 16))
        self.assertTrue(feedback.answered_on_time)
        self.assertEqual(feedback.answer_status, "on_time")
        self.assertFalse(self._activities(feedback, ASSIGNED))
        with self.assertRaises(AccessError):
            as_handler.action_publish()  # publishing is the receiving officer's
        as_officer = feedback.with_user(self.officer)
        with self.assertRaises(UserError):
            as_officer.action_publish()  # no public answer yet
        as_handler.public_answer = "TST Hồ sơ đã được giải quyết ngày 16/3/2026."
        as_officer.action_publish()
        self.assertTrue(feedback.is_published)
        as_handler.action_close()
        self.assertEqual(feedback.state, "closed")

    def test_answered_late(self):
        """An answer after the answer deadline counts as late."""
        feedback = self._assigned_feedback(received_date=date(2026, 3, 2))
        feedback.with_user(self.handler).answer = "TST answer"
        with freeze_time("2026-03-17"):
            feedback.with_user(self.handler).action_answer()
        self.assertFalse(feedback.answered_on_time)
        self.assertEqual(feedback.answer_status, "late")
        self.assertTrue(feedback.is_late)
        self.assertIn(feedback, self.env["cchc.feedback"].search([("is_late", "=", True)]))

    def test_filters_search_as_they_compute(self):
        """The Late and My Department filters find exactly the feedback whose field is set,
        and their negations the others."""
        with freeze_time("2026-03-17"):
            answered_late = self._assigned_feedback(received_date=date(2026, 3, 2))
            answered_late.with_user(self.handler).answer = "TST answer"
            answered_late.with_user(self.handler).action_answer()
            unclassified_late = self._create_feedback(received_date=date(2026, 3, 2))
            open_in_time = self._assigned_feedback(received_date=date(2026, 3, 16))
            other_unit = self._assigned_feedback(
                received_date=date(2026, 3, 16), department=self.dept_b, handler=self.user_b
            )
            feedback = answered_late | unclassified_late | open_in_time | other_unit
            self.assertEqual(feedback.filtered("is_late"), answered_late | unclassified_late)
            for name in ("is_late", "is_my_department"):
                self.assertFilterMatchesField(feedback.with_user(self.manager), name)

    def test_outside_competence_is_forwarded(self):
        """Outside competence: forwarded to a named body, on time within 05 working days."""
        feedback = self._create_feedback(received_date=date(2026, 3, 2))
        as_officer = feedback.with_user(self.officer)
        with self.assertRaises(UserError):
            as_officer.action_classify("outside")  # no competent body named
        as_officer.action_classify(
            "outside", forward_to="Sở Tài chính tỉnh Đồng Nai", forward_date=date(2026, 3, 9)
        )
        self.assertEqual(feedback.state, "forwarded")
        self.assertEqual(feedback.forward_to, "Sở Tài chính tỉnh Đồng Nai")
        self.assertEqual(feedback.forward_deadline, date(2026, 3, 9))
        self.assertTrue(feedback.forwarded_on_time)
        late = self._create_feedback(received_date=date(2026, 3, 2))
        late.with_user(self.officer).action_classify(
            "conduct", forward_to="Thanh tra Sở", forward_date=date(2026, 3, 10)
        )
        self.assertEqual(late.state, "forwarded")
        self.assertFalse(late.forwarded_on_time)

    def test_not_accepted_needs_reason(self):
        """Not accepted: the reason is required and kept."""
        feedback = self._create_feedback()
        with self.assertRaises(UserError):
            feedback.with_user(self.officer).action_classify("not_accepted", reason="  ")
        feedback.with_user(self.officer).action_classify(
            "not_accepted", reason="Không thuộc phạm vi quy định hành chính."
        )
        self.assertEqual(feedback.state, "not_accepted")
        feedback.with_user(self.officer).action_reopen()
        self.assertEqual(feedback.state, "new")
        self.assertFalse(feedback.classification)

    def test_only_officers_classify(self):
        """Handlers, heads and coordinators cannot classify feedback."""
        feedback = self._create_feedback()
        for user in (self.handler, self.head_a, self.coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                feedback.with_user(user).action_classify("within", department=self.dept_a)
        self.assertEqual(feedback.state, "new")

    def test_workflow_fields_need_buttons(self):
        """The status and the answer date cannot be written directly."""
        feedback = self._assigned_feedback()
        state = feedback.state
        for user in (self.officer, self.handler):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                feedback.with_user(user).write({"state": "answered"})
        with self.assertRaises(AccessError):
            feedback.with_user(self.handler).write({"answer_date": date(2026, 3, 3)})
        feedback.invalidate_recordset()
        self.assertEqual(feedback.state, state)
        self.assertFalse(feedback.answer_date)

    def test_handler_edits_only_the_answer(self):
        """The handler writes the answer, not the content or the assignment."""
        feedback = self._assigned_feedback()
        description = feedback.description
        feedback.with_user(self.handler).answer = "TST answer"
        self.assertEqual(feedback.answer, "TST answer")
        for vals in ({"description": "changed"}, {"department_id": self.dept_b.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                feedback.with_user(self.handler).write(vals)
        feedback.invalidate_recordset()
        self.assertEqual(feedback.description, description)
        self.assertEqual(feedback.department_id, self.dept_a)
        self.assertEqual(feedback.handler_id, self.handler)

    def test_head_assigns_the_handler(self):
        """The head of the assigned department (re)assigns the handler."""
        feedback = self._assigned_feedback(handler=False)
        self.assertTrue(self._activities(feedback, ASSIGNED, self.head_a))
        feedback.with_user(self.head_a).handler_id = self.colleague_a
        self.assertEqual(feedback.handler_id, self.colleague_a)
        self.assertTrue(self._activities(feedback, ASSIGNED, self.colleague_a))
        self.assertFalse(self._activities(feedback, ASSIGNED, self.head_a))
        with self.assertRaises(AccessError):
            feedback.with_user(self.head_b).handler_id = self.user_b

    def test_publication_refuses_personal_data(self):
        """A public answer quoting the sender's phone, e-mail or name is not published."""
        feedback = self._assigned_feedback()
        feedback.with_user(self.handler).answer = "TST answer"
        feedback.with_user(self.handler).action_answer()
        as_officer = feedback.with_user(self.officer)
        for text in (
            "Đã gọi lại cho ông theo số 0912.345.678.",
            "Đã trả lời qua NVBinh@example.com.",
            "Trả lời ông Nguyễn Văn Bình: hồ sơ đã xong.",
        ):
            with self.subTest(text=text):
                as_officer.public_answer = text
                with self.assertRaises(UserError):
                    as_officer.action_publish()
        self.assertFalse(feedback.is_published)
        as_officer.public_answer = "Hồ sơ đã được giải quyết."
        as_officer.action_publish()
        self.assertTrue(feedback.is_published)

    def test_no_hard_delete_of_handled_feedback(self):
        """Only managers delete, and only feedback never classified; others archive."""
        new = self._create_feedback()
        with self.assertRaises(AccessError):
            new.with_user(self.officer).unlink()
        handled = self._assigned_feedback()
        with self.assertRaises(UserError):
            handled.with_user(self.manager).unlink()
        handled.with_user(self.officer).action_archive()
        self.assertFalse(handled.active)
        new.with_user(self.manager).unlink()
        self.assertFalse(new.exists())

    def test_html_is_kept_as_plain_text(self):
        """Markup in text fields is stored as inert plain text, control characters dropped."""
        feedback = self._create_feedback(
            description="<script>alert(1)</script>\x00 Nội dung <b>đậm</b>\r\ndòng 2",
            subject="  <img src=x onerror=alert(1)>  thủ tục ",
        )
        self.assertEqual(
            feedback.description, "<script>alert(1)</script> Nội dung <b>đậm</b>\ndòng 2"
        )
        self.assertEqual(feedback.subject, "<img src=x onerror=alert(1)> thủ tục")
        self.assertEqual(feedback._fields["description"].type, "text")


@tagged("post_install", "-at_install")
class TestCchcFeedbackReminders(CchcFeedbackCommon):
    def _run_cron(self, day):
        with freeze_time(day):
            return self._run_reminder_crons()

    def test_handler_reminded_then_head_escalated(self):
        """Handler reminded before the answer deadline; head of department once it is late."""
        feedback = self._assigned_feedback(received_date=date(2026, 3, 2))  # due 16 March
        self.env.ref(ASSIGNED)  # the assignment activity exists already
        counts = self._run_cron("2026-03-05")
        self.assertFalse(self._activities(feedback, REMINDER))
        counts = self._run_cron("2026-03-13")
        self.assertEqual(counts["cchc.feedback"], 1)
        reminder = self._activities(feedback, REMINDER)
        self.assertEqual(reminder.user_id, self.handler)
        self.assertEqual(reminder.date_deadline, date(2026, 3, 16))
        self._run_cron("2026-03-14")
        self.assertEqual(len(self._activities(feedback, REMINDER)), 1, "no second reminder")
        self._run_cron("2026-03-17")
        escalation = self._activities(feedback, ESCALATION)
        self.assertEqual(escalation.user_id, self.head_a)
        self._run_cron("2026-03-18")
        self.assertEqual(len(self._activities(feedback, ESCALATION)), 1, "no second escalation")

    def test_receiving_officer_reminded_to_classify(self):
        """A new feedback reminds its receiving officer before the classification deadline."""
        feedback = self._create_feedback(received_date=date(2026, 3, 2))  # classify by 5 March
        self._run_cron("2026-03-03")
        reminder = self._activities(feedback, REMINDER)
        self.assertEqual(reminder.user_id, self.officer)
        self.assertEqual(reminder.date_deadline, date(2026, 3, 5))
        # Classified: the flag is reset so that the handler gets their own reminder.
        feedback.with_user(self.officer).action_classify(
            "within", department=self.dept_a, handler=self.handler
        )
        self.assertFalse(feedback.cchc_reminder_sent)
        self._run_cron("2026-03-13")
        self.assertTrue(self._activities(feedback, REMINDER, self.handler))

    def test_answered_feedback_is_not_chased(self):
        """Answered, closed or forwarded feedback gets no reminder nor escalation."""
        feedback = self._assigned_feedback(received_date=date(2026, 3, 2))
        feedback.with_user(self.handler).answer = "TST answer"
        feedback.with_user(self.handler).action_answer()
        forwarded = self._create_feedback(received_date=date(2026, 3, 2))
        forwarded.with_user(self.officer).action_classify("outside", forward_to="Sở Y tế")
        self._run_cron("2026-03-13")
        self._run_cron("2026-03-20")
        records = feedback | forwarded
        self.assertFalse(self._activities(records, REMINDER))
        self.assertFalse(self._activities(records, ESCALATION))

    def test_query_count_flat(self):
        """The feedback reminders run the same number of queries for 3 or 30 due feedback."""
        Feedback = self.env["cchc.feedback"]

        def queries(count):
            with self._undone():
                records = Feedback
                for _index in range(count):
                    records |= self._assigned_feedback(received_date=date(2026, 3, 2))
                self.env.flush_all()
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                with freeze_time("2026-03-17"):
                    created = Feedback._cchc_send_reminders(date(2026, 3, 17))
                spent = self.env.cr.sql_log_count - before
                # late and never reminded: a reminder to the handler, an escalation
                self.assertEqual(created, 2 * count)
                return spent

        queries(3)  # warm the registry caches (activity types, models), as a worker has
        self.assertEqual(queries(3), queries(30))
