/*
** vdbe_aux.c: building programs (ops, labels, P4 ownership), KeyInfo,
** record decoding helpers and key comparison, cursors, and the EXPLAIN
** listing.
**
** Invariants:
**   1. While building (VDBE_MAGIC_INIT) aOp has nOpAlloc >= nOp slots; on
**      allocation failure bOom is set, the operand that could not be stored
**      is freed (P4 ownership, vdbe.h invariant 2), adds return address 0
**      and vdbe_get_op returns the Vdbe's own scratch op (opDummy), so
**      codegen needs no check per call; vdbe_make_ready then fails.
**   2. Label L (negative) indexes aLabel[-1-L]; an unresolved label holds -1.
**   3. Record decoding never reads outside the record's bytes: malformed
**      headers or bodies give SQLITE_CORRUPT (core.h invariant 1).
**   4. A closed cursor's struct either is freed or waits, owning nothing
**      (b-tree cursor, buffers, KeyInfo released), on the statement's
**      pCsrFree list (at most VDBE_CSR_FREE_MAX) for vdbe_cursor_alloc;
**      vdbe_free_program frees the list.
*/
#include "vdbe_int.h"
#include <stdio.h>

const char *const vdbe_opcode_names[] = {
#define OPCODE(name, flags, doc) #name,
#include "opcodes.def"
#undef OPCODE
};
const u8 vdbe_opcode_flags[] = {
#define OPCODE(name, flags, doc) (u8)(flags),
#include "opcodes.def"
#undef OPCODE
};
_Static_assert(OP_Eq == OP_Ne + 1 && OP_Ge == OP_Ne + 5, "opcodes.def invariant 1");
_Static_assert(OP_Remainder == OP_Add + 4, "opcodes.def invariant 2");


/* ---------------------------------------------------------------- KeyInfo */

KeyInfo *keyinfo_alloc(sqlite3 *db, int N, int X) {
  ASSERT(N >= 0 && X >= 0);
  int nAll = N + X;
  size_t sz = sizeof(KeyInfo) + (size_t)nAll * (sizeof(Coll *) + 1);
  KeyInfo *p = mem_zalloc(sz);
  if (p == NULL) return NULL;
  p->nRef = 1;
  p->db = db;
  p->enc = db ? db->enc : SQLITE_UTF8;
  if (p->enc == 0) p->enc = SQLITE_UTF8;
  p->nKeyField = (u16)N;
  p->nAllField = (u16)nAll;
  p->aSortFlags = (u8 *)&p->aColl[nAll];
  return p;
}

KeyInfo *keyinfo_ref(KeyInfo *p) {
  if (p) {
    ASSERT(p->nRef > 0);
    p->nRef++;
  }
  return p;
}

void keyinfo_unref(KeyInfo *p) {
  if (p == NULL) return;
  ASSERT(p->nRef > 0);
  if (--p->nRef == 0) mem_free(p);
}

/* ------------------------------------------------------- record decoding */

/* Bytes taken by a value of serial type st; sets *pbBad for 10 and 11. */
static u64 serial_len(u64 st, int *pbBad) {
  static const u8 aLen[12] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};
  if (st >= 12) return (st - 12) / 2;
  if (st == 10 || st == 11) *pbBad = 1;
  return aLen[st];
}

int vdbe_serial_get(const u8 *p, u32 nAvail, u64 st, Value *pOut, int bCopy, u8 enc) {
  int bBad = 0;
  u64 n = serial_len(st, &bBad);
  if (bBad || n > nAvail) return ERR_CORRUPT();
  if (vdbe_serial_number(pOut, p, st)) return SQLITE_OK;
  void (*xDel)(void *) = bCopy ? SQLITE_TRANSIENT : SQLITE_STATIC;
  if (st & 1) return value_set_text(pOut, (const char *)p, (int)n, enc, xDel);
  return value_set_blob(pOut, p, (int)n, xDel);
}

/* Incremental reader of a record header. */
typedef struct RecIter {
  const u8 *p;       /* record bytes */
  u32 n;             /* record size */
  u32 iHdr;          /* next header byte */
  u32 szHdr;         /* header size */
  u32 iBody;         /* offset of the next field's value */
} RecIter;

static int rec_iter_init(RecIter *pIt, const u8 *p, u32 n) {
  u64 sz = 0;
  memset(pIt, 0, sizeof(*pIt));
  if (n == 0) return SQLITE_OK; /* empty record: no fields */
  int k = varint_get_safe(p, p + n, &sz);
  if (k == 0 || sz < (u64)k || sz > n) return ERR_CORRUPT();
  pIt->p = p;
  pIt->n = n;
  pIt->iHdr = (u32)k;
  pIt->szHdr = (u32)sz;
  pIt->iBody = (u32)sz;
  return SQLITE_OK;
}

/* Next field: returns 1 with *pSt and *pOff set, 0 at the end, or -1 when
** the header or the body is malformed (invariant 3). */
static int rec_iter_next(RecIter *pIt, u64 *pSt, u32 *pOff) {
  if (pIt->iHdr >= pIt->szHdr) return 0;
  u64 st = 0;
  int k = varint_get_safe(pIt->p + pIt->iHdr, pIt->p + pIt->szHdr, &st);
  if (k == 0) return -1;
  int bBad = 0;
  u64 len = serial_len(st, &bBad);
  if (bBad || (u64)pIt->iBody + len > pIt->n) return -1;
  pIt->iHdr += (u32)k;
  *pSt = st;
  *pOff = pIt->iBody;
  pIt->iBody += (u32)len;
  return 1;
}

/* Doubles the cursor's aType/aOffset arrays. */
static int grow_row_fields(VdbeCursor *pC) {
  int n = pC->nHdrField, nNew = pC->szField * 2;
  u64 *aT = mem_malloc(sizeof(u64) * (u64)nNew);
  u32 *aO = mem_malloc(sizeof(u32) * (u64)nNew);
  if (aT == NULL || aO == NULL) {
    mem_free(aT);
    mem_free(aO);
    return SQLITE_NOMEM;
  }
  memcpy(aT, pC->aType, sizeof(u64) * (size_t)n);
  memcpy(aO, pC->aOffset, sizeof(u32) * (size_t)n);
  if (pC->aType != pC->aTypeBuf) mem_free(pC->aType);
  if (pC->aOffset != pC->aOffsetBuf) mem_free(pC->aOffset);
  pC->aType = aT;
  pC->aOffset = aO;
  pC->szField = nNew;
  return SQLITE_OK;
}

