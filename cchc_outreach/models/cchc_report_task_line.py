from odoo import fields, models

from .cchc_task import TASK_STATES

REPORT_TASK_STATES = [(key, label) for key, label in TASK_STATES if key != "cancelled"]


class CchcReportTaskLine(models.Model):
    _name = "cchc.report.task.line"
    _inherit = ["cchc.report.line.mixin"]
    _description = "CCHC Report: Task Result"
    _order = "report_id, sequence, id"

    task_id = fields.Many2one("cchc.task", ondelete="set null", index="btree_not_null")
    name = fields.Char(string="Task Name", required=True)
    lead_department_id = fields.Many2one("hr.department", ondelete="set null")
    lead_department_name = fields.Char(string="Lead Unit")
    status = fields.Selection(
        REPORT_TASK_STATES,
        required=True,
        help="Status of the task at the end of the period (a task completed after the "
        "period counts as in progress).",
    )
    date_deadline = fields.Date(string="Deadline")
    completion_date = fields.Date()
    is_late = fields.Boolean(
        string="Late",
        help="Its deadline passed before the end of the period (or today) and it was not "
        "completed by its deadline.",
    )
    product_description = fields.Char(string="Expected Product")
    output_count = fields.Integer(string="Outputs", help="Outputs recorded in the period.")
    output_summary = fields.Text(string="Outputs per Channel")
    evidence_links = fields.Text(string="Links")
    evidence_count = fields.Integer(string="Evidence Files")
    result_text = fields.Text(string="Results")
