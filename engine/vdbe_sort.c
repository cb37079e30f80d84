/*
** vdbe_sort.c: the sorter behind OP_SorterOpen/Insert/Sort/Next/Data
** (ORDER BY, GROUP BY, CREATE INDEX).
**
** Records are copied into large arena blocks (no allocation per record)
** and indexed by an array of SortEnt, each holding the record's first key
** field decoded (number) or as an 8-byte prefix (text, blob), so most
** comparisons never touch the record.  When the in-memory batch exceeds
** the spill limit it is sorted and written as one sorted "run" to a
** private temporary file (io backend, deleted on close); sorter_sort then
** merges all runs with a binary heap, reading each through a small
** buffer.  Small sorts never touch a file.
**
** Spill limit (bounded memory): the connection's page-cache budget, as
** PRAGMA cache_size states it (N > 0: N pages of main's page size; N < 0:
** -N KiB; default -2000, about 2 MB), clamped to [SORTER_MIN_SPILL,
** SORTER_MAX_SPILL].  Counted against it: record bytes plus two SortEnt
** per record (the array and the merge scratch).  While merging, each run
** holds one read buffer of limit/nRun bytes (clamped to [4 KiB, 64 KiB]).
**
** Run format: per record a 4-byte big-endian length, then the bytes.
**
** Invariants:
**   1. Records are only added before sorter_sort (an insert after a sort
**      starts a new, empty sorter).  After sorting, either the in-memory
**      array is read (iCur; nRec means "at end") or, when runs exist, the
**      merge is (aHeap[0] is the run whose head is the current record;
**      nHeap 0 at end; iCur counts the records passed, for nKeep).
**   2. The sort is stable: equal records keep insertion order (ties in a
**      merge go to the earlier run, and runs are written in order).
**   3. A malformed record never causes an out-of-bounds read: comparisons
**      report SQLITE_CORRUPT, which sorter_sort/sorter_next return.
**   4. Every loop is bounded by the number of records, runs or blocks.
**   5. ent_key/ent_cmp agree with vdbe_record_compare: the shortcut only
**      decides when the full comparison would decide the same way.
**   6. The temporary file is closed (and so deleted) by sorter_reset, on
**      every path: statement reset, finalize, error, connection close.
**   7. With a limit (sorter_set_limit, for ORDER BY ... LIMIT), an
**      in-memory sorter never holds more than 2 * nKeep + 64 records, and
**      its output is the first nKeep records of the full stable sort.
*/
#include "vdbe_int.h"

#define SORTER_IOBUF_MAX 65536       /* bytes per run read/write buffer, at most */
#define SORTER_IOBUF_MIN 4096        /* ... at least */
#define SORTER_BLOCK 65536           /* arena block size (bigger records get their own) */
#define SORTER_MIN_SPILL (256 * 1024)
#define SORTER_MAX_SPILL ((i64)1 << 30)

/* Test hook: a fixed spill limit in bytes (0: derive it from cache_size). */
static i64 g_nSpill = 0;
void vdbe_sorter_set_spill(i64 nBytes) { g_nSpill = nBytes > 0 ? nBytes : 0; }

/* What SortEnt.k holds (eKey); the order of text/blob mirrors storage
** classes: numbers < text < blob. */
#define SK_NONE 0  /* not decoded: always use the full comparison */
#define SK_INT 1   /* k.i */
#define SK_REAL 2  /* k.r (never NaN) */
#define SK_TEXT 3  /* k.u: first 8 bytes, big-endian, zero padded */
#define SK_BLOB 4  /* k.u: as for text */

/* One in-memory record. */
typedef struct SortEnt {
  union {
    i64 i;
    double r;
    u64 u;
  } k;           /* decoded first key field (eKey) */
  const u8 *a;   /* record bytes (in an arena block, or a run's buffer) */
  i64 k2;        /* field 1 when bKey2: an integer (a sequence, a rowid) */
  int n;         /* bytes of the record */
  u8 eKey;       /* SK_* */
  u8 bKey2;      /* k2 holds field 1 (only set when field 0 is a number) */
} SortEnt;

/* An arena block; records are packed one after another. */
typedef struct SortBlock {
  struct SortBlock *pNext; /* next block (reused after a spill) */
  int nUsed;               /* bytes handed out */
  int nSize;               /* bytes at a[] */
  u8 a[];                  /* the records */
} SortBlock;

/* One sorted run in the temporary file, read sequentially. */
typedef struct SortRun {
  i64 iOff;      /* next byte of the run to load into aBuf */
  i64 iEnd;      /* end of the run in the file */
  u8 *aBuf;      /* read buffer (nBufSize bytes) */
  int nBuf;      /* valid bytes in aBuf */
  int iBuf;      /* next unread byte in aBuf */
  u8 *pRec;      /* the head record's bytes */
  int nRecAlloc; /* bytes allocated at pRec */
  int bEof;      /* the run is exhausted */
  SortEnt head;  /* the head record (a points at pRec) */
} SortRun;