int vdbe_row_header_begin(VdbeCursor *pC) {
  const u8 *p = pC->pRow;
  u32 n = pC->nRow;
  pC->nHdrField = 0;
  pC->nRecField = 0;
  pC->bHdrDone = 0;
  pC->iHdrNext = pC->szHdr = pC->iBodyNext = 0;
  if (n == 0) {
    pC->bHdrDone = 1; /* an empty record has no fields */
    return SQLITE_OK;
  }
  u64 sz = p[0];
  int k = 1;
  if (sz >= 0x80) k = varint_get_safe(p, p + n, &sz);
  if (k == 0 || sz < (u64)k || sz > n) return ERR_CORRUPT(); /* invariant 3 */
  pC->iHdrNext = (u32)k;
  pC->szHdr = (u32)sz;
  pC->iBodyNext = (u32)sz;
  return SQLITE_OK;
}

/* Parses the cursor's record header lazily: up to field iField (all of it
** when iField < 0).  Afterwards either nHdrField > iField, or the header
** is done and nRecField tells how many fields the record has.  The loop
** works on locals and reads one-byte serial types (every type below 64:
** numbers and strings under 26 bytes) without the varint decoder, since
** this runs for every row a scan reads. */
int vdbe_parse_row_header(VdbeCursor *pC, int iField) {
  return vdbe_parse_row_header_ahead(pC, iField, iField);
}

/* The loop of vdbe_parse_row_header: parses up to field iAhead (>= iField)
** but reports malformed fields only up to iField; past it the parse just
** stops, so the error surfaces when such a field is really asked for. */
int vdbe_parse_row_header_ahead(VdbeCursor *pC, int iField, int iAhead) {
  if (pC->bHdrDone) return SQLITE_OK;
  const u8 *p = pC->pRow;
  u32 iHdr = pC->iHdrNext, szHdr = pC->szHdr, iBody = pC->iBodyNext, nRow = pC->nRow;
  int n = pC->nHdrField, nStop = iField < 0 ? INT32_MAX : iAhead + 1, rc = SQLITE_OK;
  u64 *aType = pC->aType;   /* locals: the stores below cannot alias pC */
  u32 *aOffset = pC->aOffset;
  int szField = pC->szField;
  ASSERT(szHdr <= nRow);
  ASSERT(iField < 0 || iAhead >= iField);
  while (n < nStop) {
    if (iHdr >= szHdr) {
      pC->bHdrDone = 1;
      pC->nRecField = n;
      break;
    }
    u64 st = p[iHdr];
    int k = 1;
    if (st >= 0x80) {
      if (iHdr + 1 < szHdr && p[iHdr + 1] < 0x80) { /* two bytes: text up to 8185 bytes */
        st = ((st & 0x7f) << 7) | p[iHdr + 1];
        k = 2;
      } else {
        k = varint_get_safe(p + iHdr, p + szHdr, &st);
      }
    }
    int bBad = k == 0;
    u64 len = serial_len(st, &bBad);
    if (bBad || (u64)iBody + len > nRow) {
      if (iField < 0 || n <= iField) rc = ERR_CORRUPT(); /* invariant 3 */
      break;                                               /* else only looking ahead */
    }
    if (n >= szField) {
      pC->nHdrField = n;
      if (grow_row_fields(pC)) return SQLITE_NOMEM;
      aType = pC->aType;
      aOffset = pC->aOffset;
      szField = pC->szField;
    }
    aType[n] = st;
    aOffset[n] = iBody;
    n++;
    iHdr += (u32)k;
    iBody += (u32)len;
  }
  pC->nHdrField = n;
  pC->iHdrNext = iHdr;
  pC->iBodyNext = iBody;
  return rc;
}

int vdbe_record_unpack(sqlite3 *db, const u8 *p, int n, Value *a, int nMax, int *pnField) {
  RecIter it;
  u64 st;
  u32 off;
  int i = 0, r = 0;
  *pnField = 0;
  int rc = rec_iter_init(&it, p, (u32)n);
  if (rc) return rc;
  u8 enc = db && db->enc ? db->enc : SQLITE_UTF8;
  while (i < nMax && (r = rec_iter_next(&it, &st, &off)) == 1) {
    rc = vdbe_serial_get(p + off, (u32)n - off, st, &a[i], 1, enc);
    if (rc) return rc;
    i++;
  }
  *pnField = i;
  return r < 0 ? ERR_CORRUPT() : SQLITE_OK;
}

/* Body length of a (validated) serial type. */
static u64 serial_len_ok(u64 st) {
  int bBad = 0;
  return serial_len(st, &bBad);
}

/* Integer value of an integer serial type (1..6, 8, 9). */
static int serial_is_int(u64 st) { return (st >= 1 && st <= 6) || st == 8 || st == 9; }
static i64 serial_int_value(const u8 *p, u64 st) {
  static const u8 aLen[7] = {0, 1, 2, 3, 4, 6, 8};
  return st >= 8 ? (i64)(st - 8) : vdbe_serial_int(p, aLen[st]);
}

static int coll_is_binary(const Coll *pColl) {
  return pColl == NULL || pColl == &value_coll_binary;
}

static double serial_real_value(const u8 *p) {
  u64 x = (u64)vdbe_serial_int(p, 8);
  double r;
  memcpy(&r, &x, 8);
  return r;
}

/* Exact comparison of an integer with a real (no rounding of i). */
static int cmp_int_real(i64 i, double r) {
  if (r != r) return 1; /* not stored in records; order it last defensively */
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  i64 y = (i64)r; /* truncation toward zero: exact */
  if (i != y) return i < y ? -1 : 1;
  double fr = r - (double)y;
  return fr > 0 ? -1 : (fr < 0 ? 1 : 0);
}

