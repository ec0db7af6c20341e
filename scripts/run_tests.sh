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
#    upgrades the demo database and checks that no cchc_plan / cchc_task row was lost; then
#    installs the previous release (git revision CCHC_UPGRADE_FROM) with demo data and
#    upgrades it to this code, with the same checks.
#    Fails on a failed test, and on what checklog-odoo finds in the logs with the ignore
#    list of checklog-odoo.cfg: an ERROR/CRITICAL record, a WARNING about the addon.
#
# The last line printed is "Total: N passed, M failed".
#
# Environment: ODOO_BIN, ODOO_PYTHON, ODOO_ADDONS_PATH, CCHC_REPO_ADDONS, ODOO_EXTRA_ARGS
# (see scripts/_odoo_env.sh), ODOO_SRC (see scripts/build_odoo.sh), and
#   CCHC_TEST_TAGS      --test-tags value (default: /cchc_outreach)
#   CCHC_LOG_DIR        where logs go (default: logs/run-<date>-<pid>/ in the repository)
#   CCHC_KEEP_DB=1      keep the test databases (same as --keep-db)
#   CCHC_ODOO_TIMEOUT   seconds allowed for one Odoo run (default: 2700)
#   CCHC_UPGRADE_FROM   git revision of the release upgraded from (default: a724732, 18.0.1.2.0)
#   CCHC_CHECKS_VENV    venv of the checks' tools: pytest, pre-commit, checklog-odoo
#                       (default: .venv-checks)
#   CCHC_ADDON_DIR      addon folder the repository checks look at (default: ./cchc_outreach)
#
# Counting and judging (junit, Odoo logs, row counts, summary) is scripts/run_tests_report.py.

set -uo pipefail

# shellcheck source=scripts/_odoo_env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_odoo_env.sh"

RUN_CHECKS=1 RUN_ODOO=1 RUN_NODEMO=1 RUN_DEMO=1
KEEP_DB="${CCHC_KEEP_DB:-0}"

