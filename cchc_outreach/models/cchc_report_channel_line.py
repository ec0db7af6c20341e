from odoo import fields, models

from .cchc_task_output import OUTPUT_METRICS


class CchcReportChannelLine(models.Model):
    _name = "cchc.report.channel.line"
    _inherit = ["cchc.report.line.mixin"]
    _description = "CCHC Report: Outputs per Channel"
    _order = "report_id, sequence, id"

    channel_id = fields.Many2one("cchc.channel", ondelete="set null")
    channel_name = fields.Char(required=True)
    metric = fields.Selection(OUTPUT_METRICS, required=True)
    quantity = fields.Float(digits=(16, 0))
    output_count = fields.Integer(string="Outputs")
    task_count = fields.Integer(string="Tasks")
