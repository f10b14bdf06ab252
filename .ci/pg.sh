#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite: `.ci/pg.sh start` prints the URL to use as
# KUANGQU_TEST_DATABASE_URL; `.ci/pg.sh stop` ends it. Installs Debian's postgresql if missing.
# Data lives in $PGTEST_DIR (default /tmp/kuangqu-pgtest), on port $PGTEST_PORT (default 55432).
set -euo pipefail
DIR="${PGTEST_DIR:-/tmp/kuangqu-pgtest}"
PORT="${PGTEST_PORT:-55432}"
DB="${PGTEST_DB:-kuangqu_test}"

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

ensure_installed() {
  if ! find_bin >/dev/null; then
    echo "installing postgresql (Debian package)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
}

as_pg() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-start}" in
  start)
    ensure_installed
    BIN="$(find_bin)"
    if [ -f "$DIR/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$DIR"
      mkdir -p "$DIR"
      [ "$(id -u)" = "0" ] && chown postgres: "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      as_pg "$BIN/pg_ctl" -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" \
        -l "$DIR/server.log" -w start >/dev/null
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" \
      | grep -q 1 || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
    ;;
  stop)
    BIN="$(find_bin)" || exit 0
    [ -d "$DIR" ] && as_pg "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
