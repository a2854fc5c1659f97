/* log.h — one logging API for every jiaohao program: one line per event on stderr, with a level. */
#ifndef JH_LOG_H
#define JH_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3, LOG_QUIET = 4 };

/* Name the program and the lowest level written (default "prog", LOG_INFO). */
void log_init(const char *prog, enum log_level level);
/* Parse "debug"/"info"/"warn"/"error"/"quiet"; -1 when unknown. */
int log_level_parse(const char *s);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Log at error level and exit(1). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
