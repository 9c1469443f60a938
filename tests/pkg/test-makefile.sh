#!/usr/bin/env bash
# The Makefile as a packager uses it: the user's CC, CPPFLAGS, CFLAGS and
# LDFLAGS reach every compile and the link, after the project's own flags
# (a real build through a logging compiler; the linker writes the map file
# LDFLAGS asks for); `make` builds origo alone, without -Werror, apt-get or the
# emulator, while `make check` adds -Werror and runs deps; V=1 shows whole
# command lines; missing build dependencies are named; install and uninstall
# honour PREFIX and DESTDIR, and the installed origo looks for its themes
# under PREFIX.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/pkg/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/origo-makefile.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# not the settings of a make this runs under (make check)
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CPPFLAGS LDFLAGS LDLIBS CC V PREFIX DESTDIR
mk() { make -C "$root" --no-print-directory "$@"; }

# A compiler that logs each call, one line of arguments, and runs cc.
cat >"$tmp/cc" <<CC
#!/bin/sh
echo "\$*" >>"$tmp/cc.log"
exec cc "\$@"
CC
chmod +x "$tmp/cc"

b=$tmp/b
flags=(CC="$tmp/cc" CPPFLAGS=-DORIGO_MARK_CPPFLAGS "CFLAGS=-DORIGO_MARK_CFLAGS -O1"
       "LDFLAGS=-Wl,-Map=$tmp/origo.map")
out=$(mk -j2 V=1 B="$b" "${flags[@]}" "$b/origo" 2>&1)
rc=$?
expect_eq "origo builds with the user's flags" "$rc" 0
[ "$rc" -eq 0 ] || echo "$out"

