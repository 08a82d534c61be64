#!/usr/bin/env bash
# Throw-away PostgreSQL cluster for tests and CI: `start <dir> <port>` prints its URL, `stop <dir>` stops it and removes <dir>.
# Debian's postgres refuses to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail

usage() {
  echo "usage: $0 start <dir> <port> | stop <dir>" >&2
  exit 2
}

find_bin_dir() {
  if [[ -n "${PG_BIN:-}" && -x "${PG_BIN}/pg_ctl" ]]; then
    echo "$PG_BIN"
    return 0
  fi
  local dir
  # Newest installed major version first.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return 0
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found: run 'apt-get install -y postgresql' or set PG_BIN" >&2
  return 1
}

# Runs a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

start() {
  local dir="$1" port="$2" bin
  [[ "$port" =~ ^[0-9]+$ ]] || usage
  bin="$(find_bin_dir)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  touch "$dir/.pg-throwaway"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown -R postgres "$dir"
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
  fi
  # -l sends the server's output to a file, so it never holds the caller's stdout/stderr pipes open.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$dir/server.log" >&2 || true
    exit 1
  }
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir="$1" bin
  [[ -d "$dir" ]] || return 0
  # A start that failed before creating anything leaves an empty directory.
  rmdir "$dir" 2>/dev/null && return 0
  if [[ ! -f "$dir/.pg-throwaway" ]]; then
    echo "$dir was not created by $0; refusing to touch it" >&2
    exit 1
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    bin="$(find_bin_dir)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
