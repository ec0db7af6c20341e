from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    cchc_department_ids = fields.Many2many(
        "hr.department",
        string="CCHC Departments",
        compute="_compute_cchc_department_ids",
        compute_sudo=True,
        help="Departments of the user's employee records, with their sub-departments. "
        "Record rules of CCHC Outreach use them.",
    )

    @api.depends("employee_ids.department_id")
    def _compute_cchc_department_ids(self):
        Department = self.env["hr.department"].with_context(active_test=False)
        for user in self:
            employees = user.with_context(active_test=False).employee_ids
            roots = employees.department_id
            user.cchc_department_ids = (
                Department.search([("id", "child_of", roots.ids)]) if roots else Department
            )
