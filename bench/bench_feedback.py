#!/usr/bin/env python3
"""Benchmark of citizen feedback (PAKN): public form throughput and reminder cron.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_feedback.py                    # database fb_bench, dropped at the end
    python3 bench/bench_feedback.py --submissions 2000 --sizes 10000,100000 --port 8184

It creates a throw-away database with cchc_outreach (no demo data), then

1. starts ONE Odoo process on 127.0.0.1 (threaded server, `--workers=0`, no cron
   thread; `--workers=1` gives one prefork HTTP worker instead) and posts
   --submissions valid feedback through the public form (`/pakn/gui`, CSRF token,
   multipart, rate limit switched off for the run): one client after the other,
   without and with a 60 kB PDF, then --clients clients at once. Prints submissions
   per second (target >= 50/s for the single client without attachment) and checks
   that the database holds exactly one valid feedback per accepted submission;
2. seeds 10 000 then 100 000 feedback (bulk SQL: 10 % new, 10 % being handled,
   80 % answered or closed; due dates spread around 1 July 2026) and runs the
   feedback part of the daily reminder cron (`cchc.feedback._cchc_send_reminders`)
   on 1 July: wall time, SQL queries (target: the same at every size) and
   activities created, rolled back after each run;

and prints a markdown table.
"""

import json
import sys
import threading
import time
from pathlib import Path

from _common import (
    Measure,
    base_arg_parser,
    bench_database,
    fmt_int,
    fmt_seconds,
    log,
    markdown_table,
    shell_call,
    write_json,
)
from _disguised_files import pdf
from _feedback_http import CODE_RE, FormClient, OdooServer

TARGET_PER_SECOND = 50
# A one-page PDF of about 60 kB (an unreferenced stream of spaces): passes the checks.
PDF = pdf(extra_objects=[b"<< /Length 60000 >>\nstream\n" + b" " * 60_000 + b"\nendstream"])


# ----------------------------------------------------------------------------
# Driver half
# ----------------------------------------------------------------------------
def valid_fields(index, company_id):
    return [
        ("company_id", str(company_id)),
        ("kind", "phan_anh" if index % 3 else "kien_nghi"),
        ("sender_type", "individual"),
        ("sender_name", f"Nguyễn Văn Bench {index}"),
        ("sender_address", "12 Đường 30/4, phường Trung Dũng, Biên Hòa, Đồng Nai"),
        ("sender_phone", f"09{index % 100000000:08d}"),
        ("sender_email", f"bench{index}@example.com"),
        ("subject", "Thủ tục cấp Giấy phép bán lẻ sản phẩm rượu"),
        ("content_class", "applied_late"),
        ("description", "Hồ sơ nộp trực tuyến ngày 02/3/2026 đến nay chưa được giải quyết. " * 3),
        ("website", ""),
        ("consent", "1"),
    ]


