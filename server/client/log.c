/* log.c — one line per event on stderr: "TIME PROG LEVEL: message". The message is escaped
 * (log_escape) so that text a client sent cannot start a line of its own or hide in one. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jhcli.h"
#include "log.h"
#include "utf8.h"

static const char *log_prog = "jiaohao";
static enum log_level log_min = LOG_INFO;
static const char *const log_names[] = { "debug", "info", "warn", "error", "quiet" };

void
log_init(const char *prog, enum log_level level)
{
	log_prog = prog;
	log_min = level;
}

int
log_level_parse(const char *s)
{
	return jh_name_index(log_names, LOG_QUIET + 1, s);
}

/* The length of the well-formed UTF-8 character at s (2 to 4 bytes), or 0 when s[0] does not
 * start one or starts a C1 control (U+0080..U+009F: U+009B is a terminal's CSI). */
static size_t
utf8_char(const char *s)
{
	uint32_t cp;
	int n = utf8_decode(s, strnlen(s, 4), &cp);

	return n < 2 || cp < 0xa0 ? 0 : (size_t)n;
}

size_t
log_escape(char *dst, size_t size, const char *src)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0, n, adv;
	char e[8];

	if (size == 0)
		return 0;
	for (; *s; s += adv) {
		adv = 1;
		if (*s >= 0x20 && *s < 0x7f && *s != '\\') {
			e[0] = (char)*s;
			n = 1;
		} else if (*s >= 0x80 && (adv = utf8_char((const char *)s)) > 0) {
			memcpy(e, s, adv);
			n = adv;
		} else {
			adv = 1;
			n = 2;
			switch (*s) {
			case '\n': memcpy(e, "\\n", 2); break;
			case '\r': memcpy(e, "\\r", 2); break;
			case '\t': memcpy(e, "\\t", 2); break;
			case '\\': memcpy(e, "\\\\", 2); break;
			default: n = (size_t)snprintf(e, sizeof e, "\\x%02x", *s); break;
			}
		}
		if (o + n >= size)
			break;	/* never half an escape or half a character */
		memcpy(dst + o, e, n);
		o += n;
	}
	dst[o] = '\0';
	return o;
}

/* One line at level: the message, and ": " with strerror(err) when err is not 0. */
static void
log_vwrite(enum log_level level, int err, const char *fmt, va_list ap)
{
	char when[32], msg[1024], esc[4 * sizeof msg];
	int n;
	struct timespec ts;
	struct tm tm;

	if (level < log_min)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	if (err != 0 && n >= 0 && (size_t)n < sizeof msg)
		snprintf(msg + n, sizeof msg - (size_t)n, ": %s", strerror(err));
	/* here, once for every line: a user name, a device name, an alert's text or a file
	 * name carries no newline into the log, nor a terminal's escape sequence */
	log_escape(esc, sizeof esc, msg);
	/* one write per line so lines from several processes do not interleave */
	fprintf(stderr, "%s.%03ldZ %s %s: %s\n", when, ts.tv_nsec / 1000000L, log_prog,
	    log_names[level], esc);
}

#define LOG_FN(name, level, with_errno) \
void name(const char *fmt, ...) { int e = with_errno ? errno : 0; va_list ap; \
	va_start(ap, fmt); log_vwrite(level, e, fmt, ap); va_end(ap); }
LOG_FN(log_debug, LOG_DEBUG, 0)
LOG_FN(log_info, LOG_INFO, 0)
LOG_FN(log_warn, LOG_WARN, 0)
LOG_FN(log_error, LOG_ERROR, 0)
LOG_FN(log_warn_errno, LOG_WARN, 1)
LOG_FN(log_error_errno, LOG_ERROR, 1)

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERROR, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatal_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERROR, e, fmt, ap);
	va_end(ap);
	exit(1);
}
