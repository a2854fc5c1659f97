# firmware-bridge/voice: jhvoice (server call events → announcements on the hall's speakers,
# through ALSA), its voice pack made at build time (espeak-ng and sox), and their tests.
VOICE_CORE_SRCS := firmware-bridge/voice/wav.c firmware-bridge/voice/pack.c \
	firmware-bridge/voice/say.c firmware-bridge/voice/vconf.c firmware-bridge/voice/vqueue.c \
	firmware-bridge/inilines.c
VOICE_IO_SRCS := firmware-bridge/voice/player.c \
	firmware-bridge/voice/jhvoice.c
VOICE_CORE_OBJS := $(VOICE_CORE_SRCS:%.c=$(BUILD)/%.o)
VOICE_OBJS := $(VOICE_CORE_OBJS) $(VOICE_IO_SRCS:%.c=$(BUILD)/%.o)
VOICE_PKGS := jansson inih alsa
CFLAGS_firmware-bridge_voice_ := $(call PKG,$(VOICE_PKGS)) -Iserver/client -Ifirmware-bridge
CFLAGS_tests_voice_ := $(call PKG,$(VOICE_PKGS)) -Itests/lib -Ifirmware-bridge/voice -Ifirmware-bridge \
	-Iserver/client

# The generated voice pack (docs/VOICE.md): bin/voice beside bin/jhvoice, where jhvoice looks
# first; never committed. Made in a side folder and moved in whole.
VOICE_PACK := bin/voice/chime.wav

PROGS += bin/jhvoice
EXTRA_ALL += $(VOICE_PACK)

bin/jhvoice: $(VOICE_OBJS) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,$(VOICE_PKGS)) -lpthread

$(VOICE_PACK): firmware-bridge/voice/mkpack.sh
	@mkdir -p bin
	rm -rf bin/voice.tmp bin/voice
	sh firmware-bridge/voice/mkpack.sh bin/voice.tmp
	mv bin/voice.tmp bin/voice

VOICE_UNIT_TESTS := $(BUILD)/tests/voice/test_voice

$(BUILD)/tests/voice/test_voice: $(BUILD)/tests/voice/test_voice.o $(VOICE_CORE_OBJS) $(TESTLIB) \
    $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,inih)

# Test tools: a sound card for tests (it takes what ALSA's file plugin pipes to it at a
# device's pace) and the analysis of a sound (length, peak, speech segments).
$(BUILD)/tests/voice/sink: $(BUILD)/tests/voice/sink.o
	$(CC) $(LDFLAGS) -o $@ $^

$(BUILD)/tests/voice/scan: $(BUILD)/tests/voice/scan.o $(BUILD)/firmware-bridge/voice/wav.o
	$(CC) $(LDFLAGS) -o $@ $^ -lm

# The benchmark's driver: calls at jhd, timed until the sound comes out of jhvoice's PCM.
$(BUILD)/tests/voice/bench_voice: $(BUILD)/tests/voice/bench_voice.o $(VOICE_CORE_OBJS) \
    $(BUILD)/tests/bench/benchlib.o $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,inih)

TESTS += $(VOICE_UNIT_TESTS) tests/voice/pack.sh tests/voice/voice.sh
BENCHES += tests/voice/bench_voice.sh

# The shell tests need these built.
voice-test-deps: $(VOICE_UNIT_TESTS) $(BUILD)/tests/voice/sink $(BUILD)/tests/voice/scan \
	$(BUILD)/tests/voice/bench_voice bin/jhvoice $(VOICE_PACK)
tests/voice/pack.sh tests/voice/voice.sh tests/voice/bench_voice.sh: voice-test-deps
.PHONY: voice-test-deps voice-install

# make install: the pack and its builder (to make a pack from recordings), the example
# configuration and the systemd unit (the program is in INSTALL_PROGS).
install: voice-install
voice-install: progs
	install -d $(DESTDIR)$(PREFIX)/share/jiaohao/voice/zh $(DESTDIR)$(PREFIX)/share/jiaohao/voice/en \
		$(DESTDIR)$(PREFIX)/share/jiaohao/examples $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0644 bin/voice/chime.wav $(DESTDIR)$(PREFIX)/share/jiaohao/voice/
	install -m 0644 bin/voice/zh/*.wav $(DESTDIR)$(PREFIX)/share/jiaohao/voice/zh/
	install -m 0644 bin/voice/en/*.wav $(DESTDIR)$(PREFIX)/share/jiaohao/voice/en/
	install -m 0755 firmware-bridge/voice/mkpack.sh $(DESTDIR)$(PREFIX)/share/jiaohao/voice-mkpack.sh
	install -m 0644 firmware-bridge/voice/examples/voice.ini \
		$(DESTDIR)$(PREFIX)/share/jiaohao/examples/
	sed 's|@PREFIX@|$(PREFIX)|g' firmware-bridge/voice/jhvoice.service.in \
		>$(DESTDIR)$(PREFIX)/lib/systemd/system/jhvoice.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/jhvoice.service
