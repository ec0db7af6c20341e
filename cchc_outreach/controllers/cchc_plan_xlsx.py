from odoo import http
from odoo.http import request

from .cchc_xlsx_common import xlsx_download


class CchcPlanXlsxController(http.Controller):
    @http.route("/cchc/plan/<int:plan_id>/appendix.xlsx", type="http", auth="user", methods=["GET"])
    def cchc_plan_appendix_xlsx(self, plan_id, **kwargs):
        """The plan's appendix as an Excel sheet, for users who may read the plan."""
        document = request.env["report.cchc_outreach.report_cchc_plan"]
        return xlsx_download("cchc.plan", plan_id, document._cchc_xlsx, "Phu luc")
