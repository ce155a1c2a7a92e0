# harness.sh - start a real rsyslogd with the module from the build tree, feed
# it over TCP, wait for its output.  Sourced by the integration tests.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# A test calls i2e_start with the body of its ruleset (RainerScript; the
# ruleset is named "main" and fed by an imtcp input on a free loopback port),
# then i2e_send, i2e_wait_lines and i2e_stop.  Every file lives in $WORK, a
# fresh directory that is removed when the test passes.

set -u

: "${top_builddir:?run the integration tests through make check}"
: "${top_srcdir:?run the integration tests through make check}"
: "${RSYSLOGD:=rsyslogd}"

MODULE="$top_builddir/plugins/mmi2errcode/.libs/mmi2errcode.so"
FIXTURES="$top_srcdir/tests/fixtures"
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/i2e-$TEST_NAME.XXXXXX")
RSYSLOG_PID=
PORT=
failures=0
passes=0

# With --enable-sanitizers the module is instrumented but rsyslogd is not: the
# sanitizer runtimes are preloaded into rsyslogd, and a report fails the test.
# rsyslogd's own allocations are not ours to judge, so leak checks are off
# for it (valgrind memcheck covers leaks, in memcheck.sh).
I2E_PRELOAD=${I2E_PRELOAD:-}
if [ -n "$I2E_PRELOAD" ]; then
	export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi

# i2e_rsyslogd ARGS...: runs rsyslogd in the foreground, with the sanitizer
# runtimes where needed.  (i2e_start runs it in the background itself, so
# that $! is rsyslogd and not a subshell.)
i2e_rsyslogd() {
	LD_PRELOAD="$I2E_PRELOAD" "$RSYSLOGD" "$@"
}

# The output template of most tests: the message text, a bar, the container.
I2E_TEMPLATE='template(name="fields" type="string" string="%msg%|%$!i2err%\n")'

i2e_cleanup() {
	i2e_stop
	if [ "$failures" -eq 0 ]; then
		[ -n "${I2E_KEEP:-}" ] || rm -rf "$WORK"
	else
		echo "$TEST_NAME: files kept in $WORK" >&2
	fi
}
trap i2e_cleanup EXIT

i2e_fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	failures=$((failures + 1))
}

i2e_pass() {
	echo "ok: $TEST_NAME: $*"
	passes=$((passes + 1))
}

# i2e_config BODY [PREAMBLE]: writes $WORK/rsyslog.conf with the module loaded
# and BODY as the ruleset "main"; PREAMBLE goes before the ruleset.
i2e_config() {
	cat >"$WORK/rsyslog.conf" <<CONF
global(workDirectory="$WORK" maxMessageSize="256k")
module(load="imtcp")
module(load="$MODULE")
${2:-}
$I2E_TEMPLATE
input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="$WORK/port"
      ruleset="main")
ruleset(name="main") {
$1
}
CONF
}

# i2e_start BODY [PREAMBLE]: writes the config and starts rsyslogd in the
# foreground of a background job; returns once it listens.
i2e_start() {
	i2e_config "$@"
	rm -f "$WORK/port"
	LD_PRELOAD="$I2E_PRELOAD" "$RSYSLOGD" -n -C -i "$WORK/rsyslogd.pid" \
		-f "$WORK/rsyslog.conf" >"$WORK/rsyslogd.stdout" 2>&1 &
	RSYSLOG_PID=$!
	for _ in $(seq 1 200); do
		if [ -s "$WORK/port" ]; then
			PORT=$(cat "$WORK/port")
			return 0
		fi
		if ! kill -0 "$RSYSLOG_PID" 2>/dev/null; then
			break
		fi
		sleep 0.05
	done
	echo "FAIL: $TEST_NAME: rsyslogd did not start; its output:" >&2
	cat "$WORK/rsyslogd.stdout" >&2
	RSYSLOG_PID=
	exit 1
}

# i2e_stop: stops rsyslogd and waits for it, so that its output is complete;
# a sanitizer report or a crash in its output fails the test.
i2e_stop() {
	if [ -n "$RSYSLOG_PID" ]; then
		kill -TERM "$RSYSLOG_PID" 2>/dev/null
		wait "$RSYSLOG_PID" 2>/dev/null
		RSYSLOG_PID=
		if grep -q -E 'ERROR: AddressSanitizer|runtime error:|Segmentation fault' \
			"$WORK/rsyslogd.stdout"; then
			i2e_fail "rsyslogd reported a memory or undefined-behaviour error:"
			grep -A 30 -E 'ERROR: AddressSanitizer|runtime error:' "$WORK/rsyslogd.stdout" >&2
		fi
	fi
}

# i2e_send FILE: sends FILE's lines (syslog frames, one per line) over TCP.
i2e_send() {
	cat "$1" >"/dev/tcp/127.0.0.1/$PORT"
}

# i2e_wait_lines FILE N [SECONDS]: waits until FILE has at least N lines.
i2e_wait_lines() {
	local limit=$((${3:-20} * 20))
	for _ in $(seq 1 "$limit"); do
		if [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; then
			return 0
		fi
		sleep 0.05
	done
	i2e_fail "timed out waiting for $2 lines in $1 (have $(wc -l <"$1" 2>/dev/null || echo 0))"
	return 1
}

# i2e_compare EXPECTED ACTUAL WHAT: diffs two files.
i2e_compare() {
	if diff -u "$1" "$2" >"$WORK/diff.out"; then
		i2e_pass "$3"
	else
		i2e_fail "$3"
		head -n 40 "$WORK/diff.out" >&2
	fi
}

# i2e_frame TEXT...: prints each TEXT as a syslog frame of tag "i2test".
i2e_frame() {
	for text in "$@"; do
		printf '<11>Dec  3 10:00:00 host i2test: %s\n' "$text"
	done
}

# i2e_finish: the closing line and exit status of a test.
i2e_finish() {
	echo "$TEST_NAME: $passes passed, $failures failed"
	[ "$failures" -eq 0 ]
}
