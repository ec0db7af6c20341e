"""Public pages of citizen feedback (PAKN), served without the website app.

``/pakn``            the feedback form (GET) — reached by the QR code of the poster
``/pakn/gui``        its submission (POST, CSRF-protected)
``/pakn/tra-cuu``    lookup by reference + lookup code, phone or e-mail (GET form, POST)
``/pakn/tra-loi``    published answers, searchable

Each page serves one company whose public form is enabled (``?company=<id>``, or the
only enabled one; with several, a page to choose); an unknown or disabled company is a
404 page, never another company's form. Pages render in Vietnamese when the language is
installed. No page ever shows the sender's personal data; the lookup answers the same
way for an unknown reference, a wrong code and a wrong contact, and failed lookups are
limited per address and per reference (cchc.feedback.lookup.attempt).
"""

import logging

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.cchc_feedback import CONTENT_CLASSES, FEEDBACK_KINDS, SENDER_TYPES

_logger = logging.getLogger(__name__)

# Fields of the form in page order: the first invalid one gets the focus.
FOCUS_ORDER = (
    "kind",
    "subject",
    "content_class",
    "description",
    "attachments",
    "sender_type",
    "sender_name",
    "sender_address",
    "contact",
    "sender_phone",
    "sender_email",
    "consent",
)
FORM_FIELDS = (
    "kind",
    "sender_type",
    "sender_name",
    "sender_address",
    "sender_phone",
    "sender_email",
    "subject",
    "content_class",
    "description",
    "consent",
)
HONEYPOT_FIELD = "website"
ANSWERS_PER_PAGE = 20
# Hard ceiling on the request body; the per-file limits are company settings.
MAX_REQUEST_BYTES = 130 * 1024 * 1024


