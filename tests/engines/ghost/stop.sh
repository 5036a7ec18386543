#!/usr/bin/env bash
# Stops exactly what start.sh started (one node process), by the pid it wrote in the state folder, never by name.
#   env: ENGINE_STATE (/tmp/ghost-state)      stop.sh --purge   also deletes the state folder
# Safe to call twice, or when nothing runs.
set -uo pipefail
S=${ENGINE_STATE:-/tmp/ghost-state}
purge=; [ "${1:-}" = "--purge" ] && purge=1

[ -d "$S" ] || exit 0
S=$(cd "$S" && pwd)
if [ ! -f "$S/.ghost-fixture" ]; then   # only a folder that start.sh made (it marks it before writing anything else)
  echo "[ghost-fixture] $S does not look like a start.sh state folder; nothing done" >&2
  exit 0
fi

f="$S/ghost.pid"
if [ -f "$f" ]; then
  pid=$(cat "$f")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$S/current/index.js"; then
    kill -TERM "$pid" 2>/dev/null            # Ghost closes its server and the database, then exits
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "[ghost-fixture] pid $pid did not stop in 30 s; sending KILL" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    echo "[ghost-fixture] stopped Ghost ($pid)" >&2
    rm -f "$f"
  elif [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    echo "[ghost-fixture] pid $pid in $f is not this fixture's Ghost; left alone" >&2
  else
    rm -f "$f"
  fi
fi

if [ -n "$purge" ]; then
  if rm -rf "$S" 2>/dev/null; then echo "[ghost-fixture] removed $S" >&2; else echo "[ghost-fixture] could not remove all of $S" >&2; fi
fi
exit 0
