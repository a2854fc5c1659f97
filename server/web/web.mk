# server/web: jhweb, the web pages of a hall (board, ticket pages) over jhd's protocol, on
# libmicrohttpd; and its tests (tokens: jhd's ops_web.c; the pages: chromium + puppeteer-core).
TESTS += tests/web/tokens.sh
