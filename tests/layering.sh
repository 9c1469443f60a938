#!/usr/bin/env bash
# The layering of the code, checked on its #include lines (make check):
#   model/  no curl, ncurses or pthread, and nothing of net/ or tui/
#   net/    no ncurses, and nothing of tui/
#   tui/    of net/ only its top-level public headers (PUBLIC below): never
#           a provider folder (net/NAME/), never net/provider.h, net/call.h,
#           net/http.h or any other internal header, and never curl
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

if [ $# -ge 1 ]; then
	out=$(violations "$1")
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

# The tree itself.
got=$(violations "$root")
expect_eq "layering: model/, net/ and tui/ keep their layers" "$got" ""
t_done
