#!/usr/bin/env bash
# Installs the Debian packages that the test suite needs, when they are missing (haproxy and redis-server:
# the multi-server test, tests/deploy/test_multi_server.py, on PostgreSQL).
# Runs apt-get as root, through sudo otherwise; prints what is missing when neither is possible.
set -euo pipefail
PACKAGES=(chromium gettext libicu-dev pkg-config poppler-utils fonts-liberation2 fonts-dejavu-core libreoffice-writer-nogui haproxy redis-server)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Missing Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
