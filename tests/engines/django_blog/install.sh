#!/usr/bin/env bash
# Installs the Django blog fixture's Python packages (requirements.txt, pinned) into its own virtual
# environment, <repo>/.engines/django_blog/venv, never into the project's. Idempotent: does nothing when the
# venv already holds exactly these requirements (a stamp file records the sha1 of requirements.txt).
#   env: DJANGO_BLOG_VENV (default <repo>/.engines/django_blog/venv)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
VENV=${DJANGO_BLOG_VENV:-$ROOT/.engines/django_blog/venv}
log() { echo "[django_blog] $*" >&2; }
die() { echo "[django_blog] error: $*" >&2; exit 1; }

want=$(sha1sum "$HERE/requirements.txt" | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.fixture-requirements" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
log "installing requirements.txt into $VENV"
pip_log=$(mktemp)
trap 'rm -f "$pip_log"' EXIT
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt" >"$pip_log" 2>&1 ||
  { cat "$pip_log" >&2; die "pip install failed"; }
"$VENV/bin/python" -c 'import django, django_comments, django_comments_xtd, gunicorn, markdown' ||
  die "the packages do not import"
echo "$want" >"$VENV/.fixture-requirements"
log "installed: $("$VENV/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null | tr '\n' ' ')"
