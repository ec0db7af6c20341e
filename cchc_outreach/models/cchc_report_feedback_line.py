from odoo import fields, models

from .cchc_feedback import CHANNELS

# The channels of cchc.feedback, and "other" for a channel another addon adds later.
FEEDBACK_CHANNELS = [*CHANNELS, ("other", "Other")]


class CchcReportFeedbackLine(models.Model):
    _name = "cchc.report.feedback.line"
    _inherit = ["cchc.report.line.mixin"]
    _description = "CCHC Report: Feedback per Channel"
    _order = "report_id, sequence, id"

    channel = fields.Selection(FEEDBACK_CHANNELS, required=True)
    received_count = fields.Integer(string="Received")
    answered_count = fields.Integer(string="Answered")
    on_time_count = fields.Integer(string="Answered on Time")
    answered_late_count = fields.Integer(string="Answered Late")
    pending_count = fields.Integer(string="Being Handled")
    overdue_count = fields.Integer(
        string="Overdue", help="Not answered by the end of the period, past the answer deadline."
    )
    late_count = fields.Integer(string="Late", help="Answered late, or overdue.")
    other_count = fields.Integer(string="Not Accepted / Forwarded")
