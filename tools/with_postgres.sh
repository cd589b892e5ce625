#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run a command with a throwaway PostgreSQL server on a loopback port; TUCAI_TEST_DB_URL points at it.
# Installs PostgreSQL from Debian's packages when it is missing (as root).
set -euo pipefail
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "PostgreSQL is not installed; install it with: sudo apt-get install postgresql" >&2; exit 1
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${TUCAI_PG_PORT:-54329}
PGDATA=$(mktemp -d /tmp/tucai-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = "0" ]; then chown -R postgres:postgres "$PGDATA"; su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
cleanup() { as_pg "$PGBIN/pg_ctl -D $PGDATA -m fast -w stop" >/dev/null 2>&1 || true; rm -rf "$PGDATA"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb -D $PGDATA -U app --auth=trust -E UTF8 --no-sync" >/dev/null
as_pg "$PGBIN/pg_ctl -D $PGDATA -l $PGDATA/log -w -o '-p $PORT -c listen_addresses=127.0.0.1 -k $PGDATA -c fsync=off -c max_connections=200' start" >/dev/null
as_pg "$PGBIN/createdb -h 127.0.0.1 -p $PORT -U app tucai"
export TUCAI_TEST_DB_URL="postgresql+psycopg://app@127.0.0.1:$PORT/tucai"
"$@"
