import io
from collections import OrderedDict

from odoo import api, models

from .cchc_document_mixin import PDF_PART, _is_wkhtmltopdf_patched

POSTER_REPORT = "cchc_outreach.report_cchc_feedback_poster"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _cchc_is_document(self):
        """An official document of this addon: its model inherits cchc.document.mixin.

        Such reports get the bare layout, no wkhtmltopdf header/footer and the
        post-processing of the mixin; every other report prints as Odoo prints it.
        """
        self.ensure_one()
        return (
            bool(self.report_name)
            and self.report_name.startswith("cchc_outreach.")
            and self.model in self.env
            and hasattr(self.env[self.model], "_cchc_pdf_postprocess")
        )

    def _cchc_bare_layout(self):
        """The layout of a report that carries its own inline style, or None.

        CCHC documents and the feedback poster print on a bare layout without asset
        bundles and without wkhtmltopdf header or footer: wkhtmltopdf then loads nothing
        over HTTP, which makes printing faster and the printed form the same on every
        server (and inside a test, where no worker serves the assets).
        """
        if len(self) != 1:
            return None
        if self.report_name == POSTER_REPORT:
            return "cchc_outreach.report_cchc_feedback_poster_layout"
        if self._cchc_is_document():
            return "cchc_outreach.report_cchc_minimal_layout"
        return None

    def _get_layout(self):
        layout = self._cchc_bare_layout()
        if layout:
            return self.env.ref(layout, raise_if_not_found=False)
        return super()._get_layout()

    @api.model
    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        """CCHC documents run no script: no need to wait for one (saves 1 s a part).

        An unpatched wkhtmltopdf ignores --disable-smart-shrinking with a warning on
        every print: the switch is left out there.
        """
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if PDF_PART.get():
            if "--javascript-delay" in args:
                args[args.index("--javascript-delay") + 1] = "10"
            if "--disable-smart-shrinking" in args and not _is_wkhtmltopdf_patched():
                args.remove("--disable-smart-shrinking")
        return args

    def _prepare_html(self, html, report_model=False):
        """No wkhtmltopdf header or footer on a bare layout: CCHC documents are stamped
        after (cchc.document.mixin), the poster has none."""
        result = super()._prepare_html(html, report_model=report_model)
        if result and self._cchc_bare_layout():
            bodies, res_ids, _header, _footer, specific_paperformat_args = result
            return bodies, res_ids, None, None, specific_paperformat_args
        return result

    def retrieve_attachment(self, record):
        """A CCHC document is found by the link its record keeps, never by file name
        (any later upload with the same name would shadow it)."""
        if record._name in self.env and hasattr(record, "_cchc_stored_document"):
            if self.report_name and self.report_name.startswith("cchc_outreach."):
                return record._cchc_stored_document(self) or None
        return super().retrieve_attachment(record)

    def _prepare_pdf_report_attachment_vals_list(self, report, streams):
        """CCHC documents store their issued file themselves (the issue action)."""
        if report._cchc_is_document():
            return []
        return super()._prepare_pdf_report_attachment_vals_list(report, streams)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Let CCHC documents finish their PDF (appendix, page numbers, QR code).

        Each record is rendered on its own, then handed to its
        ``_cchc_pdf_postprocess`` (see ``cchc.document.mixin``): wkhtmltopdf cannot
        switch to landscape in the middle of a document, and the page numbers and
        the QR code are stamped on the finished pages. A document kept as issued
        (``_cchc_stored_document``) is returned as it was stored, whatever the context.
        """
        report = self._get_report(report_ref)
        if PDF_PART.get() or not res_ids or not report._cchc_is_document():
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        model = self.env[report.model]
        streams = OrderedDict()
        for res_id in dict.fromkeys(res_ids):
            stored = model.browse(res_id)._cchc_stored_document(report)
            if stored:
                streams[res_id] = {"stream": io.BytesIO(stored.raw), "attachment": stored}
                continue
            token = PDF_PART.set(True)
            try:
                parts = super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), res_ids=[res_id]
                )
            finally:
                PDF_PART.reset(token)
            stream_data = parts.get(res_id) or parts.get(False)
            content = stream_data["stream"].getvalue()
            stream_data["stream"].close()
            content = model.browse(res_id)._cchc_pdf_postprocess(report, content)
            streams[res_id] = {"stream": io.BytesIO(content), "attachment": None}
        return streams
