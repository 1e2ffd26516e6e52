#!/bin/sh
# Installs the Debian 12 packages Gongjian needs to build, run and test.
# Safe to run again: only missing packages are installed. Needs root (or sudo).
set -eu

PACKAGES="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libjson-glib-dev libsoup-3.0-dev libsqlite3-dev libgnutls28-dev glib-networking
  libgtk-4-dev libadwaita-1-dev libx11-dev libavahi-client-dev libavahi-glib-dev librsvg2-common
  desktop-file-utils appstream python3
  xvfb xauth imagemagick fonts-noto-cjk locales dbus-daemon dbus-x11 at-spi2-core
  libclang-rt-14-dev clang
  faketime git xz-utils
  libgsf-1-dev libxml2-dev libfreexl-dev libxlsxwriter-dev xlsx2csv
  libcairo2-dev libpango1.0-dev poppler-utils
  libpoppler-glib-dev libgdk-pixbuf-2.0-dev libimage-exiftool-perl
"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The UI tests and the zh_CN screenshots need the Chinese locale.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$'; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  if [ -f /etc/locale.gen ]; then
    $SUDO sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    $SUDO locale-gen >/dev/null
  fi
fi
