# firmware-bridge: jhbridge (server events → serial LED displays) and its tests.
BRIDGE_CORE_SRCS := firmware-bridge/drv.c firmware-bridge/text.c firmware-bridge/rtu.c \
	firmware-bridge/alpha.c firmware-bridge/callboard.c firmware-bridge/view.c \
	firmware-bridge/bus.c firmware-bridge/config.c firmware-bridge/inilines.c \
	firmware-bridge/common/crc16.c
BRIDGE_IO_SRCS := firmware-bridge/port.c firmware-bridge/upstream.c firmware-bridge/bridge.c \
	firmware-bridge/jhbridge.c
BRIDGE_CORE_OBJS := $(BRIDGE_CORE_SRCS:%.c=$(BUILD)/%.o)
BRIDGE_OBJS := $(BRIDGE_CORE_OBJS) $(BRIDGE_IO_SRCS:%.c=$(BUILD)/%.o)
BRIDGE_PKGS := jansson libserialport inih
CFLAGS_firmware-bridge_ := $(call PKG,$(BRIDGE_PKGS)) -Iserver/client
CFLAGS_tests_bridge_ := $(call PKG,$(BRIDGE_PKGS) libmodbus) -Itests/lib -Ifirmware-bridge \
	-Iserver/client

PROGS += bin/jhbridge

bin/jhbridge: $(BRIDGE_OBJS) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(BRIDGE_PKGS))

BRIDGE_UNIT_TESTS := $(BUILD)/tests/bridge/test_drivers $(BUILD)/tests/bridge/test_bus \
	$(BUILD)/tests/bridge/test_view $(BUILD)/tests/bridge/test_config

$(BUILD)/tests/bridge/test_%: $(BUILD)/tests/bridge/test_%.o $(BRIDGE_CORE_OBJS) $(TESTLIB) \
    $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(BRIDGE_PKGS))

# Interop with libmodbus: a libmodbus RTU server on a pty, our master (port.c + bus.c) writes.
$(BUILD)/tests/bridge/interop_modbus: $(BUILD)/tests/bridge/interop_modbus.o \
    $(BRIDGE_CORE_OBJS) $(BUILD)/firmware-bridge/port.o $(TESTLIB) $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(BRIDGE_PKGS) libmodbus) -lpthread

# Benchmark driver: a clerk calling, timing until jhled-sim shows the call.
$(BUILD)/tests/bridge/bench_calls: $(BUILD)/tests/bridge/bench_calls.o $(BRIDGE_CORE_OBJS) \
    $(BUILD)/tests/bench/benchlib.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(BRIDGE_PKGS))

TESTS += $(BRIDGE_UNIT_TESTS) tests/bridge/modbus_interop.sh tests/bridge/bridge_ports.sh \
	tests/bridge/integration.sh
BENCHES += tests/bridge/bench_latency.sh

# The shell tests need these built.
bridge-test-deps: $(BRIDGE_UNIT_TESTS) $(BUILD)/tests/bridge/interop_modbus \
	$(BUILD)/tests/bridge/bench_calls bin/jhbridge $(BUILD)/tests/lib/libptyshim.so
tests/bridge/modbus_interop.sh tests/bridge/bridge_ports.sh tests/bridge/integration.sh \
tests/bridge/bench_latency.sh: bridge-test-deps
.PHONY: bridge-test-deps
