#!/usr/bin/env bash
# Generate odoo.conf for this checkout (machine paths stay out of git); keeps an existing one.
set -euo pipefail
cd "$(dirname "$0")/.."
ODOO_SRC=$(cat .odoo_src)
addons="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$PWD"
if [ -f odoo.conf ] && grep -qxF "addons_path = $addons" odoo.conf; then exit 0; fi
cat > odoo.conf <<CONF
[options]
addons_path = $addons
data_dir = $PWD/.odoo-data
db_user = $(id -un)
admin_passwd = $(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')
http_interface = 127.0.0.1
http_port = 8069
list_db = False
CONF
