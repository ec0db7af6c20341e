"""18.0.1.1.0: the plan's body became ordered sections (cchc.plan.section).

Plans entered before keep their texts: the former objectives and requirements become
section I, the former budget text section III and the former organisation text
section IV, around the generated blocks they printed with. The old columns are read
directly (the fields no longer exist) and kept in the database.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted


def _old_texts(cr):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'cchc_plan'
           AND column_name IN ('objectives', 'requirements', 'budget_text', 'organization')
        """
    )
    columns = {row[0] for row in cr.fetchall()}
    if not columns:
        return {}
    select = SQL(", ").join(
        SQL.identifier(name) if name in columns else SQL("NULL")
        for name in ("objectives", "requirements", "budget_text", "organization")
    )
    cr.execute(SQL("SELECT id, %s FROM cchc_plan", select))
    return {row[0]: row[1:] for row in cr.fetchall()}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    texts = _old_texts(cr)
    plans = env["cchc.plan"].with_context(active_test=False).search([("section_ids", "=", False)])
    vals_list = []
    for plan in plans:
        objectives, requirements, budget, organization = texts.get(plan.id, (None,) * 4)
        first = "".join(
            part
            for part in (
                "<p><strong>1. Mục tiêu</strong></p>" if objectives or requirements else "",
                objectives or "",
                "<p><strong>2. Yêu cầu</strong></p>" if requirements else "",
                requirements or "",
            )
        )
        for sequence, name, body, block in (
            (10, "MỤC TIÊU VÀ YÊU CẦU", first, "targets"),
            (20, "NỘI DUNG, HÌNH THỨC VÀ ĐỐI TƯỢNG TUYÊN TRUYỀN", "", "audience_lines"),
            (30, "KINH PHÍ THỰC HIỆN", budget or "", "budget"),
            (40, "TỔ CHỨC THỰC HIỆN", organization or "", "units"),
        ):
            vals_list.append(
                {
                    "plan_id": plan.id,
                    "sequence": sequence,
                    "name": name,
                    "body": body or False,
                    "block": block,
                }
            )
    with trusted():  # issued plans too: their stored document does not change
        env["cchc.plan.section"].create(vals_list)
