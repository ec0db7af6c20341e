"""scripts/run_tests_report.py judges Odoo 18 logs right (lines copied from real runs), with
checklog-odoo and checklog-odoo.cfg, and its summary fails whenever a step failed."""

import importlib.util
import json

import pytest

from addon_utils import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "run_tests_report", REPO_ROOT / "scripts" / "run_tests_report.py"
)
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)

P = "2026-11-21 17:16:36,094 15271"
DB = "cchc_test_nodemo_1"
T = "odoo.addons.cchc_outreach.tests.test_sample"
START = f"{P} INFO {DB} odoo.modules.loading: loading 1 modules... "
ROOT = f"{P} WARNING {DB} odoo.service.server: Running as user 'root' is a security risk."
STARTING = f"{P} INFO {DB} {T}: Starting TestSample.test_task ... "
PASS_RESULT = (
    f"{P} INFO {DB} odoo.tests.result: 0 failed, 0 error(s) of 3 tests "
    f"when loading database '{DB}' "
)
FAIL = [
    f"{P} ERROR {DB} {T}: FAIL: TestSample.test_deliberately_failing",
    "Traceback (most recent call last):",
    '  File "/tmp/x/tests/test_sample.py", line 16, in test_deliberately_failing',
    "AssertionError: 1 != 2 : deliberate failure",
    f"{P} ERROR {DB} odoo.modules.loading: Module cchc_outreach: 1 failures, 0 errors of 3 tests",
    f"{P} ERROR {DB} odoo.modules.loading: At least one test failed when loading the modules.",
    f"{P} ERROR {DB} odoo.tests.result: 1 failed, 0 error(s) of 3 tests "
    f"when loading database '{DB}' ",
]
SKIP = f"{P} INFO {DB} {T}: skipped TestSample.test_skipped : deliberately skipped "


def _write(tmp_path, lines):
    log = tmp_path / "odoo.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


def _judge(tmp_path, lines, tests_expected=True):
    counts, problems, lines = report.judge_log(_write(tmp_path, lines), tests_expected)
    return {**counts, "problems": problems, "report": lines}


def test_checklog_odoo_is_installed():
    ok, lines = report.checklog(REPO_ROOT / "checklog-odoo.cfg")  # not a log: fails, but runs
    assert not any("not installed" in line for line in lines), lines


def test_passing_run(tmp_path):
    result = _judge(tmp_path, [ROOT, START, STARTING, SKIP, PASS_RESULT])
    assert (result["tests"], result["skipped"]) == (3, 1)
    assert result["failed"] == result["errors"] == result["problems"] == 0, result["report"]


def test_failed_test_is_counted_not_reported_twice(tmp_path):
    result = _judge(tmp_path, [START, STARTING, *FAIL])
    assert (result["tests"], result["failed"]) == (3, 1)
    assert result["problems"] == 0, result["report"]
    assert any("deliberate failure" in line for line in result["report"])
    assert any("FAIL: TestSample.test_deliberately_failing" in line for line in result["report"])


def test_crash_without_result_line(tmp_path):
    lines = [
        START,
        f"{P} ERROR {DB} odoo.modules.registry: Failed to load registry",
        f"{P} CRITICAL {DB} odoo.service.server: Failed to initialize database `{DB}`.",
        "Traceback (most recent call last):",
        'odoo.tools.convert.ParseError: Field "x" does not exist in model "cchc.plan"',
    ]
    result = _judge(tmp_path, lines)
    assert result["problems"] == 2  # no result line + ERROR/CRITICAL records
    assert any("ParseError" in line for line in result["report"])


def test_empty_log_fails(tmp_path):
    assert _judge(tmp_path, [""], tests_expected=False)["problems"] == 1


def test_zero_tests_is_a_problem(tmp_path):
    line = (
        f"{P} WARNING {DB} odoo.tests.result: 0 failed, 0 error(s) of 0 tests "
        f"when loading database '{DB}' "
    )
    assert _judge(tmp_path, [START, line])["problems"] == 1


def test_upgrade_log_needs_no_tests(tmp_path):
    assert _judge(tmp_path, [START, ROOT], tests_expected=False)["problems"] == 0


def test_error_outside_tests(tmp_path):
    line = f"{P} ERROR {DB} odoo.addons.mail.models.mail_mail: failed sending mail"
    result = _judge(tmp_path, [START, line, PASS_RESULT])
    assert result["problems"] == 1
    assert any("failed sending mail" in line for line in result["report"])


