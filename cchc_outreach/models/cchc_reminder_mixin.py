from odoo import api, fields, models

from .cchc_workflow_mixin import trusted


class CchcReminderMixin(models.AbstractModel):
    """Set-based deadline reminders shared by tasks, plans and feedback.

    Each record carries two flags so that re-running the daily scheduled action
    never schedules the same reminder or escalation twice; the flags are reset
    when the record's due date moves.
    """

    _name = "cchc.reminder.mixin"
    _description = "CCHC Reminder Helpers"

    cchc_reminder_sent = fields.Boolean(
        string="Reminder Sent", copy=False, readonly=True, index=True
    )
    cchc_escalation_sent = fields.Boolean(
        string="Escalation Sent", copy=False, readonly=True, index=True
    )

    # Date field whose change restarts the reminders (set by the inheriting model).
    _cchc_due_field = None

    def write(self, vals):
        field = self._cchc_due_field
        if not field or field not in vals:
            return super().write(vals)
        # A new due date: drop the reminders sent for the old one and send them again.
        due = fields.Date.to_date(vals[field])
        moved = self.filtered(lambda rec: rec[field] != due)
        moved.sudo()._cchc_close_reminders(feedback=False)
        res = super().write(vals)
        if moved:
            with trusted():
                moved.sudo().write({"cchc_reminder_sent": False, "cchc_escalation_sent": False})
        return res

    @api.model
    def _cchc_schedule_activities(self, activity_xmlid, pairs_sql, params, flag_field):
        """Flag records and create their activities in one SQL statement.

        ``pairs_sql`` is a SELECT returning ``res_id``, ``user_id`` and
        ``date_deadline`` rows: one activity is created per row, and every
        ``res_id`` it names gets ``flag_field`` set. The number of queries does
        not depend on how many records are due. Returns the number of
        activities created.
        """
        assert flag_field in ("cchc_reminder_sent", "cchc_escalation_sent")
        activity_type = self.env.ref(activity_xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env.flush_all()
        query = f"""
            WITH pairs AS ({pairs_sql}),
            flagged AS (
                UPDATE "{self._table}" rec
                   SET "{flag_field}" = true, write_date = now() at time zone 'UTC'
                 WHERE rec.id IN (SELECT res_id FROM pairs)
             RETURNING rec.id, rec.name AS res_name
            )
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, res_name, activity_type_id,
                date_deadline, automated, user_id, user_tz, active,
                create_uid, create_date, write_uid, write_date)
            SELECT %(model_id)s, %(model)s, pairs.res_id, flagged.res_name,
                   %(type_id)s, pairs.date_deadline, true, pairs.user_id,
                   partner.tz, true, %(uid)s, now() at time zone 'UTC',
                   %(uid)s, now() at time zone 'UTC'
              FROM pairs
              JOIN flagged ON flagged.id = pairs.res_id
              JOIN res_users usr ON usr.id = pairs.user_id
              JOIN res_partner partner ON partner.id = usr.partner_id
        """  # noqa: S608 - only trusted identifiers are formatted in
        self.env.cr.execute(
            query,
            dict(
                params,
                model_id=model_id,
                model=self._name,
                type_id=activity_type.id,
                uid=self.env.uid,
            ),
        )
        created = self.env.cr.rowcount
        self.invalidate_model([flag_field])
        self.env["mail.activity"].invalidate_model()
        return created

    def _cchc_reminder_activity_xmlids(self):
        """Activity types this model's reminders use (closed with the record)."""
        return []

    def _cchc_close_reminders(self, feedback=True):
        """Mark the record's reminder activities done (or drop them)."""
        xmlids = self._cchc_reminder_activity_xmlids()
        if not self or not xmlids:
            return
        if feedback:
            self.activity_feedback(xmlids)
        else:
            self.activity_unlink(xmlids)
