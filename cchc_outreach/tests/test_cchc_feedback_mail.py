"""Answers that reach people: the e-mails of a feedback (PAKN), delivered for real.

The sender gets an e-mail when her feedback is received (reference, lookup code, answer
deadline, lookup page), when it is forwarded to another body and with the answer, in the
company's public language (Vietnamese); the receiving officers are told when a feedback
arrives by the public form or by e-mail. A citizen's e-mail to the company's alias
(pakn@...) becomes a feedback. The tests deliver through an SMTP server on loopback
(tests/smtp.py) and read what arrived; incoming mail goes through Odoo's mail gateway.

The Vietnamese texts of the templates come from vi.po (translated by the lead); the tests
put their own Vietnamese translations on the templates, so that what they check is that the
e-mail is rendered in the company's language whatever the languages of the users involved.
"""

import io
import re
from email.message import EmailMessage
from email.utils import make_msgid

from odoo.tests import tagged
from odoo.tools import format_date, mute_logger

from .common import SENDER, CchcFeedbackCommon
from .smtp import Mailbox, real_smtp

CODE = "K7Q2-9XPA"
VI_SUBJECTS = {
    "received": "Đã tiếp nhận phản ánh, kiến nghị {{ object.name }}",
    # Short: Python folds a longer non-ASCII subject and drops the space at the fold.
    "forwarded": "Đã chuyển phản ánh, kiến nghị {{ object.name }}",
    "answered": "Trả lời phản ánh, kiến nghị {{ object.name }}",
}
VI_TERMS = {
    "Dear": "Kính gửi",
    "Reference:": "Số tiếp nhận:",
    "Lookup code:": "Mã tra cứu:",
    "Subject:": "Nội dung:",
    "Answer due by:": "Hạn trả lời:",
    "We have received your feedback. Please keep its reference to follow it.": (
        "Chúng tôi đã tiếp nhận phản ánh, kiến nghị của Ông/Bà."
    ),
    "Your feedback is not within our competence. We have forwarded it to the competent "
    "body, which will handle it and answer you.": (
        "Phản ánh, kiến nghị không thuộc thẩm quyền của cơ quan; đã được chuyển đến cơ quan "
        "có thẩm quyền."
    ),
    "Forwarded to:": "Chuyển đến:",
    "Here is the answer to your feedback.": "Cơ quan trả lời phản ánh, kiến nghị như sau.",
}


def make_png():
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(output, "PNG")
    return output.getvalue()


def make_pdf():
    import PyPDF2

    writer = PyPDF2.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# The sender's address of an e-mail feedback, in English or in Vietnamese (the tests
# install Vietnamese; the gateway writes in its language).
NO_ADDRESS = ("(not given, received by e-mail)", "(chưa cung cấp, tiếp nhận qua thư điện tử)")
# The note on the files refused: "2 attached file(s) ...", in either language.
TWO_REFUSED = ("2 attached file(s)", "2 tệp đính kèm")


