#!/bin/bash
# relp.sh - the pipeline of contrib/pipeline: an edge rsyslogd forwarding over
# RELP, through a disk-assisted queue, to a central rsyslogd running the
# module.  The central one is stopped and started again mid-stream; every
# message must still arrive, and every code-bearing one with its fields.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Both configurations are generated from contrib/pipeline/edge.conf and
# central.conf by replacing the placeholders, paths and a few sizes and
# intervals with test values, so that the example files themselves are what
# runs.  Both instances listen on 127.0.0.1 only.  RELP delivers at least
# once: duplicates are counted and reported, missing messages fail the test.
. "$(dirname "$0")/harness.sh"

COUNT=${RELP_MESSAGES:-20000}
EDGE_PID=
RELP_PORT=

# The central rsyslogd is the harness's RSYSLOG_PID (its output goes to
# $WORK/rsyslogd.stdout, which i2e_stop checks for sanitizer reports); the
# edge one is stopped here, also when the test fails half-way.
relp_cleanup() {
	edge_stop
	central_stop
	i2e_cleanup
}
trap relp_cleanup EXIT

# stop_pid PID: SIGTERM, then up to 30 s for it to exit, then SIGKILL.
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	for _ in $(seq 1 300); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		i2e_fail "rsyslogd $1 did not stop within 30 s after SIGTERM"
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1" 2>/dev/null
}

edge_stop() {
	if [ -n "$EDGE_PID" ]; then
		stop_pid "$EDGE_PID"
		EDGE_PID=
	fi
}

central_stop() {
	if [ -n "$RSYSLOG_PID" ]; then
		stop_pid "$RSYSLOG_PID"
		i2e_stop
	fi
}

# The RELP modules come in a package of their own (rsyslog-relp on Debian).
cat >"$WORK/probe.conf" <<'CONF'
module(load="imrelp")
module(load="omrelp")
action(type="omrelp" target="127.0.0.1" port="2514")
CONF
if ! i2e_rsyslogd -N1 -f "$WORK/probe.conf" >"$WORK/probe.out" 2>&1; then
	echo "$TEST_NAME: rsyslog's imrelp/omrelp modules are not installed (rsyslog-relp); skipped"
	exit 77
fi
if ! command -v ss >/dev/null 2>&1; then
	echo "$TEST_NAME: ss (iproute2) is not installed; skipped"
	exit 77
fi

