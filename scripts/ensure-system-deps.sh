#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, where they are missing:
# Chromium for browser tests, Kamailio (with WebSocket) and coturn for the SIP test bed, sipp for SIP races.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v kamailio >/dev/null 2>&1 || missing+=(kamailio)
compgen -G '/usr/lib/*/kamailio/modules/websocket.so' >/dev/null || missing+=(kamailio-websocket-modules)
command -v turnserver >/dev/null 2>&1 || missing+=(coturn)
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo='sudo'; else
    echo "Run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# policy-rc.d keeps the package from starting a system-wide kamailio on 5060; the tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
