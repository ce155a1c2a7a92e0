#!/bin/bash
# run-sample.sh - the main job: rsyslogd with mmi2errcode over a log of
# Info2soft-style lines, printing every message as enriched JSON
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: contrib/run-sample.sh [LOGFILE]   (default: contrib/sample/info2soft.log)
#
# Builds the module first (contrib/bootstrap.sh), then starts the installed
# rsyslogd with a private configuration on a free loopback port, sends the
# log's lines (syslog frames, one per line) over TCP and prints one JSON
# object per message: host, tag, text and, where a code was found, i2err.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
log=$(realpath "${1:-$top/contrib/sample/info2soft.log}")
build=$("$top/contrib/bootstrap.sh")
module="$build/plugins/mmi2errcode/.libs/mmi2errcode.so"
rsyslogd=$(sed -n 's/^RSYSLOGD = //p' "$build/Makefile")
work=$(mktemp -d "${TMPDIR:-/tmp}/i2e-sample.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

cat >"$work/rsyslog.conf" <<CONF
global(workDirectory="$work")
module(load="imtcp")
module(load="$module")
template(name="enriched" type="string" string="%\$!%\n")
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$work/port"
      ruleset="info2soft")
ruleset(name="info2soft") {
	set \$!host = \$hostname;
	set \$!tag = \$syslogtag;
	set \$!msg = \$msg;
	action(type="mmi2errcode")
	action(type="omfile" file="$work/out.json" template="enriched")
}
CONF

"$rsyslogd" -n -C -i "$work/pid" -f "$work/rsyslog.conf" >"$work/rsyslogd.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do
	[ -s "$work/port" ] && break
	sleep 0.05
done
[ -s "$work/port" ] || { cat "$work/rsyslogd.out" >&2; exit 1; }

cat "$log" >"/dev/tcp/127.0.0.1/$(cat "$work/port")"
want=$(grep -c . "$log")
for _ in $(seq 1 200); do
	[ -f "$work/out.json" ] && [ "$(wc -l <"$work/out.json")" -ge "$want" ] && break
	sleep 0.05
done
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
cat "$work/out.json"