/* Compares two fields straight from their serial types when both are
** numbers, or both text/blob under BINARY (the common sort keys), to skip
** building Values.  Returns 1 and sets *pc when it could decide. */
static int fast_field_cmp(const u8 *pa, u64 sa, const u8 *pb, u64 sb, const Coll *pColl,
                          u8 enc, int *pc) {
  int ia = serial_is_int(sa), ib = serial_is_int(sb);
  if (ia && ib) {
    i64 a = serial_int_value(pa, sa), b = serial_int_value(pb, sb);
    *pc = a < b ? -1 : a > b;
    return 1;
  }
  if ((ia || sa == 7) && (ib || sb == 7)) {
    if (sa == 7 && sb == 7) {
      double a = serial_real_value(pa), b = serial_real_value(pb);
      if (a != a || b != b) return 0;
      *pc = a < b ? -1 : a > b;
    } else if (ia) {
      *pc = cmp_int_real(serial_int_value(pa, sa), serial_real_value(pb));
    } else {
      *pc = -cmp_int_real(serial_int_value(pb, sb), serial_real_value(pa));
    }
    return 1;
  }
  if (sa >= 12 && sb >= 12 && (sa & 1) == (sb & 1)) {
    if ((sa & 1) && (!coll_is_binary(pColl) || enc != SQLITE_UTF8)) return 0;
    u32 na = (u32)((sa - 12) / 2), nb = (u32)((sb - 12) / 2);
    int c = memcmp(pa, pb, na < nb ? na : nb);
    *pc = c ? (c < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
    return 1;
  }
  return 0;
}

/* Compares one decoded field with a key value under the field's order. */
static int key_field_cmp(const Value *pRec, const Value *pKey, KeyInfo *pKI, int i) {
  Coll *pColl = i < pKI->nAllField ? pKI->aColl[i] : NULL;
  u8 flags = i < pKI->nAllField ? pKI->aSortFlags[i] : 0;
  int bNullA = (pRec->flags & VAL_NULL) != 0, bNullB = (pKey->flags & VAL_NULL) != 0;
  int c;
  if ((flags & KEYINFO_ORDER_BIGNULL) && (bNullA || bNullB)) {
    /* NULLs sort last on ASC (first on DESC): flip the usual NULL order. */
    c = bNullA == bNullB ? 0 : (bNullA ? 1 : -1);
    return (flags & KEYINFO_ORDER_DESC) ? -c : c;
  }
  c = value_compare(pRec, pKey, pColl);
  return (flags & KEYINFO_ORDER_DESC) ? -c : c;
}

/* Compares a stored field (serial type st at p, inside the record) with a
** key value when both are numbers, or both text under BINARY in UTF-8:
** the common index keys, decided without building a Value.  Returns 1
** and sets *pc (unsorted order) when it could decide. */
static int key_fast_cmp(const u8 *p, u64 st, const Value *pKv, const Coll *pColl, u8 enc,
                        int *pc) {
  u16 f = pKv->flags;
  if (f & VAL_NULL) return 0;
  if (serial_is_int(st)) {
    i64 a = serial_int_value(p, st);
    if (f & VAL_INT) {
      *pc = a < pKv->u.i ? -1 : a > pKv->u.i;
      return 1;
    }
    if (f & VAL_REAL) {
      *pc = cmp_int_real(a, pKv->u.r);
      return 1;
    }
    return 0;
  }
  if (st == 7) {
    double a = serial_real_value(p);
    if (a != a) return 0;
    if (f & VAL_INT) {
      *pc = -cmp_int_real(pKv->u.i, a);
      return 1;
    }
    if (f & VAL_REAL) {
      *pc = a < pKv->u.r ? -1 : a > pKv->u.r;
      return 1;
    }
    return 0;
  }
  if (st >= 13 && (st & 1) && (f & (VAL_STR | VAL_INT | VAL_REAL | VAL_BLOB)) == VAL_STR &&
      coll_is_binary(pColl) && enc == SQLITE_UTF8 && pKv->enc == SQLITE_UTF8) {
    u32 na = (u32)((st - 13) / 2), nb = (u32)pKv->n;
    int c = memcmp(p, pKv->z, na < nb ? na : nb);
    *pc = c ? (c < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
    return 1;
  }
  return 0;
}

/* The general comparison of field i: decodes it (st < 0: the record is
** short and the field reads as NULL) into the caller's scratch Value. */
static int key_slow_cmp(const u8 *p, u32 nAvail, i64 st, const VdbeKey *pK, KeyInfo *pKI,
                        int i, Value *pV, int *pRc) {
  if (st < 0) {
    value_set_null(pV);
  } else if (vdbe_serial_get(p, nAvail, (u64)st, pV, 0, pKI->enc)) {
    *pRc = SQLITE_CORRUPT;
    return 0;
  }
  return key_field_cmp(pV, &pK->aVal[i], pKI, i);
}

/* The common first field of an index search: an integer against an
** integer key.  Returns the comparison (sort order applied) when it
** decides, 0 when the fields are equal or this shortcut does not apply
** (the general walk of vdbe_key_compare then starts over). */
static int key_first_int_cmp(const u8 *pKey, int nKey, const VdbeKey *pK, const KeyInfo *pKI) {
  if (nKey < 3 || pKey[0] < 2 || pKey[0] >= 0x80 || pK->nField == 0 ||
      (pK->aVal[0].flags & (VAL_INT | VAL_NULL)) != VAL_INT) {
    return 0;
  }
  u8 st = pKey[1];
  u32 szHdr = pKey[0];
  if (st < 1 || st > 9 || st == 7 || szHdr >= (u32)nKey ||
      (u64)szHdr + serial_len_ok(st) > (u64)nKey) {
    return 0; /* not an integer, or malformed: the general walk reports it */
  }
  i64 a = serial_int_value(pKey + szHdr, st), b = pK->aVal[0].u.i;
  if (a == b) return 0;
  int c = a < b ? -1 : 1;
  return (pKI->nAllField > 0 && (pKI->aSortFlags[0] & KEYINFO_ORDER_DESC)) ? -c : c;
}

/* The index comparator: stored key pKey against the unpacked search key.
** The header is walked in place (one-byte varints read directly), and
** numeric or BINARY text fields compare without a Value (invariant 3:
** every field is checked to lie inside the record before it is read). */
int vdbe_key_compare(void *pCtx, const u8 *pKey, int nKey, const void *pSearch, int *pRc) {
  VdbeKey *pK = (VdbeKey *)pSearch;
  KeyInfo *pKI = pCtx ? (KeyInfo *)pCtx : pK->pKeyInfo;
  ASSERT(pKI != NULL && pK->aVal != NULL && nKey >= 0);
  int c = key_first_int_cmp(pKey, nKey, pK, pKI);
  if (c) return c;
  u64 sz = 0;
  u32 n = (u32)nKey, iHdr = 0, szHdr = 0;
  if (n > 0) {
    iHdr = pKey[0] < 0x80 ? (sz = pKey[0], 1u) : (u32)varint_get_safe(pKey, pKey + n, &sz);
    if (iHdr == 0 || sz < iHdr || sz > n) goto corrupt;
    szHdr = (u32)sz;
  }
  u32 iBody = szHdr;
  Value v;
  int bInit = 0, rc = SQLITE_OK;
  for (int i = 0; i < pK->nField; i++) {
    i64 st = -1;
    u32 off = 0;
    if (iHdr < szHdr) {
      u64 t = pKey[iHdr];
      int k = 1, bBad = 0;
      if (t >= 0x80 && (k = varint_get_safe(pKey + iHdr, pKey + szHdr, &t)) == 0) goto corrupt;
      u64 len = serial_len(t, &bBad);
      if (bBad || (u64)iBody + len > n) goto corrupt;
      st = (i64)t;
      off = iBody;
      iHdr += (u32)k;
      iBody += (u32)len;
    }
    Coll *pColl = i < pKI->nAllField ? pKI->aColl[i] : NULL;
    u8 fl = i < pKI->nAllField ? pKI->aSortFlags[i] : 0;
    if (st >= 0 && key_fast_cmp(pKey + off, (u64)st, &pK->aVal[i], pColl, pKI->enc, &c)) {
      if (c) return (fl & KEYINFO_ORDER_DESC) ? -c : c;
      continue;
    }
    if (!bInit) value_init(&v, pKI->db);
    bInit = 1;
    c = key_slow_cmp(pKey + off, n - off, st, pK, pKI, i, &v, &rc);
    if (c || rc) break;
  }
  if (bInit) value_release(&v);
  if (rc) goto corrupt;
  if (c) return c;
  pK->eqSeen = 1;
  return pK->default_rc;
corrupt:
  *pRc = SQLITE_CORRUPT;
  return 0;
}

/* Compares records a and b on their first nField fields under pKI
** (nField <= pKI->nAllField, so every field has a collation slot). */
static int record_compare_n(KeyInfo *pKI, const u8 *a, int na, const u8 *b, int nb, int nField,
                            int *pRc) {
  RecIter ia, ib;
  Value va, vb;
  u64 sa, sb;
  u32 oa, ob;
  int c = 0;
  if (rec_iter_init(&ia, a, (u32)na) || rec_iter_init(&ib, b, (u32)nb)) {
    *pRc = SQLITE_CORRUPT;
    return 0;
  }
  value_init(&va, pKI->db);
  value_init(&vb, pKI->db);
  ASSERT(nField <= pKI->nAllField);
  for (int i = 0; c == 0 && i < nField; i++) {
    int ra = rec_iter_next(&ia, &sa, &oa), rb = rec_iter_next(&ib, &sb, &ob);
    if (ra < 0 || rb < 0) {
      *pRc = SQLITE_CORRUPT;
      break;
    }
    if (ra == 0 || rb == 0) break; /* a shorter record compares equal on its prefix */
    if ((u64)oa + serial_len_ok(sa) <= (u64)na && (u64)ob + serial_len_ok(sb) <= (u64)nb &&
        fast_field_cmp(a + oa, sa, b + ob, sb, pKI->aColl[i], pKI->enc, &c)) {
      if (pKI->aSortFlags[i] & KEYINFO_ORDER_DESC) c = -c;
      continue;
    }
    if (vdbe_serial_get(a + oa, (u32)na - oa, sa, &va, 0, pKI->enc) ||
        vdbe_serial_get(b + ob, (u32)nb - ob, sb, &vb, 0, pKI->enc)) {
      *pRc = SQLITE_CORRUPT;
      break;
    }
    c = key_field_cmp(&va, &vb, pKI, i);
  }
  value_release(&va);
  value_release(&vb);
  return c;
}

int vdbe_record_compare(KeyInfo *pKI, const u8 *a, int na, const u8 *b, int nb, int *pRc) {
  return record_compare_n(pKI, a, na, b, nb, CORE_MIN(pKI->nKeyField, pKI->nAllField), pRc);
}

/* All fields count here (the rowid suffix too): a btree re-seek needs the
** exact entry, and full index keys are unique. */
int vdbe_key_compare_raw(void *pCtx, const u8 *pA, int nA, const u8 *pB, int nB, int *pRc) {
  KeyInfo *pKI = (KeyInfo *)pCtx;
  ASSERT(pKI != NULL);
  if (pKI == NULL) return 0;
  return record_compare_n(pKI, pA, nA, pB, nB, pKI->nAllField, pRc);
}

/* ------------------------------------------------------------- building */

Vdbe *vdbe_create(sqlite3 *db) {
  ASSERT(db != NULL);
  Vdbe *v = mem_zalloc(sizeof(Vdbe));
  if (v == NULL) return NULL;
  v->db = db;
  v->magic = VDBE_MAGIC_INIT;
  v->pNext = db->pVdbe;
  if (db->pVdbe) db->pVdbe->pPrev = v;
  db->pVdbe = v;
  for (int i = 0; i < 8; i++) value_init(&v->aExplain[i], db);
  return v;
}

/* Makes room for one more op; 0 on OOM (bOom set). */
static int grow_ops(Vdbe *v) {
  if (v->nOp < v->nOpAlloc) return 1;
  if (v->bOom) return 0;
  int nNew = v->nOpAlloc ? v->nOpAlloc * 2 : 32;
  VdbeOp *aNew = mem_realloc(v->aOp, sizeof(VdbeOp) * (u64)nNew);
  if (aNew == NULL) {
    v->bOom = 1;
    return 0;
  }
  v->aOp = aNew;
  v->nOpAlloc = nNew;
  return 1;
}

int vdbe_add_op3(Vdbe *v, int op, int p1, int p2, int p3) {
  ASSERT(v->magic == VDBE_MAGIC_INIT);
  ASSERT(op >= 0 && op < OP_COUNT_);
  if (!grow_ops(v)) return 0;
  int addr = v->nOp++;
  VdbeOp *pOp = &v->aOp[addr];
  memset(pOp, 0, sizeof(*pOp));
  pOp->opcode = (u8)op;
  pOp->p1 = p1;
  pOp->p2 = p2;
  pOp->p3 = p3;
  return addr;
}

int vdbe_add_op0(Vdbe *v, int op) { return vdbe_add_op3(v, op, 0, 0, 0); }
int vdbe_add_op1(Vdbe *v, int op, int p1) { return vdbe_add_op3(v, op, p1, 0, 0); }
int vdbe_add_op2(Vdbe *v, int op, int p1, int p2) { return vdbe_add_op3(v, op, p1, p2, 0); }

void vdbe_free_p4(sqlite3 *db, int p4type, union VdbeP4 *p4) {
  UNUSED(db);
  switch (p4type) {
    case P4_DYNAMIC: case P4_BLOB: case P4_INT64: case P4_REAL: case P4_INTARRAY:
      mem_free(p4->p);
      break;
    case P4_KEYINFO: keyinfo_unref(p4->pKeyInfo); break;
    case P4_MEM: value_free(p4->pMem); break;
    case P4_FUNCCTX: vdbe_func_ctx_free(p4->pCtx); break;
    case P4_SUBPROGRAM: vdbe_subprogram_unref(p4->pProgram); break;
    default: break;
  }
  p4->p = NULL;
}

/* Stores p4 into pOp according to its type (vdbe.h invariant 2). */
static void set_p4(Vdbe *v, VdbeOp *pOp, const void *p4, int p4type) {
  if (pOp == &v->opDummy || pOp == NULL) {
    union VdbeP4 tmp;
    tmp.p = (void *)p4;
    if (p4type != P4_TRANSIENT) vdbe_free_p4(v->db, p4type, &tmp);
    return;
  }
  vdbe_free_p4(v->db, pOp->p4type, &pOp->p4);
  if (p4type == P4_KEYINFO && p4 == NULL) {
    /* codegen's KeyInfo allocation failed (tables never pass P4_KEYINFO):
    ** the statement can only fail with SQLITE_NOMEM */
    v->bOom = 1;
    pOp->p4type = P4_NOTUSED;
    pOp->p4.p = NULL;
    return;
  }
  if (p4type == P4_TRANSIENT) {
    pOp->p4.z = mem_strdup((const char *)p4);
    pOp->p4type = pOp->p4.z ? P4_DYNAMIC : P4_NOTUSED;
    if (p4 && pOp->p4.z == NULL) v->bOom = 1;
    return;
  }
  if (p4type == P4_INT32) {
    pOp->p4.i = (int)(intptr_t)p4;
  } else {
    pOp->p4.p = (void *)p4;
  }
  pOp->p4type = (i8)p4type;
}

int vdbe_add_op4(Vdbe *v, int op, int p1, int p2, int p3, const void *p4, int p4type) {
  int addr = vdbe_add_op3(v, op, p1, p2, p3);
  set_p4(v, v->bOom ? &v->opDummy : &v->aOp[addr], p4, p4type);
  return addr;
}

int vdbe_add_op4_int(Vdbe *v, int op, int p1, int p2, int p3, int p4) {
  int addr = vdbe_add_op3(v, op, p1, p2, p3);
  if (!v->bOom) {
    v->aOp[addr].p4type = P4_INT32;
    v->aOp[addr].p4.i = p4;
  }
  return addr;
}

int vdbe_add_op4_dup8(Vdbe *v, int op, int p1, int p2, int p3, const void *p4, int p4type) {
  ASSERT(p4type == P4_INT64 || p4type == P4_REAL);
  void *pCopy = mem_malloc(8);
  if (pCopy == NULL) {
    v->bOom = 1;
    return vdbe_add_op3(v, op, p1, p2, p3);
  }
  memcpy(pCopy, p4, 8);
  return vdbe_add_op4(v, op, p1, p2, p3, pCopy, p4type);
}

int vdbe_add_function_call(Vdbe *v, int op, int p1, int p2, int p3, int nArg, FuncDef *pFunc,
                           int p5) {
  ASSERT(op == OP_Function || op == OP_PureFunction);
  ASSERT(nArg >= 0 && nArg <= 1000);
  sqlite3_context *pCtx = vdbe_func_ctx_new(v->db, pFunc, nArg);
  if (pCtx == NULL) {
    v->bOom = 1;
    return vdbe_add_op3(v, op, p1, p2, p3);
  }
  int addr = vdbe_add_op4(v, op, p1, p2, p3, pCtx, P4_FUNCCTX);
  vdbe_change_p5_at(v, addr, p5);
  return addr;
}

int vdbe_add_explain(Vdbe *v, int parentId, const char *zDetail) {
  int addr = vdbe_current_addr(v);
  vdbe_add_op4(v, OP_Explain, addr, parentId, 0, zDetail, P4_TRANSIENT);
  return addr;
}

VdbeOp *vdbe_get_op(Vdbe *v, int addr) {
  if (v->bOom) {
    memset(&v->opDummy, 0, sizeof(v->opDummy)); /* scratch: writes go nowhere */
    return &v->opDummy;
  }
  if (addr < 0) addr = v->nOp - 1;
  if (addr < 0 || addr >= v->nOp) return NULL;
  return &v->aOp[addr];
}

void vdbe_change_opcode(Vdbe *v, int addr, int op) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp) pOp->opcode = (u8)op;
}
void vdbe_change_p1(Vdbe *v, int addr, int p1) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp) pOp->p1 = p1;
}
void vdbe_change_p2(Vdbe *v, int addr, int p2) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp) pOp->p2 = p2;
}
void vdbe_change_p3(Vdbe *v, int addr, int p3) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp) pOp->p3 = p3;
}
void vdbe_change_p5(Vdbe *v, int p5) { vdbe_change_p5_at(v, -1, p5); }
void vdbe_change_p5_at(Vdbe *v, int addr, int p5) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp) pOp->p5 = (u16)p5;
}
void vdbe_change_p4(Vdbe *v, int addr, const void *p4, int p4type) {
  set_p4(v, vdbe_get_op(v, addr), p4, p4type);
}
void vdbe_change_to_noop(Vdbe *v, int addr) {
  VdbeOp *pOp = vdbe_get_op(v, addr);
  if (pOp == NULL || pOp == &v->opDummy) return;
  vdbe_free_p4(v->db, pOp->p4type, &pOp->p4);
  pOp->p4type = P4_NOTUSED;
  pOp->opcode = OP_Noop;
  pOp->p1 = pOp->p2 = pOp->p3 = 0;
  pOp->p5 = 0;
}
void vdbe_comment(Vdbe *v, const char *zComment) {
  VdbeOp *pOp = vdbe_get_op(v, -1);
  if (pOp == NULL || pOp == &v->opDummy) return;
  mem_free(pOp->zComment);
  pOp->zComment = mem_strdup(zComment);
}
void vdbe_jump_here(Vdbe *v, int addr) { vdbe_change_p2(v, addr, v->nOp); }
int vdbe_current_addr(Vdbe *v) { return v->nOp; }
int vdbe_op_count(Vdbe *v) { return v->nOp; }

