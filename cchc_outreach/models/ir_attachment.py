from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .cchc_workflow_mixin import is_trusted

# What makes an attachment the file it is: never changed once it is an issued document.
_CONTENT_FIELDS = frozenset(
    {
        "raw",
        "datas",
        "db_datas",
        "store_fname",
        "checksum",
        "file_size",
        "mimetype",
        "type",
        "url",
        "name",
        "res_model",
        "res_id",
        "res_field",
    }
)


# Files a feedback sender sent (or that were posted on her feedback): readable only by those
# who may read the sender (cchc.feedback.sender record rules), whatever the route.
_FEEDBACK_MODEL = "cchc.feedback"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # ------------------------------------------------------------------
    # Feedback files: shielded like the sender
    # ------------------------------------------------------------------
    @api.model
    def _cchc_feedback_links_sql(self):
        """``(attachment_id, feedback_id)`` of every file of a feedback: attached to it, in
        its attachment field, or attached to one of its chatter messages."""
        return SQL(
            """
            SELECT a.id AS attachment_id, a.res_id AS feedback_id
              FROM ir_attachment a
             WHERE a.res_model = %(model)s AND a.res_id IS NOT NULL AND a.res_id != 0
            UNION ALL
            SELECT r.attachment_id, r.feedback_id FROM cchc_feedback_attachment_rel r
            UNION ALL
            SELECT a.id, m.res_id
              FROM ir_attachment a
              JOIN mail_message m ON m.id = a.res_id
             WHERE a.res_model = 'mail.message' AND m.model = %(model)s
            UNION ALL
            SELECT r.attachment_id, m.res_id
              FROM message_attachment_rel r
              JOIN mail_message m ON m.id = r.message_id
             WHERE m.model = %(model)s
            """,
            model=_FEEDBACK_MODEL,
        )

    @api.model
    def _cchc_readable_feedback_sql(self):
        """The feedback whose sender the current user may read (record rules of the sender
        model), as an SQL subquery; ``None`` when the user may read none."""
        Sender = self.env["cchc.feedback.sender"]
        if not Sender.has_access("read"):
            return None
        return Sender._search([]).subselect(SQL.identifier(Sender._table, "feedback_id"))

    @api.model
    def _cchc_shield_sql(self, alias):
        """Condition on ``alias`` (an ir_attachment alias): not a file of a feedback whose
        sender the current user may not read."""
        readable = self._cchc_readable_feedback_sql()
        links = self._cchc_feedback_links_sql()
        hidden = (
            SQL("SELECT l.attachment_id FROM (%s) l", links)
            if readable is None
            else SQL(
                "SELECT l.attachment_id FROM (%s) l WHERE l.feedback_id NOT IN %s", links, readable
            )
        )
        return SQL("%s NOT IN (%s)", SQL.identifier(alias, "id"), hidden)

    def _cchc_shielded(self):
        """The attachments of self that the current user may not see (feedback files)."""
        if self.env.su or not self.ids:
            return self.browse()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM ir_attachment WHERE id IN %s AND NOT (%s)",
                tuple(self.ids),
                self._cchc_shield_sql("ir_attachment"),
            )
        )
        return self.browse(row[0] for row in rows)

    def _apply_ir_rules(self, query, mode="read"):
        """Every search, read, search_read, export and many2many read of attachments (the
        chatter's too) goes through here: the files of a feedback whose sender the user may
        not read are not found."""
        result = super()._apply_ir_rules(query, mode)
        if not self.env.su:
            query.add_where(self._cchc_shield_sql(query.table))
        return result

    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if self.env.su:
            return result
        if self._cchc_shielded() or (
            values
            and values.get("res_model") == _FEEDBACK_MODEL
            and values.get("res_id")
            and not self.env[_FEEDBACK_MODEL]._cchc_may_read_sender(values["res_id"])
        ):
            raise AccessError(
                self.env._("This file was sent with a citizen's feedback: you may not access it.")
            )
        return result

    def validate_access(self, access_token):
        # An access token does not open a feedback file to a logged-in user who may not
        # read its sender (/web/content, /web/image).
        if not self.env.su and self.env.user._is_internal() and self._cchc_shielded():
            raise AccessError(
                self.env._("This file was sent with a citizen's feedback: you may not access it.")
            )
        return super().validate_access(access_token)

    def _to_store(self, store, /, *, fields=None, extra_fields=None):
        # The chatter lists a message's attachments as superuser: feedback files the user
        # may not see keep their place but lose their name.
        result = super()._to_store(store, fields=fields, extra_fields=extra_fields)
        hidden = self.sudo(False)._cchc_shielded()
        hidden_name = self.env._("Hidden file (citizen's feedback)")
        for attachment in hidden:
            store.add(attachment, {"name": hidden_name, "filename": hidden_name})
        return result

    def _cchc_issued_plans(self):
        """Plans whose issued document is one of these attachments."""
        if not self.ids:
            return self.env["cchc.plan"]
        return (
            self.env["cchc.plan"]
            .sudo()
            .with_context(active_test=False)
            .search([("issued_pdf_id", "in", self.ids)])
        )

    def write(self, vals):
        if _CONTENT_FIELDS & set(vals) and not is_trusted():
            plans = self._cchc_issued_plans()
            if plans:
                raise UserError(
                    self.env._(
                        "This file is the issued document of plan %(plan)s: it is kept as "
                        "it was issued and cannot be changed.",
                        plan=plans[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_cchc_issued_document(self):
        plans = self._cchc_issued_plans()
        if plans:
            raise UserError(
                self.env._(
                    "This file is the issued document of plan %(plan)s: it cannot be deleted.",
                    plan=plans[0].display_name,
                )
            )
