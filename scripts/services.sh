#!/usr/bin/env bash
# Starts the services the test suite talks to (PostgreSQL) when they are down.
set -uo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  else
    echo "services: PostgreSQL is not running and pg_ctlcluster is absent; database tests will run on SQLite only (outside CI)" >&2
  fi
fi
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" postgres 2>/dev/null | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c 'create database test' postgres >/dev/null 2>&1 || true
fi
exit 0