int vdbe_make_label(Vdbe *v) {
  if (v->nLabel >= v->nLabelAlloc) {
    int nNew = v->nLabelAlloc ? v->nLabelAlloc * 2 : 16;
    int *aNew = mem_realloc(v->aLabel, sizeof(int) * (u64)nNew);
    if (aNew == NULL) {
      v->bOom = 1;
      return -1;
    }
    v->aLabel = aNew;
    v->nLabelAlloc = nNew;
  }
  v->aLabel[v->nLabel] = -1;
  return -1 - v->nLabel++;
}

void vdbe_resolve_label(Vdbe *v, int label) {
  int j = -1 - label;
  ASSERT(label < 0);
  if (j < 0 || j >= v->nLabel) return; /* only after an OOM */
  v->aLabel[j] = v->nOp;
}

/* Replaces every label in a jump operand by its address (vdbe.h
** invariant 1).  An unresolved label is a codegen bug; it becomes a jump
** to the end so release builds halt cleanly. */
static void resolve_jumps(Vdbe *v) {
  for (int i = 0; i < v->nOp; i++) {
    VdbeOp *pOp = &v->aOp[i];
    int *ap[3] = {&pOp->p2, NULL, NULL};
    if (pOp->opcode == OP_Jump) {
      ap[1] = &pOp->p1;
      ap[2] = &pOp->p3;
    }
    if (!(vdbe_opcode_flags[pOp->opcode] & OPF_JUMP)) continue;
    for (int k = 0; k < 3; k++) {
      if (ap[k] == NULL || *ap[k] >= 0) continue;
      int j = -1 - *ap[k];
      int addr = j < v->nLabel ? v->aLabel[j] : -1;
      ASSERT(addr >= 0);
      *ap[k] = addr >= 0 ? addr : v->nOp;
    }
  }
}

