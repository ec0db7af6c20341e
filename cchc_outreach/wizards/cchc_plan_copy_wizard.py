from odoo import api, fields, models


class CchcPlanCopyWizard(models.TransientModel):
    _name = "cchc.plan.copy.wizard"
    _description = "Copy a CCHC Plan to Another Year"

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade")
    year = fields.Integer(
        compute="_compute_year", store=True, readonly=False, required=True, precompute=True
    )
    name = fields.Char(
        string="Title of the New Plan",
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    task_count = fields.Integer(string="Tasks to Copy", compute="_compute_task_count")

    @api.depends("plan_id")
    def _compute_year(self):
        for wizard in self:
            wizard.year = wizard.plan_id.year + 1 if wizard.plan_id else 0

    @api.depends("plan_id", "year")
    def _compute_name(self):
        for wizard in self:
            if wizard.plan_id and wizard.year:
                wizard.name = wizard.plan_id._cchc_default_copy_name(wizard.year)

    @api.depends("plan_id")
    def _compute_task_count(self):
        for wizard in self:
            wizard.task_count = len(
                wizard.plan_id.task_ids.filtered(lambda t: t.state != "cancelled")
            )

    def action_copy(self):
        self.ensure_one()
        new_plan = self.plan_id._cchc_copy_to_year(self.year, self.name)
        return {
            "type": "ir.actions.act_window",
            "res_model": "cchc.plan",
            "res_id": new_plan.id,
            "view_mode": "form",
            "target": "current",
        }
