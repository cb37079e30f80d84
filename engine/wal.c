/*
** wal.c: the write-ahead log and the wal-index (contract and invariants in
** wal.h; formats in fileformat2.html and walformat.html).
**
** The wal-index in shared memory: region 0 starts with two copies of the
** 48-byte index header (mxFrame, nPage, salts, running checksum, ...) and
** the checkpoint info (nBackfill, five read marks, the eight lock bytes);
** then every region holds a page-number array (4062 entries in region 0,
** 4096 in the others: one per frame) and a hash table of 8192 u16 slots
** mapping a page number ((pgno*383) & 8191, linear probing) to the frame's
** index in that region's array.  Writers store copy 2 then copy 1; readers
** read copy 1 then copy 2 and trust them only when equal and their checksum
** holds.
**
** Invariants (besides wal.h's):
**   1. readLock is -1 or the READ slot this Wal holds shared; hdr is the
**      snapshot taken under it.
**   2. bWriteLock implies readLock >= 0 and hdr equals the shared header.
**   3. Hash entries for frames > the shared mxFrame are garbage and are
**      cleared before a writer reuses their region (wal_index_cleanup).
*/
#include "wal.h"

#define WAL_MAGIC 0x377f0682u
#define WAL_VERSION 3007000u
#define WAL_HDR 32
#define WAL_FRAME_HDR 24
#define WAL_NREADER 5
#define WAL_WRITE_LOCK 0
#define WAL_CKPT_LOCK 1
#define WAL_RECOVER_LOCK 2
#define WAL_READ_LOCK(i) (3 + (i))
#define WAL_REGION 32768
#define WAL_NSLOT 8192
#define WAL_NPAGE 4096
#define WAL_HDR_BYTES 136 /* two index headers and the checkpoint info */
#define WAL_NPAGE_ONE (WAL_NPAGE - WAL_HDR_BYTES / 4)
#define WAL_READMARK_UNUSED 0xffffffffu
#define WAL_MAX_TRIES 100

typedef struct WalIndexHdr {
  u32 iVersion;      /* 3007000 */
  u32 unused;
  u32 iChange;       /* bumped by every commit */
  u8 isInit;         /* 1 once valid */
  u8 bigEndCksum;    /* the log's checksums are big-endian */
  u16 szPage;        /* page size (65536 stored as 1) */
  u32 mxFrame;       /* last valid commit frame */
  u32 nPage;         /* database size after it */
  u32 aFrameCksum[2];/* checksum of frame mxFrame */
  u32 aSalt[2];      /* the log header's salts, raw bytes */
  u32 aCksum[2];     /* checksum of the fields above */
} WalIndexHdr;

typedef struct WalCkptInfo {
  u32 nBackfill;
  u32 aReadMark[WAL_NREADER];
  u8 aLock[IO_SHM_NLOCK];
  u32 nBackfillAttempted;
  u32 notUsed0;
} WalCkptInfo;

struct Wal {
  IoBackend *pBackend;
  IoFile *pDbFd;            /* the database (owns the shm) */
  IoFile *pWalFd;           /* the log */
  char *zWalPath;           /* "<db>-wal" */
  int nRegion;              /* entries of apRegion */
  volatile u32 **apRegion;  /* mapped shm regions */
  WalIndexHdr hdr;          /* the snapshot (invariant 1) */
  int readLock;             /* invariant 1 */
  int bWriteLock;           /* holds WRITE */
  u32 nCkpt;                /* checkpoint sequence for the next log header */
};

_Static_assert(sizeof(WalIndexHdr) == 48, "index header layout");
_Static_assert(sizeof(WalCkptInfo) == 40, "checkpoint info layout");

/* ---- checksums and small helpers ------------------------------------------ */

static int wal_host_bigend(void) {
  const u16 x = 1;
  return *(const u8 *)&x == 0;
}

static u32 wal_word(const u8 *a, int bBig) {
  if (bBig) return get4(a);
  return (u32)a[0] | ((u32)a[1] << 8) | ((u32)a[2] << 16) | ((u32)a[3] << 24);
}

/* The log checksum (wal.h invariant 1) over n bytes (a multiple of 8). */
static void wal_cksum(int bBig, const u8 *a, int n, const u32 *aIn, u32 *aOut) {
  ASSERT(n % 8 == 0);
  u32 s0 = aIn ? aIn[0] : 0, s1 = aIn ? aIn[1] : 0;
  if (bBig == wal_host_bigend()) {
    /* The host's order (every log we write): plain loads, no byte
    ** assembly; this loop runs over every page of every commit. */
    for (int i = 0; i < n; i += 8) {
      u32 x[2];
      memcpy(x, a + i, 8);
      s0 += x[0] + s1;
      s1 += x[1] + s0;
    }
  } else {
    for (int i = 0; i < n; i += 8) {
      s0 += wal_word(a + i, bBig) + s1;
      s1 += wal_word(a + i + 4, bBig) + s0;
    }
  }
  aOut[0] = s0;
  aOut[1] = s1;
}

static u32 wal_size_decode(u16 sz) { return sz == 1 ? 65536u : sz; }
static u16 wal_size_encode(u32 sz) { return (u16)(sz == 65536 ? 1 : sz); }
static i64 wal_frame_off(u32 iFrame, u32 szPage) {
  return WAL_HDR + (i64)(iFrame - 1) * (WAL_FRAME_HDR + szPage);
}

