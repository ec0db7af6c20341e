from odoo import fields, models

from .cchc_workflow_mixin import ALL


class CchcReportLineMixin(models.AbstractModel):
    """Snapshot lines of a periodic report: written only by its compilation.

    Users never create, change or remove them (cchc.workflow.mixin: every field is
    protected); a report that left the draft state keeps its lines, whoever asks.
    """

    _name = "cchc.report.line.mixin"
    _description = "CCHC Report Snapshot Line"
    _inherit = ["cchc.workflow.mixin"]
    _cchc_state_field = None
    _cchc_protected_fields = ALL
    _cchc_freeze_rules = (("report_id.state", ("submitted", "consolidated", "approved"), ALL),)

    report_id = fields.Many2one("cchc.report", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
