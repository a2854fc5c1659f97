/* mono.h — the monotonic clock of every jiaohao program, for durations, timeouts and timers:
 * it never jumps with the wall clock, and it is never jhd's test clock (clock.h). */
#ifndef JH_MONO_H
#define JH_MONO_H

/* Milliseconds and microseconds since an arbitrary start (CLOCK_MONOTONIC). */
long long mono_ms(void);
long long mono_us(void);

#endif
