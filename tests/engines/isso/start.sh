#!/usr/bin/env bash
# Starts a static Pelican blog on http://127.0.0.1:$ENGINE_PORT/ whose comments live in an Isso comment
# server on http://127.0.0.1:$ISSO_PORT/, seeds Isso through its HTTP API as visitors would, and writes
# the ground truth (read back from Pelican and Isso) to $ENGINE_STATE/manifest.json.
#   env: ENGINE_PORT (8092)  ISSO_PORT (ENGINE_PORT+1, so 8093)  ENGINE_STATE (/tmp/isso-state)
# Idempotent: installs the engine if missing, reuses a running instance, restarts a stopped one.
# Prints the site's base URL as the last line of stdout when both answer; progress goes to stderr.
# Stop it with stop.sh (same env).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
VENV="$ROOT/.engines/isso/venv"
PORT=${ENGINE_PORT:-8092}
log() { echo "[isso-fixture] $*" >&2; }
die() { echo "[isso-fixture] error: $*" >&2; exit 1; }
[[ $PORT =~ ^[0-9]+$ ]] || die "ENGINE_PORT must be a number"
IPORT=${ISSO_PORT:-$((PORT + 1))}
[[ $IPORT =~ ^[0-9]+$ ]] || die "ISSO_PORT must be a number"
[ "$PORT" != "$IPORT" ] || die "ENGINE_PORT and ISSO_PORT must differ"
BASE="http://127.0.0.1:$PORT"
ISSO="http://127.0.0.1:$IPORT"
command -v curl >/dev/null || die "curl is needed"

mkdir -p "${ENGINE_STATE:-/tmp/isso-state}"
S=$(cd "${ENGINE_STATE:-/tmp/isso-state}" && pwd)
if [ -n "$(ls -A "$S")" ] && [ ! -f "$S/.isso-fixture" ]; then   # never write into a folder that is not ours
  die "$S is not empty and is not a state folder made by start.sh; remove it or set ENGINE_STATE"
fi
touch "$S/.isso-fixture"

# A pid counts only if it is alive and is the process we started (its command line names this state folder).
ours() {  # ours PIDFILE MARKER
  local pid
  [ -f "$1" ] && pid=$(cat "$1") && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}
