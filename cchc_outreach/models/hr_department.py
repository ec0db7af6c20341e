from odoo import models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    def write(self, vals):
        res = super().write(vals)
        if {"parent_id", "active", "company_id"} & set(vals):
            # Record rules depend on the department tree: drop their cache.
            self.env.registry.clear_cache()
        return res
