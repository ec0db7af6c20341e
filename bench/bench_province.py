#!/usr/bin/env python3
"""Benchmark of the province: dashboard, provincial report and department lists at scale.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_province.py                        # scales 0.1 and 1, databases dropped
    python3 bench/bench_province.py --scales 0.02          # a quick run while developing
    python3 bench/bench_province.py --json bench/out/bench_province.json

For each scale of --scales (default 0.1,1) it copies a database with cchc_outreach (no demo
data, installed once) and seeds, at scale 1:

* with the ORM: a province, "UBND tỉnh" (parent company) and --departments (20) Sở as
  its child companies; 300 units (hr.department) spread over them; 2 000 users with an
  employee in a unit each (per Sở one coordinator, per unit one head, who manages it,
  the rest group_cchc_user; two coordinators of the province); the province's issued
  plan with --provincial-tasks (100) tasks, each assigned to about 60 % of the Sở; one
  plan per Sở implementing it (legal basis linked to the provincial plan);
* with bulk SQL: 200 000 tasks in all in the Sở plans (80 % carry out a provincial task
  assigned to their Sở; a lead unit, 1-2 responsible staff of it, states by deadline),
  then the Sở plans are issued; 500 000 feedback (cchc.feedback, with their sender
  rows in cchc.feedback.sender) spread over the Sở and their units;
* with the ORM again: each Sở's consolidated report for the first 6 months of the year,
  then marked approved; the province's consolidated report of the same period (draft).

Users, units, tasks and feedback scale with --scale; companies and provincial tasks do
not. After seeding, the database is VACUUM ANALYZEd. It then measures (median of --runs
calls, ORM caches emptied before each; wall time and SQL queries):

* the provincial dashboard as a coordinator of the province: the departments ranking
  (cchc.province.department list, web_search_read with the view's specification), the
  departments' progress grouped by provincial task (cchc.province.task.progress,
  web_read_group) and the form of a provincial task with its counts and progress lines;
* the provincial report: ``_cchc_compile()`` of the province's consolidated report
  (rolled back after each run);
* a department user's lists: tasks (cchc.task, the web client's specification and
  count limit), feedback (cchc.feedback) and the provincial tasks assigned to the Sở;

and prints a markdown table with, for each scale, time and queries, and the growth
from the smallest to the largest scale.
"""

import json
import sys
import time
from datetime import date

from _common import (
    base_arg_parser,
    bench_database,
    copy_db,
    db_exists,
    drop_db,
    fmt_int,
    fmt_seconds,
    list_count_limit,
    log,
    markdown_table,
    odoo_args,
    repeat,
    shell_call,
    vacuum_analyze,
    view_specification,
    write_json,
)

YEAR = 2026
PASSWORD = "bench-province"
# At scale 1 (the province)
FULL = {"units": 300, "users": 2000, "tasks": 200_000, "feedback": 500_000}
SO_NAMES = [
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Công Thương",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
]
CHANNELS = ["web_form", "national_portal", "hotline_1022", "email", "in_person", "letter", "zalo"]
# cchc.task / cchc.feedback columns the SQL below writes: a stored computed field that is
# not here (added to the models later) is recomputed with the ORM (tasks) or reported.
TASK_SQL_FIELDS = {
    "name",
    "sequence",
    "plan_id",
    "company_id",
    "lead_department_id",
    "provincial_task_id",
    "date_start",
    "date_deadline",
    "product_type",
    "product_description",
    "authority",
    "state",
    "submitted_by_id",
    "completion_date",
    "approved_by_id",
    "approval_date",
    "completed_late",
    "description",
    "result_note",
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
}
FEEDBACK_SQL_FIELDS = {
    "name",
    "company_id",
    "active",
    "kind",
    "content_class",
    "subject",
    "description",
    "channel",
    "received_date",
    "receiver_id",
    "sender_type",
    "state",
    "classification",
    "department_id",
    "handler_id",
    "classification_deadline",
    "forward_deadline",
    "answer_deadline",
    "date_due",
    "answer_date",
    "answer_status",
    "answered_on_time",
    "forwarded_on_time",
    "cchc_reminder_sent",
    "cchc_escalation_sent",
}


# ----------------------------------------------------------------------------
# Driver half (plain python3); also used by load_test.py
# ----------------------------------------------------------------------------
def scale_tag(scale):
    return f"{scale:g}".replace(".", "_")