web_up()  { ours "$S/web.pid" "--directory $S/output"; }
isso_up() { ours "$S/isso.pid" "-c $S/isso.cfg"; }
http_ok() { curl -fsS -o /dev/null --max-time 10 "$1" 2>/dev/null; }
answers() { curl -s -o /dev/null --max-time 5 "$1" 2>/dev/null; }   # any HTTP answer at all
py() { ISSO_FIXTURE_STATE="$S" "$VENV/bin/python" "$HERE/fixture.py" "$@"; }
stop_pid() {  # stop_pid PIDFILE: only called for a pid that ours() accepted
  local pid; pid=$(cat "$1")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

if [ -f "$S/ports" ] && [ "$(cat "$S/ports")" != "$PORT $IPORT" ]; then
  die "$S was built for ports $(cat "$S/ports") (pages and Isso's host setting name them), not $PORT $IPORT: use those or remove $S"
fi

finish() {  # manifest from Pelican and Isso as they are now (a test may have posted comments since)
  py manifest "$S" "$BASE" "$ISSO" 2>>"$S/fixture.log" || { tail -5 "$S/fixture.log" >&2; die "manifest failed"; }
  printf 'ISSO_BASE_URL=%s/\nISSO_API_URL=%s/\nISSO_STATE=%s\nISSO_MANIFEST=%s/manifest.json\n' "$BASE" "$ISSO" "$S" "$S" >"$S/env"
  echo "$BASE/"
}

# ---------------------------------------------------------------- already running: reuse
if web_up && isso_up && [ -f "$S/seeded.json" ] && http_ok "$BASE/" && http_ok "$ISSO/config"; then
  log "already running (pids $(cat "$S/web.pid"), $(cat "$S/isso.pid"))"
  finish
  exit 0
fi

# ---------------------------------------------------------------- engine (own venv), only if missing
"$HERE/install.sh"

# ---------------------------------------------------------------- ports must be free (unless ours)
if ! web_up && answers "$BASE/"; then die "something else already answers on 127.0.0.1:$PORT; set ENGINE_PORT"; fi
if ! isso_up && answers "$ISSO/"; then die "something else already answers on 127.0.0.1:$IPORT; set ISSO_PORT"; fi

# ---------------------------------------------------------------- the static site (Pelican), built once
if [ ! -f "$S/output/index.html" ] || [ ! -f "$S/pelican-truth.json" ]; then
  py content "$S" "$BASE" 2>>"$S/fixture.log" || { tail -5 "$S/fixture.log" >&2; die "writing the content failed"; }
  log "building the site with Pelican (log: $S/pelican.log)"
  ISSO_FIXTURE_STATE="$S" ISSO_FIXTURE_BASE="$BASE" ISSO_FIXTURE_ISSO="$ISSO" \
    "$VENV/bin/pelican" -s "$HERE/pelicanconf.py" --fatal errors >"$S/pelican.log" 2>&1 ||
    { tail -20 "$S/pelican.log" >&2; die "pelican failed, see $S/pelican.log"; }
  [ -f "$S/output/index.html" ] && [ -f "$S/pelican-truth.json" ] || die "pelican wrote no site, see $S/pelican.log"
fi

# ---------------------------------------------------------------- static server on loopback only
if ! web_up; then
  setsid "$VENV/bin/python" -m http.server "$PORT" --bind 127.0.0.1 --directory "$S/output" \
    </dev/null >>"$S/web.log" 2>&1 &
  echo $! >"$S/web.pid"
  for _ in $(seq 1 80); do
    http_ok "$BASE/" && break
    web_up || die "the static server exited (port $PORT taken?), see $S/web.log"
    sleep 0.1
  done
fi
http_ok "$BASE/" || die "the site does not answer on $BASE/, see $S/web.log"

# ---------------------------------------------------------------- Isso
if [ ! -f "$S/seeded.json" ]; then      # seeding never finished: start again from an empty database
  if isso_up; then stop_pid "$S/isso.pid"; fi
  rm -f "$S/comments.db" "$S/comments.db-journal" "$S/comments.db-wal" "$S/comments.db-shm" "$S/isso.log"
fi
# host: the site's origin, for CORS and to accept its comments. trusted-proxies: the seeder tells each
# visitor's address in X-Forwarded-For, as nginx in front of Isso would. purge-after: pending comments
# carry their old dates and would otherwise be purged (default 30d) at the next start.
cat >"$S/isso.cfg" <<CFG
[general]
dbpath = $S/comments.db
host = $BASE/
max-age = 15m
notify = stdout
log-file = $S/isso.log
gravatar = false
latest-enabled = false

[moderation]
enabled = true
approve-if-email-previously-approved = false
purge-after = 36500d

[server]
listen = $ISSO/
public-endpoint = $ISSO
trusted-proxies = 127.0.0.1
reload = false
profile = false

[guard]
enabled = true
ratelimit = 10
direct-reply = 3
reply-to-self = false
require-author = false
require-email = false

[admin]
enabled = false

[rss]
base = $BASE
limit = 100
CFG
if ! isso_up; then
  # ISSO_SETTINGS would take precedence over -c: make sure only our file counts
  setsid env -u ISSO_SETTINGS "$VENV/bin/isso" -c "$S/isso.cfg" run </dev/null >>"$S/isso.out" 2>&1 &
  echo $! >"$S/isso.pid"
  for _ in $(seq 1 100); do
    http_ok "$ISSO/config" && break
    isso_up || die "isso exited (port $IPORT taken?), see $S/isso.out and $S/isso.log"
    sleep 0.1
  done
fi
http_ok "$ISSO/config" || die "isso does not answer on $ISSO/, see $S/isso.log"

# ---------------------------------------------------------------- seed (once) and check
py seed "$S" "$BASE" "$ISSO" 2>>"$S/fixture.log" || { tail -5 "$S/fixture.log" >&2; die "seeding failed, see $S/fixture.log"; }
echo "$PORT $IPORT" >"$S/ports"
py verify "$S" "$BASE" "$ISSO" 2>>"$S/fixture.log" || { tail -8 "$S/fixture.log" >&2; die "the API does not show what was seeded"; }
log "ready: $BASE/ (comments: $ISSO/, manifest: $S/manifest.json)"
finish
