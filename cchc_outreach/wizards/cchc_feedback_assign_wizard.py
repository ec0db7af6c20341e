from odoo import fields, models


class CchcFeedbackAssignWizard(models.TransientModel):
    _name = "cchc.feedback.assign.wizard"
    _description = "Assign the Handler of a CCHC Feedback"

    feedback_id = fields.Many2one("cchc.feedback", required=True, ondelete="cascade")
    department_id = fields.Many2one(related="feedback_id.department_id")
    company_id = fields.Many2one(related="feedback_id.company_id")
    handler_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False), ('company_ids', 'in', company_id), "
        "('employee_ids.department_id', 'child_of', department_id)]",
        help="An internal user working in the assigned department or one of its sub-departments.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.feedback_id.action_assign_handler(self.handler_id)
        return {"type": "ir.actions.act_window_close"}
