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
if ! make -s -j"$(nproc)" check; then
	for log in $(find . -name '*.log' -path '*tests*'); do
		grep -q -E '^(FAIL|ERROR)' "${log%.log}.trs" 2>/dev/null && cat "$log"
	done
	exit 1
fi
