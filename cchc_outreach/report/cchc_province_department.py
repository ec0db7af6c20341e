from odoo import fields, models
from odoo.tools import SQL


class CchcProvinceDepartment(models.Model):
    """The provincial plan's dashboard: one row per department (child company) and
    issued provincial plan, ranked by the share of its tasks done.

    Built on what departments share upward (cchc.province.task.progress: tasks of issued
    plans) and on feedback counts, never on a department's drafts or a sender's data.
    The rows belong to the province's company: its coordinators read them, no
    department does.
    """

    _name = "cchc.province.department"
    _description = "CCHC Province: Departments Ranking"
    _auto = False
    _order = "provincial_plan_id desc, rank, department_name"
    _rec_name = "department_name"
    _depends = {
        "cchc.task": ["provincial_task_id", "assigned_company_ids", "state", "active"],
        "cchc.plan": ["provincial_plan_id", "state", "active", "year", "company_id"],
        "cchc.feedback": ["company_id", "received_date", "answer_status", "state", "active"],
    }

    provincial_plan_id = fields.Many2one("cchc.plan", readonly=True)
    company_id = fields.Many2one("res.company", string="Province", readonly=True)
    department_company_id = fields.Many2one("res.company", string="Department", readonly=True)
    department_name = fields.Char(readonly=True)
    year = fields.Integer(readonly=True, aggregator=None)
    rank = fields.Integer(readonly=True, aggregator=None)
    assigned_count = fields.Integer(string="Provincial Tasks Assigned", readonly=True)
    covered_count = fields.Integer(
        string="Provincial Tasks Taken Up",
        readonly=True,
        help="Assigned provincial tasks that at least one task of an issued plan carries out.",
    )
    plan_count = fields.Integer(string="Issued Plans", readonly=True)
    task_count = fields.Integer(string="Tasks", readonly=True)
    task_done_count = fields.Integer(string="Done", readonly=True)
    task_late_count = fields.Integer(string="Late", readonly=True)
    task_open_count = fields.Integer(string="Open", readonly=True)
    task_done_rate = fields.Float(string="Done (%)", readonly=True, aggregator=None)
    feedback_count = fields.Integer(string="Feedback Received", readonly=True)
    feedback_on_time_count = fields.Integer(string="Answered on Time", readonly=True)
    feedback_late_count = fields.Integer(string="Feedback Late", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        progress = self.env["cchc.province.task.progress"]._table_query
        Feedback = self.env["cchc.feedback"]
        to_flush = [
            SQL(to_flush=Feedback._fields[name])
            for name in (
                "company_id",
                "received_date",
                "answer_status",
                "answer_deadline",
                "state",
                "active",
            )
        ]
        return SQL(
            """
            WITH progress AS (%s),
            done AS (
                SELECT provincial_plan_id, department_company_id,
                       count(DISTINCT provincial_task_id) AS covered_count,
                       count(*) AS task_count,
                       sum(done_count) AS task_done_count,
                       sum(late_count) AS task_late_count
                  FROM progress GROUP BY provincial_plan_id, department_company_id
            ),
            assigned AS (
                SELECT task.plan_id, rel.company_id, count(*) AS assigned_count
                  FROM cchc_task task
                  JOIN cchc_task_assigned_company_rel rel ON rel.task_id = task.id
                 WHERE task.active AND task.state != 'cancelled'
                 GROUP BY task.plan_id, rel.company_id
            ),
            plans AS (
                SELECT provincial_plan_id, company_id, count(*) AS plan_count
                  FROM cchc_plan
                 WHERE provincial_plan_id IS NOT NULL AND active
                   AND state IN ('issued', 'done')
                 GROUP BY provincial_plan_id, company_id
            ),
            feedback AS (
                SELECT company_id, EXTRACT(YEAR FROM received_date)::int AS year,
                       count(*) AS feedback_count,
                       count(*) FILTER (WHERE answer_status = 'on_time') AS on_time,
                       count(*) FILTER (
                           WHERE answer_status = 'late'
                              OR (state IN ('new', 'classified', 'in_progress')
                                  AND answer_deadline < %s)) AS late
                  FROM cchc_feedback WHERE active
                 GROUP BY company_id, EXTRACT(YEAR FROM received_date)
            ),
            rows AS (
                SELECT plan.id AS provincial_plan_id, plan.company_id,
                       department.id AS department_company_id,
                       department.name AS department_name, plan.year,
                       COALESCE(assigned.assigned_count, 0) AS assigned_count,
                       COALESCE(done.covered_count, 0) AS covered_count,
                       COALESCE(plans.plan_count, 0) AS plan_count,
                       COALESCE(done.task_count, 0) AS task_count,
                       COALESCE(done.task_done_count, 0) AS task_done_count,
                       COALESCE(done.task_late_count, 0) AS task_late_count,
                       COALESCE(feedback.feedback_count, 0) AS feedback_count,
                       COALESCE(feedback.on_time, 0) AS feedback_on_time_count,
                       COALESCE(feedback.late, 0) AS feedback_late_count
                  FROM cchc_plan plan
                  JOIN res_company province ON province.id = plan.company_id
                  JOIN res_company department
                    ON department.parent_path LIKE province.parent_path || %s
                   AND department.id != province.id
                  LEFT JOIN assigned
                    ON assigned.plan_id = plan.id AND assigned.company_id = department.id
                  LEFT JOIN done
                    ON done.provincial_plan_id = plan.id
                   AND done.department_company_id = department.id
                  LEFT JOIN plans
                    ON plans.provincial_plan_id = plan.id AND plans.company_id = department.id
                  LEFT JOIN feedback
                    ON feedback.company_id = department.id AND feedback.year = plan.year
                 WHERE plan.active AND plan.state IN ('issued', 'done')
                   AND (assigned.assigned_count IS NOT NULL OR plans.plan_count IS NOT NULL)
            )
            SELECT row_number() OVER (ORDER BY provincial_plan_id, department_company_id) AS id,
                   rows.*,
                   (task_count - task_done_count - task_late_count) AS task_open_count,
                   CASE WHEN task_count > 0
                        THEN round(100.0 * task_done_count / task_count, 1)
                        ELSE 0 END::float AS task_done_rate,
                   rank() OVER (
                       PARTITION BY provincial_plan_id
                       ORDER BY CASE WHEN task_count > 0
                                     THEN task_done_count::float / task_count ELSE 0 END DESC,
                                task_late_count, covered_count DESC
                   ) AS rank
              FROM rows %s
            """,
            progress,
            today,
            "%",
            SQL().join(to_flush),
        )
