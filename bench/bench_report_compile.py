#!/usr/bin/env python3
"""Benchmark of the periodic report: compiling a unit with 5 000 tasks and 20 000 feedback.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_report_compile.py               # database cchc_bench_report, dropped
    python3 bench/bench_report_compile.py --tasks 5000 --feedback 20000 --runs 5 \\
        --json bench/out/bench_report_compile.json
    python3 bench/bench_report_compile.py --template my_db_with_the_addon  # faster start

It creates a throw-away database with cchc_outreach (no demo data), seeds with the ORM
a company, 6 units and an issued plan for 2026 with three targets, then with bulk SQL:

* ``--tasks`` tasks (default 5 000) led by the measured unit, "Phòng Quản lý thương
  mại", and as many again led by the 5 other units, spread over 2026 (about 60 % done);
  two outputs per task on two channels (half of them with a link), dated around
  the task's deadline, and one evidence file for one task in ten;
* ``--feedback`` feedback records (default 20 000) assigned to the measured unit and a
  quarter as many to the others, received from 15/12/2025 to 14/12/2026 on the seven
  channels, answered on time, late or not yet (only when the feedback model is
  installed: otherwise the feedback columns say "n/a").

It then measures, each as the median of ``--runs`` runs rolled back to a savepoint,
every run with empty ORM caches and everything flushed:

* creating the unit's report for quarter I and for the year (the report compiles itself
  on creation);
* recompiling the unit's 6-month report (``action_compile``: old lines dropped, new ones
  written);
* creating the department's consolidated report for the year (every unit's tasks and
  feedback, the plan's targets).

and prints a markdown table: wall time, SQL queries, task lines, channel lines and
feedback received in the report. The number of queries does not grow with the number of
tasks or feedback records (compare with ``--tasks 500 --feedback 2000``).
"""

import json
import sys
from datetime import date
from pathlib import Path

from _common import (
    base_arg_parser,
    fmt_int,
    fmt_seconds,
    log,
    markdown_table,
    repeat,
    run_bench,
    vacuum_analyze,
    write_json,
)

YEAR = 2026
UNIT_NAMES = [
    "Văn phòng Sở",
    "Phòng Quản lý thương mại",
    "Phòng Quản lý công nghiệp",
    "Phòng Kế hoạch - Tài chính",
    "Thanh tra Sở",
    "Chi cục Quản lý thị trường",
]
MEASURED_UNIT = 1
FEEDBACK_CHANNELS = [
    "web_form",
    "national_portal",
    "hotline_1022",
    "email",
    "in_person",
    "letter",
    "zalo",
]


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_bench_report")
    parser.add_argument("--tasks", type=int, default=5000, help="tasks of the measured unit")
    parser.add_argument(
        "--feedback", type=int, default=20000, help="feedback records of the measured unit"
    )
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (median)")
    args = parser.parse_args()
    options = {
        "tasks": args.tasks,
        "feedback": args.feedback,
        "runs": args.runs,
        "json": str(Path(args.json).resolve()) if args.json else None,
    }
    return run_bench(args, "bench_report_compile", "run", options)


# ----------------------------------------------------------------------------
# Inside odoo shell
# ----------------------------------------------------------------------------
def run(env, options_json):
    options = json.loads(options_json)
    bench = ReportBench(env, options)
    bench.seed()
    bench.measure()
    bench.report()


