#!/usr/bin/env bash
# Build a fresh test database with every project addon and run the whole suite with pytest-odoo.
set -euo pipefail
source "$(dirname "$0")/common.sh"
command -v chromium >/dev/null || die "chromium is not on the PATH: tours would be skipped. Run 'make setup'."
DB="${TEST_DB:-helpdesk_case_test}"
LOG="$ROOT/test-logs"; mkdir -p "$LOG"
echo "[test] fresh database $DB with $ADDONS (demo data included)"
dropdb --if-exists "$DB"
if ! "${ODOO[@]}" -d "$DB" -i "$ADDONS" --with-demo --stop-after-init --log-level=warn \
    >"$LOG/install.log" 2>&1 || grep -E " (ERROR|CRITICAL) " "$LOG/install.log"; then
  tail -n 40 "$LOG/install.log"; die "installing $ADDONS failed (full log: test-logs/install.log)."
fi
TESTS=$(cd "$ROOT" && ls -d */tests | paste -sd' ' -)
cd "$ROOT"
set +e
.venv/bin/python -m pytest --odoo-config="$ROOT/odoo.conf" --odoo-database="$DB" --odoo-http \
  --odoo-log-level=warn -p no:cacheprovider $TESTS "$@"
rc=$?
set -e
[ $rc -eq 5 ] && die "pytest collected no test: that is a failure, not a pass."
exit $rc