def http_bench(clients, count, company_id, with_file):
    """Post ``count`` valid submissions, shared out between the clients (threads)."""
    files = [("attachments", "bien-nhan.pdf", PDF, "application/pdf")] if with_file else []
    codes = []
    statuses = {}
    lock = threading.Lock()

    def work(client, indexes):
        for index in indexes:
            status, body = client.submit(valid_fields(index, company_id), files)
            match = CODE_RE.search(body)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200 and match:
                    codes.append(match[1].decode())

    threads = [
        threading.Thread(target=work, args=(client, range(n, count, len(clients))))
        for n, client in enumerate(clients)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    return {
        "count": count,
        "clients": len(clients),
        "seconds": seconds,
        "per_second": count / seconds if seconds else 0.0,
        "statuses": statuses,
        "codes": codes,
    }


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "fb_bench")
    parser.add_argument("--port", type=int, default=8184, help="loopback HTTP port (8184)")
    parser.add_argument("--submissions", type=int, default=1000, help="per measure (1000)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--sizes", default="10000,100000", help="feedback counts for the cron")
    parser.add_argument("--cron-runs", type=int, default=3)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="Odoo --workers: 0 (default) runs ONE threaded Odoo process; 1 runs one "
        "prefork HTTP worker (needs gevent's dependencies for the longpolling process)",
    )
    parser.add_argument(
        "--clients", type=int, default=2, help="concurrent clients of the last measure (2)"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]

    results = {}
    with bench_database(args) as (cmd, addons, extra, common):
        setup = shell_call(cmd, common, "bench_feedback", "setup_http", {"port": args.port})
        company_id = setup["company_id"]

        server_log = Path("/tmp", f"{args.db}_server.log")
        measures = {}
        with OdooServer(cmd, addons, extra, args.db, args.port, server_log, args.workers):
            clients = [FormClient(args.port, company_id) for _n in range(max(args.clients, 1))]
            for client in clients:
                client.refresh_token()
            http_bench(clients[:1], args.warmup, company_id, False)
            for label, with_file, group in (
                ("valid form, no attachment, 1 client", False, clients[:1]),
                ("valid form + 60 kB PDF, 1 client", True, clients[:1]),
                (f"valid form, no attachment, {len(clients)} clients", False, clients),
            ):
                if label in measures:
                    continue
                log(f"posting {args.submissions} submissions: {label}")
                measures[label] = http_bench(group, args.submissions, company_id, with_file)
        codes = [code for data in measures.values() for code in data["codes"]]
        check = shell_call(cmd, common, "bench_feedback", "check_http", {"codes": codes})
        results["http"] = {
            "measures": {
                label: {k: v for k, v in data.items() if k != "codes"}
                for label, data in measures.items()
            },
            "check": check,
        }
        log(f"seeding and measuring the reminder cron at {sizes}")
        results["cron"] = shell_call(
            cmd, common, "bench_feedback", "cron_bench", {"sizes": sizes, "runs": args.cron_runs}
        )

    http_rows = [
        [
            label,
            fmt_int(data["count"]),
            fmt_seconds(data["seconds"]),
            f"{data['per_second']:.1f}",
            json.dumps(data["statuses"]),
            "yes" if data["per_second"] >= TARGET_PER_SECOND else "NO",
        ]
        for label, data in results["http"]["measures"].items()
    ]
    print()
    print(
        f"Public form on one Odoo {'worker' if args.workers else 'process (threaded)'} "
        "over loopback"
    )
    print()
    print(
        markdown_table(
            ["submission", "count", "seconds", "per second", "HTTP statuses", ">= 50/s"],
            http_rows,
        )
    )
    check = results["http"]["check"]
    print(
        f"\nrecords: {check['records']} for {check['accepted']} accepted submissions "
        f"({'exactly one each' if check['ok'] else 'MISMATCH'}), "
        f"{check['attachments']} attachments, {check['bad']} invalid records"
    )
    cron_rows = [
        [
            fmt_int(row["size"]),
            fmt_seconds(row["seconds"]),
            row["queries"],
            fmt_int(row["activities"]),
        ]
        for row in results["cron"]
    ]
    print()
    print("Feedback reminders of the daily cron (median of runs, rolled back)")
    print()
    print(markdown_table(["feedback", "seconds", "SQL queries", "activities created"], cron_rows))
    flat = len({row["queries"] for row in results["cron"]}) == 1
    print(f"\nquery count flat in N: {'yes' if flat else 'NO'}")
    write_json(args.json, results)
    ok = check["ok"] and flat and http_rows[0][-1] == "yes"
    return 0 if ok else 1


# ----------------------------------------------------------------------------
# Odoo half (inside odoo shell)
# ----------------------------------------------------------------------------
def setup_http(env, options):
    options = json.loads(options)
    company = env.ref("base.main_company")
    company.write({"cchc_feedback_rate_limit_count": 0, "cchc_feedback_public_enabled": True})
    env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{options['port']}")
    env.cr.commit()
    return {"company_id": company.id}


def check_http(env, options):
    options = json.loads(options)
    Feedback = env["cchc.feedback"].sudo().with_context(active_test=False)
    records = Feedback.search([("channel", "=", "web_form")])
    codes = set(options["codes"])
    names = set(records.mapped("name"))
    bad = 0
    for feedback in records:
        sender = env["cchc.feedback.sender"].sudo().search([("feedback_id", "=", feedback.id)])
        if not (sender.name and sender.address and (sender.phone or sender.email)):
            bad += 1
        elif not (feedback.subject and feedback.description and feedback.answer_deadline):
            bad += 1
    return {
        "records": len(records),
        "accepted": len(codes),
        # the warm-up submissions are in the database too
        "ok": codes <= names and len(names) == len(records),
        "attachments": env["ir.attachment"]
        .sudo()
        .search_count([("res_model", "=", "cchc.feedback")]),
        "bad": bad,
    }


