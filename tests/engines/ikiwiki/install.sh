#!/usr/bin/env bash
# Installs what the ikiwiki fixture needs (Debian 12 packages), only the missing ones. Idempotent.
#   ikiwiki          the engine (3.20200202.3); its hard Depends bring Text::Markdown::Discount,
#                    HTML::Scrubber, HTML::Template, YAML::XS, JSON, URI
#   libtimedate-perl Date::Parse: without it ikiwiki silently ignores [[!meta date]] and the comments'
#                    date="..." (a Recommends, so --no-install-recommends would leave it out)
#   python3          the static file server (python3 -m http.server) and seed.py
#   curl             start.sh's readiness check
# None of these ships a service, so no policy-rc.d is needed (and none is touched: another engine's
# install may be relying on its own at the same moment).
set -euo pipefail
log() { echo "[ikiwiki-fixture] $*" >&2; }
PKGS=(ikiwiki libtimedate-perl python3 curl)
missing=()
for p in "${PKGS[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then log "packages already installed: ${PKGS[*]}"; exit 0; fi
[ "$(id -u)" = 0 ] || { log "error: packages missing (${missing[*]}) and not root: cannot apt-get install"; exit 1; }
log "installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -q -o DPkg::Lock::Timeout=600)   # other engines' install.sh may hold the dpkg lock
apt_install() { "${APT[@]}" install -y --no-install-recommends "${missing[@]}" >&2; }
if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then "${APT[@]}" update >&2 || true; fi
apt_install || { "${APT[@]}" update >&2 && apt_install; } || { log "error: apt-get install failed"; exit 1; }
log "installed: $(dpkg-query -W -f='${Package} ${Version}  ' "${PKGS[@]}")"