struct VdbeSorter {
  sqlite3 *db;        /* connection */
  KeyInfo *pKeyInfo;  /* ordering (a reference) */
  u8 bFastKey;        /* field 0 may use the SK_TEXT prefix (BINARY, UTF-8) */
  u64 mBinText;       /* bit i: text of field i compares by memcmp (i < 64) */
  SortEnt *aEnt;      /* in-memory records */
  SortEnt *aTmp;      /* merge scratch, nAlloc entries */
  int nRec;           /* records held */
  int nAlloc;         /* slots in aEnt and aTmp */
  int iCur;           /* invariant 1 */
  u8 bSorted;         /* sorter_sort ran */
  i64 nBytes;         /* record bytes held in memory */
  i64 nSpill;         /* the spill limit */
  SortBlock *pFirst;  /* arena blocks */
  SortBlock *pFill;   /* block being filled */
  IoFile *pFile;      /* temporary file of runs, or NULL (invariant 6) */
  i64 iFileEnd;       /* bytes written to pFile */
  SortRun *aRun;      /* runs */
  int nRun;           /* runs written */
  int nBufSize;       /* read buffer bytes per run during the merge */
  int *aHeap;         /* merge heap of run indices (invariant 1) */
  int nHeap;          /* runs still in the heap */
  i64 nKeep;          /* sorter_set_limit: only the first nKeep matter (0: all) */
  u8 bWorst;          /* worst is set: nKeep records are held, worst is the last */
  SortEnt worst;      /* after a trim: the last kept record (in the arena) */
};

/* ---------------------------------------------------------- comparison */

/* Big-endian integer of n (0..8) bytes, sign-extended.  The fixed sizes
** are spelled out so that the compiler turns them into one load each. */
static i64 be_int(const u8 *p, int n) {
  switch (n) {
    case 0: return 0;
    case 1: return (i8)p[0];
    case 2: return (i16)(u16)((p[0] << 8) | p[1]);
    case 4: return (i32)(((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3]);
    case 8:
      return (i64)(((u64)p[0] << 56) | ((u64)p[1] << 48) | ((u64)p[2] << 40) |
                   ((u64)p[3] << 32) | ((u64)p[4] << 24) | ((u64)p[5] << 16) |
                   ((u64)p[6] << 8) | p[7]);
    default: break;
  }
  u64 v = (p[0] & 0x80) ? ~(u64)0 : 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  return (i64)v;
}

/* Body bytes of serial type st (st < 128: what the fast paths accept). */
static int st_len(u32 st) {
  static const u8 aLen[12] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0};
  return st < 12 ? aLen[st] : (int)((st - 12) / 2);
}

/* Decodes field 1 into k2 when it is an integer whose body starts at iOff
** (field 0 was a number: ties on it are then settled without the record). */
static void ent_key2(SortEnt *e, int iOff) {
  const u8 *a = e->a;
  if (a[0] < 3 || a[2] > 9 || a[2] == 0 || a[2] == 7) return;
  int nLen = st_len(a[2]);
  if (iOff + nLen > e->n) return;
  e->k2 = a[2] >= 8 ? (i64)a[2] - 8 : be_int(a + iOff, nLen);
  e->bKey2 = 1;
}

/* Decodes field 0 of the record into e (eKey SK_NONE when it cannot). */
static void ent_key(const VdbeSorter *p, SortEnt *e) {
  const u8 *a = e->a;
  e->eKey = SK_NONE;
  e->bKey2 = 0;
  if (e->n < 2 || a[0] >= 0x80 || a[0] < 2 || a[1] >= 0x80 || a[0] > e->n) return;
  u32 st = a[1];
  int nLen = st_len(st);
  if (st == 10 || st == 11 || a[0] + nLen > e->n) return;
  const u8 *pBody = a + a[0];
  if (st >= 1 && st <= 6) {
    e->k.i = be_int(pBody, nLen);
    e->eKey = SK_INT;
  } else if (st == 8 || st == 9) {
    e->k.i = (i64)st - 8;
    e->eKey = SK_INT;
  } else if (st == 7) {
    u64 v = (u64)be_int(pBody, 8);
    memcpy(&e->k.r, &v, 8);
    if (e->k.r == e->k.r) e->eKey = SK_REAL; /* NaN: leave it to the full compare */
  } else if (st == 0) {
    return;
  } else if (st >= 12 && ((st & 1) == 0 || p->bFastKey)) {
    u64 v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | (i < nLen ? pBody[i] : 0);
    e->k.u = v;
    e->eKey = (st & 1) ? SK_TEXT : SK_BLOB;
  }
  e->bKey2 = 0;
  if (e->eKey == SK_INT || e->eKey == SK_REAL) ent_key2(e, a[0] + nLen);
}

/* Exact order of an integer and a (non-NaN) real, without rounding i. */
static int int_real_cmp(i64 i, double r) {
  if (r < -9223372036854775808.0) return 1;
  if (r >= 9223372036854775808.0) return -1;
  i64 y = (i64)r; /* truncates toward zero: exact for |r| < 2^63 */
  if (i != y) return i < y ? -1 : 1;
  double fr = r - (double)y;
  return fr > 0 ? -1 : (fr < 0 ? 1 : 0);
}

