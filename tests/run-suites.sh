#!/usr/bin/env bash
# Runs every test binary that was built and ends with one line:
#   check: N passed, M failed
# Usage: tests/run-suites.sh BUILD_DIR   (e.g. build)
#
# Plain: BUILD/normal/tests/{test_*,e2e_*}, the scripts tests/pkg/test-*.sh and
# tests/layering.sh;
# ASan+UBSan: BUILD/asan/tests/{test_*,e2e_*,fuzz_*}
# (fuzz_*: the replay of a fuzzer's committed corpus, one test a file);
# TSan: BUILD/tsan/tests/test_* (only those named in ORIGO_TSAN_TESTS when set, as make check
# does). Binaries not built, or whose source is gone, are skipped.
# Suites run ORIGO_CHECK_JOBS at a time (default 3: most of their time is
# spent waiting on the emulator, latencies and timeouts, not on a core);
# their lines are printed in the order above once each has ended. The
# tests/pkg scripts and the layering check, which build and time nothing
# of their own, run afterwards, one at a time.
# A binary's output is shown only when it failed. A binary that exits non-zero
# without saying how many tests failed (a crash, a sanitizer, the timeout)
# counts as one failure.
set -u

build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
case $build in /*) ;; *) build=$root/$build ;; esac

per_binary_timeout=${ORIGO_TEST_TIMEOUT:-300}
total_pass=0
total_fail=0
ran=0
jobs=${ORIGO_CHECK_JOBS:-3}
n_queued=0
n_printed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/origo-check.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# one line a binary, for a later look (make check removes it first)
results=$build/results.txt
: >"$results" 2>/dev/null || results=/dev/null

export ORIGO_DATADIR=$root
export ORIGO_SRCDIR=$root

# run_one INDEX VARIANT BINARY [ENV=VALUE...]: runs one suite; leaves its
# line (and its output when it failed) in $work/INDEX.out and "PASS FAIL"
# in $work/INDEX.n, for report() to print in order.
run_one() {
	local idx=$1 variant=$2 bin=$3
	shift 3
	local name="$variant/$(basename "$bin")"
	local log="$work/$idx.log" out="$work/$idx.out"
	local start end rc pass fail ok_lines
	start=$(date +%s)
	env "$@" \
		ORIGO_BIN="$build/$variant/origo" \
		ORIGO_EMU_BIN="${emu_variant:-$build/$variant}/origo-emu" \
		timeout -k 10 "$per_binary_timeout" "$bin" >"$log" 2>&1 </dev/null
	rc=$?
	end=$(date +%s)

	# a binary may run several cmocka groups: add their summaries up
	pass=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | awk '{s+=$1} END {if (NR) print s}')
	# " N FAILED TEST(S)" counts failures and errors (setup/teardown);
	# "[  FAILED  ] N test(s), listed below:" only the failures.
	fail=$(sed -n 's/^ *\([0-9][0-9]*\) FAILED TEST(S).*/\1/p' "$log" | awk '{s+=$1} END {if (NR) print s}')
	if [ -z "$fail" ]; then
		fail=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | awk '{s+=$1} END {if (NR) print s}')
	fi
	if [ -z "$pass" ]; then
		# no summary (crashed midway): count the tests that finished
		ok_lines=$(grep -c '^\[       OK \]' "$log")
		pass=${ok_lines:-0}
	fi
	fail=${fail:-0}
	if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
	fi

	local why=""
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why=" (timed out after ${per_binary_timeout}s)"
	elif [ "$rc" -gt 128 ]; then
		why=" (killed by signal $((rc - 128)))"
	elif [ "$rc" -ne 0 ]; then
		why=" (exit status $rc)"
	fi

	: >"$out"
	if [ "$fail" -gt 0 ]; then
		{ echo "---- output of $name ----"; cat "$log"; echo "---- end of $name ----"; } >>"$out"
		printf '%-28s FAIL  %3d passed, %3d failed, %3ds%s\n' "$name" "$pass" "$fail" $((end - start)) "$why" >>"$out"
	else
		printf '%-28s ok    %3d passed, %3ds\n' "$name" "$pass" $((end - start)) >>"$out"
	fi
	echo "$pass $fail" >"$work/$idx.n"
	rm -f "$log"
}

# queue VARIANT BINARY [ENV=VALUE...]: starts the suite once fewer than
# $jobs run (each in the background, numbered in the order queued).
queue() {
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	n_queued=$((n_queued + 1))
	run_one "$n_queued" "$@" &
}

# report: waits for every queued suite, prints their lines in order and
# adds their counts up.
report() {
	wait
	local i p f
	for ((i = n_printed + 1; i <= n_queued; i++)); do
		cat "$work/$i.out"
		tail -n 1 "$work/$i.out" >>"$results"   # the suite's line is its last
		read -r p f <"$work/$i.n" || { p=0; f=1; }
		total_pass=$((total_pass + p))
		total_fail=$((total_fail + f))
		ran=$((ran + 1))
	done
	n_printed=$n_queued
}

shopt -s nullglob

# A binary left in the build folder by a test that was since renamed or
# removed is not a suite any more: only those with a source run.
has_source() {
	local name
	name=$(basename "$1")
	case $name in
	test_*) [ -f "tests/unit/$name.c" ] ;;
	e2e_*) [ -f "tests/e2e/$name.c" ] ;;
	fuzz_*) [ -f "tests/fuzz/$name.c" ] ;;
	*) return 1 ;;
	esac
}

for bin in "$build"/normal/tests/test_* "$build"/normal/tests/e2e_*; do
	[ -x "$bin" ] && has_source "$bin" || continue
	queue normal "$bin"
done

for bin in "$build"/asan/tests/test_* "$build"/asan/tests/e2e_* "$build"/asan/tests/fuzz_*; do
	[ -x "$bin" ] && has_source "$bin" || continue
	queue asan "$bin" \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$root/tests/e2e/lsan.supp:print_suppressions=0
done

# The threaded code (the worker, the token caches) under TSan; the emulator
# they talk to is the plain one, since it is not what is being checked.
emu_variant=$build/normal
for bin in "$build"/tsan/tests/test_*; do
	[ -x "$bin" ] && has_source "$bin" || continue
	# make check names the TSan suites; others built there by hand are not run
	if [ -n "${ORIGO_TSAN_TESTS:-}" ]; then
		case " $ORIGO_TSAN_TESTS " in *" $(basename "$bin") "*) ;; *) continue ;; esac
	fi
	queue tsan "$bin" TSAN_OPTIONS=halt_on_error=1
done
emu_variant=
report

# The shell suites of tests/pkg/ (the Makefile, the completion, the man page,
# the Debian package) print cmocka's summary lines too; they run once, beside
# the plain build, one at a time after the others (some of them build).
if [ -d "$build/normal" ]; then
	for script in "$root"/tests/pkg/test-*.sh; do
		[ -x "$script" ] || continue
		run_one $((++n_queued)) normal "$script"
	done
	# the layering of model/, net/ and tui/, read from their #include lines
	[ -x "$root/tests/layering.sh" ] && run_one $((++n_queued)) normal "$root/tests/layering.sh"
fi
report

if [ "$ran" -eq 0 ]; then
	echo "no test binary found under $build/{normal,asan,tsan}/tests"
	echo "check: 0 passed, 0 failed"
	exit 1
fi

echo "check: $total_pass passed, $total_fail failed"
echo "check: $total_pass passed, $total_fail failed" >>"$results"
[ "$total_fail" -eq 0 ]
