#!/usr/bin/env bash
# Starts a real Ghost 5 (npm's `ghost` package, installed by install.sh) on http://127.0.0.1:$ENGINE_PORT/ with
# SQLite, its content and database in $ENGINE_STATE, seeds it through Ghost's APIs (seed.mjs: posts, members,
# native comments with replies) and writes the ground truth to $ENGINE_STATE/manifest.json (manifest.mjs).
# Idempotent: installs only if missing, reuses a running instance, restarts a stopped one without reseeding.
#   env: ENGINE_PORT (2368)  ENGINE_STATE (/tmp/ghost-state)  GHOST_THEME (casper; or source, Ghost 5's default)
# Prints the base URL on stdout when the site is ready; progress goes to stderr. Stop it with stop.sh.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
GHOST_VERSION=$(sed -n 's/^GHOST_VERSION=\([0-9.]*\).*/\1/p' "$HERE/install.sh")
G="$ROOT/.engines/ghost/ghost-$GHOST_VERSION"
PORT=${ENGINE_PORT:-2368}
THEME=${GHOST_THEME:-casper}
BASE="http://127.0.0.1:$PORT"
log() { echo "[ghost-fixture] $*" >&2; }
die() { echo "[ghost-fixture] error: $*" >&2; exit 1; }
[[ $PORT =~ ^[0-9]+$ ]] || die "ENGINE_PORT must be a number"
[[ $THEME =~ ^(casper|source)$ ]] || die "GHOST_THEME must be casper or source (the themes bundled with Ghost)"
mkdir -p "${ENGINE_STATE:-/tmp/ghost-state}"
S=$(cd "${ENGINE_STATE:-/tmp/ghost-state}" && pwd)
if [ -n "$(ls -A "$S")" ] && [ ! -f "$S/.ghost-fixture" ]; then   # never write into a folder that is not ours
  die "$S is not empty and is not a state folder made by start.sh; remove it or set ENGINE_STATE"
fi
touch "$S/.ghost-fixture"

# A pid counts only if it is alive and is the Ghost we started (its command line names this state folder).
ghost_up() {
  local pid
  [ -f "$S/ghost.pid" ] && pid=$(cat "$S/ghost.pid") && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$S/current/index.js"
}
http_ok() { curl -fsS -o /dev/null --max-time 10 "$1" 2>/dev/null; }

if [ -f "$S/port" ] && [ "$(cat "$S/port")" != "$PORT" ]; then
  die "$S was seeded for port $(cat "$S/port"), not $PORT (Ghost's url and the links in posts name the port): use ENGINE_PORT=$(cat "$S/port") or remove $S"
fi

seed() {   # the whole seed the first time; afterwards only the theme (a no-op when it is active)
  node "$HERE/seed.mjs" "$S" "$BASE" "$G" "$THEME" >>"$S/seed.log" 2>&1 || { tail -30 "$S/seed.log" >&2; die "seeding failed, see $S/seed.log (remove $S to start over)"; }
}
write_manifest() {  # from Ghost as it is now (a test may have posted comments since)
  node "$HERE/manifest.mjs" "$S" "$BASE" "$G" >"$S/manifest.json.$$" 2>"$S/manifest.log" || { cat "$S/manifest.log" >&2; rm -f "$S/manifest.json.$$"; die "manifest failed"; }
  mv "$S/manifest.json.$$" "$S/manifest.json"
}

# ---------------------------------------------------------------- already running: reuse
if ghost_up && command -v curl >/dev/null && http_ok "$BASE/ghost/api/admin/site/" && [ -f "$S/seed.done" ]; then
  log "already running (pid $(cat "$S/ghost.pid"))"
  seed
  write_manifest
  echo "$BASE/"
  exit 0
fi

# ---------------------------------------------------------------- Ghost installed (a no-op when it is)
command -v curl >/dev/null || die "curl is missing"
bash "$HERE/install.sh" || die "install.sh failed"
[ -f "$G/.fixture-installed" ] || die "Ghost is not installed in $G"

# ---------------------------------------------------------------- port must be free (unless it is ours)
if ! ghost_up && curl -s -o /dev/null --max-time 5 "$BASE/"; then   # any HTTP answer
  die "something else already answers on 127.0.0.1:$PORT; set ENGINE_PORT to a free port"
fi

# ---------------------------------------------------------------- the state folder, laid out as Ghost-CLI does
# $S/current -> the release (Ghost finds its package.json through cwd/current), $S/config.production.json
# (read from cwd), $S/content (database, images, logs, themes: the bundled ones linked from the release).
ln -sfn "$G" "$S/current"
mkdir -p "$S"/content/{data,images,files,media,logs,settings,adapters,public,themes}
for t in casper source; do ln -sfn "$G/content/themes/$t" "$S/content/themes/$t"; done
cat >"$S/config.production.json" <<EOF
{
  "url": "$BASE/",
  "server": {"host": "127.0.0.1", "port": $PORT},
  "database": {"client": "sqlite3", "connection": {"filename": "$S/content/data/ghost.db"}, "useNullAsDefault": true, "debug": false},
  "paths": {"contentPath": "$S/content"},
  "mail": {"transport": "stub", "from": "noreply@example.org"},
  "logging": {"level": "info", "transports": ["stdout"], "rotation": {"enabled": false}},
  "privacy": {"useUpdateCheck": false, "useGravatar": false, "useRpcPing": false},
  "security": {"staffDeviceVerification": false},
  "sendWelcomeEmail": false,
  "emailAnalytics": false,
  "backgroundJobs": {"emailAnalytics": false, "clickTrackingLastSeenAtUpdater": false}
}
EOF

# ---------------------------------------------------------------- Ghost: one node process, loopback only
if ! ghost_up; then
  log "starting Ghost $GHOST_VERSION on $BASE/ (log: $S/ghost.log)"
  # exec all the way down, so that $! is node itself (Ghost reads its config from its working directory)
  (cd "$S" && exec env NODE_ENV=production setsid node "$S/current/index.js" </dev/null >>"$S/ghost.log" 2>&1) &
  echo $! >"$S/ghost.pid"
  for _ in $(seq 1 360); do
    http_ok "$BASE/ghost/api/admin/site/" && break
    kill -0 "$(cat "$S/ghost.pid")" 2>/dev/null || { tail -20 "$S/ghost.log" >&2; die "Ghost exited (port $PORT taken?), see $S/ghost.log"; }
    sleep 0.5
  done
  ghost_up || die "pid $(cat "$S/ghost.pid") is not the Ghost started here, see $S/ghost.log"
fi
http_ok "$BASE/ghost/api/admin/site/" || die "Ghost does not answer on $BASE after 3 minutes, see $S/ghost.log"

seed
echo "$PORT" >"$S/port"
write_manifest
http_ok "$BASE/" || die "the site does not answer on $BASE/, see $S/ghost.log"
printf 'GHOST_BASE_URL=%s/\nGHOST_STATE=%s\nGHOST_MANIFEST=%s/manifest.json\n' "$BASE" "$S" "$S" >"$S/env"
log "ready: $BASE/ (manifest: $S/manifest.json; Ghost Admin: $BASE/ghost/ as nora@example.org)"
echo "$BASE/"
