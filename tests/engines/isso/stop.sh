#!/usr/bin/env bash
# Stops exactly what start.sh started, by the pids it wrote in the state folder (never by name).
#   env: ENGINE_STATE (/tmp/isso-state)      stop.sh --purge   also deletes the state folder
# Safe to call twice, or when nothing runs.
set -uo pipefail
S=${ENGINE_STATE:-/tmp/isso-state}
purge=; [ "${1:-}" = "--purge" ] && purge=1

stop() {  # stop PIDFILE MARKER
  local f=$1 marker=$2 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "[isso-fixture] pid $pid did not stop in 20 s; sending KILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "[isso-fixture] stopped ${f##*/} ($pid)" >&2
  elif [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    echo "[isso-fixture] pid $pid in $f is not this fixture's process; left alone" >&2
    return 0
  fi
  rm -f "$f"
}

if [ -d "$S" ]; then
  S=$(cd "$S" && pwd)
  if [ ! -f "$S/.isso-fixture" ]; then   # only a folder that start.sh made (it marks it first)
    echo "[isso-fixture] $S does not look like a start.sh state folder; nothing done" >&2
    exit 0
  fi
  stop "$S/isso.pid" "-c $S/isso.cfg" &
  stop "$S/web.pid" "--directory $S/output" &
  wait
  if [ -n "$purge" ]; then
    if rm -rf "$S" 2>/dev/null; then echo "[isso-fixture] removed $S" >&2; else echo "[isso-fixture] could not remove all of $S" >&2; fi
  fi
fi
exit 0
