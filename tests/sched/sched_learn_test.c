/* sched_learn_test.c — the handling-time learner (server/sched_learn.c): the plain average
 * while it is young, a bounded memory afterwards, the hall file's figure as a few samples, and
 * a window's mean shrunk towards its service's. Known inputs, exact answers. */
#include <math.h>
#include <stdint.h>

#include "../../server/sched_learn.h"
#include "../lib/t.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static void
young_means_are_plain_averages(void)
{
	struct sched_mean m;
	double sum = 0;

	sched_mean_start(&m, 300, 0);
	sched_mean_add(&m, 900, 50);
	T_CHECK(NEAR(m.mean, 900), "the first sample replaces the guess: %f", m.mean);
	for (int i = 1; i < 40; i++) {
		double x = 100 + 17 * (i % 7);

		sum += x;
		sched_mean_add(&m, x, 50);
	}
	T_CHECK(NEAR(m.mean, (900 + sum) / 40), "%f against the average %f", m.mean,
	    (900 + sum) / 40);
	T_CHECK(NEAR(m.n, 40), "n %f", m.n);
}

static void
old_means_remember_about_their_memory(void)
{
	struct sched_mean m;

	/* after the memory is full each sample weighs 1/memory: a step from 600 to 300 is
	 * (1 - 1/50)^k of the way back after k samples */
	sched_mean_start(&m, 0, 0);
	for (int i = 0; i < 200; i++)
		sched_mean_add(&m, 600, 50);
	T_CHECK(NEAR(m.mean, 600) && NEAR(m.n, 50), "%f, n %f", m.mean, m.n);
	for (int k = 1; k <= 50; k++) {
		sched_mean_add(&m, 300, 50);
		T_CHECK(NEAR(m.mean, 300 + 300 * pow(1 - 1.0 / 50, k)), "after %d: %f", k, m.mean);
	}
	/* a memory under one sample is one sample: the newest */
	sched_mean_add(&m, 77, 0);
	T_CHECK(NEAR(m.mean, 77), "%f", m.mean);
}

static void
a_starting_figure_counts_as_its_samples(void)
{
	struct sched_mean m;

	/* the hall file's 600 s as 4 samples: a measurement of 900 moves it by a fifth */
	sched_mean_start(&m, 600, 4);
	sched_mean_add(&m, 900, 50);
	T_CHECK(NEAR(m.mean, 660), "%f", m.mean);
	sched_mean_add(&m, 300, 50);
	T_CHECK(NEAR(m.mean, (4 * 600 + 900 + 300) / 6.0), "%f", m.mean);
}

static void
a_windows_mean_is_shrunk_towards_its_services(void)
{
	struct sched_mean own;

	sched_mean_start(&own, 300, 0);
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 10), 500), "no sample: the service's");
	sched_mean_add(&own, 200, 50);
	sched_mean_add(&own, 400, 50);
	/* 2 samples of mean 300 against 10 samples' worth of 500 */
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 10), (2 * 300 + 10 * 500) / 12.0), "%f",
	    sched_mean_shrunk(&own, 500, 10));
	T_CHECK(NEAR(sched_mean_shrunk(&own, 500, 0), 300), "k 0: its own");
	for (int i = 0; i < 1000; i++)
		sched_mean_add(&own, 300, 50);
	/* a full memory (50) against 10: five sixths its own */
	T_CHECK(NEAR(sched_mean_shrunk(&own, 600, 10), (50 * 300 + 10 * 600) / 60.0), "%f",
	    sched_mean_shrunk(&own, 600, 10));
}

int
main(void)
{
	T_RUN(young_means_are_plain_averages);
	T_RUN(old_means_remember_about_their_memory);
	T_RUN(a_starting_figure_counts_as_its_samples);
	T_RUN(a_windows_mean_is_shrunk_towards_its_services);
	return t_done();
}
