#!/bin/bash
# tablefile.sh - a user table merged over the built-in one: accepted, refused
# at startup with a message naming file, line and problem, and re-read on HUP
# (a bad new file keeps the previous table; a burst of HUPs loses nothing).
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

HEADER=$(printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en')

# write_table FILE DESCRIPTION_OF_3599: a table overriding 3530 and adding 3599.
write_table() {
	{
		echo "# site table"
		echo "$HEADER"
		printf '3530\treplication\tInfo\tseed\t本地覆盖\t\tlocal override\t\n'
		printf '3599\treplication\tError\tseed\t%s\t重试\tnew code\tretry\n' "$2"
	} >"$1.tmp"
	mv "$1.tmp" "$1"
}

PREAMBLE="template(name=\"desc\" type=\"string\" string=\"%msg%|%\$!i2err!description%\\n\")"

# rsyslogd -n reports its errors on stderr, which the harness keeps.
internal_log() {
	cat "$WORK/rsyslogd.stdout"
}

# --- a good table at startup
write_table "$WORK/table.tsv" 第一版
i2e_start "
	action(type=\"mmi2errcode\" tablefile=\"$WORK/table.tsv\")
	action(type=\"omfile\" file=\"$WORK/out.log\" template=\"fields\")" "$PREAMBLE"
i2e_frame 'error code 3530' 'error code 3599' 'error code 3555' >"$WORK/in.log"
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 3
i2e_stop
cat >"$WORK/expected.log" <<'EOF2'
 error code 3530|{ "code": 3530, "family": "replication", "severity": "Info", "syslogseverity": 6, "description": "本地覆盖" }
 error code 3599|{ "code": 3599, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "第一版", "remedy": "重试" }
 error code 3555|{ "code": 3555, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "复制文件错误", "remedy": "检查灾备文件系统或者磁盘是否满" }
EOF2
i2e_compare "$WORK/expected.log" "$WORK/out.log" "table file entries override and extend the built-in table"

# --- bad tables at startup fail the configuration, naming file, line, problem
check_bad_startup() {
	local name=$1 file=$2 want=$3
	i2e_config "action(type=\"mmi2errcode\" tablefile=\"$file\")"
	if i2e_rsyslogd -N1 -f "$WORK/rsyslog.conf" >"$WORK/n1.out" 2>&1; then
		i2e_fail "$name: rsyslogd -N1 accepted the configuration"
	elif grep -qF -- "$want" "$WORK/n1.out"; then
		i2e_pass "$name"
	else
		i2e_fail "$name: output lacks: $want"
		cat "$WORK/n1.out" >&2
	fi
}
{ echo "$HEADER"; printf '3530\treplication\tWarn\tseed\tx\t\t\t\n'; } >"$WORK/bad-level.tsv"
check_bad_startup "bad level at startup" "$WORK/bad-level.tsv" \
	"mmi2errcode: table file '$WORK/bad-level.tsv': line 2: column 'level': 'Warn' is not one of Error, Info"
printf '3530\treplication\tError\tseed\tx\t\t\t\n' >"$WORK/no-header.tsv"
check_bad_startup "missing header at startup" "$WORK/no-header.tsv" \
	"mmi2errcode: table file '$WORK/no-header.tsv': line 1: the first line must be the header"
check_bad_startup "missing file at startup" "$WORK/absent.tsv" \
	"mmi2errcode: table file '$WORK/absent.tsv': cannot open: No such file or directory"
check_bad_startup "a directory at startup" "$WORK" \
	"mmi2errcode: table file '$WORK': not a regular file"
: >"$WORK/empty.tsv"
check_bad_startup "an empty file at startup" "$WORK/empty.tsv" \
	"mmi2errcode: table file '$WORK/empty.tsv': the header line is missing"
head -c 5000000 /dev/zero >"$WORK/huge.tsv"
check_bad_startup "a file over 4 MiB at startup" "$WORK/huge.tsv" \
	"mmi2errcode: table file '$WORK/huge.tsv': file is 5000000 bytes long, the limit is 4194304"
{ echo "$HEADER"; printf '3530\treplication\tError\tseed\tab\000cd\t\t\t\n'; } >"$WORK/binary.tsv"
check_bad_startup "a NUL byte in a field at startup" "$WORK/binary.tsv" \
	"mmi2errcode: table file '$WORK/binary.tsv': line 2: column 'description_zh' is not valid UTF-8 or holds a control character"
{ echo "$HEADER"; printf '3530\treplication\tError\tseed\ta\t\t\t\n3530\treplication\tInfo\tseed\tb\t\t\t\n'; } >"$WORK/dup.tsv"
check_bad_startup "a duplicate code at startup" "$WORK/dup.tsv" \
	"mmi2errcode: table file '$WORK/dup.tsv': line 3: code 3530 is already defined on line 2"
# one error line per problem: exactly one module message in the output
if [ "$(grep -c 'mmi2errcode: table file' "$WORK/n1.out")" -eq 1 ]; then
	i2e_pass "a bad table file yields one error line"
else
	i2e_fail "expected one error line: $(cat "$WORK/n1.out")"
fi

# --- HUP: a good new file replaces the table, a bad one keeps it
# probe TEXT: sends one message and prints the description it came out with.
probe_seq=0
probe() {
	probe_seq=$((probe_seq + 1))
	i2e_frame "probe $probe_seq error code 3599" >"$WORK/probe.log"
	i2e_send "$WORK/probe.log"
	i2e_wait_lines "$WORK/hup.log" "$probe_seq" >/dev/null
	tail -n 1 "$WORK/hup.log" | sed 's/.*|//'
}
# wait_for_description WANT: probes until the reload shows (HUP is asynchronous).
wait_for_description() {
	local got
	for _ in $(seq 1 40); do
		got=$(probe)
		[ "$got" = "$1" ] && return 0
		sleep 0.1
	done
	echo "last description: $got" >&2
	return 1
}

write_table "$WORK/table.tsv" 第一版
i2e_start "
	action(type=\"mmi2errcode\" tablefile=\"$WORK/table.tsv\")
	action(type=\"omfile\" file=\"$WORK/hup.log\" template=\"desc\")" "$PREAMBLE"
if [ "$(probe)" = 第一版 ]; then i2e_pass "first table in force"; else i2e_fail "first table not in force"; fi

write_table "$WORK/table.tsv" 第二版
kill -HUP "$RSYSLOG_PID"
if wait_for_description 第二版; then
	i2e_pass "HUP loads the changed table file"
else
	i2e_fail "HUP did not load the changed table file"
fi

{ echo "$HEADER"; printf '3599\treplication\tError\tseed\t第三版\t\t\t\n'; printf 'x\tvp\tError\tseed\ty\t\t\t\n'; } >"$WORK/table.tsv"
kill -HUP "$RSYSLOG_PID"
want="mmi2errcode: table file '$WORK/table.tsv': line 3: column 'code': 'x' is not a decimal number of 1 to 5 digits; keeping the previous table"
for _ in $(seq 1 100); do
	internal_log | grep -qF -- "$want" && break
	sleep 0.05
done
if internal_log | grep -qF -- "$want"; then
	i2e_pass "a bad file on HUP is reported by file, line and problem"
else
	i2e_fail "no report of the bad file; rsyslogd said: $(internal_log)"
fi
if [ "$(probe)" = 第二版 ]; then
	i2e_pass "after a bad file the previous table stays in force"
else
	i2e_fail "the previous table was not kept"
fi

# --- a burst of HUPs while messages flow and the file changes: nothing lost,
# no error, every message enriched from one whole table
before=$(wc -l <"$WORK/hup.log")
seq 1 2000 | sed 's/^/<11>Dec  3 10:00:00 host i2test: burst /; s/$/ error code 3599/' >"$WORK/burst.log"
i2e_send "$WORK/burst.log" &
sender=$!
for i in $(seq 1 50); do
	if [ $((i % 2)) -eq 1 ]; then
		write_table "$WORK/table.tsv" 第五版
	else
		write_table "$WORK/table.tsv" 第四版
	fi
	kill -HUP "$RSYSLOG_PID"
done
wait "$sender"
i2e_wait_lines "$WORK/hup.log" $((before + 2000)) 30
errors_before=$(internal_log | grep -c "mmi2errcode")
if kill -0 "$RSYSLOG_PID" 2>/dev/null &&
	[ "$(grep -c ' burst .*|第[二四五]版$' "$WORK/hup.log")" -eq 2000 ] &&
	[ "$errors_before" -eq 1 ]; then
	i2e_pass "50 HUPs during 2000 messages: all enriched, no error"
else
	i2e_fail "HUP burst: $(grep -c ' burst ' "$WORK/hup.log") burst lines, $errors_before module messages"
fi
if wait_for_description 第四版; then
	i2e_pass "the table after the burst is the last file's"
else
	i2e_fail "the table after the burst is not the last file's"
fi
i2e_stop

i2e_finish