static int wal_lock(Wal *w, int slot, int n, int bExcl) {
  int flags = IO_SHM_LOCK | (bExcl ? IO_SHM_EXCLUSIVE : IO_SHM_SHARED);
  return w->pDbFd->pMethods->shm_lock(w->pDbFd, slot, n, flags);
}

static void wal_unlock(Wal *w, int slot, int n, int bExcl) {
  int flags = IO_SHM_UNLOCK | (bExcl ? IO_SHM_EXCLUSIVE : IO_SHM_SHARED);
  w->pDbFd->pMethods->shm_lock(w->pDbFd, slot, n, flags);
}

static void wal_barrier(Wal *w) { w->pDbFd->pMethods->shm_barrier(w->pDbFd); }

/* Region iRegion of the wal-index, mapped (and created) on demand. */
static int wal_region(Wal *w, int iRegion, volatile u32 **pp) {
  if (iRegion < w->nRegion && w->apRegion[iRegion]) {
    *pp = w->apRegion[iRegion];
    return SQLITE_OK;
  }
  if (iRegion >= w->nRegion) {
    volatile u32 **ap = mem_realloc((void *)w->apRegion, sizeof(u32 *) * (u64)(iRegion + 1));
    if (ap == NULL) return SQLITE_NOMEM;
    for (int i = w->nRegion; i <= iRegion; i++) ap[i] = NULL;
    w->apRegion = ap;
    w->nRegion = iRegion + 1;
  }
  volatile void *p = NULL;
  int rc = w->pDbFd->pMethods->shm_map(w->pDbFd, iRegion, WAL_REGION, 1, &p);
  if (rc != SQLITE_OK) return rc;
  if (p == NULL) return SQLITE_IOERR_SHMMAP;
  w->apRegion[iRegion] = (volatile u32 *)p;
  *pp = w->apRegion[iRegion];
  return SQLITE_OK;
}

static volatile WalIndexHdr *wal_shm_hdr(Wal *w) { return (volatile WalIndexHdr *)w->apRegion[0]; }
static volatile WalCkptInfo *wal_ckpt_info(Wal *w) {
  return (volatile WalCkptInfo *)((volatile u8 *)w->apRegion[0] + 2 * sizeof(WalIndexHdr));
}

/* ---- the hash tables ------------------------------------------------------- */

/* Region holding frame iFrame (1-based). */
static int wal_frame_region(u32 iFrame) {
  ASSERT(iFrame > 0);
  if (iFrame <= WAL_NPAGE_ONE) return 0;
  return (int)((iFrame - WAL_NPAGE_ONE - 1) / WAL_NPAGE) + 1;
}

typedef struct WalHash {
  volatile u32 *aPgno;   /* aPgno[k] is the page of frame iZero+k+1 */
  volatile u16 *aHash;   /* WAL_NSLOT slots */
  u32 iZero;             /* frames before this region */
  u32 nEntry;            /* capacity of aPgno */
} WalHash;

static int wal_hash_get(Wal *w, int iRegion, WalHash *h) {
  volatile u32 *a = NULL;
  int rc = wal_region(w, iRegion, &a);
  if (rc != SQLITE_OK) return rc;
  if (iRegion == 0) {
    h->aPgno = a + WAL_HDR_BYTES / 4;
    h->iZero = 0;
    h->nEntry = WAL_NPAGE_ONE;
  } else {
    h->aPgno = a;
    h->iZero = WAL_NPAGE_ONE + (u32)(iRegion - 1) * WAL_NPAGE;
    h->nEntry = WAL_NPAGE;
  }
  h->aHash = (volatile u16 *)(a + WAL_NPAGE);
  return SQLITE_OK;
}

static int wal_hash_key(u32 pgno) { return (int)((pgno * 383u) & (WAL_NSLOT - 1)); }

/* Drops entries for frames > mxFrame from the region of frame mxFrame+1
** (invariant 3): they belong to a log generation or a commit that died. */
static int wal_index_cleanup(Wal *w, u32 mxFrame) {
  WalHash h;
  int rc = wal_hash_get(w, wal_frame_region(mxFrame + 1), &h);
  if (rc != SQLITE_OK) return rc;
  u32 nKeep = mxFrame - h.iZero;
  for (int i = 0; i < WAL_NSLOT; i++) {
    if (h.aHash[i] > nKeep) h.aHash[i] = 0;
  }
  for (u32 k = nKeep; k < h.nEntry; k++) h.aPgno[k] = 0;
  return SQLITE_OK;
}

/* Records frame iFrame as holding pgno. */
static int wal_index_append(Wal *w, u32 iFrame, u32 pgno) {
  WalHash h;
  int rc = wal_hash_get(w, wal_frame_region(iFrame), &h);
  if (rc != SQLITE_OK) return rc;
  u32 idx = iFrame - h.iZero;
  ASSERT(idx >= 1 && idx <= h.nEntry);
  if (idx == 1) { /* first frame of the region: stale content goes */
    for (int i = 0; i < WAL_NSLOT; i++) h.aHash[i] = 0;
    for (u32 k = 0; k < h.nEntry; k++) h.aPgno[k] = 0;
  } else if (h.aPgno[idx - 1] != 0) {
    rc = wal_index_cleanup(w, iFrame - 1);
    if (rc != SQLITE_OK) return rc;
  }
  int key = wal_hash_key(pgno);
  for (int n = 0; h.aHash[key] != 0; n++) {
    if (n >= WAL_NSLOT) return ERR_CORRUPT();
    key = (key + 1) & (WAL_NSLOT - 1);
  }
  h.aPgno[idx - 1] = pgno;
  h.aHash[key] = (u16)idx;
  return SQLITE_OK;
}

