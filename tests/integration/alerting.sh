#!/bin/bash
# alerting.sh - the contrib configurations in a real rsyslogd: alerting.conf
# routes Error messages to their own file and to the rate-limited alert script
# i2e-alert.sh; templates.conf writes valid JSON (ECS and plain) for every
# message.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# The contrib files are used as they are: templates.conf is included from the
# source tree, alerting.conf is copied with its site settings (paths, limits)
# replaced, and i2e-alert.sh is copied only to be executable.  The JSON is
# checked with python3 (/usr/bin/python3) or, where that is missing, jq;
# I2E_JSON_CHECKER=jq forces jq.
. "$(dirname "$0")/harness.sh"

ALERT_MAX=3
ALERT_INTERVAL=2

# --- the JSON checker ---------------------------------------------------------
# check_json MODE FILE: checks that every line of FILE is one JSON object and
# prints one summary line per object, the same with either tool:
#   ecs:    error.code|event.severity|log.level|labels.family|error.* keys|base|message
#   plain:  i2err|i2err.code|i2err.syslogseverity|i2err.family|remedy|codes|keys|msg
#   errors: code|severity|family|msg
# A value prints as n:NUMBER, s:STRING, null, or - when the key is absent;
# "base" says that the fields every ECS document has are there.
if [ "${I2E_JSON_CHECKER:-}" != jq ] && [ -x /usr/bin/python3 ]; then
	checker=python3
elif command -v jq >/dev/null 2>&1; then
	checker=jq
else
	i2e_fail "neither /usr/bin/python3 nor jq is installed; one of them is needed to check the JSON output (apt-get install python3)"
	i2e_finish
	exit 1
fi

cat >"$WORK/check.py" <<'PY'
import json, sys

mode, path = sys.argv[1], sys.argv[2]

def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key in %r" % keys)
    return dict(pairs)

def t(v):
    if v is None:
        return "null"
    if type(v) in (int, float):
        return "n:%s" % v
    if type(v) is str:
        return "s:" + v
    return "other:" + json.dumps(v)

def g(o, k):
    return t(o[k]) if k in o else "-"

out = []
with open(path, encoding="utf-8", errors="strict") as f:
    for no, line in enumerate(f, 1):
        try:
            o = json.loads(line, object_pairs_hook=no_duplicates)
        except ValueError as e:
            sys.exit("%s:%d: not valid JSON (%s): %s" % (path, no, e, line[:200]))
        if type(o) is not dict:
            sys.exit("%s:%d: not a JSON object: %s" % (path, no, line[:200]))
        if mode == "ecs":
            err = sorted(k for k in o if k.startswith("error."))
            base = all(k in o for k in ("@timestamp", "host.name", "log.syslog.appname",
                                        "log.syslog.severity.code", "message"))
            out.append("|".join([g(o, "error.code"), g(o, "event.severity"), g(o, "log.level"),
                                 g(o, "labels.family"), ",".join(err) or "-",
                                 "base" if base else "NOBASE", str(o.get("message"))]))
        elif mode == "plain":
            if "i2err" not in o:
                i = {}
                has = "-"
            elif type(o["i2err"]) is dict:
                i = o["i2err"]
                has = "obj"
            else:
                i = {}
                has = "BAD"
            codes = ",".join(str(c) for c in i["codes"]) if "codes" in i else "-"
            out.append("|".join([has, g(i, "code"), g(i, "syslogseverity"), g(i, "family"),
                                 "y" if "remedy" in i else "n", codes, ",".join(sorted(o)),
                                 str(o.get("msg"))]))
        else:
            out.append("|".join([g(o, "code"), g(o, "severity"), g(o, "family"), str(o.get("msg"))]))
sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8") if out else b"")
PY

JQ_COMMON='
def t: if . == null then "null" elif type == "number" then "n:\(.)"
	elif type == "string" then "s:\(.)" else "other:\(tojson)" end;