def test_addon_warnings_fail_other_warnings_do_not(tmp_path):
    others = [
        f"{P} WARNING {DB} odoo.modules.loading: Transient module states were reset ",
        f"{P} WARNING {DB} odoo.addons.hr.models.hr_employee: something about hr ",
    ]
    assert _judge(tmp_path, [START, *others, PASS_RESULT])["problems"] == 0
    for ours in (
        f"{P} WARNING {DB} odoo.addons.cchc_outreach.models.cchc_plan: hmm ",
        f"{P} WARNING {DB} odoo.fields: Field cchc.plan.x: unknown parameter 'foo' ",
        f"{P} WARNING {DB} py.warnings: /x/cchc_outreach/models/a.py:3: DeprecationWarning ",
        f"{P} WARNING {DB} {T}.TestHttp.test_browser: websocket-client module is not installed",
    ):
        result = _judge(tmp_path, [START, ours, PASS_RESULT])
        assert result["problems"] == 1, ours


def test_database_name_alone_does_not_make_a_warning_ours(tmp_path):
    db = "cchc_outreach_demo"
    line = f"{P} WARNING {db} odoo.addons.base.models.res_users: unrelated "
    assert _judge(tmp_path, [START, line, PASS_RESULT])["problems"] == 0


def test_wkhtmltopdf_runtime_dir_noise_is_ignored(tmp_path):
    noise = "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'"
    lines = [
        f"{P} WARNING {DB} odoo.addons.base.models.ir_actions_report: wkhtmltopdf: {noise}",
        f"{P} WARNING {DB} {T}: wkhtmltopdf: {noise}",  # even when it names the addon
    ]
    assert _judge(tmp_path, [START, *lines, PASS_RESULT])["problems"] == 0


def _run(tmp_path, *argv):
    return report.main(["--results", str(tmp_path / "results.jsonl"), *argv])


@pytest.mark.parametrize(
    ("lines", "state", "rc", "total"),
    [
        ([START, PASS_RESULT], "installed true", 0, "Total: 3 passed, 0 failed"),
        ([START, STARTING, *FAIL], "installed true", 1, "Total: 2 passed, 1 failed"),
        ([START, PASS_RESULT], "installed false", 1, "Total: 3 passed, 1 failed"),  # no demo
        ([START], "to install false", 1, "Total: 0 passed, 2 failed"),
    ],
)
def test_install_step_and_summary(tmp_path, monkeypatch, capsys, lines, state, rc, total):
    monkeypatch.setattr(report, "psql", lambda db, sql: state)
    log = _write(tmp_path, lines)
    installed = _run(tmp_path, "install", "demo", str(log), "--db", DB, "--demo", "1", "--rc", "0")
    assert installed == (0 if state.startswith("installed") else 1)
    assert _run(tmp_path, "summary", "--logs", str(tmp_path)) == rc
    assert capsys.readouterr().out.splitlines()[-1] == total


@pytest.mark.parametrize(("after", "failed"), [(4, 0), (5, 0), (3, 1), ("?", 1)])
def test_upgrade_keeps_rows(tmp_path, monkeypatch, after, failed):
    monkeypatch.setattr(report, "row_counts", lambda db, tables: {"cchc_task": after})
    log = _write(tmp_path, [START])
    before = json.dumps({"cchc_task": 4})
    rc = _run(tmp_path, "upgrade", "demo", str(log), "--db", DB, "--rc", "0", "--before", before)
    assert rc == failed


def test_checks_step_counts_junit(tmp_path, capsys):
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite tests="5" failures="1" errors="0" skipped="1"/></testsuites>'
    )
    assert _run(tmp_path, "checks", str(junit), "--pytest-rc", "1", "--precommit-rc", "0") == 1
    assert _run(tmp_path, "summary", "--logs", str(tmp_path)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Total: 4 passed, 1 failed"


def test_nothing_ran_or_no_odoo_never_passes(tmp_path, capsys):
    assert _run(tmp_path, "summary", "--logs", str(tmp_path)) == 1
    _run(tmp_path, "line", "Odoo suite FAILED: no odoo on PATH", "--failed")
    assert _run(tmp_path, "summary", "--logs", str(tmp_path)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "Total: 0 passed, 1 failed"


def test_failed_test_does_not_hide_another_error(tmp_path):
    line = f"{P} WARNING {DB} {T}: something about cchc.plan "
    result = _judge(tmp_path, [START, STARTING, line, *FAIL])
    assert (result["failed"], result["problems"]) == (1, 1), result["report"]