/* Does the program write? (sqlite3_stmt_readonly: BEGIN, COMMIT,
** ROLLBACK, SAVEPOINT and RELEASE count as read-only, as in SQLite) */
static int program_is_readonly(Vdbe *v) {
  for (int i = 0; i < v->nOp; i++) {
    switch (v->aOp[i].opcode) {
      case OP_Transaction:
        if (v->aOp[i].p2 != 0) return 0;
        break;
      case OP_OpenWrite: case OP_Insert:
      case OP_Delete: case OP_CreateBtree: case OP_Destroy: case OP_Clear:
      case OP_SetCookie:
        return 0;
      default: break;
    }
  }
  return 1;
}

/* Does the program count rows for sqlite3_changes()? */
static int program_counts_changes(Vdbe *v) {
  for (int i = 0; i < v->nOp; i++) {
    const VdbeOp *pOp = &v->aOp[i];
    if (pOp->opcode == OP_Insert && (pOp->p5 & OPFLAG_NCHANGE)) return 1;
    /* a WITHOUT ROWID table's rows are written with IdxInsert */
    if (pOp->opcode == OP_IdxInsert && (pOp->p5 & OPFLAG_NCHANGE)) return 1;
    if (pOp->opcode == OP_Delete && (pOp->p2 & OPFLAG_NCHANGE)) return 1;
    if (pOp->opcode == OP_Clear && pOp->p3 != 0) return 1;
    if (pOp->opcode == OP_ResetCount) return 1;
  }
  return 0;
}

