from odoo import fields, models

from .cchc_plan_target import COMPARATORS


class CchcReportTargetLine(models.Model):
    _name = "cchc.report.target.line"
    _inherit = ["cchc.report.line.mixin"]
    _description = "CCHC Report: Target and Actual"
    _order = "report_id, sequence, id"

    target_id = fields.Many2one("cchc.plan.target", string="Plan Target", ondelete="set null")
    name = fields.Char(string="Indicator", required=True)
    comparator = fields.Selection(COMPARATORS, required=True, default=">=")
    target_value = fields.Float(string="Target", digits=(16, 2))
    unit = fields.Char()
    actual_value = fields.Float(string="Actual", digits=(16, 2))
    actual_recorded = fields.Boolean(string="Actual Known")
    achieved = fields.Boolean()
    source = fields.Char()
