#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test the library.
set -euo pipefail
pkgs="build-essential autoconf automake libtool pkg-config check liburing-dev sqlite3
      libsqlite3-dev sqlite3-doc tcl python3 clang strace libsqlite3-tcl ltrace tcl-dev dpkg-dev libclang-rt-dev"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
# The upstream TCL suite (issue 7) is fetched once into ~/.cache/sqlite-ng.
bash "$(dirname "$0")/../test/tcl/fetch.sh" >/dev/null