int vdbe_make_ready(Vdbe *v, int nMem, int nCursor, int nVar, const char *const *azVar) {
  ASSERT(v->magic == VDBE_MAGIC_INIT);
  ASSERT(nMem >= 0 && nCursor >= 0 && nVar >= 0);
  /* the implied final "Halt 0 0 0" is not stored: vdbe_exec treats running
  ** off the end as a normal halt, and EXPLAIN does not list it (as SQLite) */
  if (v->bOom) return SQLITE_NOMEM;
  resolve_jumps(v);
  int rc = vdbe_prepare_function_ops(v);
  if (rc) return rc;
  v->nMem = nMem + 1;
  v->aMem = mem_zalloc(sizeof(Value) * (u64)(v->nMem + 1));
  v->apCsr = mem_zalloc(sizeof(VdbeCursor *) * (u64)(nCursor + 1));
  v->aVar = mem_zalloc(sizeof(Value) * (u64)(nVar + 1));
  v->azVar = mem_zalloc(sizeof(char *) * (u64)(nVar + 1));
  v->aOnce = mem_zalloc((u64)v->nOp + 1);
  if (!v->aMem || !v->apCsr || !v->aVar || !v->azVar || !v->aOnce) {
    v->bOom = 1;
    return SQLITE_NOMEM;
  }
  for (int i = 0; i <= v->nMem; i++) value_init(&v->aMem[i], v->db);
  for (int i = 0; i < nVar; i++) {
    value_init(&v->aVar[i], v->db);
    if (azVar && azVar[i] && (v->azVar[i] = mem_strdup(azVar[i])) == NULL) {
      v->bOom = 1;
      return SQLITE_NOMEM;
    }
  }
  v->nCursor = nCursor;
  v->nVar = nVar;
  if (!v->readOnlySet) v->readOnly = (u8)program_is_readonly(v);
  v->bCountChanges = (u8)program_counts_changes(v);
  v->magic = VDBE_MAGIC_READY;
  return SQLITE_OK;
}

void vdbe_set_readonly(Vdbe *v, int bReadonly) {
  v->readOnly = (u8)(bReadonly != 0);
  v->readOnlySet = 1;
}

/* ------------------------------------------------------ names and SQL */

void vdbe_set_num_cols(Vdbe *v, int nResColumn) {
  if (v->azColName) {
    for (int i = 0; i < v->nResColumn * COLNAME_N; i++) mem_free(v->azColName[i]);
    mem_free(v->azColName);
  }
  v->nResColumn = 0;
  v->azColName = mem_zalloc(sizeof(char *) * (u64)(nResColumn * COLNAME_N + 1));
  if (v->azColName == NULL) {
    v->bOom = 1;
    return;
  }
  v->nResColumn = (u16)nResColumn;
}

int vdbe_set_col_name(Vdbe *v, int idx, int which, const char *z, void (*xDel)(void *)) {
  ASSERT(which >= 0 && which < COLNAME_N);
  char *zCopy = NULL;
  if (xDel == VDBE_DYNAMIC) {
    zCopy = (char *)z;
  } else if (z) {
    zCopy = mem_strdup(z);
    if (zCopy == NULL) {
      v->bOom = 1;
      return SQLITE_NOMEM;
    }
  }
  if (idx < 0 || idx >= v->nResColumn || v->azColName == NULL) {
    mem_free(zCopy);
    return SQLITE_MISUSE;
  }
  char **pz = &v->azColName[idx * COLNAME_N + which];
  mem_free(*pz);
  *pz = zCopy;
  return SQLITE_OK;
}

void vdbe_set_sql(Vdbe *v, const char *z, int n, u32 prepFlags) {
  mem_free(v->zSql);
  v->zSql = NULL;
  v->prepFlags = prepFlags;
  if (z == NULL) return;
  if (n < 0) n = (int)strlen(z);
  v->zSql = mem_strndup(z, n);
  if (v->zSql == NULL) v->bOom = 1;
}

