#!/usr/bin/env bash
# Start the machine's PostgreSQL if it is not answering (tests use 127.0.0.1:5432).
set -euo pipefail
url="${CSP_TEST_POSTGRES_URL:-}"
if [ -n "$url" ]; then exit 0; fi   # the caller brings their own server
# make test runs three pytest-xdist workers, each with its own databases and connection
# pools: more than PostgreSQL's default 100 connections.
want_connections=400
ensure_connections() {
  local now
  now=$(psql -h 127.0.0.1 -U postgres -Atc "show max_connections" 2>/dev/null || echo 0)
  if [ "${now:-0}" -ge "$want_connections" ]; then return 0; fi
  echo "raising PostgreSQL's max_connections from $now to $want_connections (a restart)" >&2
  psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET max_connections = $want_connections"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main restart
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && return 0
    sleep 1
  done
  echo "PostgreSQL did not come back on 127.0.0.1:5432" >&2
  return 1
}
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then ensure_connections; exit $?; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed; installing it from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  if pg_isready -h 127.0.0.1 -p 5432 -q; then ensure_connections; exit $?; fi
  sleep 1
done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
