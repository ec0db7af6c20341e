from odoo import http
from odoo.http import request

from .cchc_xlsx_common import xlsx_download


class CchcReportXlsxController(http.Controller):
    @http.route(
        "/cchc/report/<int:report_id>/report.xlsx", type="http", auth="user", methods=["GET"]
    )
    def cchc_report_xlsx(self, report_id, **kwargs):
        """The periodic report as an Excel workbook, for users who may read it."""
        document = request.env["report.cchc_outreach.report_cchc_report"]
        return xlsx_download("cchc.report", report_id, document._cchc_xlsx, "Bao cao")
