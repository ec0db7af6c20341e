"""Who sees what on feedback (issue 3, "Who sees what").

Decision on department colleagues: a user of the assigned department who is not the
handler sees the feedback (content, deadlines, answer) but NOT the sender's name,
address, phone or e-mail: the issue allows personal data to receiving officers, the
assigned handler and managers only. Heads and coordinators are "other users" too.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SENDER, CchcFeedbackCommon

PERSONAL = ("sender_name", "sender_address", "sender_phone", "sender_email")


@tagged("post_install", "-at_install")
class TestCchcFeedbackAccess(CchcFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feedback = cls._assigned_feedback()
        cls.unassigned = cls._create_feedback()

    def _visible(self, user, record):
        return bool(self.env["cchc.feedback"].with_user(user).search([("id", "=", record.id)]))

    def _personal(self, user, record):
        """The sender fields as ``user`` sees them after asking to (the logged reveal)."""
        record = record.with_user(user)
        if record.can_see_sender:
            record.action_show_sender()
        record.invalidate_recordset()
        return {fname: record[fname] for fname in PERSONAL}

    def test_matrix_visibility(self):
        """Officer, manager, coordinator see all; the department sees its own; others none."""
        expected = {
            self.officer: (True, True),
            self.manager: (True, True),
            self.coordinator: (True, True),
            self.handler: (True, False),
            self.colleague_a: (True, False),
            self.head_a: (True, False),
            self.user_b: (False, False),
            self.head_b: (False, False),
            self.user_x: (False, False),
            self.users[("manager", "x")]: (False, False),
        }
        for user, (assigned, unassigned) in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self._visible(user, self.feedback), assigned)
                self.assertEqual(self._visible(user, self.unassigned), unassigned)

    def test_other_departments_cannot_read(self):
        """Users of other departments and companies get an access error on read."""
        for user in (self.user_b, self.head_b, self.user_x):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.feedback.with_user(user).read(["subject"])

    def test_matrix_personal_data(self):
        """Sender data: receiving officer, manager and the assigned handler only."""
        full = {
            "sender_name": SENDER["sender_name"],
            "sender_address": SENDER["sender_address"],
            "sender_phone": SENDER["sender_phone"],
            "sender_email": SENDER["sender_email"],
        }
        hidden = dict.fromkeys(PERSONAL, False)
        for user, expected in (
            (self.officer, full),
            (self.manager, full),
            (self.handler, full),
            (self.colleague_a, hidden),
            (self.head_a, hidden),
            (self.coordinator, hidden),
        ):
            with self.subTest(user=user.login):
                self.assertEqual(self._personal(user, self.feedback), expected)
                self.assertEqual(self.feedback.with_user(user).can_see_sender, expected is full)

    def test_sender_record_rules(self):
        """The sender record itself is unreadable to colleagues, heads and coordinators."""
        Sender = self.env["cchc.feedback.sender"]
        sender = Sender.search([("feedback_id", "=", self.feedback.id)])
        self.assertEqual(len(sender), 1)
        for user in (self.colleague_a, self.head_a, self.coordinator, self.user_b):
            with self.subTest(user=user.login):
                self.assertFalse(Sender.with_user(user).search([]))
                with self.assertRaises(AccessError):
                    sender.with_user(user).read(["name"])
        self.assertEqual(sender.with_user(self.handler).read(["phone"])[0]["phone"], "0912 345 678")
        with self.assertRaises(AccessError):
            Sender.with_user(self.user_x).browse(sender.id).read(["name"])

    def test_unassigned_handler_loses_personal_data(self):
        """When the head reassigns the feedback, the former handler no longer sees the sender."""
        self.feedback.with_user(self.head_a).handler_id = self.colleague_a
        self.assertFalse(self._personal(self.handler, self.feedback)["sender_name"])
        self.assertEqual(
            self._personal(self.colleague_a, self.feedback)["sender_name"], SENDER["sender_name"]
        )

    def test_search_on_personal_data_reveals_nothing(self):
        """Searching by phone finds the feedback only for those allowed to see the phone."""
        domain = [("sender_phone", "ilike", "345 678")]
        Feedback = self.env["cchc.feedback"]
        self.assertIn(self.feedback, Feedback.with_user(self.officer).search(domain))
        self.assertIn(self.feedback, Feedback.with_user(self.handler).search(domain))
        self.assertFalse(Feedback.with_user(self.colleague_a).search(domain))
        self.assertFalse(Feedback.with_user(self.coordinator).search(domain))

    def test_colleague_cannot_write_nor_change_sender(self):
        """A colleague of the handler cannot edit; the handler cannot edit the sender."""
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.colleague_a).write({"answer": "x"})
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.handler).write({"sender_phone": "0987654321"})
        with self.assertRaises(AccessError):
            self.feedback.with_user(self.user_b).write({"answer": "x"})
        self.feedback.invalidate_recordset()
        self.assertFalse(self.feedback.answer)
        self.assertEqual(self.feedback.sudo().sender_phone, SENDER["sender_phone"])

    def test_who_registers_feedback(self):
        """Receiving officers and managers register feedback; other users cannot."""
        Feedback = self.env["cchc.feedback"].with_context(active_test=False)
        before = Feedback.search([])
        for user in (self.handler, self.head_a, self.coordinator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._create_feedback(user=user)
        self.assertEqual(Feedback.search([]), before, "nothing registered")
        feedback = self._create_feedback(user=self.manager)
        self.assertEqual(Feedback.search([]) - before, feedback)
        self.assertEqual((feedback.state, feedback.company_id), ("new", self.company_a))

    def test_chatter_and_read_carry_no_personal_data(self):
        """Messages on the feedback and read() by a colleague never carry the sender's data."""
        messages = self.feedback.sudo().message_ids
        messages = messages.mapped("body") + messages.mapped("tracking_value_ids.new_value_char")
        text = " ".join(str(m) for m in messages)
        for value in SENDER.values():
            self.assertNotIn(value, text)
        values = self.feedback.with_user(self.colleague_a).read(
            ["name", "sender_name", "sender_phone"]
        )
        self.assertEqual((values[0]["sender_name"], values[0]["sender_phone"]), (False, False))
