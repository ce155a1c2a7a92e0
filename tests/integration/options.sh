#!/bin/bash
# options.sh - key, keywords, match, lang, unknowncodes, syslogseverity and
# setseverity in a real rsyslogd.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# run_case NAME ACTION_PARAMS EXPECTED_FILE INPUT_LINES...: one rsyslogd run
# with the module configured by ACTION_PARAMS, output in the "fields" format.
run_case() {
	local name=$1 params=$2 expected=$3
	shift 3
	i2e_start "
	action(type=\"mmi2errcode\" $params)
	action(type=\"omfile\" file=\"$WORK/out-$name.log\" template=\"fields\")"
	i2e_frame "$@" >"$WORK/in-$name.log"
	i2e_send "$WORK/in-$name.log"
	i2e_wait_lines "$WORK/out-$name.log" "$#"
	i2e_stop
	i2e_compare "$expected" "$WORK/out-$name.log" "$name"
}

# --- key: $rawmsg, and JSON fields set by mmjsonparse
cat >"$WORK/exp-rawmsg.log" <<'EOF2'
 hello|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }
EOF2
# the tag holds the code, the text does not: only $rawmsg sees it
i2e_start "
	action(type=\"mmi2errcode\" key=\"\$rawmsg\")
	action(type=\"omfile\" file=\"$WORK/out-rawmsg.log\" template=\"fields\")"
printf '<11>Dec  3 10:00:00 host errcode=3530: hello\n' >"$WORK/in-rawmsg.log"
i2e_send "$WORK/in-rawmsg.log"
i2e_wait_lines "$WORK/out-rawmsg.log" 1
i2e_stop
i2e_compare "$WORK/exp-rawmsg.log" "$WORK/out-rawmsg.log" "key=\$rawmsg scans the raw message"

cat >"$WORK/exp-json.log" <<'EOF2'
{"code":1078}|{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "无法连接灾备机" }
{"code":"1073"}|{ "code": 1073, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "虚机不存在" }
{"code":" 3555 "}|{ "code": 3555, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "复制文件错误", "remedy": "检查灾备文件系统或者磁盘是否满" }
{"code":"failed, error code 3530"}|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }
{"code":{"nested":3530}}|
{"code":[3530]}|
{"code":3530.0}|
{"code":9999}|
{"code":"3530 3555"}|
{"other":3530}|
EOF2
# json_case NAME KEY WHAT: parses JSON messages with mmjsonparse and scans
# KEY; the inputs are the left sides of $WORK/exp-NAME.log, the expected
# outputs the whole lines.
json_case() {
	local name=$1 key=$2 what=$3
	i2e_start "
	action(type=\"mmjsonparse\" cookie=\"\")
	action(type=\"mmi2errcode\" key=\"$key\")
	action(type=\"omfile\" file=\"$WORK/out-$name.log\" template=\"fields\")" \
		'module(load="mmjsonparse")'
	sed 's/|.*//' "$WORK/exp-$name.log" | while IFS= read -r line; do
		printf '<11>Dec  3 10:00:00 host i2test:%s\n' "$line"
	done >"$WORK/in-$name.log"
	i2e_send "$WORK/in-$name.log"
	i2e_wait_lines "$WORK/out-$name.log" "$(wc -l <"$WORK/exp-$name.log")"
	i2e_stop
	sed -i 's/^ //' "$WORK/out-$name.log"
	i2e_compare "$WORK/exp-$name.log" "$WORK/out-$name.log" "$what"
}
json_case json '$!code' \
	"key=\$!code: numbers and number strings looked up directly, other types skipped"

cat >"$WORK/exp-nested.log" <<'EOF2'
{"payload":{"error":"1075"}}|{ "code": 1075, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "删除快照失败" }
{"payload":{}}|
EOF2
json_case nested '$!payload!error' "key=\$!payload!error: a nested JSON path"

# --- keywords and match
cat >"$WORK/exp-keywords.log" <<'EOF2'
 job done rc=3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }
 状态码：1078|{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "无法连接灾备机" }
 error code 3530|
EOF2
run_case keywords 'keywords=["rc", "状态码"]' "$WORK/exp-keywords.log" \
	'job done rc=3530' '状态码：1078' 'error code 3530'

cat >"$WORK/exp-any.log" <<'EOF2'
 job 3530 on port 1078|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像", "codes": [ 3530, 1078 ] }
 size 35300 v3530 1.3530|
EOF2
run_case any 'match="any"' "$WORK/exp-any.log" 'job 3530 on port 1078' 'size 35300 v3530 1.3530'

# --- lang
cat >"$WORK/exp-en.log" <<'EOF2'
 error code: 3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "File checksum error", "remedy": "Files are out of sync; try mirroring again" }
 ErrorCode 1078|{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "Unable to connect to backup host" }
 error code: 3551|{ "code": 3551, "family": "replication", "severity": "Info", "syslogseverity": 6, "description": "Failed to delete snapshot" }
EOF2
run_case en 'lang="en"' "$WORK/exp-en.log" 'error code: 3530' 'ErrorCode 1078' 'error code: 3551'

# --- unknown codes
cat >"$WORK/exp-unknown-off.log" <<'EOF2'
 code 3521|
 code 3521 then code 3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }
EOF2
run_case unknown-off '' "$WORK/exp-unknown-off.log" 'code 3521' 'code 3521 then code 3530'
cat >"$WORK/exp-unknown-on.log" <<'EOF2'
 code 3521|{ "code": 3521, "family": "replication", "known": false }
 errorCode 1029|{ "code": 1029, "family": "vp", "known": false }
 code 3521 then code 3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像", "known": true, "codes": [ 3521, 3530 ] }
 code 9999|
EOF2
run_case unknown-on 'unknowncodes="on"' "$WORK/exp-unknown-on.log" \
	'code 3521' 'errorCode 1029' 'code 3521 then code 3530' 'code 9999'

# --- setseverity: existing severity filters pick the messages up
i2e_start "
	action(type=\"mmi2errcode\" setseverity=\"on\")
	if prifilt(\"*.err\") then action(type=\"omfile\" file=\"$WORK/err.log\" template=\"sev\")
	if prifilt(\"*.=info\") then action(type=\"omfile\" file=\"$WORK/info.log\" template=\"sev\")" \
	'template(name="sev" type="string" string="%syslogfacility-text%.%syslogseverity-text% %msg%\n")'
printf '%s\n' '<14>Dec  3 10:00:00 host i2test: info-level line with error code 3530' \
	'<11>Dec  3 10:00:00 host i2test: error-level line with error code 3519' \
	'<134>Dec  3 10:00:00 host i2test: local0 line with code 1078' \
	'<14>Dec  3 10:00:00 host i2test: no code, severity stays' >"$WORK/in-sev.log"
i2e_send "$WORK/in-sev.log"
i2e_wait_lines "$WORK/err.log" 2
i2e_wait_lines "$WORK/info.log" 2
i2e_stop
printf '%s\n' 'user.err  info-level line with error code 3530' 'local0.err  local0 line with code 1078' >"$WORK/exp-err.log"
printf '%s\n' 'user.info  error-level line with error code 3519' 'user.info  no code, severity stays' >"$WORK/exp-info.log"
i2e_compare "$WORK/exp-err.log" "$WORK/err.log" "setseverity=on routes Error codes to *.err"
i2e_compare "$WORK/exp-info.log" "$WORK/info.log" "setseverity=on routes Info codes to *.info"

i2e_finish
