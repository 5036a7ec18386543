#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root for the Debian packages):
#   - therapy-archive itself with its test extras (pip, editable) in the virtualenv .venv, made if missing
#     (Debian's own Python refuses pip outside one: externally-managed-environment); the tests run with
#     .venv/bin/python, and every engine below has a virtualenv of its own;
#   - pywb, the reference WARC replay tool, in its own virtualenv .venv-pywb (its pins clash with ours);
#   - Debian's wordpress (with its three themes), mariadb-server and php packages for the real-WordPress fixture;
#   - the other real blog engines of tests/engines/ (each folder's install.sh: Debian, PyPI or npm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian ships venv's ensurepip apart (python3-venv): without it `python3 -m venv` fails half-way.
if [ ! -x .venv/bin/pip ]; then
  python3 -m venv .venv 2>/dev/null || {
    rm -rf .venv
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 python3-venv >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv >/dev/null; }
    python3 -m venv .venv
  }
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ ! -x .venv-pywb/bin/wayback ]; then
  python3 -m venv .venv-pywb
  .venv-pywb/bin/pip install --quiet --disable-pip-version-check pywb
fi

state=$(mktemp -d /tmp/ta-wp-install-XXXXXX)
trap 'rm -rf "$state"' EXIT
WP_INSTALL_ONLY=1 WP_STATE="$state" bash tests/wordpress/start.sh

# w3m: a real text browser, whose dumps of HTML pages are text captures the tests read;
# wget: a real crawler of others, whose --warc-file captures the tests ingest;
# redis-server: the shared frontier the scale-out tests run their workers on;
# chromium and chromium-driver (its chromedriver): the real browser the `serve` tests drive through selenium.
# Each entry is PACKAGE:COMMAND, the command that tells whether the package is in.
for pair in w3m:w3m wget:wget redis-server:redis-server chromium:chromium chromium-driver:chromedriver; do
  package=${pair%%:*} tool=${pair#*:}
  if ! command -v "$tool" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "$package" >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null; }
  fi
done

for engine in tests/engines/*/install.sh; do
  bash "$engine"
done
