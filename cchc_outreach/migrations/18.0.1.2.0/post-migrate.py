"""18.0.1.2.0: the public feedback form exists only for the companies that enable it.

Before, /pakn served the public user's company when no other was asked for. So that an
upgraded server keeps its form (and the posters already printed keep working), the
company the form served then is enabled, and so is every company that already received
feedback through the web form.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    companies = env["res.company"].browse()
    public_user = env.ref("base.public_user", raise_if_not_found=False)
    if public_user:
        companies |= public_user.sudo().company_id
    cr.execute("SELECT DISTINCT company_id FROM cchc_feedback WHERE channel = 'web_form'")
    companies |= env["res.company"].browse([row[0] for row in cr.fetchall()]).exists()
    companies.write({"cchc_feedback_public_enabled": True})
