#!/bin/bash
# reuse.sh - fields handed out again: whatever a pipeline does to the fields
# of one message (adds, replaces, removes, merges), later messages with the
# same code get exactly the fields they would get with reusefields="off".
# Several workers and small batches make many messages share little pools.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# the rules that change the fields after the action, keyed by a word in the text
CHANGES='
	if $msg contains "add-field" then set $!i2err!note = "added";
	if $msg contains "set-code" then set $!i2err!code = 1;
	if $msg contains "unset-remedy" then unset $!i2err!remedy;
	if $msg contains "unset-container" then unset $!i2err;
	if $msg contains "add-root" then set $!other = "x";
	if $msg contains "unset-root" then unset $!;
	if $msg contains "copy-code" then set $.copy = $!i2err!code;'

# run NAME REUSE [BEFORE]: one rsyslogd with four workers on batches of four
# over the input; BEFORE runs before the action (a tree the message has).
run() {
	i2e_start '
	call work' '
template(name="tree" type="string" string="%msg%|%$!%|%$.copy%\n")
global(processInternalMessages="on")
module(load="impstats" interval="1" format="json" log.syslog="off"
       log.file="'"$WORK"'/stats-'"$1"'.log")
action(type="omfile" file="'"$WORK"'/internal-'"$1"'.log")
ruleset(name="work" queue.type="LinkedList" queue.workerThreads="4"
        queue.dequeueBatchSize="4" queue.minDequeueBatchSize="1") {
	'"${3:-}"'
	action(type="mmi2errcode" reusefields="'"$2"'")
	'"$CHANGES"'
	action(type="omfile" file="'"$WORK"'/'"$1"'.log" template="tree")
}'
	i2e_send "$WORK/in.log"
	i2e_wait_lines "$WORK/$1.log" "$(wc -l <"$WORK/in.log")" 60
	# the counters once every message went through
	for _ in $(seq 1 50); do
		grep -q '"messages.seen": '"$(wc -l <"$WORK/in.log")"',' "$WORK/stats-$1.log" 2>/dev/null &&
			break
		sleep 0.1
	done
	i2e_stop
	sort "$WORK/$1.log" >"$WORK/$1.sorted"
}

# 6000 messages: a handful of codes, most messages untouched, the others each
# changed one way; a serial number keeps every line distinct
awk 'BEGIN {
	split("3530 1073 3555 1024 3521", codes, " ")
	split("add-field set-code unset-remedy unset-container add-root unset-root copy-code",
	      changes, " ")
	srand(7)
	for (i = 1; i <= 6000; i++) {
		c = codes[1 + int(rand() * 5)]
		r = rand()
		what = r < 0.5 ? "plain" : changes[1 + int(rand() * 7)]
		printf "<11>Dec  3 10:00:00 host i2test: #%d %s error code: %d\n", i, what, c
	}
}' >"$WORK/in.log"

run reused on
run anew off
i2e_compare "$WORK/anew.sorted" "$WORK/reused.sorted" \
	"changed fields never reach a later message (6000 messages, 4 workers)"

# counter COUNTER RUN: the last value impstats reported for COUNTER
counter() {
	grep '"origin": "mmi2errcode"' "$WORK/stats-$2.log" | tail -n 1 |
		sed -n 's/.*"'"$1"'": \([0-9]*\).*/\1/p'
}
made=$(counter fields.made reused)
reused=$(counter fields.reused reused)
enriched=$(counter messages.enriched reused)
if [ "$(counter fields.reused anew)" = 0 ] &&
	[ "$(counter fields.made anew)" = "$(counter messages.enriched anew)" ] &&
	[ -n "$reused" ] && [ "$reused" -gt $((enriched / 2)) ] &&
	[ $((made + reused)) = "$enriched" ]; then
	i2e_pass "fields were reused for $reused of $enriched messages (none with reusefields=\"off\")"
else
	i2e_fail "fields made/reused: $made/$reused with reuse, $(counter fields.made anew)/$(counter fields.reused anew) without"
fi

