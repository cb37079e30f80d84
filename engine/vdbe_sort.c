/*
** vdbe_sort.c: the sorter behind OP_SorterOpen/Insert/Sort/Next/Data
** (ORDER BY, GROUP BY, CREATE INDEX).
**
** Records are collected in memory.  When they exceed the spill threshold
** the batch is sorted and written as one sorted "run" to a private
** temporary file (io backend, deleted on close); sorter_sort then merges
** all runs, reading each through a small buffer.  Small sorts never touch
** a file.  Run format: per record a 4-byte big-endian length, then bytes.
**
** Invariants:
**   1. Records are only added before sorter_sort (an insert after a sort
**      starts a new, empty sorter).  After sorting, either the in-memory
**      array is read (iCur; nRec means "at end") or, when runs exist, the
**      merge is (iCurRun: the run whose head is the current record; -1 at
**      end).
**   2. The sort is stable: equal records keep insertion order (ties in a
**      merge go to the earlier run, and runs are written in order).
**   3. A malformed record never causes an out-of-bounds read: comparisons
**      report SQLITE_CORRUPT, which sorter_sort/sorter_next return.
**   4. Every loop is bounded by the number of records or runs.
*/
#include "vdbe_int.h"

#define SORTER_IOBUF 65536           /* bytes per run read/write buffer */

/* Bytes of records held in memory before a batch is spilled; a test hook
** lowers it (vdbe_sorter_set_spill). */
static i64 g_nSpill = 64 * 1024 * 1024;
void vdbe_sorter_set_spill(i64 nBytes) { g_nSpill = nBytes > 0 ? nBytes : 64 * 1024 * 1024; }

/* An in-memory record.  When its first key field is an integer or a real
** the value is kept decoded beside it, so most comparisons of a sort are
** settled without parsing either record. */
typedef struct SortRec {
  int n;        /* bytes of the record */
  u8 eKey;      /* 0: no decoded key, 1: iKey holds it, 2: rKey holds it */
  i64 iKey;     /* first field, integer */
  double rKey;  /* first field, real */
  u8 a[];       /* the record */
} SortRec;

/* Fills eKey/iKey/rKey from the record's first field. */
static void sortrec_key(SortRec *r) {
  u64 nHdr = 0, st = 0;
  r->eKey = 0;
  int k = varint_get_safe(r->a, r->a + r->n, &nHdr);
  if (k == 0 || nHdr > (u64)r->n || nHdr <= (u64)k) return;
  int k2 = varint_get_safe(r->a + k, r->a + nHdr, &st);
  if (k2 == 0) return;
  static const u8 aLen[10] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0};
  if (st == 0 || st > 9 || nHdr + aLen[st] > (u64)r->n) return;
  const u8 *p = r->a + nHdr;
  if (st >= 8) {
    r->iKey = (i64)(st - 8);
    r->eKey = 1;
    return;
  }
  u64 v = (p[0] & 0x80) ? ~(u64)0 : 0;
  for (int i = 0; i < aLen[st]; i++) v = (v << 8) | p[i];
  if (st == 7) {
    memcpy(&r->rKey, &v, 8);
    if (r->rKey == r->rKey) r->eKey = 2; /* NaN: leave it to the full compare */
  } else {
    r->iKey = (i64)v;
    r->eKey = 1;
  }
}

/* One sorted run in the temporary file, read sequentially. */
typedef struct SortRun {
  i64 iOff;     /* next byte of the run to load into aBuf */
  i64 iEnd;     /* end of the run in the file */
  u8 *aBuf;     /* read buffer */
  int nBuf;     /* valid bytes in aBuf */
  int iBuf;     /* next unread byte in aBuf */
  u8 *pRec;     /* the head record */
  int nRec;     /* its size; -1 when the run is exhausted */
  int nRecAlloc;/* bytes allocated at pRec */
} SortRun;

