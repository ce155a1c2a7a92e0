#!/bin/bash
# i2e-alert.sh - omprog alert script for mmi2errcode: reads one JSON line per
# Error message on stdin, rate-limits per code and delivers alerts.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: i2e-alert.sh [NAME=VALUE ...]
#
# rsyslog's omprog starts the script once and writes each message to its
# stdin as one line, in the format of the template i2e_alert_json of
# alerting.conf (a flat JSON object whose last field is "msg").  The script
# reads line after line until stdin is closed, which is how omprog stops it.
#
# Settings come from the environment or, since omprog cannot set environment
# variables, from NAME=VALUE arguments, which take precedence:
#
#   ALERT_MAX       alerts allowed per window and key (default 5)
#   ALERT_INTERVAL  window length in seconds (default 300)
#   ALERT_SCOPE     "code": one window per code (default); "all": one for all
#   ALERT_COMMAND   program that delivers an alert (default: none, see below)
#   ALERT_LOG       file the alerts are appended to when ALERT_COMMAND is
#                   empty (default /var/log/info2soft/alerts.log)
#   ALERT_TIMEOUT   seconds an ALERT_COMMAND may run before it is killed
#                   (default 10)
#   ALERT_MSG_MAX   bytes of message text and of each other text field kept
#                   in an alert (default 1000)
#
# Rate limit: the first message of a key (its code, or everything with
# ALERT_SCOPE=all) opens a window of ALERT_INTERVAL seconds; within it at most
# ALERT_MAX alerts are delivered and further messages are only counted.  The
# first message after the window has ended opens a new one, and its alert
# ends in "| N more suppressed" with the count of the messages held back
# since the previous alert of that key.  When stdin closes, every key with
# messages still held back gets one last alert that reports them.  The state
# lives in this process: a restarted script starts with empty windows.
#
# Alert text, one line:
#   TIME HOST APP: Error CODE (FAMILY) DESCRIPTION | remedy: REMEDY
#   | codes: C1,C2 | msg: MESSAGE | N more suppressed
# (remedy, codes and the suppressed count only where there are some).  The
# JSON escapes \" \\ \/ are undone; other escapes such as \n or \u0001 stay
# as they are, so that an alert is always exactly one line.
#
# Delivery: without ALERT_COMMAND the line is appended to ALERT_LOG.  With
# it, ALERT_COMMAND is split at blanks into a program and its arguments (no
# shell, no globbing; it is a setting, never message content), and run once
# per alert with the alert text as its last argument and on its stdin, and
# with I2E_ALERT_CODE and I2E_ALERT_SUPPRESSED in its environment.  Its
# output goes to this script's stderr (omprog's output= file).  A command
# that fails or times out is reported there; the alert is not repeated.
#
# The script keeps reading: only a delivery holds it up, for at most
# ALERT_TIMEOUT seconds (and 2 more should the command ignore SIGTERM), and
# rsyslog's action queue absorbs that.  The delivery command's stdin is the
# alert, never the script's own stdin.  No message text goes through a shell
# or through globbing: fields are cut out with bash pattern matching and kept
# in quoted variables, and codes are checked to be numbers before they are
# used as keys.

set -u

# Work on bytes whatever locale rsyslogd passes on; the ALERT_COMMAND gets the
# original LC_ALL back.
orig_lc_all=${LC_ALL-}
orig_lc_all_set=${LC_ALL+set}
unset LC_ALL
LC_ALL=C

ALERT_MAX=${ALERT_MAX:-5}
ALERT_INTERVAL=${ALERT_INTERVAL:-300}
ALERT_SCOPE=${ALERT_SCOPE:-code}
ALERT_COMMAND=${ALERT_COMMAND:-}
ALERT_LOG=${ALERT_LOG:-/var/log/info2soft/alerts.log}
ALERT_TIMEOUT=${ALERT_TIMEOUT:-10}
ALERT_MSG_MAX=${ALERT_MSG_MAX:-1000}

say() {
	printf 'i2e-alert: %s\n' "$*" >&2
}

