from odoo import fields, models

from .cchc_report import REPORT_STATES


class CchcReportDepartmentLine(models.Model):
    """A provincial report's line per department: what the department's own report for
    the same period says (figures, difficulties and proposals quoted), or that none was
    submitted. A snapshot: the department's report itself stays in its company.
    """

    _name = "cchc.report.department.line"
    _inherit = ["cchc.report.line.mixin"]
    _description = "CCHC Report: Department Report Compiled by the Province"
    _order = "report_id, sequence, id"

    department_company_id = fields.Many2one("res.company", string="Department")
    department_name = fields.Char(required=True)
    source_report_id = fields.Many2one("cchc.report", string="Department Report")
    source_number = fields.Char(string="Report Number")
    source_state = fields.Selection(REPORT_STATES, string="Report Status")
    task_count = fields.Integer(string="Tasks")
    task_done_count = fields.Integer(string="Done")
    task_late_count = fields.Integer(string="Late")
    output_count = fields.Integer(string="Outputs")
    feedback_received_count = fields.Integer(string="Feedback Received")
    feedback_on_time_count = fields.Integer(string="Answered on Time")
    feedback_late_count = fields.Integer(string="Feedback Late")
    difficulties = fields.Html(sanitize=True)
    proposals = fields.Html(sanitize=True)
