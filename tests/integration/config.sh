#!/bin/bash
# config.sh - rsyslogd -N1 accepts configurations that use the module and
# rejects bad parameters with a clear message.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

# check_config NAME EXPECTED_RC EXPECTED_TEXT ACTION: validates a config whose
# ruleset holds ACTION; the output must contain EXPECTED_TEXT (a fixed string).
check_config() {
	local name=$1 want_rc=$2 want_text=$3 rc
	i2e_config "$4"
	i2e_rsyslogd -N1 -f "$WORK/rsyslog.conf" >"$WORK/n1.out" 2>&1
	rc=$?
	if [ "$want_rc" = 0 ] && [ "$rc" -ne 0 ]; then
		i2e_fail "$name: rsyslogd -N1 exited $rc, expected success"
		cat "$WORK/n1.out" >&2
	elif [ "$want_rc" != 0 ] && [ "$rc" -eq 0 ]; then
		i2e_fail "$name: rsyslogd -N1 accepted the configuration"
		cat "$WORK/n1.out" >&2
	elif [ -n "$want_text" ] && ! grep -qF -- "$want_text" "$WORK/n1.out"; then
		i2e_fail "$name: output lacks: $want_text"
		cat "$WORK/n1.out" >&2
	else
		i2e_pass "$name"
	fi
}

check_config "default action is accepted" 0 "" 'action(type="mmi2errcode")'
check_config "container with \$! is accepted" 0 "" 'action(type="mmi2errcode" container="$!x!y")'
check_config "container without \$ is accepted" 0 "" 'action(type="mmi2errcode" container="!x")'
check_config "local variable container is accepted" 0 "" 'action(type="mmi2errcode" container="$.x")'
check_config "unknown parameter is rejected" 1 \
	"parameter 'colour' not known -- typo in config file?" \
	'action(type="mmi2errcode" colour="red")'
check_config "bad container is rejected" 1 \
	"mmi2errcode: invalid container name 'i2err', name must start with either '\$!', '\$.', or '\$/'" \
	'action(type="mmi2errcode" container="i2err")'
check_config "every option together is accepted" 0 "" \
	'action(type="mmi2errcode" container="$!e" key="$!payload!error" keywords=["rc", "状态码"]
	        match="keyword" lang="en" unknowncodes="on" setseverity="on")'
check_config "key \$rawmsg is accepted" 0 "" 'action(type="mmi2errcode" key="$rawmsg")'
check_config "key msg is accepted" 0 "" 'action(type="mmi2errcode" key="msg")'
check_config "key \$hostname is accepted" 0 "" 'action(type="mmi2errcode" key="$hostname")'
check_config "unknown key is rejected" 1 \
	"mmi2errcode: invalid value 'bogus' for parameter 'key', accepted are message properties such as 'msg' or '\$rawmsg' and JSON paths such as '\$!code'" \
	'action(type="mmi2errcode" key="bogus")'
check_config "unknown match is rejected" 1 \
	"mmi2errcode: invalid value 'all' for parameter 'match', accepted values are 'keyword' and 'any'" \
	'action(type="mmi2errcode" match="all")'
check_config "unknown lang is rejected" 1 \
	"mmi2errcode: invalid value 'fr' for parameter 'lang', accepted values are 'zh' and 'en'" \
	'action(type="mmi2errcode" lang="fr")'
check_config "bad unknowncodes is rejected" 1 \
	"mmi2errcode: invalid value 'yes' for parameter 'unknowncodes', accepted values are 'on' and 'off'" \
	'action(type="mmi2errcode" unknowncodes="yes")'
check_config "bad setseverity is rejected" 1 \
	"mmi2errcode: invalid value '1' for parameter 'setseverity', accepted values are 'on' and 'off'" \
	'action(type="mmi2errcode" setseverity="1")'
check_config "reusefields off is accepted" 0 "" 'action(type="mmi2errcode" reusefields="off")'
check_config "bad reusefields is rejected" 1 \
	"mmi2errcode: invalid value 'never' for parameter 'reusefields', accepted values are 'on' and 'off'" \
	'action(type="mmi2errcode" reusefields="never")'
check_config "a keyword ending in a digit is rejected" 1 \
	"mmi2errcode: invalid value in parameter 'keywords': keyword 'rc1' ends with a digit; accepted are 1 to 32 bytes of UTF-8 text that neither starts with a blank nor ends with a digit or separator" \
	'action(type="mmi2errcode" keywords=["rc", "rc1"])'
check_config "keywords with match any is rejected" 1 \
	"mmi2errcode: parameter 'keywords' has no effect with match=\"any\"; remove one of them" \
	'action(type="mmi2errcode" match="any" keywords=["rc"])'
check_config "an array for a word parameter is rejected" 1 \
	"parameter 'lang' is not a string, which is not permitted" \
	'action(type="mmi2errcode" lang=["en"])'

i2e_finish