/* Orders the decoded first fields; 0 when they are equal or cannot decide
** (invariant 5). */
static int key_cmp(const SortEnt *x, const SortEnt *y) {
  if (x->eKey == y->eKey) {
    switch (x->eKey) {
      case SK_INT: return x->k.i < y->k.i ? -1 : x->k.i > y->k.i;
      case SK_REAL: return x->k.r < y->k.r ? -1 : x->k.r > y->k.r;
      case SK_TEXT: case SK_BLOB: return x->k.u < y->k.u ? -1 : x->k.u > y->k.u;
      default: return 0;
    }
  }
  if (x->eKey == SK_NONE || y->eKey == SK_NONE) return 0;
  if (x->eKey == SK_INT && y->eKey == SK_REAL) return int_real_cmp(x->k.i, y->k.r);
  if (x->eKey == SK_REAL && y->eKey == SK_INT) return -int_real_cmp(y->k.i, x->k.r);
  int cx = x->eKey >= SK_TEXT ? x->eKey : 1, cy = y->eKey >= SK_TEXT ? y->eKey : 1;
  return cx < cy ? -1 : 1; /* storage classes differ */
}

/* Compares one field pair whose serial types are both simple; returns 2
** when it cannot (collation, mixed storage classes, NaN). */
static int field_cmp(u32 sa, const u8 *pa, u32 sb, const u8 *pb, u8 flags, int bBinText) {
  int c;
  int nulA = sa == 0, nulB = sb == 0;
  if (nulA || nulB) {
    c = nulA == nulB ? 0 : (nulA ? -1 : 1);
    if (flags & KEYINFO_ORDER_BIGNULL) c = -c;
    return (flags & KEYINFO_ORDER_DESC) ? -c : c;
  }
  int ia = sa <= 6 || sa == 8 || sa == 9, ib = sb <= 6 || sb == 8 || sb == 9;
  if (ia && ib) {
    i64 x = sa >= 8 ? (i64)sa - 8 : be_int(pa, st_len(sa));
    i64 y = sb >= 8 ? (i64)sb - 8 : be_int(pb, st_len(sb));
    c = x < y ? -1 : x > y;
  } else if (sa == 7 && sb == 7) {
    u64 ux = (u64)be_int(pa, 8), uy = (u64)be_int(pb, 8);
    double x, y;
    memcpy(&x, &ux, 8);
    memcpy(&y, &uy, 8);
    if (x != x || y != y) return 2;
    c = x < y ? -1 : x > y;
  } else if ((ia && sb == 7) || (sa == 7 && ib)) {
    u64 u = (u64)be_int(ia ? pb : pa, 8);
    double r;
    memcpy(&r, &u, 8);
    if (r != r) return 2;
    i64 i = ia ? (sa >= 8 ? (i64)sa - 8 : be_int(pa, st_len(sa)))
               : (sb >= 8 ? (i64)sb - 8 : be_int(pb, st_len(sb)));
    c = ia ? int_real_cmp(i, r) : -int_real_cmp(i, r);
  } else if (sa >= 12 && sb >= 12 && (sa & 1) == (sb & 1) && (bBinText || !(sa & 1))) {
    int na = st_len(sa), nb = st_len(sb);
    int m = memcmp(pa, pb, (size_t)(na < nb ? na : nb));
    c = m ? (m < 0 ? -1 : 1) : (na < nb ? -1 : na > nb);
  } else {
    return 2;
  }
  return (flags & KEYINFO_ORDER_DESC) ? -c : c;
}

/* Header of a record whose header size and serial types are all one-byte
** varints; 0 when the record needs the general path. */
static int small_header(const u8 *a, int n) {
  return n >= 1 && a[0] < 0x80 && a[0] >= 1 && a[0] <= n;
}

/* Full comparison on the key fields, straight from the records when every
** field is simple, else through vdbe_record_compare (invariants 3, 5).
** nSkip (0..2): fields known equal from the decoded keys (ent_key checked
** both headers' first nSkip serial types and their bounds). */
static int rec_cmp(VdbeSorter *p, const SortEnt *x, const SortEnt *y, int nSkip, int *pRc) {
  KeyInfo *pKI = p->pKeyInfo;
  const u8 *a = x->a, *b = y->a;
  if (small_header(a, x->n) && small_header(b, y->n)) {
    int nField = CORE_MIN(pKI->nKeyField, pKI->nAllField);
    int ha = 1, hb = 1, oa = a[0], ob = b[0], i = 0;
    for (; i < nSkip; i++) {
      oa += st_len(a[ha++]);
      ob += st_len(b[hb++]);
    }
    for (; i < nField; i++) {
      if (ha >= a[0] || hb >= b[0]) return 0; /* a short record equals its prefix */
      u32 sa = a[ha++], sb = b[hb++];
      if (sa >= 0x80 || sb >= 0x80 || sa == 10 || sa == 11 || sb == 10 || sb == 11) break;
      int la = st_len(sa), lb = st_len(sb);
      if (oa + la > x->n || ob + lb > y->n) break;
      int bBin = i < 64 ? (int)((p->mBinText >> i) & 1) : 0;
      int c = field_cmp(sa, a + oa, sb, b + ob, pKI->aSortFlags[i], bBin);
      if (c == 2) break;
      if (c) return c;
      oa += la;
      ob += lb;
    }
    if (i == nField) return 0;
  }
  return vdbe_record_compare(pKI, a, x->n, b, y->n, pRc);
}

