import base64
import datetime
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import PlanDocumentCommon

HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Sản phẩm",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời hạn hoàn thành",
    "Kinh phí (đồng)",
]


@tagged("post_install", "-at_install")
class TestCchcPlanXlsx(PlanDocumentCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.issue_plan(cls.plan)
        cls.new_plan = cls.env["cchc.plan"].create(
            {"name": "Kế hoạch nhập phụ lục", "year": 2026, "company_id": cls.company.id}
        )

    def _xlsx(self, plan):
        """The appendix file as the controller streams it (the plan's report model)."""
        document = self.env["report.cchc_outreach.report_cchc_plan"].with_user(plan.env.user)
        return document._cchc_xlsx(plan)

    def _sheet(self, content):
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def _workbook(self, rows, header_row=1):
        """An appendix sheet as a clerk would type it: header, then ``rows``."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for _index in range(header_row - 1):
            sheet.append(["PHỤ LỤC"])
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def _wizard(self, content, plan=None):
        return (
            self.env["cchc.plan.import.wizard"]
            .with_user(self.coordinator)
            .create(
                {
                    "plan_id": (plan or self.new_plan).id,
                    "file": base64.b64encode(content),
                    "file_name": "phu_luc.xlsx",
                }
            )
        )

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def test_export_values_and_types(self):
        """The exported appendix has Vietnamese headers, typed dates and numbers."""
        sheet = self._sheet(self._xlsx(self.plan.with_user(self.coordinator)))
        self.assertEqual(sheet["A1"].value, "PHỤ LỤC")
        self.assertIn("07/KH-SCT", sheet["A3"].value)
        self.assertIn("ngày 07 tháng 02 năm 2026", sheet["A3"].value)
        self.assertEqual([cell.value for cell in sheet[5]], HEADERS)
        self.assertEqual(sheet.freeze_panes, "A6")
        tasks = self.tasks.sorted("sequence")
        for offset, task in enumerate(tasks):
            row = [cell.value for cell in sheet[6 + offset]]
            self.assertEqual(row[0], offset + 1)
            self.assertIsInstance(row[0], int)
            self.assertEqual(row[1], task.name)
            self.assertEqual(row[2], task.product_description)
            self.assertEqual(row[3], task.lead_department_id.name)
            self.assertEqual(
                row[4].split(", ") if row[4] else [],
                task.cooperating_department_ids.mapped("name"),
            )
            self.assertIsInstance(row[5], datetime.datetime)
            self.assertEqual(row[5].date(), task.date_deadline)
            self.assertEqual(sheet.cell(6 + offset, 6).number_format, "dd/mm/yyyy")
            self.assertIsInstance(row[6], (int, float))
            self.assertEqual(row[6], task.budget_estimate)
        total_row = 6 + len(tasks)
        self.assertEqual(sheet.cell(total_row, 2).value, "Tổng cộng")
        self.assertEqual(sheet.cell(total_row, 7).value, f"=SUM(G6:G{total_row - 1})")
        self.assertNotIn(
            self.cancelled_task.name, [cell.value for cell in sheet["B"] if cell.value]
        )

    def test_export_layout_and_print_setup(self):
        """Columns fit their texts; the sheet prints on A4 landscape, one page wide."""
        sheet = self._sheet(self._xlsx(self.plan))
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(int(sheet.page_setup.paperSize), 9)
        self.assertEqual(sheet.print_title_rows, "$5:$5")
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        widths = {key: sheet.column_dimensions[key].width for key in "ABCDEFG"}
        self.assertGreaterEqual(widths["B"], 30)
        self.assertLessEqual(widths["B"], 62)
        self.assertGreaterEqual(widths["F"], 12)
        longest = max(len(name) for name in self.tasks.mapped("name"))
        self.assertGreaterEqual(widths["B"], min(longest, 60))

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def test_import_good_rows(self):
        """Valid rows become tasks: units by name, dates as dates or dd/mm/yyyy, amounts."""
        content = self._workbook(
            [
                [
                    1,
                    "Đăng tin trên Website",
                    "12 tin",
                    "Văn phòng Sở",
                    "Phòng Quản lý Công nghiệp, Phòng Quản lý Thương mại",
                    datetime.datetime(2026, 3, 31),
                    5000000,
                ],
                [
                    2,
                    "Hội nghị doanh nghiệp",
                    "01 hội nghị",
                    "phòng quản lý thương mại",
                    None,
                    "30/09/2026",
                    "15.000.000",
                ],
                [None, None, None, None, None, None, None],
                [
                    3,
                    "Báo cáo định kỳ",
                    None,
                    "Phòng Kế hoạch - Tài chính - Tổng hợp",
                    "Văn phòng Sở; Phòng Quản lý Công nghiệp",
                    "5/1/2026",
                    None,
                ],
                [None, "Tổng cộng", None, None, None, None, "=SUM(G2:G4)"],
            ],
            header_row=3,
        )
        wizard = self._wizard(content)
        wizard.action_import()
        self.assertFalse(wizard.error_message)
        tasks = self.new_plan.task_ids.sorted("sequence")
        self.assertEqual(
            tasks.mapped("name"),
            ["Đăng tin trên Website", "Hội nghị doanh nghiệp", "Báo cáo định kỳ"],
        )
        first, second, third = tasks
        self.assertEqual(first.lead_department_id, self.dep_office)
        self.assertEqual(first.cooperating_department_ids, self.dep_industry | self.dep_trade)
        self.assertEqual(first.date_deadline, datetime.date(2026, 3, 31))
        self.assertEqual(first.budget_estimate, 5_000_000)
        self.assertEqual(first.product_description, "12 tin")
        self.assertEqual(second.lead_department_id, self.dep_trade)
        self.assertEqual(second.date_deadline, datetime.date(2026, 9, 30))
        self.assertEqual(second.budget_estimate, 15_000_000)
        self.assertEqual(third.cooperating_department_ids, self.dep_office | self.dep_industry)
        self.assertEqual(third.date_deadline, datetime.date(2026, 1, 5))
        self.assertEqual(third.budget_estimate, 0)

    def test_import_bad_rows_lists_each_and_creates_nothing(self):
        """Every bad row is listed with its row number and reason; nothing is imported."""
        content = self._workbook(
            [
                [1, "Nhiệm vụ hợp lệ", "sp", "Văn phòng Sở", None, "31/3/2026", 1000],
                [2, "Đơn vị lạ", None, "Phòng Không Tồn Tại", None, None, None],
                [3, "Hạn sai", None, "Văn phòng Sở", None, "Quý I", None],
                [4, "Ngoài kỳ", None, "Văn phòng Sở", None, "15/01/2027", None],
                [5, None, "sản phẩm không có nhiệm vụ", "Văn phòng Sở", None, None, None],
                [6, "Kinh phí âm", None, "Văn phòng Sở", None, None, -5],
                [7, "Chủ trì và phối hợp", None, "Văn phòng Sở", "Văn phòng Sở", None, None],
                [8, "Ngày không có", None, "Văn phòng Sở", None, "31/02/2026", None],
            ]
        )
        wizard = self._wizard(content)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "cchc.plan.import.wizard")
        self.assertFalse(self.new_plan.task_ids, "nothing is imported while a row is bad")
        lines = wizard.error_message.splitlines()
        self.assertEqual(len(lines), 7, wizard.error_message)
        expected = {
            3: "Phòng Không Tồn Tại",
            4: "Quý I",
            5: "15/01/2027",
            6: "empty",
            7: "-5",
            8: "cannot both lead and cooperate",
            9: "31/02/2026",
        }
        for line, (row, reason) in zip(lines, expected.items()):
            self.assertTrue(line.startswith(f"Row {row}:"), line)
            self.assertIn(reason, line)

    def test_import_round_trip(self):
        """An exported appendix imports back into another plan as the same tasks."""
        self.new_plan.write({"year": 2026})
        wizard = self._wizard(self._xlsx(self.plan))
        wizard.action_import()
        self.assertFalse(wizard.error_message)
        source = self.tasks.sorted("sequence")
        imported = self.new_plan.task_ids.sorted("sequence")
        fields = [
            "name",
            "product_description",
            "lead_department_id",
            "cooperating_department_ids",
            "date_deadline",
            "budget_estimate",
        ]
        self.assertEqual(len(imported), len(source))
        for old, new in zip(source, imported):
            for field in fields:
                self.assertEqual(old[field], new[field], field)

    def test_import_needs_a_header_and_a_draft_plan(self):
        """A sheet without the appendix header, or an issued plan, is refused."""
        workbook = openpyxl.Workbook()
        workbook.active.append(["Tên", "Ngày"])
        output = io.BytesIO()
        workbook.save(output)
        with self.assertRaises(UserError):
            self._wizard(output.getvalue()).action_import()
        with self.assertRaises(UserError):
            self._wizard(self._workbook([]), plan=self.plan).action_import()
        with self.assertRaises(UserError):
            self._wizard(b"not an excel file").action_import()
