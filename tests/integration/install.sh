#!/bin/bash
# install.sh - make install puts the module where the installed rsyslogd
# loads modules from, and rsyslogd finds it there by its bare name.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# configure takes rsyslogd's module directory unless --with-moddir says
# otherwise (as make distcheck does)
system_moddir=$(LC_ALL=C grep -a -o '/[a-z0-9_./-]*/rsyslog/' "$RSYSLOGD" | head -n 1)
system_moddir=${system_moddir%/}
moddir=${I2E_MODDIR:?}
if [ "${I2E_MODDIR_FROM_RSYSLOGD:-}" = yes ]; then
	if [ "$moddir" = "$system_moddir" ]; then
		i2e_pass "configure found rsyslogd's module directory $moddir"
	else
		i2e_fail "configure chose $moddir, rsyslogd loads from $system_moddir"
	fi
fi
make -s -C "$top_builddir" install DESTDIR="$WORK/root" >"$WORK/install.out" 2>&1 ||
	i2e_fail "make install failed: $(cat "$WORK/install.out")"
if [ -f "$WORK/root$moddir/mmi2errcode.so" ] && [ ! -e "$WORK/root$moddir/mmi2errcode.la" ]; then
	i2e_pass "module installed into $moddir, without its libtool archive"
else
	i2e_fail "expected $moddir/mmi2errcode.so (and no .la) under $WORK/root; got: $(find "$WORK/root" -type f)"
fi

# rsyslogd resolves module(load="mmi2errcode") against its module directory.
# A copy of that directory (links to the system's modules plus the installed
# one) stands in for it, so the system stays untouched.
mkdir -p "$WORK/moddir"
ln -s "$system_moddir"/*.so "$WORK/moddir/"
ln -sf "$WORK/root$moddir/mmi2errcode.so" "$WORK/moddir/mmi2errcode.so"
cat >"$WORK/bare.conf" <<CONF
module(load="mmi2errcode")
action(type="mmi2errcode")
CONF
if i2e_rsyslogd -N1 -M "$WORK/moddir" -f "$WORK/bare.conf" >"$WORK/n1.out" 2>&1; then
	i2e_pass "module(load=\"mmi2errcode\") loads the installed module"
else
	i2e_fail "rsyslogd -N1 with the installed module failed: $(cat "$WORK/n1.out")"
fi

i2e_finish
