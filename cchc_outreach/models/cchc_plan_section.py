from odoo import api, fields, models

from .cchc_workflow_mixin import FROZEN_WITH_PLAN

# What a section may print after its own text, generated from the plan's records.
SECTION_BLOCKS = [
    ("none", "Text only"),
    ("targets", "Measurable targets"),
    ("audience_lines", "Contents and channels per audience"),
    ("audiences", "Audiences"),
    ("contents", "Contents"),
    ("channels", "Channels"),
    ("units", "Tasks of each unit (refers to the appendix)"),
    ("budget", "Total budget of the tasks"),
]
# The structure the seed plans share (headings as Vietnamese offices write them): the
# defaults of a new plan, each editable, reorderable, removable.
DEFAULT_SECTIONS = [
    (
        "MỤC ĐÍCH, YÊU CẦU",
        "<p><strong>1. Mục đích</strong></p><p></p><p><strong>2. Yêu cầu</strong></p><p></p>",
        "targets",
    ),
    ("ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "", "audience_lines"),
    (
        "KINH PHÍ THỰC HIỆN",
        "<p>Kinh phí thực hiện do ngân sách nhà nước bảo đảm theo phân cấp ngân sách hiện "
        "hành.</p>",
        "budget",
    ),
    ("TỔ CHỨC THỰC HIỆN", "", "units"),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


class CchcPlanSection(models.Model):
    """A part of the plan's body as the office writes it: its heading, its text, and
    optionally a block generated from the plan's records printed after the text.

    Top-level parts are numbered I, II, III… in their order when printed; the text
    carries its own sub-headings ("1. Mục đích") and lists as typed.
    """

    _name = "cchc.plan.section"
    _description = "CCHC Plan Section"
    _inherit = ["cchc.workflow.mixin"]
    _order = "plan_id, sequence, id"
    # Frozen with its plan from submission on (cchc.workflow.mixin).
    _cchc_state_field = None
    _cchc_freeze_rules = FROZEN_WITH_PLAN

    plan_id = fields.Many2one("cchc.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(
        string="Heading",
        required=True,
        help="Printed in capitals after its number (I., II., …), e.g. MỤC ĐÍCH, YÊU CẦU.",
    )
    body = fields.Html(string="Text", help="Sub-headings, paragraphs and lists print as typed.")
    block = fields.Selection(
        SECTION_BLOCKS,
        string="Generated Block",
        required=True,
        default="none",
        help="Printed after the text, from the plan's records.",
    )

    @api.model
    def _cchc_default_vals(self):
        """Values of the standard sections of a new plan."""
        return [
            {"sequence": 10 * (index + 1), "name": name, "body": body, "block": block}
            for index, (name, body, block) in enumerate(DEFAULT_SECTIONS)
        ]