# the provider folders (net/<provider>/) are origo's sources too
n_src=$(ls "$root"/model/*.c "$root"/net/*.c "$root"/net/*/*.c "$root"/tui/*.c | wc -l)
compiles=$(grep -c -- ' -c ' "$tmp/cc.log")
expect_eq "every source of origo went through \$CC" "$compiles" "$n_src"
marked=$(grep -- ' -c ' "$tmp/cc.log" | grep -c -- '-DORIGO_MARK_CPPFLAGS -DORIGO_MARK_CFLAGS -O1')
expect_eq "CPPFLAGS then CFLAGS on every compile" "$marked" "$n_src"
# after the project's flags: the user's -O1 wins over the project's -O2
late=$(grep -- ' -c ' "$tmp/cc.log" | grep -c -- '-std=c11 .*-O2 .*-DORIGO_MARK_CPPFLAGS -DORIGO_MARK_CFLAGS -O1')
expect_eq "the user's flags come after the project's" "$late" "$n_src"
link=$(grep -v -- ' -c ' "$tmp/cc.log")
expect_eq "one link" "$(grep -c . <<<"$link")" 1
expect_has "LDFLAGS on the link" "$link" "-Wl,-Map=$tmp/origo.map"
expect_has "CFLAGS on the link" "$link" "-DORIGO_MARK_CFLAGS -O1 -Wl,-Map="
if [ -s "$tmp/origo.map" ]; then ok "the linker got LDFLAGS (it wrote the map)"; else not_ok "the linker got LDFLAGS" "no map file"; fi
expect_lacks "no -Werror in a user's build" "$(cat "$tmp/cc.log")" "-Werror"
expect_has "V=1 shows whole compile lines" "$out" "-DORIGO_MARK_CFLAGS -O1 -MMD -MP -c model/config.c -o $b/obj/model/config.o"
expect_has "V=1 shows the whole link line" "$(grep -F -- "-o $b/origo " <<<"$out")" "-Wl,-Map=$tmp/origo.map"
expect_lacks "V=1 prints no short lines" "$out" "  CC [normal]"

# V=0 (the default): one short line a file
rm -f "$b/obj/model/config.o"
out=$(mk B="$b" "${flags[@]}" "$b/origo" 2>&1)
expect_has "V=0: a short compile line" "$out" "  CC [normal] model/config.c"
expect_has "V=0: a short link line" "$out" "  LD [normal] $b/origo"
expect_lacks "V=0: no whole command line" "$out" "-std=c11"

# What `make` would run (-n): origo only, nothing of the tests, no apt-get
plan=$(mk -n V=1 B="$tmp/n" 2>&1)
expect_lacks "make: no emulator" "$plan" "origo-emu"
expect_lacks "make: no test objects" "$plan" "/obj/tests/"
expect_lacks "make: no apt-get" "$plan" "apt-get update"
expect_lacks "make: no -Werror" "$plan" "-Werror"
expect_eq "make: compiles origo's sources" "$(grep -c -- ' -c ' <<<"$plan")" "$n_src"
plan=$(mk -n V=1 B="$tmp/n" install 2>&1)
expect_lacks "make install: no apt-get" "$plan" "apt-get update"
expect_lacks "make install: no emulator" "$plan" "origo-emu"
# what make check runs: deps first (it installs what is missing), -Werror
plan=$(mk -n V=1 B="$tmp/n" check 2>&1)
expect_has "make check runs deps" "$plan" "apt-get update"
werror=$(grep -- ' -c ' <<<"$plan" | grep -vc -- '-Werror')
expect_eq "make check: -Werror on every compile" "$werror" 0
expect_has "make check: compiles the tests too" "$plan" "tests/e2e/"

# Missing build dependencies are named, and nothing is compiled
out=$(PKG_CONFIG_LIBDIR=$tmp/none PKG_CONFIG_PATH= mk B="$tmp/missing" 2>&1)
rc=$?
expect_eq "make fails without the build dependencies" "$rc" 2
expect_has "it names the Debian packages" "$out" \
	"apt-get install libncurses-dev libcurl4-openssl-dev libcjson-dev libconfig-dev"
if [ -e "$tmp/missing" ]; then not_ok "nothing built without the dependencies" "$tmp/missing exists"; else ok "nothing built without the dependencies"; fi

# install / uninstall with PREFIX and DESTDIR (the themes folder follows PREFIX)
d=$tmp/dest
out=$(mk B="$b" "${flags[@]}" install PREFIX=/usr DESTDIR="$d" 2>&1)
expect_eq "make install PREFIX=/usr DESTDIR=..." "$?" 0
want="755 usr/bin/origo
644 usr/share/bash-completion/completions/origo
644 usr/share/man/man1/origo.1
644 usr/share/origo/themes/default.theme
644 usr/share/origo/themes/high-contrast.theme
644 usr/share/origo/themes/light.theme
644 usr/share/origo/themes/mono.theme
644 usr/share/zsh/vendor-completions/_origo"
got=$(cd "$d" && find . -type f -printf '%m %P\n' | LC_ALL=C sort -k2)
expect_eq "the installed files and modes" "$got" "$want"
expect_eq "the themes of the repository are installed" \
	"$(ls "$root"/themes/*.theme | wc -l)" "$(ls "$d"/usr/share/origo/themes/*.theme | wc -l)"
msg=$(env -i HOME="$tmp/home" GCORE_API_KEY=k GCORE_BASE_URL=http://127.0.0.1:9 \
	"$d/usr/bin/origo" --theme no-such-theme 2>&1 </dev/null)
expect_has "the installed origo looks in PREFIX/share/origo/themes" "$msg" "/usr/share/origo/themes"
expect_has "--version names the licence" "$("$d/usr/bin/origo" --version)" "License: MIT"
out=$(mk uninstall PREFIX=/usr DESTDIR="$d" 2>&1)
expect_eq "make uninstall PREFIX=/usr DESTDIR=..." "$?" 0
expect_eq "uninstall removes every file" "$(cd "$d" && find . -type f | wc -l)" 0
if [ -e "$d/usr/share/origo" ]; then not_ok "uninstall removes share/origo" "still there"; else ok "uninstall removes share/origo"; fi
t_done
