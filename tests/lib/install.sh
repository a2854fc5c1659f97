# install.sh — make install into a temporary root: the programs, jhterm's catalogues (found
# from the installed binary), the manual pages and the documents they name (at the installed
# path, which follows the prefix), the examples and the systemd units, whose command lines
# name installed programs with options those programs have; then the installed jhd serves a
# ticket on the installed sample hall. A second prefix shows in the units and the pages.
source "$(dirname "$0")/t.sh"
source "$JH_TOP/tests/lib/jhd.sh"

# the flavour bin/ holds now (make would empty bin/ to switch), and no jobserver of the make
# that runs the tests
san=0
[ -f "$JH_TOP/bin/.flavour-build-san" ] && san=1
inst() {	# inst ROOT PREFIX
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$JH_TOP" SAN=$san install \
		DESTDIR="$1" PREFIX="$2" >"$T_TMP/make.out" 2>&1
}

R=$T_TMP/root
P=/usr/local
inst "$R" "$P"
expect_eq "make install DESTDIR=… exits 0" "$?" 0
runs() { "$@" >/dev/null 2>&1; }
for p in jhd jhctl jhcall jhterm jhkiosk jhbridge jhled-sim jhweb; do
	check "$p is installed, executable, and runs (--help exits 0)" runs "$R$P/bin/$p" --help
done
expect_eq "the test tools are not installed" "$(ls "$R$P/bin" | grep -c 'jhled-avr')" 0

# catalogues: the installed jhterm finds them in ../share/locale (there is no bin/locale
# beside it); without them it speaks English
unset JH_LOCALEDIR
expect_eq "the zh_CN catalogue is installed" \
	"$(ls "$R$P/share/locale/zh_CN/LC_MESSAGES/")" jhterm.mo
expect_match "the installed jhterm speaks Chinese with --lang zh_CN" \
	"$("$R$P/bin/jhterm" --lang zh_CN 2>&1 | head -1)" '请指定 --clerk 或 --supervisor'
mv "$R$P/share/locale" "$T_TMP/locale.away"
expect_match "and only through that catalogue (moved away: English)" \
	"$("$R$P/bin/jhterm" --lang zh_CN 2>&1 | head -1)" 'say --clerk or --supervisor'
mv "$T_TMP/locale.away" "$R$P/share/locale"

# manual pages, each in its section
for m in "$JH_TOP"/docs/man/*.[158]; do
	n=${m##*/}
	check "manual page $n is installed in man${n##*.}" test -f "$R$P/share/man/man${n##*.}/$n"