/* The sort order: the decoded first fields, then the full comparison. */
static int ent_cmp(VdbeSorter *p, const SortEnt *x, const SortEnt *y, int *pRc) {
  if (p->pKeyInfo->nKeyField == 0) return 0;
  int c = key_cmp(x, y);
  if (c) return (p->pKeyInfo->aSortFlags[0] & KEYINFO_ORDER_DESC) ? -c : c;
  /* equal numbers (int or real) compare equal: field 0 is settled */
  int bNum = (x->eKey == SK_INT || x->eKey == SK_REAL) &&
             (y->eKey == SK_INT || y->eKey == SK_REAL);
  if (!bNum) return rec_cmp(p, x, y, 0, pRc);
  if (!x->bKey2 || !y->bKey2 || p->pKeyInfo->nKeyField < 2) return rec_cmp(p, x, y, 1, pRc);
  c = x->k2 < y->k2 ? -1 : x->k2 > y->k2;
  if (c) return (p->pKeyInfo->aSortFlags[1] & KEYINFO_ORDER_DESC) ? -c : c;
  return p->pKeyInfo->nKeyField == 2 ? 0 : rec_cmp(p, x, y, 2, pRc);
}

/* ---------------------------------------------------------- lifecycle */

/* The spill limit of the module header, from the connection's cache size. */
static i64 spill_limit(sqlite3 *db) {
  if (g_nSpill > 0) return g_nSpill;
  i64 nCache = db->nCacheSize ? db->nCacheSize : -2000;
  i64 nPage = 4096;
  if (db->nDb > 0 && db->aDb[0].pBt) nPage = btree_page_size(db->aDb[0].pBt);
  i64 n = nCache < 0 ? -nCache * 1024 : nCache * nPage;
  return n < SORTER_MIN_SPILL ? SORTER_MIN_SPILL : (n > SORTER_MAX_SPILL ? SORTER_MAX_SPILL : n);
}

int sorter_open(sqlite3 *db, KeyInfo *pKeyInfo, VdbeSorter **ppOut) {
  ASSERT(pKeyInfo != NULL && db != NULL);
  VdbeSorter *p = mem_zalloc(sizeof(VdbeSorter));
  *ppOut = p;
  if (p == NULL) return SQLITE_NOMEM;
  p->db = db;
  p->pKeyInfo = keyinfo_ref(pKeyInfo);
  p->nSpill = spill_limit(db);
  for (int i = 0; i < pKeyInfo->nAllField && i < 64; i++) {
    Coll *pColl = pKeyInfo->aColl[i];
    if ((pColl == NULL || pColl == &value_coll_binary) && pKeyInfo->enc == SQLITE_UTF8) {
      p->mBinText |= (u64)1 << i;
    }
  }
  p->bFastKey = (u8)(p->mBinText & 1);
  return SQLITE_OK;
}

/* Forgets the in-memory records; the blocks and arrays stay for reuse. */
static void clear_records(VdbeSorter *p) {
  for (SortBlock *b = p->pFirst; b; b = b->pNext) b->nUsed = 0;
  p->pFill = p->pFirst;
  p->nRec = 0;
  p->nBytes = 0;
}

static void free_blocks(VdbeSorter *p) {
  SortBlock *b = p->pFirst;
  while (b) {
    SortBlock *pNext = b->pNext;
    mem_free(b);
    b = pNext;
  }
  p->pFirst = p->pFill = NULL;
}

void sorter_reset(VdbeSorter *p) {
  if (p == NULL) return;
  clear_records(p);
  free_blocks(p);
  for (int i = 0; i < p->nRun; i++) {
    mem_free(p->aRun[i].aBuf);
    mem_free(p->aRun[i].pRec);
  }
  mem_free(p->aRun);
  mem_free(p->aHeap);
  p->aRun = NULL;
  p->aHeap = NULL;
  p->nRun = p->nHeap = 0;
  io_close(p->pFile); /* invariant 6: the file was opened delete-on-close */
  p->pFile = NULL;
  p->iFileEnd = 0;
  p->iCur = 0;
  p->bSorted = 0;
  p->bWorst = 0;
}

void sorter_close(VdbeSorter *p) {
  if (p == NULL) return;
  sorter_reset(p);
  mem_free(p->aEnt);
  mem_free(p->aTmp);
  keyinfo_unref(p->pKeyInfo);
  mem_free(p);
}

/* ---------------------------------------------------------- in-memory sort */

