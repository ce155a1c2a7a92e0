#!/bin/bash
# build-deb.sh - build the Debian package from this tree and check what it
# installs: the module where rsyslogd loads it, the tool, the manual page, an
# example configuration that does nothing until enabled
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: contrib/build-deb.sh [OUTDIR]
#   Installs debhelper if missing (needs root then).  Builds in a temporary
#   copy of the tracked files; copies the .deb to OUTDIR if given.  Set
#   I2E_RSYSLOG_SRC to a configured rsyslog tree to skip fetching one.
#   Prints one line per check and "deb: N passed, N failed" last.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/i2e-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { echo "ok: deb: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: deb: $*"; fail=$((fail + 1)); }
finish() { echo "deb: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

if ! dpkg-query -W -f='${Status}' debhelper 2>/dev/null | grep -q 'install ok installed'; then
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends debhelper build-essential >&2
fi

version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
src="$work/mmi2errcode-$version"
mkdir -p "$src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src")
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b"
else
	tail -n 40 "$work/build.log"
	bad "dpkg-buildpackage failed"
	finish
fi
deb=$(ls "$work"/mmi2errcode_"$version"_*.deb)
[ -n "${1:-}" ] && cp "$deb" "$1/"

rsyslogd=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
moddir=$(LC_ALL=C grep -a -o '/[a-z0-9_./-]*/rsyslog/' "$rsyslogd" | head -n 1)
moddir=${moddir%/}
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$work/contents"
for f in "$moddir/mmi2errcode.so" /usr/bin/i2errcode /usr/share/man/man1/i2errcode.1.gz \
	/etc/rsyslog.d/mmi2errcode.conf /usr/share/doc/mmi2errcode/mmi2errcode.rst.gz; do
	if grep -qx "$f" "$work/contents"; then ok "ships $f"; else bad "does not ship $f"; fi
done
if grep -q '\.la$' "$work/contents"; then bad "ships a libtool archive"; else ok "no libtool archive"; fi
depends=$(dpkg-deb -f "$deb" Depends)
want=$("$rsyslogd" -v | sed -n '1s/^rsyslogd *\([0-9.]*\).*/\1/p')
case $depends in
*"rsyslog (>= $want), rsyslog (<< $want.~)"*) ok "depends on rsyslog $want exactly: $depends" ;;
*) bad "Depends: $depends" ;;
esac

# What the package installs works: the module loads by name, the tool runs,
# and the example configuration is inert.
dpkg-deb -x "$deb" "$work/root"
mkdir -p "$work/moddir"
ln -s "$moddir"/*.so "$work/moddir/"
ln -sf "$work/root$moddir/mmi2errcode.so" "$work/moddir/mmi2errcode.so"
printf 'module(load="mmi2errcode")\naction(type="mmi2errcode")\n' >"$work/load.conf"
if "$rsyslogd" -N1 -M "$work/moddir" -f "$work/load.conf" >"$work/n1.out" 2>&1; then
	ok "the packaged module loads in rsyslogd $want"
else
	bad "the packaged module does not load: $(cat "$work/n1.out")"
fi
if "$work/root/usr/bin/i2errcode" 3530 | grep -q '文件Checksum错误'; then
	ok "the packaged tool runs"
else
	bad "the packaged tool does not run"
fi
if [ "$(grep -v '^[[:space:]]*#' "$work/root/etc/rsyslog.d/mmi2errcode.conf" | grep -c '[^[:space:]]')" -eq 0 ]; then
	ok "the example configuration is inert until enabled"
else
	bad "the example configuration has active lines"
fi
# enabled, it is a valid configuration
sed -e 's/^# \{0,1\}//' -e '/^\(\/etc\|Installed\|in front\|an Info2soft\|fields code\|\$!i2err\.\|Enrich\|message.s\|routes\|Write\)/d' \
	"$work/root/etc/rsyslog.d/mmi2errcode.conf" >"$work/enabled.conf"
if "$rsyslogd" -N1 -M "$work/moddir" -f "$work/enabled.conf" >"$work/n1e.out" 2>&1; then
	ok "the example configuration, enabled, is valid"
else
	bad "the enabled example configuration is invalid: $(cat "$work/n1e.out")"
fi
finish