# relp_generate SOURCE TARGET FROM TO [FROM TO]...: TARGET is SOURCE with
# every FROM replaced by its TO, literally; a FROM that SOURCE does not
# contain fails the test, so that the test follows changes to the examples.
relp_generate() {
	local source=$1 target=$2 conf from to
	shift 2
	conf=$(cat "$source") || exit 1
	while [ $# -ge 2 ]; do
		from=$1
		to=$2
		shift 2
		if [[ $conf != *"$from"* ]]; then
			i2e_fail "$source no longer contains '$from', which the test replaces"
			exit 1
		fi
		conf=${conf//"$from"/"$to"}
	done
	printf '%s\n' "$conf" >"$target"
}

# listener_pid PORT: the pid of the process listening on 127.0.0.1:PORT.
listener_pid() {
	ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\),.*/\1/p' | head -n 1
}

# central_start: starts the central rsyslogd; returns once it listens on
# $RELP_PORT, or 1 if it does not within 10 s (port taken, or it died).
central_start() {
	LD_PRELOAD="$I2E_PRELOAD" "$RSYSLOGD" -n -C -i "$WORK/central/rsyslogd.pid" \
		-f "$WORK/central.conf" >>"$WORK/rsyslogd.stdout" 2>&1 &
	RSYSLOG_PID=$!
	for _ in $(seq 1 200); do
		if [ "$(listener_pid "$RELP_PORT")" = "$RSYSLOG_PID" ]; then
			return 0
		fi
		kill -0 "$RSYSLOG_PID" 2>/dev/null || break
		sleep 0.05
	done
	central_stop
	return 1
}

# edge_start: starts the edge rsyslogd; returns once its imtcp input listens,
# with the port in $PORT (the port i2e_send sends to).
edge_start() {
	rm -f "$WORK/edge/port"
	LD_PRELOAD="$I2E_PRELOAD" "$RSYSLOGD" -n -C -i "$WORK/edge/rsyslogd.pid" \
		-f "$WORK/edge.conf" >>"$WORK/edge.stdout" 2>&1 &
	EDGE_PID=$!
	for _ in $(seq 1 200); do
		if [ -s "$WORK/edge/port" ]; then
			PORT=$(cat "$WORK/edge/port")
			return 0
		fi
		kill -0 "$EDGE_PID" 2>/dev/null || break
		sleep 0.05
	done
	i2e_fail "the edge rsyslogd did not start; its output:"
	cat "$WORK/edge.stdout" >&2
	exit 1
}

# distinct: the number of distinct sequence numbers in the central's output.
distinct() {
	[ -f "$WORK/out.json" ] || { echo 0; return; }
	awk 'match($0, /seq=[0-9]+ /) { seen[substr($0, RSTART, RLENGTH)] = 1 }
		END { n = 0; for (s in seen) n++; print n }' "$WORK/out.json"
}

lines() {
	if [ -f "$WORK/out.json" ]; then wc -l <"$WORK/out.json"; else echo 0; fi
}

mkdir -p "$WORK/edge/in" "$WORK/central"

# The central rsyslogd: imrelp on a free port.  imrelp cannot report the port
# it got, so a port is picked at random in 20000-29999 (below Linux's
# ephemeral ports) among those nobody listens on, and taken once the new
# rsyslogd is seen listening on it.  When two tests pick the same port at the
# same moment, one rsyslogd gets it; the other test sees no listener of its
# own within 10 s, stops its rsyslogd and picks another port.
for _ in $(seq 1 20); do
	RELP_PORT=$((20000 + RANDOM % 10000))
	[ -z "$(ss -Hltn "sport = :$RELP_PORT" 2>/dev/null)" ] || continue
	relp_generate "$top_srcdir/contrib/pipeline/central.conf" "$WORK/central.conf" \
		'module(load="mmi2errcode")' "module(load=\"$MODULE\")" \
		'workDirectory="/var/spool/rsyslog"' "workDirectory=\"$WORK/central\"" \
		'address="CENTRAL_HOST"' 'address="127.0.0.1"' \
		'port="2514"' "port=\"$RELP_PORT\"" \
		'file="/var/log/central/info2soft.json"' "file=\"$WORK/out.json\""
	if central_start; then
		break
	fi
	RELP_PORT=
done
if [ -z "$RELP_PORT" ]; then
	i2e_fail "the central rsyslogd found no free port to listen on; its output:"
	cat "$WORK/rsyslogd.stdout" >&2
	exit 1
fi

# The edge rsyslogd.  Its queue is made small, so that the backlog of the
# outage below goes to disk, and its queue files 64 KiB, so that the backlog
# spans several; a retry every second and a RELP timeout of 5 s keep the test
# short.  Its imfile input reads $WORK/edge/in/*.log; an added imtcp input
# takes the test messages.
relp_generate "$top_srcdir/contrib/pipeline/edge.conf" "$WORK/edge.conf" \
	'workDirectory="/var/spool/rsyslog"' "workDirectory=\"$WORK/edge\"" \
	'file="/var/log/info2soft/*.log"' "file=\"$WORK/edge/in/*.log\"" \
	'target="CENTRAL_HOST"' 'target="127.0.0.1"' \
	'port="2514"' "port=\"$RELP_PORT\"" \
	'timeout="90"' 'timeout="5"' \
	'queue.size="100000"' 'queue.size="2000"' \
	'queue.highWatermark="80000"' 'queue.highWatermark="1000"' \
	'queue.lowWatermark="20000"' 'queue.lowWatermark="200"' \
	'queue.maxFileSize="16m"' 'queue.maxFileSize="64k"' \
	'action.resumeInterval="10"' 'action.resumeInterval="1"'
cat >>"$WORK/edge.conf" <<CONF

module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$WORK/edge/port"
      ruleset="to_central")
CONF
edge_start

