#!/usr/bin/env bash
# The man page: mandoc finds nothing above style level; it has the sections a
# user looks for (ENVIRONMENT, FILES, EXAMPLES, SEE ALSO, the licence); every
# environment variable the code reads is explained in ENVIRONMENT; every
# option of `origo --help` is in SYNOPSIS or OPTIONS.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/pkg/lib.sh"
page=$root/origo.1

if ! command -v mandoc >/dev/null; then
	not_ok "mandoc is installed" "make deps installs it"
	t_done
fi
lint=$(mandoc -Tlint -W warning "$page" 2>&1)
rc=$?
expect_eq "mandoc -Tlint: nothing above style level" "$rc:$lint" "0:"

# plain text: mandoc's overstrike (bold, underline) taken out
text=$(mandoc -Tascii -O width=100 "$page" 2>/dev/null | sed -e 's/.\x08//g')
for section in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES EXAMPLES "SEE ALSO" COPYRIGHT; do
	if grep -qx "$section" <<<"$text"; then ok "section $section"; else not_ok "section $section" "missing"; fi
done
expect_has "the licence is named" "$text" "MIT License"

# ENVIRONMENT: the text between its heading and the next one
envsec=$(awk '/^ENVIRONMENT$/ {on = 1; next} /^[A-Z][A-Z ]+$/ {on = 0} on' <<<"$text")
# (the providers' variables are named in their tables, net/NAME/NAME_config.c)
vars=$(cd "$root" && { grep -ohE '(getenv|env_set|default_from_env|url_from_env)\([^)]*"[A-Z][A-Z0-9_]*"' \
	model/*.c net/*.c net/*/*.c tui/*.c
	grep -ohE '\.(name|env_default|env_fallback|url_env) = "[A-Z][A-Z0-9_]*"' net/*/*_config.c; } |
	grep -oE '"[A-Z][A-Z0-9_]*"' | tr -d '"' | sort -u)
n=$(wc -w <<<"$vars")
if [ "$n" -lt 15 ]; then not_ok "the code's variables were found" "only $n: $vars"; else ok "the code's variables were found ($n)"; fi
missing=
for v in $vars; do
	grep -qE "(^|[^A-Za-z0-9_])$v([^A-Za-z0-9_]|$)" <<<"$envsec" || missing="$missing $v"
done
expect_eq "every variable the code reads is in ENVIRONMENT" "${missing# }" ""

# OPTIONS: every long option of the usage text
opts=$(cd "$root" && sed -n '/usage_text\[\] =/,/;$/p' tui/main.c | grep -oE -- '--[a-z][a-z-]*' | sort -u)
optsec=$(awk '/^(SYNOPSIS|OPTIONS)$/ {on = 1; next} /^[A-Z][A-Z ]+$/ {on = 0} on' <<<"$text")
missing=
for o in $opts; do
	grep -qF -- "$o" <<<"$optsec" || missing="$missing $o"
done
expect_eq "every option of --help is in the page" "${missing# }" ""
t_done
