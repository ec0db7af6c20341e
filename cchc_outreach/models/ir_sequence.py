from odoo import api, models


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _cchc_next_company_number(self, code, template_xmlid, company, day):
        """Next number of the company's own copy of a yearly document sequence.

        Each company numbers its documents on its own (07/KH-SCT, 12/BC-SCT) and
        restarts every year: the first time a company needs a number, the shipped
        template (date ranges, padding 2) is copied for it.
        """
        sequence = self.sudo().search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            template = self.env.ref(template_xmlid).sudo()
            sequence = template.copy(
                {
                    "code": code,
                    "company_id": company.id,
                    "name": f"{template.name} ({company.name})",
                }
            )
        return sequence.next_by_id(sequence_date=day)
