"""The one deadline reminder mechanism of the addon.

Each model with deadlines declares, as class attributes (the way OCA's
``base_tier_validation`` declares its state machine), what is due when and who is
told:

``_cchc_due_field``
    date field the reminder counts from (a computed stored field is fine).
``_cchc_reminder_states``
    states in which the record is still due.
``_cchc_reminder_domain``
    extra domain of the records reminded (sub-unit plans only, ...).
``_cchc_remind``
    who is reminded: a field path ending on ``res.users`` (many2one hops, a
    many2many last: ``"responsible_user_ids"``), a tuple of such paths (the first
    one set), or ``{state: path}`` when it depends on the state.
``_cchc_escalate``
    who is told the day after the due date (same forms): the lead unit's head.
``_cchc_escalation_due_field`` / ``_cchc_escalation_states``
    when the escalation counts from another date or other states (default: the
    reminder's).
``_cchc_reminder_activity`` / ``_cchc_escalation_activity``
    XML ids of the activity types.
``_cchc_lead_days_field`` / ``_cchc_lead_days_default``
    the ``res.company`` field giving the reminder lead time, in days.
``_cchc_digest_watchers``
    a group whose members (in the record's company) see the record in their daily
    digest while it is due soon or late (coordinators and sub-unit plans).
``_cchc_digest_activity_sections``
    ``{activity type xmlid: digest section}`` for the open activities the digest
    lists apart (a refused task); every other open activity is "waiting for you".
``_cchc_finished_late_domain``
    the records finished after their due date (a task completed late, a feedback
    answered late); with the records still due after it they make the ``is_late``
    filter of a model that declares that field with ``search="_search_is_late"``.

From that the mechanism builds the set-based queries: one statement per kind of
reminder finds the records due, flags them and returns who to tell; the activities
are then created through ``mail.activity.create`` in batches (followers, other
addons' hooks and the assignee's systray over the bus, as Odoo does), never one
query per record. Each record carries two flags so that re-running the daily
scheduled action never schedules the same reminder or escalation twice; they are
reset when its due date moves. Several workers may run the scheduled actions at
the same time: :meth:`_cchc_run_exclusively` lets one of them do the work.
"""

import logging
import threading

import psycopg2.errors

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL, split_every

from .cchc_workflow_mixin import boolean_filter_domain, trusted

_logger = logging.getLogger(__name__)

# Activities created per mail.activity.create() call.
ACTIVITY_BATCH = 500
# First key of the advisory locks of the addon's scheduled actions ("CCHC").
LOCK_NAMESPACE = 0x43434843
# A run that met a concurrent change is retried (in a new transaction) this often.
RUN_ATTEMPTS = 3

REMINDER_FLAGS = ("cchc_reminder_sent", "cchc_escalation_sent")
VIETNAM_TZ = "Asia/Ho_Chi_Minh"


def may_commit():
    """Whether the current thread may end its transaction (not a test's: Odoo forbids it)."""
    return not getattr(threading.current_thread(), "testing", False)


