# Shared by run.sh and test.sh: fail early, with one line, when set-up is missing.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { printf '\033[31m[%s] %s\033[0m\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }
[ -x "$ROOT/.venv/bin/python" ] || die "no virtualenv: run 'make setup' first."
[ -f "$ROOT/.odoo_src" ] && ODOO_SRC=$(cat "$ROOT/.odoo_src") || die "Odoo source unknown: run 'make setup' first."
[ -x "$ODOO_SRC/odoo-bin" ] || die "Odoo source missing at $ODOO_SRC: run 'make setup' again."
[ -f "$ROOT/odoo.conf" ] || die "no odoo.conf: run 'make setup' first."
ODOO=("$ROOT/.venv/bin/python" "$ODOO_SRC/odoo-bin" -c "$ROOT/odoo.conf")
ADDONS=$(cd "$ROOT" && ls -d */__manifest__.py | cut -d/ -f1 | paste -sd, -)
[ -n "$ADDONS" ] || die "no addon found in $ROOT."
"$ROOT/scripts/pg_start.sh"