struct VdbeSorter {
  sqlite3 *db;        /* connection */
  KeyInfo *pKeyInfo;  /* ordering (a reference) */
  SortRec **apRec;    /* in-memory records */
  int nRec;           /* records held */
  int nAlloc;         /* slots in apRec */
  int iCur;           /* invariant 1 */
  u8 bSorted;         /* sorter_sort ran */
  i64 nBytes;         /* record bytes held in memory */
  IoFile *pFile;      /* temporary file of runs, or NULL */
  i64 iFileEnd;       /* bytes written to pFile */
  SortRun *aRun;      /* runs */
  int nRun;           /* runs written */
  int iCurRun;        /* invariant 1 */
};

/* Compares two records: the decoded first fields when both have one of
** the same kind, else (or on a tie) the full comparison. */
static int sortrec_cmp(VdbeSorter *p, const SortRec *x, const SortRec *y, int *pRc) {
  if (x->eKey && x->eKey == y->eKey && p->pKeyInfo->nKeyField > 0) {
    int c = x->eKey == 1 ? (x->iKey < y->iKey ? -1 : x->iKey > y->iKey)
                         : (x->rKey < y->rKey ? -1 : x->rKey > y->rKey);
    if (c != 0) return (p->pKeyInfo->aSortFlags[0] & KEYINFO_ORDER_DESC) ? -c : c;
  }
  return vdbe_record_compare(p->pKeyInfo, x->a, x->n, y->a, y->n, pRc);
}

int sorter_open(sqlite3 *db, KeyInfo *pKeyInfo, VdbeSorter **ppOut) {
  ASSERT(pKeyInfo != NULL);
  VdbeSorter *p = mem_zalloc(sizeof(VdbeSorter));
  *ppOut = p;
  if (p == NULL) return SQLITE_NOMEM;
  p->db = db;
  p->pKeyInfo = keyinfo_ref(pKeyInfo);
  p->iCurRun = -1;
  return SQLITE_OK;
}

static void free_records(VdbeSorter *p) {
  for (int i = 0; i < p->nRec; i++) mem_free(p->apRec[i]);
  p->nRec = 0;
  p->nBytes = 0;
}

void sorter_reset(VdbeSorter *p) {
  if (p == NULL) return;
  free_records(p);
  for (int i = 0; i < p->nRun; i++) {
    mem_free(p->aRun[i].aBuf);
    mem_free(p->aRun[i].pRec);
  }
  mem_free(p->aRun);
  p->aRun = NULL;
  p->nRun = 0;
  io_close(p->pFile);
  p->pFile = NULL;
  p->iFileEnd = 0;
  p->iCur = 0;
  p->iCurRun = -1;
  p->bSorted = 0;
}

void sorter_close(VdbeSorter *p) {
  if (p == NULL) return;
  sorter_reset(p);
  mem_free(p->apRec);
  keyinfo_unref(p->pKeyInfo);
  mem_free(p);
}

/* Merges sorted runs a[lo..mid) and a[mid..hi) through tmp (stable). */
static void merge_runs(VdbeSorter *p, SortRec **a, SortRec **tmp, int lo, int mid, int hi,
                       int *pRc) {
  int i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    int c = sortrec_cmp(p, a[j], a[i], pRc);
    tmp[k++] = c < 0 ? a[j++] : a[i++]; /* ties take the left run first */
  }
  while (i < mid) tmp[k++] = a[i++];
  while (j < hi) tmp[k++] = a[j++];
  memcpy(a + lo, tmp + lo, sizeof(SortRec *) * (size_t)(hi - lo));
}

