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
log=$(mktemp "${TMPDIR:-/tmp}/origo-check.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT

# one line a binary, for a later look (make check removes it first)
results=$build/results.txt
: >"$results" 2>/dev/null || results=/dev/null

export ORIGO_DATADIR=$root
export ORIGO_SRCDIR=$root

# run_one VARIANT BINARY [ENV=VALUE...]
run_one() {
	local variant=$1 bin=$2
	shift 2
	local name="$variant/$(basename "$bin")"
	local start end rc pass fail ok_lines
	start=$(date +%s)
	env "$@" \
		ORIGO_BIN="$build/$variant/origo" \
		ORIGO_EMU_BIN="${emu_variant:-$build/$variant}/origo-emu" \
		timeout -k 10 "$per_binary_timeout" "$bin" >"$log" 2>&1 </dev/null
	rc=$?
	end=$(date +%s)
	ran=$((ran + 1))

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

	local line
	if [ "$fail" -gt 0 ]; then
		echo "---- output of $name ----"
		cat "$log"
		echo "---- end of $name ----"
		line=$(printf '%-28s FAIL  %3d passed, %3d failed, %3ds%s' "$name" "$pass" "$fail" $((end - start)) "$why")
	else
		line=$(printf '%-28s ok    %3d passed, %3ds' "$name" "$pass" $((end - start)))
	fi
	echo "$line"
	echo "$line" >>"$results"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
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
	run_one normal "$bin"
done

# The shell suites of tests/pkg/ (the Makefile, the completion, the man page,
# the Debian package) print cmocka's summary lines too; they run once, beside
# the plain build.
if [ -d "$build/normal" ]; then
	for script in "$root"/tests/pkg/test-*.sh; do
		[ -x "$script" ] || continue
		run_one normal "$script"
	done
	# the layering of model/, net/ and tui/, read from their #include lines
	[ -x "$root/tests/layering.sh" ] && run_one normal "$root/tests/layering.sh"
fi

for bin in "$build"/asan/tests/test_* "$build"/asan/tests/e2e_* "$build"/asan/tests/fuzz_*; do
	[ -x "$bin" ] && has_source "$bin" || continue
	run_one asan "$bin" \
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
	run_one tsan "$bin" TSAN_OPTIONS=halt_on_error=1
done
emu_variant=

if [ "$ran" -eq 0 ]; then
	echo "no test binary found under $build/{normal,asan,tsan}/tests"
	echo "check: 0 passed, 0 failed"
	exit 1
fi

echo "check: $total_pass passed, $total_fail failed"
echo "check: $total_pass passed, $total_fail failed" >>"$results"
[ "$total_fail" -eq 0 ]
