/*
** utf.c: UTF-8 and UTF-16 (LE/BE) decoding, encoding and translation.
**
** SQLite stores text as UTF-8 or UTF-16 and converts between them for the
** *16 APIs.  Text handed to the library is not validated, so every decoder
** here accepts arbitrary bytes and never reads past the end it is given.
**
** Invariants:
**   1. Decoders consume at least one byte (UTF-8) or one code unit (UTF-16)
**      per call, so every loop over text terminates.
**   2. Malformed input yields U+FFFD (over-long forms, surrogates encoded
**      in UTF-8, lone surrogates in UTF-16) -- never a crash.  A lone
**      UTF-8 continuation byte decodes as the code point of its own value,
**      so character counts agree with SQLite's length().
**   3. Output buffers from utf_translate end in two NUL bytes, so they are
**      terminated for either encoding width.
*/
#include "value.h"

/* Payload bits of a UTF-8 lead byte >= 0xC0, by its high bits. */
static u32 utf8_lead_bits(u8 c) {
  if (c < 0xE0) return c & 0x1F;
  if (c < 0xF0) return c & 0x0F;
  if (c < 0xF8) return c & 0x07;
  if (c < 0xFC) return c & 0x03;
  return c & 0x01;
}

/* Decodes the code point at *pz, advancing *pz (invariant 1).  Like SQLite,
** a lead byte absorbs every continuation byte that follows it. */
int utf8_decode(const unsigned char **pz, const unsigned char *zEnd) {
  const unsigned char *z = *pz;
  ASSERT(z < zEnd);
  u32 c = *z++;
  if (c >= 0xC0) {
    c = utf8_lead_bits((u8)c);
    int nCont = 0;
    while (z < zEnd && (*z & 0xC0) == 0x80) {
      if (nCont < 6) c = (c << 6) | (*z & 0x3F);
      nCont++;
      z++;
    }
    if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE || nCont > 5) {
      c = 0xFFFD;
    }
  }
  *pz = z;
  return (int)c;
}

int utf8_encode(unsigned char *zOut, u32 c) {
  if (c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x80) {
    zOut[0] = (u8)c;
    return 1;
  }
  if (c < 0x800) {
    zOut[0] = (u8)(0xC0 | (c >> 6));
    zOut[1] = (u8)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    zOut[0] = (u8)(0xE0 | (c >> 12));
    zOut[1] = (u8)(0x80 | ((c >> 6) & 0x3F));
    zOut[2] = (u8)(0x80 | (c & 0x3F));
    return 3;
  }
  zOut[0] = (u8)(0xF0 | (c >> 18));
  zOut[1] = (u8)(0x80 | ((c >> 12) & 0x3F));
  zOut[2] = (u8)(0x80 | ((c >> 6) & 0x3F));
  zOut[3] = (u8)(0x80 | (c & 0x3F));
  return 4;
}

/* Characters in nByte bytes of UTF-8 (nByte < 0: up to the NUL). */
int utf8_char_count(const unsigned char *z, int nByte) {
  int nChar = 0;
  if (nByte < 0) nByte = (int)strlen((const char *)z);
  const unsigned char *zEnd = z + nByte;
  while (z < zEnd) {
    if (zEnd - z >= 8) {
      u64 w;
      memcpy(&w, z, 8);
      if ((w & 0x8080808080808080ULL) == 0) { /* eight ASCII characters at once */
        z += 8;
        nChar += 8;
        continue;
      }
    }
    u8 c = *z++;
    if (c >= 0xC0) {
      while (z < zEnd && (*z & 0xC0) == 0x80) z++;
    }
    nChar++;
  }
  return nChar;
}

static int utf16_unit(const unsigned char *z, int bBig) {
  return bBig ? (z[0] << 8) | z[1] : (z[1] << 8) | z[0];
}

static void utf16_put_unit(unsigned char *z, u32 u, int bBig) {
  z[bBig ? 0 : 1] = (u8)(u >> 8);
  z[bBig ? 1 : 0] = (u8)(u & 0xFF);
}

