from odoo import api, models


class CchcDocumentReport(models.AbstractModel):
    """What an official document's report model shares: each document's values computed
    in its print language (``_cchc_report_lang``), handed to the QWeb template as
    ``cchc_values[doc.id]``. A document's report model names its model
    (``_cchc_doc_model``) and computes its values (``_cchc_values(doc)``)."""

    _name = "cchc.document.report"
    _description = "CCHC Official Document: Printed Values"
    _cchc_doc_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._cchc_doc_model].browse(docids)
        values = {}
        for doc in docs:
            lang = doc._cchc_report_lang()
            values[doc.id] = self.with_context(lang=lang)._cchc_values(doc.with_context(lang=lang))
        return {
            "doc_ids": docids,
            "doc_model": self._cchc_doc_model,
            "docs": docs,
            "cchc_values": values,
        }

    def _cchc_values(self, doc):
        raise NotImplementedError
