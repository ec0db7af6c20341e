#!/usr/bin/env bash
# Starts a demo Odoo with cchc_outreach, demo data and Vietnamese on http://localhost:8069
#
#   ./scripts/demo.sh [--no-serve]
#
# Creates a fresh database (dropped first if it exists), installs the addon with demo
# data and the vi_VN language, switches every user to Vietnamese, then serves it.
# Stop it with Ctrl-C.
#
# Environment: CCHC_DEMO_DB (default cchc_demo), CCHC_DEMO_PORT (default 8069), and the
# Odoo discovery variables of scripts/_odoo_env.sh (ODOO_BIN, ODOO_ADDONS_PATH, ...); with no
# Odoo installed, the one built by scripts/build_odoo.sh (ODOO_SRC) is used or built.

set -euo pipefail
SERVE=1
[[ "${1:-}" == --no-serve ]] && SERVE=0

# shellcheck source=scripts/_odoo_env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_odoo_env.sh"

DB="${CCHC_DEMO_DB:-cchc_demo}"
PORT="${CCHC_DEMO_PORT:-8069}"
LOG_DIR="${CCHC_LOG_DIR:-$CCHC_REPO_ROOT/logs}"
mkdir -p "$LOG_DIR"
INSTALL_LOG="$LOG_DIR/demo-$DB-install.log"

if ! cchc_get_odoo; then
    echo "No Odoo 18: $ODOO_NOT_FOUND" >&2
    echo "Set ODOO_BIN to your odoo-bin, put 'odoo' on PATH, or set ODOO_SRC to an Odoo 18.0 source." >&2
    exit 1
fi
cchc_log "Odoo $ODOO_VERSION, $ODOO_ORIGIN"
cchc_log "addons path: $ODOO_ADDONS"

if command -v ss >/dev/null 2>&1 && ss -ltn "sport = :$PORT" | grep -q LISTEN; then
    echo "Port $PORT is already in use (another Odoo running?). Set CCHC_DEMO_PORT." >&2
    exit 1
fi

cchc_log "dropping database $DB if it exists"
cchc_dropdb "$DB"

cchc_log "installing $CCHC_MODULE with demo data and vi_VN in $DB (log: $INSTALL_LOG)"
if ! cchc_odoo -d "$DB" -i "$CCHC_MODULE" --load-language=vi_VN --stop-after-init \
    --no-http --workers=0 --max-cron-threads=0 >"$INSTALL_LOG" 2>&1 </dev/null; then
    echo "Install failed; last lines of $INSTALL_LOG:" >&2
    tail -n 40 "$INSTALL_LOG" >&2
    exit 1
fi
if grep -qE ' (ERROR|CRITICAL) ' "$INSTALL_LOG"; then
    echo "Install logged errors (see $INSTALL_LOG):" >&2
    grep -E ' (ERROR|CRITICAL) ' "$INSTALL_LOG" | head -n 20 >&2
    exit 1
fi

cchc_log "switching all users to Vietnamese (vi_VN, Asia/Ho_Chi_Minh)"
cchc_odoo shell -d "$DB" --no-http --log-level=warn >>"$INSTALL_LOG" 2>&1 <<'PY'
users = env["res.users"].with_context(active_test=False).search([])
users.write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
# Open the admin on the department of the plan under way (seed 000), all three demo companies allowed.
company = env.ref("cchc_outreach.demo_company_sct_dongnai", raise_if_not_found=False)
if company:
    env.ref("base.user_admin").write({"company_id": company.id})
env.cr.commit()
print("users switched to vi_VN:", len(users))
PY

# The morning of the demo's "today": the scheduled actions of the reminders and the daily
# digest run once, as they do every morning, so that every role finds its reminders
# (activities) and its digest e-mail (mail queue) when the demo starts.
DEMO_TODAY="${CCHC_DEMO_TODAY:-2026-11-21}"
cchc_log "running the reminders and the daily digest of $DEMO_TODAY (07:30 in Vietnam)"
CCHC_DEMO_TODAY="$DEMO_TODAY" cchc_odoo shell -d "$DB" --no-http --log-level=warn >>"$INSTALL_LOG" 2>&1 <<'PY'
import os
from freezegun import freeze_time
crons = [
    "cchc_outreach.ir_cron_cchc_reminders",
    "cchc_outreach.ir_cron_cchc_plan_reminders",
    "cchc_outreach.ir_cron_cchc_report_reminders",
    "cchc_outreach.ir_cron_cchc_feedback_reminders",
    "cchc_outreach.ir_cron_cchc_digest",
]
with freeze_time(os.environ["CCHC_DEMO_TODAY"] + " 00:30:00"):
    for xmlid in crons:
        env.ref(xmlid).method_direct_trigger()
        env.cr.commit()
env.cr.execute("SELECT count(*) FROM mail_activity WHERE active")
activities = env.cr.fetchone()[0]
env.cr.execute("SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")
print("demo morning: %s open activities, %s e-mails in the queue" % (activities, env.cr.fetchone()[0]))
PY
grep "demo morning" "$INSTALL_LOG" | tail -n 1

if ((!SERVE)); then
    cchc_log "demo database $DB ready (not served: --no-serve)"
    exit 0
fi

cat <<EOF

==============================================================
 CCHC Outreach demo
   URL:      http://localhost:$PORT/odoo
   Database: $DB

 Logins (login / password):
   admin / admin
EOF
if [[ -f "$CCHC_REPO_ROOT/docs/demo_logins.txt" ]]; then
    sed 's/^/   /' "$CCHC_REPO_ROOT/docs/demo_logins.txt"
fi
cat <<EOF

 Stop with Ctrl-C.
==============================================================

EOF

exec "${ODOO_CMD[@]}" --addons-path="$ODOO_ADDONS" "${ODOO_EXTRA[@]}" -d "$DB" \
    --db-filter="^${DB}\$" --http-interface=127.0.0.1 --http-port="$PORT" \
    --workers=0
