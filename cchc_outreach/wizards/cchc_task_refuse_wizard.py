from odoo import fields, models


class CchcTaskRefuseWizard(models.TransientModel):
    _name = "cchc.task.refuse.wizard"
    _description = "Refuse a CCHC Task's Completion"

    task_ids = fields.Many2many("cchc.task", string="Tasks", required=True)
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.task_ids.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
