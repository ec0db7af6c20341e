#!/usr/bin/env bash
# The test command of this repository.
#
#   ./scripts/run_tests.sh [--checks-only | --odoo-only] [--no-demo-db | --demo-only] [--keep-db]
#
# 1. Repository checks: pytest tests/ in a venv (.venv-checks/, created on first use),
#    then the linters of .pre-commit-config.yaml (pre-commit run --all-files).
# 2. Odoo suite: finds an Odoo 18 (ODOO_BIN, `odoo`/`odoo-bin` on PATH), else builds one in
#    .odoo/ from ODOO_SRC or the official download (scripts/build_odoo.sh), and fails when
#    neither works -- it never passes on the repository checks alone. It installs the
#    addon with its tests in two fresh databases (without and with demo data), then
#    upgrades the demo database and checks that no cchc_plan / cchc_task row was lost.
#    Fails on a failed test, an ERROR/CRITICAL log record, or a WARNING about the addon.
#
# The last line printed is "Total: N passed, M failed".
#
# Environment: ODOO_BIN, ODOO_PYTHON, ODOO_ADDONS_PATH, CCHC_REPO_ADDONS, ODOO_EXTRA_ARGS
# (see scripts/_odoo_env.sh), ODOO_SRC (see scripts/build_odoo.sh), and
#   CCHC_TEST_TAGS      --test-tags value (default: /cchc_outreach)
#   CCHC_LOG_DIR        where logs go (default: logs/run-<date>-<pid>/ in the repository)
#   CCHC_KEEP_DB=1      keep the test databases (same as --keep-db)
#   CCHC_ODOO_TIMEOUT   seconds allowed for one Odoo run (default: 2700)
#   CCHC_CHECKS_VENV    venv used for the repository checks (default: .venv-checks)
#   CCHC_ADDON_DIR      addon folder the repository checks look at (default: ./cchc_outreach)

set -uo pipefail

# shellcheck source=scripts/_odoo_env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_odoo_env.sh"

RUN_CHECKS=1
RUN_ODOO=1
RUN_NODEMO=1
RUN_DEMO=1
KEEP_DB="${CCHC_KEEP_DB:-0}"

usage() { sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --checks-only) RUN_ODOO=0 ;;
        --odoo-only) RUN_CHECKS=0 ;;
        --no-demo-db) RUN_DEMO=0 ;;
        --demo-only) RUN_NODEMO=0 ;;
        --keep-db) KEEP_DB=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if ((!RUN_CHECKS && !RUN_ODOO)) || ((!RUN_NODEMO && !RUN_DEMO)); then
    echo "conflicting options: nothing to run" >&2
    exit 2
fi

LOG_DIR="${CCHC_LOG_DIR:-$CCHC_REPO_ROOT/logs/run-$(date +%Y%m%d-%H%M%S)-$$}"
mkdir -p "$LOG_DIR"
LOG_DIR="$(cd "$LOG_DIR" && pwd)"
TEST_TAGS="${CCHC_TEST_TAGS:-/$CCHC_MODULE}"
ODOO_TIMEOUT="${CCHC_ODOO_TIMEOUT:-2700}"

