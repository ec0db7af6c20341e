from odoo import api, models

_RULE_FIELDS = {"department_id", "user_id", "company_id", "active"}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if any(vals.get("user_id") for vals in vals_list):
            self.env.registry.clear_cache()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if _RULE_FIELDS & set(vals):
            # A user's departments feed the CCHC record rules, which are cached.
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
