#!/bin/bash
# bench-smoke.sh - both benchmarks run briefly and print their tables.  A
# smoke check only: no timing is asserted, only that every setup ran and that
# the module and the RainerScript equivalent enriched the same messages.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

if sh "$top_srcdir/bench/run-core.sh" 0.01 >"$WORK/core.out" 2>&1 &&
	grep -q '^no-code lines ' "$WORK/core.out" &&
	[ "$(grep -c '^adversarial: ' "$WORK/core.out")" -eq 7 ]; then
	i2e_pass "core micro-benchmark runs"
else
	i2e_fail "core micro-benchmark: $(cat "$WORK/core.out")"
fi

if [ -n "$I2E_PRELOAD" ]; then
	echo "skip: $TEST_NAME: the end-to-end benchmark runs rsyslogd under valgrind, which cannot run a sanitized module"
elif ! command -v valgrind >/dev/null; then
	i2e_fail "valgrind is not installed; the end-to-end benchmark needs it"
elif N=300 WALL_N=600 ROUNDS=1 bash "$top_srcdir/bench/e2e.sh" >"$WORK/e2e.out" 2>&1 &&
	[ "$(grep -c -E '^\((a|b|c|d|e)\) ' "$WORK/e2e.out")" -eq 5 ] &&
	grep -q '^enriched messages of 300: RainerScript 60, module 60$' "$WORK/e2e.out"; then
	i2e_pass "end-to-end benchmark runs all five setups"
else
	i2e_fail "end-to-end benchmark: $(cat "$WORK/e2e.out")"
fi

i2e_finish
