from odoo import fields, models

from .cchc_workflow_mixin import FROZEN_WITH_PLAN


class CchcPlanLegalBasis(models.Model):
    _name = "cchc.plan.legal.basis"
    _description = "CCHC Plan Legal Basis"
    _order = "plan_id, sequence, id"
    _inherit = ["cchc.workflow.mixin"]
    # Frozen with its plan from submission on (cchc.workflow.mixin).
    _cchc_state_field = None
    _cchc_freeze_rules = FROZEN_WITH_PLAN

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("basis", "Based on (Căn cứ)"),
            ("implements", "Implements (Thực hiện)"),
        ],
        required=True,
        default="basis",
    )
    doc_type = fields.Selection(
        [
            ("kh", "Plan (KH)"),
            ("qd", "Decision (QĐ)"),
            ("nq", "Resolution (NQ)"),
            ("nd", "Decree (NĐ)"),
            ("ct", "Directive (CT)"),
            ("tt", "Circular (TT)"),
            ("ctr", "Programme (CTr)"),
            ("law", "Law"),
            ("cv", "Official letter (CV)"),
            ("other", "Other"),
        ],
        string="Document Type",
        default="kh",
    )
    number = fields.Char(string="Number and Symbol", help="e.g. 51/KH-UBND")
    date = fields.Date()
    issuer = fields.Char(help="e.g. UBND tỉnh Đồng Nai")
    name = fields.Char(string="Title", required=True)
    url = fields.Char(string="Link")
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char()
