/*
** io_vfs.c: an IoBackend that forwards to an application's sqlite3_vfs, so
** a connection opened with a registered VFS does all its I/O through that
** VFS's methods (xOpen, xRead, xWrite, xLock, ...).
**
** A VfsFile is an IoFile followed by the sqlite3_file the VFS fills in
** (pVfs->szOsFile bytes) and by the filename object handed to xOpen.
**
** Invariants:
**   1. The sqlite3_file's pMethods is non-NULL exactly while the VFS file is
**      open; close calls xClose only then (the VFS contract).
**   2. The name passed to xOpen has SQLite's filename-object layout (four
**      zero bytes before it; after it an empty parameter list and the
**      journal and WAL names), so a VFS may call sqlite3_uri_parameter or
**      sqlite3_filename_journal on it, and it stays valid until xClose.
**   3. Requests complete synchronously inside submit (invariant 1 of io.h
**      holds trivially).
*/
#include "io.h"

typedef struct VfsFile {
  IoFile base;            /* must be first */
  sqlite3_vfs *pVfs;      /* the application's VFS */
  char *zName;            /* filename object (invariant 2), mem_malloc'd */
  sqlite3_file *pReal;    /* points just after this struct */
} VfsFile;

#define IOVFS_HDR ((int)((sizeof(VfsFile) + 7) & ~(size_t)7))

static sqlite3_file *iovfs_real(IoFile *p) { return ((VfsFile *)p)->pReal; }

static int iovfs_submit(IoFile *p, IoReq *aReq, int nReq) {
  sqlite3_file *f = iovfs_real(p);
  int rcFirst = SQLITE_OK;
  for (int i = 0; i < nReq; i++) {
    IoReq *r = &aReq[i];
    if (r->op == IO_READ) r->rc = f->pMethods->xRead(f, r->buf, r->n, r->offset);
    else r->rc = f->pMethods->xWrite(f, r->buf, r->n, r->offset);
    if (rcFirst == SQLITE_OK && r->rc != SQLITE_OK) rcFirst = r->rc;
  }
  return rcFirst;
}

static int iovfs_wait(IoFile *p, IoReq *aReq, int nReq) {
  UNUSED(p);
  for (int i = 0; i < nReq; i++) {
    if (aReq[i].rc != SQLITE_OK) return aReq[i].rc;  /* invariant 3 */
  }
  return SQLITE_OK;
}

static int iovfs_sync(IoFile *p, int flags) {
  sqlite3_file *f = iovfs_real(p);
  return f->pMethods->xSync(f, flags);
}

static int iovfs_truncate(IoFile *p, i64 size) {
  sqlite3_file *f = iovfs_real(p);
  return f->pMethods->xTruncate(f, size);
}

static int iovfs_size(IoFile *p, i64 *pSize) {
  sqlite3_file *f = iovfs_real(p);
  sqlite3_int64 sz = 0;
  int rc = f->pMethods->xFileSize(f, &sz);
  *pSize = sz;
  return rc;
}

static int iovfs_lock(IoFile *p, int eLock) {
  sqlite3_file *f = iovfs_real(p);
  int rc = f->pMethods->xLock(f, eLock);
  if (rc == SQLITE_OK) p->eLock = eLock;
  return rc;
}

static int iovfs_unlock(IoFile *p, int eLock) {
  sqlite3_file *f = iovfs_real(p);
  int rc = f->pMethods->xUnlock(f, eLock);
  if (rc == SQLITE_OK) p->eLock = eLock;
  return rc;
}

static int iovfs_check_reserved(IoFile *p, int *pResOut) {
  sqlite3_file *f = iovfs_real(p);
  return f->pMethods->xCheckReservedLock(f, pResOut);
}

static int iovfs_sector_size(IoFile *p) {
  sqlite3_file *f = iovfs_real(p);
  return f->pMethods->xSectorSize ? f->pMethods->xSectorSize(f) : 4096;
}

static int iovfs_device_characteristics(IoFile *p) {
  sqlite3_file *f = iovfs_real(p);
  return f->pMethods->xDeviceCharacteristics ? f->pMethods->xDeviceCharacteristics(f) : 0;
}

static int iovfs_file_control(IoFile *p, int op, void *pArg) {
  sqlite3_file *f = iovfs_real(p);
  if (f->pMethods->xFileControl == NULL) return SQLITE_NOTFOUND;
  return f->pMethods->xFileControl(f, op, pArg);
}

static void iovfs_close(IoFile *p) {
  VfsFile *v = (VfsFile *)p;
  if (v->pReal != NULL && v->pReal->pMethods != NULL) {  /* invariant 1 */
    v->pReal->pMethods->xClose(v->pReal);
    v->pReal->pMethods = NULL;
  }
  mem_free(v->zName);
  v->zName = NULL;
  p->pMethods = NULL;
}

