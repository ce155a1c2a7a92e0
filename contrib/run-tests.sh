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
# Then it builds the Debian package and runs make distcheck.  Set
# I2E_SANITIZERS=no or I2E_PACKAGE=no to skip those parts.
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

# The Debian package: built from this tree, its contents checked.
if [ "${I2E_PACKAGE:-yes}" != no ]; then
	echo "== the Debian package"
	src=$(find "$build/rsyslog-src" -mindepth 1 -maxdepth 1 -name 'rsyslog-*' -type d | head -n 1)
	I2E_RSYSLOG_SRC=$src "$top/contrib/build-deb.sh" >"$build/deb.log" 2>&1 || rc=1
	grep -E '^(ok|FAIL): ' "$build/deb.log"
	pass=$((pass + $(grep -c '^ok: ' "$build/deb.log" || true)))
	fail=$((fail + $(grep -c '^FAIL: ' "$build/deb.log" || true)))

	# make distcheck: the tarball builds, tests, installs and uninstalls cleanly
	echo "== make distcheck"
	if (cd "$build" && make -s distcheck >"$build/distcheck.log" 2>&1); then
		echo "ok: make distcheck"
		pass=$((pass + 1))
	else
		tail -n 60 "$build/distcheck.log"
		echo "FAIL: make distcheck"
		fail=$((fail + 1))
		rc=1
	fi
fi

# One closing line over all runs, counted from automake's results.
echo "tests: $pass passed, $fail failed, $skip skipped"
exit "$rc"
