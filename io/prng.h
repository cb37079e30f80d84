/*
** prng.h: a small seeded pseudo-random generator (xoshiro256**, state
** filled by splitmix64 from one 64-bit seed) for the simulator and for
** tests that must replay from a printed seed.  Not for cryptography and
** not for journal nonces (those come from IoBackend.randomness).
**
** Invariants:
**   1. The state is never all zero (splitmix64 cannot produce four zero
**      words in a row from any seed).
**   2. The sequence depends only on the seed: same seed, same numbers, on
**      every platform.
*/
#ifndef IO_PRNG_H
#define IO_PRNG_H

#include "../engine/core.h"

typedef struct Prng {
  u64 s[4]; /* xoshiro256** state (invariant 1) */
} Prng;

void prng_seed(Prng *, u64 seed);
u64 prng_next(Prng *);                 /* uniform over all 64-bit values */
u32 prng_below(Prng *, u32 n);         /* uniform in [0, n); n > 0 */
int prng_chance(Prng *, u32 num, u32 den); /* true with probability num/den */

#endif /* IO_PRNG_H */
