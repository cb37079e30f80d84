/*
** record.c: serial types and record headers (see record.h for the format).
**
** Invariants (record.h 1-3), restated where they are enforced:
**   1. Parsing bounds every read by nAvail and every field by nRecord.
**   2. rec_put_header and rec_header_size agree byte for byte.
**   3. rec_int_serial_type picks the narrowest integer encoding.
*/
#include "record.h"

/* Byte lengths of the fixed-size serial types 0..11 (10, 11 reserved). */
static const u8 kFixedLen[12] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};

u32 rec_serial_type_len(u64 st) {
  if (st < 12) return kFixedLen[st];
  u64 n = (st - 12) / 2;
  return n > 0x7fffffffULL ? 0 : (u32)n;
}

int rec_serial_type_valid(u64 st) {
  if (st == 10 || st == 11) return 0;
  return st < 12 || (st - 12) / 2 <= 0x7fffffffULL;
}

/* Reads the header-size varint and checks it against the buffers. */
static int rec_header_len(const u8 *p, int nAvail, i64 nRecord, u64 *pHdr, int *pnVarint) {
  if (nAvail <= 0 || nRecord <= 0) return ERR_CORRUPT();
  int n = varint_get_safe(p, p + nAvail, pHdr);
  if (n == 0) return ERR_CORRUPT();
  if (*pHdr < (u64)n || *pHdr > REC_MAX_HEADER) return ERR_CORRUPT();
  if (*pHdr > (u64)nAvail || (i64)*pHdr > nRecord) return ERR_CORRUPT();
  *pnVarint = n;
  return SQLITE_OK;
}

int rec_parse_header_ex(const u8 *p, int nAvail, i64 nRecord, int nMax, u64 *aType,
                        u32 *aOffset, int *pnField) {
  u64 nHdr = 0;
  int iPos = 0;
  ASSERT(pnField != NULL);
  ASSERT(nMax >= 0 && (nMax == 0 || (aType != NULL && aOffset != NULL)));
  *pnField = 0;
  int rc = rec_header_len(p, nAvail, nRecord, &nHdr, &iPos);
  if (rc != SQLITE_OK) return rc;
  u64 iBody = nHdr;   /* offset of the next value */
  int nField = 0;
  const u8 *pEnd = p + nHdr;
  /* Bounded: each iteration consumes at least one header byte. */
  while (p + iPos < pEnd) {
    u64 st;
    int n = varint_get_safe(p + iPos, pEnd, &st);
    if (n == 0 || !rec_serial_type_valid(st)) return ERR_CORRUPT();
    iPos += n;
    if (nField < nMax) {
      aType[nField] = st;
      aOffset[nField] = (u32)iBody;
    }
    iBody += rec_serial_type_len(st);
    if (iBody > (u64)nRecord) return ERR_CORRUPT();
    nField++;
  }
  *pnField = nField < nMax ? nField : nMax;
  return SQLITE_OK;
}

int rec_parse_header(const u8 *p, int n, int nMax, u64 *aType, u32 *aOffset, int *pnField) {
  return rec_parse_header_ex(p, n, n, nMax, aType, aOffset, pnField);
}

i64 rec_get_int(const u8 *p, u64 st) {
  switch (st) {
    case 8: return 0;
    case 9: return 1;
    case 1: return (i8)p[0];
    case 2: return (i16)(((u32)p[0] << 8) | p[1]);
    case 3: return ((i32)((u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8)) >> 8;
    case 4: return (i32)get4(p);
    case 5: {
      u64 hi = (u64)(i64)(i16)(((u32)p[0] << 8) | p[1]);
      return (i64)((hi << 32) | get4(p + 2));
    }
    case 6: return (i64)(((u64)get4(p) << 32) | get4(p + 4));
    default: return 0;
  }
}

double rec_get_real(const u8 *p) {
  u64 x = ((u64)get4(p) << 32) | get4(p + 4);
  double r;
  _Static_assert(sizeof(double) == 8, "IEEE double");
  memcpy(&r, &x, 8);
  return r;
}

u64 rec_int_serial_type(i64 v) {
  if (v == 0) return 8;
  if (v == 1) return 9;
  u64 u = v < 0 ? ~(u64)v : (u64)v;   /* magnitude bits below the sign */
  if (u <= 0x7f) return 1;
  if (u <= 0x7fff) return 2;
  if (u <= 0x7fffff) return 3;
  if (u <= 0x7fffffff) return 4;
  if (u <= 0x7fffffffffffULL) return 5;
  return 6;
}

u64 rec_text_serial_type(u32 nByte) { return (u64)nByte * 2 + 13; }
u64 rec_blob_serial_type(u32 nByte) { return (u64)nByte * 2 + 12; }

int rec_put_int(u8 *p, u64 st, i64 v) {
  ASSERT(st <= 6 || st == 8 || st == 9);
  int n = (int)rec_serial_type_len(st);
  u64 u = (u64)v;
  for (int i = n - 1; i >= 0; i--) {
    p[i] = (u8)u;
    u >>= 8;
  }
  return n;
}

int rec_put_real(u8 *p, double r) {
  u64 x;
  memcpy(&x, &r, 8);
  put4(p, (u32)(x >> 32));
  put4(p + 4, (u32)x);
  return 8;
}

int rec_header_size(const u64 *aType, int nField) {
  int n = 0;
  ASSERT(nField >= 0);
  for (int i = 0; i < nField; i++) n += varint_len(aType[i]);
  /* The size varint counts itself: grow until the total is stable. */
  int nSelf = varint_len((u64)n + 1);
  while (varint_len((u64)(n + nSelf)) > nSelf) nSelf++;
  return n + nSelf;
}

int rec_put_header(u8 *p, const u64 *aType, int nField) {
  int nHdr = rec_header_size(aType, nField);
  int i = varint_put(p, (u64)nHdr);
  for (int j = 0; j < nField; j++) i += varint_put(p + i, aType[j]);
  ASSERT(i == nHdr); /* invariant 2 */
  return i;
}

i64 rec_record_size(const u64 *aType, int nField) {
  i64 n = rec_header_size(aType, nField);
  for (int i = 0; i < nField; i++) n += rec_serial_type_len(aType[i]);
  return n;
}
