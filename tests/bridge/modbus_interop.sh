#!/bin/bash
# modbus_interop.sh — our Modbus master against libmodbus's RTU server across a pty pair.
. "$(dirname "$0")/../lib/t.sh"
. "$JH_TOP/tests/lib/pty.sh"
JH_BUILD=${JH_BUILD:-$JH_TOP/build}
prog=$JH_BUILD/tests/bridge/interop_modbus
if [ ! -x "$prog" ]; then
	not_ok "interop_modbus_built: $prog missing (make $prog)"
	t_finish
fi
if ! pty_pair mb; then
	not_ok "pty_pair_starts: socat or the shim is missing"
	t_finish
fi
# libmodbus opens the pty itself (plain termios); our master goes through libserialport.
LD_PRELOAD=$PTYSHIM timeout 60 "$prog" "$PTY_A" "$(readlink -f "${PTY_B#/dev/../../..}")"
rc=$?
[ $rc = 0 ] || T_FAILED=$((T_FAILED + 1))
t_finish
