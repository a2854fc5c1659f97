# cupsd.sh — a real private cupsd for tests, in $T_TMP/cups. Source after t.sh.
#   cupsd_start            own conf, domain socket, spool, cache, logs; FileDevice Yes;
#                          exports CUPS_SERVER (the socket) and CUPSD_PID; stopped at exit
#   cupsd_stop             SIGTERM and wait
#   cups_raw_queue NAME    raw queue on socket://127.0.0.1:PORT with a socat capture: each job
#                          lands in $T_TMP/cups/cap-NAME/job.* (the realistic path for a network
#                          receipt printer; see docs/HARDWARE.md, the raw file:// trap)
#   cups_file_queue NAME FILE  file:// queue with a pass-through PPD filter: the job's bytes land
#                          in FILE exactly. While $T_TMP/cups/paper-out-NAME exists the filter
#                          reports media-empty and fails, as a printer out of paper does.
source "$JH_TOP/printers/cupsd-conf.sh"
CUPS_DIR=$T_TMP/cups
CUPSD_PID=""
CUPS_SOCAT_PIDS=""

cupsd_start() {
	# filters run as user lp: the tree they read must be reachable
	chmod 755 "$T_TMP"
	mkdir -p "$CUPS_DIR"/{spool/tmp,cache,state,log,run,filter,ppd}
	chmod 755 "$CUPS_DIR" "$CUPS_DIR/filter"
	if ! cupsd_write_conf "$CUPS_DIR" "$CUPS_DIR/run/cups.sock" "JobRetryLimit 0"
	then
		echo "# cupsd -t refused the config:" >&2
		sed 's/^/#   /' "$CUPS_DIR/log/t.out" >&2
		return 1
	fi
	t_at_exit 'cupsd_stop; cups_socat_stop'
	_cupsd_launch
}

_cupsd_launch() {
	rm -f "$CUPS_DIR/run/cups.sock"
	cupsd -f -c "$CUPS_DIR/cupsd.conf" -s "$CUPS_DIR/cups-files.conf" \
		>>"$CUPS_DIR/log/stdout" 2>&1 &
	CUPSD_PID=$!
	export CUPS_SERVER=$CUPS_DIR/run/cups.sock
	local i
	for i in $(seq 1 100); do
		if [ -S "$CUPS_SERVER" ] && lpstat -r >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "$CUPSD_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "# cupsd did not start; log:" >&2
	tail -20 "$CUPS_DIR/log/error_log" "$CUPS_DIR/log/stdout" 2>/dev/null | sed 's/^/#   /' >&2
	return 1
}

cupsd_stop() {
	[ -n "$CUPSD_PID" ] || return 0
	kill -TERM "$CUPSD_PID" 2>/dev/null
	wait "$CUPSD_PID" 2>/dev/null
	CUPSD_PID=""
}

# Start cupsd again on the same tree (queues are kept in its state).
cupsd_restart() {
	cupsd_stop
	_cupsd_launch
}

cups_socat_stop() {
	local p
	for p in $CUPS_SOCAT_PIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	CUPS_SOCAT_PIDS=""
}

cups_raw_queue() {
	local name=$1 cap=$CUPS_DIR/cap-$1 port pid i
	mkdir -p "$cap"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		port=$(( (RANDOM % 20000) + 30000 + (RANDOM % 7) ))
		socat -u "TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr" \
			"SYSTEM:cat > $cap/job.\$\$.part && mv $cap/job.\$\$.part $cap/job.\$\$" \
			2>>"$CUPS_DIR/log/socat" &
		pid=$!
		sleep 0.1
		if kill -0 "$pid" 2>/dev/null; then
			CUPS_SOCAT_PIDS="$CUPS_SOCAT_PIDS $pid"
			lpadmin -p "$name" -E -v "socket://127.0.0.1:$port" -m raw 2>/dev/null
			return $?
		fi
		wait "$pid" 2>/dev/null
	done
	echo "# no free port for the socat capture" >&2
	return 1
}

cups_file_queue() {
	local name=$1 out=$2 filter=$CUPS_DIR/filter/pass-$1
	cat >"$filter" <<FILTER
#!/bin/sh
# pass-through filter: argv job user title copies options [file]
if [ -e "$CUPS_DIR/paper-out-$name" ]; then
	echo "STATE: +media-empty-error" >&2
	echo "ERROR: out of paper" >&2
	exit 1
fi
echo "STATE: -media-empty-error" >&2
if [ -n "\$6" ]; then exec cat "\$6"; else exec cat; fi
FILTER
	chmod 755 "$filter"
	cat >"$CUPS_DIR/ppd/$name.ppd" <<PPD
*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "JHPASS.PPD"
*Manufacturer: "jiaohao"
*Product: "(pass-through)"
*ModelName: "jiaohao pass-through"
*ShortNickName: "jiaohao pass-through"
*NickName: "jiaohao pass-through"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*TTRasterizer: Type42
*cupsVersion: 2.4
*cupsFilter: "application/vnd.cups-raw 0 $filter"
*cupsFilter: "application/pdf 0 $filter"
*cupsFilter: "text/plain 0 $filter"
*OpenUI *PageSize: PickOne
*DefaultPageSize: A6
*PageSize A6/A6: "<</PageSize[297 420]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A6
*ImageableArea A6/A6: "0 0 297 420"
*DefaultPaperDimension: A6
*PaperDimension A6/A6: "297 420"
PPD
	lpadmin -p "$name" -E -v "file://$out" -P "$CUPS_DIR/ppd/$name.ppd" 2>/dev/null
}
