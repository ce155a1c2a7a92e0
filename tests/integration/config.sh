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
	"$RSYSLOGD" -N1 -f "$WORK/rsyslog.conf" >"$WORK/n1.out" 2>&1
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

i2e_finish
