from odoo import fields, models
from odoo.tools import SQL

from ..models.cchc_task import TASK_STATES

TASK_FIELDS = (
    "provincial_task_id",
    "plan_id",
    "company_id",
    "name",
    "state",
    "date_deadline",
    "completion_date",
    "completed_late",
    "result_note",
    "active",
)


class CchcProvinceTaskProgress(models.Model):
    """What a department shares upward about a provincial task: its own tasks that carry
    it out, from issued plans only, with their state, deadline and results.

    Read by the province (the parent company's coordinators): the rows belong to the
    provincial task's company, so the multi-company rule shows them to the province and
    to no department. No draft plan, no internal note, no personal data is in it.
    "Late" is judged against the user's today, as on the department's own task.
    """

    _name = "cchc.province.task.progress"
    _description = "CCHC Province: Department Task Progress"
    _auto = False
    _order = "department_name, date_deadline, id"
    _depends = {
        "cchc.task": [*TASK_FIELDS],
        "cchc.plan": ["state", "active", "number", "company_id"],
    }

    provincial_task_id = fields.Many2one("cchc.task", readonly=True)
    provincial_plan_id = fields.Many2one("cchc.plan", readonly=True)
    company_id = fields.Many2one("res.company", string="Province", readonly=True)
    department_company_id = fields.Many2one("res.company", string="Department", readonly=True)
    department_name = fields.Char(readonly=True)
    plan_number = fields.Char(string="Department Plan", readonly=True)
    name = fields.Char(string="Task", readonly=True)
    state = fields.Selection(TASK_STATES, string="Status", readonly=True)
    date_deadline = fields.Date(string="Deadline", readonly=True)
    completion_date = fields.Date(readonly=True)
    result_note = fields.Html(string="Results", readonly=True)
    done_count = fields.Integer(string="Done", readonly=True)
    late_count = fields.Integer(
        string="Late", readonly=True, help="Not done, and overdue or completed after its deadline."
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        Task = self.env["cchc.task"]
        to_flush = [SQL(to_flush=Task._fields[name]) for name in TASK_FIELDS]
        return SQL(
            """
            SELECT task.id, task.provincial_task_id,
                   provincial.plan_id AS provincial_plan_id,
                   provincial.company_id,
                   task.company_id AS department_company_id,
                   department.name AS department_name,
                   plan.number AS plan_number,
                   task.name, task.state, task.date_deadline, task.completion_date,
                   task.result_note,
                   (task.state = 'done')::int AS done_count,
                   (CASE WHEN task.state IN ('todo', 'in_progress')
                         THEN COALESCE(task.date_deadline < %s, FALSE)
                         WHEN task.state = 'waiting' THEN task.completed_late IS TRUE
                         ELSE FALSE END)::int AS late_count
              FROM cchc_task task
              JOIN cchc_plan plan ON plan.id = task.plan_id
              JOIN cchc_task provincial ON provincial.id = task.provincial_task_id
              JOIN res_company department ON department.id = task.company_id
             WHERE task.provincial_task_id IS NOT NULL
               AND task.active AND plan.active
               AND task.state != 'cancelled'
               AND plan.state IN ('issued', 'done') %s
            """,
            today,
            SQL().join(to_flush),
        )
