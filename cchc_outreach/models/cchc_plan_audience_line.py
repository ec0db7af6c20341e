from odoo import fields, models

from .cchc_workflow_mixin import FROZEN_WITH_PLAN


class CchcPlanAudienceLine(models.Model):
    _name = "cchc.plan.audience.line"
    _description = "CCHC Plan Per-audience Section"
    _order = "plan_id, sequence, id"
    _inherit = ["cchc.workflow.mixin"]
    # Frozen with its plan from submission on (cchc.workflow.mixin).
    _cchc_state_field = None
    _cchc_freeze_rules = FROZEN_WITH_PLAN
    _check_company_auto = True

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    audience_id = fields.Many2one("cchc.audience", required=True)
    content_ids = fields.Many2many("cchc.content", string="Contents")
    channel_ids = fields.Many2many("cchc.channel", string="Channels", check_company=True)
    content_note = fields.Html(string="Contents (text)")
    channel_note = fields.Html(string="Forms and Channels (text)")
