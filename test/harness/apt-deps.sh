#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, once (idempotent, root or sudo):
#   chromium      headless browser for webview and end-to-end tests
#   python3-lark  checks the apply_patch Lark grammar with a real Lark (Earley) parser
#   libkrb5-dev   headers code-server's native `kerberos` module compiles against
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import lark' 2>/dev/null || need+=(python3-lark)
[ -f /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
