from odoo import api, models
from odoo.exceptions import UserError

from .cchc_workflow_mixin import is_trusted

# What makes an attachment the file it is: never changed once it is an issued document.
_CONTENT_FIELDS = frozenset(
    {
        "raw",
        "datas",
        "db_datas",
        "store_fname",
        "checksum",
        "file_size",
        "mimetype",
        "type",
        "url",
        "name",
        "res_model",
        "res_id",
        "res_field",
    }
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _cchc_issued_plans(self):
        """Plans whose issued document is one of these attachments."""
        if not self.ids:
            return self.env["cchc.plan"]
        return (
            self.env["cchc.plan"]
            .sudo()
            .with_context(active_test=False)
            .search([("issued_pdf_id", "in", self.ids)])
        )

    def write(self, vals):
        if _CONTENT_FIELDS & set(vals) and not is_trusted():
            plans = self._cchc_issued_plans()
            if plans:
                raise UserError(
                    self.env._(
                        "This file is the issued document of plan %(plan)s: it is kept as "
                        "it was issued and cannot be changed.",
                        plan=plans[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_cchc_issued_document(self):
        plans = self._cchc_issued_plans()
        if plans:
            raise UserError(
                self.env._(
                    "This file is the issued document of plan %(plan)s: it cannot be deleted.",
                    plan=plans[0].display_name,
                )
            )
