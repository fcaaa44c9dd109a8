#!/usr/bin/env bash
# Regenerate every addon's .pot from a fresh database without demo data.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB=helpdesk_case_i18n
dropdb --if-exists "$DB"
"${ODOO[@]}" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
for addon in ${ADDONS//,/ }; do
  "$ROOT/.venv/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ROOT/odoo.conf" -d "$DB" -o "$ROOT/$addon/i18n/$addon.pot" "$addon"
done
dropdb "$DB"