/* Latest frame in [minFrame, mxFrame] holding pgno, 0 if none. */
static int wal_lookup(Wal *w, u32 pgno, u32 minFrame, u32 mxFrame, u32 *piFrame) {
  *piFrame = 0;
  if (mxFrame == 0 || minFrame > mxFrame) return SQLITE_OK;
  for (int r = wal_frame_region(mxFrame); r >= wal_frame_region(minFrame); r--) {
    WalHash h;
    int rc = wal_hash_get(w, r, &h);
    if (rc != SQLITE_OK) return rc;
    u32 iBest = 0;
    int key = wal_hash_key(pgno);
    for (int n = 0; h.aHash[key] != 0; n++) {
      if (n >= WAL_NSLOT) return ERR_CORRUPT();
      u32 idx = h.aHash[key];
      u32 iFrame = idx + h.iZero;
      if (idx <= h.nEntry && iFrame <= mxFrame && iFrame >= minFrame && h.aPgno[idx - 1] == pgno &&
          iFrame > iBest) {
        iBest = iFrame;
      }
      key = (key + 1) & (WAL_NSLOT - 1);
    }
    if (iBest) {
      *piFrame = iBest;
      return SQLITE_OK;
    }
  }
  return SQLITE_OK;
}

/* ---- the index header --------------------------------------------------- */

static void wal_hdr_cksum(WalIndexHdr *h, u32 *aOut) {
  wal_cksum(wal_host_bigend(), (const u8 *)h, (int)offsetof(WalIndexHdr, aCksum), NULL, aOut);
}

/* Copies the shared header into *pOut if both copies agree and check.
** Returns 0 on success, 1 when the index needs recovery. */
static int wal_hdr_try(Wal *w, WalIndexHdr *pOut) {
  volatile WalIndexHdr *a = wal_shm_hdr(w);
  WalIndexHdr h1, h2;
  memcpy(&h1, (const void *)&a[0], sizeof(h1));
  wal_barrier(w);
  memcpy(&h2, (const void *)&a[1], sizeof(h2));
  if (memcmp(&h1, &h2, sizeof(h1)) != 0 || h1.isInit == 0) return 1;
  u32 c[2];
  wal_hdr_cksum(&h1, c);
  if (c[0] != h1.aCksum[0] || c[1] != h1.aCksum[1]) return 1;
  *pOut = h1;
  return 0;
}

static void wal_hdr_write(Wal *w) {
  volatile WalIndexHdr *a = wal_shm_hdr(w);
  w->hdr.isInit = 1;
  w->hdr.iVersion = WAL_VERSION;
  wal_hdr_cksum(&w->hdr, w->hdr.aCksum);
  memcpy((void *)&a[1], &w->hdr, sizeof(w->hdr));
  wal_barrier(w);
  memcpy((void *)&a[0], &w->hdr, sizeof(w->hdr));
}

/* ---- recovery (wal.h invariant 3) ------------------------------------------ */

/* Checks the log header; fills szPage, bigEnd, salts and checksum. */
static int wal_parse_header(Wal *w, const u8 *a, u32 *pSzPage, int *pbBig, u32 *aCk) {
  u32 magic = get4(a);
  if ((magic & 0xfffffffeu) != WAL_MAGIC) return 0;
  int bBig = (int)(magic & 1);
  u32 szPage = get4(a + 8);
  if (get4(a + 4) != WAL_VERSION) return 0;
  if (szPage < 512 || szPage > 65536 || (szPage & (szPage - 1))) return 0;
  wal_cksum(bBig, a, 24, NULL, aCk);
  if (aCk[0] != get4(a + 24) || aCk[1] != get4(a + 28)) return 0;
  *pSzPage = szPage;
  *pbBig = bBig;
  w->nCkpt = get4(a + 12);
  return 1;
}

/* Scans the frames, indexing each valid one; the header gets the last
** commit.  aFrame: one frame's buffer. */
static int wal_scan_frames(Wal *w, i64 szLog, u32 szPage, int bBig, u32 *aCk, u8 *aFrame) {
  u32 szFrame = szPage + WAL_FRAME_HDR;
  u32 nFrame = (u32)CORE_MIN((szLog - WAL_HDR) / szFrame, (i64)0x7fffffff);
  for (u32 i = 1; i <= nFrame; i++) {
    int rc = io_read(w->pWalFd, aFrame, (int)szFrame, wal_frame_off(i, szPage));
    if (rc != SQLITE_OK) return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;
    u32 pgno = get4(aFrame);
    if (pgno == 0 || memcmp(aFrame + 8, w->hdr.aSalt, 8) != 0) break;
    u32 c[2];
    wal_cksum(bBig, aFrame, 8, aCk, c);
    wal_cksum(bBig, aFrame + WAL_FRAME_HDR, (int)szPage, c, c);
    if (c[0] != get4(aFrame + 16) || c[1] != get4(aFrame + 20)) break;
    aCk[0] = c[0];
    aCk[1] = c[1];
    rc = wal_index_append(w, i, pgno);
    if (rc != SQLITE_OK) return rc;
    u32 nTrunc = get4(aFrame + 4);
    if (nTrunc) {
      w->hdr.mxFrame = i;
      w->hdr.nPage = nTrunc;
      w->hdr.aFrameCksum[0] = c[0];
      w->hdr.aFrameCksum[1] = c[1];
    }
  }
  return SQLITE_OK;
}

