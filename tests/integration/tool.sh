#!/bin/bash
# tool.sh - the i2errcode command-line tool: lookups, scan output identical
# to the module's fields in rsyslogd, table file checks, progress on a
# terminal.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

TOOL="$top_builddir/tools/i2errcode"
SAMPLE="$top_srcdir/contrib/sample/info2soft.log"

# --- lookups
"$TOOL" 3530 1024 >"$WORK/lookup.out"
cat >"$WORK/lookup.exp" <<'EOF2'
3530  replication  Error
  description: 文件Checksum错误
  remedy:      文件不同步，尝试重新镜像
1024  vp  Info (derived)
  description: 操作成功
EOF2
i2e_compare "$WORK/lookup.exp" "$WORK/lookup.out" "i2errcode CODE prints the entries"

"$TOOL" --lang en --json 3551 >"$WORK/json.out"
echo '{ "code": 3551, "family": "replication", "severity": "Info", "syslogseverity": 6, "description": "Failed to delete snapshot" }' >"$WORK/json.exp"
i2e_compare "$WORK/json.exp" "$WORK/json.out" "--lang en --json prints the module's fields"

if "$TOOL" 9999 3530x >"$WORK/bad.out" 2>"$WORK/bad.err"; then
	i2e_fail "unknown codes exited 0"
elif [ "$(cat "$WORK/bad.err")" = "i2errcode: '9999' is not a known code
i2errcode: '3530x' is not a known code" ]; then
	i2e_pass "unknown codes are named and fail"
else
	i2e_fail "unknown codes: $(cat "$WORK/bad.err")"
fi

# --- scan output equals the module's fields, line for line
# compare_with_module NAME ACTION_PARAMS TOOL_OPTIONS... : both over $WORK/scan-in.log
compare_with_module() {
	local name=$1 params=$2
	shift 2
	I2E_TEMPLATE='template(name="fields" type="string" string="%$!i2err%\n")'
	i2e_start "
	action(type=\"mmi2errcode\" $params)
	if \$!i2err!code != \"\" then action(type=\"omfile\" file=\"$WORK/module-$name.out\" template=\"fields\")
	action(type=\"omfile\" file=\"$WORK/all-$name.out\" template=\"fields\")"
	i2e_send "$WORK/scan-in.log"
	i2e_wait_lines "$WORK/all-$name.out" "$(wc -l <"$WORK/scan-in.log")"
	i2e_stop
	touch "$WORK/module-$name.out"
	sed 's/^<[0-9]*>[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [^ ]* [^ ]*//' "$WORK/scan-in.log" |
		"$TOOL" "$@" scan >"$WORK/tool-$name.out"
	i2e_compare "$WORK/module-$name.out" "$WORK/tool-$name.out" "scan equals the module: $name"
}
cp "$SAMPLE" "$WORK/scan-in.log"
compare_with_module sample ""
{
	cat "$SAMPLE"
	i2e_frame 'code 3521 then code 3530' 'code 1029' 'rc=3530 状态码：1078' 'pid 3530 size 1078'
} >"$WORK/scan-in.log"
compare_with_module english-unknown 'lang="en" unknowncodes="on"' --lang en --unknown-codes
compare_with_module keywords 'keywords=["rc", "状态码"]' --keywords 'rc,状态码'
compare_with_module any 'match="any"' --match any

# --- line numbers and standard input
printf 'nothing\nerror code 3530\n' | "$TOOL" -n scan - >"$WORK/n.out"
if [ "$(cut -f1 "$WORK/n.out")" = 2 ]; then
	i2e_pass "--line-numbers numbers the input lines"
else
	i2e_fail "--line-numbers: $(cat "$WORK/n.out")"
fi

# --- check
HEADER=$(printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en')
{ echo "$HEADER"; printf '3599\treplication\tError\tseed\t新\t\t\t\n'; } >"$WORK/good.tsv"
{ echo "$HEADER"; printf '3599\treplication\tWarn\tseed\t新\t\t\t\n'; } >"$WORK/bad.tsv"
if "$TOOL" check "$WORK/good.tsv" >"$WORK/check.out" &&
	[ "$(cat "$WORK/check.out")" = "$WORK/good.tsv: ok, 1 entries" ]; then
	i2e_pass "check accepts a good table file"
else
	i2e_fail "check of a good file: $(cat "$WORK/check.out")"
fi
if "$TOOL" check "$WORK/bad.tsv" 2>"$WORK/check.err"; then
	i2e_fail "check accepted a bad file"
elif [ "$(cat "$WORK/check.err")" = "i2errcode: table file '$WORK/bad.tsv': line 2: column 'level': 'Warn' is not one of Error, Info" ]; then
	i2e_pass "check names file, line and problem of a bad table file"
else
	i2e_fail "check of a bad file: $(cat "$WORK/check.err")"
fi
if "$TOOL" check "$top_srcdir/data/i2-error-codes.tsv" | grep -q ': ok, 108 entries$'; then
	i2e_pass "check accepts the data file"
else
	i2e_fail "check of the data file failed"
fi

# --- progress on a terminal (script gives the tool a terminal)
awk -v n=400000 -f "$top_srcdir/bench/gen-messages.awk" >"$WORK/big.log"
if command -v script >/dev/null; then
	script -qfec "'$TOOL' scan '$WORK/big.log' >'$WORK/big.out'" /dev/null >"$WORK/tty.out" 2>&1
	if grep -a -q "i2errcode: $WORK/big.log: 100% (400000 lines)" "$WORK/tty.out" &&
		[ "$(wc -l <"$WORK/big.out")" -eq 80000 ]; then
		i2e_pass "a large file streams with progress on a terminal"
	else
		i2e_fail "progress: $(tr '\r' '\n' <"$WORK/tty.out" | tail -n 3), $(wc -l <"$WORK/big.out") lines"
	fi
	"$TOOL" scan "$WORK/big.log" 2>"$WORK/notty.err" >/dev/null
	if [ ! -s "$WORK/notty.err" ]; then
		i2e_pass "no progress output without a terminal"
	else
		i2e_fail "progress without a terminal: $(head -c 200 "$WORK/notty.err")"
	fi
fi

i2e_finish
