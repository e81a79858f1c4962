#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests, the benchmark and manual cluster runs.
#   scripts/postgres-local.sh start DIR PORT   initialises DIR (if new), starts the server on 127.0.0.1:PORT with its
#                                              unix socket in DIR, creates database "sightline" and prints the
#                                              connection string for `sightline serve --cluster`
#   scripts/postgres-local.sh stop DIR [PORT]  stops it (fast shutdown; PORT is accepted and not needed); delete DIR
#                                              yourself afterwards
# Trust authentication on loopback: for a test or a demo, never for data that matters.
# initdb refuses to run as root, so as root the server runs as the `postgres` user of Debian's postgresql package.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR [PORT]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
action="$1"
dir="$(realpath -m "$2")"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "postgres-local.sh: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); install the Debian package postgresql" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "postgres-local.sh: running as root but there is no 'postgres' user to run the server as (initdb refuses root); install the Debian package postgresql" >&2
    exit 1
  fi
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

case "$action" in
  start)
    [[ $# -eq 3 && "$3" =~ ^[0-9]+$ ]] || usage
    port="$3"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "postgres-local.sh: the postgres user cannot reach $dir (a parent folder is closed to it); choose a folder under /tmp" >&2
        exit 1
      fi
    fi
    chmod 700 "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
        || { echo "postgres-local.sh: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres-local.sh: a server already runs in $dir; using it" >&2
    elif ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null; then
      echo "postgres-local.sh: the server did not start on 127.0.0.1:$port:" >&2
      tail -n 20 "$dir/server.log" >&2 || true
      exit 1
    fi
    if [[ -z "$(as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'sightline'")" ]]; then
      as_owner "$bin/createdb" -h "$dir" -p "$port" -U postgres sightline
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=sightline"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  *) usage ;;
esac
