#!/bin/bash
# stats.sh - the module's counters, read from impstats output: messages seen
# and enriched, codes by family, severity and knownness, table reloads, and
# fields made and reused.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

HEADER=$(printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en')
{ echo "$HEADER"; printf '3599\treplication\tInfo\tseed\t站点代码\t\t\t\n'; } >"$WORK/table.tsv"

i2e_start "
	action(type=\"mmi2errcode\" tablefile=\"$WORK/table.tsv\")
	action(type=\"omfile\" file=\"$WORK/out.log\" template=\"fields\")" \
	"module(load=\"impstats\" interval=\"1\" format=\"json\" log.syslog=\"off\"
	       log.file=\"$WORK/stats.log\")"

i2e_frame 'error code 3530' 'errcode=3555 and code 1078' 'code 3519' 'code 3521' \
	'nothing' 'code 3599 and code 1029' >"$WORK/in.log"
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 6

# once rsyslog is done with the first 3530 message, a second one reuses its
# fields
sleep 0.5
i2e_frame 'error code 3530 again' >"$WORK/in2.log"
i2e_send "$WORK/in2.log"
i2e_wait_lines "$WORK/out.log" 7

# one good and one bad reload
kill -HUP "$RSYSLOG_PID"
sleep 0.5
echo "not a table" >"$WORK/table.tsv"
kill -HUP "$RSYSLOG_PID"

want='"messages.seen": 7, "messages.enriched": 5, "codes.replication": 5, "codes.vp": 1, "codes.error": 4, "codes.info": 2, "codes.unknown": 2, "reloads.ok": 1, "reloads.failed": 1, "fields.made": 4, "fields.reused": 1 }'
found=
for _ in $(seq 1 100); do
	if grep -qF -- "$want" "$WORK/stats.log" 2>/dev/null; then
		found=yes
		break
	fi
	sleep 0.1
done
i2e_stop
if [ -n "$found" ] && grep -qF '"name": "mmi2errcode", "origin": "mmi2errcode"' "$WORK/stats.log"; then
	i2e_pass "impstats reports the module's counters"
else
	i2e_fail "counters not as expected; last module line: $(grep mmi2errcode "$WORK/stats.log" | tail -n 1)"
fi

i2e_finish