def g($k): if has($k) then (.[$k] | t) else "-" end;
fromjson | if type != "object" then error("not a JSON object") else . end |'
JQ_ECS="$JQ_COMMON"'
[ g("error.code"), g("event.severity"), g("log.level"), g("labels.family"),
  ([keys[] | select(startswith("error."))] | if length == 0 then "-" else join(",") end),
  (if has("@timestamp") and has("host.name") and has("log.syslog.appname")
      and has("log.syslog.severity.code") and has("message") then "base" else "NOBASE" end),
  (.message | tostring) ] | join("|")'
JQ_PLAIN="$JQ_COMMON"'
(if has("i2err") then (if (.i2err | type) == "object" then "obj" else "BAD" end) else "-" end) as $has |
(if $has == "obj" then .i2err else {} end) as $i |
[ $has, ($i | g("code")), ($i | g("syslogseverity")), ($i | g("family")),
  (if $i | has("remedy") then "y" else "n" end),
  (if $i | has("codes") then ($i.codes | map(tostring) | join(",")) else "-" end),
  (keys | join(",")), (.msg | tostring) ] | join("|")'
JQ_ERRORS="$JQ_COMMON"'
[ g("code"), g("severity"), g("family"), (.msg | tostring) ] | join("|")'

check_json() {
	case $checker in
	python3) /usr/bin/python3 "$WORK/check.py" "$1" "$2" ;;
	jq)
		case $1 in
		ecs) jq -R -r "$JQ_ECS" "$2" ;;
		plain) jq -R -r "$JQ_PLAIN" "$2" ;;
		errors) jq -R -r "$JQ_ERRORS" "$2" ;;
		esac
		;;
	esac
}

