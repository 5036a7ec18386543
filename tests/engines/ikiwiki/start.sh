#!/usr/bin/env bash
# Builds and serves a real ikiwiki blog (Debian 12's ikiwiki 3.20200202.3, comments plugin) on
# http://127.0.0.1:$ENGINE_PORT/, seeded with therapy posts and comments, and writes the ground truth
# (read back from ikiwiki's index and renderer) to $ENGINE_STATE/manifest.json.
#   env: ENGINE_PORT (8090)  ENGINE_STATE (/tmp/ikiwiki-state)
# Idempotent: seeds once; a running instance is reused (the wiki is refreshed, the manifest rewritten);
# a different port rebuilds the site (its absolute links name the port).
# Prints the base URL as the last line of stdout when the site answers; progress goes to stderr.
# Stop it with stop.sh (same env).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONTENT="$HERE/../../wordpress/content.json"     # the therapy posts and comments every engine reuses
PORT=${ENGINE_PORT:-8090}
BASE="http://127.0.0.1:$PORT"
PY=/usr/bin/python3                               # Debian's, not whatever python3 is first on PATH
log() { echo "[ikiwiki-fixture] $*" >&2; }
die() { echo "[ikiwiki-fixture] error: $*" >&2; exit 1; }
[[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "ENGINE_PORT must be a port number"

# ---------------------------------------------------------------- packages, only if missing
for p in ikiwiki libtimedate-perl python3 curl; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
    [ "$(id -u)" = 0 ] || die "package $p is missing; run $HERE/install.sh as root"
    bash "$HERE/install.sh" || die "install.sh failed"
    break
  fi
done

# ---------------------------------------------------------------- state folder (ours only), one start.sh at a time
mkdir -p "${ENGINE_STATE:-/tmp/ikiwiki-state}"
S=$(cd "${ENGINE_STATE:-/tmp/ikiwiki-state}" && pwd)
if [ -n "$(ls -A "$S")" ] && [ ! -f "$S/.ikiwiki-fixture" ]; then   # never write into a folder that is not ours
  die "$S is not empty and is not a state folder made by start.sh; remove it or set ENGINE_STATE"
fi
touch "$S/.ikiwiki-fixture"
exec 9>"$S/.lock"
flock -w 300 9 || die "another start.sh holds $S/.lock"

# A pid counts only if it is alive and is the process we started (its command line names this state folder).
ours() {  # ours PIDFILE MARKER
  local pid
  [ -f "$1" ] && pid=$(cat "$1") && [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}
web_up()  { ours "$S/http.pid" "--directory $S/public"; }
web_port() { tr '\0' ' ' <"/proc/$(cat "$S/http.pid")/cmdline" | awk '{print $NF}'; }
http_ok() { curl -fsS -o /dev/null --max-time 10 "$1" 2>/dev/null; }

if web_up && [ "$(web_port)" != "$PORT" ]; then
  die "this state folder is already served on port $(web_port), not $PORT: run stop.sh first (same ENGINE_STATE)"
fi

# ---------------------------------------------------------------- ikiwiki setup (rewritten each time: names the port)
cat >"$S/blog.setup.$$" <<EOF
#!/usr/bin/perl
# ikiwiki setup file, written by $HERE/start.sh. Based on /etc/ikiwiki/auto-blog.setup
# (what \`ikiwiki --setup /etc/ikiwiki/auto-blog.setup\` makes), without a VCS and without CGI:
# the site is static, so comments are shown but cannot be posted ("Comments on this page are closed.").
use IkiWiki::Setup::Standard {
	wikiname => "The Attuned Room",
	adminuser => ["nora"],
	adminemail => 'nora\@example.org',
	srcdir => "$S/src",
	destdir => "$S/public",
	url => "$BASE",
	cgiurl => "",
	rcs => "",
	add_plugins => [qw{goodstuff comments sidebar trail}],
	disable_plugins => [qw{}],
	rss => 1,
	atom => 1,
	syslog => 0,
	usedirs => 1,
	discussion => 0,
	global_sidebars => 0,
	comments_pagespec => "posts/* and !*/Discussion",
	comments_allowauthor => 1,
	archive_pagespec => "page(posts/*) and !*/Discussion",
	locked_pages => "* and !postcomment(*)",
	tagbase => "tags",
	tag_autocreate => 1,
	timezone => "America/Chicago",
	timeformat => "%c",
	html5 => 0,
}
EOF
mv "$S/blog.setup.$$" "$S/blog.setup"

# ---------------------------------------------------------------- seed once, then build (rebuild if the port changed)
if [ ! -f "$S/seeded" ]; then
  log "seeding the wiki source in $S/src from $CONTENT"
  rm -rf "$S/src" "$S/public"
  "$PY" "$HERE/seed.py" "$CONTENT" "$S/src" >"$S/seed.log" 2>&1 || { cat "$S/seed.log" >&2; die "seeding failed"; }
  touch "$S/seeded"
fi
mode=--refresh
if [ ! -f "$S/public/index.html" ] || [ ! -f "$S/port" ] || [ "$(cat "$S/port")" != "$PORT" ]; then mode=--rebuild; fi
log "ikiwiki $mode (log: $S/build.log)"
# C.UTF-8: %c dates in a fixed format whatever the caller's locale; TZ comes from the setup's timezone.
# PERL_HASH_SEED=0: ikiwiki runs plugin hooks in hash order, so with Perl's random hash seed the
# comment feeds' <link rel="alternate"> in a post's <head> is there in some builds and not in others.
export PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0
LC_ALL=C.UTF-8 ikiwiki --setup "$S/blog.setup" $mode >"$S/build.log" 2>&1 || { cat "$S/build.log" >&2; die "ikiwiki $mode failed"; }
echo "$PORT" >"$S/port"
LC_ALL=C.UTF-8 perl "$HERE/manifest.pl" "$S/blog.setup" >"$S/manifest.json.$$" 2>"$S/manifest.log" ||
  { cat "$S/manifest.log" >&2; rm -f "$S/manifest.json.$$"; die "manifest failed"; }
mv "$S/manifest.json.$$" "$S/manifest.json"

# ---------------------------------------------------------------- static server on loopback only
if ! web_up; then
  if curl -s -o /dev/null --max-time 5 "$BASE/"; then   # any HTTP answer: the port is someone else's
    die "something else already answers on 127.0.0.1:$PORT; set ENGINE_PORT to a free port"
  fi
  # 9>&-: the server must not inherit (and hold forever) the lock of this start.sh
  setsid "$PY" -m http.server --bind 127.0.0.1 --directory "$S/public" "$PORT" </dev/null >>"$S/http.log" 2>&1 9>&- &
  echo $! >"$S/http.pid"
  for _ in $(seq 1 80); do
    http_ok "$BASE/" && break
    web_up || die "the http server exited (port $PORT taken?), see $S/http.log"
    sleep 0.25
  done
else
  log "already running (pid $(cat "$S/http.pid"))"
fi
http_ok "$BASE/" || die "the site does not answer on $BASE/, see $S/http.log"
printf 'ENGINE_BASE_URL=%s/\nENGINE_STATE=%s\nENGINE_MANIFEST=%s/manifest.json\n' "$BASE" "$S" "$S" >"$S/env"
log "ready: $BASE/ (manifest: $S/manifest.json)"
echo "$BASE/"