class CchcReminderMixin(models.AbstractModel):
    _name = "cchc.reminder.mixin"
    _description = "CCHC Deadline Reminders"

    _cchc_due_field = None
    _cchc_reminder_states = ()
    _cchc_reminder_domain = ()
    _cchc_remind = None
    _cchc_escalate = None
    _cchc_escalation_due_field = None
    _cchc_escalation_states = None
    _cchc_reminder_activity = None
    _cchc_escalation_activity = None
    _cchc_lead_days_field = "cchc_reminder_days"
    _cchc_lead_days_default = 3
    _cchc_digest_watchers = None
    _cchc_digest_activity_sections = {}
    _cchc_finished_late_domain = ()

    cchc_reminder_sent = fields.Boolean(
        string="Reminder Sent", copy=False, readonly=True, index=True
    )
    cchc_escalation_sent = fields.Boolean(
        string="Escalation Sent", copy=False, readonly=True, index=True
    )

    # ------------------------------------------------------------------
    # Declarations
    # ------------------------------------------------------------------
    @api.model
    def _cchc_kinds(self):
        """``{kind: (flag, activity xmlid, due field, states, who)}`` of the model."""
        kinds = {}
        if self._cchc_remind and self._cchc_reminder_activity:
            kinds["reminder"] = (
                "cchc_reminder_sent",
                self._cchc_reminder_activity,
                self._cchc_due_field,
                tuple(self._cchc_reminder_states),
                self._cchc_remind,
            )
        if self._cchc_escalate and self._cchc_escalation_activity:
            kinds["escalation"] = (
                "cchc_escalation_sent",
                self._cchc_escalation_activity,
                self._cchc_escalation_due_field or self._cchc_due_field,
                tuple(self._cchc_escalation_states or self._cchc_reminder_states),
                self._cchc_escalate,
            )
        return kinds

    def _cchc_reminder_activity_xmlids(self):
        """Activity types of the model's reminders (closed with the record)."""
        return [xmlid for _f, xmlid, _d, _s, _w in self._cchc_kinds().values()]

    @api.model
    def _cchc_due_fields(self):
        return {due for _f, _x, due, _s, _w in self._cchc_kinds().values() if due}

    # ------------------------------------------------------------------
    # Late: still due after the due date, or finished after it
    # ------------------------------------------------------------------
    @api.model
    def _cchc_overdue_domain(self):
        """Records still due (a reminder state) whose due date is past (the user's today)."""
        return [
            (self._cchc_state_field_name(), "in", tuple(self._cchc_reminder_states)),
            (self._cchc_due_field, "<", fields.Date.context_today(self)),
        ]

    def _search_is_late(self, operator, value):
        late = expression.OR([self._cchc_overdue_domain(), list(self._cchc_finished_late_domain)])
        return boolean_filter_domain(
            operator, value, late, self.env._("Unsupported search on the Late filter.")
        )

    # ------------------------------------------------------------------
    # Due date moved: the reminders start again
    # ------------------------------------------------------------------
    def _cchc_moves_due_date(self, vals):
        """Whether writing ``vals`` may change a due date (itself or what it is computed from)."""
        due_fields = {self._fields[name] for name in self._cchc_due_fields()}
        if not due_fields:
            return False
        for name in vals:
            field = self._fields.get(name)
            if field is None or name in REMINDER_FLAGS:
                continue
            if field in due_fields or due_fields.intersection(
                self.pool.get_dependent_fields(field)
            ):
                return True
        return False

    def write(self, vals):
        if not self._cchc_moves_due_date(vals):
            return super().write(vals)
        due_names = sorted(self._cchc_due_fields())
        before = {rec.id: [rec[name] for name in due_names] for rec in self.sudo()}
        result = super().write(vals)
        moved = self.sudo().filtered(
            lambda rec: [rec[name] for name in due_names] != before[rec.id]
        )
        if moved:
            # A new due date: drop the reminders sent for the old one and send them again.
            moved._cchc_close_reminders(feedback=False)
            with trusted():
                moved.write(dict.fromkeys(REMINDER_FLAGS, False))
        return result

    def _cchc_close_reminders(self, feedback=True):
        """Mark the record's reminder activities done (or drop them)."""
        xmlids = self._cchc_reminder_activity_xmlids()
        if not self or not xmlids:
            return
        if feedback:
            self.activity_feedback(xmlids)
        else:
            self.activity_unlink(xmlids)

    # ------------------------------------------------------------------
    # Set-based queries built from the declarations
    # ------------------------------------------------------------------
    @api.model
    def _cchc_path_sql(self, query, path):
        """SQL of the ``res.users`` id at the end of ``path``, joining what it crosses."""
        model, alias = self, self._table
        *hops, last = path.split(".")
        for name in hops:
            field = model._fields[name]
            assert field.type == "many2one" and field.store, f"{model._name}.{name}"
            comodel = self.env[field.comodel_name]
            alias = query.left_join(alias, name, comodel._table, "id", name)
            model = comodel
        field = model._fields[last]
        assert field.comodel_name == "res.users", f"{model._name}.{last} is not a user"
        if field.type == "many2many":
            rel = query.left_join(alias, "id", field.relation, field.column1, last)
            return SQL.identifier(rel, field.column2)
        assert field.type == "many2one" and field.store, f"{model._name}.{last}"
        return SQL.identifier(alias, last)

    @api.model
    def _cchc_who_sql(self, query, who):
        """SQL of the user told, for one of the forms ``_cchc_remind`` may take."""
        if isinstance(who, str):
            return self._cchc_path_sql(query, who)
        if isinstance(who, dict):
            state = SQL.identifier(self._table, self._cchc_state_field_name())
            cases = SQL(" ").join(
                SQL("WHEN %s THEN %s", value, self._cchc_who_sql(query, path))
                for value, path in who.items()
            )
            return SQL("CASE %s %s END", state, cases)
        return SQL("COALESCE(%s)", SQL(", ").join(self._cchc_who_sql(query, p) for p in who))

    @api.model
    def _cchc_state_field_name(self):
        return getattr(self, "_cchc_state_field", None) or "state"

    @api.model
    def _cchc_base_query(self, states):
        """Query of the active records in ``states`` matching the model's reminder domain."""
        domain = list(self._cchc_reminder_domain)
        if states:
            domain = expression.AND([domain, [(self._cchc_state_field_name(), "in", states)]])
        return self.sudo().with_context(active_test=True)._where_calc(domain)

    @api.model
    def _cchc_lead_days_sql(self, query):
        company = query.left_join(self._table, "company_id", "res_company", "id", "company_id")
        return SQL(
            "COALESCE(%s, %s)",
            SQL.identifier(company, self._cchc_lead_days_field),
            self._cchc_lead_days_default,
        )

    @api.model
    def _cchc_due_query(self, kind, today, window, watchers_group=None, unflagged=None):
        """Query selecting ``res_id``, ``user_id``, ``due`` of the records of ``kind``.

        ``window``: ``"remind"`` (due within the lead time, late ones included),
        ``"soon"`` (due within the lead time, not late yet) or ``"late"`` (due before
        today). With ``watchers_group``, the users told are that group's members in the
        record's company instead of the declared ones. With ``unflagged``, only the
        records whose flag of that name is not set.
        """
        _flag, _xmlid, due_name, states, who = self._cchc_kinds()[kind]
        query = self._cchc_base_query(states)
        due = SQL.identifier(self._table, due_name)
        if watchers_group:
            members = query.make_alias(self._table, "cchc_watchers")
            query.add_join(
                "JOIN",
                members,
                "res_groups_users_rel",
                SQL("%s = %s", SQL.identifier(members, "gid"), watchers_group.id),
            )
            companies = query.make_alias(self._table, "cchc_watcher_companies")
            query.add_join(
                "JOIN",
                companies,
                "res_company_users_rel",
                SQL(
                    "%s = %s AND %s = %s",
                    SQL.identifier(companies, "cid"),
                    SQL.identifier(self._table, "company_id"),
                    SQL.identifier(companies, "user_id"),
                    SQL.identifier(members, "uid"),
                ),
            )
            user = SQL.identifier(members, "uid")
        else:
            user = self._cchc_who_sql(query, who)
        users = query.make_alias(self._table, "cchc_told")
        query.add_join(
            "JOIN",
            users,
            "res_users",
            SQL(
                "%s = %s AND %s", SQL.identifier(users, "id"), user, SQL.identifier(users, "active")
            ),
        )
        if unflagged:
            query.add_where(SQL("%s IS NOT TRUE", SQL.identifier(self._table, unflagged)))
        if window in ("remind", "soon"):
            query.add_where(SQL("%s <= %s::date + %s", due, today, self._cchc_lead_days_sql(query)))
        if window == "soon":
            query.add_where(SQL("%s >= %s", due, today))
        elif window == "late":
            query.add_where(SQL("%s < %s", due, today))
        query.order = SQL(
            "%s, %s, %s", due, SQL.identifier(self._table, "id"), SQL.identifier(users, "id")
        )
        return query.select(
            SQL("%s AS res_id", SQL.identifier(self._table, "id")),
            SQL("%s AS user_id", SQL.identifier(users, "id")),
            SQL("%s AS due", due),
        )

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    @api.model
    def _cchc_today(self):
        """Today where the offices are: in the time zone of the user running the scheduled
        action, else Vietnam's (the actions run early in the morning, before 07:00 UTC+7,
        when it is still yesterday in UTC)."""
        tz = self.env.context.get("tz") or self.env.user.tz or VIETNAM_TZ
        return fields.Date.context_today(self.with_context(tz=tz))

    @api.model
    def _cron_send_reminders(self):
        """Daily (one scheduled action per model): the model's reminders and escalations."""
        today = self._cchc_today()
        return self._cchc_run_exclusively(
            f"reminders {self._name}", lambda: self._cchc_send_reminders(today)
        )

    @api.model
    def _cchc_send_reminders(self, today):
        """Remind before the due date, escalate the day after. Returns the number of
        activities created. Queries: a few per kind and per batch of activities, and
        per user told (the followers), never per record."""
        created = 0
        for kind, (flag, xmlid, _due, _states, _who) in self._cchc_kinds().items():
            window = "remind" if kind == "reminder" else "late"
            rows = self._cchc_claim(kind, today, window, flag, xmlid)
            if kind == "escalation":
                rows = [(res_id, user_id, today) for res_id, user_id, _due in rows]
            created += self._cchc_create_activities(xmlid, rows)
        return created

    @api.model
    def _cchc_claim(self, kind, today, window, flag, xmlid):
        """Flag the records due (one UPDATE) and return ``(res_id, user_id, due)`` for
        the people who have no open activity of that type on them yet.

        Odoo's transactions are REPEATABLE READ: when another transaction flagged (or
        changed) one of these records after this one started, the UPDATE fails with a
        serialization error instead of flagging it twice; the caller handles it.
        """
        self.env.flush_all()
        activity_type = self.env.ref(xmlid)
        table = SQL.identifier(self._table)
        flag_sql = SQL.identifier(flag)
        query = SQL(
            """
            WITH pairs AS (%(pairs)s),
            flagged AS (
                UPDATE %(table)s rec SET %(flag)s = true
                 WHERE rec.id IN (SELECT res_id FROM pairs) AND rec.%(flag)s IS NOT TRUE
             RETURNING rec.id
            )
            SELECT pairs.res_id, pairs.user_id, pairs.due
              FROM pairs
              JOIN flagged ON flagged.id = pairs.res_id
             WHERE NOT EXISTS (
                   SELECT 1 FROM mail_activity act
                    WHERE act.res_model = %(model)s AND act.res_id = pairs.res_id
                      AND act.user_id = pairs.user_id AND act.activity_type_id = %(type)s
                      AND act.active)
             ORDER BY pairs.user_id, pairs.res_id
            """,
            pairs=self._cchc_due_query(kind, today, window, unflagged=flag),
            table=table,
            flag=flag_sql,
            model=self._name,
            type=activity_type.id,
        )
        # A serialization error is expected (see above): not a "bad query" to log.
        self.env.cr.execute(query, log_exceptions=False)
        rows = self.env.cr.fetchall()
        self.invalidate_model([flag])
        return rows

    @api.model
    def _cchc_create_activities(self, xmlid, rows):
        """Create the activities of ``rows`` (``res_id, user_id, date_deadline``) through
        ``mail.activity``, ``ACTIVITY_BATCH`` per call.

        ``mail.activity.create`` subscribes the assignees and runs the hooks other addons
        put on it. Its "assigned to you" message, one per activity, is not sent
        (``mail_activity_quick_update``, Odoo's own switch): the reminders of the day
        reach each person in one digest e-mail (``res.users._cron_cchc_send_digest``),
        not one message per item. Every assignee's systray is told over the bus.
        """
        if not rows:
            return 0
        activity_type = self.env.ref(xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        records = self.sudo().browse(sorted({row[0] for row in rows}))
        # Activities store the record's name: compute them for all records at once.
        records.mapped("display_name")
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        # mail.activity.create subscribes the assignees per user and per call: batches of
        # the same people (rows sorted by user) keep that to about one call per user.
        rows = sorted(rows, key=lambda row: (row[1], row[0]))
        for batch in split_every(ACTIVITY_BATCH, rows):
            Activity.create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": res_id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": due,
                        "user_id": user_id,
                        "automated": True,
                    }
                    for res_id, user_id, due in batch
                ]
            )
        # Odoo's create tells one assignee's systray (its last); tell them all (the
        # messages go out in one INSERT at commit).
        users = self.env["res.users"].sudo().browse(sorted({row[1] for row in rows}))
        users._bus_send("mail.activity/updated", {"activity_created": True})
        return len(rows)

    # ------------------------------------------------------------------
    # Several workers
    # ------------------------------------------------------------------
    @api.model
    def _cchc_run_exclusively(self, name, work):
        """Run ``work()`` unless another transaction is running ``name`` right now.

        A transaction-level advisory lock lets one worker in; the others skip the run
        (the one inside does the work, and keeps the lock until its transaction ends).
        The work flags what it handles, so a worker whose transaction began before
        another one committed the same run meets a serialization error (REPEATABLE
        READ) on the first record it wants to flag: its savepoint is rolled back and,
        where it may (a scheduled action, not a test), it starts over in a new
        transaction, which sees what the other one did. Returns what ``work``
        returned, or None when it did not run.
        """
        cr = self.env.cr
        retry = may_commit()
        for attempt in range(1, RUN_ATTEMPTS + 1):
            cr.execute("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, name])
            if not cr.fetchone()[0]:
                _logger.info("%s: another worker is running it, skipped", name)
                return None
            try:
                with cr.savepoint():
                    return work()
            except (
                psycopg2.errors.SerializationFailure,
                psycopg2.errors.LockNotAvailable,
            ) as error:
                _logger.info(
                    "%s: a concurrent transaction changed the same records (%s), attempt %s",
                    name,
                    error.pgcode,
                    attempt,
                )
                self.env.invalidate_all()
                if not retry:
                    return None
                # A new transaction (and snapshot): what the other worker did is seen.
                cr.rollback()
        _logger.info("%s: not run, the records kept changing; next run tomorrow", name)
        return None

    # ------------------------------------------------------------------
    # Daily digest rows
    # ------------------------------------------------------------------
    @api.model
    def _cchc_digest_rows(self, today):
        """``(user_id, section, model, res_id, due)`` of what the model has for the
        people's digest today: due soon and late for the reminded, late for the
        escalated, due soon or late for the watchers. A few queries, none per record."""
        rows = []
        kinds = self._cchc_kinds()
        if "reminder" in kinds:
            for section, window in (("soon", "soon"), ("late", "late")):
                rows += [
                    (user_id, section, self._name, res_id, due)
                    for res_id, user_id, due in self._cchc_fetch(
                        self._cchc_due_query("reminder", today, window)
                    )
                ]
        if "escalation" in kinds:
            rows += [
                (user_id, "units_late", self._name, res_id, due)
                for res_id, user_id, due in self._cchc_fetch(
                    self._cchc_due_query("escalation", today, "late")
                )
            ]
        if self._cchc_digest_watchers and "reminder" in kinds:
            group = self.env.ref(self._cchc_digest_watchers)
            rows += [
                (user_id, "watch", self._name, res_id, due)
                for res_id, user_id, due in self._cchc_fetch(
                    self._cchc_due_query("reminder", today, "remind", watchers_group=group)
                )
            ]
        return rows

    @api.model
    def _cchc_fetch(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchall()
