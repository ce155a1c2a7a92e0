#!/bin/sh
# run-core.sh - runs the core micro-benchmark on the generated message mix
#
# Copyright 2026 The mmi2errcode authors
# SPDX-License-Identifier: Apache-2.0
#
# Usage (from make bench, or with top_srcdir and top_builddir set):
#   bench/run-core.sh [SECONDS_PER_ROUND]
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
work=$(mktemp -d "${TMPDIR:-/tmp}/i2e-core-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
awk -v n=20000 -f "$top_srcdir/bench/gen-messages.awk" >"$work/mix.log"
awk -v n=20000 -v codes=0 -f "$top_srcdir/bench/gen-messages.awk" >"$work/nocode.log"
echo "== core micro-benchmark: bench/core-bench (default keywords, built-in table)"
"$top_builddir/bench/core-bench" "$work/mix.log" "$work/nocode.log" "${1:-0.5}"
