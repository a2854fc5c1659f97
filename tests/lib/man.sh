#!/bin/bash
# man.sh — the man pages in docs/man: each renders without a single groff warning (man -l of
# man-db, else groff -man) and names every option that its program's usage prints; the hall
# file's page, jiaohao-hall(5), names every section, key and flag that the parsers read.
source "$(dirname "$0")/t.sh"

PAGES="jhd.8 jhctl.8 jhcall.1 jhterm.1 jhkiosk.1 jhbridge.8 jhled-sim.1 jhweb.8 jhvoice.8 jhdistrict.8"
MANDIR=$JH_TOP/docs/man
export LC_ALL=C.UTF-8 MANWIDTH=80 MANROFFSEQ=''

if command -v man >/dev/null && man --version 2>/dev/null | grep -q '^man '; then
	how="man -l"
	lint() { man --warnings=w -E UTF-8 -l -Tutf8 -Z "$1" 2>&1 >/dev/null; }
	text() { man -E UTF-8 -l "$1" 2>/dev/null | col -b; }
elif command -v groff >/dev/null; then
	how="groff -man"
	lint() { groff -k -man -Tutf8 -ww -z "$1" 2>&1; }
	text() { groff -k -man -Tutf8 -P-cbou "$1" 2>/dev/null; }
else
	not_ok "renderer_present: neither man-db nor groff is installed (apt-get install groff-base)"
	t_finish
fi
echo "# rendering with $how"

# What a reader sees: rendered, with the typographic hyphens and minus signs as ASCII '-'.
plain() { text "$1" | sed 's/\xe2\x80\x90/-/g; s/\xe2\x80\x91/-/g; s/\xe2\x88\x92/-/g'; }

for page in $PAGES; do
	prog=${page%.*}
	sect=${page##*.}
	name=${prog//-/_}
	f=$MANDIR/$page
	if [ ! -f "$f" ]; then
		not_ok "${name}_has_a_man_page: $f is missing"
		continue
	fi
	warn=$(lint "$f")
	if [ -z "$warn" ]; then ok "${name}_page_renders_without_warnings"
	else not_ok "${name}_page_renders_without_warnings: $(printf '%s' "$warn" | head -5)"; fi
	out=$(plain "$f")
	expect_match "${name}_page_is_named_and_sectioned" "$(printf '%s' "$out" | head -3)" \
		"^${prog^^}\\($sect\\)"
	expect_match "${name}_page_has_name_synopsis_and_options" \
		"$(printf '%s' "$out" | grep -E '^[A-Z]' | tr '\n' ' ')" \
		"NAME SYNOPSIS DESCRIPTION OPTIONS .*SEE ALSO"

	# the usage as the program prints it (English), whatever its exit status
	if [ ! -x "$JH_BIN/$prog" ]; then
		not_ok "${name}_usage_options_are_in_its_page: $JH_BIN/$prog is not built"
		continue
	fi
	usage=$(LANGUAGE=en LANG=C.UTF-8 timeout 10 "$JH_BIN/$prog" --help </dev/null 2>&1 |
		sed -n '/^usage: /,$p')
	opts=$(printf '%s\n' "$usage" | grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' | sort -u)
	if ! printf '%s' "$usage" | grep -q '^usage: '"$prog" || [ -z "$opts" ]; then
		not_ok "${name}_usage_options_are_in_its_page: no usage with options from" \
			"$prog --help: $(printf '%s' "$usage" | head -3)"
		continue
	fi
	missing=""
	for o in $opts; do
		printf '%s\n' "$out" | grep -qE -- "(^|[^a-z0-9-])$o([^a-z0-9-]|\$)" ||
			missing="$missing $o"
	done
	expect_eq "${name}_usage_options_are_in_its_page ($(echo $opts | wc -w) options)" \
		"${missing# }" ""
done

# jiaohao-hall(5): the hall file as the parsers read it (hallconf.c with its [limits] table,
# appt_slots.c, dist_conf.c, sched.c's lane names): every section, key and service flag is in
# the page.
f=$MANDIR/jiaohao-hall.5
if [ ! -f "$f" ]; then
	not_ok "hall_file_has_a_man_page: $f is missing"
	t_finish
fi
warn=$(lint "$f")
if [ -z "$warn" ]; then ok "hall_file_page_renders_without_warnings"
else not_ok "hall_file_page_renders_without_warnings: $(printf '%s' "$warn" | head -5)"; fi
out=$(plain "$f")
expect_match "hall_file_page_is_named_and_sectioned" "$(printf '%s' "$out" | head -3)" \
	'^JIAOHAO-HALL\(5\)'
expect_match "hall_file_page_has_name_synopsis_sections_and_see_also" \
	"$(printf '%s' "$out" | grep -E '^[A-Z]' | tr '\n' ' ')" \
	"NAME SYNOPSIS DESCRIPTION SECTIONS .*DIAGNOSTICS .*SEE ALSO"
src=$JH_TOP/server
# the C string literals of a file's strcmp(VAR, "...") calls (and strncmp for prefixes)
lits() { grep -oE "str(n)?cmp\(($2), \"[a-z_ ]+\"" "$1" | sed -E 's/.*"([a-z_ ]+)"/\1/' | sort -u; }
sections=$( { lits "$src/hallconf.c" 'section|kind'; lits "$src/appt_slots.c" 'section';
	lits "$src/district/dist_conf.c" 'section'; } | sed 's/ $//' | sort -u)
keys=$( { lits "$src/hallconf.c" 'name'; lits "$src/appt_slots.c" 'key';
	lits "$src/district/dist_conf.c" 'key';
	sed -n '/lane_names\[LANE_COUNT\] = {/,/};/p' "$src/sched.c" | grep -oE '"[a-z]+"' | tr -d '"';
	# [limits]: the keys of the rate-limit classes' table, { "take", "takes_per_minute", ... }
	grep -oE '\{ "[a-z_]+", "[a-z_]+",' "$src/hallconf.c" | cut -d'"' -f4; } | sort -u)
flags=$(sed -n '/flag_names\[SVC_NFLAGS\] = {/,/};/p' "$src/hallconf.c" | grep -oE '"[a-z-]+"' | tr -d '"')
missing=""
for sec in $sections; do
	printf '%s\n' "$out" | grep -qE "^ *\[$sec( [A-Z]+)?\]" || missing="$missing [$sec]"
done
expect_eq "hall_file_page_names_every_section ($(echo $sections | wc -w) sections)" \
	"${missing# }" ""
missing=""
for k in $keys; do
	printf '%s\n' "$out" | grep -qE "(^|[^a-z_])$k = " || missing="$missing $k"
done
expect_eq "hall_file_page_names_every_key ($(echo $keys | wc -w) keys)" "${missing# }" ""
missing=""
for fl in $flags; do
	printf '%s\n' "$out" | grep -qE "(^|[^a-z-])$fl([^a-z-]|\$)" || missing="$missing $fl"
done
expect_eq "hall_file_page_names_every_flag ($(echo $flags | wc -w) flags)" "${missing# }" ""
t_finish
