#!/usr/bin/env bash
# Stops exactly what start.sh started (the static http server), by the pid it wrote in the state
# folder, never by name. ikiwiki itself runs only during start.sh, as a one-shot compiler.
#   env: ENGINE_STATE (/tmp/ikiwiki-state)      stop.sh --purge   also deletes the state folder
# Safe to call twice, or when nothing runs.
set -uo pipefail
S=${ENGINE_STATE:-/tmp/ikiwiki-state}
purge=; [ "${1:-}" = "--purge" ] && purge=1

stop() {  # stop PIDFILE MARKER
  local f=$1 marker=$2 pid pgid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    pgid=$(awk '{print $5}' "/proc/$pid/stat" 2>/dev/null)
    # started with setsid, so it leads its own process group
    if [ "$pgid" = "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null; else kill -TERM "$pid" 2>/dev/null; fi
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "[ikiwiki-fixture] pid $pid did not stop in 10 s; sending KILL" >&2
      if [ "$pgid" = "$pid" ]; then kill -KILL -- "-$pid" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
    fi
    echo "[ikiwiki-fixture] stopped ${f##*/} ($pid)" >&2
  elif [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    echo "[ikiwiki-fixture] pid $pid in $f is not this fixture's process; left alone" >&2
    return 0
  fi
  rm -f "$f"
}

if [ -d "$S" ]; then
  S=$(cd "$S" && pwd)
  # only a folder that start.sh made (it marks it before writing anything else)
  if [ ! -f "$S/.ikiwiki-fixture" ]; then
    echo "[ikiwiki-fixture] $S does not look like a start.sh state folder; nothing done" >&2
    exit 0
  fi
  stop "$S/http.pid" "--directory $S/public"
  if [ -n "$purge" ]; then
    if rm -rf "$S" 2>/dev/null; then echo "[ikiwiki-fixture] removed $S" >&2; else echo "[ikiwiki-fixture] could not remove all of $S" >&2; fi
  fi
fi
exit 0
