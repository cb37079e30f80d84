/*
** prng.c: xoshiro256** seeded through splitmix64 (see prng.h).  Both
** algorithms are public-domain designs described by their authors'
** papers; this is an independent implementation from the published
** recurrences.
*/
#include "prng.h"

static u64 prng_rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }

static u64 prng_splitmix(u64 *pX) {
  u64 z = (*pX += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void prng_seed(Prng *r, u64 seed) {
  u64 x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = prng_splitmix(&x);
  ASSERT(r->s[0] | r->s[1] | r->s[2] | r->s[3]); /* invariant 1 */
}

u64 prng_next(Prng *r) {
  u64 *s = r->s;
  u64 result = prng_rotl(s[1] * 5, 7) * 9;
  u64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = prng_rotl(s[3], 45);
  return result;
}

u32 prng_below(Prng *r, u32 n) {
  ASSERT(n > 0);
  /* Multiply-shift keeps the bias below 2^-32, plenty for simulation. */
  return (u32)(((prng_next(r) >> 32) * (u64)n) >> 32);
}

int prng_chance(Prng *r, u32 num, u32 den) {
  ASSERT(den > 0 && num <= den);
  return prng_below(r, den) < num;
}
