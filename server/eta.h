/* eta.h — the ETA cache (eta.c) as the turn uses it; the ops use server.h's
 * server_forecast_* and server_ticket_json. */
#ifndef JH_ETA_H
#define JH_ETA_H

/* The range [*lo, *hi] of a forecast of eta_s seconds at now for a ticket of lane `lane`
 * (sched_range_get; both -1 when eta_s < 0). Before the windows open, the time until then is
 * no error of the forecast: the range is the learnt one around the rest, moved by that time
 * (docs/SCHEDULING.md, "Before the windows open"). */
void eta_range(int lane, long long eta_s, long long now, int *lo, int *hi);
/* Before the turn's commit: the tickets taken (or checked in) in it are given the ETA and
 * range their answer carries, stored with them in the turn's transaction. */
void eta_give(void);
/* After a committed turn (or one without writes): fill ahead/eta_s of the waiting tickets in
 * the turn's answers and events from one forecast. */
void eta_fill(void);
/* Forget the turn's ticket objects (after eta_fill, or instead of it). */
void eta_clear(void);
void eta_shutdown(void);

#endif
