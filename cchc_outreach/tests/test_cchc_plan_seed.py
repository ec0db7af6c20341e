"""A real plan, typed in as its office wrote it, prints with its own words.

The demo data types seed 000 (Sở Công Thương Đồng Nai, 2026) section by section; its
issued document must carry the seed's opening, each section's heading and text in the
seed's order, the closing and the distribution list, word for word.
"""

import re
import unittest
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from .common import pdf_text

SEED = Path(file_path("cchc_outreach/tests/data/seed_000_sct_dongnai_2026.txt"))
HEADINGS = [
    "I. MỤC TIÊU VÀ YÊU CẦU",
    "II. NỘI DUNG, HÌNH THỨC VÀ ĐỐI TƯỢNG TUYÊN TRUYỀN",
    "III. KINH PHÍ THỰC HIỆN",
    "IV. TỔ CHỨC THỰC HIỆN",
]


def words(text):
    """The text as a sequence of words: no layout, no page numbers, no markdown marks."""
    lines = [line for line in text.splitlines() if not re.fullmatch(r"\s*\d{1,3}\s*", line)]
    return " ".join(" ".join(lines).replace("*", "").split())


def parts(text, markers):
    """{marker: the text from it to the next marker}, in order; a missing marker fails."""
    flat = words(text)
    result, positions = {}, []
    for marker in markers:
        position = flat.find(marker, positions[-1] if positions else 0)
        assert position >= 0, f"{marker!r} not found (or out of order)"
        positions.append(position)
    positions.append(len(flat))
    for index, marker in enumerate(markers):
        result[marker] = flat[positions[index] : positions[index + 1]].strip()
    return result


@tagged("post_install", "-at_install")
class TestCchcPlanSeed(TransactionCase):
    def test_seed_plan_prints_as_written(self):
        plan = self.env.ref("cchc_outreach.demo_plan_sct_2026", raise_if_not_found=False)
        if not plan:
            raise unittest.SkipTest("demo data not loaded (the demo database runs this test)")
        self.assertEqual(plan.state, "issued")
        printed = pdf_text(plan.issued_pdf_id.raw)
        seed = SEED.read_text(encoding="utf-8")
        # The seed's source split one paragraph over a page; and its number/date are blank.
        seed = seed.replace("đối với\n\nsự phục vụ", "đối với sự phục vụ")
        seed_body = seed[seed.index("Thực hiện Kế hoạch số 51") : seed.index("hathanhtuyen")]
        markers = ["Thực hiện Kế hoạch số 51", *HEADINGS, "Trên đây là Kế hoạch", "Nơi nhận:"]
        expected = parts(seed_body, markers)
        got = parts(printed[printed.index("Thực hiện Kế hoạch số 51") :], markers)
        for marker in markers[:-1]:
            with self.subTest(section=marker):
                self.assertEqual(got[marker], expected[marker])
        # the header names the issuing body as the document does, under its superior body
        header = words(printed[: printed.index("KẾ HOẠCH")])
        self.assertIn("UBND TỈNH ĐỒNG NAI SỞ CÔNG THƯƠNG Số: 07/KH-SCT", header)
        # the distribution list, line by line
        for line in (
            "- UBND tỉnh (b/c);",
            "- Sở Nội vụ;",
            "- Ban Lãnh đạo Sở;",
            "- Các phòng, đơn vị sở (thực hiện);",
            "- Lưu: VT, KH.",
        ):
            self.assertIn(line, words(printed))
