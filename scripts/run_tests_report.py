#!/usr/bin/env python3
"""Bookkeeping of scripts/run_tests.sh: judges each step and prints the summary.

    run_tests_report.py --results FILE checks JUNIT --pytest-rc N --precommit-rc N
    run_tests_report.py --results FILE install LABEL LOG --db DB --demo 0|1 --rc N
    run_tests_report.py rows DB TABLE...                      (JSON row counts on stdout)
    run_tests_report.py --results FILE upgrade LABEL LOG --db DB --rc N --before JSON
    run_tests_report.py --results FILE line TEXT [--failed]    (a line of the summary)
    run_tests_report.py --results FILE summary --logs DIR     (exit 1 when a step failed)

Each step appends one JSON line to FILE (label, passed, failed, skipped, kind, text).

An Odoo log (``--log-level=test``) passes when checklog-odoo, configured by
checklog-odoo.cfg at the repository root, finds no WARNING/ERROR/CRITICAL record it
does not ignore, and -- for a test run -- when Odoo's result line says tests ran.
The counts come from that line, which odoo/service/server.py logs per database:
``odoo.tests.result: 1 failed, 0 error(s) of 42 tests when loading database 'x'``,
and from the ``skipped Class.test : reason`` records.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKLOG_CFG = REPO_ROOT / "checklog-odoo.cfg"
MODULE = "cchc_outreach"
RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[^\s:]+): "
    r"(?P<msg>.*)$"
)
RESULT_RE = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
)
FAILED_TEST_RE = re.compile(r"^(?:FAIL|ERROR): \S")
SKIPPED_RE = re.compile(r"^skipped \S+ : ")
# ERROR records that only repeat that a test failed (the failed test is counted instead).
TEST_FAILURE_NOISE_RE = re.compile(
    r"^(Module \S+: \d+ failures, \d+ errors of \d+ tests$"
    r"|At least one test failed when loading the modules\.$"
    r"|.*: at least one error occurred in a test$)"
)
MAX_GATE_LINES = 150


def test_counts(log):
    """Tests, failed, errors, skipped, the failed tests' names and the number of ERROR
    records that only report failed tests ("test_reports") of an Odoo log."""
    counts = {"results": 0, "tests": 0, "failed": 0, "errors": 0, "skipped": 0, "names": []}
    counts["test_reports"] = 0
    with open(log, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = RECORD_RE.match(line.rstrip("\n"))
            if not match:
                continue
            logger, msg, level = match["logger"], match["msg"], match["level"]
            result = RESULT_RE.match(msg) if logger == "odoo.tests.result" else None
            is_error = level in ("ERROR", "CRITICAL")
            counts["test_reports"] += is_error and bool(result or TEST_FAILURE_NOISE_RE.match(msg))
            if result:
                counts["results"] += 1
                for key in ("tests", "failed", "errors"):
                    counts[key] += int(result[key])
            elif logger.startswith("odoo.addons.") and ".tests." in logger:
                if SKIPPED_RE.match(msg):
                    counts["skipped"] += 1
                elif is_error and FAILED_TEST_RE.match(msg):
                    counts["names"].append(msg.strip())
                    counts["test_reports"] += 1
    return counts


def checklog(log):
    """Runs checklog-odoo on the log: (number of records failing it, report lines)."""
    exe = shutil.which(os.environ.get("CCHC_CHECKLOG") or "checklog-odoo")
    if not exe:
        return 1, ["PROBLEM: checklog-odoo is not installed (pip install checklog-odoo)"]
    proc = subprocess.run(
        [exe, "--no-echo", "-c", str(CHECKLOG_CFG), str(log)],
        capture_output=True,
        text=True,
        check=False,
    )
    out = proc.stdout + proc.stderr
    ignored = re.search(r"errors that did not cause failure \((\d+)\)", out)
    lines = [f"note: {ignored[1]} WARNING record(s) of other code ignored"] if ignored else []
    if proc.returncode == 0:
        return 0, lines
    found = re.search(r"errors that caused failure \((\d+)\)", out)
    count = int(found[1]) if found else 1  # no count: no log record at all, or a crash
    # Only the records that fail the gate, not the ignored ones listed before them.
    failing = out[out.find("errors that caused failure") :].splitlines()
    if len(failing) > MAX_GATE_LINES:
        failing = failing[:MAX_GATE_LINES] + [f"... (cut, see {log})"]
    return count, lines + ["PROBLEM: checklog-odoo (checklog-odoo.cfg) failed the log:", *failing]


def judge_log(log, tests_expected):
    """(counts, problems, report lines) of one Odoo log."""
    counts = test_counts(log)
    failing, report = checklog(log)
    problems = 0
    bad_tests = counts["failed"] + counts["errors"]
    if tests_expected and not counts["results"]:
        problems += 1
        report.append(
            "PROBLEM: no 'odoo.tests.result: ... tests' line (Odoo crashed or ran no test)"
        )
    elif tests_expected and not counts["tests"]:
        problems += 1
        report.append(f"PROBLEM: no test of {MODULE} ran")
    if bad_tests:
        report.append(f"{bad_tests} failed/errored test(s): " + "; ".join(counts["names"][:20]))
    # A failed test fails checklog too: other records failing it are one more problem.
    if failing > counts["test_reports"]:
        problems += 1
    return counts, problems, report


def psql(db, sql):
    if not shutil.which("psql"):
        return None
    proc = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 else "?"


def row_counts(db, tables):
    """{table: rows, "missing" or "?"}; {} without psql."""
    counts = {}
    for table in tables:
        exists = psql(db, f"SELECT to_regclass('public.{table}') IS NOT NULL")
        if exists is None:
            return {}
        if exists == "?":
            counts[table] = "?"
        elif exists != "t":
            counts[table] = "missing"
        else:
            value = psql(db, f'SELECT count(*) FROM "{table}"')
            counts[table] = int(value) if value and value.isdigit() else "?"
    return counts


def record(args, **entry):
    with open(args.results, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


def say(label, lines):
    for line in lines:
        print(f"  [{label}] {line}")


def cmd_checks(args):
    passed = failed = 0
    try:
        root = ET.parse(args.junit).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        tests = sum(int(s.get("tests", 0)) for s in suites)
        failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
        passed = tests - failed - sum(int(s.get("skipped", 0)) for s in suites)
    except (OSError, ET.ParseError):
        pass
    if args.pytest_rc == 5:
        print("ERROR: pytest collected no test")
    elif args.pytest_rc and not failed:
        print(f"ERROR: pytest exited with status {args.pytest_rc}")
    failed += bool(args.pytest_rc and not failed)
    if args.precommit_rc:
        print("ERROR: pre-commit reported problems (above)")
    passed, failed = passed + (not args.precommit_rc), failed + bool(args.precommit_rc)
    status = "FAILED" if failed else "ok"
    text = f"Repository checks (pytest + pre-commit): {status} - {passed} passed, {failed} failed"
    record(args, kind="checks", passed=passed, failed=failed, text=f"{text}; junit {args.junit}")
    return 1 if failed else 0


def cmd_install(args):
    counts, problems, report = judge_log(args.log, tests_expected=True)
    if args.rc and not (counts["failed"] + counts["errors"] + problems):
        report.append(f"PROBLEM: odoo exited with status {args.rc}")
        problems += 1
    sql = f"SELECT state || ' ' || demo FROM ir_module_module WHERE name = '{MODULE}'"
    state = psql(args.db, sql)
    if state is None:  # no psql: trust Odoo's exit status
        state = "installed" if args.rc == 0 else "?"
    installed = state.startswith("installed")
    if not installed:
        report.append(f"PROBLEM: {MODULE} is not installed (state: {state or 'no module'})")
        problems += 1
    elif args.demo and state.endswith(" false"):
        report.append("PROBLEM: demo data was not loaded (ir_module_module.demo is false)")
        problems += 1
    say(args.label, report)
    passed = max(0, counts["tests"] - counts["failed"] - counts["errors"] - counts["skipped"])
    failed = counts["failed"] + counts["errors"] + problems
    text = (
        f"Odoo [{args.label}] install+tests: {'FAILED' if failed else 'ok'} - {counts['tests']} "
        f"tests, {passed} passed, {counts['failed']} failed, {counts['errors']} errors, "
        f"{counts['skipped']} skipped, {problems} other problem(s); log {args.log}"
    )
    record(args, kind="odoo", passed=passed, failed=failed, skipped=counts["skipped"], text=text)
    return 0 if installed else 1


def cmd_rows(args):
    print(json.dumps(row_counts(args.db, args.tables)))
    return 0


def cmd_upgrade(args):
    _counts, problems, report = judge_log(args.log, tests_expected=False)
    if args.rc:
        report.append(f"PROBLEM: odoo exited with status {args.rc}")
        problems += 1
    before = json.loads(args.before)
    if not before:
        report.append("note: psql not found, row counts are not compared")
    after = row_counts(args.db, list(before))
    compared = []
    for table, old in before.items():
        new = after.get(table, "?")
        if old == "missing":
            report.append(f"table {table} does not exist: skipped")
            compared.append(f"{table} missing")
        elif "?" in (old, new) or new == "missing":
            report.append(f"PROBLEM: could not count {table} after the upgrade ({old} before)")
            problems += 1
        else:
            if new < old:
                report.append(f"PROBLEM: {table} had {old} rows before the upgrade, {new} after")
                problems += 1
            elif old == 0:
                report.append(f"note: {table} is empty, nothing to lose")
            compared.append(f"{table} {old}->{new}")
    say("upgrade", report)
    text = (
        f"Odoo [upgrade] -u on {args.label} database: {'FAILED' if problems else 'ok'} - rows "
        f"{' '.join(compared) or 'not compared'}; log {args.log}"
    )
    record(args, kind="odoo", passed=0, failed=problems, text=text)
    return 1 if problems else 0


def cmd_line(args):
    record(args, kind="info", passed=0, failed=int(args.failed), text=args.text)
    return int(args.failed)


def cmd_summary(args):
    entries = []
    if Path(args.results).is_file():
        lines = Path(args.results).read_text(encoding="utf-8").splitlines()
        entries = [json.loads(line) for line in lines if line.strip()]
    print("\n===================== summary =====================")
    for entry in entries:
        print(entry["text"])
    odoo = [e for e in entries if e["kind"] == "odoo"]
    if odoo:
        passed, failed = sum(e["passed"] for e in odoo), sum(e["failed"] for e in odoo)
        skipped = sum(e.get("skipped", 0) for e in odoo)
        print(f"Odoo tests (all databases): {passed} passed, {failed} failed, {skipped} skipped")
    print(f"Logs: {args.logs}")
    passed, failed = sum(e["passed"] for e in entries), sum(e["failed"] for e in entries)
    if not entries:  # nothing ran: never a pass
        failed = 1
    print(f"Total: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--results", help="JSON lines file the steps append to")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("checks")
    p.add_argument("junit")
    p.add_argument("--pytest-rc", type=int, required=True)
    p.add_argument("--precommit-rc", type=int, required=True)
    for name in ("install", "upgrade"):
        p = sub.add_parser(name)
        p.add_argument("label")
        p.add_argument("log")
        p.add_argument("--db", required=True)
        p.add_argument("--rc", type=int, required=True)
        if name == "install":
            p.add_argument("--demo", type=int, choices=(0, 1), required=True)
        else:
            p.add_argument("--before", required=True, help="JSON of the `rows` command")
    p = sub.add_parser("rows")
    p.add_argument("db")
    p.add_argument("tables", nargs="+")
    p = sub.add_parser("line")
    p.add_argument("text")
    p.add_argument("--failed", action="store_true", help="the line reports a failure")
    p = sub.add_parser("summary")
    p.add_argument("--logs", required=True)
    args = parser.parse_args(argv)
    if args.command != "rows" and not args.results:
        parser.error("--results is required")
    return globals()[f"cmd_{args.command}"](args)


if __name__ == "__main__":
    sys.exit(main())
