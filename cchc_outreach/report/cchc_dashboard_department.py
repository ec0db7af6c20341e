from odoo import fields, models
from odoo.tools import SQL

FEEDBACK_FIELDS = (
    "company_id",
    "department_id",
    "received_date",
    "state",
    "answer_date",
    "answer_deadline",
    "answered_on_time",
    "active",
)


class CchcDashboardDepartment(models.Model):
    """Per unit and year: tasks done / late / total, feedback answered on time, targets.

    A read-only SQL view computed at query time (``_table_query``) rather than a
    database view created by ``init()``: the feedback part is added as soon as the
    feedback model is installed, whatever the order in which the models' tables are
    created, and "late" is judged against the user's today.
    """

    _name = "cchc.dashboard.department"
    _description = "CCHC Dashboard per Unit"
    _auto = False
    _order = "year desc, department_id"
    _rec_name = "department_id"
    _depends = {
        "cchc.task": [
            "company_id",
            "plan_id",
            "lead_department_id",
            "state",
            "date_deadline",
            "completed_late",
            "active",
        ],
        "cchc.plan": ["year", "active", "state", "coordinating_department_id", "company_id"],
        "cchc.plan.target": ["plan_id", "achieved"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    task_count = fields.Integer(string="Tasks", readonly=True)
    task_done_count = fields.Integer(string="Tasks Done", readonly=True)
    task_late_count = fields.Integer(string="Tasks Late", readonly=True)
    task_open_count = fields.Integer(string="Tasks Open", readonly=True)
    task_done_on_time_count = fields.Integer(string="Done on Time", readonly=True)
    task_done_late_count = fields.Integer(string="Done Late", readonly=True)
    task_in_time_count = fields.Integer(
        string="In Progress within Deadline", readonly=True, help="Open, deadline not passed."
    )
    task_overdue_count = fields.Integer(
        string="Overdue", readonly=True, help="Still open after the deadline."
    )
    task_done_rate = fields.Float(string="Done (%)", readonly=True, aggregator=None)
    feedback_count = fields.Integer(string="Feedback Received", readonly=True)
    feedback_answered_count = fields.Integer(string="Feedback Answered", readonly=True)
    feedback_on_time_count = fields.Integer(string="Answered on Time", readonly=True)
    feedback_late_count = fields.Integer(string="Feedback Late", readonly=True)
    feedback_on_time_rate = fields.Float(
        string="On Time (%)", readonly=True, aggregator=None, help="Of the answered feedback."
    )
    target_count = fields.Integer(string="Targets", readonly=True)
    target_achieved_count = fields.Integer(string="Targets Achieved", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        parts = [
            SQL(
                """
                SELECT task.company_id, task.lead_department_id AS department_id, plan.year,
                       1 AS task_count,
                       (task.state = 'done')::int AS task_done_count,
                       ((task.state IN ('todo', 'in_progress')
                         AND task.date_deadline < %s)
                        OR (task.state IN ('waiting', 'done')
                            AND task.completed_late IS TRUE))::int AS task_late_count,
                       (task.state IN ('todo', 'in_progress', 'waiting'))::int AS task_open_count,
                       (task.state = 'done' AND task.completed_late IS NOT TRUE)::int
                           AS task_done_on_time_count,
                       (task.state = 'done' AND task.completed_late IS TRUE)::int
                           AS task_done_late_count,
                       (task.state IN ('todo', 'in_progress', 'waiting')
                        AND NOT (task.state IN ('todo', 'in_progress')
                                 AND task.date_deadline < %s))::int AS task_in_time_count,
                       (task.state IN ('todo', 'in_progress')
                        AND task.date_deadline < %s)::int AS task_overdue_count,
                       0 AS feedback_count, 0 AS feedback_answered_count,
                       0 AS feedback_on_time_count, 0 AS feedback_late_count,
                       0 AS target_count, 0 AS target_achieved_count
                  FROM cchc_task task
                  JOIN cchc_plan plan ON plan.id = task.plan_id
                 WHERE task.active AND plan.active
                   AND task.state != 'cancelled' AND plan.state != 'cancelled'
                """,
                today,
                today,
                today,
            ),
            SQL(
                """
                SELECT plan.company_id, plan.coordinating_department_id, plan.year,
                       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                       1, (target.achieved IS TRUE)::int
                  FROM cchc_plan_target target
                  JOIN cchc_plan plan ON plan.id = target.plan_id
                 WHERE plan.active AND plan.state != 'cancelled'
                """
            ),
            self._feedback_query(today),
        ]
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY rows.company_id, rows.year, rows.department_id)
                       AS id,
                   rows.company_id, rows.department_id, rows.year,
                   sum(rows.task_count)::int AS task_count,
                   sum(rows.task_done_count)::int AS task_done_count,
                   sum(rows.task_late_count)::int AS task_late_count,
                   sum(rows.task_open_count)::int AS task_open_count,
                   sum(rows.task_done_on_time_count)::int AS task_done_on_time_count,
                   sum(rows.task_done_late_count)::int AS task_done_late_count,
                   sum(rows.task_in_time_count)::int AS task_in_time_count,
                   sum(rows.task_overdue_count)::int AS task_overdue_count,
                   CASE WHEN sum(rows.task_count) > 0
                        THEN round(100.0 * sum(rows.task_done_count) / sum(rows.task_count), 1)
                        ELSE 0 END::float AS task_done_rate,
                   sum(rows.feedback_count)::int AS feedback_count,
                   sum(rows.feedback_answered_count)::int AS feedback_answered_count,
                   sum(rows.feedback_on_time_count)::int AS feedback_on_time_count,
                   sum(rows.feedback_late_count)::int AS feedback_late_count,
                   CASE WHEN sum(rows.feedback_answered_count) > 0
                        THEN round(100.0 * sum(rows.feedback_on_time_count)
                                   / sum(rows.feedback_answered_count), 1)
                        ELSE 0 END::float AS feedback_on_time_rate,
                   sum(rows.target_count)::int AS target_count,
                   sum(rows.target_achieved_count)::int AS target_achieved_count
              FROM (%s) AS rows
             GROUP BY rows.company_id, rows.department_id, rows.year
            """,
            SQL(" UNION ALL ").join(parts),
        )

    def _feedback_query(self, today):
        Feedback = self.env["cchc.feedback"]
        to_flush = [SQL(to_flush=Feedback._fields[name]) for name in FEEDBACK_FIELDS]
        return SQL(
            """
            SELECT fb.company_id, fb.department_id,
                   EXTRACT(YEAR FROM fb.received_date)::int,
                   0, 0, 0, 0, 0, 0, 0, 0,
                   1,
                   fb.answered::int,
                   (fb.answered AND fb.on_time)::int,
                   ((fb.answered AND NOT fb.on_time)
                    OR (NOT fb.answered AND NOT fb.other
                        AND fb.answer_deadline < %s))::int,
                   0, 0
              FROM (
                SELECT fb.company_id, fb.department_id, fb.received_date, fb.answer_deadline,
                       fb.state IN ('not_accepted', 'forwarded') AS other,
                       fb.state NOT IN ('not_accepted', 'forwarded')
                           AND fb.answer_date IS NOT NULL AS answered,
                       COALESCE(fb.answered_on_time, FALSE) AS on_time
                  FROM %s fb
                 WHERE fb.active
              ) fb %s
            """,
            today,
            SQL.identifier(Feedback._table),
            SQL().join(to_flush),
        )

    # ------------------------------------------------------------------
    # Counters that open what they count
    # ------------------------------------------------------------------
    def _cchc_list_action(self, xmlid, name, domain):
        """The list (action ``xmlid``) of the records a counter of this row counts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        title = f"{self.department_id.display_name} – {name}"
        action.update(
            name=title,
            display_name=title,
            views=[(False, "list"), (False, "form")],
            view_mode="list,form",
            domain=domain,
            context={"create": False},
        )
        return action

    def _cchc_task_action(self, name, domain):
        return self._cchc_list_action(
            "cchc_outreach.cchc_task_action",
            name,
            [
                ("lead_department_id", "=", self.department_id.id),
                ("plan_id.year", "=", self.year),
                ("plan_id.state", "!=", "cancelled"),
                ("state", "!=", "cancelled"),
                *domain,
            ],
        )

    def action_open_tasks(self):
        return self._cchc_task_action(self.env._("Tasks"), [])

    def action_open_done_on_time(self):
        return self._cchc_task_action(
            self.env._("Done on Time"), [("state", "=", "done"), ("completed_late", "=", False)]
        )

    def action_open_done_late(self):
        return self._cchc_task_action(
            self.env._("Done Late"), [("state", "=", "done"), ("completed_late", "=", True)]
        )

    def action_open_in_time(self):
        return self._cchc_task_action(
            self.env._("In Progress within Deadline"),
            [("state", "in", ("todo", "in_progress", "waiting")), ("is_overdue", "=", False)],
        )

    def action_open_overdue(self):
        return self._cchc_task_action(self.env._("Overdue"), [("is_overdue", "=", True)])

    def _cchc_feedback_action(self, name, domain):
        return self._cchc_list_action(
            "cchc_outreach.cchc_feedback_action",
            name,
            [
                ("department_id", "=", self.department_id.id),
                ("received_date", ">=", f"{self.year}-01-01"),
                ("received_date", "<=", f"{self.year}-12-31"),
                *domain,
            ],
        )

    def action_open_feedback_on_time(self):
        return self._cchc_feedback_action(
            self.env._("Answered on Time"), [("answer_status", "=", "on_time")]
        )

    def action_open_feedback_late(self):
        return self._cchc_feedback_action(self.env._("Late"), [("is_late", "=", True)])

    def action_open_targets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cchc_outreach.cchc_plan_target_action_dashboard"
        )
        action.update(
            domain=[
                ("plan_id.coordinating_department_id", "=", self.department_id.id),
                ("plan_id.year", "=", self.year),
            ]
        )
        return action
