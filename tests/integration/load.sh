#!/bin/bash
# load.sh - 1,000,000 sequence-numbered messages over four TCP connections
# into a main queue with 4 worker threads, while the table file is reloaded
# by HUP every 50 ms and alternates between two versions: every message comes
# out exactly once, and every code-bearing one carries the right fields.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# Under the sanitizers everything runs several times slower: fewer messages.
if [ -n "$I2E_PRELOAD" ]; then
	COUNT=${LOAD_MESSAGES:-200000}
else
	COUNT=${LOAD_MESSAGES:-1000000}
fi
CONNECTIONS=4
HEADER=$(printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en')
write_table() {
	{ echo "$HEADER"; printf '3599\treplication\tError\tseed\t%s\t\t\t\n' "$2"; } >"$1.tmp"
	mv "$1.tmp" "$1"
}
write_table "$WORK/table.tsv" 版本甲

# Expected fields of the built-in codes, from the data file: code -> description.
awk -F'\t' '/^[0-9]/ { print $1 "\t" $5 }' "$top_srcdir/data/i2-error-codes.tsv" >"$WORK/desc.tsv"

# Message n carries a code when n % 5 == 0: the (n / 5 % 109)-th of the 108
# built-in codes, or 3599 from the table file for the 109th.
awk -v count="$COUNT" -F'\t' '
NR == FNR { codes[n++] = $1; next }
END {
	codes[n] = 3599
	for (i = 1; i <= count; i++) {
		if (i % 5 == 0)
			printf "<11>Dec  3 10:00:00 host i2test: seq=%d port 8080 error code: %d\n", i, codes[int(i / 5) % (n + 1)]
		else
			printf "<14>Dec  3 10:00:00 host i2test: seq=%d pid 3530 size 1078 uid=1030\n", i
	}
}' "$WORK/desc.tsv" /dev/null >"$WORK/in.log"
split -n l/$CONNECTIONS -d "$WORK/in.log" "$WORK/part."

I2E_TEMPLATE='template(name="fields" type="string" string="%msg:F,32:2%|%$!i2err!code%|%$!i2err!description%\n")'
i2e_start "
	action(type=\"mmi2errcode\" tablefile=\"$WORK/table.tsv\")
	action(type=\"omfile\" file=\"$WORK/out.log\" template=\"fields\")" \
	'main_queue(queue.workerThreads="4" queue.size="200000" queue.dequeueBatchSize="512")'

senders=
for part in "$WORK"/part.*; do
	i2e_send "$part" &
	senders="$senders $!"
done
hups=0
version=0
while kill -0 $senders 2>/dev/null || [ "$(wc -l <"$WORK/out.log" 2>/dev/null || echo 0)" -lt "$COUNT" ]; do
	version=$((1 - version))
	if [ "$version" -eq 1 ]; then write_table "$WORK/table.tsv" 版本乙; else write_table "$WORK/table.tsv" 版本甲; fi
	kill -HUP "$RSYSLOG_PID"
	hups=$((hups + 1))
	sleep 0.01
	[ "$hups" -gt 6000 ] && break
done
wait $senders
i2e_wait_lines "$WORK/out.log" "$COUNT" 120
alive=no
kill -0 "$RSYSLOG_PID" 2>/dev/null && alive=yes
i2e_stop

if [ "$alive" = yes ]; then i2e_pass "rsyslogd ran through $hups HUPs"; else i2e_fail "rsyslogd died"; fi

# Check every line: seq once each; fields exactly as expected.
awk -F'|' -v count="$COUNT" '
FILENAME == ARGV[1] { split($0, f, "\t"); desc[f[1]] = f[2]; codes[n++] = f[1]; next }
{
	seq = substr($1, 5) + 0
	if (seen[seq]++) { dup++; next }
	if (seq % 5 == 0) {
		want = (int(seq / 5) % (n + 1) == n) ? 3599 : codes[int(seq / 5) % (n + 1)]
		if ($2 != want) { bad++; if (bad < 5) print "wrong code: " $0 > "/dev/stderr"; next }
		if (want == 3599) {
			if ($3 != "版本甲" && $3 != "版本乙") { bad++; print "wrong description: " $0 > "/dev/stderr" }
		} else if ($3 != desc[want]) { bad++; if (bad < 5) print "wrong description: " $0 > "/dev/stderr" }
	} else if ($2 != "" || $3 != "") { bad++; if (bad < 5) print "fields on a plain line: " $0 > "/dev/stderr" }
}
END {
	for (i = 1; i <= count; i++) if (!(i in seen)) missing++
	printf "%d lines, %d missing, %d duplicated, %d wrong\n", NR - n, missing, dup, bad
	exit (missing + dup + bad) > 0
}' "$WORK/desc.tsv" "$WORK/out.log" >"$WORK/check.out" 2>&1
if [ $? -eq 0 ]; then
	i2e_pass "$COUNT messages, each once, every code with its fields: $(tail -n 1 "$WORK/check.out")"
else
	i2e_fail "$(cat "$WORK/check.out")"
fi
reloads=$(grep -c "keeping the previous table" "$WORK/rsyslogd.stdout")
if [ "$reloads" -eq 0 ]; then
	i2e_pass "no reload failed"
else
	i2e_fail "$reloads reloads failed"
fi

i2e_finish
