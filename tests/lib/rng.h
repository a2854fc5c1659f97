/* rng.h — splitmix64, the seeded generator of the property tests, the benches and the hall
 * simulator: the same sequence for a seed on every machine, so a failing seed can be replayed. */
#ifndef JH_RNG_H
#define JH_RNG_H

#include <stdint.h>

/* The next 64 random bits; advances *state. */
static inline uint64_t
rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (hi >= lo). */
static inline long long
rng_in(uint64_t *state, long long lo, long long hi)
{
	return lo + (long long)(rng_next(state) % (uint64_t)(hi - lo + 1));
}

#endif
