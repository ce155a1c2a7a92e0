#!/bin/sh
# run-tests.sh - set up, build and run the whole test suite, twice: a plain
# build and one with AddressSanitizer and UBSan
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage: contrib/run-tests.sh
#
# Installs what is missing (contrib/bootstrap.sh), builds in _build and runs
# `make check` -- the cmocka unit tests and the integration tests against the
# real rsyslogd -- then does the same in _build-sanitizers with
# --enable-sanitizers.  On failure the logs of the failed tests are printed.
# Set I2E_SANITIZERS=no to skip the second build.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
skip=0
rc=0

# check BUILD_DIR: make check there, adding to the counts.
check() {
	cd "$1"
	make -s -j"$(nproc)" check || rc=1
	for trs in $(find tests bench -name '*.trs' 2>/dev/null); do
		if grep -q -E '^:test-result: (FAIL|ERROR|XPASS)' "$trs"; then
			cat "${trs%.trs}.log"
		fi
		pass=$((pass + $(grep -c '^:test-result: PASS' "$trs" || true)))
		fail=$((fail + $(grep -c -E '^:test-result: (FAIL|ERROR|XPASS)' "$trs" || true)))
		skip=$((skip + $(grep -c '^:test-result: SKIP' "$trs" || true)))
	done
	cd "$top"
}

build=$("$top/contrib/bootstrap.sh")
check "$build"

if [ "${I2E_SANITIZERS:-yes}" != no ]; then
	src=$(find "$build/rsyslog-src" -mindepth 1 -maxdepth 1 -name 'rsyslog-*' -type d | head -n 1)
	sbuild=$(I2E_BUILD_DIR="$top/_build-sanitizers" \
		I2E_CONFIGURE_FLAGS="--enable-sanitizers --with-rsyslog-src=$src" \
		"$top/contrib/bootstrap.sh")
	echo "== the same tests with AddressSanitizer and UBSan ($sbuild)"
	check "$sbuild"
fi

# One closing line over both runs, counted from automake's results.
echo "tests: $pass passed, $fail failed, $skip skipped"
exit "$rc"
