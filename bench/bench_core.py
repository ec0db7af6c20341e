#!/usr/bin/env python3
"""Benchmark of the core addon: reminder cron, department task list, plan form.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_core.py                       # database cchc_bench, dropped at the end
    python3 bench/bench_core.py --db my_bench --json bench/out/bench_core.json

It creates a throw-away database with cchc_outreach (no demo data), seeds 20
departments (a head and 4 staff each, 2 coordinators), 500 plans, then 10 000 and
100 000 tasks (bulk SQL), and at each size measures:

* the daily reminders of every model (`_cchc_send_reminders`, what each model's
  scheduled action runs) on 1 July: wall time, SQL queries, activities created
  (rolled back to a savepoint after each run); bench_reminders.py measures them
  with the daily digest, at 200 users;
* the web client's first page of the task list (`web_search_read`, 80 rows, the
  list view's specification, records counted up to the view's count_limit + 1:
  10 001 by default) as a staff member of one department (record rules apply)
  and as admin: median of --runs calls each;
* the plan form of a plan with 300 tasks (`web_read` with the form view's
  specification, its task list included).

and prints a markdown table. See bench/README.md.
"""

import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from _common import (
    Measure,
    base_arg_parser,
    fmt_int,
    fmt_seconds,
    list_count_limit,
    log,
    markdown_table,
    repeat,
    run_bench,
    vacuum_analyze,
    view_specification,
    write_json,
)

CRON_TARGET_SECONDS = 10.0
LIST_TARGET_RATIO = 1.5
STAFF_PER_DEPARTMENT = 4
DEPARTMENT_NAMES = [
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Tổ chức cán bộ",
    "Phòng Quản lý thương mại",
    "Phòng Quản lý công nghiệp",
    "Phòng Quản lý năng lượng",
    "Phòng Kỹ thuật an toàn - Môi trường",
    "Chi cục Quản lý thị trường",
    "Trung tâm Khuyến công",
    "Trung tâm Xúc tiến thương mại",
]
PRODUCT_TYPES = [
    "article",
    "video",
    "publication",
    "print",
    "post",
    "training",
    "conference",
    "event",
    "document",
    "report",
]
# Stored fields of cchc.task the SQL seeding writes itself.
TASK_SQL_FIELDS = {
    "id",
    "name",
    "sequence",
    "plan_id",
    "company_id",
    "lead_department_id",
    "date_start",
    "date_deadline",
    "product_type",
    "product_description",
    "authority",
    "budget_estimate",
    "state",
    "submitted_by_id",
    "completion_date",
    "approved_by_id",
    "approval_date",
    "completed_late",
    "description",
    "clear_who",
    "clear_what",
    "clear_when",
    "clear_responsibility",
    "clear_product",
    "clear_authority",
    "clarity_score",
    "is_clear",
    "active",
    "cchc_reminder_sent",
    "cchc_escalation_sent",
    "responsible_user_ids",
    "cooperating_department_ids",
}
# Stored computes of cchc.plan that depend on its tasks and that SQL refreshes.
PLAN_SQL_FIELDS = {"involved_department_ids", "budget_total"}


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_bench")
    parser.add_argument(
        "--tasks",
        default="10000,100000",
        help="task counts to measure at, ascending (default: 10000,100000)",
    )
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument(
        "--big-plan-tasks", type=int, default=300, help="tasks of the plan whose form is read"
    )
    parser.add_argument(
        "--runs", type=int, default=20, help="calls per measure of the list and form"
    )
    parser.add_argument("--cron-runs", type=int, default=3, help="runs of the cron per size")
    parser.add_argument(
        "--list-count-limit",
        type=int,
        help="count_limit of the task list instead of the list view's own (what the "
        "attribute count_limit on the <list> would do)",
    )
    parser.add_argument(
        "--no-jit",
        action="store_true",
        help="SET jit = off in the measuring session (PostgreSQL's JIT is on by default)",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.tasks.split(","))
    if args.departments < 3 or args.plans < 2 or sizes[0] < args.big_plan_tasks:
        parser.error("need >= 3 departments, >= 2 plans, and more tasks than --big-plan-tasks")
    options = {
        "sizes": sizes,
        "departments": args.departments,
        "plans": args.plans,
        "big_plan_tasks": args.big_plan_tasks,
        "runs": args.runs,
        "cron_runs": args.cron_runs,
        "no_jit": args.no_jit,
        "list_count_limit": args.list_count_limit,
        "json": str(Path(args.json).resolve()) if args.json else None,
    }
    return run_bench(args, "bench_core", "run", options)


