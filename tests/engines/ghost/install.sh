#!/usr/bin/env bash
# Installs Ghost (the `ghost` package of the npm registry, pinned) with its production dependencies under
# .engines/ghost/ghost-$GHOST_VERSION, the way Ghost-CLI does it (the release tarball, then `yarn install
# --production` inside it), but with no GitHub and no nodejs.org:
#   - the tarball comes from `npm pack`; yarn 1 itself from the npm registry (.engines/ghost/tools);
#   - the release's yarn.lock names registry.yarnpkg.com; it is rewritten to registry.npmjs.org (same files,
#     same integrity hashes); its devDependencies are dropped first, because yarn 1 fetches them even with
#     --production and a few come from GitHub;
#   - sqlite3 (Ghost's development database, used here) has no prebuilt binary we can reach: prebuild-install
#     fails to reach GitHub and the package builds itself with node-gyp against the local Node headers
#     (npm_config_nodedir, e.g. /usr with /usr/include/node/node_api.h), compiling its bundled SQLite;
#   - sharp (image resizing) takes its prebuilt libvips from the npm packages @img/sharp-linux-x64 and
#     @img/sharp-libvips-linux-x64, so nothing is compiled for it.
# Idempotent: a finished install is marked with .fixture-installed and is checked, not redone.
# Debian packages only if missing (root): make g++ python3 (node-gyp), and nodejs/npm/libnode-dev only
# where there is no Node at all (Debian 12's Node 18 is inside Ghost's range).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
GHOST_VERSION=5.130.6      # the last 5.x; Ghost 6 needs Node 22 or 24 (engines), this machine has Node 20
YARN_VERSION=1.22.22
E="$ROOT/.engines/ghost"
G="$E/ghost-$GHOST_VERSION"
log() { echo "[ghost-install] $*" >&2; }
die() { echo "[ghost-install] error: $*" >&2; exit 1; }

check_install() {  # the two native modules load with this Node
  [ -f "$G/.fixture-installed" ] &&
    (cd "$G" && node -e 'require("sqlite3"); require("knex"); require("./package.json")' >/dev/null 2>&1)
}
if check_install; then log "Ghost $GHOST_VERSION already installed in $G"; exit 0; fi

# ---------------------------------------------------------------- Debian packages, only the missing ones
need=()
command -v node >/dev/null || need+=(nodejs npm libnode-dev)
command -v make >/dev/null || need+=(make)
command -v g++ >/dev/null || need+=(g++)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need[*]} and not root: cannot apt-get install"
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then apt-get update -q >&2 || true; fi
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${need[@]}" >&2 ||
    { apt-get update -q >&2 && apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${need[@]}" >&2; } ||
    die "apt-get install ${need[*]} failed"
fi
command -v npm >/dev/null || die "npm is missing"

node_major=$(node -p 'process.versions.node.split(".")[0]')
case $node_major in
  18|20|22) ;;
  *) die "Ghost $GHOST_VERSION supports Node 18, 20 and 22 (engines: ^18.12.1 || ^20.11.1 || ^22.13.1), not $(node -v)" ;;
esac

# node-gyp must find the headers locally (it would download them from nodejs.org otherwise)
nodedir=$(node -p 'require("path").resolve(process.execPath, "../..")')
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  if [ -f /usr/include/node/node_api.h ]; then nodedir=/usr
  else die "no Node headers (looked for $nodedir/include/node/node_api.h and /usr/include/node/node_api.h): install the headers of $(node -v) (Debian: libnode-dev)"
  fi
fi
export npm_config_nodedir="$nodedir"
unset npm_config_build_from_source   # sharp would try to compile libvips bindings from source

mkdir -p "$E"

# ---------------------------------------------------------------- yarn 1 from the npm registry
Y="$E/tools/node_modules/.bin/yarn"
if [ ! -x "$Y" ] || [ "$("$Y" --version 2>/dev/null)" != "$YARN_VERSION" ]; then
  log "installing yarn $YARN_VERSION into $E/tools"
  mkdir -p "$E/tools"
  [ -f "$E/tools/package.json" ] || echo '{"name": "ghost-fixture-tools", "private": true}' >"$E/tools/package.json"
  (cd "$E/tools" && npm install --no-audit --no-fund --no-save --loglevel=error "yarn@$YARN_VERSION" >&2) ||
    die "npm install yarn@$YARN_VERSION failed"
fi

# ---------------------------------------------------------------- the Ghost release, in a fresh folder
T="$E/ghost-$GHOST_VERSION.tmp"
rm -rf "$T" "$E/dl" "$E/yarn-cache"
mkdir -p "$T" "$E/dl"
log "npm pack ghost@$GHOST_VERSION"
(cd "$E/dl" && npm pack --silent "ghost@$GHOST_VERSION" >/dev/null) || die "npm pack ghost@$GHOST_VERSION failed"
tar xzf "$E/dl/ghost-$GHOST_VERSION.tgz" -C "$T" --strip-components=1
rm -rf "$E/dl"
node -e '
  const fs = require("fs"), f = process.argv[1] + "/package.json";
  const p = JSON.parse(fs.readFileSync(f, "utf8"));
  delete p.devDependencies;
  fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");' "$T"
sed -i 's#https://registry.yarnpkg.com/#https://registry.npmjs.org/#' "$T/yarn.lock"

log "yarn install --production in $T (about 4 minutes: sqlite3 compiles; log: $E/yarn-install.log)"
start=$(date +%s)
if ! (cd "$T" && "$Y" install --production --non-interactive --no-progress \
        --network-timeout 120000 --cache-folder "$E/yarn-cache" >"$E/yarn-install.log" 2>&1); then
  tail -40 "$E/yarn-install.log" >&2
  die "yarn install failed (full log: $E/yarn-install.log)"
fi
rm -rf "$E/yarn-cache"    # 1 GB+ of tarballs, not needed to run
(cd "$T" && node -e 'require("sqlite3")' >/dev/null 2>&1) ||
  die "sqlite3 did not build (see $E/yarn-install.log: node-gyp needs make, g++, python3 and the headers in $nodedir/include/node)"
(cd "$T" && node -e 'require("sharp")' >/dev/null 2>&1) ||
  log "warning: sharp does not load; Ghost runs without image resizing"
log "installed in $(( $(date +%s) - start ))s"

rm -rf "$G"
mv "$T" "$G"
date -u +%FT%TZ >"$G/.fixture-installed"
check_install || die "the installed Ghost does not load"
log "Ghost $GHOST_VERSION installed in $G"
