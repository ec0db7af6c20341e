#!/usr/bin/env python3
"""Benchmark of the daily reminders and digest: activities through mail.activity, e-mails.

Run it with any python3 from the repository root; Odoo 18 is found the way
scripts/run_tests.sh finds it (ODOO_BIN, else `odoo` / `odoo-bin` on PATH):

    python3 bench/bench_reminders.py                  # database cchc_bench_reminders, dropped
    python3 bench/bench_reminders.py --json bench/out/bench_reminders.json

It seeds like bench_core.py -- 20 departments of a head and 9 staff (200 users) and 2
coordinators, in Vietnamese; 500 plans; 10 000 then 100 000 tasks (bulk SQL) -- and at
each size, with the date frozen on 1 July, measures:

* the daily run (the responsible users following their tasks, as assigning them in the
  application makes them): the reminders of every model (what their scheduled actions run:
  activities created through ``mail.activity.create``, 500 a call) then the daily digest
  (``res.users._cchc_send_digests``: rendered from the mail template, one per person,
  queued in ``mail.mail``); wall time and SQL queries of each part;
* the same run again the same day: nothing new;
* the digest alone for the first half of the users, then for all of them: the queries
  grow with the people, not with the tasks;
* what Odoo's own "assigned to you" message per activity (``action_notify``) costs, on
  200 of the activities: the daily run does not send it (the digest tells each person
  once), this is the price it would add per activity.

Each run is rolled back to a savepoint; the median of --runs runs after a warm-up run
(registry caches) is reported, next to the figures of the raw-SQL reminder cron it
replaced (README, "Benchmarks", measured with 102 users). See bench/README.md.
"""

import json
import math
import sys
from datetime import datetime
from pathlib import Path

from _common import (
    Measure,
    base_arg_parser,
    fmt_int,
    fmt_seconds,
    log,
    markdown_table,
    run_bench,
    vacuum_analyze,
    write_json,
)

TARGET_SECONDS = 30.0
ACTIVITY_BATCH = 500
# The raw-SQL reminder cron this replaced (README "Benchmarks", 2026-11-21, 102 users):
# tasks -> (seconds, queries, activities).
RAW_SQL = {10000: (0.051, 18, 624), 100000: (0.436, 18, 6205)}


def main():
    parser = base_arg_parser(__doc__.split("\n\n")[0], "cchc_bench_reminders")
    parser.add_argument(
        "--tasks", default="10000,100000", help="task counts to measure at (default: 10000,100000)"
    )
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--staff", type=int, default=9, help="staff per department (default 9)")
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3, help="measured runs per size (default 3)")
    args = parser.parse_args()
    options = {
        "sizes": sorted(int(size) for size in args.tasks.split(",")),
        "departments": args.departments,
        "staff_per_department": args.staff,
        "plans": args.plans,
        "big_plan_tasks": 300,
        "runs": args.runs,
        "json": str(Path(args.json).resolve()) if args.json else None,
    }
    return run_bench(args, "bench_reminders", "run", options)


# ----------------------------------------------------------------------------
# Inside odoo shell
# ----------------------------------------------------------------------------
def run(env, options_json):
    from bench_core import CoreBench

    options = json.loads(options_json)
    env.cr.execute("SHOW server_version")
    options["pg_version"] = env.cr.fetchone()[0]
    core = CoreBench(env, options)
    core.seed_base()
    bench = RemindersBench(core)
    bench.set_language()
    for size in options["sizes"]:
        core.seed_tasks(size)
        bench.seed_followers()
        bench.measure(size)
    bench.report()