static int wal_read_log(Wal *w) {
  i64 szLog = 0;
  int rc = w->pWalFd->pMethods->size(w->pWalFd, &szLog);
  if (rc != SQLITE_OK || szLog < WAL_HDR) return rc;
  u8 aHdr[WAL_HDR];
  rc = io_read(w->pWalFd, aHdr, WAL_HDR, 0);
  if (rc != SQLITE_OK) return rc;
  u32 szPage = 0, aCk[2];
  int bBig = 0;
  if (!wal_parse_header(w, aHdr, &szPage, &bBig, aCk)) return SQLITE_OK;
  w->hdr.bigEndCksum = (u8)bBig;
  w->hdr.szPage = wal_size_encode(szPage);
  memcpy(w->hdr.aSalt, aHdr + 16, 8);
  w->hdr.aFrameCksum[0] = aCk[0];
  w->hdr.aFrameCksum[1] = aCk[1];
  u8 *aFrame = mem_malloc(szPage + WAL_FRAME_HDR);
  if (aFrame == NULL) return SQLITE_NOMEM;
  rc = wal_scan_frames(w, szLog, szPage, bBig, aCk, aFrame);
  mem_free(aFrame);
  return rc;
}

/* Rebuilds the index.  Caller holds WRITE exclusive. */
static int wal_recover(Wal *w) {
  ASSERT(w->bWriteLock);
  int rc = wal_lock(w, WAL_CKPT_LOCK, 2, 1);
  if (rc != SQLITE_OK) return rc == SQLITE_BUSY ? SQLITE_BUSY_RECOVERY : rc;
  volatile u32 *a0 = NULL;
  rc = wal_region(w, 0, &a0);
  memset(&w->hdr, 0, sizeof(w->hdr));
  /* Stale hash entries need no clearing here: appending a region's first
  ** frame clears the region, and cleanup trims past the last commit. */
  if (rc == SQLITE_OK) rc = wal_read_log(w);
  if (rc == SQLITE_OK) rc = wal_index_cleanup(w, w->hdr.mxFrame);
  if (rc == SQLITE_OK) {
    w->hdr.iChange++;
    wal_hdr_write(w);
    volatile WalCkptInfo *ci = wal_ckpt_info(w);
    ci->nBackfill = 0;
    ci->nBackfillAttempted = w->hdr.mxFrame;
    ci->aReadMark[0] = 0;
    for (int i = 1; i < WAL_NREADER; i++) {
      if (wal_lock(w, WAL_READ_LOCK(i), 1, 1) != SQLITE_OK) continue;
      ci->aReadMark[i] = (i == 1 && w->hdr.mxFrame) ? w->hdr.mxFrame : WAL_READMARK_UNUSED;
      wal_unlock(w, WAL_READ_LOCK(i), 1, 1);
    }
  }
  wal_unlock(w, WAL_CKPT_LOCK, 2, 1);
  return rc;
}

/* Loads a valid header into w->hdr, recovering the index if needed. */
static int wal_read_hdr(Wal *w, int *pbChanged) {
  volatile u32 *a0 = NULL;
  int rc = wal_region(w, 0, &a0);
  if (rc != SQLITE_OK) return rc;
  WalIndexHdr h;
  if (wal_hdr_try(w, &h) == 0) {
    *pbChanged = memcmp(&h, &w->hdr, sizeof(h)) != 0;
    w->hdr = h;
    return SQLITE_OK;
  }
  int bHadWrite = w->bWriteLock;
  if (!bHadWrite) {
    rc = wal_lock(w, WAL_WRITE_LOCK, 1, 1);
    if (rc != SQLITE_OK) return rc == SQLITE_BUSY ? SQLITE_BUSY_RECOVERY : rc;
    w->bWriteLock = 1;
  }
  if (wal_hdr_try(w, &h) == 0) {
    w->hdr = h;
  } else {
    rc = wal_recover(w);
  }
  if (!bHadWrite) {
    wal_unlock(w, WAL_WRITE_LOCK, 1, 1);
    w->bWriteLock = 0;
  }
  *pbChanged = 1;
  return rc;
}

/* ---- open and close ------------------------------------------------------- */

