#!/bin/bash
# hostile.sh - hostile messages through rsyslogd: a 256 KiB message, invalid
# UTF-8, a NUL byte, a keyword as the last bytes, a 10,000-digit number,
# thousands of codes, an empty message, a missing key property, a JSON key of
# the wrong type.  rsyslogd stays up, every message passes through, and no
# partial or garbage fields appear.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# Each message starts with a marker "sNN " that the output template keeps.
I2E_TEMPLATE='template(name="fields" type="string" string="%msg:2:5%|%$!i2err%|%$!x%\n")'
i2e_start '
	action(type="mmjsonparse" cookie="")
	action(type="mmi2errcode")
	action(type="mmi2errcode" key="$!missing!path" container="$!x")
	action(type="omfile" file="'"$WORK"'/out.log" template="fields")' \
	'module(load="mmjsonparse")'

big=$(head -c 262000 /dev/zero | tr '\0' 'a')
digits=$(head -c 10000 /dev/zero | tr '\0' '7')
many=$(for i in $(seq 1 40); do for c in $(seq 1024 1107) $(seq 3519 3591); do printf 'code %d ' "$c"; done; done)
{
	printf '<11>Dec  3 10:00:00 host i2test: s01 error code: 3530 %s code 3555\n' "$big"
	printf '<11>Dec  3 10:00:00 host i2test: s02 \xff\xfe\xe9\x94 error code: 3530 \xe9\x94\x99\xe8\n'
	printf '<11>Dec  3 10:00:00 host i2test: s03 a\000b error code: 1078\n'
	printf '<11>Dec  3 10:00:00 host i2test: s04 failed with error code\n'
	printf '<11>Dec  3 10:00:00 host i2test: s05 code %s\n' "$digits"
	printf '<11>Dec  3 10:00:00 host i2test: s06 %s\n' "$many"
	printf '<11>Dec  3 10:00:00 host i2test:\n'
	printf '<11>Dec  3 10:00:00 host i2test: s08 {"code":{"x":3530}} error\n'
	printf '<11>Dec  3 10:00:00 host i2test: s09 错误码：\n'
	printf '<11>Dec  3 10:00:00 host i2test: s10 code 3530\n'
} >"$WORK/in.log"
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 10

if kill -0 "$RSYSLOG_PID" 2>/dev/null; then
	i2e_pass "rsyslogd is still running"
else
	i2e_fail "rsyslogd died"
fi
i2e_stop

# s01: the 256 KiB message, codes at both ends
line() { grep -a "^$1 |" "$WORK/out.log"; }
expect_line() {	# MARKER EXPECTED WHAT
	if [ "$(line "$1")" = "$2" ]; then
		i2e_pass "$3"
	else
		i2e_fail "$3: got '$(line "$1" | cut -c1-300)'"
	fi
}
expect_line s01 's01 |{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像", "codes": [ 3530, 3555 ] }|' \
	"a 256 KiB message is scanned to its end"
expect_line s02 's02 |{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }|' \
	"invalid UTF-8 around a code"
expect_line s03 's03 |{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "无法连接灾备机" }|' \
	"a NUL byte before a code"
expect_line s04 's04 ||' "a keyword as the last bytes adds nothing"
expect_line s05 's05 ||' "a 10,000-digit number is no code"
codes=$(line s06 | sed -n 's/.*"codes": \[ \([0-9, ]*\) \].*/\1/p' | tr ',' '\n' | grep -c .)
if [ "$codes" -eq 32 ] && line s06 | grep -q '^s06 |{ "code": 1024, '; then
	i2e_pass "6,280 codes in one message: the first fills the fields, codes holds 32"
else
	i2e_fail "thousands of codes: $codes listed"
fi
if [ "$(sed -n 7p "$WORK/out.log")" = "||" ]; then
	i2e_pass "an empty message passes untouched"
else
	i2e_fail "empty message: got '$(sed -n 7p "$WORK/out.log")'"
fi
expect_line s08 's08 ||' "a JSON object where a code might be adds nothing"
expect_line s09 's09 ||' "a CJK keyword as the last bytes adds nothing"
expect_line s10 's10 |{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }|' \
	"a plain message after the hostile ones"
if [ "$(wc -l <"$WORK/out.log")" -eq 10 ] && ! grep -a -q '"x"' "$WORK/out.log"; then
	i2e_pass "all 10 messages passed through; the missing key property added nothing"
else
	i2e_fail "expected 10 lines and no \$!x fields"
fi

i2e_finish