FAILED=0            # any failure -> exit 1
CHECKS_PASSED=0
CHECKS_FAILED=0
CHECKS_STATUS="not run"
ODOO_PASSED=0
ODOO_FAILED=0
ODOO_SKIPPED=0
ODOO_STATUS="not run"
SUMMARY=()          # lines for the final summary
DATABASES=()        # created databases, dropped on exit
ODOO_PID=""

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n "$ODOO_PID" ]] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill "$ODOO_PID" 2>/dev/null
        wait "$ODOO_PID" 2>/dev/null
    fi
    if ((${#DATABASES[@]})); then
        if [[ "$KEEP_DB" == 1 ]]; then
            cchc_log "keeping databases: ${DATABASES[*]}"
        else
            for db in "${DATABASES[@]}"; do
                cchc_dropdb "$db" || echo "warning: could not drop database $db" >&2
            done
        fi
    fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# ---------------------------------------------------------------------------
# 1. repository checks
# ---------------------------------------------------------------------------
CHECKS_REQUIREMENTS=(pytest polib lxml "ruff==0.17.6" "pylint-odoo>=10,<11" "Pillow==9.4.0"
    "PyPDF2==2.12.1" pre-commit)

run_checks() {
    local venv="${CCHC_CHECKS_VENV:-$CCHC_REPO_ROOT/.venv-checks}"
    local stamp="$venv/.cchc-requirements"
    cchc_log "repository checks: venv $venv"
    if [[ ! -x "$venv/bin/python" ]]; then
        python3 -m venv "$venv" || {
            echo "ERROR: could not create the venv $venv (is python3-venv installed?)"
            return 1
        }
    fi
    if [[ "$(cat "$stamp" 2>/dev/null)" != "${CHECKS_REQUIREMENTS[*]}" ]]; then
        cchc_log "installing ${CHECKS_REQUIREMENTS[*]}"
        if ! "$venv/bin/python" -m pip install -qq --disable-pip-version-check --upgrade pip ||
            ! "$venv/bin/python" -m pip install -qq --disable-pip-version-check \
                "${CHECKS_REQUIREMENTS[@]}"; then
            echo "ERROR: pip install failed"
            return 1
        fi
        printf '%s' "${CHECKS_REQUIREMENTS[*]}" >"$stamp"
    fi

    local junit="$LOG_DIR/pytest-junit.xml" rc
    rm -f "$junit"
    (cd "$CCHC_REPO_ROOT" && PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest tests \
        --junitxml="$junit" -o junit_family=xunit2)
    rc=$?
    local counts
    counts="$(python3 - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0 0")
    raise SystemExit
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - bad - skipped, bad, skipped)
EOF
)"
    read -r CHECKS_PASSED CHECKS_FAILED _ <<<"$counts"
    if ((rc == 5)); then
        echo "ERROR: pytest collected no test"
        CHECKS_FAILED=$((CHECKS_FAILED + 1))
        return 1
    fi
    if ((rc != 0 && CHECKS_FAILED == 0)); then
        echo "ERROR: pytest exited with status $rc"
        CHECKS_FAILED=1
    fi
    # The linters, as .pre-commit-config.yaml declares them (ruff, pylint-odoo, XML, ...).
    cchc_log "pre-commit run --all-files"
    if (cd "$CCHC_REPO_ROOT" && "$venv/bin/pre-commit" run --all-files --show-diff-on-failure \
        --color never); then
        CHECKS_PASSED=$((CHECKS_PASSED + 1))
    else
        echo "ERROR: pre-commit reported problems (above)"
        CHECKS_FAILED=$((CHECKS_FAILED + 1))
        rc=1
    fi
    return "$rc"
}

# ---------------------------------------------------------------------------
# 2. Odoo suite
# ---------------------------------------------------------------------------
psql_value() { # db sql
    psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# run_odoo LABEL LOGFILE ARGS... : runs Odoo in the background, prints progress,
# sets ODOO_RC.
run_odoo() {
    local label="$1" log="$2"
    shift 2
    local start=$SECONDS next=60
    timeout --kill-after=60 "$ODOO_TIMEOUT" \
        "${ODOO_CMD[@]}" --addons-path="$ODOO_ADDONS" "${ODOO_EXTRA[@]}" "$@" \
        >"$log" 2>&1 </dev/null &
    ODOO_PID=$!
    while kill -0 "$ODOO_PID" 2>/dev/null; do
        sleep 2
        if ((SECONDS - start >= next)); then
            local last
            last="$(grep -E ' (INFO|WARNING|ERROR) ' "$log" | tail -n1 | cut -d' ' -f6- | cut -c1-110)"
            cchc_log "  $label: $((SECONDS - start))s, $(wc -l <"$log") log lines; last: $last"
            next=$((next + 60))
        fi
    done
    wait "$ODOO_PID"
    ODOO_RC=$?
    ODOO_PID=""
    cchc_log "  $label: odoo exited with status $ODOO_RC after $((SECONDS - start))s; log: $log"
    if ((ODOO_RC == 124 || ODOO_RC == 137)); then
        echo "  PROBLEM: Odoo timed out after ${ODOO_TIMEOUT}s (CCHC_ODOO_TIMEOUT)"
    fi
}

# check_log LABEL LOGFILE [--no-tests-expected] : prints the log report, sets
# LOG_TESTS LOG_PASSED LOG_FAILED LOG_ERRORS LOG_SKIPPED LOG_PROBLEMS.
check_log() {
    local label="$1" log="$2"
    shift 2
    local out
    out="$(python3 "$CCHC_SCRIPTS_DIR/check_odoo_log.py" "$log" --module "$CCHC_MODULE" "$@")"
    printf '%s\n' "$out" | grep -v '^RESULT ' | sed "s/^/  [$label] /"
    local result
    result="$(printf '%s\n' "$out" | grep '^RESULT ' | tail -n1)"
    LOG_TESTS=0 LOG_PASSED=0 LOG_FAILED=0 LOG_ERRORS=0 LOG_SKIPPED=0 LOG_PROBLEMS=1
    local kv
    for kv in $result; do
        case "$kv" in
            tests=*) LOG_TESTS="${kv#*=}" ;;
            passed=*) LOG_PASSED="${kv#*=}" ;;
            failed=*) LOG_FAILED="${kv#*=}" ;;
            errors=*) LOG_ERRORS="${kv#*=}" ;;
            skipped=*) LOG_SKIPPED="${kv#*=}" ;;
            problems=*) LOG_PROBLEMS="${kv#*=}" ;;
        esac
    done
}