int wal_open(IoBackend *pBackend, IoFile *pDbFd, const char *zDbPath, Wal **ppWal) {
  *ppWal = NULL;
  if (pDbFd->pMethods->shm_map == NULL) return SQLITE_CANTOPEN;
  Wal *w = mem_zalloc(sizeof(*w));
  if (w == NULL) return SQLITE_NOMEM;
  w->pBackend = pBackend;
  w->pDbFd = pDbFd;
  w->readLock = -1;
  size_t n = strlen(zDbPath);
  w->zWalPath = mem_malloc(n + 5);
  if (w->zWalPath == NULL) {
    mem_free(w);
    return SQLITE_NOMEM;
  }
  memcpy(w->zWalPath, zDbPath, n);
  memcpy(w->zWalPath + n, "-wal", 5);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_WAL;
  int rc = io_open(pBackend, w->zWalPath, flags, NULL, &w->pWalFd);
  if (rc != SQLITE_OK) {
    mem_free(w->zWalPath);
    mem_free(w);
    return SQLITE_CANTOPEN;
  }
  *ppWal = w;
  return SQLITE_OK;
}

int wal_close(Wal *w, int bLast, int syncLevel) {
  if (w == NULL) return SQLITE_OK;
  if (w->bWriteLock) wal_end_write(w);
  if (w->readLock >= 0) wal_end_read(w);
  int rc = SQLITE_OK;
  int bDelete = 0;
  if (bLast) {
    int nLog = 0, nCkpt = 0;
    rc = wal_checkpoint(w, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL, syncLevel, &nLog, &nCkpt);
    bDelete = rc == SQLITE_OK && nLog == nCkpt;
  }
  io_close(w->pWalFd);
  if (bDelete) w->pBackend->remove(w->pBackend, w->zWalPath, 0);
  w->pDbFd->pMethods->shm_unmap(w->pDbFd, bDelete);
  mem_free((void *)w->apRegion);
  mem_free(w->zWalPath);
  mem_free(w);
  return rc;
}

/* ---- read transactions (wal.h invariants 4, 5) ----------------------------- */

int wal_in_read(const Wal *w) { return w->readLock >= 0; }
u32 wal_frame_count(const Wal *w) { return w->hdr.mxFrame; }
u32 wal_page_size(const Wal *w) { return wal_size_decode(w->hdr.szPage); }
u32 wal_db_size(const Wal *w) { return w->hdr.mxFrame ? w->hdr.nPage : 0; }

/* Holds slot as a reader if the shared header still equals ours. */
static int wal_confirm(Wal *w, int slot, u32 mark) {
  int rc = wal_lock(w, WAL_READ_LOCK(slot), 1, 0);
  if (rc != SQLITE_OK) return rc;
  wal_barrier(w);
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  int bSame = memcmp((const void *)wal_shm_hdr(w), &w->hdr, sizeof(w->hdr)) == 0;
  if (slot > 0 && ci->aReadMark[slot] != mark) bSame = 0;
  if (!bSame) {
    wal_unlock(w, WAL_READ_LOCK(slot), 1, 0);
    return SQLITE_BUSY;
  }
  w->readLock = slot;
  return SQLITE_OK;
}

/* Picks a read mark covering hdr.mxFrame, creating one if it can. */
static int wal_pick_mark(Wal *w, int *pSlot, u32 *pMark) {
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  u32 mxFrame = w->hdr.mxFrame;
  u32 best = 0;
  int iBest = 0;
  for (int i = 1; i < WAL_NREADER; i++) {
    u32 m = ci->aReadMark[i];
    if (m != WAL_READMARK_UNUSED && m <= mxFrame && m >= best) {
      best = m;
      iBest = i;
    }
  }
  if (best < mxFrame || iBest == 0) {
    for (int i = 1; i < WAL_NREADER; i++) {
      if (wal_lock(w, WAL_READ_LOCK(i), 1, 1) != SQLITE_OK) continue;
      ci->aReadMark[i] = mxFrame;
      wal_unlock(w, WAL_READ_LOCK(i), 1, 1);
      best = mxFrame;
      iBest = i;
      break;
    }
  }
  if (iBest == 0) return SQLITE_BUSY;
  *pSlot = iBest;
  *pMark = best;
  return SQLITE_OK;
}

static int wal_try_read(Wal *w, int *pbChanged) {
  int bChanged = 0;
  int rc = wal_read_hdr(w, &bChanged);
  if (rc != SQLITE_OK) return rc;
  if (bChanged) *pbChanged = 1;
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  if (ci->nBackfill == w->hdr.mxFrame) {
    rc = wal_confirm(w, 0, 0);
    if (rc != SQLITE_BUSY) return rc;
  }
  int slot = 0;
  u32 mark = 0;
  rc = wal_pick_mark(w, &slot, &mark);
  if (rc != SQLITE_OK) return rc;
  /* A mark below mxFrame still protects the snapshot: the log cannot
  ** restart while the slot is held, and a checkpoint stopping at the mark
  ** copies only frames the snapshot contains anyway. */
  return wal_confirm(w, slot, mark);
}

int wal_begin_read(Wal *w, int *pbChanged) {
  ASSERT(w->readLock < 0);
  *pbChanged = 0;
  int rc = SQLITE_BUSY;
  for (int n = 0; n < WAL_MAX_TRIES; n++) {
    rc = wal_try_read(w, pbChanged);
    if (rc != SQLITE_BUSY && rc != SQLITE_BUSY_RECOVERY) break;
    if (n > 5) io_sleep_us(w->pBackend, n > 50 ? 1000 : 10);
  }
  return rc;
}

