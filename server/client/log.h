/* log.h — one logging API for every jiaohao program: one line per event on stderr, with a level. */
#ifndef JH_LOG_H
#define JH_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3, LOG_QUIET = 4 };

/* Name the program and the lowest level written (default "prog", LOG_INFO). */
void log_init(const char *prog, enum log_level level);
/* Parse "debug"/"info"/"warn"/"error"/"quiet"; -1 when unknown. */
int log_level_parse(const char *s);

/* Every message is written escaped, so that text from a client cannot forge a line: a
 * newline, carriage return, tab and backslash as \n \r \t \\, every other control byte
 * (C0, DEL, the C1 controls U+0080..U+009F) and every byte that is not part of well-formed
 * UTF-8 as \xNN; other characters as they are. log_escape is that escaping: into dst (size
 * bytes with its NUL, cut before an escape or a character that does not fit); its length. */
size_t log_escape(char *dst, size_t size, const char *src);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log at error level and exit(1). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The same with ": " and the text of errno (as it was when called) after the message, as
 * OpenBSD's log_warn after log_warnx: log_warn_errno("%s: cannot open", path). */
void log_warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