/* Merges sorted ranges src[lo..mid) and src[mid..hi) into dst (stable). */
static void merge_ranges(VdbeSorter *p, const SortEnt *src, SortEnt *dst, int lo, int mid,
                         int hi, int *pRc) {
  int i = lo, j = mid, k = lo;
  ASSERT(lo < mid && mid <= hi);
  ASSERT(src != dst);
  if (mid < hi && ent_cmp(p, &src[mid - 1], &src[mid], pRc) > 0) {
    while (i < mid && j < hi) {
      int c = ent_cmp(p, &src[j], &src[i], pRc);
      dst[k++] = c < 0 ? src[j++] : src[i++]; /* ties take the left range first */
    }
  }
  /* the rest (all of it when the ranges were already in order) */
  memcpy(dst + k, src + i, sizeof(SortEnt) * (size_t)(mid - i));
  k += mid - i;
  memcpy(dst + k, src + j, sizeof(SortEnt) * (size_t)(hi - j));
}

/* Stable insertion sort of a[lo..hi): cheap for the first small ranges. */
static void insertion_sort(VdbeSorter *p, SortEnt *a, int lo, int hi, int *pRc) {
  for (int i = lo + 1; i < hi; i++) {
    SortEnt e = a[i];
    int j = i;
    while (j > lo && ent_cmp(p, &e, &a[j - 1], pRc) < 0) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = e;
  }
}

/* Bottom-up merge sort of the in-memory records: no recursion.  Each pass
** merges from one array into the other; the arrays swap roles (and
** pointers, at the end) instead of copying back. */
static int merge_sort(VdbeSorter *p) {
  enum { RUN0 = 8 };
  int n = p->nRec, rc = SQLITE_OK;
  ASSERT(n <= p->nAlloc);
  if (n < 2) return SQLITE_OK;
  ASSERT(p->aEnt != NULL && p->aTmp != NULL);
  for (int lo = 0; lo < n; lo += RUN0) insertion_sort(p, p->aEnt, lo, CORE_MIN(lo + RUN0, n), &rc);
  SortEnt *src = p->aEnt, *dst = p->aTmp;
  for (int w = RUN0; w < n && rc == SQLITE_OK; w *= 2) {
    for (int lo = 0; lo < n; lo += 2 * w) {
      int mid = CORE_MIN(lo + w, n), hi = CORE_MIN(lo + 2 * w, n);
      merge_ranges(p, src, dst, lo, mid, hi, &rc);
    }
    SortEnt *t = src;
    src = dst;
    dst = t;
  }
  p->aEnt = src; /* the sorted array */
  p->aTmp = dst;
  return rc;
}

/* ---------------------------------------------------------- spilling */

/* Appends n bytes to the file through the write buffer aBuf. */
static int buf_put(VdbeSorter *p, u8 *aBuf, int *pnBuf, const u8 *pData, int n) {
  int iDone = 0, rc = SQLITE_OK;
  while (iDone < n && rc == SQLITE_OK) {
    int nCopy = CORE_MIN(n - iDone, SORTER_IOBUF_MAX - *pnBuf);
    memcpy(aBuf + *pnBuf, pData + iDone, (size_t)nCopy);
    *pnBuf += nCopy;
    iDone += nCopy;
    if (*pnBuf == SORTER_IOBUF_MAX) {
      rc = io_write(p->pFile, aBuf, *pnBuf, p->iFileEnd);
      p->iFileEnd += *pnBuf;
      *pnBuf = 0;
    }
  }
  return rc;
}

/* Opens the temporary file (first spill) and makes room for one more run. */
static int spill_prepare(VdbeSorter *p) {
  if (p->pFile == NULL) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE |
                SQLITE_OPEN_DELETEONCLOSE | SQLITE_OPEN_TEMP_JOURNAL;
    int rc = io_open(p->db->pIo, NULL, flags, NULL, &p->pFile);
    if (rc) return rc;
  }
  SortRun *aNew = mem_realloc(p->aRun, sizeof(SortRun) * (u64)(p->nRun + 1));
  if (aNew == NULL) return SQLITE_NOMEM;
  p->aRun = aNew;
  memset(&p->aRun[p->nRun], 0, sizeof(SortRun));
  return SQLITE_OK;
}

/* Sorts the in-memory batch and appends it to the file as a run. */
static int spill_batch(VdbeSorter *p) {
  ASSERT(p->nRec > 0 && !p->bSorted);
  int rc = merge_sort(p);
  if (rc == SQLITE_OK) rc = spill_prepare(p);
  if (rc) return rc;
  SortRun *pRun = &p->aRun[p->nRun];
  pRun->iOff = p->iFileEnd;
  u8 *aBuf = mem_malloc(SORTER_IOBUF_MAX);
  if (aBuf == NULL) return SQLITE_NOMEM;
  int nBuf = 0;
  for (int i = 0; i < p->nRec && rc == SQLITE_OK; i++) {
    u8 aLen[4];
    put4(aLen, (u32)p->aEnt[i].n);
    rc = buf_put(p, aBuf, &nBuf, aLen, 4);
    if (rc == SQLITE_OK) rc = buf_put(p, aBuf, &nBuf, p->aEnt[i].a, p->aEnt[i].n);
  }
  if (rc == SQLITE_OK && nBuf > 0) {
    rc = io_write(p->pFile, aBuf, nBuf, p->iFileEnd);
    p->iFileEnd += nBuf;
  }
  mem_free(aBuf);
  if (rc) return rc;
  ASSERT(p->iFileEnd - pRun->iOff >= 4 * (i64)p->nRec);
  pRun->iEnd = p->iFileEnd;
  pRun->bEof = 1; /* until start_merge loads its head */
  p->nRun++;
  clear_records(p);
  return SQLITE_OK;
}

