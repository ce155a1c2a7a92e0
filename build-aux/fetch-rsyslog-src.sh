#!/bin/sh
# fetch-rsyslog-src.sh - fetch and configure the rsyslog source matching the installed rsyslogd
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: fetch-rsyslog-src.sh DESTDIR [RSYSLOGD]
#
# Debian ships rsyslogd without the headers a module is compiled against.  This
# script asks `apt-get source` for the source package whose upstream version is
# the one `rsyslogd -v` reports, unpacks it below DESTDIR and runs its configure
# with nearly every feature off, which is all an out-of-tree module needs.
#
# The machine's apt configuration is not changed: the deb-src entries are
# derived from its deb entries into a private sources list, and the package
# lists live in a private directory; both are passed to apt with -o options.
# On success the path of the configured tree is printed on stdout.
set -eu

dest=${1:?usage: fetch-rsyslog-src.sh DESTDIR [RSYSLOGD]}
rsyslogd=${2:-rsyslogd}

die() {
	echo "fetch-rsyslog-src: $*" >&2
	exit 1
}

want=$("$rsyslogd" -v 2>/dev/null | sed -n '1s/^rsyslogd[[:space:]]*\([0-9][0-9.]*\).*/\1/p')
[ -n "$want" ] || die "cannot read the version of '$rsyslogd' (is rsyslog installed?)"

tree="$dest/rsyslog-$want"
if [ -f "$tree/config.h" ] && [ -f "$tree/runtime/module-template.h" ]; then
	echo "$tree"
	exit 0
fi

command -v apt-get >/dev/null || die "apt-get not found; pass --with-rsyslog-src=DIR to configure instead"
command -v dpkg-source >/dev/null || die "dpkg-source not found; install dpkg-dev (apt-get install dpkg-dev)"

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tree="$dest/rsyslog-$want"
work="$dest/apt"
rm -rf "$work"
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/parts" "$work/src"

# Phase 1: a private deb-src list, made from the machine's own deb entries.
{
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f"
	done
} >"$work/sources.list"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" >"$work/parts/$(basename "$f")"
done

apt_opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=$work/parts
	-o Dir::State::Lists=$work/lists -o Dir::Cache::Archives=$work/archives
	-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o APT::Sandbox::User=root"

# Phase 2: index the sources and pick the package whose upstream version matches.
# shellcheck disable=SC2086
apt-get $apt_opts -qq update >&2 || die "apt-get update with the private deb-src list failed"
# shellcheck disable=SC2086
versions=$(apt-cache $apt_opts showsrc rsyslog 2>/dev/null | sed -n 's/^Version: //p' | sort -u)
pkgver=
for v in $versions; do
	up=${v#*:}
	up=${up%-*}
	if [ "$up" = "$want" ]; then
		pkgver=$v
		break
	fi
done
[ -n "$pkgver" ] || die "no rsyslog source package with upstream version $want (found: $(echo $versions))"

# Phase 3: download and unpack, then configure with most features off.
# shellcheck disable=SC2086
(cd "$work/src" && apt-get $apt_opts -qq source "rsyslog=$pkgver" >&2) ||
	die "apt-get source rsyslog=$pkgver failed"
rm -rf "$tree"
mv "$work/src/rsyslog-$want" "$tree" || die "unpacked tree rsyslog-$want not found"
rm -rf "$work"

(cd "$tree" && ./configure -q --disable-generate-man-pages --disable-uuid --disable-libgcrypt \
	--disable-fmhttp --disable-klog --disable-inet --disable-regexp \
	--disable-liblogging-stdlog --disable-imjournal --disable-default-tests >&2) ||
	die "configure of the rsyslog source in $tree failed"
echo "$tree"
