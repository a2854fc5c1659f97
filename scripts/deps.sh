#!/bin/sh
# Installs the Debian packages jiaohao needs to build, test and run a demo hall.
# Idempotent: installs only what is missing; runs apt-get update first when it must install.
set -e
# python3 reads the source for tests/server/op_fields.sh (and drives tests/ha, tests/web).
# clang-14 builds the libFuzzer harnesses (tests/fuzz); libclang-rt-14-dev, only recommended by
# clang-14, holds the libFuzzer, ASan and UBSan runtimes it links.
PKGS="build-essential pkg-config libjansson-dev libsqlite3-dev sqlite3 libsodium-dev
libinih-dev libgnutls28-dev libncurses-dev tmux gettext libcups2-dev cups cups-client cups-bsd cups-daemon
libcairo2-dev fonts-wqy-zenhei poppler-utils libserialport-dev socat libmodbus-dev unifont
gcc-avr avr-libc binutils-avr simavr libsimavr-dev libsimavrparts1 libelf-dev valgrind
procps psmisc libqrencode-dev jq groff-base file libmicrohttpd-dev chromium nodejs npm curl
espeak-ng sox libsox-fmt-base libasound2-dev alsa-utils clang-14 libclang-rt-14-dev
postgresql-15 libpq-dev systemd python3
postgresql-15-auto-failover pg-auto-failover-cli"
missing=""
for p in $PKGS; do
	case $p in	# node and npm from elsewhere will do (NodeSource's nodejs includes npm)
	nodejs) command -v node >/dev/null && continue ;;
	npm) command -v npm >/dev/null && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi
echo "deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
