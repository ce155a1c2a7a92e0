#!/bin/sh
# run-tests.sh - set up, build and run the whole test suite
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: contrib/run-tests.sh
#
# Installs what is missing (contrib/bootstrap.sh), builds in _build and runs
# `make check`: the cmocka unit tests and the integration tests against the
# real rsyslogd.  On failure the logs of the failed tests are printed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$("$top/contrib/bootstrap.sh")
cd "$build"
rc=0
make -s -j"$(nproc)" check || rc=$?
if [ "$rc" -ne 0 ]; then
	for trs in $(find tests -name '*.trs'); do
		if grep -q -E '^:test-result: (FAIL|ERROR)' "$trs"; then
			cat "${trs%.trs}.log"
		fi
	done
fi
# One closing line over the whole suite, counted from automake's results.
pass=$(cat $(find tests -name '*.trs') | grep -c '^:test-result: PASS' || true)
fail=$(cat $(find tests -name '*.trs') | grep -c -E '^:test-result: (FAIL|ERROR|XPASS)' || true)
skip=$(cat $(find tests -name '*.trs') | grep -c '^:test-result: SKIP' || true)
echo "tests: $pass passed, $fail failed, $skip skipped"
exit "$rc"