# Message n carries a code when n % 5 == 0, in one of five forms in turn;
# the others carry numbers that are no codes.  expected.log holds what the
# central writes for each, in order.
awk -v count="$COUNT" -v input="$WORK/in.log" -v expected="$WORK/expected.log" '
BEGIN {
	form[0] = "error code: 3530"
	fields[0] = "{ \"code\": 3530, \"family\": \"replication\", \"severity\": \"Error\", \"syslogseverity\": 3, \"description\": \"文件Checksum错误\", \"remedy\": \"文件不同步，尝试重新镜像\" }"
	form[1] = "{\"errorCode\":\"1073\",\"vm\":\"web01\"}"
	fields[1] = "{ \"code\": 1073, \"family\": \"vp\", \"severity\": \"Error\", \"syslogseverity\": 3, \"description\": \"虚机不存在\" }"
	form[2] = "复制失败，错误代码 3555"
	fields[2] = "{ \"code\": 3555, \"family\": \"replication\", \"severity\": \"Error\", \"syslogseverity\": 3, \"description\": \"复制文件错误\", \"remedy\": \"检查灾备文件系统或者磁盘是否满\" }"
	form[3] = "errcode=1024"
	fields[3] = "{ \"code\": 1024, \"family\": \"vp\", \"severity\": \"Info\", \"syslogseverity\": 6, \"description\": \"操作成功\" }"
	form[4] = "(code 3545) write failed"
	fields[4] = "{ \"code\": 3545, \"family\": \"replication\", \"severity\": \"Error\", \"syslogseverity\": 3, \"description\": \"写消息分片内容不正确\" }"
	head = "{\"time\":\"2026-03-01T10:00:00+08:00\",\"host\":\"host\",\"relay\":\"127.0.0.1\",\"tag\":\"i2test:\""
	for (i = 1; i <= count; i++) {
		if (i % 5 == 0) {
			k = int(i / 5) % 5
			text = sprintf("seq=%d port 8080 %s", i, form[k])
			escaped = text
			gsub(/"/, "\\\"", escaped)
			printf "<11>2026-03-01T10:00:00+08:00 host i2test: %s\n", text >input
			printf "%s,\"severity\":\"err\",\"msg\":\" %s\",\"i2err\":%s}\n", head, escaped, fields[k] >expected
		} else {
			text = sprintf("seq=%d pid 3530 size 1078 uid=1030", i)
			printf "<14>2026-03-01T10:00:00+08:00 host i2test: %s\n", text >input
			printf "%s,\"severity\":\"info\",\"msg\":\" %s\"}\n", head, text >expected
		}
	}
}' </dev/null

# The stream in three parts: the first while the central rsyslogd runs (it is
# stopped part-way through), the second while it is down, the third after it
# is started again.
first=$((COUNT * 2 / 5))
second=$((COUNT * 7 / 10))
sed -n "1,${first}p" "$WORK/in.log" >"$WORK/part1.log"
sed -n "$((first + 1)),${second}p" "$WORK/in.log" >"$WORK/part2.log"
sed -n "$((second + 1)),\$p" "$WORK/in.log" >"$WORK/part3.log"

# Two lines for the imfile input of edge.conf, which go the same way.
printf '%s\n' 'imfile line 1, error code: 3530' 'imfile line 2, pid 3530' \
	>"$WORK/edge/in/app.log"

started=$SECONDS
i2e_send "$WORK/part1.log" &
sender=$!
# Stop the central rsyslogd while the edge is still forwarding the first part.
for _ in $(seq 1 2000); do
	[ "$(lines)" -ge $((first / 4)) ] && break
	sleep 0.01
done
central_stop
at_stop=$(lines)
wait "$sender"
i2e_send "$WORK/part2.log"

# While the central rsyslogd is down the edge's queue goes to disk.
spilled=
for _ in $(seq 1 100); do
	spilled=$(find "$WORK/edge" -maxdepth 1 -name 'fwd_central.0*' | wc -l)
	[ "$spilled" -gt 0 ] && break
	sleep 0.1
done
if [ "$spilled" -gt 0 ]; then
	i2e_pass "central stopped after $at_stop lines had arrived; the edge's queue is on disk during the outage"
else
	i2e_fail "the edge's queue did not go to disk while the central rsyslogd was down"
