import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import PlanDocumentCommon, flat, pdf_text


@tagged("post_install", "-at_install")
class TestCchcPlanDocument(PlanDocumentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def _pages(self, pdf):
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        return [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]

    # ------------------------------------------------------------------
    # Official-form helpers
    # ------------------------------------------------------------------
    def test_number_and_dates_leading_zeros(self):
        """Numbers under 10, days under 10 and months 1 and 2 get a leading zero."""
        mixin = self.env["cchc.document.mixin"]
        self.assertEqual(mixin._cchc_doc_number("7/KH-SCT", "KH-SCT"), "07/KH-SCT")
        self.assertEqual(mixin._cchc_doc_number("07/KH-SCT", "KH-SCT"), "07/KH-SCT")
        self.assertEqual(mixin._cchc_doc_number("181/KH-SCT", "KH-SCT"), "181/KH-SCT")
        self.assertEqual(flat(mixin._cchc_doc_number(False, "KH-SCT")), "/KH-SCT")
        self.assertEqual(
            mixin._cchc_doc_date_line("Đồng Nai", date(2026, 2, 7)),
            "Đồng Nai, ngày 07 tháng 02 năm 2026",
        )
        self.assertEqual(
            mixin._cchc_doc_date_line("Hải Dương", date(2022, 1, 17)),
            "Hải Dương, ngày 17 tháng 01 năm 2022",
        )
        self.assertEqual(
            mixin._cchc_doc_date_line("Đồng Nai", date(2026, 3, 5)),
            "Đồng Nai, ngày 05 tháng 3 năm 2026",
        )
        self.assertEqual(
            mixin._cchc_doc_date_line("Đồng Nai", date(2026, 12, 15)),
            "Đồng Nai, ngày 15 tháng 12 năm 2026",
        )
        self.assertEqual(
            flat(mixin._cchc_doc_date_line("Đồng Nai", False, 2026)),
            "Đồng Nai, ngày tháng năm 2026",
        )
        self.assertEqual(mixin._cchc_doc_short_date(date(2020, 4, 8)), "08/4/2020")
        self.assertEqual(mixin._cchc_doc_amount(125000000), "125.000.000")

    def test_title_lines_and_signer_block(self):
        """Long titles break into balanced lines; KT. prints over the signer's title."""
        mixin = self.env["cchc.document.mixin"]
        self.assertEqual(
            mixin._cchc_doc_title_lines(
                "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2026"
            ),
            ["Thông tin, tuyên truyền cải cách hành chính", "của Sở Công Thương năm 2026"],
        )
        self.assertEqual(
            mixin._cchc_doc_signer_lines("kt", "Giám đốc", "Phó Giám đốc"),
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        )
        self.assertEqual(mixin._cchc_doc_signer_lines("none", "x", "Giám đốc"), ["GIÁM ĐỐC"])

    # ------------------------------------------------------------------
    # The printed plan
    # ------------------------------------------------------------------
    def test_issued_plan_pdf_text(self):
        """The issued plan prints header, bases, sections I-IV, recipients and signer."""
        self.issue_plan(self.plan)
        pdf = self.render_plan_pdf(self.plan)
        main_pages = sum(1 for width, height in self._pages(pdf) if height > width)
        text = flat(pdf_text(pdf, last=main_pages))
        for expected in (
            "UBND TỈNH ĐỒNG NAI",
            "SỞ CÔNG THƯƠNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 07/KH-SCT",
            "Đồng Nai, ngày 07 tháng 02 năm 2026",
            "KẾ HOẠCH",
            "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2026",
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình",
            "Thực hiện Kế hoạch số 51/KH-UBND ngày 30/01/2026 của UBND tỉnh về thông tin",
            "I. MỤC TIÊU VÀ YÊU CẦU",
            "1. Mục tiêu",
            "Hồ sơ trực tuyến toàn trình: đạt từ 80% trở lên",
            "2. Yêu cầu",
            "II. NỘI DUNG, HÌNH THỨC VÀ ĐỐI TƯỢNG TUYÊN TRUYỀN",
            "III. KINH PHÍ THỰC HIỆN",
            "Tổng kinh phí dự kiến: 142.000.000 đồng",
            "IV. TỔ CHỨC THỰC HIỆN",
            # a numbered list prints with its numbers, as typed
            "1. Các phòng, đơn vị triển khai theo chức năng.",
            "2. Văn phòng Sở tổng hợp, báo cáo.",
            # each unit's part refers to the appendix instead of repeating it
            "- Phòng Quản lý Thương mại: chủ trì thực hiện nhiệm vụ số 5; phối hợp thực hiện "
            "các nhiệm vụ số 2, 8 tại Phụ lục kèm theo.",
            "Nơi nhận:",
            "- UBND tỉnh (b/c);",
            "- Sở Nội vụ;",
            "- Các phòng, đơn vị (t/h);",
            "- Lưu: VT, KH.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Nguyễn Văn Ký",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("DỰ THẢO", flat(pdf_text(pdf)))
        self.assertLess(text.index("I. MỤC TIÊU"), text.index("II. NỘI DUNG"))
        self.assertLess(text.index("III. KINH PHÍ"), text.index("IV. TỔ CHỨC"))
        self.assertLess(text.index("IV. TỔ CHỨC"), text.index("Nơi nhận:"))

    def test_appendix_on_landscape_pages(self):
        """The appendix follows on landscape pages with every task that is not cancelled."""
        self.issue_plan(self.plan)
        pdf = self.render_plan_pdf(self.plan)
        pages = self._pages(pdf)
        self.assertGreater(pages[0][1], pages[0][0], "the plan starts on a portrait page")
        self.assertGreater(pages[-1][0], pages[-1][1], "the appendix is on landscape pages")
        first_appendix = next(i for i, (w, h) in enumerate(pages, 1) if w > h)
        self.assertTrue(all(w > h for w, h in pages[first_appendix - 1 :]))
        appendix = flat(pdf_text(pdf, first=first_appendix))
        self.assertTrue(appendix.startswith("PHỤ LỤC"), appendix[:80])
        self.assertIn(
            "(Kèm theo Kế hoạch số 07/KH-SCT ngày 07 tháng 02 năm 2026 của Sở Công Thương)",
            appendix,
        )
        for header in ("STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp"):
            self.assertIn(header, appendix)
        for task in self.tasks:
            self.assertIn(flat(task.name)[:30], appendix)
        self.assertIn("31/3/2026", appendix)
        self.assertIn("60.000.000", appendix)
        self.assertIn("Tổng cộng", appendix)
        self.assertIn("142.000.000", appendix)
        self.assertNotIn("Nhiệm vụ đã hủy", flat(pdf_text(pdf)))

    def test_draft_prints_draft_mark(self):
        """A draft prints DỰ THẢO and blanks for its number and day."""
        pdf = self.render_plan_pdf(self.plan)
        first_page = flat(pdf_text(pdf, first=1, last=1))
        self.assertIn("DỰ THẢO", first_page)
        self.assertIn("Số: /KH-SCT", first_page)
        self.assertIn("Đồng Nai, ngày tháng năm 2026", first_page)
        first_appendix = next(i for i, (w, h) in enumerate(self._pages(pdf), 1) if w > h)
        appendix = flat(pdf_text(pdf, first=first_appendix, last=first_appendix))
        self.assertIn("DỰ THẢO", appendix)

    def test_page_numbers_from_page_two(self):
        """Page numbers are centred at the top from page 2; page 1 has none."""
        # a longer plan: its organisation section runs over several pages
        self.plan.section_ids.sorted("sequence")[-1].body = "".join(
            f"<p>{index + 1}. Phòng, đơn vị số {index + 1} tổ chức tuyên truyền cải cách hành "
            "chính cho người dân và doanh nghiệp trên địa bàn tỉnh theo chức năng, nhiệm vụ "
            "được giao và báo cáo kết quả định kỳ.</p>"
            for index in range(40)
        )
        self.issue_plan(self.plan)
        pdf = self.render_plan_pdf(self.plan)
        pages = self._pages(pdf)
        main_pages = sum(1 for width, height in pages if height > width)
        self.assertGreaterEqual(main_pages, 3)
        first_lines = [
            pdf_text(pdf, first=n, last=n, extra_args=["-layout"]).strip().splitlines()[0].strip()
            for n in range(1, main_pages + 1)
        ]
        self.assertNotEqual(first_lines[0], "1")
        self.assertEqual(first_lines[1:], [str(n) for n in range(2, main_pages + 1)])

    def test_body_printed_in_points(self):
        """Text prints at its size in points (the superior body in 13 pt, Times metrics)."""
        self.issue_plan(self.plan)
        pdf = self.render_plan_pdf(self.plan)
        bbox = pdf_text(pdf, first=1, last=1, extra_args=["-bbox"])
        match = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">UBND</word>',
            bbox,
        )
        self.assertTrue(match, "the word UBND is on the first page")
        height = float(match.group(4)) - float(match.group(2))
        # Liberation Serif / Times New Roman: a word's box is about 1.15 em high.
        self.assertAlmostEqual(height / 1.15, 13, delta=0.8)
        left = min(float(x) for x in re.findall(r'<word xMin="([\d.]+)"', bbox))
        self.assertAlmostEqual(left, 30 / 25.4 * 72, delta=12, msg="left margin of 30 mm")

    def test_same_document_for_every_reader(self):
        """Staff who see only some tasks still print the whole appendix."""
        self.issue_plan(self.plan)
        Task = self.env["cchc.task"].with_user(self.staff)
        visible = Task.search([("plan_id", "=", self.plan.id)])
        self.assertLess(len(visible), len(self.tasks), "the staff member sees part of the tasks")
        pdf = self.render_plan_pdf(self.plan, user=self.staff)
        text = flat(pdf_text(pdf))
        for task in self.tasks:
            self.assertIn(flat(task.name)[:30], text)

    def test_verification_token(self):
        """Each plan has its own token; a copy gets a new one; the QR link carries it."""
        other = self.plan.copy({"name": "Kế hoạch khác"})
        self.assertTrue(self.plan.access_token)
        self.assertTrue(other.access_token)
        self.assertNotEqual(self.plan.access_token, other.access_token)
        url = self.plan._cchc_verification_url()
        self.assertTrue(url.endswith(f"/cchc/verify/plan/{self.plan.access_token}"))
        self.assertTrue(url.startswith(self.plan.get_base_url()))

    def test_qr_code_opens_the_verification_page(self):
        """The QR code printed on the plan encodes its public verification link."""
        if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
            raise unittest.SkipTest("pdftoppm or zbarimg is not installed: QR code not decoded")
        pdf = self.render_plan_pdf(self.plan)
        with tempfile.TemporaryDirectory() as folder:
            with open(f"{folder}/plan.pdf", "wb") as handle:
                handle.write(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "200",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    f"{folder}/plan.pdf",
                    f"{folder}/page",
                ],
                check=True,
            )
            page = next(name for name in sorted(os.listdir(folder)) if name.endswith(".png"))
            decoded = (
                subprocess.run(
                    ["zbarimg", "-q", "--raw", f"{folder}/{page}"], capture_output=True, check=False
                )
                .stdout.decode()
                .strip()
            )
        self.assertEqual(decoded, self.plan._cchc_verification_url())