/* ---------------------------------------------------------- inserting */

/* n bytes of arena space; NULL on OOM. */
static u8 *arena_alloc(VdbeSorter *p, int n) {
  ASSERT(n > 0);
  SortBlock *b = p->pFill;
  if (b && b->nSize - b->nUsed < n && b->pNext && b->pNext->nSize >= n) b = p->pFill = b->pNext;
  if (b == NULL || b->nSize - b->nUsed < n) {
    int nSize = n > SORTER_BLOCK ? n : SORTER_BLOCK;
    SortBlock *pNew = mem_malloc(sizeof(SortBlock) + (u64)nSize);
    if (pNew == NULL) return NULL;
    pNew->nUsed = 0;
    pNew->nSize = nSize;
    if (b) { /* after the block being filled: the rest stay for reuse */
      pNew->pNext = b->pNext;
      b->pNext = pNew;
    } else {
      pNew->pNext = p->pFirst;
      p->pFirst = pNew;
    }
    p->pFill = b = pNew;
  }
  ASSERT(b->nSize - b->nUsed >= n && b->nUsed >= 0);
  u8 *pOut = b->a + b->nUsed;
  b->nUsed += n;
  return pOut;
}

/* Grows aEnt and aTmp so that one more record fits. */
static int grow_ents(VdbeSorter *p) {
  if (p->nRec < p->nAlloc) return SQLITE_OK;
  int nNew = p->nAlloc ? p->nAlloc * 2 : 64;
  SortEnt *aEnt = mem_realloc(p->aEnt, sizeof(SortEnt) * (u64)nNew);
  if (aEnt == NULL) return SQLITE_NOMEM;
  p->aEnt = aEnt;
  SortEnt *aTmp = mem_realloc(p->aTmp, sizeof(SortEnt) * (u64)nNew);
  if (aTmp == NULL) return SQLITE_NOMEM;
  p->aTmp = aTmp;
  p->nAlloc = nNew;
  return SQLITE_OK;
}

/* Moves the records still indexed into one fresh block and frees the old
** ones (after a trim, most of the arena holds dropped records). */
static int arena_compact(VdbeSorter *p) {
  i64 nTotal = 0;
  for (int i = 0; i < p->nRec; i++) nTotal += p->aEnt[i].n;
  ASSERT(nTotal <= p->nBytes);
  int nSize = nTotal > SORTER_BLOCK ? (int)nTotal : SORTER_BLOCK;
  SortBlock *pNew = mem_malloc(sizeof(SortBlock) + (u64)nSize);
  if (pNew == NULL) return SQLITE_NOMEM;
  pNew->pNext = NULL;
  pNew->nSize = nSize;
  pNew->nUsed = 0;
  for (int i = 0; i < p->nRec; i++) {
    SortEnt *e = &p->aEnt[i];
    memcpy(pNew->a + pNew->nUsed, e->a, (size_t)e->n);
    e->a = pNew->a + pNew->nUsed;
    pNew->nUsed += e->n;
  }
  free_blocks(p);
  p->pFirst = p->pFill = pNew;
  p->nBytes = nTotal;
  return SQLITE_OK;
}

/* With a limit and everything still in memory: once twice the limit is
** held, sort and keep the first nKeep (stable: the kept records precede
** every later insert among equals, as they would in the full sort). */
static int maybe_trim(VdbeSorter *p) {
  if (p->nKeep <= 0 || p->nRun > 0 || p->nRec < 2 * p->nKeep + 64) return SQLITE_OK;
  ASSERT(p->nKeep < p->nRec); /* invariant 7 */
  int rc = merge_sort(p);
  if (rc) return rc;
  p->nRec = (int)p->nKeep;
  rc = arena_compact(p);
  if (rc) return rc;
  ASSERT(p->nRec == p->nKeep && p->nBytes >= 0);
  p->worst = p->aEnt[p->nRec - 1];
  p->bWorst = 1;
  return SQLITE_OK;
}

/* With a limit, after a trim: a record that does not sort before the
** worst kept one can never be among the first nKeep (a tie sorts after it,
** being inserted later), so it is dropped without being copied. */
static int drop_early(VdbeSorter *p, const u8 *pRec, int nRec, int *pbDrop) {
  *pbDrop = 0;
  if (!p->bWorst || p->nRun > 0) return SQLITE_OK;
  SortEnt e;
  int rc = SQLITE_OK;
  e.a = pRec;
  e.n = nRec;
  ent_key(p, &e);
  *pbDrop = ent_cmp(p, &e, &p->worst, &rc) >= 0;
  return rc;
}