done
# documents: every one of docs/, and every file a manual page names under the prefix is there
for d in "$JH_TOP"/docs/*.md; do
	check "document ${d##*/} is installed in share/doc/jiaohao" \
		cmp "$d" "$R$P/share/doc/jiaohao/${d##*/}"
done
# pages_name_installed_files ROOT PREFIX: the paths under PREFIX/share that the installed pages
# name all exist; no page names a document by its place in the source tree (under docs/)
pages_name_installed_files() {
	local root=$1 prefix=$2 f named missing=""
	named=$(grep -ho "$prefix/share/[A-Za-z0-9_./-]*[A-Za-z0-9_]" \
		"$root$prefix"/share/man/man[158]/* | sort -u)
	expect_match "the pages name documents under $prefix/share/doc/jiaohao" "$named" \
		"^$prefix/share/doc/jiaohao/PROTOCOL.md\$"
	for f in $named; do
		[ -e "$root$f" ] || missing="$missing $f"
	done
	expect_eq "every file the pages name under $prefix is installed" "${missing# }" ""
	expect_eq "no page names a document by its place in the source tree" \
		"$(grep -l 'docs/[A-Z]*\.md' "$root$prefix"/share/man/man[158]/* | tr '\n' ' ')" ""
}
pages_name_installed_files "$R" "$P"
# the installed documents link only to each other
bad=""
for d in "$R$P"/share/doc/jiaohao/*.md; do
	for l in $(grep -o '](\([^)#]*\)' "$d" | sed 's/^](//'); do
		case "$l" in ''|*:*) continue ;; esac	# an anchor of the page, a URL
		[ -e "$R$P/share/doc/jiaohao/$l" ] || bad="$bad ${d##*/}:$l"
	done
done
expect_eq "the installed documents' links lead to installed documents" "${bad# }" ""
check "the sample hall is installed" cmp "$JH_TOP/server/examples/district.ini" \
	"$R$P/share/jiaohao/examples/district.ini"
check "the bridge example is installed" test -f "$R$P/share/jiaohao/examples/bridge.ini"
check "the printer set-up script is installed, executable" test -x "$R$P/share/jiaohao/setup-printers.sh"

# units: ExecStart names the installed program, with options it knows; the state and
# runtime folders systemd makes are those the command line uses
for u in jhd jhbridge jhweb; do
	f=$R$P/lib/systemd/system/$u.service
	check "$u.service is installed" test -f "$f"
	expect_eq "$u.service has no @PREFIX@ left" "$(grep -c '@PREFIX@' "$f")" 0
	cmd=$(sed -n 's/^ExecStart=//p' "$f")
	prog=${cmd%% *}
	expect_eq "$u.service starts $P/bin/$u" "$prog" "$P/bin/$u"
	help=$("$R$prog" --help 2>&1)
	for o in $(grep -o -- '--[a-z-]*' <<<"$cmd"); do
		expect_match "$u.service: $o is an option of $u" "$help" "(^|[[ ])$o([] =]|\$)"
	done
done
f=$R$P/lib/systemd/system/jhd.service
cmd=$(sed -n 's/^ExecStart=//p' "$f")
expect_eq "jhd.service: systemd makes its state folder" "$(sed -n 's/^StateDirectory=//p' "$f")" jiaohao
expect_match "where its database is" "$cmd" ' --db /var/lib/jiaohao/[^/ ]+ '
expect_eq "jhd.service: systemd makes its runtime folder" "$(sed -n 's/^RuntimeDirectory=//p' "$f")" jiaohao
expect_match "where its socket is" "$cmd" ' --unix /run/jiaohao/[^/ ]+( |$)'
expect_match "jhd.service stays in the foreground" "$cmd" ' --foreground( |$)'
expect_eq "jhbridge.service may use the serial ports" \
	"$(sed -n 's/^SupplementaryGroups=//p' "$R$P/lib/systemd/system/jhbridge.service")" dialout

# least privilege (issue 18): every unit confined to an exposure of 3.0 or lower by
# systemd-analyze security, offline, on the installed file; the device programs run as their
# own users, outside the server's group (which may use the admin socket)
if command -v systemd-analyze >/dev/null; then
	for u in jhd jhbridge jhweb jhvoice; do
		f=$R$P/lib/systemd/system/$u.service
		sa=$(cd "$T_TMP" && systemd-analyze security --offline=yes "$f" 2>&1)
		level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$sa")
		if [ -z "$level" ]; then
			not_ok "systemd-analyze security rates $u.service: $(tail -3 <<<"$sa")"
		elif awk -v l="$level" 'BEGIN { exit !(l <= 3.0) }'; then
			ok "systemd-analyze security rates $u.service $level (at most 3.0)"
		else
			not_ok "systemd-analyze security rates $u.service $level, over 3.0: $(grep '✗' <<<"$sa" | sort -k2 | tail -5)"
		fi
	done
else
	not_ok "systemd-analyze is installed (package systemd)"
fi
for u in jhbridge jhweb jhvoice; do
	f=$R$P/lib/systemd/system/$u.service
	expect_eq "$u.service runs as its own user" "$(sed -n 's/^User=//p' "$f")" "$u"
	expect_eq "$u.service is not in the server's group" \
		"$(grep -E '^(Group|SupplementaryGroups)=.*\bjiaohao\b' "$f")" ""
done
expect_eq "jhbridge.service may open the serial devices and no other" \
	"$(sed -n 's/^DeviceAllow=//p' "$R$P/lib/systemd/system/jhbridge.service" | tr '\n' ' ')" \
	"char-ttyS rw char-ttyUSB rw char-ttyACM rw char-ttyAMA rw "

# the installed programs, away from the build tree: jhd on the installed sample hall
JH_BIN=$R$P/bin
if jhd_start "$R$P/share/jiaohao/examples/district.ini"; then
	tok=$(jhd_device kiosk-9 kiosk)
	expect_match "the installed jhd, jhctl and jhcall issue a ticket" \
		"$(jhcall --addr "$JHD_ADDR" --role kiosk --device kiosk-9 --token "$tok" \
		<<<'{"op":"take","service":"A"}')" '"ok":true.*"code":"A001"'
	jhd_stop
else
	not_ok "the installed jhd starts"
fi

# another prefix
inst "$T_TMP/root2" /opt/jiaohao
expect_eq "make install PREFIX=/opt/jiaohao exits 0" "$?" 0
expect_match "its unit starts /opt/jiaohao/bin/jhd" \
	"$(cat "$T_TMP/root2/opt/jiaohao/lib/systemd/system/jhd.service")" \
	'ExecStart=/opt/jiaohao/bin/jhd '
pages_name_installed_files "$T_TMP/root2" /opt/jiaohao
expect_eq "its pages name nothing under /usr/local" \
	"$(grep -l '/usr/local' "$T_TMP"/root2/opt/jiaohao/share/man/man[158]/* | tr '\n' ' ')" ""
t_finish