/* Bottom-up merge sort of the in-memory records: no recursion. */
static int merge_sort(VdbeSorter *p) {
  int n = p->nRec, rc = SQLITE_OK;
  if (n < 2) return SQLITE_OK;
  SortRec **tmp = mem_malloc(sizeof(SortRec *) * (u64)n);
  if (tmp == NULL) return SQLITE_NOMEM;
  for (int w = 1; w < n && rc == SQLITE_OK; w *= 2) {
    for (int lo = 0; lo < n - w; lo += 2 * w) {
      int hi = lo + 2 * w < n ? lo + 2 * w : n;
      merge_runs(p, p->apRec, tmp, lo, lo + w, hi, &rc);
    }
  }
  mem_free(tmp);
  return rc;
}

/* Sorts the in-memory batch and appends it to the file as a run. */
static int spill_batch(VdbeSorter *p) {
  int rc = merge_sort(p);
  if (rc) return rc;
  if (p->pFile == NULL) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE |
                SQLITE_OPEN_DELETEONCLOSE | SQLITE_OPEN_TEMP_JOURNAL;
    rc = io_open(p->db->pIo, NULL, flags, NULL, &p->pFile);
    if (rc) return rc;
  }
  SortRun *aNew = mem_realloc(p->aRun, sizeof(SortRun) * (u64)(p->nRun + 1));
  if (aNew == NULL) return SQLITE_NOMEM;
  p->aRun = aNew;
  SortRun *pRun = &p->aRun[p->nRun];
  memset(pRun, 0, sizeof(*pRun));
  pRun->iOff = p->iFileEnd;
  u8 *aBuf = mem_malloc(SORTER_IOBUF);
  if (aBuf == NULL) return SQLITE_NOMEM;
  int nBuf = 0;
  for (int i = 0; i < p->nRec && rc == SQLITE_OK; i++) {
    SortRec *r = p->apRec[i];
    u8 aLen[4];
    put4(aLen, (u32)r->n);
    const u8 *apPart[2] = {aLen, r->a};
    int anPart[2] = {4, r->n};
    for (int k = 0; k < 2 && rc == SQLITE_OK; k++) {
      int iDone = 0;
      while (iDone < anPart[k] && rc == SQLITE_OK) {
        int nCopy = CORE_MIN(anPart[k] - iDone, SORTER_IOBUF - nBuf);
        memcpy(aBuf + nBuf, apPart[k] + iDone, (size_t)nCopy);
        nBuf += nCopy;
        iDone += nCopy;
        if (nBuf == SORTER_IOBUF) {
          rc = io_write(p->pFile, aBuf, nBuf, p->iFileEnd);
          p->iFileEnd += nBuf;
          nBuf = 0;
        }
      }
    }
  }
  if (rc == SQLITE_OK && nBuf > 0) {
    rc = io_write(p->pFile, aBuf, nBuf, p->iFileEnd);
    p->iFileEnd += nBuf;
  }
  mem_free(aBuf);
  if (rc) return rc;
  pRun->iEnd = p->iFileEnd;
  p->nRun++;
  free_records(p);
  return SQLITE_OK;
}

int sorter_insert(VdbeSorter *p, const u8 *pRec, int nRec) {
  ASSERT(nRec >= 0);
  if (p->bSorted) sorter_reset(p); /* a new round of inserts (invariant 1) */
  if (p->nBytes + nRec > g_nSpill && p->nRec > 0) {
    int rc = spill_batch(p);
    if (rc) return rc;
  }
  if (p->nRec >= p->nAlloc) {
    int nNew = p->nAlloc ? p->nAlloc * 2 : 64;
    SortRec **aNew = mem_realloc(p->apRec, sizeof(SortRec *) * (u64)nNew);
    if (aNew == NULL) return SQLITE_NOMEM;
    p->apRec = aNew;
    p->nAlloc = nNew;
  }
  SortRec *r = mem_malloc(sizeof(SortRec) + (u64)nRec);
  if (r == NULL) return SQLITE_NOMEM;
  r->n = nRec;
  memcpy(r->a, pRec, (size_t)nRec);
  sortrec_key(r);
  p->apRec[p->nRec++] = r;
  p->nBytes += nRec;
  return SQLITE_OK;
}

