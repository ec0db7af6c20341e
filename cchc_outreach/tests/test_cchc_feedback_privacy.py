"""Personal data of feedback senders (issue 13, "Personal data"), cell by cell.

Users: the receiving officer, the assigned handler, a colleague of the handler in the same
department, the head of that department (not the handler), the coordinator, staff of
another department, a manager, a user of another company. Routes: ir.attachment
search/read/search_read, the attachments of a chatter message (ORM and the chatter's
formatting), export of the sender fields and of the files, /web/content and /web/image
over HTTP; the handler rule over JSON-RPC; the logged reveal; retention; publication.
"""

import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.mail.tools.discuss import Store

from .common import SENDER, CchcFeedbackCommon
from .test_cchc_tamper import CRAFTED_CONTEXT

# A real 1x1 PNG (for /web/image), followed by a marker to find in a response.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PERSONAL = ("sender_name", "sender_address", "sender_phone", "sender_email")


class PrivacyCommon(CchcFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feedback = cls._create_feedback()
        Attachment = cls.env["ir.attachment"]
        # Her scanned ID card, attached to the feedback and listed in its files.
        cls.id_scan = Attachment.create(
            {
                "name": "cccd_binh.png",
                "raw": PNG,
                "mimetype": "image/png",
                "res_model": "cchc.feedback",
                "res_id": cls.feedback.id,
            }
        )
        cls.feedback.attachment_ids = [Command.link(cls.id_scan.id)]
        cls.feedback.with_user(cls.officer).action_classify(
            "within", department=cls.dept_a, handler=cls.handler
        )
        # A file posted on the chatter (kept on the message).
        cls.message = cls.feedback.message_post(
            body="TST scan of the letter", message_type="comment"
        )
        cls.letter = Attachment.create(
            {
                "name": "thu_binh.png",
                "raw": PNG,
                "mimetype": "image/png",
                "res_model": "mail.message",
                "res_id": cls.message.id,
            }
        )
        cls.message.attachment_ids = [Command.link(cls.letter.id)]
        # A file of another record, readable as usual.
        cls.other_file = Attachment.create(
            {
                "name": "task.png",
                "raw": PNG,
                "mimetype": "image/png",
                "res_model": "cchc.task",
                "res_id": cls.task_a.id,
            }
        )
        cls.files = cls.id_scan | cls.letter
        cls.allowed = {
            "officer": True,
            "handler": True,
            "colleague": False,
            "head": False,
            "coordinator": False,
            "staff_b": False,
            "manager": True,
            "company_b": False,
        }

    @classmethod
    def _kinds(cls):
        return {
            "officer": cls.officer,
            "handler": cls.handler,
            "colleague": cls.colleague_a,
            "head": cls.head_a,
            "coordinator": cls.coordinator,
            "staff_b": cls.user_b,
            "manager": cls.manager,
            "company_b": cls.user_x,
        }


@tagged("post_install", "-at_install")
class TestCchcFeedbackPrivacy(PrivacyCommon):
    # ------------------------------------------------------------------
    # Files, every ORM route
    # ------------------------------------------------------------------
    def test_attachment_search_and_read(self):
        """search, search_read, read and read_group of the feedback's files: allowed
        users only; files of other records stay readable."""
        for kind, user in self._kinds().items():
            allowed = self.allowed[kind]
            Attachment = self.env["ir.attachment"].with_user(user)
            with self.subTest(user=kind):
                found = Attachment.search([("id", "in", self.files.ids)])
                self.assertEqual(found, self.files if allowed else Attachment.browse())
                by_record = Attachment.search_read(
                    [("res_model", "=", "cchc.feedback"), ("res_id", "=", self.feedback.id)],
                    ["name"],
                )
                self.assertEqual(
                    [r["name"] for r in by_record], ["cccd_binh.png"] if allowed else []
                )
                names = Attachment.search([("name", "ilike", "binh")]).mapped("name")
                self.assertEqual(
                    sorted(names), sorted(self.files.mapped("name")) if allowed else []
                )
                for attachment in self.files:
                    attachment = attachment.with_user(user)
                    attachment.invalidate_recordset()
                    if allowed:
                        self.assertEqual(
                            attachment.read(["name"])[0]["name"], attachment.sudo().name
                        )
                        self.assertEqual(attachment.raw, PNG)
                    else:
                        with self.assertRaises(AccessError):
                            attachment.read(["name"])
                        with self.assertRaises(AccessError):
                            attachment.mapped("raw")
        # The task's file is not affected by the shield.
        self.assertEqual(
            self.other_file.with_user(self.colleague_a).read(["name"])[0]["name"], "task.png"
        )

    def test_attachment_write_and_unlink_refused(self):
        """Who may not see a file may not rename, delete nor add one on the feedback."""
        for user in (self.colleague_a, self.head_a, self.coordinator):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.id_scan.with_user(user).write({"name": "x.png"})
                with self.assertRaises(AccessError):
                    self.letter.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["ir.attachment"].with_user(user).create(
                        {
                            "name": "y.txt",
                            "raw": b"y",
                            "res_model": "cchc.feedback",
                            "res_id": self.feedback.id,
                        }
                    )
        self.assertEqual(self.id_scan.name, "cccd_binh.png")

    def test_chatter_message_attachments(self):
        """The message's files: not in attachment_ids read as a colleague, and nameless in
        the chatter's formatting (which reads them as superuser)."""
        for kind, user in self._kinds().items():
            allowed = self.allowed[kind]
            with self.subTest(user=kind):
                message = self.message.with_user(user)
                message.invalidate_recordset()
                try:
                    values = message.read(["attachment_ids"])[0]["attachment_ids"]
                except AccessError:
                    self.assertFalse(allowed)
                    continue
                self.assertEqual(values, self.letter.ids if allowed else [])
                store = Store()
                self.letter.with_user(user).sudo()._to_store(store)
                data = store.get_result()["ir.attachment"][0]
                self.assertEqual(data["name"] == "thu_binh.png", allowed, data)

    def test_feedback_attachment_field(self):
        """attachment_ids of the feedback, read as a colleague: empty, no error."""
        for kind, user in self._kinds().items():
            with self.subTest(user=kind):
                feedback = self.feedback.with_user(user)
                feedback.invalidate_recordset()
                try:
                    values = feedback.read(["attachment_ids"])[0]["attachment_ids"]
                except AccessError:
                    self.assertIn(kind, ("staff_b", "company_b"))
                    continue
                self.assertEqual(values, self.id_scan.ids if self.allowed[kind] else [])

    def test_export(self):
        """export_data of the sender fields and the files: nothing for those not allowed,
        nothing before the reveal for those allowed, the data after it."""
        fields_ = ["name", *PERSONAL, "attachment_ids/name"]
        export_group = self.env.ref("base.group_allow_export")
        for kind, user in self._kinds().items():
            user.groups_id = [Command.link(export_group.id)]
            with self.subTest(user=kind):
                feedback = self.feedback.with_user(user)
                try:
                    rows = feedback.export_data(fields_)["datas"]
                except AccessError:
                    self.assertIn(kind, ("staff_b", "company_b"))
                    continue
                self.assertEqual(rows[0][0], self.feedback.name)
                self.assertFalse(any(rows[0][1:5]), "masked before the reveal")
                self.assertEqual(rows[0][5], "cccd_binh.png" if self.allowed[kind] else "")
                if self.allowed[kind]:
                    feedback.action_show_sender()
                    feedback.invalidate_recordset()
                    rows = feedback.export_data(fields_)["datas"]
                    self.assertEqual(rows[0][1], SENDER["sender_name"])
                    self.assertEqual(rows[0][3], SENDER["sender_phone"])

    def test_no_sender_data_in_chatter_tracking(self):
        """Assigning, reassigning and anonymising leave no sender data in messages or
        tracking values."""
        self._end_transaction()
        self.feedback.with_user(self.head_a).action_assign_handler(self.colleague_a)
        self._end_transaction()
        messages = self.feedback.sudo().message_ids
        text = " ".join(
            str(v)
            for v in messages.mapped("body")
            + messages.mapped("tracking_value_ids.old_value_char")
            + messages.mapped("tracking_value_ids.new_value_char")
        )
        for value in SENDER.values():
            self.assertNotIn(value, text)
        self.assertIn(self.colleague_a.name, text, "the change of handler is in the chatter")

    # ------------------------------------------------------------------
    # Reveal
    # ------------------------------------------------------------------
    def _logs(self, feedback=None, action="reveal"):
        return self.env["cchc.feedback.access.log"].search(
            [("feedback_id", "=", (feedback or self.feedback).id), ("action", "=", action)]
        )

    def test_reveal_is_logged_once_per_click(self):
        feedback = self.feedback.with_user(self.officer)
        self.assertTrue(feedback.can_see_sender)
        self.assertFalse(feedback.sender_revealed)
        self.assertEqual({f: feedback[f] for f in PERSONAL}, dict.fromkeys(PERSONAL, False))
        feedback.action_show_sender()
        self.assertEqual(len(self._logs()), 1)
        log = self._logs()
        self.assertEqual((log.user_id, log.feedback_ref), (self.officer, self.feedback.name))
        self.assertEqual(feedback.sender_name, SENDER["sender_name"])
        self.assertEqual(feedback.sender_phone, SENDER["sender_phone"])
        # Revealed to this user only.
        self.assertFalse(self.feedback.with_user(self.manager).sender_name)
        self.assertFalse(self.feedback.with_user(self.handler).sender_name)
        feedback.action_show_sender()
        self.assertEqual(len(self._logs()), 2)

    def test_reveal_expires(self):
        with freeze_time("2026-04-01 08:00:00"):
            self.feedback.with_user(self.handler).action_show_sender()
            self.assertTrue(self.feedback.with_user(self.handler).sender_email)
        with freeze_time("2026-04-01 17:00:00"):
            feedback = self.feedback.with_user(self.handler)
            feedback.invalidate_recordset()
            self.assertFalse(feedback.sender_revealed)
            self.assertFalse(feedback.sender_email)

    def test_reveal_refused_to_others(self):
        for user in (self.colleague_a, self.head_a, self.coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.feedback.with_user(user).action_show_sender()
        self.assertFalse(self._logs())

    def test_access_log_read_only(self):
        self.feedback.with_user(self.officer).action_show_sender()
        log = self._logs()
        self.assertEqual(
            self.env["cchc.feedback.access.log"].with_user(self.manager).search([]), log
        )
        for user in (self.officer, self.handler, self.coordinator, self.users[("manager", "x")]):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["cchc.feedback.access.log"].with_user(user).search_count([])
                    if user == self.users[("manager", "x")]
                    else self.env["cchc.feedback.access.log"].with_user(user).has_access("read")
                )
        for user in (self.manager, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login):
                # AccessError (no write/unlink right) or UserError (never): both refuse.
                with self.assertRaises(UserError):
                    log.with_user(user).write({"user_id": self.manager.id})
                with self.assertRaises(UserError):
                    log.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["cchc.feedback.access.log"].with_user(user).create(
                        {"company_id": self.company_a.id, "action": "reveal"}
                    )
        with self.assertRaises(UserError):
            log.sudo().write({"user_id": self.manager.id})
        with self.assertRaises(UserError):
            log.sudo().unlink()
        self.assertEqual(self.feedback.with_user(self.manager).access_log_count, 1)

    # ------------------------------------------------------------------
    # Handler rule
    # ------------------------------------------------------------------
    def test_handler_must_work_in_the_department(self):
        """Officer: a user of department A or its sub-department, active, internal, of the
        company; never one of B, of company B, archived or a portal user."""
        employee_a1 = self.env["hr.employee"].create(
            {"name": "TST A1", "company_id": self.company_a.id, "department_id": self.dept_a1.id}
        )
        user_a1, _employee = self._new_department_user("user", "a1", self.dept_a1, self.company_a)
        self.assertTrue(employee_a1)
        as_officer = self.feedback.with_user(self.officer)
        as_officer.action_assign_handler(user_a1)
        self.assertEqual(self.feedback.handler_id, user_a1)
        archived, _e = self._new_department_user("user", "a3", self.dept_a, self.company_a)
        archived.active = False
        for user in (self.user_b, self.user_x, archived, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaises(ValidationError) as cm:
                as_officer.action_assign_handler(user)
            self.assertIn("cannot handle it", str(cm.exception))
        self.assertEqual(self.feedback.handler_id, user_a1)

    def _end_transaction(self):
        """What a commit does to the chatter: tracking values are written (a record
        created in this transaction is not tracked before)."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def test_who_assigns(self):
        """Officer, manager, head of the department (his own users): yes; the handler, a
        colleague, the coordinator, another head: no; the change is tracked."""
        self._end_transaction()
        self.feedback.with_user(self.head_a).action_assign_handler(self.colleague_a)
        self.assertEqual(self.feedback.handler_id, self.colleague_a)
        self._end_transaction()
        self.feedback.with_user(self.manager).action_assign_handler(self.handler)
        self.assertEqual(self.feedback.handler_id, self.handler)
        for user in (self.handler, self.colleague_a, self.coordinator, self.head_b, self.user_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.feedback.with_user(user).action_assign_handler(self.colleague_a)
        self.assertEqual(self.feedback.handler_id, self.handler)
        # The head cannot bring in a user of another department by a plain write either.
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.head_a).write({"handler_id": self.user_b.id})
        self._end_transaction()
        tracked = self.feedback.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "handler_id"
        )
        self.assertGreaterEqual(len(tracked), 2)

    # ------------------------------------------------------------------
    # Publication
    # ------------------------------------------------------------------
    def _answered(self):
        feedback = self._assigned_feedback()
        feedback.with_user(self.handler).write({"answer": "TST answer"})
        feedback.with_user(self.handler).action_answer()
        return feedback

    def test_publish_refused_lists_what_was_found(self):
        feedback = self._answered()
        as_officer = feedback.with_user(self.officer)
        as_officer.write(
            {
                "public_summary": "Ông NGUYEN VAN BINH ở phuong Trung Dung hỏi về thủ tục.",
                "public_answer": "Đã gọi số 0912.345.678 và gửi thư tới nvbinh@example.com; "
                "CCCD 079123456789.",
            }
        )
        with self.assertRaises(UserError) as cm:
            as_officer.action_publish()
        message = str(cm.exception)
        for expected in (
            "the sender's name",
            "a part of the sender's address",
            "the sender's phone number",
            "the sender's e-mail address",
            "an ID card number",
        ):
            self.assertIn(expected, message)
        self.assertFalse(feedback.is_published)
        as_officer.write(
            {"public_summary": "Hỏi về thủ tục.", "public_answer": "Sở đã hướng dẫn bổ sung hồ sơ."}
        )
        as_officer.action_publish()
        self.assertTrue(feedback.is_published)
        # Once published, the texts cannot take personal data either.
        with self.assertRaises(UserError):
            as_officer.write({"public_answer": "Gửi ông Bình, số 0912345678."})
        self.assertEqual(feedback.public_answer, "Sở đã hướng dẫn bổ sung hồ sơ.")

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    def _closed(self, day):
        feedback = self._answered()
        feedback.with_user(self.handler).action_close()
        self._force(feedback, {"answer_date": day, "received_date": day})
        return feedback

    def test_retention_anonymises_closed_feedback(self):
        self.company_a.cchc_feedback_retention_months = 24
        old = self.feedback
        self._force(old, {"state": "closed", "answer_date": date(2026, 3, 10)})
        recent = self._closed(date(2027, 12, 1))
        open_one = self._assigned_feedback()
        self._force(open_one, {"received_date": date(2026, 1, 5)})
        stats = old.read(["received_date", "kind", "classification", "channel", "department_id"])
        with freeze_time(datetime(2028, 4, 1, 3, 0)):
            done = self.env["cchc.feedback"]._cron_anonymise_senders()
            self.assertEqual(done, 1)
            self.assertEqual(self.env["cchc.feedback"]._cron_anonymise_senders(), 0, "idempotent")
        old.invalidate_recordset()
        sender = self.env["cchc.feedback.sender"].search([("feedback_id", "=", old.id)])
        self.assertTrue(sender.anonymised)
        self.assertEqual((sender.phone, sender.email, sender.client_ip_hash), (False, False, False))
        self.assertNotIn("Bình", sender.name + sender.address)
        self.assertFalse(self.files.exists(), "her files are removed")
        self.assertEqual(old.anonymised_date, date(2028, 4, 1))
        self.assertEqual(
            old.read(["received_date", "kind", "classification", "channel", "department_id"]),
            stats,
        )
        self.assertEqual(len(self._logs(old, "anonymise")), 1)
        self.assertIn("retention period", old.message_ids[0].body)
        for kept in (recent, open_one):
            self.assertFalse(kept.anonymised_date)
            self.assertEqual(kept.sudo().sender_phone, SENDER["sender_phone"])

    def test_retention_zero_keeps(self):
        self.company_a.cchc_feedback_retention_months = 0
        self._force(self.feedback, {"state": "closed", "answer_date": date(2020, 1, 1)})
        with freeze_time("2028-04-01"):
            self.assertEqual(self.env["cchc.feedback"]._cron_anonymise_senders(), 0)
        self.assertTrue(self.files.exists())


@tagged("post_install", "-at_install")
class TestCchcFeedbackPrivacyHttp(PrivacyCommon, HttpCase):
    def _login(self, user):
        self.authenticate(user.login, user.login)

    def test_web_content_and_image(self):
        """/web/content and /web/image of her files, with and without a download token."""
        token = self.id_scan.sudo().generate_access_token()[0]
        for kind, user in self._kinds().items():
            self._login(user)
            for attachment in self.files:
                for url in (
                    f"/web/content/{attachment.id}",
                    f"/web/image/{attachment.id}",
                    f"/web/content/{attachment.id}?download=true",
                ):
                    with self.subTest(user=kind, url=url), mute_logger("odoo.http"):
                        response = self.url_open(url)
                        if self.allowed[kind]:
                            self.assertEqual(response.status_code, 200)
                            self.assertEqual(response.content, PNG)
                        elif url.startswith("/web/image"):
                            # /web/image answers a refused image with its placeholder.
                            self.assertNotEqual(response.content, PNG)
                        else:
                            self.assertNotEqual(response.status_code, 200)
                            self.assertNotEqual(response.content, PNG)
            with self.subTest(user=kind, token=True), mute_logger("odoo.http"):
                response = self.url_open(f"/web/content/{self.id_scan.id}?access_token={token}")
                self.assertEqual(response.status_code == 200, self.allowed[kind])

    def _call(self, user, model, method, args, kwargs=None, context=None):
        self._login(user)
        kwargs = dict(kwargs or {}, context=dict(context or {}, lang="en_US"))
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def _state(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT handler_id, department_id, write_date FROM cchc_feedback WHERE id = %s",
            [self.feedback.id],
        )
        row = self.env.cr.fetchone()
        self.env.cr.execute("SELECT count(*) FROM cchc_feedback")
        return row, self.env.cr.fetchone()[0]

    def test_handler_rule_over_jsonrpc(self):
        """Forged assignments, as the web client would send them, with and without crafted
        context keys: refused, database unchanged."""
        feedback_id = self.feedback.id
        attempts = [
            (self.coordinator, "write", [[feedback_id], {"handler_id": self.coordinator.id}]),
            (self.colleague_a, "write", [[feedback_id], {"handler_id": self.colleague_a.id}]),
            (self.handler, "write", [[feedback_id], {"handler_id": self.colleague_a.id}]),
            (self.user_b, "write", [[feedback_id], {"handler_id": self.user_b.id}]),
            (self.head_b, "write", [[feedback_id], {"handler_id": self.head_b.id}]),
            (self.head_a, "write", [[feedback_id], {"handler_id": self.user_b.id}]),
            (self.head_a, "write", [[feedback_id], {"handler_id": self.user_x.id}]),
            (self.head_a, "write", [[feedback_id], {"handler_id": "1"}]),
            (self.officer, "write", [[feedback_id], {"handler_id": self.user_x.id}]),
            (self.officer, "write", [[feedback_id], {"handler_id": self.user_b.id}]),
            (self.coordinator, "action_assign_handler", [[feedback_id], self.coordinator.id]),
            (self.handler, "action_assign_handler", [[feedback_id], self.colleague_a.id]),
            (self.head_a, "action_assign_handler", [[feedback_id], self.user_b.id]),
            (self.colleague_a, "action_show_sender", [[feedback_id]]),
            (
                self.head_a,
                "create",
                [[{**self._feedback_vals(), "received_date": "2026-03-02"}]],
            ),
        ]
        for user, method, args in attempts:
            for context in ({}, CRAFTED_CONTEXT, {"default_handler_id": user.id}):
                with self.subTest(user=user.login, method=method, args=args, ctx=context):
                    before = self._state()
                    with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as cm:
                        self._call(user, "cchc.feedback", method, args, context=context)
                    self.assertRegex(
                        cm.exception.args[0],
                        r"odoo\.exceptions\.(AccessError|UserError|ValidationError)",
                    )
                    self.env.invalidate_all()
                    self.assertEqual(self._state(), before)
        self.assertFalse(
            self.env["cchc.feedback.access.log"].search([("feedback_id", "=", feedback_id)])
        )
        # The allowed paths, the same way.
        self._call(
            self.head_a,
            "cchc.feedback",
            "action_assign_handler",
            [[feedback_id], self.colleague_a.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self.feedback.handler_id, self.colleague_a)
        self._call(
            self.officer, "cchc.feedback", "write", [[feedback_id], {"handler_id": self.handler.id}]
        )
        self.env.invalidate_all()
        self.assertEqual(self.feedback.handler_id, self.handler)
