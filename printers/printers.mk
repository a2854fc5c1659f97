# printers/: jhkiosk (kiosk screen, ticket rendering, printing through CUPS) and its tests.
# Debian's libcups has no pkg-config file: cups-config gives its flags.
CUPS_CFLAGS := $(shell cups-config --cflags)
CUPS_LIBS   := $(shell cups-config --libs)
CFLAGS_printers_ := $(call PKG,cairo fontconfig ncursesw jansson libqrencode) $(CUPS_CFLAGS) \
	-Iserver/client

RENDER_OBJS := $(addprefix $(BUILD)/printers/,ticket.o textwrap.o render_escpos.o render_pdf.o)
KIOSK_OBJS  := $(RENDER_OBJS) $(addprefix $(BUILD)/printers/,cupsprint.o kiosk_core.o \
	kiosk_screen.o kiosk_ui.o)

PROGS += bin/jhkiosk
bin/jhkiosk: $(BUILD)/printers/jhkiosk.o $(KIOSK_OBJS) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,ncursesw cairo fontconfig libqrencode) $(CUPS_LIBS)

CFLAGS_tests_printers_ := -Iprinters -Itests/lib -Iserver/client \
	$(call PKG,cairo fontconfig jansson libqrencode) \
	$(CUPS_CFLAGS)

$(BUILD)/tests/printers/render_test: $(BUILD)/tests/printers/render_test.o $(RENDER_OBJS) \
	$(TESTLIB) $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,cairo fontconfig libqrencode)

$(BUILD)/tests/printers/screen_test: $(BUILD)/tests/printers/screen_test.o \
	$(BUILD)/printers/kiosk_screen.o \
	$(BUILD)/printers/textwrap.o $(BUILD)/printers/ticket.o $(TESTLIB) $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

$(BUILD)/tests/printers/kiosk_bench: $(BUILD)/tests/printers/kiosk_bench.o \
	$(filter-out $(BUILD)/printers/kiosk_ui.o,$(KIOSK_OBJS)) $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,cairo fontconfig libqrencode) $(CUPS_LIBS)

TESTS += $(BUILD)/tests/printers/render_test $(BUILD)/tests/printers/screen_test \
	tests/printers/cups_print_test.sh tests/printers/kiosk_tmux_test.sh \
	tests/printers/kiosk_lanes_test.sh tests/printers/kiosk_unserved_test.sh \
	tests/printers/kiosk_citizen_text_test.sh tests/printers/kiosk_unserved_policy_test.sh \
	tests/printers/kiosk_early_test.sh tests/printers/print_early_test.sh \
	tests/printers/kiosk_old_jhd_test.sh
BENCHES += tests/printers/kiosk_bench.sh
EXTRA_ALL += $(BUILD)/tests/printers/kiosk_bench

$(BUILD)/tests/printers/cp_tool: $(BUILD)/tests/printers/cp_tool.o $(BUILD)/printers/cupsprint.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(CUPS_LIBS)
EXTRA_ALL += $(BUILD)/tests/printers/cp_tool

$(BUILD)/tests/printers/status_tool: $(BUILD)/tests/printers/status_tool.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
EXTRA_ALL += $(BUILD)/tests/printers/status_tool
