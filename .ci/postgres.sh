# .ci/postgres.sh: a throw-away PostgreSQL cluster for the tests of package
# store, which read its address from TABLERO_TEST_POSTGRES.
#
# Usage:
#   source .ci/postgres.sh       # .ci/run, or an interactive bash: starts a
#                                # cluster, exports TABLERO_TEST_POSTGRES and
#                                # stops and deletes the cluster when the
#                                # shell exits
#   .ci/postgres.sh --print      # starts a cluster, prints its export line
#                                # and the command that stops it, and leaves
#                                # it running
#   .ci/postgres.sh --stop DIR   # stops the cluster in DIR and deletes DIR
#
# It takes initdb and pg_ctl from PATH or /usr/lib/postgresql/*/bin, and
# installs Debian's postgresql package when neither has them (as root). The
# server runs as the postgres system user when the script runs as root
# (initdb refuses root), in a fresh temporary directory, listening on
# 127.0.0.1 only, on a free port, with trust authentication and without
# fsync: it is for tests, never for data.
#
# Sourced, it defines only names beginning with _tablero_pg and the variable
# TABLERO_TEST_POSTGRES, replaces any EXIT trap, and never calls exit or
# set -e: a failure makes `source` return non-zero.

# _tablero_pg_bindir prints the directory holding initdb and pg_ctl.
_tablero_pg_bindir() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# _tablero_pg_install installs Debian's PostgreSQL without starting its
# default cluster (a temporary policy-rc.d denies service starts).
_tablero_pg_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "postgres.sh: PostgreSQL not found; install it (Debian: apt-get install postgresql)" >&2
    return 1
  fi
  echo "postgres.sh: installing PostgreSQL with apt-get" >&2
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
  fi
  local rc=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || rc=$?
  if [ -n "$policy" ]; then rm -f "$policy"; fi
  return "$rc"
}

# _tablero_pg_port prints a TCP port of 127.0.0.1 that nothing listens on now.
_tablero_pg_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# _tablero_pg_stop DIR stops the cluster in DIR, quickly (its data is thrown
# away), kills its postmaster if pg_ctl cannot, and deletes DIR.
_tablero_pg_stop() {
  local dir=$1 bin pid
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  bin=$(_tablero_pg_bindir) || bin=""
  if [ -f "$dir/data/postmaster.pid" ]; then
    if [ -n "$bin" ]; then
      _tablero_pg_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/data/postmaster.pid" ]; then
      pid=$(head -n 1 "$dir/data/postmaster.pid")
      if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
  fi
  rm -rf "$dir"
}

# _tablero_pg_as runs a command as the postgres system user when running as
# root, as the current user otherwise.
_tablero_pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# _tablero_pg_start starts a cluster in a new temporary directory and sets
# _tablero_pg_dir and TABLERO_TEST_POSTGRES (not yet exported).
_tablero_pg_start() {
  local bin dir port try ready
  bin=$(_tablero_pg_bindir) || { _tablero_pg_install && bin=$(_tablero_pg_bindir); } || {
    echo "postgres.sh: no initdb/pg_ctl after installing PostgreSQL" >&2
    return 1
  }
  if [ "$(id -u)" = 0 ] && ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin postgres || return 1
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/tablero-pg.XXXXXX") || return 1
  _tablero_pg_dir=$dir
  mkdir -p "$dir/sock" || return 1
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$dir" || return 1; fi
  if ! _tablero_pg_as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    return 1
  fi
  # A port free when probed may be taken before the server binds it: then
  # the server fails to start and another port is tried.
  for try in 1 2 3 4 5; do
    port=$(_tablero_pg_port) || return 1
    if _tablero_pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null 2>&1; then
      break
    fi
    port=""
  done
  if [ -z "$port" ]; then
    echo "postgres.sh: the server did not start; its log:" >&2
    tail -n 30 "$dir/server.log" >&2
    return 1
  fi
  ready=""
  for try in $(seq 1 60); do
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; then ready=1; break; fi
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    echo "postgres.sh: the server is not ready after 30 s" >&2
    return 1
  fi
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres tablero_test || return 1
  TABLERO_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/tablero_test?sslmode=disable"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: a cluster for this shell's life. A cluster an earlier source
  # started in this shell is stopped first.
  if [ -n "${_tablero_pg_dir:-}" ]; then _tablero_pg_stop "$_tablero_pg_dir"; fi
  _tablero_pg_dir=""
  trap '_tablero_pg_stop "$_tablero_pg_dir"' EXIT
  case $- in
  *i*) ;;
  *) trap 'exit 130' INT; trap 'exit 143' TERM; trap 'exit 129' HUP ;;
  esac
  if _tablero_pg_start; then
    export TABLERO_TEST_POSTGRES
    echo "postgres.sh: TABLERO_TEST_POSTGRES=$TABLERO_TEST_POSTGRES" >&2
  else
    _tablero_pg_stop "$_tablero_pg_dir"
    _tablero_pg_dir=""
    false
  fi
else
  set -euo pipefail
  case "${1:-}" in
  --print)
    _tablero_pg_dir=""
    if ! _tablero_pg_start; then _tablero_pg_stop "$_tablero_pg_dir"; exit 1; fi
    echo "export TABLERO_TEST_POSTGRES='$TABLERO_TEST_POSTGRES'"
    echo "# stop it with: $0 --stop $_tablero_pg_dir"
    ;;
  --stop)
    case "${2:-}" in
    */tablero-pg.*) _tablero_pg_stop "$2" ;;
    *) echo "usage: $0 --stop DIR (a directory --print named)" >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: source $0 | $0 --print | $0 --stop DIR" >&2
    exit 2
    ;;
  esac
fi