for arg in "$@"; do
	case $arg in
	ALERT_MAX=*) ALERT_MAX=${arg#*=} ;;
	ALERT_INTERVAL=*) ALERT_INTERVAL=${arg#*=} ;;
	ALERT_SCOPE=*) ALERT_SCOPE=${arg#*=} ;;
	ALERT_COMMAND=*) ALERT_COMMAND=${arg#*=} ;;
	ALERT_LOG=*) ALERT_LOG=${arg#*=} ;;
	ALERT_TIMEOUT=*) ALERT_TIMEOUT=${arg#*=} ;;
	ALERT_MSG_MAX=*) ALERT_MSG_MAX=${arg#*=} ;;
	*) say "ignoring unknown argument '$arg'" ;;
	esac
done

# check_number NAME DEFAULT: a setting must be a positive integer of at most
# nine digits; anything else is reported and replaced by the default.
check_number() {
	local -n value=$1
	if ! [[ $value =~ ^[1-9][0-9]{0,8}$ ]]; then
		say "$1='$value' is not a positive integer, using $2"
		value=$2
	fi
}
check_number ALERT_MAX 5
check_number ALERT_INTERVAL 300
check_number ALERT_TIMEOUT 10
check_number ALERT_MSG_MAX 1000
case $ALERT_SCOPE in
code | all) ;;
*)
	say "ALERT_SCOPE='$ALERT_SCOPE' is neither 'code' nor 'all', using code"
	ALERT_SCOPE=code
	;;
esac
alert_cmd=()
read -r -a alert_cmd <<<"$ALERT_COMMAND"

interval_us=$((ALERT_INTERVAL * 1000000))

