#!/usr/bin/env bash
# The layering of the code, checked on its #include lines (make check):
#   model/  no curl, ncurses or pthread, and nothing of net/ or tui/
#   net/    no ncurses, and nothing of tui/
#   tui/    of net/ only its top-level public headers (PUBLIC below): never
#           a provider folder (net/NAME/), never net/provider.h, net/call.h,
#           net/http.h or any other internal header, and never curl
# and that the code of model/ and tui/ (comments aside) names no provider:
# a provider is its folder net/NAME/ and one registry line (CONTRIBUTING.md).
# Usage: tests/layering.sh [ROOT]   ROOT: a source tree to check (default:
# this one). Without ROOT it first proves it can fail: a scratch tree that
# breaks each rule once must give one violation per break.
# Prints cmocka-style result lines (tests/pkg/lib.sh) for run-suites.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/pkg/lib.sh
. "$here/pkg/lib.sh"

# The public headers of net/: what the UI may include (see README, "The code").
PUBLIC="accounts.h jobs.h forms.h s3.h sync.h exchange.h worker.h ui_signals.h"

# violations ROOT: one "file:line: why" line per include that breaks a rule.
violations()
{
	local root=$1 dir file line inc why
	for dir in model net tui; do
		[ -d "$root/$dir" ] || continue
		while IFS= read -r hit; do
			file=${hit%%:*}
			line=${hit#*:}
			line=${line%%:*}
			inc=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' <<<"${hit#*:*:}")
			why=
			case $dir:$inc in
			model:\<curl/*|model:\<*curses*|model:\<pthread.h\>) why="model/ must not use $inc" ;;
			model:\"net/*|model:\"tui/*) why="model/ must not include $inc" ;;
			net:\<*curses*) why="net/ must not use $inc" ;;
			net:\"tui/*) why="net/ must not include $inc" ;;
			tui:\<curl/*) why="tui/ talks to the network through net/ only, not $inc" ;;
			tui:\"net/*)
				local h=${inc#\"net/}
				h=${h%\"}
				case " $PUBLIC " in
				*" $h "*) ;;
				*) why="tui/ may include only net/'s public headers ($PUBLIC), not $inc" ;;
				esac
				;;
			esac
			[ -n "$why" ] && echo "${file#"$root"/}:$line: $why"
		done < <(grep -rnE --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include' "$root/$dir")
	done
}

# provider_names ROOT: one "file:line: text" line for each line of code
# (comments and their text removed, strings kept) of model/ and tui/ that
# names a provider, any case; the providers are the folders of ROOT/net/.
provider_names()
{
	local root=$1 names
	names=$(find "$root/net" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort | paste -sd'|')
	[ -n "$names" ] || return 0
	find "$root/model" "$root/tui" -name '*.[ch]' 2>/dev/null | sort | while IFS= read -r f; do
		NAMES=$names FILE=${f#"$root"/} perl -0777 -ne "$strip_comments" "$f"
	done
}
# Comments out (their newlines kept, so line numbers hold); strings and
# character constants stay as they are; then each line naming $NAMES.
# shellcheck disable=SC2016
strip_comments='
	s{("(?:\\.|[^"\\\n])*"|'"'"'(?:\\.|[^'"'"'\\\n])*'"'"')|/\*.*?\*/|//[^\n]*}
	 { defined $1 ? $1 : do { (my $c = $&) =~ tr/\n//cd; $c } }gse;
	my $n = 0;
	for (split /\n/, $_, -1) {
		$n++;
		print "$ENV{FILE}:$n: $_\n" if /$ENV{NAMES}/i;
	}'

if [ $# -ge 1 ]; then
	out=$(violations "$1"; provider_names "$1")
	[ -z "$out" ] || printf '%s\n' "$out"
	[ -z "$out" ]
	exit
fi

root=$(cd "$here/.." && pwd)

# The check must be able to fail: one break of each rule in a scratch tree.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/origo-layering.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/model" "$scratch/net/acme" "$scratch/tui/views"
printf '#include <curl/curl.h>\n#include <pthread.h>\n#include "tui/app.h"\n#include <stdio.h>\n' >"$scratch/model/a.c"
printf '#include "net/og.h"\n#include <ncurses.h>\n' >"$scratch/model/b.h"
printf '#include <ncurses.h>\n#include "tui/draw.h"\n#include <curl/curl.h>\n' >"$scratch/net/c.c"
printf '#include "net/acme/acme.h"\n#include "net/provider.h"\n#include "net/call.h"\n' >"$scratch/tui/d.c"
printf '#include "net/http.h"\n  #  include <curl/curl.h>\n#include "net/worker.h"\n#include "net/forms.h"\n' >"$scratch/tui/views/e.c"
got=$(violations "$scratch")
expect_eq "layering: a scratch tree with 12 breaks gives 12 violations" "$(grep -c . <<<"$got")" 12
expect_has "layering: names the file and line of a break" "$got" "tui/views/e.c:2: tui/ talks to the network through net/ only, not <curl/curl.h>"
expect_has "layering: a provider folder is refused in tui/" "$got" "tui/d.c:1: tui/ may include only net/'s public headers"
expect_lacks "layering: a public header is allowed in tui/" "$got" "net/worker.h"
expect_lacks "layering: curl is allowed in net/" "$got" "net/c.c:3"

# The provider check must be able to fail too: a scratch tree whose net/
# has a provider "acme", named once in a comment, once in a string and once
# in code (the comment does not count; a URL's // in a string is no comment).
p=$scratch/providers
mkdir -p "$p/net/acme" "$p/model" "$p/tui/views"
printf '/* acme: a comment */\nstatic const char *u = "https://api.acme.example";\n' >"$p/model/p.c"
printf '// Acme\nint f(void) { return acme_thing(); } /* ACME\n * acme */ char c = '"'\\''"';\n' >"$p/tui/views/q.c"
got=$(provider_names "$p")
expect_eq "providers: a scratch tree naming acme twice in code gives 2 lines" "$(grep -c . <<<"$got")" 2
expect_has "providers: a string naming it counts, with file and line" "$got" "model/p.c:2: static const char *u"
expect_has "providers: code naming it counts, any case" "$got" "tui/views/q.c:2: int f(void)"

# The tree itself.
got=$(violations "$root")
expect_eq "layering: model/, net/ and tui/ keep their layers" "$got" ""
got=$(provider_names "$root")
expect_eq "providers: no code of model/ or tui/ names a provider (net/NAME/ does)" "$got" ""
t_done
