#!/usr/bin/env bash
# The bash completion (completion/origo.bash), loaded in bash as the shell
# does, asked as the shell asks: COMPREPLY for the commands, an option,
# account names from a config file (the default one and one named with -c),
# theme names (the bundled ones, the user's, and those installed beside the
# completion file).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/pkg/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/origo-completion.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# A private HOME with a config and a theme of the user's.
export HOME=$tmp/home
unset XDG_CONFIG_HOME ORIGO_CONFIG GCORE_API_KEY YC_TOKEN YC_FOLDER_ID IDS_CLIENT_ID IDS_CLIENT_SECRET
mkdir -p "$HOME/.config/origo/themes"
cat >"$HOME/.config/origo/config" <<'CFG'
default_account = "prod-gcore";
# name = "commented-out";
accounts = (
  { name = "prod-gcore"; provider = "gcore"; api_key_env = "GCORE_API_KEY"; },
  { name="yc-main"; provider = "yandex"; folder_id = "b1g"; },
  {
    name : "edgio live";
    provider = "edgio"; platform = "http-large"; client_id = "x";
  }
);
s3_credentials = ( { account = "prod-gcore"; bucket = "b"; } );
CFG
echo 'background = "black";' >"$HOME/.config/origo/themes/mine.theme"
cat >"$tmp/other.conf" <<'CFG'
accounts = ( { name = "staging"; provider = "gcore"; } );
CFG
export ORIGO_DATADIR=$root

. "$root/completion/origo.bash"