static const IoFileMethods iovfs_methods = {
  iovfs_submit, iovfs_wait, iovfs_sync, iovfs_truncate, iovfs_size, iovfs_lock, iovfs_unlock,
  iovfs_check_reserved, iovfs_sector_size, iovfs_device_characteristics, iovfs_file_control,
  iovfs_close,
  NULL, NULL, NULL, NULL, /* no shm methods: the pager keeps such databases out of WAL */
};

/* Builds the filename object for zPath (invariant 2). */
static char *iovfs_name(const char *zPath) {
  size_t n = strlen(zPath);
  char *z = mem_zalloc(4 + (n + 1) + 1 + (n + 9) + (n + 5) + 2);
  if (z == NULL) return NULL;
  char *p = z + 4;
  memcpy(p, zPath, n);
  p += n + 2;  /* NUL, then the empty parameter list's NUL */
  if (n > 0) {
    memcpy(p, zPath, n);
    memcpy(p + n, "-journal", 8);
    p += n + 9;
    memcpy(p, zPath, n);
    memcpy(p + n, "-wal", 4);
  }
  return z;
}

static sqlite3_vfs *iovfs_vfs(IoBackend *b) { return (sqlite3_vfs *)b->pAppData; }

static int iovfs_open(IoBackend *b, const char *zPath, IoFile *pFile, int flags,
                      int *pOutFlags) {
  VfsFile *v = (VfsFile *)pFile;
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  ASSERT(b->szFile >= IOVFS_HDR + pVfs->szOsFile);
  memset(v, 0, (size_t)b->szFile);
  v->pVfs = pVfs;
  v->pReal = (sqlite3_file *)((char *)v + IOVFS_HDR);
  if (zPath != NULL && zPath[0] != 0) {
    v->zName = iovfs_name(zPath);
    if (v->zName == NULL) return SQLITE_NOMEM;
  }
  int rc = pVfs->xOpen(pVfs, v->zName ? v->zName + 4 : NULL, v->pReal, flags, pOutFlags);
  if (rc != SQLITE_OK) {
    if (v->pReal->pMethods != NULL) v->pReal->pMethods->xClose(v->pReal);
    v->pReal->pMethods = NULL;
    mem_free(v->zName);
    v->zName = NULL;
    return rc;
  }
  ASSERT(v->pReal->pMethods != NULL);  /* invariant 1: the VFS opened it */
  pFile->pMethods = &iovfs_methods;
  pFile->pBackend = b;
  pFile->eLock = SQLITE_LOCK_NONE;
  return SQLITE_OK;
}

static int iovfs_remove(IoBackend *b, const char *zPath, int bSyncDir) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  return pVfs->xDelete(pVfs, zPath, bSyncDir);
}

static int iovfs_access(IoBackend *b, const char *zPath, int flags, int *pResOut) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  return pVfs->xAccess(pVfs, zPath, flags, pResOut);
}

static int iovfs_full_path(IoBackend *b, const char *zPath, int nOut, char *zOut) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  return pVfs->xFullPathname(pVfs, zPath, nOut, zOut);
}

static int iovfs_randomness(IoBackend *b, int n, void *pOut) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  pVfs->xRandomness(pVfs, n, pOut);
  return SQLITE_OK;
}

static int iovfs_now_ms(IoBackend *b, i64 *pMs) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  if (pVfs->iVersion >= 2 && pVfs->xCurrentTimeInt64 != NULL) {
    sqlite3_int64 t = 0;
    int rc = pVfs->xCurrentTimeInt64(pVfs, &t);
    *pMs = t;
    return rc;
  }
  double r = 0;
  int rc = pVfs->xCurrentTime(pVfs, &r);
  *pMs = (i64)(r * 86400000.0);
  return rc;
}

static int iovfs_sleep_us(IoBackend *b, int nMicro) {
  sqlite3_vfs *pVfs = iovfs_vfs(b);
  return pVfs->xSleep(pVfs, nMicro);
}

IoBackend *io_vfs_backend(sqlite3_vfs *pVfs) {
  ASSERT(pVfs != NULL);
  IoBackend *b = mem_zalloc(sizeof(*b));
  if (b == NULL) return NULL;
  b->zName = pVfs->zName;
  b->szFile = IOVFS_HDR + pVfs->szOsFile;
  b->mxPathname = pVfs->mxPathname;
  b->pAppData = pVfs;
  b->open = iovfs_open;
  b->remove = iovfs_remove;
  b->access = iovfs_access;
  b->full_path = iovfs_full_path;
  b->randomness = iovfs_randomness;
  b->now_ms = iovfs_now_ms;
  b->sleep_us = iovfs_sleep_us;
  return b;
}