void wal_end_read(Wal *w) {
  ASSERT(!w->bWriteLock);
  if (w->readLock < 0) return;
  wal_unlock(w, WAL_READ_LOCK(w->readLock), 1, 0);
  w->readLock = -1;
}

int wal_find_frame(Wal *w, u32 pgno, u32 *piFrame) {
  *piFrame = 0;
  ASSERT(w->readLock >= 0);
  if (w->readLock == 0 && !w->bWriteLock) return SQLITE_OK; /* database alone */
  return wal_lookup(w, pgno, 1, w->hdr.mxFrame, piFrame);
}

int wal_read_frame(Wal *w, u32 iFrame, u8 *aBuf, u32 pageSize) {
  u32 szPage = wal_size_decode(w->hdr.szPage);
  if (szPage != pageSize) return ERR_CORRUPT();
  i64 off = wal_frame_off(iFrame, szPage) + WAL_FRAME_HDR;
  int rc = io_read(w->pWalFd, aBuf, (int)pageSize, off);
  return rc == SQLITE_IOERR_SHORT_READ ? ERR_CORRUPT() : rc;
}

/* ---- write transactions (wal.h invariant 7) -------------------------------- */

int wal_begin_write(Wal *w) {
  ASSERT(w->readLock >= 0 && !w->bWriteLock);
  int rc = wal_lock(w, WAL_WRITE_LOCK, 1, 1);
  if (rc != SQLITE_OK) return rc;
  w->bWriteLock = 1;
  wal_barrier(w);
  if (memcmp((const void *)wal_shm_hdr(w), &w->hdr, sizeof(w->hdr)) != 0) {
    wal_end_write(w);
    return SQLITE_BUSY_SNAPSHOT;
  }
  return SQLITE_OK;
}

void wal_end_write(Wal *w) {
  if (!w->bWriteLock) return;
  wal_unlock(w, WAL_WRITE_LOCK, 1, 1);
  w->bWriteLock = 0;
}

/* Starts a new log generation when every frame is in the database and no
** reader holds a mark (wal.h invariants 2, 6).  Caller holds WRITE. */
static int wal_restart_hdr(Wal *w) {
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  u32 salt2 = 0;
  io_randomness(w->pBackend, 4, &salt2);
  w->nCkpt++;
  u8 *aSalt = (u8 *)w->hdr.aSalt;
  put4(aSalt, get4(aSalt) + 1);
  memcpy(aSalt + 4, &salt2, 4);
  w->hdr.mxFrame = 0;
  w->hdr.nPage = 0;
  w->hdr.iChange++;
  wal_hdr_write(w);
  ci->nBackfill = 0;
  ci->nBackfillAttempted = 0;
  ci->aReadMark[1] = 0;
  for (int i = 2; i < WAL_NREADER; i++) ci->aReadMark[i] = WAL_READMARK_UNUSED;
  return SQLITE_OK;
}

static int wal_maybe_restart(Wal *w) {
  if (w->readLock != 0) return SQLITE_OK;
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  if (ci->nBackfill > 0 && ci->nBackfill == w->hdr.mxFrame) {
    int rc = wal_lock(w, WAL_READ_LOCK(1), WAL_NREADER - 1, 1);
    if (rc == SQLITE_OK) {
      wal_restart_hdr(w);
      wal_unlock(w, WAL_READ_LOCK(1), WAL_NREADER - 1, 1);
    } else if (rc != SQLITE_BUSY) {
      return rc;
    }
  }
  return SQLITE_OK;
}

/* Writes the 32-byte log header for a fresh generation. */
static int wal_write_log_header(Wal *w, u32 pageSize, int syncLevel) {
  u8 a[WAL_HDR];
  int bBig = wal_host_bigend();
  if (w->nCkpt == 0 && w->hdr.aSalt[0] == 0 && w->hdr.aSalt[1] == 0) {
    io_randomness(w->pBackend, 8, w->hdr.aSalt);
  }
  put4(a, WAL_MAGIC | (u32)bBig);
  put4(a + 4, WAL_VERSION);
  put4(a + 8, pageSize);
  put4(a + 12, w->nCkpt);
  memcpy(a + 16, w->hdr.aSalt, 8);
  u32 c[2];
  wal_cksum(bBig, a, 24, NULL, c);
  put4(a + 24, c[0]);
  put4(a + 28, c[1]);
  w->hdr.aFrameCksum[0] = c[0];
  w->hdr.aFrameCksum[1] = c[1];
  w->hdr.bigEndCksum = (u8)bBig;
  w->hdr.szPage = wal_size_encode(pageSize);
  int rc = io_write(w->pWalFd, a, WAL_HDR, 0);
  if (rc == SQLITE_OK && syncLevel > 0) rc = w->pWalFd->pMethods->sync(w->pWalFd, SQLITE_SYNC_NORMAL);
  return rc;
}

