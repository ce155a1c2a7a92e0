#!/bin/bash
# basic.sh - the module's default behaviour in a real rsyslogd: the keyword
# forms, the fields, several codes, and messages that must stay untouched.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

i2e_start '
	action(type="mmi2errcode")
	action(type="omfile" file="'"$WORK"'/out.log" template="fields")'

i2e_frame \
	'rule r7 sync failed, error code: 3530' \
	'ErrorCode 1073 on VM web01' \
	'{"code":1078,"msg":"connect"}' \
	'{"errorCode":"1078"}' \
	'复制失败，错误代码 3555' \
	'复制失败，错误码：3555' \
	'ERRORCODE 3570' \
	'errcode=1024' \
	'(code 3545) write failed' \
	'codes: error_code=3530 then code 1073 then errcode:3530' \
	'pid 3530 port 1078 uid=1030 size 3555 bytes' \
	'code 3521 is not in the table' \
	'nothing here at all' \
	>"$WORK/in.log"
i2e_send "$WORK/in.log"
i2e_wait_lines "$WORK/out.log" 13
i2e_stop

cat >"$WORK/expected.log" <<'EXPECTED'
 rule r7 sync failed, error code: 3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像" }
 ErrorCode 1073 on VM web01|{ "code": 1073, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "虚机不存在" }
 {"code":1078,"msg":"connect"}|{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "无法连接灾备机" }
 {"errorCode":"1078"}|{ "code": 1078, "family": "vp", "severity": "Error", "syslogseverity": 3, "description": "无法连接灾备机" }
 复制失败，错误代码 3555|{ "code": 3555, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "复制文件错误", "remedy": "检查灾备文件系统或者磁盘是否满" }
 复制失败，错误码：3555|{ "code": 3555, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "复制文件错误", "remedy": "检查灾备文件系统或者磁盘是否满" }
 ERRORCODE 3570|{ "code": 3570, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "Cdp目录下的cfg文件出错", "remedy": "检查文件系统是否可以访问或者磁盘满；" }
 errcode=1024|{ "code": 1024, "family": "vp", "severity": "Info", "syslogseverity": 6, "description": "操作成功" }
 (code 3545) write failed|{ "code": 3545, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "写消息分片内容不正确" }
 codes: error_code=3530 then code 1073 then errcode:3530|{ "code": 3530, "family": "replication", "severity": "Error", "syslogseverity": 3, "description": "文件Checksum错误", "remedy": "文件不同步，尝试重新镜像", "codes": [ 3530, 1073 ] }
 pid 3530 port 1078 uid=1030 size 3555 bytes|
 code 3521 is not in the table|
 nothing here at all|
EXPECTED
i2e_compare "$WORK/expected.log" "$WORK/out.log" "keyword forms, fields, several codes, untouched messages"

# A message without a code must leave rsyslogd's JSON tree exactly as it was:
# no container, not even an empty one.
i2e_start '
	set $!before = "kept";
	action(type="mmi2errcode")
	action(type="omfile" file="'"$WORK"'/tree.log" template="tree")' \
	'template(name="tree" type="string" string="%$!%\n")'
i2e_frame 'pid 3530 nothing' 'code 3519' >"$WORK/in2.log"
i2e_send "$WORK/in2.log"
i2e_wait_lines "$WORK/tree.log" 2
i2e_stop
printf '%s\n' '{ "before": "kept" }' \
	'{ "before": "kept", "i2err": { "code": 3519, "family": "replication", "severity": "Info", "syslogseverity": 6, "description": "复制规则重新启动", "remedy": "重启系统，或者用户重启规则" } }' \
	>"$WORK/expected2.log"
i2e_compare "$WORK/expected2.log" "$WORK/tree.log" "a message without a code keeps its JSON tree as it was"

# The container parameter moves the fields.
i2e_start '
	action(type="mmi2errcode" container="$!meta!info2soft")
	action(type="omfile" file="'"$WORK"'/container.log" template="tree")' \
	'template(name="tree" type="string" string="%$!%\n")'
i2e_frame 'code 1024' >"$WORK/in3.log"
i2e_send "$WORK/in3.log"
i2e_wait_lines "$WORK/container.log" 1
i2e_stop
echo '{ "meta": { "info2soft": { "code": 1024, "family": "vp", "severity": "Info", "syslogseverity": 6, "description": "操作成功" } } }' >"$WORK/expected3.log"
i2e_compare "$WORK/expected3.log" "$WORK/container.log" "container parameter"

i2e_finish
