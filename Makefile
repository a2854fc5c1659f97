# jiaohao — one top-level Makefile; each program's folder adds a fragment (*.mk).
#   make            build every program into bin/
#   make check      build and run every test; ends with "N passed, N failed"
#   make check SAN=1  the same with ASan+UBSan
#   make check-ha   only the district's database failover test (pg_auto_failover)
#   make bench      run the benchmarks
#   make demo       install what is missing, build, and start a demo hall in tmux
#   make demo-district  a district demo: PostgreSQL, jhdistrict, two centres (docs/DISTRICT.md)
#   make deps       install the Debian packages (idempotent)

# The Debian packages come first. The flags below (pkg-config, cups-config) are expanded
# while make reads this file, so on a fresh machine scripts/deps.sh must have run before
# that: it runs here, as make parses, for every goal but clean (JH_NO_DEPS=1 skips it; sub-
# makes skip it too). It installs only what is missing and prints nothing when nothing is.
ifeq ($(filter clean,$(MAKECMDGOALS))$(JH_NO_DEPS)$(filter-out 0,$(MAKELEVEL)),)
DEPS_STATUS := $(shell sh scripts/deps.sh >&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error scripts/deps.sh failed (exit $(DEPS_STATUS)): the packages above could not be installed)
endif
endif

CC      ?= cc
SAN     ?= 0
OPT     ?= -O2
CFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) -g \
           -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -MMD -MP
LDFLAGS :=
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD   := build-san
else
BUILD   := build
endif
BIN     := bin
# bin/ holds one flavour at a time: switching between the plain and the sanitizer build
# empties it, so a later plain build never keeps sanitizer binaries (or the reverse).
ifeq ($(filter clean deps,$(MAKECMDGOALS)),)
$(shell [ -f bin/.flavour-$(BUILD) ] || { rm -rf bin; mkdir -p bin; touch bin/.flavour-$(BUILD); })
endif

PKG      = $(shell pkg-config --cflags $(1))
PKGLIBS  = $(shell pkg-config --libs $(1))

PROGS   :=
TESTS   :=
BENCHES :=
EXTRA_ALL :=

.PHONY: all progs check check-ha check-faults bench demo demo-district demo-district-stop deps clean install
# Keep every object make builds on the way (no "rm ..." after the test summary, which must
# be make check's last line, and no rebuilding them next time).
.SECONDARY:
all: progs

# Pattern: every .c under the tree compiles into $(BUILD)/<path>.o
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CFLAGS_$(subst /,_,$(dir $<))) -c $< -o $@

include server/client/client.mk
-include server/server.mk
-include server/appt.mk
-include server/district/district.mk
-include terminal/terminal.mk
-include printers/printers.mk
-include firmware-bridge/firmware/firmware.mk
-include firmware-bridge/bridge.mk
-include server/web/web.mk
-include firmware-bridge/voice/voice.mk
-include tests/tests.mk

progs: $(PROGS) $(EXTRA_ALL)

# deps: the packages were installed while make read this file (above).
deps:
	@echo "deps: every package jiaohao needs is installed"

# Unit tests run once more under valgrind (plain build only: ASan checks leaks under SAN=1).
ifneq ($(SAN),1)
VALGRIND_TESTS := tests/lib/valgrind.sh
endif

check: progs $(TESTS)
	@BUILD=$(BUILD) SAN=$(SAN) JH_TESTS="$(TESTS)" sh tests/lib/runner.sh $(TESTS) $(VALGRIND_TESTS)

# The district's failover tests (pg_auto_failover): tests/district/ha*.sh (clients ask once,
# a 2 s demote timeout: jhdistrict's own retry; make check runs it too) and tests/ha/failover.sh
# (clients ask again when told unavailable, default timeouts; only here: its burst may end
# before the kill).
HA_TESTS := tests/ha/failover.sh $(sort $(wildcard tests/district/ha*.sh))
check-ha: progs
	@BUILD=$(BUILD) SAN=$(SAN) sh tests/lib/runner.sh $(HA_TESTS)

# The long fault-injection sweeps (tests/server/faults.sh with JH_FAULT_FULL=1: every SQLite
# step of its script; make check runs a short one).
check-faults: progs
	@BUILD=$(BUILD) SAN=$(SAN) JH_FAULT_FULL=1 JH_TEST_TIMEOUT=3600 sh tests/lib/runner.sh \
		tests/server/faults.sh

bench: progs $(BENCHES)
	@BUILD=$(BUILD) sh tests/lib/bench.sh $(BENCHES)

demo: progs
	sh scripts/demo.sh

# a district: a private PostgreSQL, jhdistrict and two centres' jhd (scripts/demo-district.sh)
demo-district: progs
	sh scripts/demo-district.sh

demo-district-stop:
	sh scripts/demo-district.sh stop

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs of a hall (not the test tools),
# jhterm's catalogues, the manual pages, the documents they name (docs/*.md, in
# PREFIX/share/doc/jiaohao: the pages say /usr/local/share/..., made PREFIX/share/... here),
# the sample hall and bridge files, the printer set-up script and systemd units for jhd and
# jhbridge (docs: README.md, "Setting up a real hall").
PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL_PROGS := jhd jhctl jhcall jhterm jhkiosk jhbridge jhled-sim jhweb jhvoice
INSTALL_UNITS := server/systemd/jhd.service.in firmware-bridge/systemd/jhbridge.service.in \
	server/web/jhweb.service.in
install: progs
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/jiaohao/examples \
		$(DESTDIR)$(PREFIX)/share/doc/jiaohao $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0755 $(addprefix $(BIN)/,$(INSTALL_PROGS)) $(DESTDIR)$(PREFIX)/bin/
	for f in $(BIN)/locale/*/LC_MESSAGES/*.mo; do \
		d=$(DESTDIR)$(PREFIX)/share/$${f#$(BIN)/}; \
		install -d "$${d%/*}" && install -m 0644 "$$f" "$$d" || exit 1; \
	done
	for m in docs/man/*.[158]; do \
		n=$${m##*/}; d=$(DESTDIR)$(PREFIX)/share/man/man$${n##*.}/$$n; \
		sed 's|/usr/local/share/|$(PREFIX)/share/|g' "$$m" >"$$d" && chmod 0644 "$$d" || exit 1; \
	done
	install -m 0644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/jiaohao/
	install -m 0644 server/examples/district.ini firmware-bridge/examples/bridge.ini \
		$(DESTDIR)$(PREFIX)/share/jiaohao/examples/
	install -m 0755 printers/setup/setup-printers.sh $(DESTDIR)$(PREFIX)/share/jiaohao/
	for u in $(INSTALL_UNITS); do \
		n=$${u##*/}; sed 's|@PREFIX@|$(PREFIX)|g' "$$u" \
			>$(DESTDIR)$(PREFIX)/lib/systemd/system/$${n%.in} && \
		chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/$${n%.in} || exit 1; \
	done

clean:
	rm -rf build build-san build-fuzz bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