/* Copies n bytes of the run into pOut, refilling the buffer. */
static int run_read(VdbeSorter *p, SortRun *pRun, u8 *pOut, int n) {
  int iDone = 0;
  while (iDone < n) {
    if (pRun->iBuf >= pRun->nBuf) {
      i64 nLeft = pRun->iEnd - pRun->iOff;
      if (nLeft <= 0) return ERR_CORRUPT(); /* a run ended inside a record */
      int nLoad = (int)CORE_MIN(nLeft, (i64)SORTER_IOBUF);
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

/* Loads the next record of a run as its head (nRec -1 at the end). */
static int run_advance(VdbeSorter *p, SortRun *pRun) {
  if (pRun->iBuf >= pRun->nBuf && pRun->iOff >= pRun->iEnd) {
    pRun->nRec = -1;
    return SQLITE_OK;
  }
  u8 aLen[4];
  int rc = run_read(p, pRun, aLen, 4);
  if (rc) return rc;
  u32 n = get4(aLen);
  if (n > 0x7fffffffu) return ERR_CORRUPT();
  if ((int)n > pRun->nRecAlloc) {
    u8 *pNew = mem_realloc(pRun->pRec, (u64)n + 1);
    if (pNew == NULL) return SQLITE_NOMEM;
    pRun->pRec = pNew;
    pRun->nRecAlloc = (int)n;
  }
  pRun->nRec = (int)n;
  return run_read(p, pRun, pRun->pRec, (int)n);
}

/* Picks the run whose head is smallest (ties: earliest run, invariant 2). */
static int pick_run(VdbeSorter *p) {
  int iBest = -1, rc = SQLITE_OK;
  for (int i = 0; i < p->nRun; i++) {
    SortRun *r = &p->aRun[i];
    if (r->nRec < 0) continue;
    if (iBest < 0) {
      iBest = i;
      continue;
    }
    SortRun *b = &p->aRun[iBest];
    if (vdbe_record_compare(p->pKeyInfo, r->pRec, r->nRec, b->pRec, b->nRec, &rc) < 0) iBest = i;
  }
  p->iCurRun = iBest;
  return rc;
}

/* Starts the merge of every run (the last batch is spilled first). */
static int start_merge(VdbeSorter *p) {
  int rc = p->nRec > 0 ? spill_batch(p) : SQLITE_OK;
  for (int i = 0; i < p->nRun && rc == SQLITE_OK; i++) {
    SortRun *r = &p->aRun[i];
    r->aBuf = mem_malloc(SORTER_IOBUF);
    if (r->aBuf == NULL) return SQLITE_NOMEM;
    rc = run_advance(p, r);
  }
  return rc ? rc : pick_run(p);
}

int sorter_sort(VdbeSorter *p, int *pbEmpty) {
  int rc = SQLITE_OK;
  if (!p->bSorted) rc = p->nRun > 0 ? start_merge(p) : merge_sort(p);
  p->bSorted = 1;
  p->iCur = 0;
  *pbEmpty = p->nRun > 0 ? p->iCurRun < 0 : p->nRec == 0;
  return rc;
}

int sorter_next(VdbeSorter *p, int *pbEof) {
  ASSERT(p->bSorted);
  if (p->nRun > 0) {
    int rc = SQLITE_OK;
    if (p->iCurRun >= 0) {
      rc = run_advance(p, &p->aRun[p->iCurRun]);
      if (rc == SQLITE_OK) rc = pick_run(p);
    }
    *pbEof = p->iCurRun < 0;
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
    if (p->iCurRun < 0) return NULL;
    *pnRec = p->aRun[p->iCurRun].nRec;
    return p->aRun[p->iCurRun].pRec;
  }
  if (p->iCur >= p->nRec) return NULL;
  *pnRec = p->apRec[p->iCur]->n;
  return p->apRec[p->iCur]->a;
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
