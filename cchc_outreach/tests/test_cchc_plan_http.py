import io

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged

from .common import PlanDocumentCommon


@tagged("post_install", "-at_install")
class TestCchcPlanHttp(PlanDocumentCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.issue_plan(cls.plan)

    def test_verification_page_shows_only_public_facts(self):
        """The QR link shows number, date, issuer, title and state, and nothing else."""
        response = self.url_open(f"/cchc/verify/plan/{self.plan.access_token}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for expected in (
            "07/KH-SCT",
            "07/02/2026",
            "Sở Công Thương",
            "Thông tin, tuyên truyền cải cách hành chính của Sở Công Thương năm 2026",
            "Đã ban hành",  # the page speaks the print language: Vietnamese, installed
        ):
            self.assertIn(expected, page)
        for secret in (
            "Nguyễn Văn Ký",  # signer
            "Trần Thị Điều Phối",  # responsible coordinator
            "Sở Nội vụ",  # distribution list
            "Nâng cao nhận thức",  # objectives
            "Hồ sơ trực tuyến toàn trình",  # targets
            "76/NQ-CP",  # legal bases
            "Phòng Quản lý Công nghiệp",  # departments
            "40.000.000",  # budget
            "Bản tin Công Thương",  # tasks
            self.plan.access_token[:8] + "x",
        ):
            self.assertNotIn(secret, page)
        for task in self.tasks:
            self.assertNotIn(task.name, page)

    def test_verification_page_draft_is_flagged(self):
        """A plan not yet issued is shown as such: the printed copy is not official."""
        self.plan = self.env["cchc.plan"].create(
            {"name": "TST Draft plan with a QR code", "year": 2026, "company_id": self.company.id}
        )
        page = self.url_open(f"/cchc/verify/plan/{self.plan.access_token}").text
        self.assertIn("Dự thảo", page)
        self.assertIn("chưa được ban hành", page)

    def test_verification_wrong_token_is_404(self):
        """Any other token, or none, is not found."""
        token = self.plan.access_token
        wrong = token[:-4] + ("0000" if not token.endswith("0000") else "1111")
        for path in (
            f"/cchc/verify/plan/{wrong}",
            "/cchc/verify/plan/short",
            f"/cchc/verify/plan/{token.upper()}x",
        ):
            self.assertEqual(self.url_open(path).status_code, 404, path)

    def test_appendix_xlsx_route(self):
        """Users who may read the plan download its appendix; others get no file."""
        url = f"/cchc/plan/{self.plan.id}/appendix.xlsx"
        response = self.url_open(url, allow_redirects=False)
        self.assertNotEqual(response.status_code, 200, "anonymous visitors get no file")
        self.authenticate("pd_coordinator", "pd_coordinator")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet["B5"].value, "Nhiệm vụ")
        self.assertEqual(sheet["B6"].value, self.tasks[0].name)
        self.assertEqual(self.url_open("/cchc/plan/999999/appendix.xlsx").status_code, 404)

    def test_appendix_xlsx_route_forbidden_outside_the_plan(self):
        """A user whose departments take no part in the plan cannot download it."""
        new_test_user(self.env, login="pd_outsider", groups="cchc_outreach.group_cchc_user")
        self.authenticate("pd_outsider", "pd_outsider")
        response = self.url_open(f"/cchc/plan/{self.plan.id}/appendix.xlsx")
        self.assertEqual(response.status_code, 403)
