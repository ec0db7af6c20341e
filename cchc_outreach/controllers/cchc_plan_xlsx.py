from odoo import http
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CchcPlanXlsxController(http.Controller):
    @http.route(
        "/cchc/plan/<int:plan_id>/appendix.xlsx", type="http", auth="user", methods=["GET"]
    )
    def cchc_plan_appendix_xlsx(self, plan_id, **kwargs):
        """The plan's appendix as an Excel sheet, for users who may read the plan."""
        plan = request.env["cchc.plan"].browse(plan_id).exists()
        if not plan:
            raise request.not_found()
        plan.check_access("read")
        content = plan._cchc_appendix_xlsx()
        label = (plan.number or plan.name or str(plan.id)).replace("/", "-")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(f"Phu luc {label}.xlsx")),
            ],
        )
