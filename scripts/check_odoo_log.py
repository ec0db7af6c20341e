#!/usr/bin/env python3
"""Check an Odoo 18 log written by ``odoo ... --test-enable --log-level=test``.

Usage: check_odoo_log.py LOGFILE [--module cchc_outreach] [--no-tests-expected]

Odoo 18's log format (odoo/netsvc.py) is
    ``%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s``
Lines that do not start like that continue the previous record (tracebacks).

The test totals come from the line odoo/service/server.py logs for every database
at the end of a ``--stop-after-init --test-enable`` run (text from
odoo/tests/result.py ``OdooTestResult.__str__``):
    ``odoo.tests.result: 1 failed, 0 error(s) of 42 tests when loading database 'x'``
(INFO when all passed, WARNING when no test ran, ERROR when some failed).
Failed tests are the ``FAIL: Class.test`` / ``ERROR: Class.test`` records; skipped
ones the ``skipped Class.test : reason`` records.

The log fails when:
  * a record has level ERROR or CRITICAL, other than the ones reporting a failed
    test (those are counted as failed tests instead);
  * a WARNING comes from the addon's loggers (odoo.addons.<module>...) or its text
    mentions the module name or one of its ``cchc.*`` models;
  * tests were expected and no result line, or zero tests, were found.

Prints a report, then one machine-readable line:
    RESULT tests=N passed=P failed=F errors=E skipped=S problems=K
and exits 1 when anything failed.
"""

import argparse
import re
import sys
from collections import Counter

RECORD_RE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[^\s:]+): (?P<msg>.*)$"
)
RESULT_RE = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests "
    r"when loading database '(?P<db>[^']*)'"
)
FAILED_TEST_RE = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<test>\S.*)$")
SKIPPED_RE = re.compile(r"^skipped (?P<test>\S+) : ")
# ERROR records that only repeat that a test failed (counted as failed tests).
TEST_FAILURE_NOISE = (
    re.compile(r"^Module \S+: \d+ failures, \d+ errors of \d+ tests$"),
    re.compile(r"^At least one test failed when loading the modules\.$"),
    re.compile(r"^.*: at least one error occurred in a test$"),
    RESULT_RE,
)
IGNORED_WARNINGS = (re.compile(r"^Running as user 'root' is a security risk"),)
MAX_CONTEXT_LINES = 25


class Record:
    def __init__(self, match, lineno):
        self.lineno = lineno
        self.level = match["level"]
        self.db = match["db"]
        self.logger = match["logger"]
        self.msg = match["msg"].rstrip()
        self.extra = []

    def text(self, limit=MAX_CONTEXT_LINES):
        lines = [f"  line {self.lineno}: {self.level} {self.logger}: {self.msg}"]
        extra = self.extra
        if len(extra) > limit:
            # keep the start and the end of a traceback: the end says what went wrong
            head, tail = 3, limit - 3
            skipped = len(extra) - head - tail
            extra = extra[:head] + [f"... ({skipped} lines skipped, see the log)"] + extra[-tail:]
        lines += ["    " + line for line in extra]
        return "\n".join(lines)


def parse(path):
    records = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            match = RECORD_RE.match(line)
            if match:
                records.append(Record(match, lineno))
            elif records and line.strip():
                records[-1].extra.append(line)
    return records


def mentions_addon(record, module):
    text = f"{record.msg}\n" + "\n".join(record.extra[:5])
    return (
        record.logger == f"odoo.addons.{module}"
        or record.logger.startswith(f"odoo.addons.{module}.")
        or module in text
        or re.search(r"(?<![\w.])cchc\.[a-z_]", text) is not None
    )


def is_test_failure_record(record, module):
    if FAILED_TEST_RE.match(record.msg):
        return True
    return any(rx.match(record.msg) for rx in TEST_FAILURE_NOISE)


def check(path, module, tests_expected=True):
    records = parse(path)
    report = []
    problems = 0

    results = [
        m for m in (RESULT_RE.match(r.msg) for r in records if r.logger == "odoo.tests.result") if m
    ]
    tests = sum(int(m["tests"]) for m in results)
    failed = sum(int(m["failed"]) for m in results)
    errors = sum(int(m["errors"]) for m in results)

    failing = [
        r for r in records if r.level in ("ERROR", "CRITICAL") and FAILED_TEST_RE.match(r.msg)
    ]
    skipped = sum(
        1
        for r in records
        if r.logger.startswith("odoo.addons.") and ".tests." in r.logger and SKIPPED_RE.match(r.msg)
    )

    if tests_expected:
        if not results:
            problems += 1
            report.append(
                "PROBLEM: no 'odoo.tests.result: ... tests when loading database' line "
                "(Odoo crashed or did not run the tests)"
            )
        elif tests == 0:
            problems += 1
            report.append(f"PROBLEM: no test of {module} ran")
    if failing:
        report.append(f"{len(failing)} failed/errored test(s):")
        report += [r.text() for r in failing]
    elif failed + errors:
        report.append(f"{failed + errors} failed/errored test(s) (see the log)")

    unexpected = [
        r
        for r in records
        if r.level in ("ERROR", "CRITICAL") and not is_test_failure_record(r, module)
    ]
    if unexpected:
        problems += 1
        report.append(
            f"PROBLEM: {len(unexpected)} ERROR/CRITICAL log record(s) outside test failures:"
        )
        report += [r.text() for r in unexpected[:20]]

    warnings = [r for r in records if r.level == "WARNING"]
    warnings = [r for r in warnings if not any(rx.match(r.msg) for rx in IGNORED_WARNINGS)]
    ours = [r for r in warnings if mentions_addon(r, module)]
    others = [r for r in warnings if r not in ours]
    if ours:
        problems += 1
        report.append(f"PROBLEM: {len(ours)} WARNING record(s) about {module}:")
        repeats = Counter((r.logger, r.msg) for r in ours)
        shown = set()
        for r in ours:
            key = (r.logger, r.msg)
            if key in shown:
                continue
            shown.add(key)
            more = f"  (x{repeats[key]})" if repeats[key] > 1 else ""
            report.append(r.text(limit=8) + more)
            if len(shown) >= 30:
                break
    if others:
        by_logger = Counter(r.logger for r in others)
        summary = ", ".join(f"{name} x{n}" for name, n in by_logger.most_common(8))
        report.append(f"note: {len(others)} WARNING record(s) from other code ignored ({summary})")

    passed = max(0, tests - failed - errors - skipped)
    return {
        "tests": tests,
        "passed": passed,
        "failed": failed,
        "errors": errors,
        "skipped": skipped,
        "problems": problems,
        "report": report,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("logfile")
    parser.add_argument("--module", default="cchc_outreach")
    parser.add_argument("--no-tests-expected", action="store_true")
    args = parser.parse_args(argv)
    result = check(args.logfile, args.module, tests_expected=not args.no_tests_expected)
    for line in result["report"]:
        print(line)
    print(
        "RESULT tests={tests} passed={passed} failed={failed} errors={errors} "
        "skipped={skipped} problems={problems}".format(**result)
    )
    bad = result["failed"] or result["errors"] or result["problems"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
