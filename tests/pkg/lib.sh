# Sourced by the shell suites of tests/pkg/: cmocka-style result lines, so
# that tests/run-suites.sh counts them like the C suites.
t_pass=0
t_fail=0
t_failed=()

# ok NAME: one passed check. not_ok NAME WHY...: one failed check, and why.
ok() { echo "[       OK ] $1"; t_pass=$((t_pass + 1)); }
not_ok()
{
	local name=$1
	shift
	echo "[  FAILED  ] $name: $*"
	t_fail=$((t_fail + 1))
	t_failed+=("$name")
}

# expect_eq NAME GOT WANT
expect_eq()
{
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got \"$2\", want \"$3\""; fi
}

# expect_has NAME TEXT NEEDLE / expect_lacks NAME TEXT NEEDLE (fixed strings);
# a failure shows the start of TEXT, or the lines holding NEEDLE.
expect_has()
{
	if grep -qF -- "$3" <<<"$2"; then
		ok "$1"
	else
		not_ok "$1" "\"$3\" not in: $(head -c 600 <<<"$2")"
	fi
}
expect_lacks()
{
	if grep -qF -- "$3" <<<"$2"; then
		not_ok "$1" "\"$3\" should not be in: $(grep -F -- "$3" <<<"$2" | head -3 | cut -c1-300)"
	else
		ok "$1"
	fi
}

# The closing lines run-suites.sh reads; exit 1 when a check failed.
t_done()
{
	echo "[==========] $((t_pass + t_fail)) test(s) run."
	echo "[  PASSED  ] $t_pass test(s)."
	if [ "$t_fail" -gt 0 ]; then
		echo "[  FAILED  ] $t_fail test(s), listed below:"
		printf '[  FAILED  ] %s\n' "${t_failed[@]}"
		echo
		echo " $t_fail FAILED TEST(S)"
		exit 1
	fi
	exit 0
}
