#!/bin/bash
# all-codes.sh - every code of the vendor's tables goes through rsyslogd and
# comes out with the vendor's description, level and remedy.
#
# The expectations are read from the vendor's own markdown table
# (tests/fixtures/vendor-codes.md), not from the project's data file, so a
# mistake in the data file or its generator shows here.  Where the vendor
# gives no level (VP codes, 3570) the documented rule applies: 1024 is Info,
# everything else Error.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

awk -F'|' '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
# JSON strings as libfastjson writes them: it also escapes '/'.
function js(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\//, "\\/", s); return "\"" s "\"" }
/^\| *[0-9]+ *\|/ {
	code = trim($2); desc = trim($3); level = ""; remedy = ""
	if (NF >= 6) { family = "replication"; level = trim($4); remedy = trim($5) }
	else family = "vp"
	if (level == "") level = (code == 1024) ? "Info" : "Error"
	out = "{ \"code\": " code ", \"family\": " js(family) ", \"severity\": " js(level)
	out = out ", \"syslogseverity\": " (level == "Info" ? 6 : 3)
	out = out ", \"description\": " js(desc)
	if (remedy != "") out = out ", \"remedy\": " js(remedy)
	out = out " }"
	printf "<11>Dec  3 10:00:00 host i2test: code %s: error code: %s\n", code, code > input
	printf " code %s: error code: %s|%s\n", code, code, out
}' input="$WORK/in.log" "$FIXTURES/vendor-codes.md" | sort >"$WORK/expected.log"

count=$(wc -l <"$WORK/expected.log")
if [ "$count" -ne 108 ]; then
	i2e_fail "the vendor table yields $count codes, expected 108"
fi

i2e_start '
	action(type="mmi2errcode")
	action(type="omfile" file="'"$WORK"'/out.log" template="fields")'
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" "$count"
i2e_stop
sort "$WORK/out.log" >"$WORK/out.sorted"
i2e_compare "$WORK/expected.log" "$WORK/out.sorted" "all $count vendor codes enriched as the vendor documents them"

# The same codes with lang="en": the English texts of the data file.
awk -F'\t' '
function js(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/\//, "\\/", s); return "\"" s "\"" }
/^[0-9]/ {
	out = "{ \"code\": " $1 ", \"family\": " js($2) ", \"severity\": " js($3)
	out = out ", \"syslogseverity\": " ($3 == "Info" ? 6 : 3) ", \"description\": " js($7)
	if ($8 != "") out = out ", \"remedy\": " js($8)
	printf " code %s: error code: %s|%s }\n", $1, $1, out
}' "$top_srcdir/data/i2-error-codes.tsv" | sort >"$WORK/expected-en.log"
i2e_start '
	action(type="mmi2errcode" lang="en")
	action(type="omfile" file="'"$WORK"'/out-en.log" template="fields")'
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out-en.log" "$count"
i2e_stop
sort "$WORK/out-en.log" >"$WORK/out-en.sorted"
i2e_compare "$WORK/expected-en.log" "$WORK/out-en.sorted" "all $count codes in English with lang=\"en\""

i2e_finish