void vdbe_set_explain(Vdbe *v, int eMode) {
  static const char *const azOp[] = {"addr", "opcode", "p1", "p2", "p3", "p4", "p5", "comment"};
  static const char *const azQp[] = {"id", "parent", "notused", "detail"};
  ASSERT(eMode >= 0 && eMode <= 2);
  v->explain = (u8)eMode;
  if (eMode == 0) return;
  int n = eMode == 1 ? 8 : 4;
  vdbe_set_num_cols(v, n);
  for (int i = 0; i < n; i++) {
    vdbe_set_col_name(v, i, COLNAME_NAME, eMode == 1 ? azOp[i] : azQp[i], SQLITE_STATIC);
  }
}

/* ------------------------------------------------------------- cursors */

VdbeCursor *vdbe_cursor_alloc(Vdbe *v, int i, int eCurType) {
  ASSERT(i >= 0 && i < v->nCursor);
  vdbe_cursor_close(v, i);
  VdbeCursor *pC = v->pCsrFree;
  if (pC != NULL) {
    /* invariant 4: a closed cursor's struct owns nothing any more */
    ASSERT(v->nCsrFree > 0);
    v->pCsrFree = pC->pNextFree;
    v->nCsrFree--;
    memset(pC, 0, sizeof(*pC));
  } else {
    pC = mem_zalloc(sizeof(VdbeCursor));
    if (pC == NULL) return NULL;
  }
  pC->eCurType = (u8)eCurType;
  pC->iDb = -1;
  pC->isEof = 1;
  pC->aType = pC->aTypeBuf;
  pC->aOffset = pC->aOffsetBuf;
  pC->szField = VDBE_ROW_FIELDS;
  pC->cacheGen = 0;
  v->apCsr[i] = pC;
  return pC;
}

void vdbe_cursor_close(Vdbe *v, int i) {
  if (v->apCsr == NULL || i < 0 || i >= v->nCursor || v->apCsr[i] == NULL) return;
  VdbeCursor *pC = v->apCsr[i];
  v->apCsr[i] = NULL;
  btree_cursor_close(pC->pCur);
  if (pC->pEph && --pC->pEph->nRef == 0) {
    btree_close(pC->pEph->pBt);
    mem_free(pC->pEph);
  }
  sorter_close(pC->pSorter);
  keyinfo_unref(pC->pKeyInfo);
  mem_free(pC->pRowBuf);
  mem_free(pC->pSavedKey);
  mem_free(pC->aAltMap);
  if (pC->aType != pC->aTypeBuf) mem_free(pC->aType);
  if (pC->aOffset != pC->aOffsetBuf) mem_free(pC->aOffset);
  if (v->nCsrFree < VDBE_CSR_FREE_MAX) {
    pC->pNextFree = v->pCsrFree; /* invariant 4 */
    v->pCsrFree = pC;
    v->nCsrFree++;
  } else {
    mem_free(pC);
  }
}

/* Frees the structs kept by vdbe_cursor_close (invariant 4). */
static void cursor_free_list(Vdbe *v) {
  int n = 0;
  while (v->pCsrFree && n++ <= VDBE_CSR_FREE_MAX) {
    VdbeCursor *pC = v->pCsrFree;
    v->pCsrFree = pC->pNextFree;
    mem_free(pC);
  }
  ASSERT(v->pCsrFree == NULL);
  v->nCsrFree = 0;
}

void vdbe_close_all_cursors(Vdbe *v) {
  for (int i = 0; i < v->nCursor; i++) vdbe_cursor_close(v, i);
}

void vdbe_free_program(Vdbe *v) {
  vdbe_frames_unwind(v);
  vdbe_close_all_cursors(v);
  cursor_free_list(v);
  for (int i = 0; i < v->nOp; i++) {
    vdbe_free_p4(v->db, v->aOp[i].p4type, &v->aOp[i].p4);
    mem_free(v->aOp[i].zComment);
  }
  mem_free(v->aOp);
  v->aOp = NULL;
  v->nOp = v->nOpAlloc = 0;
  mem_free(v->aLabel);
  v->aLabel = NULL;
  v->nLabel = v->nLabelAlloc = 0;
  if (v->aMem) {
    for (int i = 0; i <= v->nMem; i++) value_release(&v->aMem[i]);
  }
  mem_free(v->aMem);
  v->aMem = NULL;
  mem_free(v->apCsr);
  v->apCsr = NULL;
  v->nCursor = 0;
  if (v->azColName) {
    for (int i = 0; i < v->nResColumn * COLNAME_N; i++) mem_free(v->azColName[i]);
  }
  mem_free(v->azColName);
  v->azColName = NULL;
  v->nResColumn = 0;
  mem_free(v->aOnce);
  v->aOnce = NULL;
  mem_free(v->aPermute);
  v->aPermute = NULL;
  for (int i = 0; i < 8; i++) value_release(&v->aExplain[i]);
}

void vdbe_swap(Vdbe *pOld, Vdbe *pNew) {
  Vdbe tmp = *pOld;
  ASSERT(pOld->db == pNew->db);
  *pOld = *pNew;
  *pNew = tmp;
  /* list links, identity and bindings stay with each handle */
  pNew->pPrev = pOld->pPrev;
  pNew->pNext = pOld->pNext;
  pOld->pPrev = tmp.pPrev;
  pOld->pNext = tmp.pNext;
  Value *aVar = pOld->aVar;
  int nVar = pOld->nVar;
  char **azVar = pOld->azVar;
  pOld->aVar = pNew->aVar;
  pOld->nVar = pNew->nVar;
  pOld->azVar = pNew->azVar;
  pNew->aVar = aVar;
  pNew->nVar = nVar;
  pNew->azVar = azVar;
  /* the application's bindings stay with the handle it holds; the SQL is
  ** the same, so the parameters are too */
  pOld->prepFlags = tmp.prepFlags;
  /* sqlite3_sql() of the handle stays the same pointer across a re-prepare
  ** (Tcl's statement cache keeps it and compares against it) */
  pNew->zSql = pOld->zSql;
  pOld->zSql = tmp.zSql;
  pOld->aCounter[SQLITE_STMTSTATUS_REPREPARE] = tmp.aCounter[SQLITE_STMTSTATUS_REPREPARE] + 1;
  pOld->aCounter[SQLITE_STMTSTATUS_RUN] = tmp.aCounter[SQLITE_STMTSTATUS_RUN];
}

/* ------------------------------------------------------------- EXPLAIN */

