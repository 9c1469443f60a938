#!/usr/bin/env bash
# The Debian package: `make deb` builds it (dpkg-buildpackage -b, with
# dpkg-buildflags' hardening on every compile and link), lintian finds no
# error in it, it holds origo, the man page, the themes, both completions and
# the copyright with the right modes, and the origo in it runs, says its
# version and licence, and finds and loads its themes in /usr/share/origo.
#
# Usage: tests/pkg/test-deb.sh            (make check: the package is unpacked
#                                          with dpkg-deb -x into a temp folder)
#        tests/pkg/test-deb.sh --root DIR (as root: also installs it with apt
#                                          into a copy of the Debian root DIR,
#                                          e.g. one made by debootstrap, and
#                                          runs it there)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/pkg/lib.sh"
fresh=
if [ "${1:-}" = --root ]; then
	fresh=${2:?usage: $0 [--root DIR]}
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/origo-deb.XXXXXX") || exit 1
cleanup()
{
	if [ -n "${run:-}" ]; then
		for m in dev proc; do mountpoint -q "$run/$m" && umount -l "$run/$m"; done
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES CFLAGS CPPFLAGS LDFLAGS CC V PREFIX DESTDIR

version=$(sed -n 's/^VERSION *= *//p' "$root/Makefile")
out=$(make -C "$root" --no-print-directory deb DEB_OUT="$tmp/deb" DEB_COPY_TO= 2>&1)
rc=$?
expect_eq "make deb" "$rc" 0
deb=$tmp/deb/origo_${version}_$(dpkg --print-architecture).deb
if [ "$rc" -ne 0 ] || [ ! -f "$deb" ]; then
	echo "$out" | tail -40
	not_ok "the package is in DEB_OUT" "no $deb"
	t_done
fi
ok "the package is in DEB_OUT"
expect_has "make deb says where the package is" "$out" "deb: $deb"
# dpkg-buildflags reached the compiler and the linker (the build shows V=1 lines)
expect_has "hardening flags on the compiles" "$(grep -F -- ' -c model/config.c' <<<"$out")" "-fstack-protector-strong"
expect_has "hardening flags on the link" "$(grep -F -- '-o build/normal/origo ' <<<"$out")" "-Wl,-z,relro"
expect_lacks "no -Werror in the package build" "$(grep -F -- ' -c ' <<<"$out" | sed 's/-Werror=format-security//g')" "-Werror"

lint=$(lintian "$tmp/deb/origo_${version}_$(dpkg --print-architecture).changes" 2>&1)
expect_lacks "lintian: no error" "$lint" "E: "
[ -n "$lint" ] && grep -E '^[EW]: ' <<<"$lint" | sed 's/^/  lintian: /'

info=$(dpkg-deb -f "$deb" Package Version Depends)
expect_has "package name" "$info" "Package: origo"
expect_has "package version is origo's" "$info" "Version: $version"
for lib in libc6 libncursesw6 libcurl4 libcjson1 libconfig9; do
	expect_has "depends on $lib" "$info" "$lib"
done

files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print substr($1, 1, 10), $NF}' | LC_ALL=C sort -k2)
want="-rwxr-xr-x ./usr/bin/origo
-rw-r--r-- ./usr/share/bash-completion/completions/origo
-rw-r--r-- ./usr/share/doc/origo/changelog.gz
-rw-r--r-- ./usr/share/doc/origo/copyright
-rw-r--r-- ./usr/share/man/man1/origo.1.gz
-rw-r--r-- ./usr/share/origo/themes/default.theme
-rw-r--r-- ./usr/share/origo/themes/high-contrast.theme
-rw-r--r-- ./usr/share/origo/themes/light.theme
-rw-r--r-- ./usr/share/origo/themes/mono.theme
-rw-r--r-- ./usr/share/zsh/vendor-completions/_origo"
expect_eq "the package's files and modes" "$files" "$want"

