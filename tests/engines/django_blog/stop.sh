#!/usr/bin/env bash
# Stops exactly what start.sh started: the gunicorn master whose pid start.sh wrote (it takes its workers
# with it), checked against its command line; never anything found by name. Safe to call twice.
#   env: ENGINE_STATE (default /tmp/django_blog-state)     stop.sh --purge   also deletes the state folder
set -uo pipefail
S=${ENGINE_STATE:-/tmp/django_blog-state}
purge=; [ "${1:-}" = "--purge" ] && purge=1
log() { echo "[django_blog] $*" >&2; }

[ -d "$S" ] || exit 0
S=$(cd "$S" && pwd)
if [ ! -f "$S/.django_blog-fixture" ]; then
  log "$S does not look like a start.sh state folder; nothing done"
  exit 0
fi
f="$S/gunicorn.pid" marker="--error-logfile $S/gunicorn.log"
if [ -f "$f" ]; then
  pid=$(cat "$f")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"; then
    kill -TERM "$pid" 2>/dev/null          # gunicorn's master stops its workers, then exits
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      log "gunicorn $pid did not stop in 30 s; sending KILL to its process group"
      pgid=$(awk '{print $5}' "/proc/$pid/stat" 2>/dev/null)
      if [ "$pgid" = "$pid" ]; then kill -KILL -- "-$pid" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
    fi
    log "stopped gunicorn ($pid)"
    rm -f "$f"
  elif [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    log "pid $pid in $f is not this fixture's gunicorn; left alone"
  else
    rm -f "$f"
  fi
fi
if [ -n "$purge" ]; then
  if rm -rf "$S" 2>/dev/null; then log "removed $S"; else log "could not remove all of $S"; fi
fi
exit 0
