#!/usr/bin/env bash
# Start the local PostgreSQL cluster if it is down and make sure the current user has a role.
set -euo pipefail
die() { printf '\033[31m[pg] %s\033[0m\n' "$*" >&2; exit 1; }
command -v pg_isready >/dev/null || die "PostgreSQL client tools are missing: run make setup."
if ! pg_isready -q; then
  if command -v pg_ctlcluster >/dev/null && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    read -r ver name _ < <(pg_lsclusters -h | head -n1)
    if [ "$(id -u)" -eq 0 ]; then pg_ctlcluster "$ver" "$name" start || true
    else sudo pg_ctlcluster "$ver" "$name" start || true; fi
  fi
  for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
  pg_isready -q || die "PostgreSQL is not running and could not be started: start it (pg_ctlcluster) and retry."
fi
me=$(id -un)
if ! psql -d postgres -tAc "select 1" >/dev/null 2>&1; then
  [ "$me" != postgres ] || die "Odoo refuses the postgres role: run as another user."
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -c "createuser --superuser '$me'" || die "could not create the PostgreSQL role $me."
  else
    sudo -u postgres createuser --superuser "$me" || die "could not create the PostgreSQL role $me (needs sudo once)."
  fi
fi
psql -d postgres -tAc "select 1" >/dev/null || die "cannot connect to PostgreSQL as $me."
