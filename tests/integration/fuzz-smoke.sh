#!/bin/bash
# fuzz-smoke.sh - a short libFuzzer run of each target (make fuzz with a few
# seconds), where clang with libFuzzer is installed.  Long runs: make fuzz.
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
. "$(dirname "$0")/harness.sh"

if ! command -v clang >/dev/null ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
		clang -fsanitize=fuzzer -x c - -o "$WORK/probe" 2>/dev/null; then
	echo "$TEST_NAME: clang with libFuzzer is not installed; skipped"
	exit 77
fi
if make -s -C "$top_builddir" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-10}" >"$WORK/fuzz.out" 2>&1; then
	i2e_pass "every fuzz target ran $(grep -c '^Done' "$WORK/fuzz.out") times without a finding"
else
	i2e_fail "fuzzing found a problem: $(cat "$WORK/fuzz.out")"
fi
i2e_finish
