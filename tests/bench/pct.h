/* pct.h — percentiles of a bench's latencies (the C benches of tests/bench): sorts v in place. */
#ifndef JH_BENCH_PCT_H
#define JH_BENCH_PCT_H

#include <stdlib.h>

static inline int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile (0..1) of v[0..n), nearest rank; 0 when n is 0. */
static inline double
bench_pct(double *v, int n, double p)
{
	qsort(v, n, sizeof *v, bench_cmp_double);
	return n ? v[(int)(p * (n - 1) + 0.5)] : 0;
}

#endif