/* Builds frame headers for aPage into aHdrs and the checksum chain. */
static void wal_build_frames(Wal *w, u32 pageSize, const WalPage *aPage, int nPage, u32 nTruncate,
                             u8 *aHdrs, u32 *aCk) {
  int bBig = w->hdr.bigEndCksum;
  for (int i = 0; i < nPage; i++) {
    u8 *h = aHdrs + i * WAL_FRAME_HDR;
    put4(h, aPage[i].pgno);
    put4(h + 4, i == nPage - 1 ? nTruncate : 0);
    memcpy(h + 8, w->hdr.aSalt, 8);
    wal_cksum(bBig, h, 8, aCk, aCk);
    wal_cksum(bBig, aPage[i].aData, (int)pageSize, aCk, aCk);
    put4(h + 16, aCk[0]);
    put4(h + 20, aCk[1]);
  }
}

static int wal_write_frames(Wal *w, u32 pageSize, const WalPage *aPage, int nPage, u8 *aHdrs) {
  IoReq *aReq = mem_malloc(sizeof(IoReq) * 2 * (u64)nPage);
  if (aReq == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < nPage; i++) {
    i64 off = wal_frame_off(w->hdr.mxFrame + 1 + (u32)i, pageSize);
    aReq[2 * i] = (IoReq){.op = IO_WRITE, .n = WAL_FRAME_HDR, .buf = aHdrs + i * WAL_FRAME_HDR,
                          .offset = off};
    aReq[2 * i + 1] = (IoReq){.op = IO_WRITE, .n = (int)pageSize, .buf = (void *)aPage[i].aData,
                              .offset = off + WAL_FRAME_HDR};
  }
  int rc = io_run(w->pWalFd, aReq, 2 * nPage);
  mem_free(aReq);
  return rc;
}

int wal_commit(Wal *w, u32 pageSize, const WalPage *aPage, int nPage, u32 nTruncate,
               int syncLevel) {
  ASSERT(w->bWriteLock && nPage > 0 && nTruncate > 0);
  int rc = wal_maybe_restart(w);
  if (rc != SQLITE_OK) return rc;
  if (w->hdr.mxFrame == 0) rc = wal_write_log_header(w, pageSize, syncLevel);
  else if (wal_size_decode(w->hdr.szPage) != pageSize) rc = ERR_CORRUPT();
  if (rc != SQLITE_OK) return rc;
  u8 *aHdrs = mem_malloc((u64)nPage * WAL_FRAME_HDR);
  if (aHdrs == NULL) return SQLITE_NOMEM;
  u32 aCk[2] = {w->hdr.aFrameCksum[0], w->hdr.aFrameCksum[1]};
  wal_build_frames(w, pageSize, aPage, nPage, nTruncate, aHdrs, aCk);
  rc = wal_write_frames(w, pageSize, aPage, nPage, aHdrs);
  mem_free(aHdrs);
  if (rc == SQLITE_OK && syncLevel >= 2) rc = w->pWalFd->pMethods->sync(w->pWalFd, SQLITE_SYNC_FULL);
  for (int i = 0; rc == SQLITE_OK && i < nPage; i++) {
    rc = wal_index_append(w, w->hdr.mxFrame + 1 + (u32)i, aPage[i].pgno);
  }
  if (rc != SQLITE_OK) return rc;
  w->hdr.mxFrame += (u32)nPage;
  w->hdr.nPage = nTruncate;
  w->hdr.aFrameCksum[0] = aCk[0];
  w->hdr.aFrameCksum[1] = aCk[1];
  w->hdr.iChange++;
  wal_hdr_write(w);
  return SQLITE_OK;
}

/* ---- checkpoint (wal.h invariant 6) ----------------------------------------- */

static int wal_busy_lock(Wal *w, int slot, int n, int (*xBusy)(void *, int), void *pArg) {
  for (int i = 0; i < 0x7fffffff; i++) {
    int rc = wal_lock(w, slot, n, 1);
    if (rc != SQLITE_BUSY || xBusy == NULL || !xBusy(pArg, i)) return rc;
  }
  return SQLITE_BUSY;
}

/* The frame up to which every reader allows copying. */
static int wal_safe_frame(Wal *w, int (*xBusy)(void *, int), void *pArg, u32 *pSafe) {
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  u32 mxSafe = w->hdr.mxFrame;
  for (int i = 1; i < WAL_NREADER; i++) {
    u32 m = ci->aReadMark[i];
    if (m == WAL_READMARK_UNUSED || mxSafe <= m) continue;
    int rc = wal_busy_lock(w, WAL_READ_LOCK(i), 1, xBusy, pArg);
    if (rc == SQLITE_OK) {
      ci->aReadMark[i] = i == 1 ? mxSafe : WAL_READMARK_UNUSED;
      wal_unlock(w, WAL_READ_LOCK(i), 1, 1);
    } else if (rc == SQLITE_BUSY) {
      mxSafe = m;
    } else {
      return rc;
    }
  }
  *pSafe = mxSafe;
  return SQLITE_OK;
}