class ReportBench:
    def __init__(self, env, options):
        self.env = env(
            context=dict(
                env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True
            )
        )
        self.options = options
        self.has_feedback = "cchc.feedback" in self.env
        self.results = []

    # -- seeding ---------------------------------------------------------------
    def seed(self):
        env = self.env
        cr = env.cr
        if env["cchc.report"].search_count([], limit=1):
            raise SystemExit("The database already has CCHC reports: use a fresh database.")
        log("seeding units, plan and targets with the ORM")
        company = env.ref("base.main_company")
        company.write({"cchc_issuer_code": "SCT", "cchc_superior_body": "UBND TỈNH ĐỒNG NAI"})
        self.company = company
        self.units = env["hr.department"].create(
            [{"name": name, "company_id": company.id} for name in UNIT_NAMES]
        )
        self.unit = self.units[MEASURED_UNIT]
        self.plan = env["cchc.plan"].create(
            {
                "name": f"Thông tin, tuyên truyền cải cách hành chính năm {YEAR}",
                "year": YEAR,
                "date_start": date(YEAR - 1, 12, 1),
                "company_id": company.id,
                "coordinating_department_id": self.units[0].id,
                "target_ids": [
                    (0, 0, {"name": "Cán bộ được phổ biến", "target_value": 100, "unit": "%"}),
                    (0, 0, {"name": "Hồ sơ trực tuyến", "target_value": 80, "unit": "%"}),
                    (0, 0, {"name": "SIPAS", "target_value": 85, "unit": "%"}),
                ],
            }
        )
        self.plan.write({"state": "issued", "number": "07/KH-SCT", "issue_date": date(YEAR, 2, 7)})
        channels = env["cchc.channel"].search([], limit=2).ids
        env.flush_all()
        tasks = self.options["tasks"]
        other_ids = [unit.id for unit in self.units if unit != self.unit]
        log(f"seeding {fmt_int(2 * tasks)} tasks and {fmt_int(4 * tasks)} outputs with SQL")
        cr.execute("SELECT setseed(0.42)")
        cr.execute(
            """
            CREATE TEMP TABLE bench_task AS
            SELECT nextval('cchc_task_id_seq') AS id, i,
                   CASE WHEN i < %(tasks)s THEN %(unit)s
                        ELSE (%(others)s::int[])[1 + i %% %(n_others)s] END AS dept,
                   %(start)s::date + floor(random() * 365)::int AS deadline,
                   random() AS r
              FROM generate_series(0, 2 * %(tasks)s - 1) AS i
            """,
            {
                "tasks": tasks,
                "unit": self.unit.id,
                "others": other_ids,
                "n_others": len(other_ids),
                "start": date(YEAR, 1, 1),
            },
        )
        cr.execute(
            """
            INSERT INTO cchc_task (
                id, name, sequence, plan_id, company_id, lead_department_id, date_start,
                date_deadline, product_description, state, completion_date, completed_late,
                clear_who, clear_what, clear_when, clear_responsibility, clear_product,
                clear_authority, clarity_score, is_clear, active, result_note,
                cchc_reminder_sent, cchc_escalation_sent,
                create_uid, create_date, write_uid, write_date)
            SELECT t.id, 'Tuyên truyền CCHC, nhiệm vụ số ' || t.i, 10, %(plan)s, %(company)s,
                   t.dept, GREATEST(t.deadline - 45, %(start)s::date), t.deadline,
                   '12 tin, bài',
                   CASE WHEN t.r < 0.6 THEN 'done' WHEN t.r < 0.8 THEN 'in_progress'
                        WHEN t.r < 0.97 THEN 'todo' ELSE 'cancelled' END,
                   CASE WHEN t.r < 0.6 THEN t.deadline - 5 + floor(t.r * 15)::int END,
                   t.r < 0.6 AND t.deadline - 5 + floor(t.r * 15)::int > t.deadline,
                   true, true, true, true, true, true, 6, true, true,
                   CASE WHEN t.i %% 3 = 0 THEN '<p>Đã đăng tin, bài.</p>' END,
                   false, false,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM bench_task t
            """,
            {
                "plan": self.plan.id,
                "company": company.id,
                "uid": env.uid,
                "start": date(YEAR, 1, 1),
            },
        )
        cr.execute(
            """
            INSERT INTO cchc_task_output (
                task_id, plan_id, company_id, channel_id, metric, quantity, date, link,
                create_uid, create_date, write_uid, write_date)
            SELECT t.id, %(plan)s, %(company)s, (%(channels)s::int[])[1 + k],
                   CASE WHEN k = 0 THEN 'items' ELSE 'views' END,
                   CASE WHEN k = 0 THEN 1 + t.i %% 5 ELSE 100 + t.i %% 900 END,
                   t.deadline - 10 + k * 3,
                   CASE WHEN (t.i + k) %% 2 = 0
                        THEN 'https://sct.example.gov.vn/tin/' || t.i || '-' || k END,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM bench_task t CROSS JOIN generate_series(0, 1) AS k
            """,
            {"plan": self.plan.id, "company": company.id, "channels": channels, "uid": env.uid},
        )
        cr.execute(
            """
            WITH att AS (
                INSERT INTO ir_attachment (name, type, res_model, res_id, mimetype,
                                           create_uid, create_date, write_uid, write_date)
                SELECT 'minh-chung-' || t.i || '.pdf', 'url', 'cchc.task', t.id,
                       'application/pdf', %(uid)s, now() at time zone 'UTC', %(uid)s,
                       now() at time zone 'UTC'
                  FROM bench_task t WHERE t.i %% 10 = 0
             RETURNING id, res_id
            )
            INSERT INTO cchc_task_evidence_attachment_rel (task_id, attachment_id)
            SELECT res_id, id FROM att
            """,
            {"uid": env.uid},
        )
        cr.execute("DROP TABLE bench_task")
        if self.has_feedback:
            total = self.options["feedback"]
            log(f"seeding {fmt_int(total + total // 4)} feedback records with SQL")
            cr.execute(
                """
                WITH f AS (
                    SELECT i,
                           CASE WHEN i < %(total)s THEN %(unit)s
                                ELSE (%(others)s::int[])[1 + i %% %(n_others)s] END AS dept,
                           %(first)s::date + floor(random() * 365)::int AS received,
                           random() AS r
                      FROM generate_series(0, %(total)s + %(total)s / 4 - 1) AS i
                ), g AS (
                    SELECT f.*, f.received + 10 AS deadline,
                           CASE WHEN f.r < 0.70 THEN f.received + 3 + floor(f.r * 12)::int
                           END AS answered
                      FROM f
                )
                INSERT INTO cchc_feedback (
                    company_id, name, kind, subject, description, channel, sender_type,
                    state, received_date, department_id, answer_deadline, answer_date,
                    answered_on_time, answer_status, active,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, 'BENCH/' || g.i, 'phan_anh', 'Thủ tục hành chính',
                       'Phản ánh về thời gian giải quyết hồ sơ',
                       (%(channels)s::varchar[])[1 + g.i %% 7],
                       'individual',
                       CASE WHEN g.answered IS NOT NULL THEN 'answered'
                            WHEN g.r < 0.75 THEN 'not_accepted'
                            ELSE 'in_progress' END,
                       g.received, g.dept, g.deadline, g.answered,
                       COALESCE(g.answered <= g.deadline, false),
                       CASE WHEN g.answered IS NULL THEN NULL
                            WHEN g.answered <= g.deadline THEN 'on_time' ELSE 'late' END,
                       true,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM g
                """,
                {
                    "total": total,
                    "unit": self.unit.id,
                    "others": other_ids,
                    "n_others": len(other_ids),
                    "first": date(YEAR - 1, 12, 15),
                    "company": company.id,
                    "channels": FEEDBACK_CHANNELS,
                    "uid": env.uid,
                },
            )
        env.invalidate_all()
        tables = ["cchc_task", "cchc_task_output", "cchc_task_evidence_attachment_rel"]
        if self.has_feedback:
            tables.append("cchc_feedback")
        vacuum_analyze(env, tables)
        log("data committed and analysed")

    # -- measures --------------------------------------------------------------
    def _create(self, label, vals):
        env = self.env
        Report = env["cchc.report"]
        base = {"plan_id": self.plan.id, "year": YEAR}

        def call():
            env.cr.execute("SAVEPOINT bench_report")
            try:
                report = Report.create(dict(base, **vals))
                env.flush_all()
                return (
                    len(report.task_line_ids),
                    len(report.channel_line_ids),
                    report.feedback_received_count,
                )
            finally:
                env.cr.execute("ROLLBACK TO SAVEPOINT bench_report")
                env.invalidate_all()

        return label, call

    def _recompile(self, label, vals):
        env = self.env
        report = env["cchc.report"].create({"plan_id": self.plan.id, "year": YEAR, **vals})
        env.flush_all()

        def call():
            env.cr.execute("SAVEPOINT bench_report")
            try:
                report.action_compile()
                env.flush_all()
                return (
                    len(report.task_line_ids),
                    len(report.channel_line_ids),
                    report.feedback_received_count,
                )
            finally:
                env.cr.execute("ROLLBACK TO SAVEPOINT bench_report")
                env.invalidate_all()

        return label, call

    def measure(self):
        unit = {"scope": "unit", "department_id": self.unit.id}
        functions = dict(
            [
                self._create(
                    "unit report, quarter I (create = compile)", dict(unit, period_kind="q1")
                ),
                self._create(
                    "unit report, year (create = compile)", dict(unit, period_kind="year")
                ),
                self._recompile("unit report, 6 months: recompile", dict(unit, period_kind="h1")),
                self._create(
                    "department report, year (all units)",
                    {"scope": "consolidated", "period_kind": "year"},
                ),
            ]
        )
        log(f"measuring: {len(functions)} measures x {self.options['runs']} runs")
        results = repeat(self.env, functions, self.options["runs"])
        for label, entry in results.items():
            lines, channels, received = entry["result"]
            self.results.append(
                {
                    "measure": label,
                    "seconds": entry["median"],
                    "queries": entry["queries_median"],
                    "task_lines": lines,
                    "channel_lines": channels,
                    "feedback_received": received if self.has_feedback else None,
                }
            )

    def report(self):
        headers = [
            "Measure",
            "Time (s)",
            "SQL queries",
            "Task lines",
            "Channel lines",
            "Feedback received",
        ]
        rows = [
            [
                r["measure"],
                fmt_seconds(r["seconds"]),
                r["queries"],
                fmt_int(r["task_lines"]),
                r["channel_lines"],
                fmt_int(r["feedback_received"]) if r["feedback_received"] is not None else "n/a",
            ]
            for r in self.results
        ]
        print()
        print(
            f"Compiling periodic reports: unit with {fmt_int(self.options['tasks'])} tasks "
            f"and {fmt_int(self.options['feedback']) if self.has_feedback else 'no'} feedback "
            f"records (median of {self.options['runs']} runs)"
        )
        print()
        print(markdown_table(headers, rows))
        print(flush=True)
        write_json(self.options.get("json"), {"options": self.options, "results": self.results})


if __name__ == "__main__":
    sys.exit(main())
