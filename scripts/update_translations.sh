#!/usr/bin/env bash
# Regenerates cchc_outreach/i18n/cchc_outreach.pot with Odoo's own exporter (a throw-away
# database with the addon installed, no demo data) and merges it into i18n/vi.po:
# new strings arrive untranslated (tests/test_i18n.py lists them until they are
# translated), strings the code no longer has are dropped.
#
#   ./scripts/update_translations.sh
set -euo pipefail
# shellcheck source=scripts/_odoo_env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/_odoo_env.sh"
cchc_get_odoo || { echo "No Odoo 18: $ODOO_NOT_FOUND" >&2; exit 1; }
I18N="$CCHC_REPO_ROOT/$CCHC_MODULE/i18n"
DB="cchc_i18n_$$"
trap 'cchc_dropdb "$DB" >/dev/null 2>&1 || true' EXIT
cchc_log "installing $CCHC_MODULE in $DB"
cchc_odoo -d "$DB" -i "$CCHC_MODULE" --without-demo=all --stop-after-init --no-http \
    --log-level=warn
cchc_log "exporting $I18N/$CCHC_MODULE.pot"
cchc_odoo -d "$DB" --i18n-export="$I18N/$CCHC_MODULE.pot" --modules="$CCHC_MODULE" \
    --stop-after-init --no-http --log-level=warn
cchc_log "merging into $I18N/vi.po"
msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$I18N/vi.po" \
    "$I18N/$CCHC_MODULE.pot"
msgattrib --no-obsolete --no-wrap --output-file="$I18N/vi.po" "$I18N/vi.po"
untranslated="$(msgattrib --untranslated --no-obsolete "$I18N/vi.po" | grep -c '^msgid ' || true)"
cchc_log "vi.po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated string(s)"
