#!/usr/bin/env bash
# Create (or upgrade) a database with every project addon and demo data, then serve it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
DB="${DB:-helpdesk_case}"
if psql -d postgres -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
  echo "[run] upgrading database $DB ($ADDONS)"
  "${ODOO[@]}" -d "$DB" -u "$ADDONS" --stop-after-init --log-level=warn
else
  echo "[run] creating database $DB with demo data ($ADDONS)"
  "${ODOO[@]}" -d "$DB" -i "$ADDONS" --with-demo --stop-after-init --log-level=warn
fi
echo "[run] Helpdesk Case on http://localhost:8069 — log in as admin / admin"
echo "[run] demo logins (password = login): case_agent_demo, case_supervisor_demo (back office);"
echo "[run]   case_customer_demo (a customer with cases), case_consultant_demo (a consultant: see \"My network\" in /my/cases)"
exec "${ODOO[@]}" -d "$DB" --db-filter="^$DB\$"