# install_and_test LABEL WITH_DEMO(0/1) : sets DB_<label>
install_and_test() {
    local label="$1" with_demo="$2"
    local db="${CCHC_TEST_DB_PREFIX:-cchc_test}_${label}_${RUN_ID}"
    local log="$LOG_DIR/odoo-$label-install-tests.log"
    local port
    port="$(cchc_free_port)"
    cchc_dropdb "$db" 2>/dev/null
    DATABASES+=("$db")
    local demo_args=()
    ((with_demo)) || demo_args=(--without-demo=all)
    cchc_log "[$label] installing $CCHC_MODULE in new database $db (demo data: $with_demo," \
        "test tags: $TEST_TAGS, http port $port)"
    run_odoo "$label" "$log" -d "$db" -i "$CCHC_MODULE" "${demo_args[@]}" \
        --test-enable --test-tags "$TEST_TAGS" --stop-after-init --log-level=test \
        --http-interface=127.0.0.1 --http-port="$port" --workers=0 --max-cron-threads=0
    local rc=$ODOO_RC
    check_log "$label" "$log"
    local failed=$((LOG_FAILED + LOG_ERRORS)) problems=$LOG_PROBLEMS
    if ((rc != 0 && failed == 0 && problems == 0)); then
        echo "  [$label] PROBLEM: odoo exited with status $rc"
        problems=$((problems + 1))
    fi
    # Installed (even when a test failed)? Then the upgrade check can use this database.
    local state="" demo=""
    if command -v psql >/dev/null 2>&1; then
        state="$(psql_value "$db" "SELECT state || ' ' || CASE WHEN demo THEN 't' ELSE 'f' END FROM ir_module_module WHERE name = '$CCHC_MODULE'" 2>/dev/null)"
        read -r state demo <<<"$state"
        if [[ "$state" != installed ]]; then
            echo "  [$label] PROBLEM: $CCHC_MODULE is not installed (state: ${state:-no database/module})"
            problems=$((problems + 1))
        elif ((with_demo)) && [[ "$demo" != "t" ]]; then
            echo "  [$label] PROBLEM: demo data was not loaded (ir_module_module.demo=${demo:-?})"
            problems=$((problems + 1))
        fi
    else
        [[ $rc == 0 ]] && state=installed
    fi
    ODOO_PASSED=$((ODOO_PASSED + LOG_PASSED))
    ODOO_FAILED=$((ODOO_FAILED + failed + problems))
    ODOO_SKIPPED=$((ODOO_SKIPPED + LOG_SKIPPED))
    local status="ok"
    ((failed + problems)) && status="FAILED" && FAILED=1
    SUMMARY+=("Odoo [$label] install+tests: $status - $LOG_TESTS tests, $LOG_PASSED passed, $LOG_FAILED failed, $LOG_ERRORS errors, $LOG_SKIPPED skipped, $problems other problem(s); log $log")
    LAST_DB="$db"
    LAST_DB_OK=0
    [[ "$state" == installed ]] && LAST_DB_OK=1
}

count_rows() { # db table -> number, or "missing"
    local exists
    exists="$(psql_value "$1" "SELECT to_regclass('public.$2') IS NOT NULL")" || return 1
    if [[ "$exists" != "t" ]]; then
        echo missing
        return 0
    fi
    psql_value "$1" "SELECT count(*) FROM \"$2\""
}

