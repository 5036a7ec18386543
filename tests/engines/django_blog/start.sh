#!/usr/bin/env bash
# Starts "The Attuned Room", a small Django blog whose threaded comments are django-comments-xtd's,
# rendered server-side by its own templates, on http://127.0.0.1:$ENGINE_PORT/ under gunicorn.
# Seeds it once (SQLite in $ENGINE_STATE) through the ORM, and writes $ENGINE_STATE/manifest.json,
# read back from the database. Idempotent: reuses a running instance, restarts a stopped one.
#   env: ENGINE_STATE (/tmp/django_blog-state)  ENGINE_PORT (8091)  DJANGO_BLOG_WORKERS (2)
# Prints the base URL as the last line of stdout once the site answers; progress goes to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
VENV=${DJANGO_BLOG_VENV:-$ROOT/.engines/django_blog/venv}
CONTENT="$ROOT/tests/wordpress/content.json"
PORT=${ENGINE_PORT:-8091}
WORKERS=${DJANGO_BLOG_WORKERS:-2}
BASE="http://127.0.0.1:$PORT"
log() { echo "[django_blog] $*" >&2; }
die() { echo "[django_blog] error: $*" >&2; exit 1; }
[[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "ENGINE_PORT must be a port number"
[[ $WORKERS =~ ^[1-9][0-9]*$ ]] || die "DJANGO_BLOG_WORKERS must be a positive number"
command -v curl >/dev/null || die "curl is missing"
command -v flock >/dev/null || die "flock (util-linux) is missing"

mkdir -p "${ENGINE_STATE:-/tmp/django_blog-state}"
S=$(cd "${ENGINE_STATE:-/tmp/django_blog-state}" && pwd)
if [ -n "$(ls -A "$S")" ] && [ ! -f "$S/.django_blog-fixture" ]; then   # never write into a folder not ours
  die "$S is not empty and is not a state folder made by start.sh; remove it or set ENGINE_STATE"
fi
touch "$S/.django_blog-fixture"
exec 9>"$S/.lock"                  # two start.sh at once on one state folder: the second waits
flock -w 300 9 || die "another start.sh holds $S/.lock"

MARKER="--error-logfile $S/gunicorn.log"
# A pid counts only if it is alive and is the gunicorn we started (its command line names this state folder).
web_up() {
  local pid
  [ -f "$S/gunicorn.pid" ] && pid=$(cat "$S/gunicorn.pid") && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$MARKER"
}
http_ok() { curl -fsS -o /dev/null --max-time 10 "$1" 2>/dev/null; }
manage() { (cd "$HERE/site" && DJANGO_BLOG_STATE="$S" "$VENV/bin/python" manage.py "$@"); }
write_manifest() {  # from the database as it is now (a test may have posted comments since)
  manage fixture_manifest --base-url "$BASE/" >"$S/manifest.json.$$" 2>"$S/manifest.log" ||
    { cat "$S/manifest.log" >&2; rm -f "$S/manifest.json.$$"; die "manifest failed"; }
  mv "$S/manifest.json.$$" "$S/manifest.json"
}
write_env() {
  printf 'ENGINE_BASE_URL=%s/\nENGINE_STATE=%s\nENGINE_MANIFEST=%s/manifest.json\n' "$BASE" "$S" "$S" >"$S/env"
}

# ---------------------------------------------------------------- already running: reuse
if web_up; then
  running_port=$(cat "$S/port" 2>/dev/null || echo "?")
  [ "$running_port" = "$PORT" ] ||
    die "this state's gunicorn ($(cat "$S/gunicorn.pid")) serves port $running_port, not $PORT: run stop.sh first or use ENGINE_PORT=$running_port"
  if http_ok "$BASE/"; then
    log "already running (gunicorn pid $(cat "$S/gunicorn.pid"))"
    write_manifest
    write_env
    echo "$BASE/"
    exit 0
  fi
  log "gunicorn $(cat "$S/gunicorn.pid") is up but $BASE/ does not answer; restarting it"
  ENGINE_STATE="$S" bash "$HERE/stop.sh"
fi

# ---------------------------------------------------------------- port must be free
if curl -s -o /dev/null --max-time 5 "$BASE/"; then   # any HTTP answer
  die "something else already answers on 127.0.0.1:$PORT; set ENGINE_PORT to a free port"
fi

# ---------------------------------------------------------------- packages (own venv), database, seed
bash "$HERE/install.sh"
[ -f "$CONTENT" ] || die "missing $CONTENT (the posts and comments come from it)"
t0=$EPOCHREALTIME
manage migrate --noinput -v 0 >>"$S/setup.log" 2>&1 || { tail -20 "$S/setup.log" >&2; die "migrate failed, see $S/setup.log"; }
manage fixture_seed --content "$CONTENT" --domain "127.0.0.1:$PORT" >>"$S/setup.log" 2>&1 ||
  { tail -20 "$S/setup.log" >&2; die "seeding failed, see $S/setup.log"; }
echo "$PORT" >"$S/port"
write_manifest
log "database ready (migrate, seed, manifest) in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s ($S/db.sqlite3)"

# ---------------------------------------------------------------- gunicorn on loopback only
rm -f "$S/gunicorn.pid"
( exec 9>&-    # the lock is start.sh's alone: gunicorn must not inherit it
  cd "$HERE/site" &&
  exec setsid env DJANGO_BLOG_STATE="$S" "$VENV/bin/gunicorn" \
    --bind "127.0.0.1:$PORT" --workers "$WORKERS" --worker-class gthread --threads 4 --timeout 60 \
    --no-control-socket --chdir "$HERE/site" --access-logfile "$S/access.log" --error-logfile "$S/gunicorn.log" \
    blogsite.wsgi:application </dev/null >>"$S/gunicorn.out" 2>&1 ) &
echo $! >"$S/gunicorn.pid"
for _ in $(seq 1 120); do
  http_ok "$BASE/" && break
  web_up || { tail -5 "$S/gunicorn.log" >&2 2>/dev/null; die "gunicorn exited (port $PORT taken?), see $S/gunicorn.log"; }
  sleep 0.25
done
http_ok "$BASE/" || die "the site does not answer on $BASE/, see $S/gunicorn.log"
web_up || die "pid $(cat "$S/gunicorn.pid") is not the gunicorn serving $BASE/"
write_env
log "ready: $BASE/ (gunicorn pid $(cat "$S/gunicorn.pid"), manifest: $S/manifest.json)"
echo "$BASE/"
