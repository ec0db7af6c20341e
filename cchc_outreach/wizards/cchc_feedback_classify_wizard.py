from odoo import api, fields, models

from ..models.cchc_feedback import CLASSIFICATIONS, CONTENT_CLASSES, FEEDBACK_KINDS


class CchcFeedbackClassifyWizard(models.TransientModel):
    _name = "cchc.feedback.classify.wizard"
    _description = "Classify CCHC Feedback"

    feedback_ids = fields.Many2many("cchc.feedback", required=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    classification = fields.Selection(CLASSIFICATIONS, required=True, default="within")
    kind = fields.Selection(FEEDBACK_KINDS)
    content_class = fields.Selection(CONTENT_CLASSES)
    department_id = fields.Many2one(
        "hr.department",
        string="Assigned Department",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    handler_id = fields.Many2one("res.users", domain=[("share", "=", False)])
    forward_to = fields.Char(help="The competent body, e.g. Sở Tài chính tỉnh Đồng Nai.")
    forward_date = fields.Date(default=fields.Date.context_today)
    reason = fields.Text(string="Reason for Not Accepting")

    @api.depends("feedback_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.feedback_ids[:1].company_id or self.env.company

    @api.onchange("department_id")
    def _onchange_department_id(self):
        if self.handler_id and self.department_id:
            employees = self.handler_id.employee_ids
            if self.department_id not in employees.department_id:
                self.handler_id = False

    def action_confirm(self):
        self.ensure_one()
        self.feedback_ids.action_classify(
            self.classification,
            department=self.department_id,
            handler=self.handler_id,
            reason=self.reason,
            forward_to=self.forward_to,
            forward_date=self.forward_date,
            content_class=self.content_class,
            kind=self.kind,
        )
        return {"type": "ir.actions.act_window_close"}
