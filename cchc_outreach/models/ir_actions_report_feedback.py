from odoo import models

POSTER_REPORT = "cchc_outreach.report_cchc_feedback_poster"


# Kept apart from the core file of this model: the feedback feature owns this one.
# pylint: disable=consider-merging-classes-inherited
class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """The feedback poster carries its own inline style: a bare layout.

        wkhtmltopdf then loads no asset bundle over HTTP, so the poster prints the
        same on every server (and inside a test, where no worker serves them).
        """
        if len(self) == 1 and self.report_name == POSTER_REPORT:
            return self.env.ref(
                "cchc_outreach.report_cchc_feedback_poster_layout", raise_if_not_found=False
            )
        return super()._get_layout()

    def _prepare_html(self, html, report_model=False):
        """No wkhtmltopdf header or footer on the poster."""
        result = super()._prepare_html(html, report_model=report_model)
        if len(self) == 1 and self.report_name == POSTER_REPORT and result:
            bodies, res_ids, _header, _footer, specific_paperformat_args = result
            return bodies, res_ids, None, None, specific_paperformat_args
        return result
