#!/bin/bash
# memcheck.sh - rsyslogd with the module under valgrind memcheck: messages
# with and without codes, hostile ones, a burst of 20 reloads of the table
# file by HUP (good and bad), then shutdown.  No memory error and no leak may point into the
# module or the core.  rsyslogd's own findings are not ours to judge and are
# only counted.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

if [ -n "$I2E_PRELOAD" ]; then
	echo "$TEST_NAME: valgrind cannot run the sanitizer build; skipped"
	exit 77
fi
if ! command -v valgrind >/dev/null; then
	i2e_fail "valgrind is not installed"
	i2e_finish
fi

HEADER=$(printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en')
{ echo "$HEADER"; printf '3599\treplication\tError\tseed\t站点\t\t\t\n'; } >"$WORK/table.tsv"

i2e_config "
	action(type=\"mmjsonparse\" cookie=\"\")
	action(type=\"mmi2errcode\" tablefile=\"$WORK/table.tsv\" unknowncodes=\"on\")
	action(type=\"mmi2errcode\" key=\"\$!code\" container=\"\$!k\" lang=\"en\" setseverity=\"on\")
	action(type=\"omfile\" file=\"$WORK/out.log\" template=\"fields\")" \
	'module(load="mmjsonparse")'
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect \
	--num-callers=40 --log-file="$WORK/valgrind.log" \
	"$RSYSLOGD" -n -C -i "$WORK/rsyslogd.pid" -f "$WORK/rsyslog.conf" >"$WORK/rsyslogd.stdout" 2>&1 &
RSYSLOG_PID=$!
for _ in $(seq 1 600); do
	[ -s "$WORK/port" ] && break
	sleep 0.05
done
PORT=$(cat "$WORK/port")

many=$(for c in $(seq 1024 1107) $(seq 3519 3591); do printf 'code %d ' "$c"; done)
{
	for i in $(seq 1 50); do
		printf '<11>Dec  3 10:00:00 host i2test: m%d error code: 3530 and code 1078\n' "$i"
		printf '<14>Dec  3 10:00:00 host i2test: m%d pid 3530 port 1078\n' "$i"
		printf '<14>Dec  3 10:00:00 host i2test:{"code":1073,"n":%d}\n' "$i"
		printf '<14>Dec  3 10:00:00 host i2test:{"code":{"x":1}}\n'
		printf '<11>Dec  3 10:00:00 host i2test: code 3521 then code 3599 %s\n' "$many"
		printf '<11>Dec  3 10:00:00 host i2test: \xff\xfe error code\n'
	done
} >"$WORK/in.log"
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 300 120
# a burst of reloads, good and bad, while the old tables may still be in use
for i in $(seq 1 20); do
	if [ $((i % 4)) -eq 0 ]; then
		echo "broken" >"$WORK/table.tsv"
	else
		{ echo "$HEADER"; printf '3599\treplication\tError\tseed\t站点%d\t\t\t\n' "$i"; } >"$WORK/table.tsv"
	fi
	kill -HUP "$RSYSLOG_PID"
	sleep 0.1
done
sleep 1
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 600 120
kill -TERM "$RSYSLOG_PID"
wait "$RSYSLOG_PID"
RSYSLOG_PID=

# A record is a block of lines between blank "==PID==" lines that holds a
# stack ("at 0x", "by 0x"); ours are those whose stack mentions the module or
# the core's sources.
awk '
/^==[0-9]+== *$/ { flush(); next }
{ record = record $0 "\n" }
function flush() {
	if (record ~ /(at|by) 0x/) {
		if (record ~ /mmi2errcode\.so|mmi2errcode\.c|\/src\/(matcher|table|parse|builtin)\.c/) {
			ours++
			printf "%s\n", record
		} else {
			theirs++
		}
	}
	record = ""
}
END { flush(); printf "ours=%d theirs=%d\n", ours, theirs }
' "$WORK/valgrind.log" >"$WORK/records.txt"
summary=$(tail -n 1 "$WORK/records.txt")
if [ "${summary%% *}" = "ours=0" ] && grep -q "ERROR SUMMARY" "$WORK/valgrind.log"; then
	i2e_pass "memcheck: no error or leak from the module or the core (${summary#* } elsewhere in rsyslogd)"
else
	i2e_fail "memcheck findings in our code:"
	head -n 80 "$WORK/records.txt" >&2
fi
failed=$(grep -c "keeping the previous table" "$WORK/rsyslogd.stdout")
if [ "$failed" -ge 1 ]; then
	i2e_pass "reloads ran under memcheck ($failed bad files refused)"
else
	i2e_fail "no reload was seen"
fi
if [ "$(wc -l <"$WORK/out.log")" -eq 600 ]; then
	i2e_pass "all 600 messages passed through under memcheck"
else
	i2e_fail "$(wc -l <"$WORK/out.log") of 600 messages came out"
fi
i2e_finish
