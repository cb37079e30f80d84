/*
** value_record.c: records <-> Values (fileformat2.html "Record Format"),
** and index-order comparison of a stored record with an unpacked key.
**
** The byte-level work (serial types, header parsing with bounds checks)
** is record.h's; this file maps serial types to storage classes.
**
** Invariants:
**   1. Records come from disk and are untrusted: every field is located
**      through rec_parse_header_ex, which bounds it inside the record; a
**      malformed header is SQLITE_CORRUPT, never an out-of-bounds read.
**   2. rec_encode writes exactly rec_encode_size() bytes; integers take
**      their narrowest serial type (8/9 for 0/1, file format 4), REALs are
**      8-byte IEEE, zeroblobs are expanded.
**   3. Text fields decode in the connection's encoding (pOut->db->enc,
**      UTF-8 without a connection): records hold text as stored.
**   4. rec_compare orders like SQLite's indexes: per field the storage-class
**      order of value_compare, the field's collation, DESC inverted.
*/
#include "conn.h"
#include "record.h"

#define REC_STACK_FIELDS 32

/* Serial type of one value (invariant 2). */
static u64 rec_value_type(const Value *p) {
  u16 f = p->flags;
  if (f & VAL_NULL) return REC_SERIAL_NULL;
  if (f & VAL_INT) return rec_int_serial_type(p->u.i);
  if (f & VAL_REAL) return REC_SERIAL_REAL;
  if (f & VAL_BLOB) {
    u32 n = (u32)p->n + ((f & VAL_ZERO) ? (u32)p->u.nZero : 0);
    return rec_blob_serial_type(n);
  }
  ASSERT(f & VAL_STR);
  return rec_text_serial_type((u32)p->n);
}

/* Fills aType (nField entries) and returns the total record size. */
static i64 rec_types(Value *aVal, int nField, u64 *aType) {
  for (int i = 0; i < nField; i++) aType[i] = rec_value_type(&aVal[i]);
  return rec_record_size(aType, nField);
}

int rec_encode_size(Value *aVal, int nField, i64 *pnOut) {
  u64 aStack[REC_STACK_FIELDS];
  u64 *aType = aStack;
  ASSERT(nField >= 0 && pnOut != NULL);
  *pnOut = 0;
  if (nField > REC_STACK_FIELDS) {
    aType = mem_malloc(sizeof(u64) * (u64)nField);
    if (aType == NULL) return SQLITE_NOMEM;
  }
  *pnOut = rec_types(aVal, nField, aType);
  if (aType != aStack) mem_free(aType);
  return SQLITE_OK;
}

/* Writes the body bytes of value p with serial type st at z. */
static int rec_put_value(u8 *z, const Value *p, u64 st) {
  if (st == REC_SERIAL_REAL && (p->flags & VAL_REAL)) return rec_put_real(z, p->u.r);
  if (st <= 9) return st == 0 ? 0 : rec_put_int(z, st, p->u.i);
  if (p->n > 0) memcpy(z, p->z, (size_t)p->n);
  u32 nTotal = rec_serial_type_len(st);
  if (nTotal > (u32)p->n) memset(z + p->n, 0, nTotal - (u32)p->n);   /* zeroblob */
  return (int)nTotal;
}

int rec_encode(Value *aVal, int nField, u8 **ppOut, int *pnOut) {
  u64 aStack[REC_STACK_FIELDS];
  u64 *aType = aStack;
  int rc = SQLITE_OK;
  ASSERT(ppOut != NULL && pnOut != NULL && nField >= 0);
  *ppOut = NULL;
  *pnOut = 0;
  if (nField > REC_STACK_FIELDS) {
    aType = mem_malloc(sizeof(u64) * (u64)nField);
    if (aType == NULL) return SQLITE_NOMEM;
  }
  i64 nRec = rec_types(aVal, nField, aType);
  i64 mx = (nField > 0 && aVal[0].db) ? aVal[0].db->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000;
  if (nRec > mx) {
    rc = SQLITE_TOOBIG;
    goto done;
  }
  u8 *z = mem_malloc((u64)nRec + 1);
  if (z == NULL) {
    rc = SQLITE_NOMEM;
    goto done;
  }
  int iOff = rec_put_header(z, aType, nField);
  for (int i = 0; i < nField; i++) iOff += rec_put_value(z + iOff, &aVal[i], aType[i]);
  ASSERT(iOff == nRec);   /* invariant 2 */
  *ppOut = z;
  *pnOut = (int)nRec;
done:
  if (aType != aStack) mem_free(aType);
  return rc;
}

