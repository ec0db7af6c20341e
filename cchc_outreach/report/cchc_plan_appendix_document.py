from odoo import api, models


class ReportCchcPlanAppendix(models.AbstractModel):
    """The plan's appendix on landscape pages, merged after the plan when printed."""

    _name = "report.cchc_outreach.report_cchc_plan_appendix"
    _inherit = "report.cchc_outreach.report_cchc_plan"
    _description = "CCHC Plan: Printed Appendix"

    @api.model
    def _cchc_values(self, plan):
        """The plan's values, and its appendix rows cut into landscape pages."""
        values = super()._cchc_values(plan)
        values["appendix_pages"] = self._cchc_appendix_pages(
            values["appendix_rows"], values["is_draft"]
        )
        return values
