#!/bin/bash
# e2e.sh - end-to-end benchmark: the real rsyslogd, fed over TCP, through five
# setups in one run
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage (from make bench, or with top_srcdir, top_builddir, RSYSLOGD set):
#   bench/e2e.sh
# Environment: N (messages for the instruction counts, default 20000),
#   WALL_N (messages for the throughput runs, default 200000), ROUNDS
#   (throughput runs per setup, default 3; the median is reported).
#
# Setups, all imtcp -> ruleset -> omfile with the same template:
#   a  no enrichment
#   b  mmrm1stspace, Debian's trivial mm module: the floor any mm action pays
#   c  the hand-written RainerScript equivalent: re_extract() with a keyword
#      regex, then lookup() tables for family, severity, description, remedy
#      (a blank is appended to the text so that the regex needs no '$' anchor,
#      which RainerScript's string syntax does not take)
#   d  mmi2errcode
#   e  mmi2errcode with reusefields="off": every message's fields made anew
#
# The figure of record is instructions executed by rsyslogd per message,
# counted by valgrind's callgrind over all threads: a run with N messages
# minus a run with none, divided by N.  Throughput (messages per second,
# wall clock) is measured natively beside it.
#
# Two output templates are measured.  "msg" writes the message text only:
# every setup pays the same output, so the difference to (a) is the cost of
# the enrichment itself -- this is the figure of record.  "fields" also
# writes the container (%$!i2err%), adding the serialization of the fields,
# which any consumer of them pays whoever made them.
set -eu

: "${top_srcdir:?}" "${top_builddir:?}"
RSYSLOGD=${RSYSLOGD:-rsyslogd}
N=${N:-20000}
WALL_N=${WALL_N:-200000}
ROUNDS=${ROUNDS:-3}
MODULE="$top_builddir/plugins/mmi2errcode/.libs/mmi2errcode.so"
SETUPS="a b c d e"
work=$(mktemp -d "${TMPDIR:-/tmp}/i2e-e2e.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

command -v valgrind >/dev/null || { echo "e2e: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

awk -v n="$N" -f "$top_srcdir/bench/gen-messages.awk" >"$work/msgs-n.log"
awk -v n="$WALL_N" -f "$top_srcdir/bench/gen-messages.awk" >"$work/msgs-wall.log"

# ---- the lookup tables of setup c, generated from the data file -------------
lookup_table() {	# COLUMN_EXPR NAME
	awk -F'\t' -v col="$1" '
	function js(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
	/^[0-9]/ {
		v = (col == "sev") ? $3 : (col == "fam") ? $2 : (col == "desc") ? $5 : $6
		rows = rows (rows == "" ? "" : ",\n") "{\"index\":\"" $1 "\",\"value\":" js(v) "}"
	}
	END { print "{\"version\":1,\"nomatch\":\"\",\"type\":\"string\",\"table\":[\n" rows "\n]}" }
	' "$top_srcdir/data/i2-error-codes.tsv" >"$work/$2.json"
}
lookup_table sev i2sev
lookup_table fam i2fam
lookup_table desc i2desc
lookup_table rem i2rem

setup_config() {	# SETUP DIR [TEMPLATE]
	local preamble="" body="" template
	case ${3:-msg} in
	msg) template='%msg%\n' ;;
	fields) template='%msg%|%$!i2err%\n' ;;
	esac
	case $1 in
	a) ;;
	b)
		preamble='module(load="mmrm1stspace")'
		body='action(type="mmrm1stspace")'
		;;
	c)
		preamble="lookup_table(name=\"i2sev\" file=\"$work/i2sev.json\")
lookup_table(name=\"i2fam\" file=\"$work/i2fam.json\")
lookup_table(name=\"i2desc\" file=\"$work/i2desc.json\")
lookup_table(name=\"i2rem\" file=\"$work/i2rem.json\")"
		body='set $.code = re_extract($msg & " ", "([Ee][Rr][Rr][Oo][Rr][ _]?[Cc][Oo][Dd][Ee]|[Ee][Rr][Rr]_?[Cc][Oo][Dd][Ee]|[Cc][Oo][Dd][Ee]|错误代码|错误码)([\"'"'"' :=#]|：){0,4}([0-9]{4})[^0-9A-Za-z_]", 0, 3, "");
	if $.code != "" then {
		set $.severity = lookup("i2sev", $.code);
		if $.severity != "" then {
			set $!i2err!code = cnum($.code);
			set $!i2err!family = lookup("i2fam", $.code);
			set $!i2err!severity = $.severity;
			set $!i2err!description = lookup("i2desc", $.code);
			set $.remedy = lookup("i2rem", $.code);
			if $.remedy != "" then set $!i2err!remedy = $.remedy;
		}
	}'
		;;
	d)
		preamble="module(load=\"$MODULE\")"
		body='action(type="mmi2errcode")'
		;;
	e)
		preamble="module(load=\"$MODULE\")"
		body='action(type="mmi2errcode" reusefields="off")'
		;;
	esac
	cat >"$2/rsyslog.conf" <<CONF
global(workDirectory="$2")
module(load="imtcp")
$preamble
template(name="out" type="string" string="$template")
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$2/port" ruleset="bench")
ruleset(name="bench") {
	$body
	action(type="omfile" file="$2/out.log" template="out")
}
CONF
}

wait_for() {	# CONDITION-COMMAND... (polls every 10 ms, gives up after 10 minutes)
	for _ in $(seq 1 60000); do
		"$@" && return 0
		sleep 0.01
	done
	echo "e2e: timed out waiting for: $*" >&2
	return 1
}
has_lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