# ----------------------------------------------------------------------------
# Inside odoo shell
# ----------------------------------------------------------------------------
def run(env, options_json):
    options = json.loads(options_json)
    if options.get("no_jit"):
        env.cr.execute("SET jit = off")
    env.cr.execute("SHOW jit")
    options["pg_jit"] = env.cr.fetchone()[0]
    env.cr.execute("SHOW server_version")
    options["pg_version"] = env.cr.fetchone()[0]
    bench = CoreBench(env, options)
    bench.seed_base()
    for size in options["sizes"]:
        bench.seed_tasks(size)
        bench.measure(size)
    bench.report()


REMINDER_MODELS = ("cchc.task", "cchc.plan", "cchc.report", "cchc.feedback")


def run_reminders(env, today):
    """What the daily scheduled actions of the models with reminders do (without the
    lock of several workers, so that a savepoint can roll it back): ``{model: created}``."""
    counts = {name: env[name]._cchc_send_reminders(today) for name in REMINDER_MODELS}
    env.flush_all()
    return counts


class CoreBench:
    def __init__(self, env, options):
        self.env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        self.options = options
        self.staff = options.get("staff_per_department") or STAFF_PER_DEPARTMENT
        self.year = date.today().year
        self.today = date(self.year, 7, 1)
        self.results = []
        self.facts = {}
        self.seeded = 0

    # -- seeding ---------------------------------------------------------------
    def seed_base(self):
        env = self.env
        log("seeding departments, users, employees and plans")
        if env["cchc.task"].with_context(active_test=False).search_count([], limit=1):
            raise SystemExit("The database already has CCHC tasks: use a fresh database.")
        with Measure(env) as measure:
            company = env.ref("base.main_company")
            company.cchc_reminder_days = 3
            self.company = company
            count = self.options["departments"]
            names = [
                DEPARTMENT_NAMES[k] if k < len(DEPARTMENT_NAMES) else f"Phòng Nghiệp vụ {k}"
                for k in range(count)
            ]
            departments = env["hr.department"].create(
                [{"name": name, "company_id": company.id} for name in names]
            )
            groups = {
                key: env.ref(f"cchc_outreach.group_cchc_{key}")
                for key in ("user", "head", "coordinator")
            }
            user_vals = []
            for k in range(count):
                user_vals.append(("head", k, f"bench_head_{k}", f"Trưởng phòng {k}"))
                for j in range(self.staff):
                    user_vals.append(("user", k, f"bench_staff_{k}_{j}", f"Chuyên viên {k}.{j}"))
            for j in range(2):
                user_vals.append(("coordinator", 0, f"bench_coordinator_{j}", f"Điều phối {j}"))
            users = env["res.users"].create(
                [
                    {
                        "name": name,
                        "login": login,
                        "email": f"{login}@bench.example.com",
                        "company_id": company.id,
                        "company_ids": [(6, 0, company.ids)],
                        "groups_id": [(6, 0, groups[group].ids)],
                        "tz": "Asia/Ho_Chi_Minh",
                    }
                    for group, _k, login, name in user_vals
                ]
            )
            employees = env["hr.employee"].create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "department_id": departments[k].id,
                        "company_id": company.id,
                    }
                    for user, (_group, k, _login, _name) in zip(users, user_vals)
                ]
            )
            heads = {}
            staff = {}
            coordinators = env["res.users"]
            for user, employee, (group, k, _login, _name) in zip(users, employees, user_vals):
                if group == "head":
                    heads[k] = (user, employee)
                elif group == "user":
                    staff.setdefault(k, []).append(user)
                else:
                    coordinators |= user
            for k, department in enumerate(departments):
                department.manager_id = heads[k][1]
            self.departments = departments
            self.head_user_ids = [heads[k][0].id for k in range(count)]
            self.staff_user_ids = [user.id for k in range(count) for user in staff[k]]
            # The measured "department user": a staff member of one department.
            self.department_user = staff[count // 4][0]

            Plan = env["cchc.plan"]
            main_plan = Plan.create(
                {
                    "name": f"Thông tin, tuyên truyền cải cách hành chính năm {self.year}",
                    "year": self.year,
                    "company_id": company.id,
                    "coordinating_department_id": departments[0].id,
                    "user_id": coordinators[0].id,
                    "state": "issued",
                    "issue_date": date(self.year, 1, 15),
                }
            )
            sub_vals = []
            states = ["issued"] * 8 + ["submitted", "draft"]
            for index in range(self.options["plans"] - 1):
                k = index % count
                sub_vals.append(
                    {
                        "name": f"Kế hoạch tuyên truyền CCHC của đơn vị {k} (số {index})",
                        "year": self.year,
                        "company_id": company.id,
                        "coordinating_department_id": departments[k].id,
                        "user_id": coordinators[index % len(coordinators)].id,
                        "parent_id": main_plan.id,
                        "submission_deadline": self.today + timedelta(days=index % 60 - 30),
                        "state": states[index % len(states)],
                    }
                )
            sub_plans = Plan.create(sub_vals)
            self.big_plan = sub_plans[0]
            self.other_plan_ids = [main_plan.id, *sub_plans[1:].ids]
            env.flush_all()
        self.facts["seed_base_seconds"] = round(measure.seconds, 1)
        self.facts["users"] = len(users)
        self.facts["plans"] = len(sub_plans) + 1
        self.facts["department_user"] = self.department_user.login
        log(
            f"  {count} departments, {len(users)} users, {len(sub_plans) + 1} plans "
            f"in {measure.seconds:.1f} s"
        )

    def seed_tasks(self, size):
        """Insert tasks with bulk SQL until there are ``size`` of them."""
        env = self.env
        cr = env.cr
        start, stop = self.seeded, size
        log(f"seeding tasks {start} .. {stop - 1} with SQL")
        with Measure(env) as measure:
            count = len(self.departments)
            params = {
                "start": start,
                "stop": stop,
                "n_depts": count,
                "half": (count - 1) // 2,
                "staff": self.staff,
                "dept_ids": self.departments.ids,
                "head_ids": self.head_user_ids,
                "staff_ids": self.staff_user_ids,
                "big_plan": self.big_plan.id,
                "big_count": self.options["big_plan_tasks"],
                "plan_ids": self.other_plan_ids,
                "n_plans": len(self.other_plan_ids),
                "year_start": date(self.year, 1, 1),
                "year_days": (date(self.year, 12, 31) - date(self.year, 1, 1)).days + 1,
                "today": self.today,
                "company": self.company.id,
                "uid": env.uid,
                "product_types": PRODUCT_TYPES,
            }
            cr.execute("SELECT setseed(%s)", [0.5 + start / 1e7])
            cr.execute(
                """
                CREATE TEMP TABLE bench_src AS
                SELECT nextval('cchc_task_id_seq') AS id, i,
                       floor(random() * %(n_depts)s)::int AS dept,
                       %(year_start)s::date + floor(random() * %(year_days)s)::int AS deadline,
                       random() AS r_state, random() AS r_done, random() AS r_clear
                  FROM generate_series(%(start)s, %(stop)s - 1) AS i
                """,
                params,
            )
            cr.execute(
                """
                WITH s AS (
                    SELECT src.*,
                           CASE WHEN src.deadline < %(today)s THEN
                                CASE WHEN r_state < 0.80 THEN 'done'
                                     WHEN r_state < 0.85 THEN 'waiting'
                                     WHEN r_state < 0.90 THEN 'in_progress'
                                     WHEN r_state < 0.95 THEN 'todo'
                                     ELSE 'cancelled' END
                           ELSE
                                CASE WHEN r_state < 0.55 THEN 'todo'
                                     WHEN r_state < 0.90 THEN 'in_progress'
                                     WHEN r_state < 0.95 THEN 'waiting'
                                     WHEN r_state < 0.98 THEN 'done'
                                     ELSE 'cancelled' END
                           END AS state,
                           src.id %% 20 <> 7 AS has_resp,
                           src.id %% 33 <> 5 AS has_description,
                           src.r_clear < 0.90 AS has_product,
                           src.r_clear < 0.85 OR src.r_clear >= 0.95 AS has_authority,
                           GREATEST(src.deadline - 30 - (src.id %% 60)::int,
                                    %(year_start)s::date) AS start
                      FROM bench_src src
                ), c AS (
                    SELECT s.*,
                           CASE WHEN s.state IN ('waiting', 'done') THEN
                                LEAST(s.deadline - 10 + floor(s.r_done * 18)::int, %(today)s)
                           END AS completion
                      FROM s
                )
                INSERT INTO cchc_task (
                    id, name, sequence, plan_id, company_id, lead_department_id,
                    date_start, date_deadline, product_type, product_description, authority,
                    budget_estimate, state, submitted_by_id, completion_date, approved_by_id,
                    approval_date, completed_late, description,
                    clear_who, clear_what, clear_when, clear_responsibility, clear_product,
                    clear_authority, clarity_score, is_clear, active,
                    cchc_reminder_sent, cchc_escalation_sent,
                    create_uid, create_date, write_uid, write_date)
                SELECT c.id,
                       'Tuyên truyền CCHC, nhiệm vụ số ' || c.i,
                       10 + c.i %% 50,
                       CASE WHEN c.i < %(big_count)s THEN %(big_plan)s
                            ELSE (%(plan_ids)s::int[])[1 + c.i %% %(n_plans)s] END,
                       %(company)s,
                       (%(dept_ids)s::int[])[1 + c.dept],
                       c.start, c.deadline,
                       CASE WHEN c.has_product
                            THEN (%(product_types)s::varchar[])[1 + c.id %% 10] END,
                       CASE WHEN c.has_product THEN c.i || ' tin, bài trên trang thông tin' END,
                       CASE WHEN c.has_authority THEN 'Phó Giám đốc phụ trách' END,
                       (c.id %% 50) * 1000000,
                       c.state,
                       CASE WHEN c.completion IS NOT NULL THEN
                            (%(staff_ids)s::int[])[1 + c.dept * %(staff)s + c.id %% %(staff)s]
                       END,
                       c.completion,
                       CASE WHEN c.state = 'done' THEN (%(head_ids)s::int[])[1 + c.dept] END,
                       CASE WHEN c.state = 'done' THEN LEAST(c.completion + 2, %(today)s) END,
                       COALESCE(c.completion > c.deadline, false),
                       CASE WHEN c.has_description
                            THEN '<p>Đăng tin, bài về cải cách hành chính, đợt ' || c.i || '</p>'
                       END,
                       c.has_resp, c.has_description, true, true, c.has_product,
                       c.has_authority,
                       c.has_resp::int + c.has_description::int + 2 + c.has_product::int
                           + c.has_authority::int,
                       c.has_resp AND c.has_description AND c.has_product AND c.has_authority,
                       true, false, false,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM c
                """,
                params,
            )
            cr.execute(
                """
                INSERT INTO cchc_task_res_users_rel (task_id, user_id)
                SELECT id, (%(staff_ids)s::int[])[1 + dept * %(staff)s + id %% %(staff)s]
                  FROM bench_src WHERE id %% 20 <> 7
                UNION ALL
                SELECT id, (%(staff_ids)s::int[])[1 + dept * %(staff)s + (id + 1) %% %(staff)s]
                  FROM bench_src WHERE id %% 20 <> 7 AND id %% 10 < 3
                """,
                params,
            )
            cr.execute(
                """
                INSERT INTO cchc_task_cooperating_department_rel (task_id, department_id)
                SELECT id, (%(dept_ids)s::int[])[1 + (dept + 1 + id %% %(half)s) %% %(n_depts)s]
                  FROM bench_src WHERE id %% 3 >= 1
                UNION ALL
                SELECT id, (%(dept_ids)s::int[])[
                           1 + (dept + 1 + %(half)s + id %% %(half)s) %% %(n_depts)s]
                  FROM bench_src WHERE id %% 3 = 2
                """,
                params,
            )
            cr.execute("DROP TABLE bench_src")
            self._refresh_plans()
            self._recompute_unhandled(start)
            env.invalidate_all()
        self.seeded = stop
        log(f"  {stop - start} tasks in {measure.seconds:.1f} s; VACUUM ANALYZE")
        vacuum_analyze(env)
        self.facts[f"seed_tasks_seconds_{stop}"] = round(measure.seconds, 1)

    def _refresh_plans(self):
        """Stored computes of plans that depend on their tasks, in SQL."""
        cr = self.env.cr
        cr.execute("DELETE FROM cchc_plan_involved_department_rel")
        cr.execute(
            """
            INSERT INTO cchc_plan_involved_department_rel (plan_id, department_id)
            SELECT plan_id, lead_department_id FROM cchc_task
             WHERE lead_department_id IS NOT NULL
            UNION
            SELECT task.plan_id, rel.department_id
              FROM cchc_task task
              JOIN cchc_task_cooperating_department_rel rel ON rel.task_id = task.id
            UNION
            SELECT id, coordinating_department_id FROM cchc_plan
             WHERE coordinating_department_id IS NOT NULL
            """
        )
        cr.execute(
            """
            UPDATE cchc_plan plan SET budget_total = totals.total
              FROM (SELECT plan_id, SUM(budget_estimate) AS total FROM cchc_task
                     WHERE state != 'cancelled' GROUP BY plan_id) totals
             WHERE totals.plan_id = plan.id
            """
        )

    def _recompute_unhandled(self, start):
        """Stored computes added to the models after this script was written:
        recompute them with the ORM (slower, but correct)."""
        env = self.env
        Task = env["cchc.task"].with_context(active_test=False)
        task_fields = [
            field
            for name, field in Task._fields.items()
            if field.store and field.compute and name not in TASK_SQL_FIELDS
        ]
        Plan = env["cchc.plan"].with_context(active_test=False)
        plan_fields = [
            field
            for name, field in Plan._fields.items()
            if field.store
            and field.compute
            and name not in PLAN_SQL_FIELDS
            and any(dep.startswith("task_ids") for dep in field.get_depends(Plan)[0])
        ]
        if task_fields:
            log(f"  recomputing with the ORM: cchc.task {[f.name for f in task_fields]}")
            env.invalidate_all()
            ids = Task.search([("id", ">", 0)], order="id").ids[start:]
            for offset in range(0, len(ids), 5000):
                batch = Task.browse(ids[offset : offset + 5000])
                for field in task_fields:
                    env.add_to_compute(field, batch)
                env.flush_all()
                env.invalidate_all()
        if plan_fields:
            log(f"  recomputing with the ORM: cchc.plan {[f.name for f in plan_fields]}")
            plans = Plan.search([])
            for field in plan_fields:
                env.add_to_compute(field, plans)
            env.flush_all()
        self.facts["orm_recomputed"] = [
            f"{field.model_name}.{field.name}" for field in task_fields + plan_fields
        ]

    # -- measures --------------------------------------------------------------
    def measure(self, size):
        log(f"measuring at {fmt_int(size)} tasks")
        self._measure_cron(size)
        self._measure_list(size)
        self._measure_form(size)

    def _measure_cron(self, size):
        from freezegun import freeze_time

        env = self.env
        runs = []
        # One warm-up run first (registry caches: activity types, model ids), as in
        # a cron worker that has run before.
        for index in range(1 + self.options["cron_runs"]):
            env.invalidate_all()
            env.cr.execute("SAVEPOINT bench_cron")
            # Measure is in _common: ignored by freezegun, so it reads the real clock.
            with freeze_time(datetime.combine(self.today, datetime.min.time()), ignore=["_common"]):
                with Measure(env) as first:
                    counts = run_reminders(env, self.today)
                with Measure(env) as again:
                    counts_again = run_reminders(env, self.today)
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
            env.invalidate_all()
            if index:
                runs.append((first, counts, again, counts_again))
            else:
                cold_queries = first.queries
        queries_per_run = [run[0].queries for run in runs]
        runs.sort(key=lambda run: run[0].seconds)
        first, counts, again, counts_again = runs[len(runs) // 2]
        env.cr.execute(
            """
            SELECT COUNT(*) FILTER (WHERE state IN ('todo', 'in_progress')
                                      AND date_deadline BETWEEN %(today)s AND %(today)s + 3),
                   COUNT(*) FILTER (WHERE state IN ('todo', 'in_progress')
                                      AND date_deadline < %(today)s)
              FROM cchc_task
            """,
            {"today": self.today},
        )
        due, late = env.cr.fetchone()
        self._add(
            "cron",
            "Reminder cron (first run of the day)",
            size,
            first.seconds,
            first.queries,
            detail={
                "activities": counts,
                "tasks_due_in_window": due,
                "tasks_late_open": late,
                "all_runs_seconds": sorted(round(run[0].seconds, 3) for run in runs),
                "all_runs_queries": queries_per_run,
                "warmup_run_queries": cold_queries,
            },
        )
        self._add(
            "cron_again",
            "Reminder cron (second run, same day)",
            size,
            again.seconds,
            again.queries,
            detail={"activities": counts_again},
        )

    def _web_envs(self):
        context = {
            "lang": "en_US",
            "tz": "Asia/Ho_Chi_Minh",
            "allowed_company_ids": [self.company.id],
            "bin_size": True,
        }
        admin = self.env.ref("base.user_admin")
        return {
            "department user": self.env(user=self.department_user.id, su=False, context=context),
            "admin": self.env(user=admin.id, su=False, context=context),
        }

    def _measure_list(self, size):
        envs = self._web_envs()
        specs = {label: view_specification(e, "cchc.task", "list") for label, e in envs.items()}
        if self.options.get("list_count_limit"):
            count_limit = self.options["list_count_limit"] + 1
        else:
            count_limit = list_count_limit(envs["admin"], "cchc.task")
        self.facts["list_count_limit"] = count_limit
        calls = {}
        for label, e in envs.items():
            spec = specs[label]
            Task = e["cchc.task"]
            # What the web client calls: the page and the record count (up to 10 001).
            calls[label] = lambda Task=Task, spec=spec: Task.web_search_read(
                [], spec, offset=0, limit=80, order="", count_limit=count_limit
            )
            # Its two halves, to show where the time goes.
            calls[f"{label}/page"] = lambda Task=Task, spec=spec: Task.search_fetch(
                [], list(spec), offset=0, limit=80, order=""
            ).web_read(spec)
            calls[f"{label}/count"] = lambda Task=Task: Task.search_count([], limit=count_limit)
        results = repeat(self.env, calls, self.options["runs"])
        visible = {label: e["cchc.task"].search_count([]) for label, e in envs.items()}
        for label in envs:
            entry = results[label]
            page = results[f"{label}/page"]
            count = results[f"{label}/count"]
            self._add(
                f"list_{label.split()[0]}",
                f"Task list, 80 rows, {label}",
                size,
                entry["median"],
                entry["queries_median"],
                detail={
                    "rows": len(entry["result"]["records"]),
                    "length": entry["result"]["length"],
                    "visible_tasks": visible[label],
                    "times": [round(t, 4) for t in entry["times"]],
                    "page_only_seconds": page["median"],
                    "page_only_queries": page["queries_median"],
                    "count_only_seconds": count["median"],
                    "count_only_queries": count["queries_median"],
                },
            )
        self.facts.setdefault("list_spec", specs["admin"])

    def _measure_form(self, size):
        envs = self._web_envs()
        plan_id = self.big_plan.id
        specs = {label: view_specification(e, "cchc.plan", "form") for label, e in envs.items()}
        calls = {
            label: (lambda e=e, spec=specs[label]: e["cchc.plan"].browse(plan_id).web_read(spec))
            for label, e in envs.items()
        }
        results = repeat(self.env, calls, self.options["runs"])
        for label, entry in results.items():
            record = entry["result"][0]
            self._add(
                f"form_{label.split()[0]}",
                f"Plan form, {self.options['big_plan_tasks']} tasks, {label}",
                size,
                entry["median"],
                entry["queries_median"],
                detail={
                    "task_ids_returned": len(record["task_ids"]),
                    "times": [round(t, 4) for t in entry["times"]],
                },
            )
        self.facts.setdefault("form_spec_task_ids", specs["admin"].get("task_ids"))

    def _add(self, key, label, size, seconds, queries, detail=None):
        self.results.append(
            {
                "key": key,
                "operation": label,
                "tasks": size,
                "seconds": seconds,
                "queries": queries,
                "detail": detail or {},
            }
        )
        log(f"  {label}: {seconds:.3f} s, {queries} queries {detail or ''}")

    # -- report ----------------------------------------------------------------
    def _get(self, key, size):
        for result in self.results:
            if result["key"] == key and result["tasks"] == size:
                return result
        return None

    def report(self):
        sizes = self.options["sizes"]
        smallest = sizes[0]
        rows = []
        verdicts = []
        for result in self.results:
            key, size = result["key"], result["tasks"]
            target, verdict = "", "info"
            if key == "cron":
                base = self._get("cron", smallest)
                flat = result["queries"] == base["queries"]
                fast = result["seconds"] <= CRON_TARGET_SECONDS
                target = f"≤ {CRON_TARGET_SECONDS:g} s; queries flat in N"
                verdict = "OK" if fast and flat else "MISSED"
                if size != smallest:
                    verdict += f" ({base['queries']} → {result['queries']} queries)"
                activities = result["detail"]["activities"]
                result["operation"] += f": {sum(activities.values())} activities"
                verdicts.append(fast and flat)
            elif key == "cron_again":
                activities = result["detail"]["activities"]
                target = "0 new activities"
                verdict = "OK" if not sum(activities.values()) else "MISSED"
                verdicts.append(not sum(activities.values()))
            elif key == "list_department":
                admin = self._get("list_admin", size)
                ratio = result["seconds"] / admin["seconds"]
                result["detail"]["ratio_to_admin"] = round(ratio, 2)
                target = f"≤ {LIST_TARGET_RATIO:g} × admin"
                verdict = ("OK" if ratio <= LIST_TARGET_RATIO else "MISSED") + f" ({ratio:.2f} ×)"
                verdicts.append(ratio <= LIST_TARGET_RATIO)
                result["operation"] += f" (sees {fmt_int(result['detail']['visible_tasks'])})"
            elif key == "list_admin":
                target = "reference"
            rows.append(
                [
                    result["operation"],
                    fmt_int(result["tasks"]),
                    fmt_seconds(result["seconds"]),
                    result["queries"],
                    target,
                    verdict,
                ]
            )
        table = markdown_table(
            ["Operation", "Tasks", "Time (s)", "SQL queries", "Target", "Verdict"], rows
        )
        print()
        print(table)
        print()
        breakdown = []
        for size in sizes:
            for key, who in (("list_department", "department user"), ("list_admin", "admin")):
                detail = self._get(key, size)["detail"]
                breakdown.append(
                    [
                        fmt_int(size),
                        who,
                        fmt_int(detail["visible_tasks"]),
                        fmt_seconds(self._get(key, size)["seconds"]),
                        fmt_seconds(detail["page_only_seconds"]),
                        fmt_seconds(detail["count_only_seconds"]),
                    ]
                )
        print("Task list: where the time goes (medians, seconds)")
        print()
        breakdown_table = markdown_table(
            [
                "Tasks",
                "Who",
                "Visible tasks",
                "web_search_read",
                "page: search + read 80",
                f"count ≤ {fmt_int(self.facts['list_count_limit'])}",
            ],
            breakdown,
        )
        print(breakdown_table)
        print()
        for size in sizes:
            cron = self._get("cron", size)
            detail = cron["detail"]
            print(
                f"At {fmt_int(size)} tasks: {detail['tasks_due_in_window']} open tasks due "
                f"within 3 days of {self.today}, {detail['tasks_late_open']} open and late; "
                f"activities created {detail['activities']}; cron runs (s) "
                f"{detail['all_runs_seconds']}."
            )
        print(
            f"Seeding: base {self.facts['seed_base_seconds']} s; "
            + "; ".join(
                f"tasks up to {fmt_int(size)} {self.facts[f'seed_tasks_seconds_{size}']} s"
                for size in sizes
            )
            + f". PostgreSQL {self.options['pg_version']}, jit {self.options['pg_jit']}."
            + f" Task list count_limit sent: {self.facts['list_count_limit']}"
            + (" (--list-count-limit)." if self.options.get("list_count_limit") else ".")
            + f" Department user: {self.facts['department_user']}. Median of "
            f"{self.options['runs']} interleaved calls per list/form row, ORM cache emptied "
            "before each call."
        )
        if self.facts.get("orm_recomputed"):
            print(f"Recomputed with the ORM (not seeded in SQL): {self.facts['orm_recomputed']}")
        print(f"All targets met: {'yes' if all(verdicts) else 'NO'}")
        write_json(
            self.options.get("json"),
            {
                "date": str(date.today()),
                "bench_today": str(self.today),
                "options": self.options,
                "results": self.results,
                "facts": self.facts,
                "table": table,
                "list_breakdown_table": breakdown_table,
                "all_targets_met": all(verdicts),
            },
        )


if __name__ == "__main__":
    sys.exit(main())