/* Sets pOut from the field of serial type st at z (inside the record). */
static int rec_field_value(const u8 *z, u64 st, Value *pOut, int bEphem) {
  if (st == REC_SERIAL_NULL) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  if (st == REC_SERIAL_REAL) {
    double r = rec_get_real(z);
    value_set_real(pOut, r);      /* a stored NaN reads as NULL */
    return SQLITE_OK;
  }
  if (st <= 9) {
    value_set_int(pOut, rec_get_int(z, st));
    return SQLITE_OK;
  }
  int n = (int)rec_serial_type_len(st);
  void (*xDel)(void *) = bEphem ? SQLITE_STATIC : SQLITE_TRANSIENT;
  int rc;
  if (st & 1) {
    u8 enc = pOut->db ? pOut->db->enc : SQLITE_UTF8;   /* invariant 3 */
    if (enc < SQLITE_UTF8 || enc > SQLITE_UTF16BE) enc = SQLITE_UTF8;
    rc = value_set_text(pOut, (const char *)z, n, enc, xDel);
  } else {
    rc = value_set_blob(pOut, n ? (const void *)z : (const void *)"", n, xDel);
  }
  if (rc == SQLITE_OK && bEphem && (pOut->flags & VAL_STATIC)) {
    pOut->flags = (u16)((pOut->flags & ~VAL_STATIC) | VAL_EPHEM);
  }
  return rc;
}

/* Parses the header for nWant fields into (possibly heap) arrays. */
static int rec_header(const u8 *pRec, int nRec, int nWant, u64 **paType, u32 **paOff,
                      u64 *aTypeStack, u32 *aOffStack, int *pnField) {
  *paType = aTypeStack;
  *paOff = aOffStack;
  if (nWant > REC_STACK_FIELDS) {
    *paType = mem_malloc(sizeof(u64) * (u64)nWant);
    *paOff = mem_malloc(sizeof(u32) * (u64)nWant);
    if (*paType == NULL || *paOff == NULL) return SQLITE_NOMEM;
  }
  return rec_parse_header_ex(pRec, nRec, nRec, nWant, *paType, *paOff, pnField);
}

static void rec_header_free(u64 *aType, u32 *aOff, const u64 *aTypeStack) {
  if (aType != aTypeStack) {
    mem_free(aType);
    mem_free(aOff);
  }
}

int rec_decode_field(const u8 *pRec, int nRec, int iField, Value *pOut, int bEphem) {
  u64 aTypeStack[REC_STACK_FIELDS], *aType;
  u32 aOffStack[REC_STACK_FIELDS], *aOff;
  int nField = 0;
  ASSERT(iField >= 0 && pOut != NULL);
  if (nRec <= 0) {               /* an empty payload has no fields */
    value_set_null(pOut);
    return SQLITE_OK;
  }
  int rc = rec_header(pRec, nRec, iField + 1, &aType, &aOff, aTypeStack, aOffStack, &nField);
  if (rc == SQLITE_OK) {
    if (iField < nField) {
      rc = rec_field_value(pRec + aOff[iField], aType[iField], pOut, bEphem);
    } else {
      value_set_null(pOut);      /* fields past the end read as NULL */
    }
  }
  rec_header_free(aType, aOff, aTypeStack);
  return rc;
}

int rec_decode_all(const u8 *pRec, int nRec, Value *aOut, int nMax, int bEphem, int *pnField) {
  u64 aTypeStack[REC_STACK_FIELDS], *aType;
  u32 aOffStack[REC_STACK_FIELDS], *aOff;
  int nField = 0;
  ASSERT(nMax >= 0 && pnField != NULL);
  *pnField = 0;
  if (nRec <= 0) return SQLITE_OK;
  int rc = rec_header(pRec, nRec, nMax, &aType, &aOff, aTypeStack, aOffStack, &nField);
  for (int i = 0; rc == SQLITE_OK && i < nField; i++) {
    rc = rec_field_value(pRec + aOff[i], aType[i], &aOut[i], bEphem);
  }
  if (rc == SQLITE_OK) *pnField = nField;
  rec_header_free(aType, aOff, aTypeStack);
  return rc;
}

int rec_compare(const u8 *pRec, int nRec, const Value *aKey, int nKey, Coll *const *apColl,
                const u8 *aDesc, int *pRc) {
  u64 aTypeStack[REC_STACK_FIELDS], *aType;
  u32 aOffStack[REC_STACK_FIELDS], *aOff;
  int nField = 0, c = 0;
  ASSERT(pRc != NULL && nKey >= 0);
  int rc = rec_header(pRec, nRec, nKey, &aType, &aOff, aTypeStack, aOffStack, &nField);
  for (int i = 0; rc == SQLITE_OK && i < nField && c == 0; i++) {
    Value v;
    value_init(&v, aKey[i].db);
    rc = rec_field_value(pRec + aOff[i], aType[i], &v, 1);
    if (rc == SQLITE_OK) {
      c = value_compare(&v, &aKey[i], apColl ? apColl[i] : NULL);
      if (aDesc && aDesc[i]) c = -c;
    }
    value_release(&v);
  }
  rec_header_free(aType, aOff, aTypeStack);
  if (rc != SQLITE_OK) {
    *pRc = rc;
    return 0;
  }
  return c;
}