# run SETUP INPUT COUNT [valgrind...]: one rsyslogd run with the template in
# $TEMPLATE (default msg); prints elapsed seconds from the first byte sent to
# the last line written.
run() {
	local setup=$1 input=$2 count=$3 dir start end
	shift 3
	dir=$(mktemp -d "$work/run.XXXXXX")
	setup_config "$setup" "$dir" "${TEMPLATE:-msg}"
	"$@" "$RSYSLOGD" -n -C -i "$dir/pid" -f "$dir/rsyslog.conf" >"$dir/stdout" 2>&1 &
	pid=$!
	wait_for test -s "$dir/port"
	start=$(date +%s.%N)
	if [ "$count" -gt 0 ]; then
		cat "$input" >"/dev/tcp/127.0.0.1/$(cat "$dir/port")"
		wait_for has_lines "$dir/out.log" "$count"
	fi
	end=$(date +%s.%N)
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
	LAST_DIR=$dir
	echo "$start $end" | awk '{ printf "%.3f\n", $2 - $1 }'
}

# instructions SETUP COUNT: callgrind's total over all threads.
instructions() {
	run "$1" "$work/msgs-n.log" "$2" valgrind --tool=callgrind \
		--callgrind-out-file="$work/cg.$1.$2.${TEMPLATE:-msg}" >/dev/null
	sed -n 's/^summary: //p' "$work/cg.$1.$2.${TEMPLATE:-msg}"
}

echo "== end-to-end benchmark: rsyslogd $("$RSYSLOGD" -v | sed -n '1s/^rsyslogd *\([0-9.]*\).*/\1/p'), imtcp -> ruleset -> omfile"
echo "   $N messages for instruction counts (callgrind), $WALL_N for throughput (median of $ROUNDS)"
coded=$(grep -c -E 'code|错误' "$work/msgs-n.log" || true)
echo "   mix: $(awk '{ s += length($0) + 1 } END { printf "%.0f", s / NR }' "$work/msgs-n.log") bytes per line, $coded of $N lines mention a code keyword"

declare -A ipm ipmf rate
for s in $SETUPS; do
	for t in msg fields; do
		with=$(TEMPLATE=$t instructions "$s" "$N")
		without=$(TEMPLATE=$t instructions "$s" 0)
		per=$(awk -v a="$with" -v b="$without" -v n="$N" 'BEGIN { printf "%.0f", (a - b) / n }')
		if [ "$t" = msg ]; then ipm[$s]=$per; else ipmf[$s]=$per; fi
	done
done

# sanity: the module and the RainerScript setup enrich the same messages
for s in c d; do
	TEMPLATE=fields run "$s" "$work/msgs-n.log" "$N" >/dev/null
	grep -c '|{' "$LAST_DIR/out.log" >"$work/enriched.$s" || true
done

declare -A samples
for _ in $(seq 1 "$ROUNDS"); do
	for s in $SETUPS; do
		samples[$s]="${samples[$s]:-} $(run "$s" "$work/msgs-wall.log" "$WALL_N")"
	done
done
for s in $SETUPS; do
	rate[$s]=$(echo "${samples[$s]}" | tr ' ' '\n' | grep . | sort -n |
		awk -v n="$WALL_N" '{ v[NR] = $1 } END { printf "%.0f", n / v[int((NR + 1) / 2)] }')
done

name() {
	case $1 in
	a) echo "(a) no enrichment" ;;
	b) echo "(b) mmrm1stspace (trivial mm)" ;;
	c) echo "(c) RainerScript re_extract+lookup" ;;
	d) echo "(d) mmi2errcode" ;;
	e) echo "(e) mmi2errcode reusefields=off" ;;
	esac
}
printf '\n%-36s %10s %8s %7s %10s %7s | %10s %8s\n' setup "instr/msg" added ratio "msgs/s" ratio \
	"+fields" added
for s in $SETUPS; do
	awk -v n="$(name "$s")" -v i="${ipm[$s]}" -v a="${ipm[a]}" -v r="${rate[$s]}" -v ra="${rate[a]}" \
		-v f="${ipmf[$s]}" -v fa="${ipmf[a]}" \
		'BEGIN { printf "%-36s %10d %8d %7.2f %10d %7.2f | %10d %8d\n", n, i, i - a, i / a, r, r / ra, f, f - fa }'
done
echo
echo "instr/msg: instructions per message, template msg (the figure of record);"
echo "+fields: the same with the fields written (%\$!i2err% in the template)"
echo "enriched messages of $N: RainerScript $(cat "$work/enriched.c"), module $(cat "$work/enriched.d")"
awk -v b="${ipm[b]}" -v c="${ipm[c]}" -v d="${ipm[d]}" -v a="${ipm[a]}" \
	-v fb="${ipmf[b]}" -v fc="${ipmf[c]}" -v fd="${ipmf[d]}" -v fa="${ipmf[a]}" 'BEGIN {
	printf "module adds %.3f of what RainerScript adds (target <= 0.10); with fields written %.3f\n", (d - a) / (c - a), (fd - fa) / (fc - fa)
	printf "module adds %.2fx what the trivial mm action adds (target <= 2.00); with fields written %.2fx\n", (d - a) / (b - a), (fd - fa) / (fb - fa)
}'
awk -v b="${ipm[b]}" -v d="${ipm[d]}" -v e="${ipm[e]}" -v a="${ipm[a]}" 'BEGIN {
	printf "reused fields save %d instr/msg; made anew for every message the module adds %.2fx what the trivial mm action adds\n", e - d, (e - a) / (b - a)
}'