# complete WORD... : COMPREPLY, one per line, sorted, for the line
# "origo WORD..." with the cursor at the end of the last word.
complete_line()
{
	COMP_WORDS=(origo "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_origo
	printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' '
}

expect_eq "complete is registered for origo" "$(complete -p origo 2>/dev/null)" "complete -F _origo origo"
expect_eq "commands" "$(complete_line '')" "backup disable enable list probe show sources"
expect_eq "a command by prefix" "$(complete_line 'sh')" "show"
expect_eq "an option by prefix" "$(complete_line '--th')" "--theme"
expect_eq "options of -r" "$(complete_line '--r')" "--read-only"
expect_eq "--json only after a command" "$(complete_line '--js')" ""
expect_eq "--json after list" "$(complete_line list '--js')" "--json"
expect_eq "no command after a command" "$(complete_line list '')" ""
expect_eq "a bulk command by prefix" "$(complete_line 'dis')" "disable"
expect_eq "--dry-run after disable" "$(complete_line disable x.example.com:443 '--dr')" "--dry-run"
expect_eq "--on and --off after backup" "$(complete_line backup x.example.com:443 '--o')" "--off --on"
expect_eq "--on only after backup" "$(complete_line enable x.example.com:443 '--o')" ""
expect_eq "accounts after a bulk command's -g value" "$(complete_line disable o -g web -a 'prod')" "prod-gcore"
expect_eq "no group names after -g" "$(complete_line disable o -g '')" ""
expect_eq "probe by prefix" "$(complete_line 'pr')" "probe"
expect_eq "--json after probe" "$(complete_line probe o.example.com:443 '--js')" "--json"
expect_eq "--watch after probe" "$(complete_line probe o.example.com:443 '--wa')" "--watch"
expect_eq "--watch only after probe" "$(complete_line disable o.example.com:443 '--wa')" ""
expect_eq "no word for --watch's seconds" "$(complete_line probe o --watch '')" ""
expect_eq "accounts after probe -a" "$(complete_line probe o.example.com:443 -a 'yc')" "yc-main"
expect_eq "accounts after --watch's value" "$(complete_line probe o --watch 5 -a 'prod')" "prod-gcore"
expect_eq "accounts from ~/.config/origo/config" "$(complete_line -a '')" "edgio live prod-gcore yc-main"
expect_eq "accounts by prefix" "$(complete_line --account 'y')" "yc-main"
expect_eq "accounts from -c FILE" "$(complete_line -c "$tmp/other.conf" -a '')" "staging"
expect_eq "accounts from --config=FILE" "$(complete_line --config = "$tmp/other.conf" list --account '')" "staging"
expect_eq "accounts from \$ORIGO_CONFIG" "$(ORIGO_CONFIG=$tmp/other.conf complete_line -a '')" "staging"
expect_eq "accounts from the environment with no file" \
	"$(HOME=$tmp/nohome YC_TOKEN=t IDS_CLIENT_ID=c complete_line -a '')" "edgio yandex"
expect_eq "themes: bundled and the user's" "$(complete_line --theme '')" "default high-contrast light mine mono"
expect_eq "themes by prefix" "$(complete_line -t 'h')" "high-contrast"
expect_eq "--theme=NAME" "$(complete_line --theme = 'li')" "light"
expect_eq "accounts after options and before the command" "$(complete_line --read-only -a 'prod')" "prod-gcore"
expect_eq "command after an option's value" "$(complete_line -t mono 'l')" "list"
: >"$tmp/mylog.txt"
expect_eq "--log completes files" "$(cd "$tmp" && complete_line --log 'my')" "mylog.txt"

# Installed: the themes beside PREFIX/share/bash-completion/completions/origo.
prefix=$tmp/prefix
mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/origo/themes"
cp "$root/completion/origo.bash" "$prefix/share/bash-completion/completions/origo"
: >"$prefix/share/origo/themes/installed-only.theme"
got=$(ORIGO_DATADIR='' bash -c '. "$1"; COMP_WORDS=(origo --theme ""); COMP_CWORD=2; _origo; printf "%s\n" "${COMPREPLY[@]}"' _ \
	"$prefix/share/bash-completion/completions/origo" | sort | paste -sd' ')
expect_has "themes installed beside the completion file" "$got" "installed-only"

# zsh: the file parses, and its helpers find the same names. The completion
# system itself is not started: _arguments and _describe are stubbed, so
# sourcing the file runs its body and defines the helpers.
# zsh_names FILE FUNCTION WORD...: FUNCTION's output for "origo WORD...".
zsh_names()
{
	local file=$1 fn=$2
	shift 2
	zsh -f -c '_arguments() { :; }; _describe() { :; }; source "$1"; fn=$2; shift 2
		words=(origo "$@"); CURRENT=$#words; $fn' _ "$file" "$fn" "$@" | sort | paste -sd' '
}
if ! command -v zsh >/dev/null; then
	not_ok "zsh is installed" "make deps installs it"
else
	if zsh -n "$root/completion/_origo"; then ok "zsh: _origo parses"; else not_ok "zsh: _origo parses" "zsh -n failed"; fi
	expect_eq "zsh: accounts from ~/.config/origo/config" \
		"$(zsh_names "$root/completion/_origo" _origo_account_names -a '')" "edgio live prod-gcore yc-main"
	expect_eq "zsh: accounts from -c FILE" \
		"$(zsh_names "$root/completion/_origo" _origo_account_names -c "$tmp/other.conf" -a '')" "staging"
	expect_eq "zsh: accounts from the environment with no file" \
		"$(HOME=$tmp/nohome GCORE_API_KEY=k zsh_names "$root/completion/_origo" _origo_account_names -a '')" "gcore"
	# the options _arguments is given and the command list (_origo's
	# local array, seen from the stub it calls)
	zsh_spec=$(zsh -f -c '_arguments() { printf "%s\n" "$@"; print -rl -- $commands; }; _describe() { :; }; source "$1"' _ \
		"$root/completion/_origo")
	expect_has "zsh: probe is a command" "$zsh_spec" "probe:probe an origin"
	expect_has "zsh: --watch takes seconds" "$zsh_spec" "--watch=[with probe"
	expect_has "zsh: -a goes with probe" "$zsh_spec" "backup, probe)]"
	expect_eq "zsh: themes" "$(zsh_names "$root/completion/_origo" _origo_theme_names -t '')" \
		"default high-contrast light mine mono"
	mkdir -p "$prefix/share/zsh/vendor-completions"
	cp "$root/completion/_origo" "$prefix/share/zsh/vendor-completions/_origo"
	expect_has "zsh: themes installed beside the completion file" \
		"$(ORIGO_DATADIR='' zsh_names "$prefix/share/zsh/vendor-completions/_origo" _origo_theme_names -t '')" \
		"installed-only"
fi
t_done
