"""The A4 feedback poster: department, hotline, call to action and a QR code of the form."""

import base64
import io
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from PIL import Image, ImageChops

from odoo.tests import tagged

from .common import CchcFeedbackCommon

REPORT = "cchc_outreach.action_report_cchc_feedback_poster"
DATA_URI_RE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


@tagged("post_install", "-at_install")
class TestCchcFeedbackPoster(CchcFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a.write(
            {
                "cchc_feedback_hotline": "0251 3822 123",
                "cchc_feedback_public_url": "https://dichvucong.dongnai.example.gov.vn/",
                "cchc_superior_body": "UBND TỈNH ĐỒNG NAI",
            }
        )
        cls.expected_url = (
            f"https://dichvucong.dongnai.example.gov.vn/pakn?company={cls.company_a.id}"
        )

    def test_form_url_uses_public_base_url(self):
        """The QR target is the public base URL (override, else web.base.url) + /pakn."""
        self.assertEqual(self.company_a._cchc_feedback_form_url(), self.expected_url)
        self.company_a.cchc_feedback_public_url = False
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://odoo.example.vn")
        self.assertEqual(
            self.company_a._cchc_feedback_form_url(),
            f"https://odoo.example.vn/pakn?company={self.company_a.id}",
        )
        # Every company's poster carries its own address, the main company's too.
        main = self.env.ref("base.main_company")
        self.assertEqual(
            main._cchc_feedback_form_url(), f"https://odoo.example.vn/pakn?company={main.id}"
        )

    def test_poster_html_has_qr_of_form_url(self):
        """The poster shows the department, the hotline, the URL and its QR code."""
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            ._render_qweb_html(REPORT, self.company_a.ids)
        )
        html = html.decode()
        for text in (
            "TST Sở Công Thương",
            "UBND TỈNH ĐỒNG NAI",
            "0251 3822 123",
            self.expected_url,
        ):
            self.assertIn(text, html)
        match = DATA_URI_RE.search(html)
        self.assertTrue(match, "no QR image in the poster")
        printed = Image.open(io.BytesIO(base64.b64decode(match[1]))).convert("1")
        expected = Image.open(
            io.BytesIO(self.company_a._cchc_feedback_qr_png(self.expected_url))
        ).convert("1")
        self.assertEqual(printed.size, expected.size)
        self.assertIsNone(ImageChops.difference(printed, expected).getbbox())

    def test_poster_pdf(self):
        """The PDF renders on A4 with its texts; its QR code decodes to the form URL."""
        if not shutil.which("pdftotext"):
            raise unittest.SkipTest("pdftotext (poppler-utils) is not installed")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.company_a.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "poster.pdf")
            path.write_bytes(pdf)
            text = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            info = subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=False
            ).stdout
            squeezed = " ".join(text.split()).casefold()
            for expected in ("TST SỞ CÔNG THƯƠNG", "UBND TỈNH ĐỒNG NAI", "0251 3822 123"):
                self.assertIn(expected.casefold(), squeezed)
            self.assertIn(self.expected_url.casefold(), squeezed.replace(" ", ""))
            if info:
                self.assertIn("Pages: 1", " ".join(info.split()))
                self.assertRegex(info, r"Page size:\s+59[45](\.\d+)? x 84[12]")
            if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
                raise unittest.SkipTest("zbarimg not installed: the QR code was not decoded")
            subprocess.run(
                ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(Path(tmp, "page"))],
                check=True,
            )
            decoded = subprocess.run(
                ["zbarimg", "--quiet", "--raw", str(Path(tmp, "page.png"))],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            self.assertEqual(decoded, self.expected_url)
