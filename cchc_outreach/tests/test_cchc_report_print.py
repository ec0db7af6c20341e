import datetime
import io
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import COMPILE_DAY, CchcReportCommon, flat, pdf_text

REPORT = "cchc_outreach.action_report_cchc_report"
DOCUMENT = "report.cchc_outreach.report_cchc_report"


@tagged("post_install", "-at_install")
class TestCchcReportPrint(CchcReportCommon, HttpCase):
    """The report prints in the official form (PDF) and exports to Excel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_vietnamese()
        cls.company_a.write({"cchc_superior_body": "UBND TỈNH ĐỒNG NAI", "cchc_place": "Đồng Nai"})
        with freeze_time(COMPILE_DAY):
            cls.unit = cls._new_report(
                difficulties="<p>Nhân lực làm công tác tuyên truyền còn kiêm nhiệm.</p>",
                proposals="<p>Đề nghị bố trí kinh phí in tờ rơi.</p>",
            )
            cls.unit.with_user(cls.head_a).action_submit()
            cls.department = cls.env["cchc.report"].create(
                {
                    "plan_id": cls.report_plan.id,
                    "period_kind": "q1",
                    "year": 2026,
                    "scope": "consolidated",
                    "assessment": "<p>Công tác tuyên truyền được triển khai kịp thời.</p>",
                }
            )
            cls.department.with_user(cls.coordinator).action_consolidate()
            cls.department.with_user(cls.manager).action_approve()

    def _pdf(self, report):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, report.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def test_department_report_pdf(self):
        """The approved department report prints header, number, title, sections, tasks, signer."""
        text = flat(pdf_text(self._pdf(self.department)))
        for expected in (
            "UBND TỈNH ĐỒNG NAI",
            "TST SỞ CÔNG THƯƠNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 01/BC-SCT",
            "Đồng Nai, ngày 01 tháng 4 năm 2026",
            "BÁO CÁO",
            "Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính quý I năm 2026",
            "Thực hiện Kế hoạch số 07/KH-SCT ngày 07/02/2026 của TST Sở Công Thương",
            "số liệu từ ngày 15/12/2025 đến ngày 14/3/2026",
            "I. KẾT QUẢ THỰC HIỆN",
            "1. Tình hình triển khai các nhiệm vụ",
            "2. Kết quả theo hình thức tuyên truyền",
            "3. Tiếp nhận, xử lý phản ánh, kiến nghị",
            "4. Kết quả thực hiện các chỉ tiêu",
            "II. KHÓ KHĂN, VƯỚNG MẮC",
            "III. ĐỀ XUẤT, KIẾN NGHỊ",
            "Nhân lực làm công tác tuyên truyền còn kiêm nhiệm.",
            "Đề nghị bố trí kinh phí in tờ rơi.",
            "Các nhiệm vụ chậm tiến độ:",
            "Hồ sơ trực tuyến toàn trình",
            "Chưa đạt",
            "Nơi nhận:",
            "- Lưu: VT.",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            self.employees[("manager", "a")].name,
        ):
            self.assertIn(expected, text)
        for line in self.department.task_line_ids:
            self.assertIn(line.name, text)
        self.assertEqual(len(self.department.task_line_ids), 5)
        self.assertIn(f"triển khai {self.department.task_count} nhiệm vụ", text)
        if self.has_feedback:
            received = self.department.feedback_received_count
            self.assertIn(f"tiếp nhận {received} phản ánh, kiến nghị", text)
        self.assertNotIn("DỰ THẢO", text)

    def test_unit_draft_pdf(self):
        """A draft unit report prints under its unit, unnumbered, undated, marked DỰ THẢO."""
        with freeze_time(COMPILE_DAY):
            draft = self._new_report(department_id=self.dept_b.id)
        text = flat(pdf_text(self._pdf(draft)))
        self.assertIn("TST SỞ CÔNG THƯƠNG", text)
        self.assertIn("TST PHÒNG QUẢN LÝ THƯƠNG MẠI", text)
        self.assertIn("DỰ THẢO", text)
        self.assertIn("Số: /BC-SCT", text)
        self.assertIn("Đồng Nai, ngày tháng năm 2026", text)
        self.assertIn("TST report task t6_unit_b", text)
        self.assertNotIn("TST report task t1_done_inside", text)
        self.assertNotIn("4. Kết quả thực hiện các chỉ tiêu", text)

    def test_xlsx(self):
        """The Excel export has four sheets with Vietnamese headers and typed cells."""
        workbook = openpyxl.load_workbook(
            io.BytesIO(self.env[DOCUMENT]._cchc_xlsx(self.department))
        )
        self.assertEqual(
            workbook.sheetnames,
            ["Nhiệm vụ", "Sản phẩm theo kênh", "Phản ánh kiến nghị", "Chỉ tiêu"],
        )
        tasks = workbook["Nhiệm vụ"]
        self.assertTrue(tasks["A1"].value.startswith("BÁO CÁO Kết quả thực hiện Kế hoạch"))
        self.assertEqual(
            [cell.value for cell in tasks[4]][:8],
            [
                "STT",
                "Nhiệm vụ",
                "Đơn vị chủ trì",
                "Sản phẩm dự kiến",
                "Tình trạng",
                "Thời hạn",
                "Ngày hoàn thành",
                "Chậm tiến độ",
            ],
        )
        self.assertEqual(tasks.freeze_panes, "A5")
        self.assertEqual(tasks.page_setup.orientation, "landscape")
        self.assertEqual(str(tasks.page_setup.paperSize), "9")
        rows = list(tasks.iter_rows(min_row=5, values_only=True))
        self.assertEqual(len(rows), len(self.department.task_line_ids))
        by_name = {row[1]: row for row in rows}
        done = by_name["TST report task t1_done_inside"]
        names = self.department.task_line_ids.mapped("name")
        self.assertEqual([row[0] for row in rows], list(range(1, len(names) + 1)))
        self.assertEqual(done[0], names.index("TST report task t1_done_inside") + 1)
        self.assertEqual(done[2], self.dept_a.name)
        self.assertEqual(done[4], "Đã hoàn thành")
        self.assertIsInstance(done[5], datetime.datetime)
        self.assertEqual(done[5].date(), datetime.date(2026, 2, 10))
        self.assertEqual(done[6].date(), datetime.date(2026, 2, 1))
        self.assertEqual(done[7], "Không")
        self.assertEqual(done[8], 3)  # outputs of the period
        self.assertEqual(done[10], "https://example.com/tin-1")
        late = by_name["TST report task t2_sub_late"]
        self.assertEqual(late[7], "Có")
        self.assertIsNone(late[6])
        self.assertGreaterEqual(tasks.column_dimensions["B"].width, 30)

        channels = workbook["Sản phẩm theo kênh"]
        rows = list(channels.iter_rows(min_row=5, values_only=True))
        expected = {(line.channel_name, line.quantity) for line in self.department.channel_line_ids}
        self.assertEqual({(row[1], row[3]) for row in rows}, expected)
        self.assertTrue(all(isinstance(row[3], (int, float)) for row in rows))

        feedback = workbook["Phản ánh kiến nghị"]
        rows = list(feedback.iter_rows(min_row=5, values_only=True))
        if self.has_feedback:
            lines = self.department.feedback_line_ids
            self.assertEqual(len(rows), len(lines) + 1)
            self.assertEqual(rows[-1][1], "Tổng cộng")
            self.assertTrue(str(rows[-1][2]).startswith("=SUM(C5:C"))
            self.assertEqual(sum(row[2] for row in rows[:-1]), sum(lines.mapped("received_count")))

        targets = workbook["Chỉ tiêu"]
        rows = list(targets.iter_rows(min_row=5, values_only=True))
        self.assertEqual([row[1] for row in rows], self.department.target_line_ids.mapped("name"))
        recorded = next(row for row in rows if row[1] == "Hồ sơ trực tuyến toàn trình")
        self.assertEqual((recorded[3], recorded[5], recorded[7]), (80, 70, "Không"))

    def test_printed_labels_follow_the_translations(self):
        """A printed status is its label or printed term as vi.po translates it, no literal."""

        def statuses():
            content = self.env[DOCUMENT]._cchc_xlsx(self.department)
            sheet = openpyxl.load_workbook(io.BytesIO(content))["Nhiệm vụ"]
            return {row[1]: row[4] for row in sheet.iter_rows(min_row=5, values_only=True)}

        done, late = "TST report task t1_done_inside", "TST report task t2_sub_late"
        self.assertEqual(statuses()[done], "Đã hoàn thành")  # printed term
        self.assertEqual(statuses()[late], "Đang thực hiện")  # the selection's label
        label = self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "cchc.report.task.line"),
                ("field_id.name", "=", "status"),
                ("value", "=", "in_progress"),
            ]
        )
        label.update_field_translations("name", {"vi_VN": "Đang triển khai (bản dịch mới)"})
        self.env.registry.clear_cache()
        self.assertEqual(statuses()[late], "Đang triển khai (bản dịch mới)")
        # Without Vietnamese, the same document prints the English source terms.
        with patch.object(type(self.department), "_cchc_report_lang", lambda self: "en_US"):
            self.assertEqual(statuses()[done], "Completed")
            self.assertEqual(statuses()[late], "In Progress")

    def test_xlsx_route(self):
        """The Excel route answers the staff of the unit and nobody else."""
        self.authenticate("tst_user_a", "tst_user_a")
        response = self.url_open(f"/cchc/report/{self.unit.id}/report.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.authenticate("tst_user_b", "tst_user_b")
        with mute_logger("odoo.http"):
            response = self.url_open(f"/cchc/report/{self.unit.id}/report.xlsx")
        self.assertNotEqual(response.status_code, 200)