class RemindersBench:
    def __init__(self, core):
        self.core = core
        self.env = core.env
        self.options = core.options
        self.today = core.today
        self.results = []

    def set_language(self):
        """Every user in Vietnamese, as in a real department: the digest is rendered in it."""
        env = self.env
        env["res.lang"]._activate_lang("vi_VN")
        env["ir.module.module"]._load_module_terms(["cchc_outreach"], ["vi_VN"], overwrite=True)
        users = env["res.users"].search([("login", "=like", "bench_%")])
        users.write({"lang": "vi_VN"})
        self.users = users
        env.flush_all()
        env.cr.commit()
        log(f"{len(users)} users in Vietnamese")

    def seed_followers(self):
        """The responsible users follow their tasks, as assigning them through the
        application makes them do (bench_core's SQL seeding does not): the default
        subtypes of a task, as ``message_subscribe`` gives them."""
        env = self.env
        cr = env.cr
        subtypes = env["mail.message.subtype"].default_subtypes("cchc.task")[0].ids
        cr.execute(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'cchc.task', rel.task_id, usr.partner_id
              FROM cchc_task_res_users_rel rel
              JOIN res_users usr ON usr.id = rel.user_id
            ON CONFLICT DO NOTHING
            RETURNING id
            """
        )
        follower_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel
                   (mail_followers_id, mail_message_subtype_id)
            SELECT fol, sub FROM unnest(%s::int[]) fol, unnest(%s::int[]) sub
            ON CONFLICT DO NOTHING
            """,
            [follower_ids, subtypes],
        )
        env.invalidate_all()
        vacuum_analyze(env, ["mail_followers", "mail_followers_mail_message_subtype_rel"])
        log(f"  {fmt_int(len(follower_ids))} followers (responsible users of the tasks)")

    # -- one run ---------------------------------------------------------------
    def _daily_run(self, users=None, reminders=True):
        from bench_core import run_reminders

        env = self.env
        counts = {}
        with Measure(env) as part_reminders:
            if reminders:
                counts = run_reminders(env, self.today)
        with Measure(env) as part_digest:
            digests = env["res.users"]._cchc_send_digests(self.today, users=users)
            env.flush_all()
        return part_reminders, part_digest, counts, digests

    def _rolled_back(self, function):
        """``function()`` in a savepoint rolled back afterwards, the date frozen on 1 July
        (``Measure`` lives in _common, which freezegun leaves on the real clock)."""
        from freezegun import freeze_time

        env = self.env
        env.invalidate_all()
        env.cr.execute("SAVEPOINT bench_reminders")
        try:
            moment = datetime.combine(self.today, datetime.min.time())
            with freeze_time(moment, ignore=["_common"]):
                return function()
        finally:
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_reminders")
            env.invalidate_all()

    def measure(self, size):
        log(f"measuring at {fmt_int(size)} tasks")
        runs = []
        for index in range(1 + self.options["runs"]):

            def first_and_again():
                first = self._daily_run()
                again = self._daily_run()
                return first, again

            first, again = self._rolled_back(first_and_again)
            if index:
                runs.append((first, again))
            log(
                f"  run {index}: reminders {first[0].seconds:.2f} s / {first[0].queries} q, "
                f"digest {first[1].seconds:.2f} s / {first[1].queries} q, "
                f"{sum(first[2].values())} activities, {first[3]} digests"
            )
        runs.sort(key=lambda run: run[0][0].seconds + run[0][1].seconds)
        first, again = runs[len(runs) // 2]
        activities = sum(first[2].values())
        self._add(
            "reminders",
            "Reminders of every model (activities through mail.activity)",
            size,
            first[0],
            activities=activities,
            detail={"per_model": first[2]},
        )
        self._add("digest", "Digest e-mails rendered and queued", size, first[1], digests=first[3])
        total = Measure(self.env)
        total.seconds = first[0].seconds + first[1].seconds
        total.queries = first[0].queries + first[1].queries
        self._add("daily", "Daily run (both)", size, total, activities=activities, digests=first[3])
        again_total = Measure(self.env)
        again_total.seconds = again[0].seconds + again[1].seconds
        again_total.queries = again[0].queries + again[1].queries
        self._add(
            "again",
            "Same run again, same day",
            size,
            again_total,
            activities=sum(again[2].values()),
            digests=again[3],
        )
        # The digest alone for half of the people, then all of them.
        half = self.users[: len(self.users) // 2]
        for key, users in (("digest_half", half), ("digest_all", self.users)):
            samples = []
            for _index in range(2):
                measure = self._rolled_back(
                    lambda users=users: self._daily_run(users=users, reminders=False)
                )
                samples.append(measure)
            _reminders, digest, _counts, digests = samples[-1]
            self._add(
                key,
                f"Digest alone, {len(users)} users",
                size,
                digest,
                digests=digests,
                detail={"users": len(users)},
            )

        # Odoo's per-activity message, on 200 activities of the run.
        def notify():
            self._daily_run()
            activities = self.env["mail.activity"].search(
                [("automated", "=", True)], limit=200, order="id desc"
            )
            self.env.invalidate_all()
            with Measure(self.env) as measure:
                activities.action_notify()
                self.env.flush_all()
            return measure, len(activities)

        measure, count = self._rolled_back(notify)
        self._add(
            "notify",
            f"What-if: Odoo's message per activity (action_notify) x {count}",
            size,
            measure,
            activities=count,
        )

    def _add(self, key, label, size, measure, activities=None, digests=None, detail=None):
        self.results.append(
            {
                "key": key,
                "operation": label,
                "tasks": size,
                "seconds": measure.seconds,
                "queries": measure.queries,
                "activities": activities,
                "digests": digests,
                "detail": detail or {},
            }
        )
        log(f"  {label}: {measure.seconds:.3f} s, {measure.queries} queries")

    def _get(self, key, size):
        return next(r for r in self.results if r["key"] == key and r["tasks"] == size)

    # -- report ----------------------------------------------------------------
    def report(self):
        sizes = self.options["sizes"]
        rows = []
        verdicts = []
        for result in self.results:
            key, size = result["key"], result["tasks"]
            activities = result["activities"]
            batches = math.ceil(activities / ACTIVITY_BATCH) if activities else 0
            target = verdict = ""
            raw = ""
            if key == "reminders" and size in RAW_SQL:
                seconds, queries, created = RAW_SQL[size]
                raw = f"{fmt_seconds(seconds)} s, {queries} q, {fmt_int(created)} act."
            if key == "daily":
                target = f"≤ {TARGET_SECONDS:g} s"
                met = result["seconds"] <= TARGET_SECONDS
                verdict = "OK" if met else "MISSED"
                verdicts.append(met)
            elif key == "again":
                met = not activities and not result["digests"]
                target, verdict = "nothing new", "OK" if met else "MISSED"
                verdicts.append(met)
            rows.append(
                [
                    result["operation"],
                    fmt_int(size),
                    f"{fmt_int(activities)} ({batches})" if activities is not None else "",
                    fmt_int(result["digests"]) if result["digests"] is not None else "",
                    fmt_seconds(result["seconds"]),
                    result["queries"],
                    raw,
                    target,
                    verdict,
                ]
            )
        table = markdown_table(
            [
                "Operation",
                "Tasks",
                "Activities (batches)",
                "Digests",
                "Time (s)",
                "SQL queries",
                "Raw SQL before",
                "Target",
                "Verdict",
            ],
            rows,
        )
        print()
        print(table)
        print()
        small, large = sizes[0], sizes[-1]
        growth = []
        for key in ("reminders", "digest", "digest_half", "digest_all"):
            a, b = self._get(key, small), self._get(key, large)
            growth.append(f"{key} {a['queries']} → {b['queries']}")
        notify = self._get("notify", large)
        per_activity = notify["seconds"] / max(notify["activities"], 1)
        per_queries = notify["queries"] / max(notify["activities"], 1)
        created = self._get("reminders", large)["activities"]
        print(
            f"Queries from {fmt_int(small)} to {fmt_int(large)} tasks: " + "; ".join(growth) + "."
        )
        print(
            f"Odoo's message per activity: {per_activity * 1000:.1f} ms and "
            f"{per_queries:.1f} queries each, i.e. ~{per_activity * created:.0f} s and "
            f"~{per_queries * created:.0f} queries for the {fmt_int(created)} activities of "
            f"the first run at {fmt_int(large)} tasks."
        )
        per_model = self._get("reminders", large)["detail"]["per_model"]
        print(
            f"Activities per model at {fmt_int(large)} tasks: {per_model}. Users: "
            f"{len(self.users)} in departments + coordinators; runs per size: "
            f"{self.options['runs']} (median), PostgreSQL {self.options['pg_version']}."
        )
        print(f"All targets met: {'yes' if all(verdicts) else 'NO'}")
        write_json(
            self.options.get("json"),
            {
                "bench_today": str(self.today),
                "options": self.options,
                "results": self.results,
                "table": table,
                "all_targets_met": all(verdicts),
            },
        )


if __name__ == "__main__":
    sys.exit(main())