def _seed(env, target):
    """Bring the number of cchc_feedback rows to ``target`` with bulk SQL."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM cchc_feedback")
    current = cr.fetchone()[0]
    if current >= target:
        return
    company = env.ref("base.main_company")
    departments = env["hr.department"].search([("name", "like", "BENCH %")])
    if not departments:
        Users = env["res.users"].with_context(no_reset_password=True)
        for index in range(20):
            department = env["hr.department"].create(
                {"name": f"BENCH Phòng {index:02d}", "company_id": company.id}
            )
            for role in ("head", "staff"):
                user = Users.create(
                    {
                        "name": f"BENCH {role} {index:02d}",
                        "login": f"bench_fb_{role}_{index:02d}",
                        "company_id": company.id,
                        "company_ids": [(6, 0, company.ids)],
                    }
                )
                employee = env["hr.employee"].create(
                    {"name": user.name, "user_id": user.id, "department_id": department.id}
                )
                if role == "head":
                    department.manager_id = employee
        departments = env["hr.department"].search([("name", "like", "BENCH %")])
        env.flush_all()
    staff = env["res.users"].search([("login", "like", "bench_fb_staff_%")], order="login")
    officer = env.ref("base.user_admin")
    dep_ids = departments.ids
    staff_ids = staff.ids
    count = target - current
    cr.execute(
        """
        INSERT INTO cchc_feedback (
            name, company_id, active, kind, content_class, subject, description, channel,
            received_date, receiver_id, sender_type, state, department_id, handler_id,
            classification_deadline, forward_deadline, answer_deadline, date_due,
            answer_date, answer_status, answered_on_time, cchc_reminder_sent,
            cchc_escalation_sent, create_uid, create_date, write_uid, write_date)
        SELECT 'BENCH/' || (%(offset)s + n), %(company)s, true,
               CASE WHEN n %% 3 = 0 THEN 'kien_nghi' ELSE 'phan_anh' END, 'other',
               'Bench subject ' || n, 'Bench content', 'web_form',
               rd, %(officer)s, 'individual', st,
               CASE WHEN st = 'new' THEN NULL ELSE (%(deps)s)[1 + n %% %(ndeps)s] END,
               CASE WHEN st = 'new' THEN NULL ELSE (%(staff)s)[1 + n %% %(nstaff)s] END,
               rd + 3, rd + 7, rd + 14,
               CASE WHEN st = 'new' THEN rd + 3
                    WHEN st IN ('classified', 'in_progress') THEN rd + 14 END,
               CASE WHEN st IN ('answered', 'closed') THEN rd + 10 + n %% 7 END,
               CASE WHEN st IN ('answered', 'closed')
                    THEN CASE WHEN n %% 7 > 4 THEN 'late' ELSE 'on_time' END END,
               st IN ('answered', 'closed') AND n %% 7 <= 4,
               false, false, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM (
            SELECT n,
                   DATE '2026-07-01' - (n %% 120) AS rd,
                   CASE WHEN n %% 10 = 0 THEN 'new'
                        WHEN n %% 10 = 1 THEN CASE WHEN n %% 20 = 1 THEN 'classified'
                                                   ELSE 'in_progress' END
                        WHEN n %% 10 < 6 THEN 'answered' ELSE 'closed' END AS st
              FROM generate_series(1, %(count)s) AS n
          ) AS seed
        """,
        {
            "offset": current,
            "company": company.id,
            "officer": officer.id,
            "deps": dep_ids,
            "ndeps": len(dep_ids),
            "staff": staff_ids,
            "nstaff": len(staff_ids),
            "count": count,
        },
    )
    env.cr.commit()
    cr.execute("ANALYZE cchc_feedback")


def cron_bench(env, options):
    import statistics
    from datetime import date

    options = json.loads(options)
    Feedback = env["cchc.feedback"]
    today = date(2026, 7, 1)
    rows = []
    # Warm the registry caches (xmlids, model ids) so that every size measures alike.
    env.cr.execute("SAVEPOINT fb_bench_warmup")
    Feedback._cchc_send_reminders(today)
    env.cr.execute("ROLLBACK TO SAVEPOINT fb_bench_warmup")
    for size in options["sizes"]:
        _seed(env, size)
        env.cr.commit()
        times, queries, created = [], [], 0
        for _run in range(options["runs"]):
            env.invalidate_all()
            env.cr.execute("SAVEPOINT fb_bench_cron")
            with Measure(env) as measure:
                created = Feedback._cchc_send_reminders(today)
            times.append(measure.seconds)
            queries.append(measure.queries)
            env.cr.execute("ROLLBACK TO SAVEPOINT fb_bench_cron")
            env.invalidate_all()
        rows.append(
            {
                "size": size,
                "seconds": statistics.median(times),
                "queries": int(statistics.median(queries)),
                "activities": created,
            }
        )
    env.cr.rollback()
    return rows


if __name__ == "__main__":
    sys.exit(main())