/* A P4_MEM value as SQLite's EXPLAIN shows it. */
static char *display_mem(Value *p) {
  char zBuf[64];
  if (p == NULL || (p->flags & VAL_NULL)) return mem_strdup("NULL");
  if (p->flags & VAL_INT) {
    snprintf(zBuf, sizeof zBuf, "%lld", (long long)p->u.i);
  } else if (p->flags & VAL_REAL) {
    snprintf(zBuf, sizeof zBuf, "%.16g", p->u.r);
  } else if (p->flags & VAL_STR) {
    return mem_strdup((const char *)value_text(p, SQLITE_UTF8));
  } else {
    return mem_strdup("(blob)");
  }
  return mem_strdup(zBuf);
}

/* Text for the p4 column (NULL when there is nothing to show). */
char *vdbe_display_p4(const VdbeOp *pOp) {
  char zBuf[64];
  switch (pOp->p4type) {
    case P4_STATIC: case P4_DYNAMIC:
      return mem_strdup(pOp->p4.z);
    case P4_INT32:
      snprintf(zBuf, sizeof zBuf, "%d", pOp->p4.i);
      return mem_strdup(zBuf);
    case P4_INT64:
      snprintf(zBuf, sizeof zBuf, "%lld", (long long)*pOp->p4.pI64);
      return mem_strdup(zBuf);
    case P4_REAL:
      snprintf(zBuf, sizeof zBuf, "%.16g", *pOp->p4.pReal);
      return mem_strdup(zBuf);
    case P4_COLLSEQ: {
      static const char *const azEnc[] = {"?", "8", "16LE", "16BE"};
      const Coll *pColl = pOp->p4.pColl;
      int enc = pColl && pColl->enc <= 3 ? pColl->enc : SQLITE_UTF8;
      snprintf(zBuf, sizeof zBuf, "%.18s-%s", pColl && pColl->zName ? pColl->zName : "BINARY",
               azEnc[enc ? enc : SQLITE_UTF8]);
      return mem_strdup(zBuf);
    }
    case P4_KEYINFO: return vdbe_display_keyinfo(pOp->p4.pKeyInfo);
    case P4_SUBPROGRAM: return mem_strdup("program");
    case P4_FUNCDEF: case P4_FUNCCTX: return vdbe_display_func(pOp);
    case P4_MEM: return display_mem(pOp->p4.pMem);
    case P4_INTARRAY: {
      char *z = mem_malloc(16 * (u64)(pOp->p4.ai[0] + 1) + 4);
      if (z == NULL) return NULL;
      int n = 0;
      z[0] = 0;
      for (int i = 1; i <= pOp->p4.ai[0]; i++) {
        n += snprintf(z + n, 16, "%s%d", i == 1 ? "[" : ",", pOp->p4.ai[i]);
      }
      snprintf(z + n, 4, "]");
      return z;
    }
    default: return NULL;
  }
}

/* "k(N,flags+coll,...)" as SQLite prints a KeyInfo. */
char *vdbe_display_keyinfo(const KeyInfo *pKI) {
  if (pKI == NULL) return NULL;
  u64 sz = 16 + (u64)pKI->nKeyField * 40;
  char *z = mem_malloc(sz);
  if (z == NULL) return NULL;
  /* SQLite lists the ordering fields only (nKeyField) */
  int n = snprintf(z, sz, "k(%d", pKI->nKeyField);
  for (int i = 0; i < pKI->nKeyField; i++) {
    /* as SQLite shows it: no collation "", an explicit BINARY "B" */
    const Coll *pColl = pKI->aColl[i];
    const char *zColl = pColl == NULL || pColl->zName == NULL ? ""
                        : (strcmp(pColl->zName, "BINARY") == 0 ? "B" : pColl->zName);
    if (strlen(zColl) > 30) zColl = "...";
    n += snprintf(z + n, sz - (u64)n, ",%s%s%s",
                  (pKI->aSortFlags[i] & KEYINFO_ORDER_DESC) ? "-" : "",
                  (pKI->aSortFlags[i] & KEYINFO_ORDER_BIGNULL) ? "N." : "", zColl);
  }
  snprintf(z + n, sz - (u64)n, ")");
  return z;
}

/* Sets one EXPLAIN cell: text z (owned, NULL gives SQL NULL). */
static int set_text_cell(Value *p, char *z) {
  if (z == NULL) {
    value_set_null(p);
    return SQLITE_OK;
  }
  return value_set_text(p, z, -1, SQLITE_UTF8, mem_free);
}

/* Next EXPLAIN QUERY PLAN row: OP_Explain ops only. */
static int list_eqp(Vdbe *v) {
  while (v->iExplainRow < v->nOp && v->aOp[v->iExplainRow].opcode != OP_Explain) {
    v->iExplainRow++;
  }
  if (v->iExplainRow >= v->nOp) return SQLITE_DONE;
  VdbeOp *pOp = &v->aOp[v->iExplainRow++];
  value_set_int(&v->aExplain[0], pOp->p1);
  value_set_int(&v->aExplain[1], pOp->p2);
  value_set_int(&v->aExplain[2], 0);
  int rc = set_text_cell(&v->aExplain[3], vdbe_display_p4(pOp));
  if (rc) return rc;
  v->pResultRow = v->aExplain;
  return SQLITE_ROW;
}

int vdbe_list(Vdbe *v) {
  ASSERT(v->explain == 1 || v->explain == 2);
  if (v->explain == 2) return list_eqp(v);
  if (v->iExplainRow >= v->nOp) return SQLITE_DONE;
  int i = v->iExplainRow++;
  VdbeOp *pOp = &v->aOp[i];
  value_set_int(&v->aExplain[0], i);
  int rc = value_set_text(&v->aExplain[1], vdbe_opcode_names[pOp->opcode], -1, SQLITE_UTF8,
                          SQLITE_STATIC);
  value_set_int(&v->aExplain[2], pOp->p1);
  value_set_int(&v->aExplain[3], pOp->p2);
  value_set_int(&v->aExplain[4], pOp->p3);
  if (rc == SQLITE_OK) {
    if (pOp->p4type == P4_BLOB) {
      rc = value_set_blob(&v->aExplain[5], pOp->p4.z, pOp->p1, SQLITE_TRANSIENT);
    } else {
      rc = set_text_cell(&v->aExplain[5], vdbe_display_p4(pOp));
    }
  }
  value_set_int(&v->aExplain[6], pOp->p5);
  if (rc == SQLITE_OK) rc = set_text_cell(&v->aExplain[7], mem_strdup(pOp->zComment));
  if (rc) return rc;
  v->pResultRow = v->aExplain;
  return SQLITE_ROW;
}
