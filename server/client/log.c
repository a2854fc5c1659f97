/* log.c — one line per event on stderr: "TIME PROG LEVEL: message". The message is escaped
 * (log_escape) so that text a client sent cannot start a line of its own or hide in one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

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
	for (int i = 0; i <= LOG_QUIET; i++)
		if (strcmp(s, log_names[i]) == 0)
			return i;
	return -1;
}

/* The length of the well-formed UTF-8 character at s (1 to 4 bytes), or 0 when s[0] does not
 * start one; C1 controls (U+0080..U+009F: U+009B is a terminal's CSI) count as not. */
static size_t
utf8_char(const unsigned char *s)
{
	size_t n;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xc2 && s[1] < 0xa0) || (s[0] == 0xe0 && s[1] < 0xa0) ||
	    (s[0] == 0xed && s[1] > 0x9f) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;	/* a C1 control, an overlong form, a surrogate, past U+10FFFF */
	return n;
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
		} else if (*s >= 0x80 && (adv = utf8_char(s)) > 0) {
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

static void
log_vwrite(enum log_level level, const char *fmt, va_list ap)
{
	char when[32], msg[1024], esc[4 * sizeof msg];
	struct timespec ts;
	struct tm tm;

	if (level < log_min)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* here, once for every line: a user name, a device name, an alert's text or a file
	 * name carries no newline into the log, nor a terminal's escape sequence */
	log_escape(esc, sizeof esc, msg);
	/* one write per line so lines from several processes do not interleave */
	fprintf(stderr, "%s.%03ldZ %s %s: %s\n", when, ts.tv_nsec / 1000000L, log_prog,
	    log_names[level], esc);
}

#define LOG_FN(name, level) \
void name(const char *fmt, ...) { va_list ap; va_start(ap, fmt); \
	log_vwrite(level, fmt, ap); va_end(ap); }
LOG_FN(log_debug, LOG_DEBUG)
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_warn, LOG_WARN)
LOG_FN(log_error, LOG_ERROR)

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}