@tagged("post_install", "-at_install")
class TestCchcFeedbackMail(CchcFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_vietnamese()
        # mail.template translates its body as a whole (translate=True): the Vietnamese
        # body is the English one with these sentences translated.
        for key, template in cls._templates().items():
            body = template.with_context(lang="en_US").body_html
            for english, vietnamese in VI_TERMS.items():
                body = body.replace(english, vietnamese)
            template.update_field_translations("subject", {"vi_VN": VI_SUBJECTS[key]})
            template.update_field_translations("body_html", {"vi_VN": body})
        # The staff work in English: the sender's e-mails still go out in Vietnamese.
        for user in cls.users.values():
            user.write({"lang": "en_US", "notification_type": "inbox"})
        cls.officer.write(
            {"email": "tst.officer@example.com", "notification_type": "email", "lang": "en_US"}
        )
        cls.coordinator.write({"email": "tst.coordinator@example.com"})
        cls.company_a.write(
            {"email": "vanphong@sct.example.gov.vn", "cchc_feedback_receiver_id": cls.officer.id}
        )
        # Company A's own alias domain (the first domain created takes every alias).
        cls.env["mail.alias.domain"].create({"name": "tst-other.example.com"})
        domain = cls.env["mail.alias.domain"].create({"name": "tst-pakn.example.com"})
        cls.company_a.alias_domain_id = domain
        cls.alias = cls.company_a.cchc_feedback_alias_id
        cls.alias.write({"alias_domain_id": domain.id, "alias_name": "pakn"})
        cls.alias_email = "pakn@tst-pakn.example.com"

    @classmethod
    def _templates(cls):
        return {
            key: cls.env.ref(f"cchc_outreach.mail_template_cchc_feedback_{key}")
            for key in ("received", "forwarded", "answered")
        }

    def _vi_date(self, day):
        return format_date(self.env(context={"lang": "vi_VN"}), day)

    def setUp(self):
        super().setUp()
        # E-mails queued by the fixtures (tasks assigned to the users of the core fixtures)
        # and the security notices of Odoo about the users are not this test's business.
        self._queued_before = self.env["mail.mail"].sudo().search([]).ids

    def _deliver(self):
        """Send the e-mails queued by the test through the loopback SMTP server."""
        queued = (
            self.env["mail.mail"]
            .sudo()
            .search([("id", "not in", self._queued_before), ("model", "=", "cchc.feedback")])
        )
        with real_smtp(self.env) as mailbox:
            if queued:  # no ids: the whole queue
                self.env["mail.mail"].sudo().process_email_queue(ids=queued.ids)
        return mailbox

    def assertNothingDelivered(self, mailbox):
        self.assertFalse(mailbox.messages, [(m["To"], m["Subject"]) for m in mailbox.messages])

    def _only_to(self, mailbox, address):
        """The single message delivered to ``address``, checked to have no other recipient."""
        messages = mailbox.to(address)
        self.assertEqual(len(messages), 1, f"one e-mail to {address}")
        [message] = messages
        self.assertEqual(message.envelope_to, [address], "nobody else on the envelope")
        self.assertIsNone(message["Cc"])
        self.assertIn(address, message["To"])
        # The text part shows bold as *bold*.
        return message, Mailbox.text(message).replace("*", "")

    def _readable_messages(self, user, feedback):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "cchc.feedback"), ("res_id", "=", feedback.id)])
        )

    # ------------------------------------------------------------------
    # To the sender
    # ------------------------------------------------------------------
    def test_received_mail_in_vietnamese_to_the_sender_only(self):
        """The acknowledgement reaches the sender alone, in Vietnamese: reference, lookup
        code, answer deadline, lookup page; the chatter never shows it."""
        feedback = self._create_feedback()
        mails = feedback._cchc_notify_received(lookup_code=CODE)
        self.assertEqual(len(mails), 1)
        # Queued, not posted: neither the coordinator (who may not read the sender) nor
        # the receiving officer sees it on the feedback.
        for user in (self.coordinator, self.officer):
            messages = self._readable_messages(user, feedback)
            self.assertFalse(messages.filtered(lambda m: CODE in (m.body or "")), user.login)
        self.assertNotIn(mails.mail_message_id, feedback.message_ids)

        mailbox = self._deliver()
        self.assertEqual(
            len(mailbox.messages),
            1,
            [(m["To"], m["Subject"]) for m in mailbox.messages],
        )
        message, text = self._only_to(mailbox, SENDER["sender_email"])
        self.assertEqual(message["Subject"], f"Đã tiếp nhận phản ánh, kiến nghị {feedback.name}")
        # From: the company's name (Odoo sends from the alias domain's address).
        self.assertIn("TST Sở Công Thương", message["From"])
        self.assertIn(f"Kính gửi {SENDER['sender_name']}", text)
        self.assertIn(f"Số tiếp nhận: {feedback.name}", text)
        self.assertIn(f"Mã tra cứu: {CODE}", text)
        self.assertIn(f"Hạn trả lời: {self._vi_date(feedback.answer_deadline)}", text)
        self.assertRegex(self._vi_date(feedback.answer_deadline), r"^\d\d/\d\d/2026$")
        self.assertIn(self.company_a._cchc_feedback_lookup_url(), text)
        self.assertIn("/pakn/tra-cuu", text)
        self.assertNotIn(SENDER["sender_phone"], text)
        self.assertEqual(message["Reply-To"], self.alias_email)

    def test_received_mail_without_code_says_how_to_look_up(self):
        feedback = self._create_feedback()
        feedback._cchc_notify_received()
        message, text = self._only_to(self._deliver(), SENDER["sender_email"])
        self.assertNotIn("Mã tra cứu", text)
        self.assertIn("your e-mail address or phone number", text)

    def test_no_email_address_no_mail(self):
        """A sender who gave only a phone number gets no e-mail, at any step."""
        feedback = self._create_feedback(sender_email=False)
        self.assertFalse(feedback._cchc_notify_received(lookup_code=CODE))
        feedback.with_user(self.officer).action_classify("outside", forward_to="TST Sở Tư pháp")
        self.assertEqual(feedback.state, "forwarded")
        other = self._assigned_feedback(sender_email=False)
        other.with_user(self.handler).write({"answer": "TST Đã giải quyết."})
        other.with_user(self.handler).action_answer()
        self.assertEqual(other.state, "answered")
        self.assertNothingDelivered(self._deliver())

    def test_forwarded_mail(self):
        feedback = self._create_feedback()
        feedback.with_user(self.officer).action_classify(
            "outside", forward_to="TST Sở Tư pháp tỉnh Đồng Nai"
        )
        message, text = self._only_to(self._deliver(), SENDER["sender_email"])
        self.assertEqual(message["Subject"], f"Đã chuyển phản ánh, kiến nghị {feedback.name}")
        self.assertIn("Chuyển đến: TST Sở Tư pháp tỉnh Đồng Nai", text)
        self.assertIn(f"Số tiếp nhận: {feedback.name}", text)

    def test_within_competence_sends_nothing_until_answered(self):
        """Accepting a feedback sends nothing; marking it answered sends the answer."""
        feedback = self._assigned_feedback()
        self.assertNothingDelivered(self._deliver())
        answer = "TST Hồ sơ của Ông đã được giải quyết ngày 05/3/2026.\nTrân trọng."
        feedback.with_user(self.handler).write({"answer": answer})
        feedback.with_user(self.handler).action_answer()
        self.assertEqual(feedback.state, "answered")
        # Queued, the answer e-mail is not on the chatter (the answer is on the form).
        for user in (self.handler, self.coordinator):
            messages = self._readable_messages(user, feedback)
            self.assertFalse(messages.filtered(lambda m: "Trân trọng" in (m.body or "")))
        message, text = self._only_to(self._deliver(), SENDER["sender_email"])
        self.assertEqual(message["Subject"], f"Trả lời phản ánh, kiến nghị {feedback.name}")
        self.assertIn("Cơ quan trả lời phản ánh, kiến nghị như sau.", text)
        self.assertIn("TST Hồ sơ của Ông đã được giải quyết ngày 05/3/2026.", text)
        self.assertIn("Trân trọng.", text)

    def test_broken_template_does_not_stop_the_answer(self):
        """A template broken by an edit: the feedback is answered all the same, no e-mail."""
        template = self._templates()["answered"]
        broken = '<p><t t-out="object.tst_no_such_field"/></p>'
        template.body_html = broken
        template.update_field_translations("body_html", {"vi_VN": broken})
        feedback = self._assigned_feedback()
        feedback.with_user(self.handler).write({"answer": "TST Trả lời."})
        with mute_logger("odoo.addons.cchc_outreach.models.cchc_feedback"):
            feedback.with_user(self.handler).action_answer()
        self.assertEqual(feedback.state, "answered")
        self.assertNothingDelivered(self._deliver())

    # ------------------------------------------------------------------
    # To the receiving officers
    # ------------------------------------------------------------------
    def test_officers_told_of_public_form_feedback(self):
        """A feedback of the public form: the receiving officer is told (by e-mail, as she
        chose), without the sender's personal data; nobody else; nothing in the chatter."""
        Feedback = self.env["cchc.feedback"]
        values = {key: self._feedback_vals()[key] for key in ("subject", "description", *SENDER)}
        values.update(kind="phan_anh", sender_type="individual", content_class=False)
        feedback, code = Feedback._cchc_create_from_public_form(values, [], self.company_a, "tst")
        mailbox = self._deliver()
        message, text = self._only_to(mailbox, "tst.officer@example.com")
        self.assertIn(feedback.name, message["Subject"])
        self.assertIn("A new feedback has arrived", text)
        self.assertIn("Public web form", text)
        for personal in (SENDER["sender_name"], SENDER["sender_email"], "0912"):
            self.assertNotIn(personal, text)
        # The sender gets her reference and the lookup code shown on the confirmation page.
        _message, acknowledgement = self._only_to(mailbox, SENDER["sender_email"])
        self.assertIn(feedback.name, acknowledgement)
        self.assertIn(code, acknowledgement)
        self.assertFalse(mailbox.to("tst.coordinator@example.com"))
        self.assertFalse(self._readable_messages(self.coordinator, feedback))

    # ------------------------------------------------------------------
    # Incoming e-mail
    # ------------------------------------------------------------------
    def _citizen_email(self, subject="TST Phản ánh về thủ tục cấp phép xây dựng", **headers):
        message = EmailMessage()
        message["From"] = '"Trần Thị Hoa" <tthoa@example.com>'
        message["To"] = self.alias_email
        message["Subject"] = subject
        message["Message-Id"] = make_msgid(domain="example.com")
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        message.set_content(
            "Kính gửi Sở,\n\nHồ sơ xin cấp phép\u200b xây dựng của tôi đã quá hạn 15 ngày."
            "\n\n\n\n\nTrân trọng,\nTrần Thị Hoa"
        )
        return message

    def _process(self, message):
        return self.env["mail.thread"].message_process(False, message.as_bytes())

    def test_incoming_email_becomes_feedback(self):
        """A citizen's e-mail to pakn@ becomes one feedback on the e-mail channel: sender
        record from the From address, plain text body, checked attachments only; the sender
        gets the acknowledgement, the officer the notification; the chatter shows none of
        the e-mail."""
        Feedback = self.env["cchc.feedback"].with_context(active_test=False)
        before = Feedback.search([])
        message = self._citizen_email()
        pdf, png = make_pdf(), make_png()
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename="Đơn.pdf")
        message.add_attachment(png, maintype="image", subtype="png", filename="anh chup.png")
        # A program dressed as a PDF, and a page dressed as a picture.
        message.add_attachment(
            b"MZ\x90\x00" + b"\x00" * 200,
            maintype="application",
            subtype="pdf",
            filename="ho so.pdf",
        )
        message.add_attachment(
            b"<html><script>alert(1)</script></html>",
            maintype="image",
            subtype="png",
            filename="giay to.png",
        )
        thread_id = self._process(message)
        feedback = Feedback.search([]) - before
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.id, thread_id)
        self.assertEqual(feedback.company_id, self.company_a)
        self.assertEqual(feedback.channel, "email")
        self.assertEqual(feedback.state, "new")
        self.assertEqual(feedback.subject, "TST Phản ánh về thủ tục cấp phép xây dựng")
        self.assertTrue(feedback.name.startswith("PAKN/"))
        self.assertIn(
            "Hồ sơ xin cấp phép xây dựng của tôi đã quá hạn 15 ngày.", feedback.description
        )
        self.assertNotIn("\u200b", feedback.description)
        self.assertNotIn("\n\n\n\n", feedback.description)
        self.assertEqual(feedback.receiver_id, self.officer)

        sender = self.env["cchc.feedback.sender"].search([("feedback_id", "=", feedback.id)])
        self.assertEqual(sender.name, "Trần Thị Hoa")
        self.assertEqual(sender.email, "tthoa@example.com")
        # A placeholder in the language of the gateway (Vietnamese once installed).
        self.assertIn(sender.address, NO_ADDRESS)
        self.assertFalse(sender.phone)

        attachments = feedback.attachment_ids
        self.assertEqual(sorted(attachments.mapped("name")), ["anh chup.png", "Đơn.pdf"])
        self.assertEqual(attachments.filtered(lambda a: a.name == "Đơn.pdf").raw, pdf)
        self.assertEqual(sorted(attachments.mapped("mimetype")), ["application/pdf", "image/png"])
        stored = self.env["ir.attachment"].search(
            [("res_model", "=", "cchc.feedback"), ("res_id", "=", feedback.id)]
        )
        self.assertEqual(stored, attachments, "the refused files are stored nowhere")

        # The chatter: a note of the refused files, nothing of the e-mail itself.
        messages = self._readable_messages(self.coordinator, feedback)
        self.assertTrue(
            messages.filtered(lambda m: any(note in (m.body or "") for note in TWO_REFUSED))
        )
        for msg in messages:
            self.assertNotIn("tthoa@example.com", msg.email_from or "")
            self.assertNotIn("quá hạn 15 ngày", msg.body or "")
            self.assertFalse(msg.attachment_ids)
        self.assertTrue(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "cchc.feedback"),
                    ("res_id", "=", feedback.id),
                    ("user_id", "=", self.officer.id),
                ]
            )
        )

        mailbox = self._deliver()
        ack, text = self._only_to(mailbox, "tthoa@example.com")
        self.assertEqual(ack["Subject"], f"Đã tiếp nhận phản ánh, kiến nghị {feedback.name}")
        self.assertIn("Kính gửi Trần Thị Hoa", text)
        self.assertIn(f"Số tiếp nhận: {feedback.name}", text)
        note, text = self._only_to(mailbox, "tst.officer@example.com")
        self.assertIn(feedback.name, note["Subject"])
        self.assertIn("E-mail", text)
        self.assertIn("Attached files refused by the checks, not kept: 2", text)
        self.assertNotIn("tthoa@example.com", text)
        self.assertEqual(len(mailbox.messages), 2)

    def test_reply_of_the_sender_reaches_the_officers_only(self):
        """The sender answers the acknowledgement: nothing changes on the feedback and
        nothing appears on its chatter; the receiving officers get her reply privately."""
        Feedback = self.env["cchc.feedback"].with_context(active_test=False)
        before = Feedback.search([])
        self._process(self._citizen_email())
        feedback = Feedback.search([]) - before
        ack = self.env["mail.mail"].sudo().search([("email_to", "ilike", "tthoa@example.com")])
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.message_type, "user_notification")
        chatter_before = self._readable_messages(self.coordinator, feedback)
        officer_before = self._readable_messages(self.officer, feedback)

        reply = self._citizen_email(
            subject=f"Re: {ack.subject}",
            In_Reply_To=ack.message_id,
            References=ack.message_id,
        )
        reply.set_content("TST Số điện thoại của tôi là 0987 654 321, nhà ở số 5 Lê Lợi.")
        self.assertEqual(self._process(reply), feedback.id)
        self.assertEqual(Feedback.search([]) - before, feedback, "no second feedback")
        self.assertEqual(self._readable_messages(self.coordinator, feedback), chatter_before)
        self.assertNotIn(
            "0987 654 321", "".join(feedback.message_ids.mapped(lambda m: m.body or ""))
        )
        seen = self._readable_messages(self.officer, feedback) - officer_before
        self.assertEqual(len(seen), 1)
        self.assertEqual(seen.message_type, "user_notification")
        self.assertIn("0987 654 321", seen.body)
        self.assertEqual(feedback.sender_phone, False)
        self.assertIn(feedback.sudo().sender_address, NO_ADDRESS)

    def test_each_company_has_its_alias(self):
        """Each company has its own alias, creating the company's feedback; a new company
        gets one at once."""
        alias_b = self.company_b.cchc_feedback_alias_id
        self.assertTrue(alias_b)
        self.assertNotEqual(alias_b, self.alias)
        self.assertEqual(alias_b.alias_model_id.model, "cchc.feedback")
        self.assertEqual(alias_b.alias_defaults, repr({"company_id": self.company_b.id}))
        self.assertTrue(re.fullmatch(r"pakn(-\d+)?", alias_b.alias_name))
        company = self.env["res.company"].create({"name": "TST Sở Tư pháp"})
        self.assertTrue(company.cchc_feedback_alias_id)
        self.assertEqual(
            company.cchc_feedback_alias_id.alias_defaults, repr({"company_id": company.id})
        )
        settings = self.env["res.config.settings"].with_company(self.company_a).create({})
        self.assertEqual(settings.cchc_feedback_alias_name, "pakn")
        self.assertEqual(settings.cchc_feedback_alias_domain, "tst-pakn.example.com")

    def test_reply_after_the_acknowledgement_was_sent(self):
        """Sent, the acknowledgement is deleted (nothing of it kept): a later reply quoting
        the reference from the sender's address still reaches the officers of that
        feedback only; the same subject from another address is a new feedback."""
        Feedback = self.env["cchc.feedback"].with_context(active_test=False)
        before = Feedback.search([])
        self._process(self._citizen_email())
        feedback = Feedback.search([]) - before
        ack, _text = self._only_to(self._deliver(), "tthoa@example.com")
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("email_to", "ilike", "tthoa@example.com")]),
            "deleted once sent",
        )
        officer_before = self._readable_messages(self.officer, feedback)
        chatter_before = self._readable_messages(self.coordinator, feedback)

        reply = self._citizen_email(subject=f"Re: {ack['Subject']}")
        reply.set_content("TST Tôi bổ sung: hồ sơ nộp ngày 01/3/2026.")
        self.assertEqual(self._process(reply), feedback.id)
        self.assertEqual(Feedback.search([]) - before, feedback, "no second feedback")
        seen = self._readable_messages(self.officer, feedback) - officer_before
        self.assertEqual(len(seen), 1)
        self.assertIn("hồ sơ nộp ngày 01/3/2026", seen.body)
        self.assertEqual(self._readable_messages(self.coordinator, feedback), chatter_before)

        other = self._citizen_email(subject=f"Re: {ack['Subject']}")
        other.replace_header("From", "Người khác <nguoikhac@example.com>")
        other.set_content("TST Tôi cũng gặp trường hợp tương tự với thủ tục này.")
        other_id = self._process(other)
        self.assertNotEqual(other_id, feedback.id)
        self.assertEqual(Feedback.browse(other_id).sender_email, "nguoikhac@example.com")
        self.assertEqual(len(self._readable_messages(self.officer, feedback) - officer_before), 1)