/* Copies frames (nBackfill, mxSafe] back, latest image of each page. */
static int wal_backfill(Wal *w, u32 mxSafe, int syncLevel) {
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  u32 szPage = wal_size_decode(w->hdr.szPage);
  u8 *aBuf = mem_malloc(szPage);
  if (aBuf == NULL) return SQLITE_NOMEM;
  int rc = SQLITE_OK;
  if (syncLevel > 0) rc = w->pWalFd->pMethods->sync(w->pWalFd, SQLITE_SYNC_NORMAL);
  for (u32 i = ci->nBackfill + 1; rc == SQLITE_OK && i <= mxSafe; i++) {
    WalHash h;
    rc = wal_hash_get(w, wal_frame_region(i), &h);
    if (rc != SQLITE_OK) break;
    u32 pgno = h.aPgno[i - h.iZero - 1];
    u32 iLatest = 0;
    rc = wal_lookup(w, pgno, i, mxSafe, &iLatest);
    if (rc != SQLITE_OK || iLatest != i) continue; /* a later frame wins */
    rc = io_read(w->pWalFd, aBuf, (int)szPage, wal_frame_off(i, szPage) + WAL_FRAME_HDR);
    if (rc == SQLITE_OK) rc = io_write(w->pDbFd, aBuf, (int)szPage, (i64)(pgno - 1) * szPage);
  }
  mem_free(aBuf);
  if (rc == SQLITE_OK && mxSafe == w->hdr.mxFrame) {
    rc = w->pDbFd->pMethods->truncate(w->pDbFd, (i64)w->hdr.nPage * szPage);
  }
  if (rc == SQLITE_OK && syncLevel > 0) rc = w->pDbFd->pMethods->sync(w->pDbFd, SQLITE_SYNC_NORMAL);
  if (rc == SQLITE_OK) ci->nBackfill = mxSafe;
  return rc;
}

static int wal_ckpt_locked(Wal *w, int eMode, int (*xBusy)(void *, int), void *pArg,
                           int syncLevel) {
  volatile WalCkptInfo *ci = wal_ckpt_info(w);
  u32 mxSafe = 0;
  int rc = wal_safe_frame(w, eMode == SQLITE_CHECKPOINT_PASSIVE ? NULL : xBusy, pArg, &mxSafe);
  if (rc == SQLITE_OK && ci->nBackfill < mxSafe) {
    /* A reader on READ(0) reads the database file alone: nothing may be
    ** copied under it.  That is no failure of the checkpoint (as SQLite). */
    rc = wal_busy_lock(w, WAL_READ_LOCK(0), 1, eMode == SQLITE_CHECKPOINT_PASSIVE ? NULL : xBusy,
                       pArg);
    if (rc == SQLITE_OK) {
      ci->nBackfillAttempted = mxSafe;
      rc = wal_backfill(w, mxSafe, syncLevel);
      wal_unlock(w, WAL_READ_LOCK(0), 1, 1);
    } else if (rc == SQLITE_BUSY) {
      rc = SQLITE_OK;
    }
  }
  if (rc != SQLITE_OK || eMode == SQLITE_CHECKPOINT_PASSIVE) return rc;
  if (ci->nBackfill < w->hdr.mxFrame) return SQLITE_BUSY;
  if (eMode < SQLITE_CHECKPOINT_RESTART) return SQLITE_OK;
  rc = wal_busy_lock(w, WAL_READ_LOCK(1), WAL_NREADER - 1, xBusy, pArg);
  if (rc != SQLITE_OK) return rc;
  if (eMode == SQLITE_CHECKPOINT_TRUNCATE) {
    if (w->hdr.mxFrame > 0) wal_restart_hdr(w);
    rc = w->pWalFd->pMethods->truncate(w->pWalFd, 0);
  }
  wal_unlock(w, WAL_READ_LOCK(1), WAL_NREADER - 1, 1);
  return rc;
}

int wal_checkpoint(Wal *w, int eMode, int (*xBusy)(void *, int), void *pBusyArg, int syncLevel,
                   int *pnLog, int *pnCkpt) {
  ASSERT(!w->bWriteLock);
  *pnLog = *pnCkpt = -1;
  WalIndexHdr saved = w->hdr; /* a caller's open snapshot survives */
  int rc = wal_lock(w, WAL_CKPT_LOCK, 1, 1);
  if (rc != SQLITE_OK) return rc;
  int bWrite = 0;
  if (eMode != SQLITE_CHECKPOINT_PASSIVE) {
    rc = wal_busy_lock(w, WAL_WRITE_LOCK, 1, xBusy, pBusyArg);
    bWrite = rc == SQLITE_OK;
    if (rc == SQLITE_BUSY) {
      eMode = SQLITE_CHECKPOINT_PASSIVE; /* do what can be done, then BUSY */
      rc = SQLITE_OK;
    }
  }
  int bChanged = 0;
  if (rc == SQLITE_OK) {
    w->bWriteLock = bWrite;
    rc = wal_read_hdr(w, &bChanged);
    w->bWriteLock = 0;
  }
  int bWork = w->hdr.mxFrame > 0 || (bWrite && eMode == SQLITE_CHECKPOINT_TRUNCATE);
  if (rc == SQLITE_OK && bWork) rc = wal_ckpt_locked(w, eMode, xBusy, pBusyArg, syncLevel);
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) {
    *pnLog = (int)w->hdr.mxFrame;
    *pnCkpt = (int)wal_ckpt_info(w)->nBackfill;
  }
  if (rc == SQLITE_OK && bWrite == 0 && eMode != SQLITE_CHECKPOINT_PASSIVE) rc = SQLITE_BUSY;
  if (bWrite) wal_unlock(w, WAL_WRITE_LOCK, 1, 1);
  wal_unlock(w, WAL_CKPT_LOCK, 1, 1);
  w->hdr = saved;
  return rc;
}
