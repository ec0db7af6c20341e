from odoo import fields, models

# Channels of cchc.feedback, with a fallback for any channel added later.
FEEDBACK_CHANNELS = [
    ("web_form", "Web form"),
    ("national_portal", "National public service portal"),
    ("hotline_1022", "Hotline 1022"),
    ("email", "E-mail"),
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("zalo", "Zalo"),
    ("other", "Other"),
]


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
