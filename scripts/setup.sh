#!/usr/bin/env bash
# Idempotent set-up: PostgreSQL, a role for the current user, Chromium for tours,
# the Odoo 19.0 source and a virtualenv with Odoo's and the project's requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="${HELPDESK_CASE_CACHE:-$HOME/.cache/helpdesk_case}"
ODOO_DEFAULT="$CACHE/odoo-19.0"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3.11}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || die "Python 3.11 is required (found $("$PY" --version 2>&1)); set PYTHON=/path/to/python3.11."

# --- Debian packages -------------------------------------------------------
APT_PKGS=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev
          libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev chromium)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "Missing packages ${missing[*]} and no apt-get: install them by hand."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq || die "apt-get update failed: check the network or your apt sources."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed."
fi
command -v chromium >/dev/null || die "chromium is not on the PATH: tours would be skipped. Install Debian's chromium."

# --- PostgreSQL ------------------------------------------------------------
"$ROOT/scripts/pg_start.sh"

# --- Odoo source -----------------------------------------------------------
ODOO_SRC="${ODOO_SRC:-}"
if [ -z "$ODOO_SRC" ]; then
  ODOO_SRC="$ODOO_DEFAULT"
  if [ ! -x "$ODOO_SRC/odoo-bin" ]; then
    say "no Odoo source in $ODOO_SRC: cloning odoo/odoo 19.0 (shallow)"
    mkdir -p "$CACHE"
    git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$ODOO_SRC" \
      || die "Could not clone Odoo 19.0: put its source in $ODOO_DEFAULT or set ODOO_SRC."
  fi
fi
[ -x "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC has no odoo-bin: point it at an Odoo 19.0 checkout."
grep -q "version_info = (19, 0" "$ODOO_SRC/odoo/release.py" || die "$ODOO_SRC is not Odoo 19.0."
echo "$ODOO_SRC" > "$ROOT/.odoo_src"

# --- Python environment ----------------------------------------------------
[ -x "$VENV/bin/python" ] || { say "creating $VENV"; "$PY" -m venv "$VENV"; }
stamp="$VENV/.requirements.sha"
want=$(cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/scripts/setup.sh" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing Python requirements (Odoo's and the project's)"
  "$VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81"
  # cbor2 5.4.2 does not build with current setuptools on Python 3.11.
  sed -e 's/^cbor2==5\.4\.2/cbor2==5.4.6/' "$ODOO_SRC/requirements.txt" > "$VENV/odoo-requirements.txt"
  "$VENV/bin/pip" install -q -r "$VENV/odoo-requirements.txt" || die "pip could not install Odoo's requirements."
  "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" || die "pip could not install requirements.txt."
  echo "$want" > "$stamp"
fi
# Odoo is imported from its source tree (as pytest-odoo and odoo-bin expect), via a .pth file.
"$VENV/bin/python" -c 'import sys, sysconfig; open(sysconfig.get_paths()["purelib"] + "/odoo-src.pth", "w").write(sys.argv[1] + "\n")' "$ODOO_SRC"
"$VENV/bin/python" -c "import odoo, pytest_odoo" || die "the virtualenv is broken: rm -rf .venv and run make setup again."

# --- Odoo configuration (generated, not committed) ------------------------
"$ROOT/scripts/write_conf.sh"
say "ready: Odoo at $ODOO_SRC, virtualenv at $VENV, config in odoo.conf"
