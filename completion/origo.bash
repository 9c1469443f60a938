# bash completion for origo(1)                           -*- shell-script -*-
# Completes the commands, the options, account names (read from the config
# file: -c/--config on the line, else $ORIGO_CONFIG, else
# $XDG_CONFIG_HOME/origo/config, else ~/.config/origo/config; with no file,
# the accounts the providers' variables define) and theme names (the
# installed themes and your own in ~/.config/origo/themes).
# Needs nothing but bash: the bash-completion package only loads it.

# The installed themes are beside this file: PREFIX/share/origo/themes for
# PREFIX/share/bash-completion/completions/origo.
_origo_datadir=$(cd "$(dirname "${BASH_SOURCE[0]:-.}")/../../origo" 2>/dev/null && pwd)

# The config file origo would read for the words on the line.
_origo_config_path()
{
	local i w
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-c | --config)
			# "--config=FILE" arrives as --config, =, FILE
			[[ ${COMP_WORDS[i + 1]:-} == = ]] && ((i++))
			[[ $((i + 1)) -lt $COMP_CWORD ]] && { printf '%s\n' "${COMP_WORDS[i + 1]/#\~/$HOME}"; return; }
			;;
		--config=?*) printf '%s\n' "${w#--config=}"; return ;;
		-c?*) printf '%s\n' "${w#-c}"; return ;;
		esac
	done
	if [[ -n ${ORIGO_CONFIG:-} ]]; then
		printf '%s\n' "$ORIGO_CONFIG"
	elif [[ ${XDG_CONFIG_HOME:-} == /* && -f $XDG_CONFIG_HOME/origo/config ]]; then
		printf '%s\n' "$XDG_CONFIG_HOME/origo/config"
	else
		printf '%s\n' "${HOME:-}/.config/origo/config"
	fi
}

# Account names: every `name = "..."` of the config file (libconfig also
# allows ':'); comments are skipped.
_origo_accounts()
{
	local cfg
	cfg=$(_origo_config_path)
	if [[ -r $cfg ]]; then
		sed -e 's/#.*$//' -e 's|//.*$||' -- "$cfg" 2>/dev/null |
			grep -oE '(^|[^A-Za-z0-9_-])name[[:space:]]*[=:][[:space:]]*"[^"]*"' |
			sed -E 's/.*"([^"]*)"$/\1/'
	else
		[[ -n ${GCORE_API_KEY:-} ]] && echo gcore
		[[ -n ${YC_TOKEN:-}${YC_FOLDER_ID:-} ]] && echo yandex
		[[ -n ${IDS_CLIENT_ID:-}${IDS_CLIENT_SECRET:-} ]] && echo edgio
	fi
	return 0
}

# Theme names: *.theme in your themes folder and the installed ones.
_origo_themes()
{
	local d f
	local dirs=()
	if [[ ${XDG_CONFIG_HOME:-} == /* ]]; then
		dirs+=("$XDG_CONFIG_HOME/origo/themes")
	else
		dirs+=("${HOME:-}/.config/origo/themes")
	fi
	[[ -n ${ORIGO_DATADIR:-} ]] && dirs+=("$ORIGO_DATADIR/themes")
	[[ -n $_origo_datadir ]] && dirs+=("$_origo_datadir/themes")
	dirs+=(/usr/share/origo/themes /usr/local/share/origo/themes)
	for d in "${dirs[@]}"; do
		for f in "$d"/*.theme; do
			[[ -f $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.theme}"
		done
	done | sort -u
}

_origo()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	# "--opt=VALUE" arrives as --opt, =, VALUE (or --opt, = while typing)
	if [[ $cur == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [[ $prev == = ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]:-}
	fi
	local IFS=$'\n'
	COMPREPLY=()
	case $prev in
	-c | --config | --log)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return 0
		;;
	-a | --account)
		COMPREPLY=($(compgen -W "$(_origo_accounts)" -- "$cur"))
		return 0
		;;
	-g | --group)
		# a group's name or id is the account's, not known here
		return 0
		;;
	--watch)
		# seconds between probes (at least 2): no list to offer
		return 0
		;;
	-t | --theme)
		if [[ $cur == */* ]]; then
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
		else
			COMPREPLY=($(compgen -W "$(_origo_themes)" -- "$cur"))
		fi
		return 0
		;;
	esac

	# the command given so far, if any (skipping options and their values)
	local i w command=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-c | --config | -a | --account | -t | --theme | --log | -g | --group | --watch)
			((i++))
			[[ ${COMP_WORDS[i]:-} == = ]] && ((i++))
			;;
		-*) ;;
		*) command=$w; break ;;
		esac
	done

	# word lists are one a line (IFS is a newline: names may hold spaces)
	local opts
	opts=$(printf '%s\n' --config --account --theme --read-only --log --no-color --ascii --help --version)
	if [[ $cur == -* ]]; then
		[[ -n $command ]] && opts+=$'\n--json'
		case $command in
		disable | enable) opts+=$'\n--group\n--dry-run\n--yes' ;;
		backup) opts+=$'\n--group\n--dry-run\n--yes\n--on\n--off' ;;
		probe) opts+=$'\n--watch' ;;
		esac
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [[ -z $command ]]; then
		COMPREPLY=($(compgen -W $'list\nshow\nsources\ndisable\nenable\nbackup\nprobe' -- "$cur"))
	fi
	# show GROUP, disable ORIGIN, probe ORIGIN|GROUP: the account's names, not known here
	return 0
}
complete -F _origo origo