x=$tmp/x
dpkg-deb -x "$deb" "$x"
expect_has "the packaged copyright is MIT (Expat)" "$(cat "$x/usr/share/doc/origo/copyright")" "License: Expat"
bin=$x/usr/bin/origo
v=$(env -i PATH=/usr/bin:/bin "$bin" --version 2>&1)
expect_has "origo --version" "$v" "origo $version"
expect_has "origo --version names the licence" "$v" "License: MIT"

# The themes: origo looks in /usr/share/origo/themes (compiled in from PREFIX),
# and each packaged theme loads: with them as ORIGO_DATADIR, origo gets past
# the theme to the terminal it lacks (setsid: no controlling terminal).
# theme_run BIN THEME [ENV...]: origo's message for the UI with that theme.
theme_run()
{
	local b=$1 t=$2
	shift 2
	env -i PATH=/usr/bin:/bin HOME="$tmp/home" GCORE_API_KEY=k GCORE_BASE_URL=http://127.0.0.1:9 "$@" \
		setsid -w "$b" --theme "$t" 2>&1 </dev/null
}
expect_has "origo looks for themes in /usr/share/origo/themes" \
	"$(theme_run "$bin" no-such-theme)" "/usr/share/origo/themes"
for t in default light high-contrast mono; do
	expect_has "theme $t loads from the package" \
		"$(theme_run "$bin" "$t" ORIGO_DATADIR="$x/usr/share/origo")" "needs a terminal"
done
echo 'colors = { nonsense = 1; };' >"$tmp/broken.theme"
expect_lacks "a broken theme does not get that far" "$(theme_run "$bin" "$tmp/broken.theme")" "needs a terminal"
# the packaged bash completion finds the packaged themes beside it
got=$(env -i HOME="$tmp/home" bash -c '. "$1"; COMP_WORDS=(origo --theme ""); COMP_CWORD=2; _origo; printf "%s\n" "${COMPREPLY[@]}"' _ \
	"$x/usr/share/bash-completion/completions/origo" | sort | paste -sd' ')
expect_eq "the packaged completion lists the packaged themes" "$got" "default high-contrast light mono"

# A fresh Debian root: apt installs the package with its dependencies, and the
# installed origo runs there and loads its themes from /usr/share/origo.
if [ -n "$fresh" ]; then
	if [ "$(id -u)" != 0 ] || [ ! -x "$fresh/usr/bin/apt-get" ]; then
		not_ok "a fresh root to install into" "--root needs root and a Debian root (debootstrap) in $fresh"
		t_done
	fi
	run=$tmp/root
	cp -a "$fresh" "$run"
	mount -t proc proc "$run/proc" && mount --bind /dev "$run/dev"
	cp /etc/resolv.conf "$run/etc/resolv.conf" 2>/dev/null
	cp "$deb" "$run/tmp/"
	in_root() { chroot "$run" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
	if in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/'"${deb##*/}" >"$tmp/apt.log" 2>&1; then
		ok "apt installs the package in a fresh root"
	else
		not_ok "apt installs the package in a fresh root" "$(tail -5 "$tmp/apt.log")"
	fi
	expect_has "installed: origo --version" "$(in_root origo --version 2>&1)" "origo $version"
	expect_has "installed: the light theme loads" \
		"$(in_root env GCORE_API_KEY=k GCORE_BASE_URL=http://127.0.0.1:9 setsid -w origo --theme light 2>&1 </dev/null)" \
		"needs a terminal"
	expect_has "installed: the man page" "$(in_root dpkg -L origo)" "/usr/share/man/man1/origo.1.gz"
	in_root dpkg -r origo >/dev/null 2>&1
	if [ -e "$run/usr/bin/origo" ] || [ -e "$run/usr/share/origo" ]; then
		not_ok "dpkg -r removes it" "files left"
	else
		ok "dpkg -r removes it"
	fi
fi
t_done
