"""The public door: form, lookup and published answers over HTTP (no login)."""

import io

from PIL import Image

from odoo.tests import HttpCase, tagged

from .common import CSRF_RE, SENDER, TOKEN_RE, CchcFeedbackCommon, CchcPublicFormMixin


def _pdf():
    from PyPDF2 import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCchcFeedbackHttp(CchcPublicFormMixin, CchcFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.cchc_feedback_receiver_id = cls.officer

    # helpers ---------------------------------------------------------------
    def _count(self):
        self.env.invalidate_all()
        return (
            self.env["cchc.feedback"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.company_a.id)])
        )

    # form ------------------------------------------------------------------
    def test_form_page_renders(self):
        """The form is public, in Vietnamese when installed, with CSRF token and honeypot."""
        self.env["res.lang"]._activate_lang("vi_VN")
        response = self.url_open(f"/pakn?company={self.company_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('lang="vi-VN"', page)
        self.assertIn('name="csrf_token"', page)
        self.assertIn('name="website"', page)
        self.assertIn(self.company_a.name, page)

    def test_valid_submission_creates_exactly_one(self):
        """A valid submission creates one feedback with its sender and attachments."""
        before = self._count()
        files = [
            ("attachments", ("biên nhận.pdf", PDF, "application/pdf")),
            ("attachments", ("ảnh.png", _png(), "image/png")),
        ]
        response = self._submit(files=files)
        self.assertEqual(response.status_code, 200, response.text[:2000])
        self.assertEqual(self._count(), before + 1)
        feedback = (
            self.env["cchc.feedback"]
            .sudo()
            .search([("company_id", "=", self.company_a.id)], order="id desc", limit=1)
        )
        self.assertIn(feedback.name, response.text)
        self.assertRegex(feedback.name, r"^PAKN/\d{4}/\d{5}$")
        self.assertEqual(feedback.channel, "web_form")
        self.assertEqual(feedback.state, "new")
        self.assertEqual(feedback.sender_name, SENDER["sender_name"])
        self.assertEqual(feedback.sender_phone, SENDER["sender_phone"])
        self.assertEqual(
            sorted(feedback.attachment_ids.mapped("mimetype")), ["application/pdf", "image/png"]
        )
        self.assertEqual(set(feedback.attachment_ids.mapped("res_id")), {feedback.id})
        sender = self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        self.assertTrue(sender.client_ip_hash)
        self.assertNotIn("127.0.0.1", sender.client_ip_hash)
        self.assertTrue(
            self._activities(
                feedback, "cchc_outreach.mail_act_cchc_feedback_classify", self.officer
            )
        )

    def test_each_invalid_submission_creates_nothing(self):
        """Every kind of malformed submission is refused with a message and leaves no record."""
        cases = {
            "no name": ({"sender_name": ""}, "sender_name"),
            "no address": ({"sender_address": "  "}, "sender_address"),
            "no phone nor e-mail": ({"sender_phone": "", "sender_email": ""}, "contact"),
            "bad e-mail": ({"sender_email": "not-an-email"}, "sender_email"),
            "bad phone": ({"sender_phone": "12ab"}, "sender_phone"),
            "no subject": ({"subject": ""}, "subject"),
            "short content": ({"description": "ngắn"}, "description"),
            "long subject": ({"subject": "x" * 300}, "subject"),
            "unknown kind": ({"kind": "complaint"}, "kind"),
            "unknown class": ({"content_class": "<script>"}, "content_class"),
            "only control characters": ({"sender_name": "\x00\x01\x02"}, "sender_name"),
        }
        before = self._count()
        for label, (overrides, field) in cases.items():
            with self.subTest(case=label):
                response = self._submit(**overrides)
                self.assertEqual(response.status_code, 400)
                self.assertIn(f'id="error_{field}"', response.text)
                self.assertIn('id="cchc_feedback_errors"', response.text)
                self.assertEqual(self._count(), before)

    def test_attachments_are_checked(self):
        """Disallowed types, disguised files, oversize files and too many files are refused."""
        big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
        cases = {
            "executable": [("attachments", ("setup.exe", b"MZ\x90\x00", "application/pdf"))],
            "disguised pdf": [("attachments", ("hoso.pdf", b"MZ\x90\x00rest", "application/pdf"))],
            "disguised docx": [
                ("attachments", ("hoso.docx", b"PK\x03\x04junk", "application/zip"))
            ],
            "html as png": [("attachments", ("anh.png", b"<html><script>", "image/png"))],
            "oversize": [("attachments", ("lon.pdf", big, "application/pdf"))],
            "too many": [("attachments", (f"{n}.pdf", PDF, "application/pdf")) for n in range(4)],
        }
        before = self._count()
        for label, files in cases.items():
            with self.subTest(case=label):
                response = self._submit(files=files)
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="error_attachments"', response.text)
                self.assertEqual(self._count(), before)

    def test_csrf_and_honeypot(self):
        """Without a valid CSRF token, or with the honeypot filled, nothing is created."""
        before = self._count()
        with self.assertLogs("odoo.http", "WARNING"):
            self.assertEqual(self._submit(token=False).status_code, 400)
        with self.assertLogs("odoo.http", "WARNING"):
            self.assertEqual(self._submit(token="0" * 40 + "o9999999999").status_code, 400)
        response = self._submit(website="http://spam.example.com")
        self.assertEqual(response.status_code, 400)
        self.assertIn('data-reason="honeypot"', response.text)
        self.assertEqual(self._count(), before)

    def test_rate_limit(self):
        """A second submission from the same address inside the limit is refused politely."""
        self.company_a.write(
            {"cchc_feedback_rate_limit_count": 1, "cchc_feedback_rate_limit_minutes": 10}
        )
        # Submissions made from this address before the test are out of the window.
        self.env.cr.execute(
            "UPDATE cchc_feedback_sender SET create_date = create_date - interval '1 day'"
        )
        before = self._count()
        self.assertEqual(self._submit().status_code, 200)
        response = self._submit()
        self.assertEqual(response.status_code, 429)
        self.assertIn('data-reason="rate_limit"', response.text)
        self.assertEqual(self._count(), before + 1)

    def test_html_is_neutralised(self):
        """Markup typed in the form is stored as plain text and escaped on every page."""
        response = self._submit(subject='<script>alert("x")</script> Thủ tục đăng ký')
        self.assertEqual(response.status_code, 200)
        feedback = (
            self.env["cchc.feedback"]
            .sudo()
            .search([("company_id", "=", self.company_a.id)], order="id desc", limit=1)
        )
        self.assertEqual(feedback.subject, '<script>alert("x")</script> Thủ tục đăng ký')
        page = self._lookup(feedback.name, SENDER["sender_email"]).text
        self.assertNotIn('<script>alert("x")</script>', page)
        self.assertIn("&lt;script&gt;", page)
        # Errors echo the input escaped as well.
        page = self._submit(sender_name="", description='"><script>alert(2)</script>').text
        self.assertNotIn("<script>alert(2)</script>", page)

    # lookup ----------------------------------------------------------------
    def test_lookup_right_and_wrong_pairs(self):
        """Code + phone or e-mail shows the state; a wrong pair reveals nothing at all."""
        feedback = self._assigned_feedback()
        for contact in ("0912345678", "+84 912 345 678", "NVBINH@example.com "):
            with self.subTest(contact=contact):
                page = self._lookup(feedback.name, contact).text
                self.assertIn('id="cchc_feedback_lookup_result"', page)
                self.assertIn('data-state="classified"', page)
                for value in SENDER.values():
                    self.assertNotIn(value, page)
        wrong_contact = self._lookup(feedback.name, "0912345679")
        unknown_code = self._lookup("PAKN/2099/99999", "0912345678")

        def neutral(response):
            text = TOKEN_RE.sub("", CSRF_RE.sub("", response.text))
            return text.replace(feedback.name, "CODE").replace("PAKN/2099/99999", "CODE")

        self.assertEqual(wrong_contact.status_code, unknown_code.status_code)
        self.assertIn('id="cchc_feedback_lookup_none"', wrong_contact.text)
        self.assertNotIn('id="cchc_feedback_lookup_result"', wrong_contact.text)
        self.assertEqual(neutral(wrong_contact), neutral(unknown_code))
        self.assertIn('id="cchc_feedback_lookup_none"', self._lookup(feedback.name, "").text)

    def test_lookup_shows_published_answer_only(self):
        """The answer appears on the lookup page once published, never before."""
        feedback = self._assigned_feedback()
        feedback.with_user(self.handler).write(
            {"answer": "Trả lời riêng cho người gửi", "public_answer": "Hồ sơ đã được xử lý."}
        )
        feedback.with_user(self.handler).action_answer()
        page = self._lookup(feedback.name, SENDER["sender_phone"]).text
        self.assertNotIn("Hồ sơ đã được xử lý.", page)
        feedback.with_user(self.officer).action_publish()
        page = self._lookup(feedback.name, SENDER["sender_phone"]).text
        self.assertIn('id="cchc_feedback_lookup_answer"', page)
        self.assertIn("Hồ sơ đã được xử lý.", page)
        self.assertNotIn("Trả lời riêng cho người gửi", page)

    # published answers -----------------------------------------------------
    def test_published_answers_without_personal_data(self):
        """The public list shows published answers, searchable, and no personal data."""
        published = self._assigned_feedback(
            subject="Thủ tục cấp phép xăng dầu",
            description="Tôi là Nguyễn Văn Bình, số 0912 345 678, hồ sơ bị trả lại nhiều lần.",
        )
        published.with_user(self.handler).write(
            {
                "answer": "Kính gửi ông Nguyễn Văn Bình ...",
                "public_summary": "Hồ sơ cấp phép xăng dầu bị trả lại nhiều lần.",
                "public_answer": "Sở đã rà soát quy trình và giải quyết hồ sơ.",
            }
        )
        published.with_user(self.handler).action_answer()
        published.with_user(self.officer).action_publish()
        hidden = self._assigned_feedback(subject="Thủ tục chưa công bố")
        page = self.url_open(f"/pakn/tra-loi?company={self.company_a.id}").text
        self.assertIn(published.name, page)
        self.assertIn("Sở đã rà soát quy trình và giải quyết hồ sơ.", page)
        self.assertIn("Hồ sơ cấp phép xăng dầu bị trả lại nhiều lần.", page)
        self.assertNotIn(hidden.name, page)
        for secret in (*SENDER.values(), "0912345678", "Kính gửi ông", "Tôi là"):
            self.assertNotIn(secret, page)
        found = self.url_open(f"/pakn/tra-loi?company={self.company_a.id}&q=rà soát").text
        self.assertIn(published.name, found)
        none = self.url_open(f"/pakn/tra-loi?company={self.company_a.id}&q=không có từ này").text
        self.assertIn('id="cchc_feedback_answers_none"', none)
        self.assertNotIn(published.name, none)
        self.assertEqual(
            self.url_open(f"/pakn/tra-loi?page=abc&company={self.company_a.id}").status_code, 200
        )
        self.assertEqual(self.url_open("/pakn/tra-loi?company=x").status_code, 404)
