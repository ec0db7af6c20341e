# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables set here are used by the sourcing scripts
# Shared Odoo discovery for scripts/run_tests.sh and scripts/demo.sh (sourced, not run).
#
# Environment (all optional):
#   ODOO_BIN          path to odoo-bin or an `odoo` command; default: `odoo`, then `odoo-bin` on PATH
#   ODOO_PYTHON       interpreter used when ODOO_BIN is a python file that is not executable
#   ODOO_ADDONS_PATH  extra addons folders (comma separated), put before the repository
#   CCHC_REPO_ADDONS  folder holding the cchc_outreach addon (default: the repository root)
#   ODOO_EXTRA_ARGS   extra arguments for every odoo call (word-split), e.g. "--db_host=localhost"
#
# After `cchc_find_odoo`:
#   ODOO_CMD          bash array: the command that runs Odoo
#   ODOO_VERSION      e.g. "18.0-20250506"
#   ODOO_ADDONS       value for --addons-path (Odoo's own addons + extras + repository)
#   ODOO_NOT_FOUND    reason, when cchc_find_odoo returned 1

CCHC_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CCHC_REPO_ROOT="$(cd "$CCHC_SCRIPTS_DIR/.." && pwd)"
CCHC_MODULE="${CCHC_MODULE:-cchc_outreach}"

# Odoo colours its log when ODOO_PY_COLORS is set: keep logs parseable.
unset ODOO_PY_COLORS
# wkhtmltopdf (Qt) warns on every print when there is no runtime directory.
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
    XDG_RUNTIME_DIR="${TMPDIR:-/tmp}/cchc-runtime-$(id -u)"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
fi

cchc_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Fills ODOO_CMD / ODOO_VERSION / ODOO_ADDONS. Returns 1 (ODOO_NOT_FOUND set) when
# no usable Odoo 18 exists, 2 when ODOO_BIN is set but unusable (a user error).
cchc_find_odoo() {
    ODOO_CMD=()
    ODOO_NOT_FOUND=""
    local explicit=0
    if [[ -n "${ODOO_BIN:-}" ]]; then
        explicit=1
        if [[ -f "$ODOO_BIN" && -x "$ODOO_BIN" ]]; then
            ODOO_CMD=("$ODOO_BIN")
        elif [[ -f "$ODOO_BIN" ]]; then
            ODOO_CMD=("${ODOO_PYTHON:-python3}" "$ODOO_BIN")
        elif command -v "$ODOO_BIN" >/dev/null 2>&1; then
            ODOO_CMD=("$(command -v "$ODOO_BIN")")
        else
            ODOO_NOT_FOUND="ODOO_BIN=$ODOO_BIN does not exist"
            return 2
        fi
    elif command -v odoo >/dev/null 2>&1; then
        ODOO_CMD=("$(command -v odoo)")
    elif command -v odoo-bin >/dev/null 2>&1; then
        ODOO_CMD=("$(command -v odoo-bin)")
    else
        ODOO_NOT_FOUND="no odoo or odoo-bin on PATH, ODOO_BIN unset"
        return 1
    fi

    local out
    if ! out="$("${ODOO_CMD[@]}" --version 2>/dev/null)"; then
        ODOO_NOT_FOUND="'${ODOO_CMD[*]} --version' failed (wrong python? set ODOO_PYTHON)"
        return $((explicit ? 2 : 1))
    fi
    ODOO_VERSION="$(printf '%s\n' "$out" | sed -n 's/^Odoo Server \([^ ]*\).*/\1/p' | head -n1)"
    if [[ "$ODOO_VERSION" != 18.0* ]]; then
        ODOO_NOT_FOUND="${ODOO_CMD[*]} is Odoo '${ODOO_VERSION:-?}', not 18.0"
        return $((explicit ? 2 : 1))
    fi

    # Odoo's own addons: ask Odoo for its default addons_path (saved to a throw-away
    # config file, so a user's ~/.odoorc is neither read for this nor overwritten).
    local tmpdir default_addons=""
    tmpdir="$(mktemp -d)"
    if "${ODOO_CMD[@]}" -c "$tmpdir/odoo.conf" --save --stop-after-init --no-http \
        >"$tmpdir/save.log" 2>&1; then
        default_addons="$(sed -n 's/^addons_path *= *//p' "$tmpdir/odoo.conf" | head -n1)"
    fi
    rm -rf "$tmpdir"
    if [[ -z "$default_addons" ]]; then
        ODOO_NOT_FOUND="could not read the default addons_path of ${ODOO_CMD[*]}"
        return $((explicit ? 2 : 1))
    fi

    local repo_addons="${CCHC_REPO_ADDONS:-$CCHC_REPO_ROOT}"
    repo_addons="$(cd "$repo_addons" && pwd)"
    if [[ ! -f "$repo_addons/$CCHC_MODULE/__manifest__.py" ]]; then
        ODOO_NOT_FOUND="no $CCHC_MODULE addon in $repo_addons"
        return 2
    fi
    ODOO_ADDONS="$default_addons"
    if [[ -n "${ODOO_ADDONS_PATH:-}" ]]; then
        ODOO_ADDONS="$ODOO_ADDONS,$ODOO_ADDONS_PATH"
    fi
    ODOO_ADDONS="$ODOO_ADDONS,$repo_addons"
    # shellcheck disable=SC2206
    ODOO_EXTRA=(${ODOO_EXTRA_ARGS:-})
    return 0
}