usage() { sed -n '2,31p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

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
VENV="${CCHC_CHECKS_VENV:-$CCHC_REPO_ROOT/.venv-checks}"
RESULTS="$LOG_DIR/results.jsonl"
: >"$RESULTS"
report() { python3 "$CCHC_SCRIPTS_DIR/run_tests_report.py" --results "$RESULTS" "$@"; }
DATABASES=() # created databases, dropped on exit
ODOO_PID=""

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    if [[ -n "$ODOO_PID" ]] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill "$ODOO_PID" 2>/dev/null
        wait "$ODOO_PID" 2>/dev/null
    fi
    if ((${#DATABASES[@]})) && [[ "$KEEP_DB" == 1 ]]; then
        cchc_log "keeping databases: ${DATABASES[*]}"
    elif ((${#DATABASES[@]})); then
        for db in "${DATABASES[@]}"; do
            cchc_dropdb "$db" || echo "warning: could not drop database $db" >&2
        done
    fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# The tools' venv: the checks, and checklog-odoo for the Odoo logs.
REQUIREMENTS=(pytest polib lxml "ruff==0.17.6" "pylint-odoo>=10,<11" "Pillow==9.4.0"
    "PyPDF2==2.12.1" pre-commit "checklog-odoo==1.0")
setup_venv() {
    local stamp="$VENV/.cchc-requirements" pip=(-qq --disable-pip-version-check)
    [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV" || {
        echo "ERROR: could not create the venv $VENV (is python3-venv installed?)"
        return 1
    }
    [[ "$(cat "$stamp" 2>/dev/null)" == "${REQUIREMENTS[*]}" ]] && return 0
    cchc_log "installing ${REQUIREMENTS[*]} in $VENV"
    "$VENV/bin/python" -m pip install "${pip[@]}" --upgrade pip &&
        "$VENV/bin/python" -m pip install "${pip[@]}" "${REQUIREMENTS[@]}" ||
        { echo "ERROR: pip install failed"; return 1; }
    printf '%s' "${REQUIREMENTS[*]}" >"$stamp"
}

run_checks() {
    local junit="$LOG_DIR/pytest-junit.xml" pytest_rc precommit_rc
    cchc_log "repository checks: venv $VENV"
    rm -f "$junit"
    (cd "$CCHC_REPO_ROOT" && PATH="$VENV/bin:$PATH" python -m pytest tests \
        --junitxml="$junit" -o junit_family=xunit2)
    pytest_rc=$?
    cchc_log "pre-commit run --all-files" # ruff, pylint-odoo, XML, ... (.pre-commit-config.yaml)
    (cd "$CCHC_REPO_ROOT" &&
        "$VENV/bin/pre-commit" run --all-files --show-diff-on-failure --color never)
    precommit_rc=$?
    report checks "$junit" --pytest-rc "$pytest_rc" --precommit-rc "$precommit_rc"
}

# run_odoo LABEL LOGFILE ARGS... : runs Odoo in the background with a progress line a
# minute, sets ODOO_RC.
run_odoo() {
    local label="$1" log="$2" start=$SECONDS next=60 last
    shift 2
    timeout --kill-after=60 "$ODOO_TIMEOUT" "${ODOO_CMD[@]}" --addons-path="$ODOO_ADDONS" \
        "${ODOO_EXTRA[@]}" "$@" >"$log" 2>&1 </dev/null &
    ODOO_PID=$!
    while kill -0 "$ODOO_PID" 2>/dev/null; do
        sleep 2
        if ((SECONDS - start >= next)); then
            last="$(grep -E ' (INFO|WARNING|ERROR) ' "$log" | tail -n1 | cut -d' ' -f6- |
                cut -c1-110)"
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

# install_and_test LABEL WITH_DEMO(0/1) : prints the database's name when the addon got
# installed (even if a test failed: the upgrade check can use it).
install_and_test() {
    local label="$1" with_demo="$2" port demo_args=()
    local db="${CCHC_TEST_DB_PREFIX:-cchc_test}_${label}_${RUN_ID}"
    local log="$LOG_DIR/odoo-$label-install-tests.log"
    port="$(cchc_free_port)"
    cchc_dropdb "$db" 2>/dev/null
    DATABASES+=("$db")
    ((with_demo)) || demo_args=(--without-demo=all)
    cchc_log "[$label] installing $CCHC_MODULE in new database $db (demo data: $with_demo," \
        "test tags: $TEST_TAGS, http port $port)"
    run_odoo "$label" "$log" -d "$db" -i "$CCHC_MODULE" "${demo_args[@]}" \
        --test-enable --test-tags "$TEST_TAGS" --stop-after-init --log-level=test \
        --http-interface=127.0.0.1 --http-port="$port" --workers=0 --max-cron-threads=0
    report install "$label" "$log" --db "$db" --demo "$with_demo" --rc "$ODOO_RC" &&
        UPGRADE_DB="$db" UPGRADE_LABEL="$label"
}

upgrade_check() {
    local db="$1" label="$2" log="$LOG_DIR/odoo-$2-upgrade.log" before tables=()
    read -r -a tables <<<"${CCHC_UPGRADE_TABLES:-cchc_plan cchc_task}"
    before="$(python3 "$CCHC_SCRIPTS_DIR/run_tests_report.py" rows "$db" "${tables[@]}")"
    cchc_log "[upgrade] -u $CCHC_MODULE on $db (rows before: $before)"
    run_odoo upgrade "$log" -d "$db" -u "$CCHC_MODULE" --stop-after-init --no-http \
        --workers=0 --max-cron-threads=0
    report upgrade "$label" "$log" --db "$db" --rc "$ODOO_RC" --before "$before"
}

# release_upgrade_check: the addon as released at CCHC_UPGRADE_FROM (a git revision; default
# the last one of version 18.0.1.2.0) installed with its demo data, then upgraded (-u) to this
# code: its migrations run on data made by the earlier code, no row is lost, the log is clean.
# Skipped (and said) when the revision is not in this clone's history.
RELEASE_REV="${CCHC_UPGRADE_FROM:-a724732}"
release_upgrade_check() {
    local old="$LOG_DIR/release-$RELEASE_REV" addons="$ODOO_ADDONS"
    local repo_addons="${CCHC_REPO_ADDONS:-$CCHC_REPO_ROOT}"
    local db="${CCHC_TEST_DB_PREFIX:-cchc_test}_release_${RUN_ID}"
    if ! git -C "$CCHC_REPO_ROOT" cat-file -e "$RELEASE_REV^{commit}" 2>/dev/null; then
        echo "  [release upgrade] skipped: $RELEASE_REV is not in this clone's history"
        report line "Odoo [release upgrade]: skipped, $RELEASE_REV is not in the history"
        return
    fi
    mkdir -p "$old"
    git -C "$CCHC_REPO_ROOT" archive "$RELEASE_REV" "$CCHC_MODULE" | tar -x -C "$old"
    cchc_dropdb "$db" 2>/dev/null
    DATABASES+=("$db")
    cchc_log "[release upgrade] installing $CCHC_MODULE as of $RELEASE_REV (demo data) in $db"
    # the repository's addons folder is the last of the path (scripts/_odoo_env.sh)
    ODOO_ADDONS="${addons%,"$repo_addons"},$old"
    run_odoo release "$LOG_DIR/odoo-release-install.log" -d "$db" -i "$CCHC_MODULE" \
        --stop-after-init --no-http --workers=0 --max-cron-threads=0
    ODOO_ADDONS="$addons"
    if ((ODOO_RC)); then
        report line "Odoo [release upgrade]: FAILED, $RELEASE_REV did not install; log" \
            "$LOG_DIR/odoo-release-install.log" --failed
        return
    fi
    upgrade_check "$db" "release-$RELEASE_REV"
}

run_odoo_suite() {
    if ! cchc_get_odoo; then
        # Never a quiet pass without the addon's own suite: no Odoo is a failure.
        echo "ERROR: Odoo suite cannot run: $ODOO_NOT_FOUND"
        report line "Odoo suite FAILED: $ODOO_NOT_FOUND" --failed
        return
    fi
    report line "Odoo $ODOO_VERSION, $ODOO_ORIGIN"
    cchc_log "Odoo $ODOO_VERSION: ${ODOO_CMD[*]}; addons path: $ODOO_ADDONS; logs: $LOG_DIR"
    # Odoo skips browser tests (tours) with a WARNING when these are missing.
    if cchc_odoo_python && ! "$ODOO_PY" -c 'import websocket' 2>/dev/null; then
        echo "note: python module websocket-client is missing in $ODOO_PY: browser tests" \
            "(tours) will be skipped; install it with: $ODOO_PY -m pip install websocket-client"
    fi
    if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null &&
        ! command -v google-chrome >/dev/null; then
        echo "note: no chromium / google-chrome on PATH: browser tests (tours) will be skipped"
    fi
    RUN_ID="$(date +%Y%m%d%H%M%S)_$$"
    UPGRADE_DB="" UPGRADE_LABEL=""
    ((RUN_NODEMO)) && install_and_test nodemo 0
    ((RUN_DEMO)) && UPGRADE_DB="" && install_and_test demo 1
    if [[ -n "$UPGRADE_DB" ]]; then
        upgrade_check "$UPGRADE_DB" "$UPGRADE_LABEL"
    else
        echo "  [upgrade] not run: the addon could not be installed"
        report line "Odoo [upgrade]: not run, the install failed" --failed
    fi
    ((RUN_DEMO)) && release_upgrade_check
}

export CCHC_CHECKLOG="$VENV/bin/checklog-odoo" # used by run_tests_report.py
if ! setup_venv; then
    report line "Tools venv $VENV FAILED: see above" --failed
    RUN_CHECKS=0 # the checks need it; the Odoo suite still runs (and its log gate fails)
fi
((RUN_CHECKS)) && run_checks
((RUN_ODOO)) && run_odoo_suite
report summary --logs "$LOG_DIR"
