from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from .cchc_workflow_mixin import FROZEN_WITH_PLAN

_lt = LazyTranslate(__name__)

DOC_TYPES = [
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
]
# How a cited document's type is written in a sentence ("Căn cứ Nghị quyết số …"): the
# label without its symbol. A type not listed is written as its label; "other" not at all.
DOC_TYPE_CITED = {
    "kh": _lt("Plan"),
    "qd": _lt("Decision"),
    "nq": _lt("Resolution"),
    "nd": _lt("Decree"),
    "ct": _lt("Directive"),
    "tt": _lt("Circular"),
    "ctr": _lt("Programme"),
    "cv": _lt("Document"),
    "other": "",
}


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
    doc_type = fields.Selection(DOC_TYPES, string="Document Type", default="kh")
    number = fields.Char(string="Number and Symbol", help="e.g. 51/KH-UBND")
    date = fields.Date()
    issuer = fields.Char(help="e.g. UBND tỉnh Đồng Nai")
    name = fields.Char(string="Title", required=True)
    linked_plan_id = fields.Many2one(
        "cchc.plan",
        string="Provincial Plan",
        index=True,
        ondelete="restrict",
        domain="[('state', 'in', ('issued', 'done')), ('company_id', 'parent_of', company_id),"
        " ('company_id', '!=', company_id)]",
        help="The issued plan of the province (a parent company) that this plan carries out: "
        "its tasks can then name the provincial task they implement, and the province sees "
        "their progress.",
    )
    url = fields.Char(string="Link")
    attachment = fields.Binary(attachment=True)
    attachment_name = fields.Char()

    @api.onchange("linked_plan_id")
    def _onchange_linked_plan_id(self):
        """The basis line reads as the provincial plan is cited."""
        plan = self.linked_plan_id
        if plan:
            self.update(
                {
                    "kind": "implements",
                    "doc_type": "kh",
                    "number": plan.number,
                    "date": plan.issue_date,
                    "issuer": plan.company_id.name,
                    "name": plan.name,
                }
            )

    @api.constrains("linked_plan_id", "plan_id")
    def _check_linked_plan_id(self):
        for basis in self.filtered("linked_plan_id"):
            linked = basis.linked_plan_id.sudo()
            company = basis.plan_id.company_id
            if linked.state not in ("issued", "done") or linked.company_id not in (
                company.parent_ids - company
            ):
                raise ValidationError(
                    self.env._(
                        "Only an issued plan of the province (a parent company of %(company)s)"
                        " can be linked as the plan this one implements.",
                        company=company.name,
                    )
                )

    def _cchc_citation(self):
        """'Kế hoạch số 51/KH-UBND ngày 30/01/2026 của UBND tỉnh về …', in the language
        of the environment (the plan prints in its print language)."""
        self.ensure_one()
        plan = self.plan_id
        doc_type = self.doc_type or "other"
        if doc_type not in DOC_TYPE_CITED:
            cited = dict(self._fields["doc_type"]._description_selection(self.env))[doc_type]
        else:
            cited = self.env._(DOC_TYPE_CITED[doc_type]) if DOC_TYPE_CITED[doc_type] else ""
        parts = [cited] if cited else []
        if self.number:
            parts.append(f"số {self.number}")
        if self.date:
            parts.append(f"ngày {plan._cchc_doc_short_date(self.date)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        title = (self.name or "").strip()
        if title:
            lowered = plan._cchc_doc_lower_first(title)
            if not lowered.startswith(("về ", "ban hành", "thực hiện", "quy định", "hướng dẫn")):
                lowered = f"về {lowered}"
            parts.append(lowered if parts else title)
        return " ".join(parts)