# the changes did happen, and untouched messages carry the plain fields
plain='{ "i2err": { "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" } }'
if grep -qF " plain error code: 3530|$plain|" "$WORK/reused.sorted" &&
	grep -q ' set-code error code: 3530|{ "i2err": { "code": 1, ' "$WORK/reused.sorted" &&
	grep -q ' unset-root error code: [0-9]*||$' "$WORK/reused.sorted" &&
	[ "$(grep -c ' plain error code: 3530|' "$WORK/reused.sorted")" = \
	  "$(grep -cF " plain error code: 3530|$plain|" "$WORK/reused.sorted")" ]; then
	i2e_pass "every plain 3530 message has the plain fields; the changes took effect"
else
	i2e_fail "plain or changed lines are not as expected:"
	grep -m 3 -e ' plain error code: 3530|' -e ' set-code ' "$WORK/reused.sorted" >&2
fi

# a tree the message already has: the container joins it (rsyslog merges
# the action's root into it)
run merged-reused on 'set $!parsed = "yes";'
run merged-anew off 'set $!parsed = "yes";'
i2e_compare "$WORK/merged-anew.sorted" "$WORK/merged-reused.sorted" \
	"fields merged into a tree the message has, changed afterwards"
if grep -qF " plain error code: 3530|{ \"parsed\": \"yes\", \"i2err\": { \"code\": 3530," \
	"$WORK/merged-reused.sorted"; then
	i2e_pass "the container joins the message's tree"
else
	i2e_fail "the container did not join the message's tree:"
	grep -m 2 ' plain error code: 3530|' "$WORK/merged-reused.sorted" >&2
fi

# a local-variable container comes with a root of its own too
i2e_start '
	set $.before = "kept";
	action(type="mmi2errcode" container="$.i2")
	action(type="omfile" file="'"$WORK"'/local.log" template="locals")' \
	'template(name="locals" type="string" string="%msg%|%$.%|%$!%\n")'
for i in 1 2 3; do i2e_frame "#$i error code: 1024"; done >"$WORK/local-in.log"
i2e_send "$WORK/local-in.log"
i2e_wait_lines "$WORK/local.log" 3
i2e_stop
for i in 1 2 3; do
	echo " #$i error code: 1024|{ \"before\": \"kept\", \"i2\": { \"code\": 1024, \"family\": \"vp\", \"severity\": \"Info\", \"syslogseverity\": 6, \"description\": \"操作成功\" } }|"
done >"$WORK/local-expected.log"
i2e_compare "$WORK/local-expected.log" "$WORK/local.log" "a \$. container, reused"

# A libfastjson whose objects are smaller than the installed header says:
# played by a preloaded malloc_usable_size that reports nothing usable.  The
# module must notice, say so once, and make every message's fields anew.
# AddressSanitizer answers malloc_usable_size itself, so not under it.
if [ -n "$I2E_PRELOAD" ]; then
	echo "skip: $TEST_NAME: the layout check under a sanitizer"
elif ! printf '#include <stddef.h>\nsize_t malloc_usable_size(void *p) { (void)p; return 0; }\n' |
	"${CC:-cc}" -shared -fPIC -x c -o "$WORK/small-objects.so" -; then
	i2e_fail "cannot build the preload library (a C compiler is needed)"
else
	I2E_PRELOAD="$WORK/small-objects.so" run mismatched on
	i2e_compare "$WORK/anew.sorted" "$WORK/mismatched.sorted" \
		"a library that does not match the layout: same fields, made anew"
	# rsyslogd's own messages (the default ruleset) go to a file of their own
	want="mmi2errcode: cannot reuse fields: the loaded libfastjson does not match the object"
	want="$want layout the module was built against, or the layout was unknown at build time;"
	want="$want fields are made anew for every message (same output, more work). Rebuild the"
	want="$want module against the installed libfastjson to reuse them"
	warned=$(grep -cF -- "$want" "$WORK/internal-mismatched.log")
	if [ "$warned" = 1 ] && ! grep -q "cannot reuse fields" "$WORK/internal-reused.log"; then
		i2e_pass "the mismatch is reported once, and only where there is one"
	else
		i2e_fail "the mismatch was reported $warned times; rsyslogd said:" \
			"$(cat "$WORK/internal-mismatched.log")"
	fi
fi

i2e_finish
