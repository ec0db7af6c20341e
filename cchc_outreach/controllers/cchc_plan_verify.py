from odoo import http
from odoo.http import content_disposition, request


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
        verification token is given, and, once issued, the SHA-256 of the document as
        issued with a link to download that exact file; any other token is a 404.
        """
        plan = self._cchc_plan_by_token(token)
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
            "sha256": plan.issued_pdf_sha256 or "",
            "download_url": f"/cchc/verify/plan/{token}/document.pdf" if plan.issued_pdf_id else "",
            "no_header": True,
            "no_footer": True,
        }
        return request.render("cchc_outreach.cchc_plan_verify_page", values)

    @http.route(
        "/cchc/verify/plan/<string:token>/document.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def cchc_plan_verify_document(self, token, **kwargs):
        """The issued document itself, byte for byte as stored when the plan was issued."""
        plan = self._cchc_plan_by_token(token)
        attachment = plan.issued_pdf_id
        if not attachment:
            raise request.not_found()
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", content_disposition(attachment.name)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

    @staticmethod
    def _cchc_plan_by_token(token):
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
        return plan
