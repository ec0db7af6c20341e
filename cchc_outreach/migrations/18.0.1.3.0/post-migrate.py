"""18.0.1.3.0: a department reads its province's issued plans and assigned tasks.

The multi-company rules of plans and tasks are data in a ``noupdate`` block: an upgrade
creates the new read rules but does not change the old ones, which would keep reading
restricted to the user's own companies. The old rules now apply to writing only.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in ("cchc_outreach.cchc_plan_comp_rule", "cchc_outreach.cchc_task_comp_rule"):
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.perm_read = False
