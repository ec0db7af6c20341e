"""scripts/check_odoo_log.py reads Odoo 18 logs right (lines copied from real runs)."""

import importlib.util

from addon_utils import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "check_odoo_log", REPO_ROOT / "scripts" / "check_odoo_log.py"
)
check_odoo_log = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_odoo_log)

P = "2026-11-21 17:16:36,094 15271"
DB = "cchc_test_nodemo_1"
T = "odoo.addons.cchc_outreach.tests.test_sample"
START = f"{P} INFO {DB} odoo.modules.loading: loading 1 modules... "
ROOT = "Running as user 'root' is a security risk."
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


def _check(tmp_path, lines, **kwargs):
    log = tmp_path / "odoo.log"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return check_odoo_log.check(str(log), "cchc_outreach", **kwargs)


def test_passing_run(tmp_path):
    result = _check(tmp_path, [ROOT, START, STARTING, SKIP, PASS_RESULT])
    assert (result["tests"], result["passed"], result["skipped"]) == (3, 2, 1)
    assert result["failed"] == result["errors"] == result["problems"] == 0


def test_failed_test_is_counted_not_reported_twice(tmp_path):
    result = _check(tmp_path, [START, STARTING, *FAIL])
    assert (result["tests"], result["passed"], result["failed"]) == (3, 2, 1)
    assert result["problems"] == 0, result["report"]
    assert any("deliberate failure" in line for line in result["report"])


def test_crash_without_result_line(tmp_path):
    lines = [
        START,
        f"{P} ERROR {DB} odoo.modules.registry: Failed to load registry",
        f"{P} CRITICAL {DB} odoo.service.server: Failed to initialize database `{DB}`.",
        "Traceback (most recent call last):",
        'odoo.tools.convert.ParseError: Field "x" does not exist in model "cchc.plan"',
    ]
    result = _check(tmp_path, lines)
    assert result["problems"] == 2  # no result line + ERROR/CRITICAL records
    assert any("ParseError" in line for line in result["report"])


def test_zero_tests_is_a_problem(tmp_path):
    line = (
        f"{P} WARNING {DB} odoo.tests.result: 0 failed, 0 error(s) of 0 tests "
        f"when loading database '{DB}' "
    )
    assert _check(tmp_path, [START, line])["problems"] == 1


def test_upgrade_log_needs_no_tests(tmp_path):
    assert _check(tmp_path, [START], tests_expected=False)["problems"] == 0


def test_error_outside_tests(tmp_path):
    line = f"{P} ERROR {DB} odoo.addons.mail.models.mail_mail: failed sending mail"
    result = _check(tmp_path, [START, line, PASS_RESULT])
    assert result["problems"] == 1


def test_addon_warnings_fail_other_warnings_do_not(tmp_path):
    others = [
        f"{P} WARNING {DB} odoo.modules.loading: Transient module states were reset ",
        f"{P} WARNING {DB} odoo.addons.hr.models.hr_employee: something about hr ",
    ]
    assert _check(tmp_path, [START, *others, PASS_RESULT])["problems"] == 0
    for ours in (
        f"{P} WARNING {DB} odoo.addons.cchc_outreach.models.cchc_plan: hmm ",
        f"{P} WARNING {DB} odoo.fields: Field cchc.plan.x: unknown parameter 'foo' ",
        f"{P} WARNING {DB} py.warnings: /x/cchc_outreach/models/a.py:3: DeprecationWarning ",
        f"{P} WARNING {DB} {T}.TestHttp.test_browser: websocket-client module is not installed",
    ):
        result = _check(tmp_path, [START, ours, PASS_RESULT])
        assert result["problems"] == 1, ours


def test_database_name_alone_does_not_make_a_warning_ours(tmp_path):
    db = "cchc_outreach_demo"
    line = f"{P} WARNING {db} odoo.addons.base.models.res_users: unrelated "
    assert _check(tmp_path, [START, line, PASS_RESULT])["problems"] == 0
