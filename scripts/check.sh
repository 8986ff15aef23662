#!/bin/sh
# Runs cartable's tests: `scripts/check.sh [unit|e2e|browser|fuzz|all]`.
#   unit     C unit tests, built with AddressSanitizer + UBSan
#   e2e      HTTP end-to-end tests against the ASan server, on SQLite then
#            on a throwaway PostgreSQL server
#   browser  real-browser tests (Debian chromium, playwright-core, axe-core)
#   fuzz     every libFuzzer target for FUZZ_SECONDS seconds (default 15)
#   i18n     every French message has its English translation
# Ends with the line "N passed, N failed" and fails if anything failed.
set -u
cd "$(dirname "$0")/.."
what=${1:-all}
passed=0
failed=0
failures=""
FUZZ_SECONDS=${FUZZ_SECONDS:-15}

note_fail() { failed=$((failed + 1)); failures="$failures\n  $1"; }

run_unit() {
	echo "== unit tests (ASan + UBSan)"
	for t in build/asan/tests/test_*; do
		[ -x "$t" ] || continue
		out=$(ASAN_OPTIONS=detect_leaks=1 "$t" 2>&1)
		rc=$?
		line=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
		if [ -n "$line" ]; then
			p=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\1/')
			f=$(printf '%s' "$line" | sed -E 's/.* ([0-9]+) passed, ([0-9]+) failed.*/\2/')
			passed=$((passed + p))
			failed=$((failed + f))
		fi
		if [ $rc -ne 0 ] || [ -z "$line" ]; then
			printf '%s\n' "$out" | tail -n 40
			[ -z "$line" ] && note_fail "$t (crashed)" || failures="$failures\n  $t"
		fi
		echo "   $(basename "$t"): ${line:-crashed}"
	done
}

# Runs node:test files; counts from the TAP summary.
run_node() {
	label=$1
	shift
	tap=$(mktemp)
	node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" "$@"
	p=$(grep -E '^# pass [0-9]+' "$tap" | tail -n 1 | awk '{print $3}')
	f=$(grep -E '^# fail [0-9]+' "$tap" | tail -n 1 | awk '{print $3}')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ "${f:-0}" -gt 0 ] && failures="$failures\n  $label"
	if [ -z "$p" ]; then note_fail "$label (runner)"; fi
	rm -f "$tap"
}

run_e2e() {
	files=$(ls tests/e2e/*.test.mjs 2>/dev/null)
	[ -n "$files" ] || return 0
	echo "== end-to-end tests on SQLite (ASan server)"
	CARTABLE_BIN=build/asan/cartable run_node "e2e (SQLite)" $files
	echo "== end-to-end tests on PostgreSQL (ASan server)"
	pgdir=$(mktemp -d /tmp/cartable-pg.XXXXXX)
	if url=$(scripts/pg-test.sh start "$pgdir"); then
		CARTABLE_TEST_PG=$url CARTABLE_BIN=build/asan/cartable run_node "e2e (PostgreSQL)" $files
		scripts/pg-test.sh stop "$pgdir"
	else
		note_fail "PostgreSQL test server did not start"
	fi
}

run_browser() {
	files=$(ls tests/browser/*.test.mjs 2>/dev/null)
	[ -n "$files" ] || return 0
	echo "== browser tests (chromium, axe-core)"
	CARTABLE_BIN=build/cartable run_node "browser" $files
}

# Every message people read has its English translation (po/en.po).
run_i18n() {
	echo "== translations"
	if node scripts/po-check.mjs >/tmp/po-check.$$ 2>&1; then
		passed=$((passed + 1))
		tail -n 1 /tmp/po-check.$$ | sed 's/^/   messages: /'
	else
		cat /tmp/po-check.$$
		note_fail "untranslated messages (node scripts/po-check.mjs)"
	fi
	rm -f /tmp/po-check.$$
}

run_fuzz() {
	echo "== fuzz targets (${FUZZ_SECONDS}s each)"
	for t in build/fuzz/tests/fuzz_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		corpus=$(mktemp -d)
		seeds=tests/fuzz/corpus/${name#fuzz_}
		[ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
		if "$t" "$corpus" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=0 >"$corpus.log" 2>&1; then
			passed=$((passed + 1))
			echo "   $name: ok ($(grep -Eo 'Done [0-9]+ runs' "$corpus.log" | tail -n 1 | awk '{print $2}') runs)"
		else
			tail -n 40 "$corpus.log"
			note_fail "$name"
		fi
		rm -rf "$corpus" "$corpus.log"
	done
}

case "$what" in
unit) run_unit ;;
e2e) run_e2e ;;
browser) run_browser ;;
fuzz) run_fuzz ;;
i18n) run_i18n ;;
all) run_unit; run_i18n; run_e2e; run_browser; run_fuzz ;;
*) echo "usage: $0 [unit|e2e|browser|fuzz|i18n|all]" >&2; exit 2 ;;
esac

[ -n "$failures" ] && printf "failed:$failures\n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$failures" ]
