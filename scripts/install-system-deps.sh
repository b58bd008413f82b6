#!/usr/bin/env bash
# Install what the slow tests need beyond pip, idempotently:
#   - Debian chromium (the browser test drives it through Playwright; Playwright's own browser
#     download does not work on our machines) and fonts for readable screenshots;
#   - configurable-http-proxy (JupyterHub's proxy) and axe-core (the accessibility engine the
#     browser tests inject into learner pages) from npm into the project-local prefix $ROOT/.node.
# Each step is skipped when its result is already there. Needs root (or sudo) for apt-get.
# Usage: scripts/install-system-deps.sh            (ROOT defaults to the checkout holding this script)
set -euo pipefail

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
CHP_VERSION="${CHP_VERSION:-5.3.0}"
AXE_VERSION="${AXE_VERSION:-4.14.1}"
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

say() { printf '[install-system-deps] %s\n' "$*"; }

# --- apt packages -----------------------------------------------------------------------
apt_missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if [ ! -x /usr/bin/chromium ] || ! have_pkg chromium; then apt_missing+=(chromium); fi
for pkg in fonts-dejavu-core fonts-liberation; do
    have_pkg "$pkg" || apt_missing+=("$pkg")
done
# useradd/runuser (passwd, util-linux) are needed by the hub test's real Unix users.
command -v useradd >/dev/null 2>&1 || apt_missing+=(passwd)
command -v runuser >/dev/null 2>&1 || apt_missing+=(util-linux)
# setfacl lets the hub test grant its throw-away users traversal of a Python that lives under
# a private directory (e.g. pyenv under /root) without opening that directory to everyone.
command -v setfacl >/dev/null 2>&1 || apt_missing+=(acl)
# node + npm for configurable-http-proxy
command -v npm >/dev/null 2>&1 || apt_missing+=(nodejs npm)

if [ "${#apt_missing[@]}" -gt 0 ]; then
    say "apt-get install ${apt_missing[*]}"
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
else
    say "chromium, fonts, useradd, runuser, setfacl, npm: already installed"
fi

# --- configurable-http-proxy into $ROOT/.node ------------------------------------------------
CHP="$ROOT/.node/node_modules/.bin/configurable-http-proxy"
if [ -x "$CHP" ] && "$CHP" --version >/dev/null 2>&1; then
    say "configurable-http-proxy $("$CHP" --version) already in $ROOT/.node"
else
    say "npm install --prefix $ROOT/.node configurable-http-proxy@$CHP_VERSION"
    mkdir -p "$ROOT/.node"
    npm install --prefix "$ROOT/.node" --no-audit --no-fund --loglevel=error \
        "configurable-http-proxy@$CHP_VERSION"
    "$CHP" --version >/dev/null
    say "configurable-http-proxy $("$CHP" --version) installed"
fi

# --- axe-core into $ROOT/.node (learner pages are checked with it in the browser tests) ---------
AXE="$ROOT/.node/node_modules/axe-core/axe.min.js"
if [ -f "$AXE" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$ROOT/.node/node_modules/axe-core/package.json"; then
    say "axe-core $AXE_VERSION already in $ROOT/.node"
else
    say "npm install --prefix $ROOT/.node axe-core@$AXE_VERSION"
    mkdir -p "$ROOT/.node"
    npm install --prefix "$ROOT/.node" --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION"
    test -f "$AXE"
    say "axe-core $AXE_VERSION installed"
fi
