from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

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