void sorter_set_limit(VdbeSorter *p, i64 nKeep) {
  ASSERT(p != NULL);
  p->nKeep = nKeep > 0 && nKeep < 0x3fffffff ? nKeep : 0;
}

/* Memory charged per record besides its bytes: its entry and its merge
** scratch slot (only the slots in use, so that the doubling of the arrays
** does not cause early spills; the real peak is under twice the limit). */
#define ENT_COST ((i64)(2 * sizeof(SortEnt)))

int sorter_insert(VdbeSorter *p, const u8 *pRec, int nRec) {
  ASSERT(nRec >= 0);
  ASSERT(p->nBytes >= 0);
  if (p->bSorted) sorter_reset(p); /* a new round of inserts (invariant 1) */
  int bDrop = 0, rc = drop_early(p, pRec, nRec, &bDrop);
  if (rc || bDrop) return rc;
  if (p->nRec > 0 && p->nBytes + p->nRec * ENT_COST + nRec > p->nSpill) {
    rc = spill_batch(p);
    if (rc) return rc;
  }
  rc = grow_ents(p);
  if (rc) return rc;
  u8 *a = arena_alloc(p, nRec > 0 ? nRec : 1);
  if (a == NULL) return SQLITE_NOMEM;
  memcpy(a, pRec, (size_t)nRec);
  SortEnt *e = &p->aEnt[p->nRec++];
  e->a = a;
  e->n = nRec;
  ent_key(p, e);
  p->nBytes += nRec;
  return maybe_trim(p);
}

/* ---------------------------------------------------------- merging runs */

/* Copies n bytes of the run into pOut, refilling the buffer. */
static int run_read(VdbeSorter *p, SortRun *pRun, u8 *pOut, int n) {
  int iDone = 0;
  while (iDone < n) {
    if (pRun->iBuf >= pRun->nBuf) {
      i64 nLeft = pRun->iEnd - pRun->iOff;
      if (nLeft <= 0) return ERR_CORRUPT(); /* a run ended inside a record */
      int nLoad = (int)CORE_MIN(nLeft, (i64)p->nBufSize);
      int rc = io_read(p->pFile, pRun->aBuf, nLoad, pRun->iOff);
      if (rc) return rc;
      pRun->iOff += nLoad;
      pRun->nBuf = nLoad;
      pRun->iBuf = 0;
    }
    int nCopy = CORE_MIN(n - iDone, pRun->nBuf - pRun->iBuf);
    memcpy(pOut + iDone, pRun->aBuf + pRun->iBuf, (size_t)nCopy);
    pRun->iBuf += nCopy;
    iDone += nCopy;
  }
  return SQLITE_OK;
}

/* Loads the next record of a run as its head (bEof at the end). */
static int run_advance(VdbeSorter *p, SortRun *pRun) {
  ASSERT(pRun->aBuf != NULL && p->nBufSize >= SORTER_IOBUF_MIN);
  ASSERT(pRun->iBuf <= pRun->nBuf && pRun->iOff <= pRun->iEnd);
  if (pRun->iBuf >= pRun->nBuf && pRun->iOff >= pRun->iEnd) {
    pRun->bEof = 1;
    return SQLITE_OK;
  }
  u8 aLen[4];
  int rc = run_read(p, pRun, aLen, 4);
  if (rc) return rc;
  u32 n = get4(aLen);
  if (n > 0x7fffffffu || (i64)n > pRun->iEnd) return ERR_CORRUPT();
  if ((int)n > pRun->nRecAlloc) {
    u8 *pNew = mem_realloc(pRun->pRec, (u64)n + 1);
    if (pNew == NULL) return SQLITE_NOMEM;
    pRun->pRec = pNew;
    pRun->nRecAlloc = (int)n;
  }
  rc = run_read(p, pRun, pRun->pRec, (int)n);
  if (rc) return rc;
  pRun->head.a = pRun->pRec;
  pRun->head.n = (int)n;
  ent_key(p, &pRun->head);
  pRun->bEof = 0;
  return SQLITE_OK;
}

/* Heap order: smaller head first, ties to the earlier run (invariant 2). */
static int heap_less(VdbeSorter *p, int i, int j, int *pRc) {
  int c = ent_cmp(p, &p->aRun[i].head, &p->aRun[j].head, pRc);
  return c < 0 || (c == 0 && i < j);
}

/* Restores the heap property below slot k. */
static void heap_down(VdbeSorter *p, int k, int *pRc) {
  int *h = p->aHeap;
  ASSERT(p->nHeap <= p->nRun);
  ASSERT(k >= 0 && (k < p->nHeap || p->nHeap == 0));
  for (;;) { /* bounded: k at least doubles each round */
    int l = 2 * k + 1, m = k;
    if (l < p->nHeap && heap_less(p, h[l], h[m], pRc)) m = l;
    if (l + 1 < p->nHeap && heap_less(p, h[l + 1], h[m], pRc)) m = l + 1;
    if (m == k) return;
    int t = h[k];
    h[k] = h[m];
    h[m] = t;
    k = m;
  }
}