# --- the configuration --------------------------------------------------------
# alerting.conf with its site settings pointed into $WORK; a setting that is
# no longer in the file fails the test rather than going unnoticed.
conf=$(cat "$top_srcdir/contrib/alerting/alerting.conf")
subst() {	# FROM TO
	if [[ $conf != *"$1"* ]]; then
		i2e_fail "contrib/alerting/alerting.conf no longer contains '$1'"
		i2e_finish
		exit 1
	fi
	conf=${conf//"$1"/"$2"}
}
subst /usr/local/libexec/mmi2errcode/i2e-alert.sh "$WORK/i2e-alert.sh"
subst /var/log/info2soft/ "$WORK/"
subst ALERT_MAX=5 "ALERT_MAX=$ALERT_MAX"
subst ALERT_INTERVAL=300 "ALERT_INTERVAL=$ALERT_INTERVAL"
printf '%s\n' "$conf" >"$WORK/alerting.conf"
# Every file the configuration writes or runs must now lie in $WORK.
outside=$(grep -v '^[[:space:]]*#' "$WORK/alerting.conf" |
	grep -o -E '(file|binary|output)="[^"]*"' | grep -v -F "=\"$WORK/" || true)
if [ -n "$outside" ]; then
	i2e_fail "alerting.conf has settings this test does not replace: $outside"
	i2e_finish
	exit 1
fi
install -m 755 "$top_srcdir/contrib/alerting/i2e-alert.sh" "$WORK/i2e-alert.sh"

# A site table entry whose texts hold quotes, braces, backslashes and slashes:
# they must survive every template and the alert script.
{
	printf 'code\tfamily\tlevel\tlevel_source\tdescription_zh\tremedy_zh\tdescription_en\tremedy_en\n'
	printf '3599\treplication\tError\tseed\t%s\t%s\t\t\n' \
		'站点错误 "引号" {括号} \反斜杠\ /斜杠' '重试 {"a": [1]}'
} >"$WORK/site.tsv"

# $!note looks like the container inside a string; i2e_json must not take it
# for the container (nor write it: other variables are not part of i2e_json).
BODY='
	set $!note = "x \"i2err\": {\"code\": 1} y";
	action(type="mmi2errcode" tablefile="'"$WORK"'/site.tsv")
	call i2e_alerting
	action(type="omfile" file="'"$WORK"'/ecs.json" template="i2e_ecs")
	action(type="omfile" file="'"$WORK"'/plain.json" template="i2e_json")'
PREAMBLE='include(file="'"$WORK"'/alerting.conf")
include(file="'"$top_srcdir"'/contrib/templates/templates.conf")'

i2e_config "$BODY" "$PREAMBLE"
if i2e_rsyslogd -N1 -f "$WORK/rsyslog.conf" >"$WORK/n1.out" 2>&1 &&
	! grep -v -e 'config validation run' "$WORK/n1.out" | grep -q .; then
	i2e_pass "the configuration with both contrib files validates without messages"
else
	i2e_fail "rsyslogd -N1 on the configuration:"
	cat "$WORK/n1.out" >&2
fi

# --- the messages ---------------------------------------------------------------
# One row per message: code, syslog severity, family, remedy (y/n), codes
# (- for one code), text.  A message without a code has "-" everywhere.
codes=() sevs=() fams=() rems=() multi=() texts=()
m() {
	codes+=("$1") sevs+=("$2") fams+=("$3") rems+=("$4") multi+=("$5") texts+=("$6")
}
# phase 1: ALERT_MAX=3 alerts per code, so the fourth to seventh 3530 are held
m 3530 3 replication y - 'rule r7 sync failed, error code: 3530'
m 1073 3 vp n - 'ErrorCode 1073 on VM web01'
m 1024 6 vp n - 'errcode=1024 snapshot done'
m - - - - - 'nothing here at all, port 3530'
m 3555 3 replication y - '复制失败，错误码：3555'
m 3530 3 replication y - 'path "C:\data\x" said "error code: 3530" \\ done'
m - - - - - 'no code: "quoted" \back\slash\ 中文 {"json": true} \u0041'
m 3551 6 replication n - 'code 3551 said "半完成" \ ok'
m 3545 3 replication n 3545,1073 'codes: error_code=3545 then code 1073'
m - - - - - 'code 3521 is not in the table'
m 3599 3 replication y - 'site code 3599 with odd table text'
for i in 1 2 3 4 5; do
	m 3530 3 replication y - "burst $i error code: 3530"
done
m 1073 3 vp n - 'ErrorCode 1073 again'
phase1=${#texts[@]}
# phase 2, after the window: 3530 again (reports the four held back), four
# 1078 (the fourth is held and reported when the script stops), an Info
# code, and 1075 last, whose alert shows that the script has read the rest.
m 3530 3 replication y - 'error code: 3530 after the window'
for i in 1 2 3 4; do
	m 1078 3 vp n - "ErrorCode 1078 try $i"
done
m 1024 6 vp n - 'errcode=1024 after the window'
m 1075 3 vp n - 'ErrorCode 1075 final'
total=${#texts[@]}

n_errors() {	# FROM TO: how many rows in [FROM, TO) are Error messages
	local i n=0
	for ((i = $1; i < $2; i++)); do
		[ "${sevs[i]}" = 3 ] && n=$((n + 1))
	done
	echo "$n"
}

i2e_start "$BODY" "$PREAMBLE"

i2e_frame "${texts[@]:0:phase1}" >"$WORK/in1.log"
i2e_send "$WORK/in1.log"
# 3530: 3 of 7; 1073: 2; 3555, 3545, 3599: 1 each
i2e_wait_lines "$WORK/alerts.log" 8 10
i2e_wait_lines "$WORK/errors.json" "$(n_errors 0 "$phase1")" 10
i2e_wait_lines "$WORK/ecs.json" "$phase1" 10
i2e_wait_lines "$WORK/plain.json" "$phase1" 10

# The 3530 window opened before the first alert was written; once it has
# ended, the next 3530 alert reports the held messages.
sleep "$ALERT_INTERVAL.5"
i2e_frame "${texts[@]:phase1}" >"$WORK/in2.log"
i2e_send "$WORK/in2.log"
i2e_wait_lines "$WORK/alerts.log" 13 10
i2e_wait_lines "$WORK/errors.json" "$(n_errors 0 "$total")" 10
i2e_wait_lines "$WORK/ecs.json" "$total" 10
i2e_wait_lines "$WORK/plain.json" "$total" 10
i2e_stop

# --- the Error file -------------------------------------------------------------
for ((i = 0; i < total; i++)); do
	[ "${sevs[i]}" = 3 ] && printf 'n:%s|s:Error|s:%s| %s\n' "${codes[i]}" "${fams[i]}" "${texts[i]}"
done >"$WORK/expected-errors.txt"
if check_json errors "$WORK/errors.json" >"$WORK/errors.txt"; then
	i2e_compare "$WORK/expected-errors.txt" "$WORK/errors.txt" \
		"the Error file holds exactly the Error messages, as valid JSON ($checker)"
else
	i2e_fail "the Error file is not valid JSON lines"
fi

# --- the alerts -----------------------------------------------------------------
# Without their first field (the time the message reports, or for the last
# line the time the script stopped).
cat >"$WORK/expected-alerts.txt" <<'EXPECTED'
host i2test: Error 3530 (replication) 文件Checksum错误 | remedy: 文件不同步，尝试重新镜像 | msg: rule r7 sync failed, error code: 3530
host i2test: Error 1073 (vp) 虚机不存在 | msg: ErrorCode 1073 on VM web01
host i2test: Error 3555 (replication) 复制文件错误 | remedy: 检查灾备文件系统或者磁盘是否满 | msg: 复制失败，错误码：3555
host i2test: Error 3530 (replication) 文件Checksum错误 | remedy: 文件不同步，尝试重新镜像 | msg: path "C:\data\x" said "error code: 3530" \\ done
host i2test: Error 3545 (replication) 写消息分片内容不正确 | codes: 3545,1073 | msg: codes: error_code=3545 then code 1073
host i2test: Error 3599 (replication) 站点错误 "引号" {括号} \反斜杠\ /斜杠 | remedy: 重试 {"a": [1]} | msg: site code 3599 with odd table text
host i2test: Error 3530 (replication) 文件Checksum错误 | remedy: 文件不同步，尝试重新镜像 | msg: burst 1 error code: 3530
host i2test: Error 1073 (vp) 虚机不存在 | msg: ErrorCode 1073 again
host i2test: Error 3530 (replication) 文件Checksum错误 | remedy: 文件不同步，尝试重新镜像 | msg: error code: 3530 after the window | 4 more suppressed
host i2test: Error 1078 (vp) 无法连接灾备机 | msg: ErrorCode 1078 try 1
host i2test: Error 1078 (vp) 无法连接灾备机 | msg: ErrorCode 1078 try 2
host i2test: Error 1078 (vp) 无法连接灾备机 | msg: ErrorCode 1078 try 3
host i2test: Error 1075 (vp) 删除快照失败 | msg: ErrorCode 1075 final
i2e-alert: code 1078: 1 more suppressed, no alert followed before the alert script stopped
EXPECTED
sed 's/^[^ ]* //' "$WORK/alerts.log" >"$WORK/alerts.txt"
i2e_compare "$WORK/expected-alerts.txt" "$WORK/alerts.txt" \
	"alerts: $ALERT_MAX per code and window, held messages reported in the next alert and at the end"
if grep -q -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[-+][0-9]{2}:[0-9]{2} ' "$WORK/alerts.log" &&
	! grep -q -v -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}[-+][0-9]{2}:[0-9]{2} ' "$WORK/alerts.log"; then
	i2e_pass "every alert starts with an RFC 3339 time"
else
	i2e_fail "alerts without an RFC 3339 time in front"
fi
if [ -s "$WORK/i2e-alert.out" ]; then
	i2e_fail "the alert script complained:"
	cat "$WORK/i2e-alert.out" >&2
else
	i2e_pass "the alert script wrote nothing to its output file"
fi

# --- the templates ---------------------------------------------------------------
for ((i = 0; i < total; i++)); do
	if [ "${codes[i]}" = - ]; then
		printf -- '-|-|-|-|-|base| %s\n' "${texts[i]}"
	else
		level=info
		[ "${sevs[i]}" = 3 ] && level=error
		err=error.code,error.message
		[ "${rems[i]}" = y ] && err=$err,error.remedy
		printf 'n:%s|n:%s|s:%s|s:%s|%s|base| %s\n' "${codes[i]}" "${sevs[i]}" \
			"$level" "${fams[i]}" "$err" "${texts[i]}"
	fi
done >"$WORK/expected-ecs.txt"
if check_json ecs "$WORK/ecs.json" >"$WORK/ecs.txt"; then
	i2e_compare "$WORK/expected-ecs.txt" "$WORK/ecs.txt" \
		"i2e_ecs: valid JSON, numeric error.code and event.severity, no error.* without a code ($checker)"
else
	i2e_fail "i2e_ecs wrote invalid JSON"
fi

for ((i = 0; i < total; i++)); do
	if [ "${codes[i]}" = - ]; then
		printf -- '-|-|-|-|n|-|app,facility,host,msg,severity,tag,timestamp| %s\n' "${texts[i]}"
	else
		printf 'obj|n:%s|n:%s|s:%s|%s|%s|app,facility,host,i2err,msg,severity,tag,timestamp| %s\n' \
			"${codes[i]}" "${sevs[i]}" "${fams[i]}" "${rems[i]}" "${multi[i]}" "${texts[i]}"
	fi
done >"$WORK/expected-plain.txt"
if check_json plain "$WORK/plain.json" >"$WORK/plain.txt"; then
	i2e_compare "$WORK/expected-plain.txt" "$WORK/plain.txt" \
		"i2e_json: valid JSON, the whole container under i2err, none without a code ($checker)"
else
	i2e_fail "i2e_json wrote invalid JSON"
fi

# The container in i2e_json is the module's own, byte for byte.
want='"i2err": { "code": 3599, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "站点错误 \"引号\" {括号} \\反斜杠\\ \/斜杠", "remedy": "重试 {\"a\": [1]}" }}'
if grep -qF -- "$want" "$WORK/plain.json"; then
	i2e_pass "i2e_json copies a container with quotes and braces in its texts whole"
else
	i2e_fail "i2e_json: container of 3599 not as expected: $(grep -F 'code": 3599' "$WORK/plain.json")"
fi

# --- the alert script on its own -----------------------------------------------
# ALERT_COMMAND: split at blanks, the alert as last argument and on stdin,
# code and held count in the environment.  Message text is never run or
# globbed, a line that is not JSON is skipped, ALERT_SCOPE=all counts all
# codes together.  The recorder reads its stdin to the end: were that the
# script's own stdin, the later messages would be lost.
cat >"$WORK/recorder.sh" <<'REC'
#!/bin/bash
{
	printf 'args=%d' "$#"
	printf ' [%s]' "$@"
	printf ' code=%s held=%s stdin=' "$I2E_ALERT_CODE" "$I2E_ALERT_SUPPRESSED"
	cat
} >>"${0%/*}/recorded.txt"
REC
chmod +x "$WORK/recorder.sh"
cd "$WORK" || exit 1
{
	printf '%s\n' '{"time":"t1", "host":"h", "app":"a", "code":3530, "family":"replication", "severity":"Error", "description":"d", "msg":" $(touch pwned) `touch pwned2` * ${HOME} \"q\" \\"}'
	printf '%s\n' 'not JSON $(touch pwned3)'
	printf '%s\n' '{"time":"t2", "host":"h", "app":"a", "code":1073, "family":"vp", "severity":"Error", "msg":" second"}'
	printf '%s' '{"time":"t3", "host":"h", "app":"a", "code":1078, "family":"vp", "severity":"Error", "msg":" third, no newline"}'
} | ALERT_COMMAND="$WORK/recorder.sh --flag" ALERT_SCOPE=all ALERT_MAX=2 \
	timeout 10 "$WORK/i2e-alert.sh" 2>"$WORK/script.err"
cd - >/dev/null || exit 1
cat >"$WORK/expected-recorded.txt" <<'EXPECTED'
args=2 [--flag] [t1 h a: Error 3530 (replication) d | msg: $(touch pwned) `touch pwned2` * ${HOME} "q" \] code=3530 held=0 stdin=t1 h a: Error 3530 (replication) d | msg: $(touch pwned) `touch pwned2` * ${HOME} "q" \
args=2 [--flag] [t2 h a: Error 1073 (vp) | msg: second] code=1073 held=0 stdin=t2 h a: Error 1073 (vp) | msg: second
args=2 [--flag] [i2e-alert: all codes: 1 more suppressed, no alert followed before the alert script stopped] code=all held=1 stdin=i2e-alert: all codes: 1 more suppressed, no alert followed before the alert script stopped
EXPECTED
sed 's/\[[^] ]* i2e-alert:/[i2e-alert:/; s/stdin=[^ ]* i2e-alert:/stdin=i2e-alert:/' \
	"$WORK/recorded.txt" >"$WORK/recorded-notime.txt" 2>/dev/null
i2e_compare "$WORK/expected-recorded.txt" "$WORK/recorded-notime.txt" \
	"ALERT_COMMAND gets the alert as argument and on stdin; ALERT_SCOPE=all"
if ls "$WORK"/pwned* >/dev/null 2>&1; then
	i2e_fail "message text was executed"
else
	i2e_pass "message text is never executed"
fi
if grep -q "skipping a line that is not a JSON object: not JSON" "$WORK/script.err"; then
	i2e_pass "a line that is not JSON is skipped and reported"
else
	i2e_fail "no report of the line that is not JSON: $(cat "$WORK/script.err")"
fi

# A failing command and one that hangs are reported; a hanging one is killed
# after ALERT_TIMEOUT and does not hold up the next message.  Bad settings
# fall back to the defaults, with a word on stderr.
line='{"time":"t", "host":"h", "app":"a", "code":3530, "msg":" x"}'
printf '%s\n' "$line" | ALERT_COMMAND=false timeout 10 "$WORK/i2e-alert.sh" 2>"$WORK/false.err"
printf '#!/bin/sh\nexec sleep 30\n' >"$WORK/hang.sh"
chmod +x "$WORK/hang.sh"
start=$SECONDS
printf '%s\n%s\n' "$line" "${line/3530/3555}" |
	ALERT_COMMAND="$WORK/hang.sh" timeout 20 "$WORK/i2e-alert.sh" ALERT_TIMEOUT=1 ALERT_MAX=x \
	2>"$WORK/sleep.err"
took=$((SECONDS - start))
if grep -q 'ALERT_COMMAND failed with status 1 (code 3530)' "$WORK/false.err" &&
	[ "$(grep -c 'ALERT_COMMAND timed out after 1s' "$WORK/sleep.err")" = 2 ] &&
	grep -q "ALERT_MAX='x' is not a positive integer, using 5" "$WORK/sleep.err" &&
	[ "$took" -le 8 ]; then
	i2e_pass "failing and hanging commands and bad settings are reported (${took}s)"
else
	i2e_fail "failing/hanging command or bad setting: $(cat "$WORK/false.err" "$WORK/sleep.err"), ${took}s"
fi

i2e_finish