def add_size_options(parser, users_flag="--users"):
    parser.add_argument(
        "--departments", type=int, default=20, help="Sở (child companies) of the province (20)"
    )
    parser.add_argument(
        "--provincial-tasks", type=int, default=100, help="tasks of the provincial plan (100)"
    )
    parser.add_argument("--units", type=int, default=FULL["units"], help="units at scale 1 (300)")
    parser.add_argument(
        users_flag,
        dest="province_users",
        type=int,
        default=FULL["users"],
        help="users at scale 1 (2000)",
    )
    parser.add_argument(
        "--tasks", type=int, default=FULL["tasks"], help="tasks at scale 1 (200000)"
    )
    parser.add_argument(
        "--feedback", type=int, default=FULL["feedback"], help="feedback at scale 1 (500000)"
    )


def size_options(args, scale):
    return {
        "scale": scale,
        "departments": args.departments,
        "provincial_tasks": args.provincial_tasks,
        "units": args.units,
        "users": args.province_users,
        "tasks": args.tasks,
        "feedback": args.feedback,
    }


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_bench_province")
    parser.add_argument(
        "--scales",
        default="0.1,1",
        help="comma-separated scales to seed and measure, each in its own database "
        "(default 0.1,1: a tenth, then the full province)",
    )
    parser.add_argument("--runs", type=int, default=5, help="calls per measure (median, 5)")
    add_size_options(parser)
    args = parser.parse_args()
    scales = sorted({float(value) for value in args.scales.split(",") if value.strip()})
    databases = [f"{args.db}_{scale_tag(scale)}" for scale in scales]
    for db in databases:
        if db_exists(db):
            if not args.replace_db:
                raise SystemExit(f"Database {db} already exists: drop it or pass --replace-db.")
            drop_db(db)
    results = {}
    # args.db: the addon installed once; each scale is seeded in a copy of it
    with bench_database(args) as (cmd, addons, extra, _common):
        for scale, db in zip(scales, databases):
            copy_db(args.db, db)
            options = dict(size_options(args, scale), runs=args.runs)
            log(f"scale {scale:g}: seeding and measuring in {db}")
            try:
                results[scale] = shell_call(
                    cmd,
                    odoo_args(addons, extra, db, args.log_level),
                    "bench_province",
                    "seed_and_measure",
                    options,
                )
            finally:
                if not args.keep_db:
                    drop_db(db)
    print_results(scales, results)
    write_json(args.json, {"scales": {f"{scale:g}": results[scale] for scale in scales}})
    return 0


def print_results(scales, results):
    print()
    for scale in scales:
        facts = results[scale]["facts"]
        print(
            f"scale {scale:g}: {facts['companies']} companies, {fmt_int(facts['units'])} units, "
            f"{fmt_int(facts['users'])} users, {fmt_int(facts['tasks'])} tasks, "
            f"{fmt_int(facts['feedback'])} feedback, {facts['department_reports']} department "
            f"reports; seeded in {facts['seed_seconds']:.0f} s"
        )
        if facts.get("orm_recomputed"):
            print(f"  recomputed with the ORM (not seeded in SQL): {facts['orm_recomputed']}")
        if facts.get("feedback_not_seeded"):
            print(f"  stored feedback fields not seeded: {facts['feedback_not_seeded']}")
    headers = ["Measure"]
    for scale in scales:
        headers += [f"s (×{scale:g})", f"queries (×{scale:g})", f"rows (×{scale:g})"]
    if len(scales) > 1:
        headers += ["time growth", "query growth"]
    labels = [entry["label"] for entry in results[scales[0]]["measures"]]
    rows = []
    for index, label in enumerate(labels):
        row = [label]
        entries = [results[scale]["measures"][index] for scale in scales]
        for entry in entries:
            row += [fmt_seconds(entry["seconds"]), entry["queries"], entry.get("rows", "")]
        if len(scales) > 1:
            first, last = entries[0], entries[-1]
            growth = last["seconds"] / first["seconds"] if first["seconds"] else 0
            row += [f"{growth:.1f} ×", f"{first['queries']} → {last['queries']}"]
        rows.append(row)
    print()
    print(f"Province measures (median of runs; data grows {scales[-1] / scales[0]:g} ×)")
    print()
    print(markdown_table(headers, rows))
    print(flush=True)


# ----------------------------------------------------------------------------
# Odoo half (inside odoo shell)
# ----------------------------------------------------------------------------
def seed_and_measure(env, options_json):
    options = json.loads(options_json)
    bench = ProvinceBench(env, options)
    bench.seed()
    bench.measure()
    facts = {k: v for k, v in bench.facts.items() if k not in ("staff", "password")}
    return {"facts": facts, "measures": bench.results}


def seed(env, options_json):
    """Seed only (load_test.py): the facts, with the logins of the people to simulate."""
    options = json.loads(options_json)
    bench = ProvinceBench(env, options)
    bench.seed()
    return bench.facts


