#!/bin/sh
# bootstrap.sh - install what the build needs, then configure and build
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: contrib/bootstrap.sh
#
# Installs the missing Debian packages (needs root then), generates the build
# system, configures into $I2E_BUILD_DIR (default: _build in the source tree;
# rsyslog's source is fetched and cached there) and builds.  Extra configure
# flags come from $I2E_CONFIGURE_FLAGS.  Prints the build directory last.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${I2E_BUILD_DIR:-$top/_build}
packages="rsyslog libestr-dev libfastjson-dev libcmocka-dev autoconf automake libtool
	pkg-config make gcc dpkg-dev valgrind clang libclang-rt-14-dev rsyslog-relp python3
	${I2E_EXTRA_PACKAGES:-}"

missing=
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "bootstrap: missing packages:$missing; run as root or install them" >&2
		exit 1
	fi
	echo "bootstrap: installing$missing" >&2
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >&2
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt Makefile ]; then
	# shellcheck disable=SC2086
	"$top/configure" -q ${I2E_CONFIGURE_FLAGS:-} >&2
fi
make -s -j"$(nproc)" >&2
echo "$build"
