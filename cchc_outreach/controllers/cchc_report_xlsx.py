from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CchcReportXlsxController(http.Controller):
    @http.route(
        "/cchc/report/<int:report_id>/report.xlsx", type="http", auth="user", methods=["GET"]
    )
    def cchc_report_xlsx(self, report_id, **kwargs):
        """The periodic report as an Excel workbook, for users who may read it."""
        report = request.env["cchc.report"].browse(report_id).exists()
        if not report:
            raise request.not_found()
        report.check_access("read")
        content = report._cchc_report_xlsx()
        label = (report.number or report.name or str(report.id)).replace("/", "-")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(f"Bao cao {label}.xlsx")),
            ],
        )