# cchc_get_odoo : cchc_find_odoo, and when no Odoo is installed (ODOO_BIN unset, nothing on
# PATH) the private build of scripts/build_odoo.sh in .odoo/ (reused, or built from ODOO_SRC /
# the official download). Sets ODOO_ORIGIN to a one-line description of the Odoo found.
# Returns like cchc_find_odoo; ODOO_NOT_FOUND holds the one-line reason on failure.
cchc_get_odoo() {
    ODOO_ORIGIN=""
    local rc=0
    cchc_find_odoo || rc=$?
    if ((rc == 0)); then
        ODOO_ORIGIN="installed: ${ODOO_CMD[*]}"
        return 0
    elif ((rc != 1)); then
        return "$rc"
    fi
    local built_now=0 bin reason
    if ! "$CCHC_SCRIPTS_DIR/build_odoo.sh" --check; then
        built_now=1
        cchc_log "no Odoo installed: building one in ${CCHC_ODOO_HOME:-$CCHC_REPO_ROOT/.odoo}" \
            "from ${ODOO_SRC:-the official download} (scripts/build_odoo.sh)"
    fi
    local errfile
    errfile="$(mktemp)"
    if ! bin="$("$CCHC_SCRIPTS_DIR/build_odoo.sh" 2> >(tee "$errfile" >&2) | tail -n1)" ||
        [[ -z "$bin" ]]; then
        sleep 0.2
        reason="$(grep '^build_odoo: ' "$errfile" | tail -n1 | sed 's/^build_odoo: //')"
        rm -f "$errfile"
        ODOO_NOT_FOUND="no Odoo 18 installed and none could be built: ${reason:-see above}"
        return 1
    fi
    rm -f "$errfile"
    local saved="${ODOO_BIN-}" had_bin="${ODOO_BIN+x}"
    ODOO_BIN="$bin"
    rc=0
    cchc_find_odoo || rc=$?
    if [[ -n "$had_bin" ]]; then ODOO_BIN="$saved"; else unset ODOO_BIN; fi
    if ((rc != 0)); then
        ODOO_NOT_FOUND="the Odoo built in $bin does not work: $ODOO_NOT_FOUND"
        return 1
    fi
    if ((built_now)); then
        ODOO_ORIGIN="built now by scripts/build_odoo.sh: $bin"
    else
        ODOO_ORIGIN="built earlier by scripts/build_odoo.sh: $bin"
    fi
    return 0
}

# cchc_odoo ARGS... : run Odoo with the discovered command, addons path and extra args.
cchc_odoo() {
    "${ODOO_CMD[@]}" --addons-path="$ODOO_ADDONS" "${ODOO_EXTRA[@]}" "$@"
}

# cchc_odoo_python : sets ODOO_PY to the python interpreter that runs Odoo
# (asked to Odoo itself through `odoo shell`, so any wrapper works). Returns 1 if unknown.
cchc_odoo_python() {
    ODOO_PY=""
    local tmpdir
    tmpdir="$(mktemp -d)"
    : >"$tmpdir/empty.conf"
    ODOO_PY="$(printf 'import sys\nprint("CCHC_PY=" + sys.executable)\n' |
        "${ODOO_CMD[@]}" shell -c "$tmpdir/empty.conf" --no-http --log-level=warn 2>/dev/null |
        sed -n 's/^CCHC_PY=//p' | head -n1)"
    rm -rf "$tmpdir"
    [[ -n "$ODOO_PY" && -x "$ODOO_PY" ]]
}

cchc_dropdb() {
    local db="$1"
    if command -v dropdb >/dev/null 2>&1; then
        dropdb --if-exists "$db"
    else
        psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null
    fi
}

cchc_free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}
