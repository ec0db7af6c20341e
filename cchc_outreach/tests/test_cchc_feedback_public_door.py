"""The public door of issue 13 over HTTP: lookup code and limits, disguised files,
invisible text, the form per company, consent and accessible errors."""

import io
import re
import zipfile
from unittest.mock import patch

from PIL import Image
from PyPDF2 import PdfWriter
from PyPDF2.generic import DictionaryObject, NameObject, TextStringObject

from odoo.tests import HttpCase, tagged

from ..models import cchc_feedback_lookup_attempt as attempts
from .common import CSRF_RE, SENDER, TOKEN_RE, CchcFeedbackCommon, CchcPublicFormMixin

LOOKUP_CODE_RE = re.compile(r'id="cchc_feedback_lookup_code">([^<]+)<')
REFERENCE_RE = re.compile(r'id="cchc_feedback_code">([^<]+)<')
INVISIBLE = "\u200b\u200d\u2060\u202e\ufeff\u3164\u00ad"


def _pdf(modify=None):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if modify:
        modify(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _launch(writer):
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
    b'.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>'
)


def _docx(extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCchcFeedbackPublicDoor(CchcPublicFormMixin, CchcFeedbackCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only company A's form is open.
        cls.env["res.company"].search([("id", "!=", cls.company_a.id)]).write(
            {"cchc_feedback_public_enabled": False}
        )

    # helpers ---------------------------------------------------------------
    def _submitted(self):
        response = self._submit()
        self.assertEqual(response.status_code, 200, response.text[:1500])
        reference = REFERENCE_RE.search(response.text)[1]
        code = LOOKUP_CODE_RE.search(response.text)[1]
        feedback = self.env["cchc.feedback"].sudo().search([("name", "=", reference)])
        return feedback, code, response

    @staticmethod
    def _neutral(response, *references):
        text = TOKEN_RE.sub("", CSRF_RE.sub("", response.text))
        for reference in references:
            text = text.replace(reference, "REF")
        return text

    # lookup code -----------------------------------------------------------
    def test_confirmation_gives_code_and_due_date_and_stores_only_its_hash(self):
        feedback, code, response = self._submitted()
        self.assertRegex(code, r"^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$")
        self.assertTrue(feedback.lookup_code_hash)
        self.assertNotIn(code.replace("-", ""), feedback.lookup_code_hash)
        self.assertIn('id="cchc_feedback_due"', response.text)
        self.assertIn(feedback.answer_deadline.strftime("%d/%m/%Y"), response.text)
        sender = self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        self.assertTrue(sender.consent_date)
        # Found with the code (typed loosely) and with the phone; due date shown.
        for secret in (code, code.lower().replace("-", " "), SENDER["sender_phone"]):
            page = self._lookup(feedback.name, secret).text
            self.assertIn('id="cchc_feedback_lookup_result"', page, secret)
            self.assertIn('id="cchc_feedback_lookup_due"', page)

    def test_wrong_code_wrong_phone_unknown_reference_answer_identically(self):
        feedback, code, _response = self._submitted()
        other = "22222-22222" if code != "22222-22222" else "33333-33333"
        answers = [
            self._lookup(feedback.name, other),
            self._lookup(feedback.name, "0912345679"),
            self._lookup("PAKN/2099/99999", code),
            self._lookup(feedback.name, ""),
        ]
        texts = {self._neutral(r, feedback.name, "PAKN/2099/99999") for r in answers}
        self.assertEqual(len(texts), 1)
        self.assertEqual({r.status_code for r in answers}, {200})
        self.assertIn('id="cchc_feedback_lookup_none"', answers[0].text)

    def test_staff_cannot_write_the_code_hash_nor_the_consent(self):
        feedback, _code, _response = self._submitted()
        sender = self.env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        consent_date, code_hash = sender.consent_date, feedback.sudo().lookup_code_hash
        self.assertTrue(consent_date and code_hash)
        with self.assertRaises(Exception):  # noqa: B017 - AccessError from the guard
            sender.with_user(self.officer).write({"consent_date": "2020-01-01 00:00:00"})
        with self.assertRaises(Exception):  # noqa: B017
            feedback.with_user(self.officer).write({"lookup_code_hash": "x"})
        self.env.invalidate_all()
        self.assertEqual(sender.consent_date, consent_date)
        self.assertEqual(feedback.sudo().lookup_code_hash, code_hash)

    def test_limit_per_address_blocks_even_a_right_code(self):
        feedback, code, _response = self._submitted()
        with (
            patch.object(attempts, "LOOKUP_MAX_FAILURES_PER_ADDRESS", 3),
            patch.object(attempts, "LOOKUP_MAX_FAILURES_PER_REFERENCE", 100),
        ):
            for number in range(3):
                response = self._lookup(f"PAKN/2099/{number:05d}", "0900000000")
                self.assertEqual(response.status_code, 200)
            response = self._lookup(feedback.name, code)
            self.assertEqual(response.status_code, 429)
            self.assertIn('id="cchc_feedback_lookup_limited"', response.text)
            self.assertNotIn('id="cchc_feedback_lookup_result"', response.text)
        rows = self.env["cchc.feedback.lookup.attempt"].sudo().search([])
        self.assertEqual(len(rows), 3)
        self.assertNotIn("127.0.0.1", str(rows.mapped("ip_hash")))

    def test_limit_per_reference_blocks_even_a_right_code(self):
        feedback, code, _response = self._submitted()
        with (
            patch.object(attempts, "LOOKUP_MAX_FAILURES_PER_ADDRESS", 100),
            patch.object(attempts, "LOOKUP_MAX_FAILURES_PER_REFERENCE", 2),
        ):
            for _number in range(2):
                self._lookup(feedback.name, "0900000000")
            # Another reference is not blocked by this one.
            self.assertEqual(self._lookup("PAKN/2099/00001", "x").status_code, 200)
            response = self._lookup(feedback.name, code)
            self.assertEqual(response.status_code, 429)
            self.assertIn('id="cchc_feedback_lookup_limited"', response.text)
        # Once the window has passed, the right code works again.
        self.env.cr.execute(
            "UPDATE cchc_feedback_lookup_attempt SET attempt_time = attempt_time - interval '1 day'"
        )
        self.assertIn('id="cchc_feedback_lookup_result"', self._lookup(feedback.name, code).text)

    # attachments -----------------------------------------------------------
    def test_disguised_files_are_refused_with_their_message(self):
        cases = {
            "pdf javascript": ("a.pdf", _pdf(lambda w: w.add_js("app.alert(1)"))),
            "pdf launch": ("b.pdf", _pdf(_launch)),
            "pdf embedded file": ("c.pdf", _pdf(lambda w: w.add_attachment("x.exe", b"MZ\x90"))),
            "pdf then html": ("d.pdf", _pdf() + b"<html><script>alert(1)</script></html>" * 40),
            "png that is html": ("e.png", b"<html><script>alert(1)</script></html>"),
            "png that is svg": ("f.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x"/>'),
            "docx with exe": ("g.docx", _docx({"word/embeddings/setup.exe": b"MZ\x90\x00"})),
            "docx with macro": ("h.docx", _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
            "docm": ("i.docm", _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
            "old doc": ("j.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
        }
        count = self.env["cchc.feedback"].sudo().search_count([])
        for label, (name, data) in cases.items():
            with self.subTest(case=label):
                response = self._submit(files=[("attachments", (name, data, "application/pdf"))])
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="error_attachments"', response.text)
                self.assertIn(name, response.text)
                self.assertIn(
                    'aria-describedby="attachments_help error_attachments"', response.text
                )
        self.assertEqual(self.env["cchc.feedback"].sudo().search_count([]), count)

    def test_image_with_appended_payload_is_stored_reencoded(self):
        payload = b"PK\x03\x04" + b"<script>evil()</script>" * 20
        files = [
            ("attachments", ("anh.jpg", _image("JPEG") + payload, "image/jpeg")),
            ("attachments", ("anh.png", _image("PNG") + payload, "image/png")),
        ]
        response = self._submit(files=files)
        self.assertEqual(response.status_code, 200, response.text[:1500])
        reference = REFERENCE_RE.search(response.text)[1]
        feedback = self.env["cchc.feedback"].sudo().search([("name", "=", reference)])
        self.assertEqual(len(feedback.attachment_ids), 2)
        for attachment in feedback.attachment_ids:
            self.assertNotIn(b"evil()", attachment.raw)
            self.assertNotIn(b"PK\x03\x04", attachment.raw)
            Image.open(io.BytesIO(attachment.raw)).verify()

    # text ------------------------------------------------------------------
    def test_invisible_only_fields_are_refused_on_their_field(self):
        for field in ("sender_name", "sender_address", "subject", "description"):
            with self.subTest(field=field):
                response = self._submit(**{field: INVISIBLE * 3 + " ... "})
                self.assertEqual(response.status_code, 400)
                self.assertIn(f'id="error_{field}"', response.text)
                self.assertIn("no letter or digit", response.text)
        response = self._submit(sender_email="", sender_phone=INVISIBLE)
        self.assertIn('id="error_sender_phone"', response.text)

    def test_text_is_stored_normalised(self):
        name = "Nguye\u0302\u0303n\u200b Va\u0306n \u202eBi\u0300nh"
        response = self._submit(sender_name=name, subject="Thủ tục\u200b\u2060 cấp phép")
        self.assertEqual(response.status_code, 200, response.text[:1500])
        reference = REFERENCE_RE.search(response.text)[1]
        feedback = self.env["cchc.feedback"].sudo().search([("name", "=", reference)])
        self.assertEqual(feedback.sender_name, "Nguyễn Văn Bình")
        self.assertEqual(feedback.subject, "Thủ tục cấp phép")

    # company ---------------------------------------------------------------
    def test_form_per_company(self):
        # One enabled company: /pakn is its form.
        page = self.url_open("/pakn")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'name="company_id" value="{self.company_a.id}"', page.text)
        # Unknown, disabled or malformed company: a 404 page, never another form.
        for value in ("999999", str(self.company_b.id), "abc", "-1"):
            with self.subTest(company=value):
                response = self.url_open(f"/pakn?company={value}")
                self.assertEqual(response.status_code, 404)
                self.assertIn('id="cchc_feedback_unknown"', response.text)
                self.assertNotIn('id="cchc_feedback_form"', response.text)
        self.assertEqual(self.url_open("/pakn/tra-cuu?company=999999").status_code, 404)
        # Several: a page to choose, linking to each company's form.
        self.company_b.cchc_feedback_public_enabled = True
        page = self.url_open("/pakn")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="cchc_feedback_choose"', page.text)
        self.assertIn(f'href="/pakn?company={self.company_b.id}"', page.text)
        self.assertIn(f'href="/pakn?company={self.company_a.id}"', page.text)
        self.assertIn(
            f'name="company_id" value="{self.company_b.id}"',
            self.url_open(f"/pakn?company={self.company_b.id}").text,
        )
        # None: 404.
        self.env["res.company"].search([]).write({"cchc_feedback_public_enabled": False})
        self.assertEqual(self.url_open("/pakn").status_code, 404)

    def test_submission_to_a_disabled_company_is_refused(self):
        count = self.env["cchc.feedback"].sudo().search_count([])
        token = self._token(f"/pakn?company={self.company_a.id}")
        response = self.url_open(
            "/pakn/gui",
            data={"csrf_token": token, "company_id": str(self.company_b.id), **SENDER},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.env["cchc.feedback"].sudo().search_count([]), count)

    # consent, accessibility ------------------------------------------------
    def test_consent_is_required(self):
        count = self.env["cchc.feedback"].sudo().search_count([])
        response = self._submit(consent=None)
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="error_consent"', response.text)
        self.assertIn('aria-describedby="consent_purpose error_consent"', response.text)
        self.assertIn("13/2023", response.text)
        self.assertEqual(self.env["cchc.feedback"].sudo().search_count([]), count)

    def test_errors_are_tied_to_their_fields(self):
        response = self._submit(subject="", sender_phone="", sender_email="")
        page = response.text
        self.assertEqual(response.status_code, 400)
        subject = re.search(r'<input[^>]*id="subject"[^>]*>', page)[0]
        self.assertIn('aria-invalid="true"', subject)
        self.assertIn('aria-describedby="error_subject"', subject)
        self.assertIn("autofocus", subject)  # the first invalid field
        phone = re.search(r'<input[^>]*id="sender_phone"[^>]*>', page)[0]
        self.assertIn('aria-invalid="true"', phone)
        self.assertIn('aria-describedby="error_contact"', phone)
        self.assertNotIn("autofocus", phone)
        self.assertIn('id="error_contact"', page)
        # One required choice: a fieldset with its legend, one star.
        self.assertIn("<legend", page[page.index('id="cchc_feedback_contact"') :][:300])
        self.assertNotIn("Phone number *", page)
        # Every visible input of every page has a label.
        answers = self.url_open(f"/pakn/tra-loi?company={self.company_a.id}").text
        lookup = self.url_open(f"/pakn/tra-cuu?company={self.company_a.id}").text
        for text in (page, answers, lookup):
            for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", text):
                if 'type="hidden"' in tag or 'name="website"' in tag:
                    continue
                if 'type="radio"' in tag:
                    continue  # labelled one by one, checked below
                ident = re.search(r'id="([^"]+)"', tag)
                self.assertTrue(ident, tag)
                self.assertIn(f'for="{ident[1]}"', text, tag)
