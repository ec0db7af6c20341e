from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _cchc_province_notes_domain(self):
        """The internal notes on province records the current user reads from a
        department (child company); empty for everyone else."""
        if self.env.su or not self.env.user._is_internal():
            return []
        companies = self.env.companies
        if not any(company.parent_id for company in companies):
            return []
        # the province's plans this user reads (few), then their tasks this user reads (by
        # the indexed plan): never a scan of every task of the province
        plans = self.env["cchc.plan"].search([("company_id", "not in", companies.ids)])
        if not plans:
            return []
        tasks = self.env["cchc.task"].search([("plan_id", "in", plans.ids)])
        records = [[("model", "=", "cchc.plan"), ("res_id", "in", plans.ids)]]
        if tasks:
            records.append([("model", "=", "cchc.task"), ("res_id", "in", tasks.ids)])
        return expression.AND(
            [
                expression.OR(records),
                ["|", ("is_internal", "=", True), ("subtype_id.internal", "=", True)],
            ]
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        hidden = self._cchc_province_notes_domain()
        if hidden:
            domain = expression.AND([domain, ["!", *expression.normalize_domain(hidden)]])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or operation != "read":
            return result
        hidden_domain = self._cchc_province_notes_domain()
        hidden = self.sudo().filtered_domain(hidden_domain) if hidden_domain else None
        if hidden:
            return hidden.sudo(False), lambda: AccessError(
                self.env._("This internal note belongs to the province: it is not shared.")
            )
        return None

    def _read_format(self, fnames, load="_classic_read"):
        # mail.message fetches as superuser once the message is readable: the files of a
        # citizen's feedback are dropped from attachment_ids for those who may not read
        # her (read, search_read, web_read of the chatter's messages).
        result = super()._read_format(fnames, load=load)
        if self.env.su or "attachment_ids" not in fnames:
            return result
        ids = {att_id for values in result for att_id in values.get("attachment_ids") or ()}
        if not ids:
            return result
        hidden = set(self.env["ir.attachment"].browse(ids)._cchc_shielded().ids)
        if hidden:
            for values in result:
                if values.get("attachment_ids"):
                    values["attachment_ids"] = [
                        att_id for att_id in values["attachment_ids"] if att_id not in hidden
                    ]
        return result