/* Decodes one code point of UTF-16 at *pz (invariant 1, 2). */
static u32 utf16_decode(const unsigned char **pz, const unsigned char *zEnd, int bBig) {
  const unsigned char *z = *pz;
  ASSERT(z + 2 <= zEnd);
  u32 c = (u32)utf16_unit(z, bBig);
  z += 2;
  if (c >= 0xD800 && c < 0xE000) {
    u32 c2 = (z + 2 <= zEnd) ? (u32)utf16_unit(z, bBig) : 0;
    if (c < 0xDC00 && c2 >= 0xDC00 && c2 < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
      z += 2;
    } else {
      c = 0xFFFD;
    }
  }
  *pz = z;
  return c;
}

static int utf16_encode(unsigned char *zOut, u32 c, int bBig) {
  if (c > 0x10FFFF) c = 0xFFFD;
  if (c < 0x10000) {
    utf16_put_unit(zOut, c, bBig);
    return 2;
  }
  c -= 0x10000;
  utf16_put_unit(zOut, 0xD800 + (c >> 10), bBig);
  utf16_put_unit(zOut + 2, 0xDC00 + (c & 0x3FF), bBig);
  return 4;
}

static u8 utf_native16(void) {
  const u16 one = 1;
  return *(const u8 *)&one ? SQLITE_UTF16LE : SQLITE_UTF16BE;
}

/* Decodes one code point from either encoding. */
static u32 utf_decode_any(const unsigned char **pz, const unsigned char *zEnd, u8 enc) {
  if (enc == SQLITE_UTF8) return (u32)utf8_decode(pz, zEnd);
  return utf16_decode(pz, zEnd, enc == SQLITE_UTF16BE);
}

char *utf_translate(const char *z, int n, u8 encFrom, u8 encTo, int *pnOut) {
  if (encFrom == SQLITE_UTF16) encFrom = utf_native16();
  if (encTo == SQLITE_UTF16) encTo = utf_native16();
  ASSERT(encFrom >= SQLITE_UTF8 && encFrom <= SQLITE_UTF16BE);
  ASSERT(n >= 0 && pnOut != NULL);
  *pnOut = 0;
  if (encFrom != SQLITE_UTF8) n &= ~1;    /* a trailing odd byte is ignored */
  /* Worst cases: UTF-8 -> UTF-16 doubles (1 byte -> 2); UTF-16 -> UTF-8
  ** grows by 3/2 (2 bytes -> 3). */
  u64 nAlloc = (u64)n * 2 + 4;
  unsigned char *zOut = mem_malloc(nAlloc);
  if (zOut == NULL) return NULL;
  const unsigned char *zIn = (const unsigned char *)z, *zEnd = zIn + n;
  unsigned char *zDst = zOut;
  while (zIn < zEnd) {
    u32 c = utf_decode_any(&zIn, zEnd, encFrom);
    if (encTo == SQLITE_UTF8) {
      zDst += utf8_encode(zDst, c);
    } else {
      zDst += utf16_encode(zDst, c, encTo == SQLITE_UTF16BE);
    }
    ASSERT((u64)(zDst - zOut) + 4 <= nAlloc || zIn >= zEnd);
  }
  zDst[0] = 0;
  zDst[1] = 0;
  *pnOut = (int)(zDst - zOut);
  return (char *)zOut;
}

int utf16_byte_len(const void *zIn, int nChar) {
  const unsigned char *z = zIn;
  int i = 0;
  u8 bBig = utf_native16() == SQLITE_UTF16BE;
  if (nChar < 0) {
    while (z[i] || z[i + 1]) i += 2;
    return i;
  }
  for (int k = 0; k < nChar; k++) {
    int u = utf16_unit(z + i, bBig);
    if (u == 0) break;
    i += (u >= 0xD800 && u < 0xDC00 && utf16_unit(z + i + 2, bBig) != 0) ? 4 : 2;
  }
  return i;
}
