from odoo import fields, models
from odoo.tools import SQL

TASK_STATUS_CATEGORIES = [
    ("done_on_time", "Done on time"),
    ("done_late", "Done late"),
    ("in_time", "In progress within deadline"),
    ("overdue", "Overdue"),
]


class CchcDashboardTask(models.Model):
    """One row per task with where it stands today: the director's stacked chart of
    each unit's tasks (done on time, done late, in progress within deadline, overdue).

    Computed at query time (``_table_query``): "overdue" is judged against today.
    """

    _name = "cchc.dashboard.task"
    _description = "CCHC Task Status per Unit"
    _auto = False
    _order = "department_id, category"
    _rec_name = "task_id"
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
        "cchc.plan": ["year", "active", "state"],
    }

    task_id = fields.Many2one("cchc.task", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("hr.department", string="Unit", readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    category = fields.Selection(TASK_STATUS_CATEGORIES, string="Status", readonly=True)
    date_deadline = fields.Date(string="Deadline", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT task.id, task.id AS task_id, task.company_id,
                   task.lead_department_id AS department_id, plan.year, task.date_deadline,
                   CASE
                       WHEN task.state = 'done' AND task.completed_late IS TRUE THEN 'done_late'
                       WHEN task.state = 'done' THEN 'done_on_time'
                       WHEN task.state IN ('todo', 'in_progress') AND task.date_deadline < %s
                           THEN 'overdue'
                       ELSE 'in_time'
                   END AS category
              FROM cchc_task task
              JOIN cchc_plan plan ON plan.id = task.plan_id
             WHERE task.active AND plan.active
               AND task.state != 'cancelled' AND plan.state != 'cancelled'
            """,
            today,
        )
