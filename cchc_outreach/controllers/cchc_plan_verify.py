from odoo import http
from odoo.http import request


class CchcPlanVerifyController(http.Controller):
    @http.route(
        "/cchc/verify/plan/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def cchc_plan_verify(self, token, **kwargs):
        """Public page behind the QR code of a printed plan.

        Shows only the number, date, issuer, title and state of the plan whose
        verification token is given; any other token is a 404.
        """
        if not token or len(token) < 16:
            raise request.not_found()
        plan = (
            request.env["cchc.plan"]
            .sudo()
            .with_context(active_test=False)
            .search([("access_token", "=", token)], limit=1)
        )
        if not plan:
            raise request.not_found()
        lang = plan._cchc_report_lang()
        request.update_context(lang=lang)
        plan = plan.with_context(lang=lang)
        states = dict(plan._fields["state"]._description_selection(plan.env))
        values = {
            "number": plan._cchc_doc_number(plan.number, plan._cchc_doc_symbol())
            if plan.number
            else "",
            "issue_date": plan._cchc_doc_short_date(plan.issue_date),
            "issuer": plan.company_id.name,
            "superior_body": plan.superior_body or "",
            "plan_title": plan.name,
            "state": states.get(plan.state, plan.state),
            "is_valid": plan.state in ("issued", "done") and plan.active,
            "no_header": True,
            "no_footer": True,
        }
        return request.render("cchc_outreach.cchc_plan_verify_page", values)
