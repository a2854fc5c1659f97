#!/bin/sh
# setup-printers.sh — sets up the CUPS queues of a real hall's kiosk (run as root on the
# kiosk machine, with the system's cupsd running). See docs/PRINTING.md.
#
#   setup-printers.sh list                       USB and network printers CUPS can see
#   setup-printers.sh receipt NAME [DEVICE-URI]  raw queue for an ESC/POS receipt printer
#                                                (default: the first usb:// device found)
#   setup-printers.sh office NAME DEVICE-URI     driverless (IPP Everywhere) office printer,
#                                                e.g. ipp://192.0.2.10/ipp/print
#   setup-printers.sh test NAME [escpos|pdf]     print a test ticket through jhkiosk's renderer
#                                                (no server needed: uses --test-page)
set -e
cmd=${1:-}
case "$cmd" in
list)
	# -l: long listing; usb:// lines are receipt printers on the USB port
	lpinfo -l -v 2>/dev/null | grep -E 'uri = (usb|socket|ipp|ipps|dnssd)://' || true
	lpinfo -v
	;;
receipt)
	name=${2:?queue name}
	uri=${3:-$(lpinfo -v 2>/dev/null | awk '$2 ~ /^usb:\/\// {print $2; exit}')}
	if [ -z "$uri" ]; then
		echo "setup-printers: no usb:// printer found; give the device URI" >&2
		exit 1
	fi
	# A raw queue passes jhkiosk's ESC/POS bytes through untouched. "-m raw" is deprecated
	# in CUPS 2.4 but works; a network receipt printer is socket://HOST:9100.
	lpadmin -p "$name" -E -v "$uri" -m raw -D "jiaohao receipt printer" \
		-o printer-error-policy=abort-job
	# An empty queue that stops must be noticed: the kiosk watches printer-state.
	cupsenable "$name"
	cupsaccept "$name"
	echo "setup-printers: $name -> $uri (raw; use jhkiosk --printer $name --format escpos)"
	;;
office)
	name=${2:?queue name}
	uri=${3:?device URI, e.g. ipp://HOST/ipp/print}
	lpadmin -p "$name" -E -v "$uri" -m everywhere -D "jiaohao office printer" \
		-o printer-error-policy=abort-job -o media=iso_a6_105x148mm
	cupsenable "$name"
	cupsaccept "$name"
	echo "setup-printers: $name -> $uri (driverless; use jhkiosk --printer $name --format pdf)"
	;;
test)
	name=${2:?queue name}
	fmt=${3:-escpos}
	here=$(cd "$(dirname "$0")/../.." && pwd)
	"$here/bin/jhkiosk" --test-page --printer "$name" --format "$fmt"
	;;
*)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	exit 1
	;;
esac