class CchcFeedbackPortal(http.Controller):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _cchc_resolve_company(self, company_id, path):
        """``(company, response)``: the enabled company the page serves, or the page to
        send instead (404 for an unknown or disabled company, or when no company enables
        the form; the choice between the enabled companies when none is asked for)."""
        enabled = request.env["res.company"].sudo()._cchc_feedback_public_companies()
        if company_id not in (None, ""):
            value = str(company_id)
            if value.isdigit() and len(value) < 10 and int(value) in enabled.ids:
                return enabled.browse(int(value)), None
            return None, self._cchc_not_found(enabled)
        if len(enabled) == 1:
            return enabled, None
        if not enabled:
            return None, self._cchc_not_found(enabled)
        return None, self._cchc_choose(enabled, path)

    def _cchc_page_values(self, company):
        lang = company._cchc_feedback_public_lang()
        request.update_context(lang=lang)
        return {
            "company": company.with_context(lang=lang),
            "company_param": "",
            "hotline": "",
            "html_data": {"lang": lang.replace("_", "-")},
            "no_header": True,
            "no_footer": True,
        }

    def _cchc_not_found(self, enabled):
        values = self._cchc_page_values(request.env["res.company"].sudo().browse())
        values.update(company=None, companies=enabled, path="/pakn")
        return request.render("cchc_outreach.cchc_feedback_unknown_page", values, status=404)

    def _cchc_choose(self, enabled, path):
        values = self._cchc_page_values(enabled[:1])
        values.update(company=None, companies=enabled, path=path)
        return request.render("cchc_outreach.cchc_feedback_choose_page", values)

    @staticmethod
    def _cchc_company_arg(kwargs):
        """``company`` (or the ``c`` of posters printed before) from the query string."""
        value = kwargs.get("company", kwargs.get("c"))
        return value if isinstance(value, str) else None

    def _cchc_set_lang(self, company):
        lang = company._cchc_feedback_public_lang()
        request.update_context(lang=lang)
        return lang

    def _cchc_values(self, company, **values):
        lang = self._cchc_set_lang(company)
        env = request.env
        base = {
            "company": company.with_context(lang=lang),
            "company_param": f"?company={company.id}",
            "hotline": company.cchc_feedback_hotline or "",
            "html_data": {"lang": lang.replace("_", "-")},
            "no_header": True,
            "no_footer": True,
            "kinds": self._cchc_selection(env, "kind", FEEDBACK_KINDS),
            "sender_types": self._cchc_selection(env, "sender_type", SENDER_TYPES),
            "content_classes": self._cchc_selection(env, "content_class", CONTENT_CLASSES),
            "max_files": company.cchc_feedback_max_files,
            "max_file_mb": company.cchc_feedback_max_file_mb,
        }
        base.update(values)
        return base

    def _cchc_selection(self, env, field_name, default):
        field = env["cchc.feedback"]._fields[field_name]
        return field._description_selection(env) or default

    def _cchc_client_ip(self):
        return request.httprequest.remote_addr or ""

    # ------------------------------------------------------------------
    # Form
    # ------------------------------------------------------------------
    @http.route("/pakn", type="http", auth="public", methods=["GET"], sitemap=False)
    def cchc_feedback_form(self, **kwargs):
        company, response = self._cchc_resolve_company(self._cchc_company_arg(kwargs), "/pakn")
        if response:
            return response
        values = self._cchc_values(company, form={}, errors={}, first_error=None)
        return request.render("cchc_outreach.cchc_feedback_form_page", values)

    @http.route(
        "/pakn/gui",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
        max_content_length=MAX_REQUEST_BYTES,
    )
    def cchc_feedback_submit(self, **kwargs):
        form = request.httprequest.form
        company_id = form.get("company_id")
        company, response = self._cchc_resolve_company(company_id or "0", "/pakn")
        if response:
            return response
        env = request.env
        Feedback = env["cchc.feedback"].sudo()
        posted = {
            name: value if isinstance(value := form.get(name), str) else "" for name in FORM_FIELDS
        }

        if form.get(HONEYPOT_FIELD):
            values = self._cchc_values(company, form=posted, errors={})
            return request.render(
                "cchc_outreach.cchc_feedback_refused_page",
                dict(values, reason="honeypot"),
                status=400,
            )

        ip_hash = Feedback._cchc_hash_client_ip(self._cchc_client_ip())
        if Feedback._cchc_rate_limited(company, ip_hash):
            values = self._cchc_values(company, form=posted, errors={})
            return request.render(
                "cchc_outreach.cchc_feedback_refused_page",
                dict(
                    values,
                    reason="rate_limit",
                    minutes=company.cchc_feedback_rate_limit_minutes,
                    count=company.cchc_feedback_rate_limit_count,
                ),
                status=429,
            )

        max_bytes = company.cchc_feedback_max_file_mb * 1024 * 1024
        files = []
        for storage in request.httprequest.files.getlist("attachments"):
            if not storage or not storage.filename:
                continue
            # Read one byte more than allowed: enough to know the file is too big.
            files.append((storage.filename, storage.stream.read(max_bytes + 1)))
            if len(files) > company.cchc_feedback_max_files:
                break
        # Validate in the sender's language: the messages are for them.
        lang = self._cchc_set_lang(company)
        clean, attachments, errors = Feedback.with_context(lang=lang)._cchc_validate_public_form(
            posted, files, company
        )
        if not errors:
            try:
                with env.cr.savepoint():
                    feedback, lookup_code = Feedback._cchc_create_from_public_form(
                        clean, attachments, company, ip_hash
                    )
            except (UserError, ValidationError) as error:
                _logger.info("Public feedback refused by a model check: %s", error)
                errors = {"form": str(error.args[0]) if error.args else ""}
        if errors:
            # In page order: the summary reads like the form, the first one gets the focus.
            order = {name: index for index, name in enumerate(FOCUS_ORDER)}
            items = sorted(errors.items(), key=lambda item: order.get(item[0], len(order)))
            values = self._cchc_values(
                company, form=posted, errors=errors, error_items=items, first_error=items[0][0]
            )
            return request.render("cchc_outreach.cchc_feedback_form_page", values, status=400)
        values = self._cchc_values(
            company,
            code=feedback.name,
            lookup_code=lookup_code,
            answer_deadline=feedback.answer_deadline,
            date_due=feedback.date_due,
        )
        return request.render("cchc_outreach.cchc_feedback_success_page", values)

    # ------------------------------------------------------------------
    # Lookup
    # ------------------------------------------------------------------
    @http.route("/pakn/tra-cuu", type="http", auth="public", methods=["GET"], sitemap=False)
    def cchc_feedback_lookup_form(self, **kwargs):
        company, response = self._cchc_resolve_company(
            self._cchc_company_arg(kwargs), "/pakn/tra-cuu"
        )
        if response:
            return response
        values = self._cchc_values(company, searched=False, code="", feedback=None, limited=False)
        return request.render("cchc_outreach.cchc_feedback_lookup_page", values)

    @http.route(
        "/pakn/tra-cuu",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        sitemap=False,
    )
    def cchc_feedback_lookup(self, **kwargs):
        form = request.httprequest.form
        company, response = self._cchc_resolve_company(
            form.get("company_id") or "0", "/pakn/tra-cuu"
        )
        if response:
            return response

        def text(*names):
            for name in names:
                if isinstance(value := form.get(name), str) and value:
                    return value
            return ""

        reference = text("reference", "code")
        secret = text("secret", "contact")
        Feedback = request.env["cchc.feedback"].sudo()
        ip_hash = Feedback._cchc_hash_client_ip(self._cchc_client_ip())
        feedback, limited = Feedback._cchc_public_lookup(reference, secret, company, ip_hash)
        values = self._cchc_values(
            company, searched=True, code=reference[:64], feedback=None, limited=limited
        )
        if feedback:
            lang = values["company"].env.context.get("lang")
            feedback = feedback.with_context(lang=lang)
            states = dict(feedback._fields["state"]._description_selection(feedback.env))
            values["feedback"] = {
                "name": feedback.name,
                "subject": feedback.subject,
                "received_date": feedback.received_date,
                "state": states.get(feedback.state, feedback.state),
                "state_key": feedback.state,
                "department": feedback.department_id.name or "",
                "answer_deadline": feedback.answer_deadline,
                "date_due": feedback.date_due,
                "is_published": feedback.is_published,
                "public_answer": feedback.public_answer if feedback.is_published else "",
                "answer_date": feedback.answer_date,
            }
        return request.render(
            "cchc_outreach.cchc_feedback_lookup_page", values, status=429 if limited else 200
        )

    # ------------------------------------------------------------------
    # Published answers
    # ------------------------------------------------------------------
    @http.route("/pakn/tra-loi", type="http", auth="public", methods=["GET"], sitemap=False)
    def cchc_feedback_answers(self, q=None, page=None, **kwargs):
        company, response = self._cchc_resolve_company(
            self._cchc_company_arg(kwargs), "/pakn/tra-loi"
        )
        if response:
            return response
        q = (q if isinstance(q, str) else "").strip()[:100]
        page = int(page) if isinstance(page, str) and page.isdigit() and len(page) < 6 else 1
        page = max(page, 1)
        domain = [
            ("is_published", "=", True),
            ("active", "=", True),
            ("company_id", "=", company.id),
        ]
        if q:
            domain += [
                "|",
                "|",
                "|",
                ("name", "ilike", q),
                ("subject", "ilike", q),
                ("public_summary", "ilike", q),
                ("public_answer", "ilike", q),
            ]
        values = self._cchc_values(company)
        lang = values["company"].env.context.get("lang")
        Feedback = request.env["cchc.feedback"].sudo().with_context(lang=lang)
        total = Feedback.search_count(domain)
        records = Feedback.search(
            domain,
            order="published_date desc, id desc",
            limit=ANSWERS_PER_PAGE,
            offset=(page - 1) * ANSWERS_PER_PAGE,
        )
        kinds = dict(Feedback._fields["kind"]._description_selection(Feedback.env))
        classes = dict(Feedback._fields["content_class"]._description_selection(Feedback.env))
        # Only what may be public: never the sender, never the original content.
        answers = [
            {
                "name": record.name,
                "kind": kinds.get(record.kind, ""),
                "content_class": classes.get(record.content_class, ""),
                "question": record.public_summary or record.subject,
                "answer": record.public_answer,
                "department": record.department_id.name or "",
                "published_date": record.published_date,
            }
            for record in records
        ]
        page_count = max((total + ANSWERS_PER_PAGE - 1) // ANSWERS_PER_PAGE, 1)

        def page_url(number):
            query = {"page": number}
            if q:
                query["q"] = q
            query["company"] = company.id
            return "/pakn/tra-loi?" + url_encode(query)

        values.update(
            answers=answers,
            q=q,
            page=page,
            page_count=page_count,
            total=total,
            prev_url=page_url(page - 1),
            next_url=page_url(page + 1),
        )
        return request.render("cchc_outreach.cchc_feedback_answers_page", values)