/* Starts the merge of every run (the last batch is spilled first). */
static int start_merge(VdbeSorter *p) {
  ASSERT(p->nRun > 0 && p->nHeap == 0 && p->aHeap == NULL);
  int rc = p->nRec > 0 ? spill_batch(p) : SQLITE_OK;
  if (rc) return rc;
  /* the records are gone: give their memory back before the merge */
  free_blocks(p);
  mem_free(p->aEnt);
  mem_free(p->aTmp);
  p->aEnt = p->aTmp = NULL;
  p->nAlloc = 0;
  i64 nBuf = p->nSpill / p->nRun;
  if (nBuf < SORTER_IOBUF_MIN) nBuf = SORTER_IOBUF_MIN;
  p->nBufSize = (int)(nBuf > SORTER_IOBUF_MAX ? SORTER_IOBUF_MAX : nBuf);
  p->aHeap = mem_malloc(sizeof(int) * (u64)p->nRun);
  if (p->aHeap == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < p->nRun && rc == SQLITE_OK; i++) {
    SortRun *r = &p->aRun[i];
    r->aBuf = mem_malloc((u64)p->nBufSize);
    if (r->aBuf == NULL) return SQLITE_NOMEM;
    rc = run_advance(p, r);
    if (rc == SQLITE_OK && !r->bEof) p->aHeap[p->nHeap++] = i;
  }
  for (int k = p->nHeap / 2 - 1; k >= 0 && rc == SQLITE_OK; k--) heap_down(p, k, &rc);
  return rc;
}

int sorter_sort(VdbeSorter *p, int *pbEmpty) {
  int rc = SQLITE_OK;
  if (!p->bSorted) rc = p->nRun > 0 ? start_merge(p) : merge_sort(p);
  if (p->nRun == 0 && p->nKeep > 0 && p->nRec > p->nKeep) p->nRec = (int)p->nKeep;
  p->bSorted = 1;
  p->iCur = 0;
  *pbEmpty = p->nRun > 0 ? p->nHeap == 0 : p->nRec == 0;
  return rc;
}

int sorter_next(VdbeSorter *p, int *pbEof) {
  ASSERT(p->bSorted);
  ASSERT(p->nHeap <= p->nRun);
  if (p->nRun > 0) {
    int rc = SQLITE_OK;
    if (p->nKeep > 0 && ++p->iCur >= p->nKeep) p->nHeap = 0; /* the limit is reached */
    if (p->nHeap > 0) {
      SortRun *pTop = &p->aRun[p->aHeap[0]];
      rc = run_advance(p, pTop);
      if (rc == SQLITE_OK && pTop->bEof) p->aHeap[0] = p->aHeap[--p->nHeap];
      if (rc == SQLITE_OK) heap_down(p, 0, &rc);
    }
    *pbEof = p->nHeap == 0;
    return rc;
  }
  if (p->iCur < p->nRec) p->iCur++;
  *pbEof = p->iCur >= p->nRec;
  return SQLITE_OK;
}

const u8 *sorter_rowdata(VdbeSorter *p, int *pnRec) {
  *pnRec = 0;
  if (!p->bSorted) return NULL;
  if (p->nRun > 0) {
    if (p->nHeap == 0) return NULL;
    const SortEnt *e = &p->aRun[p->aHeap[0]].head;
    *pnRec = e->n;
    return e->a;
  }
  if (p->iCur >= p->nRec) return NULL;
  *pnRec = p->aEnt[p->iCur].n;
  return p->aEnt[p->iCur].a;
}

/* OP_SorterCompare: the first nKeyField fields of the current record
** against pRec.  A NULL in a compared field makes the records differ, so
** that CREATE UNIQUE INDEX treats NULLs as distinct. */
int sorter_compare(VdbeSorter *p, const u8 *pRec, int nRec, int nKeyField, int *pRes) {
  int n = 0;
  const u8 *pCur = sorter_rowdata(p, &n);
  *pRes = 1;
  if (pCur == NULL) return SQLITE_OK;
  int nField = nKeyField < p->pKeyInfo->nAllField ? nKeyField : p->pKeyInfo->nAllField;
  Value *a = mem_zalloc(sizeof(Value) * (u64)(2 * nField + 2));
  if (a == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < 2 * nField; i++) value_init(&a[i], p->db);
  int nA = 0, nB = 0;
  int rc = vdbe_record_unpack(p->db, pCur, n, a, nField, &nA);
  if (rc == SQLITE_OK) rc = vdbe_record_unpack(p->db, pRec, nRec, a + nField, nField, &nB);
  if (rc == SQLITE_OK) {
    int c = nA == nB ? 0 : 1;
    for (int i = 0; c == 0 && i < nA; i++) {
      if ((a[i].flags | a[nField + i].flags) & VAL_NULL) {
        c = 1;
      } else {
        c = value_compare(&a[i], &a[nField + i], p->pKeyInfo->aColl[i]);
      }
    }
    *pRes = c;
  }
  for (int i = 0; i < 2 * nField; i++) value_release(&a[i]);
  mem_free(a);
  return rc;
}
