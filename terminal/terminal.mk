# terminal/: jhterm, the clerk and supervisor consoles (ncursesw), and their gettext catalogues.
TERM_PURE := terminal/i18n.c terminal/text.c terminal/fmt.c terminal/ui.c terminal/hall.c \
	terminal/layout.c terminal/layout_clerk.c terminal/layout_super.c terminal/layout_login.c \
	terminal/say.c
TERM_SRCS := $(TERM_PURE) terminal/screen.c terminal/login.c terminal/app.c \
	terminal/clerk.c terminal/super.c terminal/main.c
TERM_OBJS := $(TERM_SRCS:%.c=$(BUILD)/%.o)
TERM_PURE_OBJS := $(TERM_PURE:%.c=$(BUILD)/%.o)
CFLAGS_terminal_ := $(call PKG,ncursesw jansson) -Iserver/client
CFLAGS_tests_terminal_ := $(call PKG,ncursesw jansson) -Iterminal -Itests/lib -Iserver/client

# Catalogues: compiled at build time into bin/locale (never committed).
TERM_LANGS := en zh_CN
TERM_MO := $(TERM_LANGS:%=bin/locale/%/LC_MESSAGES/jhterm.mo)

PROGS += bin/jhterm
EXTRA_ALL += $(TERM_MO)
TESTS += $(BUILD)/tests/terminal/layout_test tests/terminal/term_test.sh tests/terminal/held_test.sh \
	tests/terminal/term_served_test.sh

bin/jhterm: $(TERM_OBJS) $(CLIENT_LIB) $(TERM_MO)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(TERM_OBJS) $(CLIENT_LIBS) $(call PKGLIBS,ncursesw)

bin/locale/%/LC_MESSAGES/jhterm.mo: terminal/po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/tests/terminal/layout_test: $(BUILD)/tests/terminal/layout_test.o $(TERM_PURE_OBJS) \
    $(TESTLIB) $(CLIENT_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

# Update the message template and merge it into the catalogues (run by hand after editing).
terminal-po:
	xgettext -k_ -kN_ -kP_:1,2 --from-code=UTF-8 -o terminal/po/jhterm.pot $(TERM_SRCS)
	for l in $(TERM_LANGS); do msgmerge -U terminal/po/$$l.po terminal/po/jhterm.pot; done
.PHONY: terminal-po
