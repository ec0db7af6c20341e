from odoo import api, fields, models
from odoo.exceptions import UserError


class CchcReportLineMixin(models.AbstractModel):
    """Snapshot lines of a periodic report: written only by its compilation.

    A report that left the draft state is frozen: its lines can no longer be
    created, changed or removed, whoever asks.
    """

    _name = "cchc.report.line.mixin"
    _description = "CCHC Report Snapshot Line"

    report_id = fields.Many2one("cchc.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)

    def _check_report_draft(self, reports):
        if self.env.context.get("cchc_report_compile"):
            return
        frozen = reports.filtered(lambda report: report.state != "draft")
        if frozen:
            raise UserError(
                self.env._(
                    "Report '%(report)s' is no longer a draft: its compiled figures are frozen.",
                    report=frozen[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._check_report_draft(lines.report_id)
        return lines

    def write(self, vals):
        self._check_report_draft(self.report_id)
        res = super().write(vals)
        if "report_id" in vals:
            self._check_report_draft(self.report_id)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_report_draft(self):
        self._check_report_draft(self.report_id.exists())
