/*
** util.c: varints, big-endian integers, ASCII case folding, and the
** corruption-line recorder.  Leaf code with no state but the last
** corruption line.
**
** Varint format (fileformat2.html): bytes 1..8 hold 7 bits each with the
** high bit as "more follows"; a ninth byte, if reached, holds 8 bits.
*/
#include "core.h"
#include <stdio.h>
#include <stdlib.h>

static _Thread_local int tl_corrupt_line;
static CoreLogFn g_xLog;   /* set once at configuration time, before threads */
static void *g_pLogArg;

void core_set_logger(CoreLogFn xLog, void *pArg) {
  g_xLog = xLog;
  g_pLogArg = pArg;
}

int core_log_enabled(void) { return g_xLog != NULL; }

void core_log(int rc, const char *zMsg) {
  if (g_xLog) g_xLog(g_pLogArg, rc, zMsg);
}

int core_corrupt_error(int iLine) {
  tl_corrupt_line = iLine;
  if (g_xLog) {
    char zMsg[64];
    snprintf(zMsg, sizeof zMsg, "database corruption at line %d", iLine);
    core_log(SQLITE_CORRUPT, zMsg);
  }
  return SQLITE_CORRUPT;
}

int core_last_corrupt_line(void) { return tl_corrupt_line; }

#ifdef SQLITE_DEBUG
void core_assert_fail(const char *zExpr, const char *zFile, int iLine) {
  fprintf(stderr, "%s:%d: assertion failed: %s\n", zFile, iLine, zExpr);
  abort();
}
#endif

int varint_len(u64 v) {
  int n = 1;
  if (v & ((u64)0xff << 56)) return 9;
  while ((v >>= 7) != 0) n++;
  return n;
}

int varint_put(u8 *p, u64 v) {
  if (v & ((u64)0xff << 56)) {
    p[8] = (u8)v;
    v >>= 8;
    for (int i = 7; i >= 0; i--) {
      p[i] = (u8)((v & 0x7f) | 0x80);
      v >>= 7;
    }
    return 9;
  }
  u8 buf[10];
  int n = 0;
  do {
    buf[n++] = (u8)((v & 0x7f) | 0x80);
    v >>= 7;
  } while (v != 0);
  buf[0] &= 0x7f;
  ASSERT(n <= 9);
  for (int i = 0; i < n; i++) p[i] = buf[n - 1 - i];
  return n;
}

int varint_get(const u8 *p, u64 *pV) {
  u64 v = 0;
  for (int i = 0; i < 8; i++) {
    v = (v << 7) | (p[i] & 0x7f);
    if ((p[i] & 0x80) == 0) {
      *pV = v;
      return i + 1;
    }
  }
  *pV = (v << 8) | p[8];
  return 9;
}

int varint_get_safe(const u8 *p, const u8 *pEnd, u64 *pV) {
  if (pEnd - p >= 9) return varint_get(p, pV);
  u64 v = 0;
  for (int i = 0; p + i < pEnd; i++) {
    v = (v << 7) | (p[i] & 0x7f);
    if ((p[i] & 0x80) == 0) {
      *pV = v;
      return i + 1;
    }
  }
  *pV = 0;
  return 0;
}

int varint_get32(const u8 *p, u32 *pV) {
  if ((p[0] & 0x80) == 0) {
    *pV = p[0];
    return 1;
  }
  u64 v;
  int n = varint_get(p, &v);
  *pV = v > 0xffffffffULL ? 0xffffffffU : (u32)v;
  return n;
}

u32 get2(const u8 *p) { return ((u32)p[0] << 8) | p[1]; }

u32 get4(const u8 *p) {
  return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

void put2(u8 *p, u32 v) {
  p[0] = (u8)(v >> 8);
  p[1] = (u8)v;
}

void put4(u8 *p, u32 v) {
  p[0] = (u8)(v >> 24);
  p[1] = (u8)(v >> 16);
  p[2] = (u8)(v >> 8);
  p[3] = (u8)v;
}

const unsigned char core_upper_to_lower[256] = {
#define R8(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7
  R8(0),   R8(8),   R8(16),  R8(24),  R8(32),  R8(40),  R8(48),  R8(56),
  64,      R8(97),  R8(105), R8(113), 121,     122,     91,      92,
  93,      94,      95,      96,      R8(97),  R8(105), R8(113), 121,
  122,     123,     124,     125,     126,     127,     R8(128), R8(136),
  R8(144), R8(152), R8(160), R8(168), R8(176), R8(184), R8(192), R8(200),
  R8(208), R8(216), R8(224), R8(232), R8(240), R8(248)
#undef R8
};

int str_nicmp(const char *a, const char *b, int n) {
  const unsigned char *x = (const unsigned char *)a;
  const unsigned char *y = (const unsigned char *)b;
  for (int i = 0; i < n; i++) {
    int c = core_upper_to_lower[x[i]] - core_upper_to_lower[y[i]];
    if (c != 0 || x[i] == 0) return c;
  }
  return 0;
}

int str_icmp(const char *a, const char *b) { return str_nicmp(a, b, 0x7fffffff); }