# now_us: sets now to the current time in microseconds.
now_us() {
	if [[ -n ${EPOCHREALTIME-} ]]; then
		now=${EPOCHREALTIME//[!0-9]/}
		now=$((10#$now))
	else
		printf -v now '%(%s)T' -1
		now=$((now * 1000000))
	fi
}

# unescape TEXT: sets text to TEXT with the JSON escapes \" \\ \/ undone and
# cut to ALERT_MSG_MAX bytes (never inside a UTF-8 character).
unescape() {
	local s=$1 out='' c cut=''
	if ((${#s} > ALERT_MSG_MAX)); then
		s=${s:0:ALERT_MSG_MAX}
		cut=" [...]"
		trim_utf8 "$s"
		s=$text
	fi
	while [[ $s == *\\* ]]; do
		out+=${s%%\\*}
		s=${s#*\\}
		c=${s:0:1}
		s=${s:1}
		case $c in
		'"' | \\ | /) out+=$c ;;
		*) out+="\\$c" ;;
		esac
	done
	text=$out$s$cut
}

# trim_utf8 BYTES: sets text to BYTES without a UTF-8 character that was cut
# off at the end.
trim_utf8() {
	local s=$1 i b need
	text=$s
	for i in 1 2 3 4; do
		((${#s} >= i)) || return
		b=${s: -i:1}
		case $b in
		[$'\x80'-$'\xbf']) continue ;;	# continuation byte: look further back
		[$'\xc0'-$'\xdf']) need=2 ;;
		[$'\xe0'-$'\xef']) need=3 ;;
		[$'\xf0'-$'\xf7']) need=4 ;;
		*) return ;;			# ASCII or invalid: nothing to trim
		esac
		((i < need)) && text=${s:0:${#s}-i}
		return
	done
}

# field HEAD NAME: sets raw to the JSON string value (still escaped) or
# number of NAME in HEAD; returns 1 when HEAD has no such field.
field() {
	local re_str='[{,][[:space:]]*"'$2'":[[:space:]]*"(([^"\\]|\\.)*)"'
	local re_num='[{,][[:space:]]*"'$2'":[[:space:]]*(-?[0-9]+)'
	if [[ $1 =~ $re_str ]] || [[ $1 =~ $re_num ]]; then
		raw=${BASH_REMATCH[1]}
		return 0
	fi
	raw=
	return 1
}

# deliver CODE SUPPRESSED TEXT: hands one alert to ALERT_COMMAND or ALERT_LOG.
deliver() {
	local -a env_args=("I2E_ALERT_CODE=$1" "I2E_ALERT_SUPPRESSED=$2")
	local status
	if ((${#alert_cmd[@]} == 0)); then
		printf '%s\n' "$3" >>"$ALERT_LOG" || say "cannot append to '$ALERT_LOG'"
		return
	fi
	[[ -n $orig_lc_all_set ]] && env_args+=("LC_ALL=$orig_lc_all")
	env "${env_args[@]}" timeout -k 2 "$ALERT_TIMEOUT" "${alert_cmd[@]}" "$3" \
		<<<"$3" >&2
	status=$?
	if ((status == 124 || status == 137)); then
		say "ALERT_COMMAND timed out after ${ALERT_TIMEOUT}s (code $1)"
	elif ((status != 0)); then
		say "ALERT_COMMAND failed with status $status (code $1)"
	fi
}

declare -A win_start=() win_count=() held=()

# handle LINE: one message.
handle() {
	local line=$1 front msg code key n alert time host app severity family
	local description remedy codes raw text

	if [[ $line != '{'*'}' ]]; then
		say "skipping a line that is not a JSON object: ${line:0:80}"
		return
	fi
	# "msg" is the last field: everything after its key is the message, and
	# the other fields are searched for in the part in front of it, which
	# stays short however long the message is.
	if [[ $line == *', "msg":'*'"}' ]]; then
		front=${line%%, \"msg\":*}
		msg=${line#*, \"msg\":}
		msg=${msg#"${msg%%[! ]*}"}
		msg=${msg#\"}
		msg=${msg%\"\}}
	else
		front=$line
		msg=
	fi

	field "$front" code
	code=$raw
	if [[ $code =~ ^[0-9]{1,6}$ ]]; then
		code=$((10#$code))
	else
		code=unknown
	fi
	if [[ $ALERT_SCOPE == all ]]; then
		key=all
	else
		key=$code
	fi

	# the rate limit
	now_us
	if [[ -z ${win_start[$key]+set} ]] ||
		((now - win_start[$key] >= interval_us || now < win_start[$key])); then
		win_start[$key]=$now
		win_count[$key]=0
	fi
	if ((win_count[$key] >= ALERT_MAX)); then
		held[$key]=$((${held[$key]:-0} + 1))
		return
	fi
	win_count[$key]=$((win_count[$key] + 1))
	n=${held[$key]:-0}
	held[$key]=0

	# the alert text
	field "$front" time; unescape "$raw"; time=$text
	field "$front" host; unescape "$raw"; host=$text
	field "$front" app; unescape "$raw"; app=$text
	field "$front" severity; unescape "$raw"; severity=${text:-Error}
	field "$front" family; unescape "$raw"; family=$text
	field "$front" description; unescape "$raw"; description=$text
	field "$front" remedy; unescape "$raw"; remedy=$text
	codes=
	if [[ $front =~ \"codes\":[[:space:]]*\[([[:space:]0-9,]*)\] ]]; then
		codes=${BASH_REMATCH[1]//[[:space:]]/}
	fi
	unescape "$msg"
	msg=${text# }

	alert="$time $host $app: $severity $code"
	[[ -n $family ]] && alert+=" ($family)"
	[[ -n $description ]] && alert+=" $description"
	[[ -n $remedy ]] && alert+=" | remedy: $remedy"
	[[ -n $codes ]] && alert+=" | codes: $codes"
	alert+=" | msg: $msg"
	((n > 0)) && alert+=" | $n more suppressed"
	deliver "$code" "$n" "$alert"
}

while IFS= read -r line || [[ -n $line ]]; do
	[[ -n $line ]] && handle "$line"
	line=
done

# stdin closed: report what is still held back, one alert per key.
mapfile -t keys < <(printf '%s\n' "${!held[@]}" | sort)
for key in "${keys[@]}"; do
	[[ -n $key ]] || continue
	n=${held[$key]}
	((n > 0)) || continue
	printf -v time '%(%Y-%m-%dT%H:%M:%S%z)T' -1
	time=${time:0:${#time}-2}:${time:${#time}-2}
	if [[ $key == all ]]; then
		label="all codes"
	else
		label="code $key"
	fi
	alert="$time i2e-alert: $label: $n more suppressed,"
	alert+=" no alert followed before the alert script stopped"
	deliver "$key" "$n" "$alert"
done
exit 0