fi
# Let the edge fail to reconnect for a while before the central is back.
sleep 1
down=$SECONDS
if ! central_start; then
	i2e_fail "the central rsyslogd could not listen on port $RELP_PORT again; its output:"
	tail -n 20 "$WORK/rsyslogd.stdout" >&2
	exit 1
fi
i2e_send "$WORK/part3.log"

# Wait for every sequence number and both imfile lines.
arrived=0
for _ in $(seq 1 600); do
	arrived=$(distinct)
	from_file=$(grep -c '"tag":"info2soft:"' "$WORK/out.json" 2>/dev/null)
	if [ "$arrived" -ge "$COUNT" ] && [ "${from_file:-0}" -ge 2 ]; then
		break
	fi
	sleep 0.1
done
[ "$arrived" -ge "$COUNT" ] || i2e_fail "after 60 s only $arrived of $COUNT messages had arrived"
caught_up=$((SECONDS - down))
edge_stop
central_stop
elapsed=$((SECONDS - started))

# Sort the output by sequence number, keeping one line of each; count the
# duplicates, which must equal their first copy, and the missing.
: >>"$WORK/out.json"
awk -v count="$COUNT" -v actual="$WORK/actual.log" -v files="$WORK/imfile.log" '
match($0, /seq=[0-9]+ /) {
	s = substr($0, RSTART + 4, RLENGTH - 5) + 0
	if (s in line) {
		dup++
		if (line[s] != $0) differ++
	} else {
		line[s] = $0
	}
	next
}
/"tag":"info2soft:"/ {
	sub(/^\{"time":"[^"]*","host":"[^"]*",/, "{\"time\":\"T\",\"host\":\"H\",")
	print > files
	next
}
{ other++ }
END {
	for (i = 1; i <= count; i++) {
		if (i in line) print line[i] > actual
		else missing++
	}
	printf "%d %d %d %d\n", missing, dup, differ, other
}' "$WORK/out.json" >"$WORK/counts.txt"
read -r missing dups differ other <"$WORK/counts.txt"

i2e_compare "$WORK/expected.log" "$WORK/actual.log" \
	"every message arrived once at least, each code-bearing one with the module's fields"
if [ "$dups" -eq 0 ]; then
	delivery="exactly-once, no duplicates"
elif [ "$dups" -eq 1 ]; then
	delivery="at-least-once, 1 duplicate"
else
	delivery="at-least-once, $dups duplicates"
fi
if [ "$missing" -eq 0 ] && [ "$differ" -eq 0 ] && [ "$other" -eq 0 ]; then
	i2e_pass "$COUNT messages through a restart of the central rsyslogd, none missing; delivery $delivery; $elapsed s in all, $caught_up s from the restart to the last message"
else
	i2e_fail "$missing of $COUNT messages missing, $dups duplicates, $differ duplicates differing from their first copy, $other unexpected lines"
fi

sort -u "$WORK/imfile.log" >"$WORK/imfile-actual.log" 2>/dev/null
cat >"$WORK/imfile-expected.log" <<'EXPECTED'
{"time":"T","host":"H","relay":"127.0.0.1","tag":"info2soft:","severity":"notice","msg":" imfile line 1, error code: 3530","i2err":{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }}
{"time":"T","host":"H","relay":"127.0.0.1","tag":"info2soft:","severity":"notice","msg":" imfile line 2, pid 3530"}
EXPECTED
i2e_compare "$WORK/imfile-expected.log" "$WORK/imfile-actual.log" "the imfile input of edge.conf"

# Once everything was delivered, the edge's disk queue is gone.
left=$(find "$WORK/edge" -maxdepth 1 -name 'fwd_central*' | wc -l)
if [ "$left" -eq 0 ]; then
	i2e_pass "the edge's queue drained completely"
else
	i2e_fail "the edge left $left queue files behind"
fi
if grep -q -E 'ERROR: AddressSanitizer|runtime error:|Segmentation fault' "$WORK/edge.stdout"; then
	i2e_fail "the edge rsyslogd reported a memory or undefined-behaviour error:"
	grep -A 30 -E 'ERROR: AddressSanitizer|runtime error:' "$WORK/edge.stdout" >&2
fi

i2e_finish
