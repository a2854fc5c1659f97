# server/web: jhweb, the web pages of a hall (board, ticket pages) over jhd's protocol, on
# libmicrohttpd (docs/WEB.md); its tests: tokens (jhd's ops_web.c) and the pages in a real
# browser (chromium driven by puppeteer-core, tests/web/package.json).
WEB_SRCS := server/web/jhweb.c server/web/render.c server/web/render_stats.c \
	server/web/session.c server/web/assets.c server/web/quiet.c \
	server/web/book.c server/web/render_dstats.c server/web/dpool.c
CFLAGS_server_web_ := $(call PKG,jansson libmicrohttpd) -Iserver/client

PROGS += bin/jhweb

bin/jhweb: $(WEB_SRCS:%.c=$(BUILD)/%.o) $(CLIENT_LIB)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS) $(call PKGLIBS,libmicrohttpd)

TESTS += tests/web/tokens.sh tests/web/board.sh tests/web/ticket.sh tests/web/stats.sh \
	tests/web/board_extra.sh tests/web/book.sh tests/web/dstats.sh tests/web/book_links.sh \
	tests/web/book_pool.sh

# Bench (make bench): event streams on /board, call_next to the last stream, jhweb's RSS and
# CPU; requests/s of a ticket page against a static file of the same jhweb.
CFLAGS_tests_web_ := $(call PKG,jansson) -Iserver/client
$(BUILD)/tests/web/web_bench: $(BUILD)/tests/web/web_bench.o $(CLIENT_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)
BENCHES += tests/web/web_bench.sh
bench: $(BUILD)/tests/web/web_bench

# Bench: bookings through jhweb's JSON API → jhdistrict → PostgreSQL against the bare statement
# and jhdistrict alone (tests/bench/district_bench.c's third run).
BENCHES += tests/web/book_bench.sh
tests/web/book_bench.sh: $(BUILD)/tests/bench/district_bench
