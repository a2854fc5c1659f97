#!/bin/bash
# doclinks.sh — every document a file of the tree points to is in the tree: markdown links
# (and their #anchors, against the target's headings), names of markdown files anywhere (docs,
# man pages, code comments, scripts; a man page may name one at its installed place,
# /usr/local/share/doc/jiaohao/NAME, which is docs/NAME here), and the paths of the tree that
# the documents quote (`server/...`, `tests/...`; a program may be named by its source, NAME.c
# or NAME.sh). A name is looked for beside the file that mentions it, then from the top.
source "$(dirname "$0")/t.sh"
export LC_ALL=C.UTF-8
cd "$JH_TOP" || exit 1

# the text files of the tree (not what the build makes)
files=$(find . \( -path ./.git -o -path './build*' -o -path ./bin -o -name node_modules \) -prune -o -type f -print |
	sed 's|^\./||' | sort)
files=$(grep -lI '' $files)
mdfiles=$(grep '\.md$' <<<"$files")
manpages=$(grep -E '^docs/man/.*\.[158]$' <<<"$files")
check "there are documents to check" test -n "$mdfiles"

# resolve FILE NAME: the path NAME stands for, relative to FILE's folder or to the top
resolve() {
	local dir=${1%/*}
	[ "$dir" = "$1" ] && dir=.
	case "$2" in
	*share/doc/jiaohao/*) echo "docs/${2##*share/doc/jiaohao/}" ;;	# installed: docs/
	/*) echo "$2" ;;
	*) if [ -e "$dir/$2" ]; then echo "$dir/$2"; else echo "$2"; fi ;;
	esac
}
# slugs FILE: the anchors of a markdown file's headings, as GitHub makes them
slugs() {
	sed -n 's/^#\{1,6\} \{1,\}//p' "$1" | tr 'A-Z' 'a-z' |
		sed 's/[^[:alnum:] _-]//g; s/ /-/g'
}

# 1. markdown links
bad=""
n=0
for f in $mdfiles; do
	while IFS= read -r target; do
		n=$((n + 1))
		case "$target" in http://*|https://*|mailto:*) continue ;; esac
		path=${target%%#*}
		anchor=""
		[ "$path" != "$target" ] && anchor=${target#*#}
		if [ -z "$path" ]; then
			p=$f
		else
			p=$(resolve "$f" "$path")
			if [ ! -e "$p" ]; then
				bad="$bad $f→$target"
				continue
			fi
		fi
		if [ -n "$anchor" ] && [[ "$p" == *.md ]] && ! slugs "$p" | grep -qxF -- "$anchor"; then
			bad="$bad $f→$target(no such heading)"
		fi
	done < <(grep -o '\]([^)]*)' "$f" | sed 's/^](//; s/)$//; s/ .*//')
done
check "markdown links were found ($n)" test "$n" -gt 0
expect_eq "every markdown link leads to a file of the tree (and heading)" "${bad# }" ""

# 2. names of markdown files, in every text file (man pages: their escapes undone)
bad=""
n=0
for f in $files; do
	if grep -qxF -- "$f" <<<"$manpages"; then
		text=$(sed 's/\\-/-/g; s/\\&//g; s/\\(..//g' "$f")
	else
		text=$(cat "$f")
	fi
	while IFS= read -r name; do
		[ -n "$name" ] || continue
		n=$((n + 1))
		p=$(resolve "$f" "$name")
		[ -e "$p" ] || [ -e "${name#/}" ] || bad="$bad $f:$name"
	done < <(sed -E 's#[a-z]+://[^ )>"]*##g' <<<"$text" |
		grep -oE '[A-Za-z0-9_./-]*[A-Za-z0-9_]\.md\b' | sort -u)
done
check "names of markdown files were found ($n)" test "$n" -gt 0
expect_eq "every markdown file named is in the tree" "${bad# }" ""

# 3. paths of the tree quoted in the documents and the man pages
bad=""
n=0
for f in $mdfiles $manpages; do
	while IFS= read -r path; do
		n=$((n + 1))
		path=${path%/}
		case "$path" in *'*'*) continue ;; esac	# a pattern: server/appt_*.c
		[ -e "$path" ] || [ -e "$path.c" ] || [ -e "$path.sh" ] || bad="$bad $f:$path"
	done < <(sed 's/\\-/-/g' "$f" |
		grep -oE '(^|[ `(])(server|terminal|printers|firmware-bridge|tests|scripts|docs)/[A-Za-z0-9_.*/-]*[A-Za-z0-9_/*]' |
		sed -E 's/^[ `(]//' | sort -u)
done
check "paths of the tree were quoted ($n)" test "$n" -gt 0
expect_eq "every path of the tree a document quotes exists" "${bad# }" ""
t_finish
