# cupsd-conf.sh — the configuration of a private cupsd (its own root, spool, logs and domain
# socket; FileDevice Yes), written once for the demo (printers/demo-cups.sh) and the tests
# (tests/printers/cupsd.sh). POSIX sh; source it.
#   cupsd_write_conf DIR SOCKET [DIRECTIVE...]
#       writes DIR/cups-files.conf and DIR/cupsd.conf (with each extra DIRECTIVE line) and checks
#       them with `cupsd -t`: 0, or 1 with cupsd's complaint in DIR/log/t.out.
#       DIR/log and DIR/spool/tmp must exist.
cupsd_write_conf() {
	_cc_dir=$1
	_cc_sock=$2
	shift 2
	cat >"$_cc_dir/cups-files.conf" <<CONF
FileDevice Yes
ServerRoot $_cc_dir
RequestRoot $_cc_dir/spool
CacheDir $_cc_dir/cache
StateDir $_cc_dir/state
TempDir $_cc_dir/spool/tmp
AccessLog $_cc_dir/log/access_log
ErrorLog $_cc_dir/log/error_log
PageLog $_cc_dir/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
SystemGroup root
CONF
	{
		printf 'Listen %s\nLogLevel info\nBrowsing No\nWebInterface No\nDefaultAuthType None\n' \
			"$_cc_sock"
		for _cc_line in "$@"; do
			printf '%s\n' "$_cc_line"
		done
		cat <<CONF
<Location />
Order allow,deny
Allow all
</Location>
<Location /admin>
Order allow,deny
Allow all
</Location>
<Policy default>
<Limit All>
Order deny,allow
</Limit>
</Policy>
CONF
	} >"$_cc_dir/cupsd.conf"
	cupsd -t -c "$_cc_dir/cupsd.conf" -s "$_cc_dir/cups-files.conf" >"$_cc_dir/log/t.out" 2>&1
}
