# firmware-bridge/firmware: the display firmware (Modbus RTU slave, "display profile"), built for
# the host as bin/jhled-sim and for the ATmega328P with avr-gcc (make firmware-avr); its tests;
# and the shared pty test shim.
FW_DIR      := firmware-bridge/firmware
FW_B        := $(BUILD)/$(FW_DIR)
FW_CORE     := rtu regs slave fb font layout display
FW_CORE_SRC := $(FW_CORE:%=$(FW_DIR)/%.c) firmware-bridge/common/crc16.c server/client/utf8.c
# hub12.c needs a HAL: the AVR board's, or the recording one in tests/firmware/test_render.c.

# The font subset, generated at build time from GNU Unifont and glyphs.txt.
UNIFONT_HEX := /usr/share/unifont/unifont.hex
FW_FONTGEN  := $(FW_B)/fontgen
FW_FONT_C   := $(FW_B)/font_data.c
$(FW_FONTGEN): $(BUILD)/$(FW_DIR)/fontgen.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^
$(FW_FONT_C): $(FW_FONTGEN) $(FW_DIR)/glyphs.txt $(UNIFONT_HEX)
	$(FW_FONTGEN) $(UNIFONT_HEX) $(FW_DIR)/glyphs.txt $@
$(FW_B)/font_data.o: $(FW_FONT_C)
	$(CC) $(CFLAGS) -I$(FW_DIR) -c $< -o $@

FW_HOST_OBJS := $(FW_CORE_SRC:%.c=$(BUILD)/%.o) $(FW_B)/font_data.o
CFLAGS_firmware-bridge_firmware_ := $(call PKG,libserialport) -Iserver/client

PROGS += bin/jhled-sim
bin/jhled-sim: $(FW_B)/jhled_sim.o $(FW_B)/fbio.o $(FW_HOST_OBJS) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,libserialport)

# ---- the ATmega328P build: a 128x32 chain (four P10 panels, the largest we promise) ----
AVR_CC     := avr-gcc
AVR_MCU    := atmega328p
AVR_CFLAGS := -mmcu=$(AVR_MCU) -DF_CPU=16000000UL -Os -std=c11 -Wall -Wextra -Werror \
              -Wshadow -Wno-unused-parameter -ffunction-sections -fdata-sections \
              -DFB_MAX_W=128 -DFB_MAX_H=32 -I$(FW_DIR) -Iserver/client -MMD -MP
FW_AVR_B   := $(BUILD)/avr
FW_AVR_OBJS := $(FW_CORE_SRC:%.c=$(FW_AVR_B)/%.o) $(FW_AVR_B)/$(FW_DIR)/hub12.o \
               $(FW_AVR_B)/$(FW_DIR)/hal_avr.o \
               $(FW_AVR_B)/$(FW_DIR)/avr_main.o
FW_AVR_ELF := $(FW_AVR_B)/jhled.elf
FW_AVR_HEX := $(FW_AVR_B)/jhled.hex
$(FW_AVR_OBJS): $(FW_AVR_B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(AVR_CC) $(AVR_CFLAGS) -c $< -o $@
$(FW_AVR_B)/font_data.o: $(FW_FONT_C)
	@mkdir -p $(dir $@)
	$(AVR_CC) $(AVR_CFLAGS) -c $< -o $@
$(FW_AVR_ELF): $(FW_AVR_OBJS) $(FW_AVR_B)/font_data.o
	$(AVR_CC) -mmcu=$(AVR_MCU) -Os -Wl,--gc-sections -o $@ $^
$(FW_AVR_HEX): $(FW_AVR_ELF)
	avr-objcopy -O ihex -R .eeprom $< $@
.PHONY: firmware-avr firmware-goldens
firmware-avr: $(FW_AVR_ELF) $(FW_AVR_HEX)
	@avr-size --format=avr --mcu=$(AVR_MCU) $(FW_AVR_ELF)

# The LD_PRELOAD shim that lets libserialport open ptys (tests only; see tests/lib/pty.sh).
PTYSHIM_SO := $(BUILD)/tests/lib/libptyshim.so
$(PTYSHIM_SO): tests/lib/ptyshim.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -o $@ $< -ldl
EXTRA_ALL += $(PTYSHIM_SO)

# ---- tests ----
FW_T := $(BUILD)/tests/firmware
CFLAGS_tests_firmware_ := -I$(FW_DIR) -Iserver/client $(call PKG,libmodbus)
$(FW_T)/test_rtu: $(FW_T)/test_rtu.o $(FW_HOST_OBJS) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^
$(FW_T)/test_slave: $(FW_T)/test_slave.o $(FW_HOST_OBJS) $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^
$(FW_T)/test_render: $(FW_T)/test_render.o $(FW_B)/fbio.o $(FW_B)/hub12.o $(FW_HOST_OBJS) \
    $(TESTLIB)
	$(CC) $(LDFLAGS) -o $@ $^
$(FW_T)/mbmaster: $(FW_T)/mbmaster.o
	$(CC) $(LDFLAGS) -o $@ $^ $(call PKGLIBS,libmodbus)

TESTS += $(FW_T)/test_rtu $(FW_T)/test_slave $(FW_T)/test_render tests/firmware/avr_size.sh \
         tests/firmware/interop.sh tests/firmware/simavr.sh
tests/firmware/avr_size.sh: $(FW_AVR_ELF)
tests/firmware/interop.sh: bin/jhled-sim $(FW_T)/mbmaster $(PTYSHIM_SO)
tests/firmware/simavr.sh: bin/jhled-avr $(FW_AVR_ELF) $(FW_T)/mbmaster

# Golden images are written only on request, never by the test that reads them.
firmware-goldens: $(FW_T)/test_render
	$(FW_T)/test_render --write-golden tests/firmware/golden

# jhled-avr: the AVR image run in simavr with its USART0 on a pty (end-to-end tests, demos).
PROGS += bin/jhled-avr
$(FW_B)/jhled_avr.o: CFLAGS += $(call PKG,simavr)
bin/jhled-avr: $(FW_B)/jhled_avr.o $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,simavr) -lelf
