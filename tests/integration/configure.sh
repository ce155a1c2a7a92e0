#!/bin/bash
# configure.sh - configure stops with a message naming the fix when rsyslog's
# headers are missing or belong to another version than the installed rsyslogd.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# check_configure NAME EXPECTED_TEXT ARGS...: configure must fail and say EXPECTED_TEXT.
check_configure() {
	local name=$1 want=$2
	shift 2
	mkdir -p "$WORK/build"
	if (cd "$WORK/build" && "$top_srcdir/configure" -q "$@") >"$WORK/configure.out" 2>&1; then
		i2e_fail "$name: configure succeeded"
	elif grep -qF -- "$want" "$WORK/configure.out"; then
		i2e_pass "$name"
	else
		i2e_fail "$name: output lacks: $want"
		tail -n 5 "$WORK/configure.out" >&2
	fi
}

check_configure "a missing source directory is named" \
	"--with-rsyslog-src: directory '/nonexistent/rsyslog' does not exist" \
	--with-rsyslog-src=/nonexistent/rsyslog

mkdir -p "$WORK/empty"
check_configure "a directory without headers is named, with the fix" \
	"Fix: run ./configure in that tree, or omit --with-rsyslog-src to fetch the source automatically." \
	--with-rsyslog-src="$WORK/empty"

version=$("$RSYSLOGD" -v | sed -n '1s/^rsyslogd *\([0-9.]*\).*/\1/p')
mkdir -p "$WORK/old/runtime"
touch "$WORK/old/runtime/module-template.h"
echo '#define VERSION "8.1901.0"' >"$WORK/old/config.h"
check_configure "a source tree of another version is refused" \
	"the rsyslog source in $WORK/old is version 8.1901.0, but $RSYSLOGD is $version." \
	--with-rsyslog-src="$WORK/old"

i2e_finish
