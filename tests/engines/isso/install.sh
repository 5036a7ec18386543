#!/usr/bin/env bash
# Installs the Isso fixture's engine: Pelican (with Markdown) and Isso from PyPI, into its own virtual
# environment .engines/isso/venv under the repository root, never into the project's environment.
# Idempotent: does nothing when the venv already imports all three at the wanted versions.
#   env: ISSO_PYTHON (python3.11, else python3): the interpreter the venv is made from
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
VENV="$ROOT/.engines/isso/venv"
# tested with pelican 4.12.0, Markdown 3.11.3, isso 0.14.0 (which brings werkzeug, misaka, mistune, bleach...)
REQS=("pelican>=4.12,<5" "markdown>=3.11,<4" "isso>=0.14,<0.15")
log() { echo "[isso-fixture] $*" >&2; }
die() { echo "[isso-fixture] error: $*" >&2; exit 1; }

ready() {
  [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/pelican" ] && [ -x "$VENV/bin/isso" ] &&
    "$VENV/bin/python" - "${REQS[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
import pelican, markdown, isso  # noqa: F401  (they import)
spec = {"pelican": ((4, 12), (5,)), "markdown": ((3, 11), (4,)), "isso": ((0, 14), (0, 15))}
for name, (low, high) in spec.items():
    v = tuple(int(x) for x in version(name).split(".")[:2] if x.isdigit())
    if not (low <= v < high):
        sys.exit(1)
PY
}

if ready; then log "engine already installed in $VENV"; exit 0; fi

PY=${ISSO_PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do command -v "$cand" >/dev/null && { PY=$cand; break; }; done
fi
[ -n "$PY" ] || die "no python3 found"
mkdir -p "$(dirname "$VENV")"
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV with $PY"
  "$PY" -m venv "$VENV" || die "python -m venv failed"
fi
LOGF="$ROOT/.engines/isso/pip.log"
log "pip install ${REQS[*]} (log: $LOGF)"
"$VENV/bin/python" -m pip install --disable-pip-version-check -q "${REQS[@]}" >"$LOGF" 2>&1 ||
  { tail -20 "$LOGF" >&2; die "pip install failed, see $LOGF"; }
ready || die "installed, but pelican/markdown/isso do not import from $VENV"
log "installed: $("$VENV/bin/python" -c 'from importlib.metadata import version as v; print(", ".join(f"{n} {v(n)}" for n in ("pelican", "markdown", "isso")))')"