upgrade_check() {
    local db="$1" label="$2"
    local log="$LOG_DIR/odoo-$label-upgrade.log"
    local tables=()
    read -r -a tables <<<"${CCHC_UPGRADE_TABLES:-cchc_plan cchc_task}"
    local problems=0
    if ! command -v psql >/dev/null 2>&1; then
        echo "  [upgrade] note: psql not found, row counts are not compared"
    fi
    declare -A before=()
    local t n
    for t in "${tables[@]}"; do
        if command -v psql >/dev/null 2>&1; then
            before[$t]="$(count_rows "$db" "$t")" || before[$t]="?"
        fi
    done
    cchc_log "[upgrade] -u $CCHC_MODULE on $db"
    run_odoo "upgrade" "$log" -d "$db" -u "$CCHC_MODULE" --stop-after-init --no-http \
        --workers=0 --max-cron-threads=0
    local rc=$ODOO_RC
    check_log "upgrade" "$log" --no-tests-expected
    problems=$((LOG_PROBLEMS))
    if ((rc != 0)); then
        echo "  [upgrade] PROBLEM: odoo exited with status $rc"
        problems=$((problems + 1))
    fi
    local counts=()
    for t in "${tables[@]}"; do
        command -v psql >/dev/null 2>&1 || break
        n="$(count_rows "$db" "$t")" || n="?"
        if [[ "${before[$t]}" == missing ]]; then
            echo "  [upgrade] table $t does not exist: skipped"
            counts+=("$t missing")
        elif [[ "$n" == missing || "$n" == "?" || "${before[$t]}" == "?" ]]; then
            echo "  [upgrade] PROBLEM: could not count $t after the upgrade (${before[$t]} before)"
            problems=$((problems + 1))
        elif ((n < ${before[$t]})); then
            echo "  [upgrade] PROBLEM: $t had ${before[$t]} rows before the upgrade, $n after"
            problems=$((problems + 1))
            counts+=("$t ${before[$t]}->$n")
        else
            ((${before[$t]} == 0)) && echo "  [upgrade] note: $t is empty, nothing to lose"
            counts+=("$t ${before[$t]}->$n")
        fi
    done
    ODOO_FAILED=$((ODOO_FAILED + problems))
    local status="ok"
    ((problems)) && status="FAILED" && FAILED=1
    SUMMARY+=("Odoo [upgrade] -u on $label database: $status - rows ${counts[*]:-not compared}; log $log")
}

run_odoo_suite() {
    if ! cchc_get_odoo; then
        # Never a quiet pass without the addon's own suite: no Odoo is a failure.
        echo "ERROR: Odoo suite cannot run: $ODOO_NOT_FOUND"
        ODOO_STATUS="failed"
        ODOO_FAILED=$((ODOO_FAILED + 1))
        SUMMARY+=("Odoo suite FAILED: $ODOO_NOT_FOUND")
        FAILED=1
        return 1
    fi
    SUMMARY+=("Odoo $ODOO_VERSION, $ODOO_ORIGIN")
    cchc_log "Odoo $ODOO_VERSION: ${ODOO_CMD[*]}"
    cchc_log "addons path: $ODOO_ADDONS"
    cchc_log "logs: $LOG_DIR"
    # Odoo skips browser tests (tours) with a WARNING when these are missing.
    if cchc_odoo_python; then
        if ! "$ODOO_PY" -c 'import websocket' 2>/dev/null; then
            echo "note: python module websocket-client is missing in $ODOO_PY: browser tests" \
                "(tours) will be skipped; install it with: $ODOO_PY -m pip install websocket-client"
        fi
    fi
    if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null &&
        ! command -v google-chrome >/dev/null; then
        echo "note: no chromium / google-chrome on PATH: browser tests (tours) will be skipped"
    fi
    RUN_ID="$(date +%Y%m%d%H%M%S)_$$"
    local upgrade_db="" upgrade_label=""
    if ((RUN_NODEMO)); then
        install_and_test nodemo 0
        ((LAST_DB_OK)) && upgrade_db="$LAST_DB" && upgrade_label=nodemo
    fi
    if ((RUN_DEMO)); then
        install_and_test demo 1
        upgrade_db="" upgrade_label=""
        ((LAST_DB_OK)) && upgrade_db="$LAST_DB" && upgrade_label=demo
    fi
    if [[ -n "$upgrade_db" ]]; then
        upgrade_check "$upgrade_db" "$upgrade_label"
    else
        echo "  [upgrade] not run: the addon could not be installed"
        FAILED=1
        SUMMARY+=("Odoo [upgrade]: not run, the install failed")
    fi
    ODOO_STATUS="ran"
}

# ---------------------------------------------------------------------------
if ((RUN_CHECKS)); then
    if run_checks; then
        CHECKS_STATUS="ok"
    else
        CHECKS_STATUS="FAILED"
        FAILED=1
    fi
    SUMMARY=("Repository checks (pytest + pre-commit): $CHECKS_STATUS - $CHECKS_PASSED passed, $CHECKS_FAILED failed; junit $LOG_DIR/pytest-junit.xml" "${SUMMARY[@]}")
fi
if ((RUN_ODOO)); then
    run_odoo_suite
fi

echo
echo "===================== summary ====================="
for line in "${SUMMARY[@]}"; do
    echo "$line"
done
if [[ "$ODOO_STATUS" == ran ]]; then
    echo "Odoo tests (all databases): $ODOO_PASSED passed, $ODOO_FAILED failed, $ODOO_SKIPPED skipped"
fi
echo "Logs: $LOG_DIR"
TOTAL_PASSED=$((CHECKS_PASSED + ODOO_PASSED))
TOTAL_FAILED=$((CHECKS_FAILED + ODOO_FAILED))
if ((FAILED && TOTAL_FAILED == 0)); then
    TOTAL_FAILED=1
fi
echo "Total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
exit "$FAILED"
