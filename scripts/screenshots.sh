#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/img/*.png) from a fresh demo database:
# the home screen of each role, the director's charts, a plan's form and the printed plan.
#
#   ./scripts/screenshots.sh
set -euo pipefail
# shellcheck source=scripts/_odoo_env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_odoo_env.sh"
cchc_get_odoo || { echo "No Odoo 18: $ODOO_NOT_FOUND" >&2; exit 1; }
cchc_odoo_python || { echo "cannot find Odoo's python" >&2; exit 1; }
DB="${CCHC_SHOTS_DB:-cchc_screenshots}"
PORT="$(cchc_free_port)"
OUT="$CCHC_REPO_ROOT/docs/img"
LOG="$CCHC_REPO_ROOT/logs/screenshots-server.log"
mkdir -p "$CCHC_REPO_ROOT/logs"
CCHC_DEMO_DB="$DB" "$CCHC_SCRIPTS_DIR/demo.sh" --no-serve
"${ODOO_CMD[@]}" --addons-path="$ODOO_ADDONS" "${ODOO_EXTRA[@]}" -d "$DB" \
    --db-filter="^${DB}\$" --http-interface=127.0.0.1 --http-port="$PORT" \
    --workers=0 --max-cron-threads=0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; cchc_dropdb "$DB" || true' EXIT
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    sleep 1
done
xmlid_res_id() { psql -X -At -d "$DB" -c "SELECT res_id FROM ir_model_data WHERE module = 'cchc_outreach' AND name = '$1'"; }
PLAN_ID="$(xmlid_res_id demo_plan_sct_2026)"
"$ODOO_PY" "$CCHC_SCRIPTS_DIR/screenshots.py" "http://127.0.0.1:$PORT" "$OUT" "PLAN=$PLAN_ID" \
    "PTASK=$(xmlid_res_id demo_task_ubnd26_online)"
# The printed plan: its document as issued (stored when it was issued).
FILESTORE="$(printf 'from odoo.tools import config\nprint("FS=" + config.filestore(%s))\n' "'$DB'" |
    cchc_odoo shell -d "$DB" --no-http --log-level=warn 2>/dev/null | sed -n 's/^FS=//p')"
STORE="$(psql -X -At -d "$DB" -c "SELECT a.store_fname FROM cchc_plan p JOIN ir_attachment a ON a.id = p.issued_pdf_id WHERE p.id = $PLAN_ID")"
PDF="$FILESTORE/$STORE"
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$PDF" "$OUT/plan_page1"
LAST="$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')"
pdftoppm -png -r 70 -f "$LAST" -l "$LAST" -singlefile "$PDF" "$OUT/plan_appendix"
cchc_log "screenshots written to $OUT"