class ProvinceBench:
    def __init__(self, env, options):
        self.env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                mail_auto_subscribe_no_notify=True,
                no_reset_password=True,
            )
        )
        self.options = options
        scale = options["scale"]
        self.n_so = options["departments"]
        self.n_units = max(round(options["units"] * scale), self.n_so + 1)
        self.n_users = max(round(options["users"] * scale), 2 * self.n_units + self.n_so + 2)
        self.n_tasks = max(round(options["tasks"] * scale), 10 * self.n_so)
        self.n_feedback = max(round(options["feedback"] * scale), 10 * self.n_so)
        self.today = date.today()
        self.facts = {}
        self.results = []

    # -- seeding ---------------------------------------------------------------
    def seed(self):
        env = self.env
        if env["cchc.task"].with_context(active_test=False).search_count([], limit=1):
            raise SystemExit("The database already has CCHC tasks: use a fresh database.")
        start = time.monotonic()
        self._seed_structure()
        self._seed_tasks()
        self._seed_feedback()
        vacuum_analyze(env)
        self._seed_reports()
        vacuum_analyze(env)
        self.facts["seed_seconds"] = round(time.monotonic() - start, 1)
        log(f"seeded in {self.facts['seed_seconds']} s")

    def _seed_structure(self):
        env = self.env
        t0 = time.monotonic()
        log(f"seeding 1 + {self.n_so} companies, {self.n_units} units, {self.n_users} users (ORM)")
        Company = env["res.company"]
        province = Company.create(
            {
                "name": "UBND tỉnh Đồng Nai (bench)",
                "cchc_issuer_code": "UBND",
                "cchc_superior_body": "UBND TỈNH ĐỒNG NAI",
            }
        )
        sos = Company.browse()
        for k in range(self.n_so):
            base = SO_NAMES[k % len(SO_NAMES)]
            name = base if k < len(SO_NAMES) else f"{base} (khối {k // len(SO_NAMES) + 1})"
            sos |= Company.create(
                {
                    "name": name,
                    "parent_id": province.id,
                    "cchc_issuer_code": f"S{k:02d}",
                    "cchc_superior_body": "UBND TỈNH ĐỒNG NAI",
                }
            )
        self.province, self.sos = province, sos
        # Units: the province's office first, the others round-robin over the Sở.
        unit_vals = [{"name": "Văn phòng UBND tỉnh", "company_id": province.id}]
        unit_company = [-1]
        for index in range(self.n_units - 1):
            k = index % self.n_so
            kind = "Văn phòng" if index < self.n_so else f"Phòng nghiệp vụ {index // self.n_so}"
            unit_vals.append({"name": f"{kind} - {sos[k].name}", "company_id": sos[k].id})
            unit_company.append(k)
        units = env["hr.department"].create(unit_vals)
        # Users: 2 coordinators of the province, 1 per Sở, 1 head per unit, the rest staff.
        groups = {
            key: env.ref(f"cchc_outreach.group_cchc_{key}")
            for key in ("user", "head", "coordinator")
        }
        people = []  # (role, unit index, company)
        for j in range(2):
            people.append(("coordinator", 0, province, f"Điều phối tỉnh {j}"))
        for k, so in enumerate(sos):
            people.append(("coordinator", unit_company.index(k), so, f"Điều phối {so.name}"))
        for u in range(1, self.n_units):
            people.append(("head", u, sos[unit_company[u]], f"Trưởng {units[u].name}"))
        for n in range(self.n_users - len(people)):
            u = 1 + n % (self.n_units - 1)
            people.append(("user", u, sos[unit_company[u]], f"Chuyên viên {n}"))
        users = env["res.users"]
        for offset in range(0, len(people), 500):
            batch = people[offset : offset + 500]
            users |= env["res.users"].create(
                [
                    {
                        "name": name,
                        "login": f"bp_{role}_{offset + n}",
                        "email": f"bp_{role}_{offset + n}@bench.example.com",
                        "company_id": company.id,
                        "company_ids": [(6, 0, company.ids)],
                        "groups_id": [(6, 0, groups[role].ids)],
                        "tz": "Asia/Ho_Chi_Minh",
                    }
                    for n, (role, _u, company, name) in enumerate(batch)
                ]
            )
        employees = env["hr.employee"].browse()
        for offset in range(0, len(people), 500):
            employees |= env["hr.employee"].create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "department_id": units[u].id,
                        "company_id": company.id,
                    }
                    for user, (_role, u, company, _name) in zip(
                        users[offset : offset + 500], people[offset : offset + 500]
                    )
                ]
            )
        staff = {}
        for user, employee, (role, u, _company, _name) in zip(users, employees, people):
            if role == "head":
                units[u].manager_id = employee
            elif role == "user":
                staff.setdefault(u, []).append(user.id)
        # One password for all (hashed once: hashing 2 000 times would take minutes).
        hashed = env["res.users"]._crypt_context().hash(PASSWORD)
        env.flush_all()
        env.cr.execute("UPDATE res_users SET password = %s WHERE id = ANY(%s)", [hashed, users.ids])
        self.units, self.unit_company, self.users, self.people = units, unit_company, users, people
        self.staff = staff
        self.province_coordinator = users[0]
        self.so_coordinators = users[2 : 2 + self.n_so]

        # The provincial plan, its tasks assigned to ~60 % of the Sở, issued.
        Plan = env["cchc.plan"]
        office = units[0]
        self.province_plan = Plan.create(
            {
                "name": f"Kế hoạch tuyên truyền cải cách hành chính tỉnh năm {YEAR}",
                "year": YEAR,
                "company_id": province.id,
                "coordinating_department_id": office.id,
                "user_id": self.province_coordinator.id,
            }
        )
        n_pt = self.options["provincial_tasks"]
        ptasks = env["cchc.task"].create(
            [
                {
                    "name": f"Nhiệm vụ tuyên truyền CCHC của tỉnh số {i + 1}",
                    "plan_id": self.province_plan.id,
                    "lead_department_id": office.id,
                    "responsible_user_ids": [(6, 0, self.province_coordinator.ids)],
                    "date_start": date(YEAR, 1, 15),
                    "date_deadline": date(YEAR, 1 + i % 12, 28),
                    "product_type": "article",
                    "product_description": "Tin, bài trên cổng thông tin",
                    "authority": "Chủ tịch UBND tỉnh",
                    "assigned_company_ids": [
                        (6, 0, [so.id for k, so in enumerate(sos) if (7 * i + k) % 5 < 3])
                    ],
                }
                for i in range(n_pt)
            ]
        )
        self._trusted_write(
            self.province_plan,
            {"state": "issued", "number": f"51/KH-UBND-{YEAR}", "issue_date": date(YEAR, 1, 30)},
        )
        self.ptasks = ptasks
        # One plan per Sở implementing it (issued after its tasks are seeded).
        so_plans = Plan.browse()
        for k, so in enumerate(sos):
            so_plans |= Plan.create(
                {
                    "name": f"Kế hoạch tuyên truyền CCHC năm {YEAR} của {so.name}",
                    "year": YEAR,
                    "company_id": so.id,
                    "coordinating_department_id": units[unit_company.index(k)].id,
                    "user_id": self.so_coordinators[k].id,
                    "legal_basis_ids": [
                        (
                            0,
                            0,
                            {
                                "kind": "implements",
                                "name": self.province_plan.name,
                                "number": self.province_plan.number,
                                "linked_plan_id": self.province_plan.id,
                            },
                        )
                    ],
                }
            )
        self.so_plans = so_plans
        env.flush_all()
        assigned = {so.id: [] for so in sos}
        for task in ptasks:
            for so in task.assigned_company_ids:
                assigned[so.id].append(task.id)
        self.assigned = assigned
        self.facts.update(
            {
                "companies": 1 + self.n_so,
                "units": self.n_units,
                "users": len(users),
                "provincial_tasks": n_pt,
                "structure_seconds": round(time.monotonic() - t0, 1),
            }
        )
        log(f"  structure in {self.facts['structure_seconds']} s")

    def _trusted_write(self, records, vals):
        from odoo.addons.cchc_outreach.models.cchc_workflow_mixin import trusted

        with trusted():
            records.sudo().write(vals)

    def _load_temp_tables(self):
        cr = self.env.cr
        so_rows = []
        unit_rows = []
        staff_rows = []
        pt_rows = []
        units_of = {}
        for u in range(1, self.n_units):
            units_of.setdefault(self.unit_company[u], []).append(u)
        for k, so in enumerate(self.sos):
            so_rows.append(
                (k, so.id, self.so_plans[k].id, len(units_of[k]), len(self.assigned[so.id]))
            )
            for uidx, u in enumerate(units_of[k]):
                unit = self.units[u]
                members = self.staff.get(u) or [self.so_coordinators[k].id]
                unit_rows.append((k, uidx, unit.id, unit.manager_id.user_id.id, len(members)))
                staff_rows += [(unit.id, rn, uid) for rn, uid in enumerate(members)]
            pt_rows += [(k, rn, tid) for rn, tid in enumerate(self.assigned[so.id])]
        for name, columns, rows in (
            ("bp_so", "cidx int, company_id int, plan_id int, n_units int, n_pt int", so_rows),
            ("bp_unit", "cidx int, uidx int, unit_id int, head_id int, n_staff int", unit_rows),
            ("bp_staff", "unit_id int, rn int, user_id int", staff_rows),
            ("bp_ptask", "cidx int, rn int, ptask_id int", pt_rows),
        ):
            cr.execute(f"DROP TABLE IF EXISTS {name}")
            cr.execute(f"CREATE TEMP TABLE {name} ({columns})")
            placeholders = ",".join(["%s"] * len(rows[0]))
            cr.execute(
                f"INSERT INTO {name} VALUES "
                + ",".join(cr.mogrify(f"({placeholders})", row).decode() for row in rows)
            )
            cr.execute(f"ANALYZE {name}")

    def _seed_tasks(self):
        env = self.env
        cr = env.cr
        t0 = time.monotonic()
        n_tasks = self.n_tasks - len(self.ptasks)
        log(f"seeding {fmt_int(n_tasks)} department tasks (SQL)")
        self._load_temp_tables()
        params = {
            "n": n_tasks,
            "n_so": self.n_so,
            "year_start": date(YEAR, 1, 1),
            "year_days": 365,
            "today": self.today,
            "uid": env.uid,
        }
        cr.execute("SELECT setseed(0.42)")
        cr.execute(
            """
            CREATE TEMP TABLE bp_src AS
            WITH s AS (
                SELECT nextval('cchc_task_id_seq') AS id, i, i %% %(n_so)s AS cidx,
                       i / %(n_so)s AS j,
                       random() AS r_unit, random() AS r_state, random() AS r_done,
                       random() AS r_pt,
                       %(year_start)s::date + floor(random() * %(year_days)s)::int AS deadline
                  FROM generate_series(0, %(n)s - 1) AS i
            )
            SELECT s.*, so.company_id, so.plan_id, u.unit_id, u.head_id, st.user_id AS resp_id,
                   st2.user_id AS resp2_id,
                   CASE WHEN s.r_pt < 0.8 THEN pt.ptask_id END AS ptask_id,
                   CASE WHEN s.deadline < %(today)s THEN
                        CASE WHEN s.r_state < 0.80 THEN 'done'
                             WHEN s.r_state < 0.85 THEN 'waiting'
                             WHEN s.r_state < 0.90 THEN 'in_progress'
                             WHEN s.r_state < 0.95 THEN 'todo'
                             ELSE 'cancelled' END
                   ELSE
                        CASE WHEN s.r_state < 0.55 THEN 'todo'
                             WHEN s.r_state < 0.90 THEN 'in_progress'
                             WHEN s.r_state < 0.95 THEN 'waiting'
                             WHEN s.r_state < 0.98 THEN 'done'
                             ELSE 'cancelled' END
                   END AS state
              FROM s
              JOIN bp_so so ON so.cidx = s.cidx
              JOIN bp_unit u ON u.cidx = s.cidx AND u.uidx = floor(s.r_unit * so.n_units)::int
              JOIN bp_staff st ON st.unit_id = u.unit_id AND st.rn = s.j %% u.n_staff
              JOIN bp_staff st2 ON st2.unit_id = u.unit_id AND st2.rn = (s.j + 1) %% u.n_staff
              JOIN bp_ptask pt ON pt.cidx = s.cidx AND pt.rn = s.j %% so.n_pt
            """,
            params,
        )
        cr.execute(
            """
            WITH c AS (
                SELECT src.*,
                       CASE WHEN src.state IN ('waiting', 'done') THEN
                            LEAST(src.deadline - 10 + floor(src.r_done * 18)::int, %(today)s)
                       END AS completion
                  FROM bp_src src
            )
            INSERT INTO cchc_task (
                id, name, sequence, plan_id, company_id, lead_department_id, provincial_task_id,
                date_start, date_deadline, product_type, product_description, authority,
                state, submitted_by_id, completion_date, approved_by_id, approval_date,
                completed_late, description, result_note,
                clear_who, clear_what, clear_when, clear_responsibility, clear_product,
                clear_authority, clarity_score, is_clear, active,
                cchc_reminder_sent, cchc_escalation_sent,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, 'Tuyên truyền CCHC, nhiệm vụ số ' || c.i, 10 + c.i %% 50,
                   c.plan_id, c.company_id, c.unit_id, c.ptask_id,
                   GREATEST(c.deadline - 30, %(year_start)s::date), c.deadline,
                   'article', 'Tin, bài trên trang thông tin', 'Phó Giám đốc phụ trách',
                   c.state,
                   CASE WHEN c.completion IS NOT NULL THEN c.resp_id END,
                   c.completion,
                   CASE WHEN c.state = 'done' THEN c.head_id END,
                   CASE WHEN c.state = 'done' THEN LEAST(c.completion + 2, %(today)s) END,
                   COALESCE(c.completion > c.deadline, false),
                   '<p>Đăng tin, bài về cải cách hành chính, đợt ' || c.i || '</p>',
                   CASE WHEN c.state IN ('waiting', 'done')
                        THEN '<p>Đã đăng ' || (1 + c.i %% 9) || ' tin, bài.</p>' END,
                   true, true, true, true, true, true, 6, true, true, false, false,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM c
            """,
            params,
        )
        cr.execute(
            """
            INSERT INTO cchc_task_res_users_rel (task_id, user_id)
            SELECT id, resp_id FROM bp_src
            UNION
            SELECT id, resp2_id FROM bp_src WHERE id % 10 < 3
            """
        )
        # Stored computes of the plans that depend on their tasks.
        cr.execute(
            """
            INSERT INTO cchc_plan_involved_department_rel (plan_id, department_id)
            SELECT DISTINCT plan_id, unit_id FROM bp_src
            EXCEPT SELECT plan_id, department_id FROM cchc_plan_involved_department_rel
            """
        )
        cr.execute(
            """
            UPDATE cchc_plan plan SET budget_total = COALESCE(totals.total, 0)
              FROM (SELECT plan_id, SUM(budget_estimate) AS total FROM cchc_task
                     WHERE state != 'cancelled' GROUP BY plan_id) totals
             WHERE totals.plan_id = plan.id
            """
        )
        cr.execute("DROP TABLE bp_src")
        env.invalidate_all()
        self._recompute_unhandled()
        self._trusted_write(
            self.so_plans,
            {"state": "issued", "issue_date": date(YEAR, 2, 10)},
        )
        for k, plan in enumerate(self.so_plans):
            self._trusted_write(plan, {"number": f"{10 + k}/KH-S{k:02d}"})
        env.flush_all()
        self.facts["tasks"] = env["cchc.task"].search_count([])
        self.facts["tasks_seconds"] = round(time.monotonic() - t0, 1)
        log(f"  {fmt_int(self.facts['tasks'])} tasks in {self.facts['tasks_seconds']} s")

    def _recompute_unhandled(self):
        env = self.env
        Task = env["cchc.task"].with_context(active_test=False)
        skip = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
        task_fields = [
            field
            for name, field in Task._fields.items()
            if field.store
            and field.compute
            and name not in TASK_SQL_FIELDS
            and name not in skip
            and field.type not in ("one2many", "many2many")
        ]
        if task_fields:
            log(f"  recomputing with the ORM: cchc.task {[f.name for f in task_fields]}")
            ids = Task.search([("plan_id", "in", self.so_plans.ids)], order="id").ids
            for offset in range(0, len(ids), 5000):
                batch = Task.browse(ids[offset : offset + 5000])
                for field in task_fields:
                    env.add_to_compute(field, batch)
                env.flush_all()
                env.invalidate_all()
        self.facts["orm_recomputed"] = [f"cchc.task.{field.name}" for field in task_fields]

    def _seed_feedback(self):
        env = self.env
        cr = env.cr
        t0 = time.monotonic()
        log(f"seeding {fmt_int(self.n_feedback)} feedback and their senders (SQL)")
        Feedback = env["cchc.feedback"]
        self.facts["feedback_not_seeded"] = sorted(
            name
            for name, field in Feedback._fields.items()
            if field.store
            and field.compute
            and field.type not in ("one2many", "many2many")
            and name not in FEEDBACK_SQL_FIELDS
            and name not in ("display_name",)
        )
        officer = env.ref("base.user_admin")
        params = {
            "n": self.n_feedback,
            "n_so": self.n_so,
            "year_start": date(YEAR, 1, 1),
            "days": max((min(self.today, date(YEAR, 12, 31)) - date(YEAR, 1, 1)).days, 1),
            "today": self.today,
            "officer": officer.id,
            "channels": CHANNELS,
            "uid": env.uid,
        }
        cr.execute("SELECT setseed(0.17)")
        cr.execute(
            """
            CREATE TEMP TABLE bp_fb AS
            WITH s AS (
                SELECT nextval('cchc_feedback_id_seq') AS id, n, n %% %(n_so)s AS cidx,
                       random() AS r_unit,
                       %(year_start)s::date + floor(random() * %(days)s)::int AS rd,
                       CASE WHEN (n / %(n_so)s) %% 10 = 0 THEN 'new'
                            WHEN (n / %(n_so)s) %% 10 = 1 THEN
                                 CASE WHEN (n / %(n_so)s) %% 20 = 1 THEN 'classified'
                                      ELSE 'in_progress' END
                            WHEN (n / %(n_so)s) %% 10 < 6 THEN 'answered'
                            ELSE 'closed' END AS st
                  FROM generate_series(1, %(n)s) AS n
            )
            SELECT s.*, so.company_id, u.unit_id, st.user_id AS handler
              FROM s
              JOIN bp_so so ON so.cidx = s.cidx
              JOIN bp_unit u ON u.cidx = s.cidx AND u.uidx = floor(s.r_unit * so.n_units)::int
              JOIN bp_staff st ON st.unit_id = u.unit_id AND st.rn = (s.n / %(n_so)s) %% u.n_staff
            """,
            params,
        )
        cr.execute(
            """
            INSERT INTO cchc_feedback (
                id, name, company_id, active, kind, content_class, subject, description,
                channel, received_date, receiver_id, sender_type, state, classification,
                department_id, handler_id, classification_deadline, forward_deadline,
                answer_deadline, date_due, answer_date, answer_status, answered_on_time,
                cchc_reminder_sent, cchc_escalation_sent,
                create_uid, create_date, write_uid, write_date)
            SELECT f.id, 'BP/' || f.n, f.company_id, true,
                   CASE WHEN f.n %% 3 = 0 THEN 'kien_nghi' ELSE 'phan_anh' END, 'other',
                   'Thủ tục hành chính số ' || (f.n %% 997),
                   'Phản ánh về thời gian giải quyết hồ sơ, lượt ' || f.n,
                   (%(channels)s::varchar[])[1 + f.n %% 7], f.rd, %(officer)s, 'individual',
                   f.st,
                   CASE WHEN f.st = 'new' THEN NULL ELSE 'within' END,
                   CASE WHEN f.st = 'new' THEN NULL ELSE f.unit_id END,
                   CASE WHEN f.st = 'new' THEN NULL ELSE f.handler END,
                   f.rd + 3, f.rd + 7, f.rd + 14,
                   CASE WHEN f.st = 'new' THEN f.rd + 3
                        WHEN f.st IN ('classified', 'in_progress') THEN f.rd + 14 END,
                   CASE WHEN f.st IN ('answered', 'closed')
                        THEN LEAST(f.rd + 10 + f.n %% 7, %(today)s) END,
                   CASE WHEN f.st IN ('answered', 'closed')
                        THEN CASE WHEN f.n %% 7 > 4 THEN 'late' ELSE 'on_time' END END,
                   f.st IN ('answered', 'closed') AND f.n %% 7 <= 4,
                   false, false,
                   %(uid)s, f.rd + time '09:00', %(uid)s, f.rd + time '09:00'
              FROM bp_fb f
            """,
            params,
        )
        cr.execute(
            """
            INSERT INTO cchc_feedback_sender (
                feedback_id, company_id, name, address, phone, email, phone_normalized,
                email_normalized, anonymised, consent_date,
                create_uid, create_date, write_uid, write_date)
            SELECT f.id, f.company_id, 'Công dân ' || f.n,
                   'Số ' || (1 + f.n %% 300) || ' đường 30/4, Biên Hòa, Đồng Nai',
                   '09' || lpad((f.n %% 100000000)::text, 8, '0'),
                   'cd' || f.n || '@example.com',
                   '+849' || lpad((f.n %% 100000000)::text, 8, '0'),
                   'cd' || f.n || '@example.com', false,
                   CASE WHEN f.n %% 7 = 0 THEN f.rd + time '09:00' END,
                   %(uid)s, f.rd + time '09:00', %(uid)s, f.rd + time '09:00'
              FROM bp_fb f
            """,
            params,
        )
        cr.execute("DROP TABLE bp_fb")
        env.invalidate_all()
        self.facts["feedback"] = self.n_feedback
        self.facts["feedback_seconds"] = round(time.monotonic() - t0, 1)
        log(f"  feedback in {self.facts['feedback_seconds']} s")

    def _seed_reports(self):
        env = self.env
        t0 = time.monotonic()
        log(f"compiling {self.n_so} department reports (6 months) and the province's (ORM)")
        Report = env["cchc.report"]
        reports = Report.browse()
        for k, plan in enumerate(self.so_plans):
            reports |= Report.create(
                {
                    "plan_id": plan.id,
                    "scope": "consolidated",
                    "period_kind": "h1",
                    "year": YEAR,
                    "difficulties": f"<p>Kinh phí tuyên truyền của Sở số {k} còn hạn chế.</p>",
                    "proposals": f"<p>Đề nghị tỉnh hỗ trợ Sở số {k} in tờ rơi.</p>",
                }
            )
        for k, report in enumerate(reports):
            state = "approved" if k % 4 else "consolidated"
            self._trusted_write(
                report,
                {
                    "state": state,
                    "number": f"{20 + k}/BC-S{k:02d}",
                    "report_date": date(YEAR, 7, 5),
                },
            )
        self.province_report = Report.create(
            {
                "plan_id": self.province_plan.id,
                "scope": "consolidated",
                "period_kind": "h1",
                "year": YEAR,
            }
        )
        env.flush_all()
        self.facts["department_reports"] = len(reports)
        self.facts["reports_seconds"] = round(time.monotonic() - t0, 1)
        self.facts.update(self._people_facts())
        log(f"  reports in {self.facts['reports_seconds']} s")

    def _people_facts(self):
        """Logins and ids load_test.py simulates (all with the password PASSWORD)."""
        staff_users = []
        for user, (role, _u, company, _name) in zip(self.users, self.people):
            if role == "user":
                staff_users.append({"login": user.login, "id": user.id, "company_id": company.id})
        return {
            "password": PASSWORD,
            "province_id": self.province.id,
            "so_ids": self.sos.ids,
            "province_plan_id": self.province_plan.id,
            "province_report_id": self.province_report.id,
            "province_coordinator": self.province_coordinator.login,
            "staff": staff_users,
        }

    # -- measures --------------------------------------------------------------
    def _web_env(self, user, company):
        context = {
            "lang": "en_US",
            "tz": "Asia/Ho_Chi_Minh",
            "allowed_company_ids": [company.id],
            "bin_size": True,
        }
        return self.env(user=user.id, su=False, context=context)

    def _department_user(self):
        """A staff member of the first Sở's second unit (a typical unit)."""
        so = self.sos[0]
        for user, (role, _u, company, _name) in zip(self.users, self.people):
            if role == "user" and company == so:
                return user
        raise SystemExit("no staff user in the first Sở")

    def measure(self):
        env = self.env
        runs = self.options["runs"]
        coord = self._web_env(self.province_coordinator, self.province)
        dept_user = self._department_user()
        dept = self._web_env(dept_user, self.sos[0])
        ptask = self.ptasks[0]
        report = self.province_report
        specs = {
            "ranking": view_specification(coord, "cchc.province.department", "list"),
            "task_form": view_specification(coord, "cchc.task", "form"),
            "task_list": view_specification(dept, "cchc.task", "list"),
            "feedback_list": view_specification(dept, "cchc.feedback", "list"),
        }
        task_count_limit = list_count_limit(dept, "cchc.task")
        feedback_count_limit = list_count_limit(dept, "cchc.feedback")
        ranking_order = "provincial_plan_id desc, rank"

        def compile_report():
            env.cr.execute("SAVEPOINT bench_province_compile")
            try:
                report.with_env(coord)._cchc_compile()
                env.flush_all()
                return len(report.sudo().department_line_ids)
            finally:
                env.cr.execute("ROLLBACK TO SAVEPOINT bench_province_compile")
                env.invalidate_all()

        def list_page(model, domain, spec, order, count_limit):
            """A list view's first page, as the web client reads it."""
            return model.web_search_read(
                domain, specs[spec], offset=0, limit=80, order=order, count_limit=count_limit
            )

        measures = [
            (
                "ranking",
                "Dashboard: departments ranking, list (province coordinator)",
                lambda: list_page(
                    coord["cchc.province.department"], [], "ranking", ranking_order, 10001
                ),
                lambda r: r["length"],
            ),
            (
                "progress_grouped",
                "Dashboard: departments' progress grouped by provincial task (coordinator)",
                lambda: coord["cchc.province.task.progress"].web_read_group(
                    [], ["__count"], ["provincial_task_id"], limit=80, lazy=True
                ),
                lambda r: r["length"],
            ),
            (
                "ptask_form",
                "Provincial task form with its counts and progress (coordinator)",
                lambda: coord["cchc.task"].browse(ptask.id).web_read(specs["task_form"]),
                lambda r: len(r[0].get("province_progress_ids") or []),
            ),
            (
                "compile",
                "Provincial report: _cchc_compile() (rolled back)",
                compile_report,
                lambda r: r,
            ),
            (
                "task_list",
                "Department user: task list (80 rows + count)",
                lambda: list_page(dept["cchc.task"], [], "task_list", "", task_count_limit),
                lambda r: r["length"],
            ),
            (
                "feedback_list",
                "Department user: feedback list (80 rows + count)",
                lambda: list_page(
                    dept["cchc.feedback"], [], "feedback_list", "", feedback_count_limit
                ),
                lambda r: r["length"],
            ),
            (
                "provincial_tasks",
                "Department user: provincial tasks assigned to the Sở (list)",
                lambda: list_page(
                    dept["cchc.task"],
                    [("plan_id.is_provincial", "=", True)],
                    "task_list",
                    "",
                    task_count_limit,
                ),
                lambda r: r["length"],
            ),
        ]
        log(f"measuring: {len(measures)} measures x {runs} runs")
        results = repeat(env, {key: function for key, _l, function, _r in measures}, runs)
        for key, label, _function, rows in measures:
            entry = results[key]
            self.results.append(
                {
                    "key": key,
                    "label": label,
                    "seconds": entry["median"],
                    "queries": entry["queries_median"],
                    "rows": rows(entry["result"]),
                    "times": [round(t, 4) for t in entry["times"]],
                }
            )
        self.facts["department_user"] = dept_user.login
        env.cr.rollback()


if __name__ == "__main__":
    sys.exit(main())
