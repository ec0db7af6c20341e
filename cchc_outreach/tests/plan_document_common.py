"""Data shared by the tests of the printed plan, its Excel appendix and its copy."""

import shutil
import subprocess
import tempfile
import unittest
from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

PLAN_REPORT = "cchc_outreach.action_report_cchc_plan"


def pdf_text(pdf, first=None, last=None, extra_args=()):
    """Text of a PDF by pdftotext (poppler-utils); skips the test when it is missing."""
    if not shutil.which("pdftotext"):
        raise unittest.SkipTest("pdftotext (poppler-utils) is not installed: PDF text not checked")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        args = ["pdftotext", "-enc", "UTF-8", *extra_args]
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        return subprocess.run(
            [*args, handle.name, "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")


def setup_print_language(env):
    """Vietnamese installed with this module's terms (i18n/vi.po): the official documents
    print in it (``_cchc_report_lang``), their labels and printed terms translated."""
    env["res.lang"]._activate_lang("vi_VN")
    env["ir.module.module"]._load_module_terms(["cchc_outreach"], ["vi_VN"], overwrite=True)


def flat(text):
    """Words separated by single spaces (line breaks and non-breaking spaces too)."""
    return " ".join(text.split())


class PlanDocumentCommon:
    """A plan of Sở Công Thương Đồng Nai for 2026, as in seed 000, with eight tasks."""

    @classmethod
    def setup_plan_data(cls):
        env = cls.env
        setup_print_language(env)
        cls.company = env.company
        cls.company.write(
            {
                "name": "Sở Công Thương",
                "cchc_issuer_code": "SCT",
                "cchc_superior_body": "UBND tỉnh Đồng Nai",
                "cchc_place": "Đồng Nai",
            }
        )
        Department = env["hr.department"]
        cls.dep_office = Department.create({"name": "Văn phòng Sở", "company_id": cls.company.id})
        cls.dep_planning = Department.create(
            {"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "company_id": cls.company.id}
        )
        cls.dep_industry = Department.create(
            {"name": "Phòng Quản lý Công nghiệp", "company_id": cls.company.id}
        )
        cls.dep_trade = Department.create(
            {"name": "Phòng Quản lý Thương mại", "company_id": cls.company.id}
        )
        cls.coordinator = new_test_user(
            env,
            login="pd_coordinator",
            groups="cchc_outreach.group_cchc_coordinator",
            name="Trần Thị Điều Phối",
        )
        cls.staff = new_test_user(
            env, login="pd_staff", groups="cchc_outreach.group_cchc_user", name="Lê Văn Nhân Viên"
        )
        env["hr.employee"].create(
            {
                "name": "Lê Văn Nhân Viên",
                "user_id": cls.staff.id,
                "department_id": cls.dep_trade.id,
                "company_id": cls.company.id,
            }
        )
        cls.signer = env["hr.employee"].create(
            {"name": "Nguyễn Văn Ký", "company_id": cls.company.id}
        )
        cls.plan = env["cchc.plan"].create(
            {
                "name": "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2026",
                "year": 2026,
                "company_id": cls.company.id,
                "coordinating_department_id": cls.dep_planning.id,
                "user_id": cls.coordinator.id,
                "signer_employee_id": cls.signer.id,
                "signer_authority": "kt",
                "signer_principal_title": "Giám đốc",
                "signer_title": "Phó Giám đốc",
                # The body as seed 000 writes it: its headings, its sub-headings in the
                # text, generated blocks where the office wants them.
                "section_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Mục tiêu và yêu cầu",
                            "body": "<p><strong>1. Mục tiêu</strong></p>"
                            "<p>Nâng cao nhận thức của cán bộ, công chức, viên chức.</p>"
                            "<p><strong>2. Yêu cầu</strong></p>"
                            "<p>Bảo đảm tính tương tác hai chiều với người dân.</p>",
                            "block": "targets",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "NỘI DUNG, HÌNH THỨC VÀ ĐỐI TƯỢNG TUYÊN TRUYỀN",
                            "block": "audience_lines",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "KINH PHÍ THỰC HIỆN",
                            "body": "<p>Kinh phí do ngân sách Nhà nước bảo đảm.</p>",
                            "block": "budget",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "TỔ CHỨC THỰC HIỆN",
                            "body": "<ol><li>Các phòng, đơn vị triển khai theo chức năng.</li>"
                            "<li>Văn phòng Sở tổng hợp, báo cáo.</li></ol>",
                            "block": "units",
                        }
                    ),
                ],
                "legal_basis_ids": [
                    Command.create(
                        {
                            "kind": "basis",
                            "doc_type": "nq",
                            "number": "76/NQ-CP",
                            "date": date(2021, 7, 15),
                            "issuer": "Chính phủ",
                            "name": "Ban hành Chương trình tổng thể cải cách hành chính "
                            "nhà nước giai đoạn 2021-2030",
                        }
                    ),
                    Command.create(
                        {
                            "kind": "implements",
                            "doc_type": "kh",
                            "number": "51/KH-UBND",
                            "date": date(2026, 1, 30),
                            "issuer": "UBND tỉnh",
                            "name": "Thông tin, tuyên truyền cải cách hành chính năm 2026",
                        }
                    ),
                ],
                "target_ids": [
                    Command.create(
                        {
                            "name": "Hồ sơ trực tuyến toàn trình",
                            "comparator": ">=",
                            "target_value": 80,
                            "unit": "%",
                            "actual_value": 83,
                            "actual_recorded": True,
                        }
                    ),
                ],
                "recipient_ids": [
                    Command.create({"name": "UBND tỉnh", "purpose": "report"}),
                    Command.create({"name": "Sở Nội vụ", "purpose": "info"}),
                    Command.create({"name": "Các phòng, đơn vị", "purpose": "execute"}),
                    Command.create({"name": "VT, KH", "purpose": "archive"}),
                ],
            }
        )
        rows = [
            (
                "Đăng tin, bài về cải cách hành chính trên Trang thông tin điện tử",
                "24 tin, bài",
                cls.dep_office,
                cls.dep_planning,
                date(2026, 12, 15),
                12_000_000,
            ),
            (
                "Phát hành Bản tin Công Thương có chuyên mục cải cách hành chính",
                "04 số Bản tin",
                cls.dep_office,
                cls.dep_industry | cls.dep_trade,
                date(2026, 12, 15),
                40_000_000,
            ),
            (
                "Cập nhật Sổ tay điện tử thủ tục hành chính",
                "Sổ tay cập nhật",
                cls.dep_planning,
                cls.dep_office,
                date(2026, 6, 30),
                0,
            ),
            (
                "Lớp huấn luyện an toàn và môi trường có lồng ghép nội dung cải cách hành chính",
                "02 lớp, 150 học viên",
                cls.dep_industry,
                cls.dep_planning,
                date(2026, 9, 30),
                60_000_000,
            ),
            (
                "Hội nghị gặp gỡ doanh nghiệp, thương nhân tháo gỡ vướng mắc thủ tục hành chính",
                "01 hội nghị",
                cls.dep_trade,
                cls.dep_office,
                date(2026, 11, 30),
                30_000_000,
            ),
            (
                "Niêm yết công khai thủ tục hành chính tại Bộ phận một cửa",
                "Danh mục niêm yết",
                cls.dep_office,
                Department,
                date(2026, 3, 31),
                0,
            ),
            (
                "Lồng ghép nội dung cải cách hành chính trong sinh hoạt Đoàn thể",
                "Biên bản",
                cls.dep_office,
                cls.dep_planning,
                date(2026, 12, 15),
                0,
            ),
            (
                "Báo cáo kết quả thông tin, tuyên truyền định kỳ",
                "Báo cáo quý, 6 tháng, năm",
                cls.dep_planning,
                cls.dep_office | cls.dep_industry | cls.dep_trade,
                date(2026, 12, 14),
                0,
            ),
        ]
        Task = env["cchc.task"]
        cls.tasks = Task
        for index, (name, product, lead, cooperating, deadline, budget) in enumerate(rows, 1):
            cls.tasks |= Task.create(
                {
                    "plan_id": cls.plan.id,
                    "sequence": index,
                    "name": name,
                    "product_description": product,
                    "lead_department_id": lead.id,
                    "cooperating_department_ids": [Command.set(cooperating.ids)],
                    "date_deadline": deadline,
                    "budget_estimate": budget,
                }
            )
        cls.cancelled_task = Task.create(
            {
                "plan_id": cls.plan.id,
                "sequence": 99,
                "name": "Nhiệm vụ đã hủy không được in",
                "lead_department_id": cls.dep_trade.id,
            }
        )
        with trusted():
            cls.cancelled_task.sudo().write({"state": "cancelled"})

    @classmethod
    def issue_plan(cls, plan, number="7/KH-SCT", day=date(2026, 2, 7)):
        """Issued as the director would, without the workflow's checks."""
        with trusted():
            plan.sudo().write({"state": "issued", "number": number, "issue_date": day})

    def render_plan_pdf(self, plan, user=None):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if user:
            report = report.with_user(user)
        pdf, report_type = report._render_qweb_pdf(PLAN_REPORT, plan.ids)
        self.assertEqual(report_type, "pdf")
        return pdf
