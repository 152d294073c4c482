#!/usr/bin/env bash
# Runs ../shared/conformance (strace-diff) for the cases listed in $2 (one name per line, #
# comments) and fails unless all pass.
# The shared folder sits beside the project checkout, for developers and CI alike.
set -u
tracer=$1 list=$2
names=$(grep -v '^#' "$list" | grep -v '^$' | sed 's/\./\\./g' | paste -sd '|')
filter="^($names)\$"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run=$here/../../shared/conformance/run.sh
# a user's clone has no ../shared: skipped (ctest's SKIP_RETURN_CODE), with one line saying why
[ -x "$run" ] || [ -f "$run" ] || { echo "conformance_core: skipped: $run not found (the shared strace-diff suite sits beside the checkout only in the team's tree)"; exit 77; }
results=$(mktemp -d "${TMPDIR:-/tmp}/wt-conformance.XXXXXX")
out=$(bash "$run" --results "$results/r" --filter "$filter" "$tracer" 2>&1)
echo "$out"
for d in "$results"/r/*.diff; do [ -e "$d" ] && { echo "== $d"; cat "$d"; }; done
last=$(echo "$out" | tail -n 1)
rm -rf "$results"
case $last in
*" passed, 0 failed") exit 0 ;;
*) exit 1 ;;
esac
