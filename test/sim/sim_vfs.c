/*
** sim_vfs.c: a sqlite3_vfs named "sim" over a native IoBackend (normally
** the simulated one), so that the SQL-level simulator reaches the engine
** only through the public API: sqlite3_open_v2(zName, &db, flags, "sim").
** compat/ adapts a registered VFS back into an IoBackend (io/io_vfs.c),
** so every file operation of the connection ends in io/io_sim.c.
**
** Invariants:
**   1. A SimVfsFile's pMethods is non-NULL exactly while its IoFile is
**      open (the VFS contract: xClose is called only then).
**   2. simvfs_register() may be called again with another backend (one per
**      seed); the sqlite3_vfs object stays the same, so adapters that
**      compat/ caches per VFS pointer stay valid.
*/
#include "test/sim/sim_vfs.h"

typedef struct SimVfsFile {
  sqlite3_file base;   /* must be first */
  IoFile *pIo;         /* the backend's file (invariant 1) */
} SimVfsFile;

static IoBackend *simvfs_io(sqlite3_vfs *pVfs) { return (IoBackend *)pVfs->pAppData; }
static IoFile *simvfs_file(sqlite3_file *f) { return ((SimVfsFile *)f)->pIo; }

static int sv_close(sqlite3_file *f) {
  io_close(simvfs_file(f));
  ((SimVfsFile *)f)->pIo = NULL;
  f->pMethods = NULL;
  return SQLITE_OK;
}

static int sv_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off) {
  return io_read(simvfs_file(f), p, n, off);
}

static int sv_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off) {
  return io_write(simvfs_file(f), p, n, off);
}

static int sv_truncate(sqlite3_file *f, sqlite3_int64 size) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->truncate(p, size);
}

static int sv_sync(sqlite3_file *f, int flags) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->sync(p, flags);
}

static int sv_size(sqlite3_file *f, sqlite3_int64 *pSize) {
  IoFile *p = simvfs_file(f);
  i64 sz = 0;
  int rc = p->pMethods->size(p, &sz);
  *pSize = sz;
  return rc;
}

static int sv_lock(sqlite3_file *f, int eLock) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->lock(p, eLock);
}

static int sv_unlock(sqlite3_file *f, int eLock) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->unlock(p, eLock);
}

static int sv_check_reserved(sqlite3_file *f, int *pRes) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->check_reserved(p, pRes);
}

static int sv_file_control(sqlite3_file *f, int op, void *pArg) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->file_control(p, op, pArg);
}

static int sv_sector_size(sqlite3_file *f) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->sector_size(p);
}

static int sv_device_characteristics(sqlite3_file *f) {
  IoFile *p = simvfs_file(f);
  return p->pMethods->device_characteristics(p);
}

static const sqlite3_io_methods sv_methods = {
    .iVersion = 1,
    .xClose = sv_close,
    .xRead = sv_read,
    .xWrite = sv_write,
    .xTruncate = sv_truncate,
    .xSync = sv_sync,
    .xFileSize = sv_size,
    .xLock = sv_lock,
    .xUnlock = sv_unlock,
    .xCheckReservedLock = sv_check_reserved,
    .xFileControl = sv_file_control,
    .xSectorSize = sv_sector_size,
    .xDeviceCharacteristics = sv_device_characteristics,
};

static int sv_open(sqlite3_vfs *pVfs, const char *zName, sqlite3_file *f, int flags,
                   int *pOutFlags) {
  SimVfsFile *p = (SimVfsFile *)f;
  f->pMethods = NULL;
  p->pIo = NULL;
  int rc = io_open(simvfs_io(pVfs), zName, flags, pOutFlags, &p->pIo);
  if (rc == SQLITE_OK) f->pMethods = &sv_methods; /* invariant 1 */
  return rc;
}

static int sv_delete(sqlite3_vfs *pVfs, const char *zName, int bSyncDir) {
  IoBackend *b = simvfs_io(pVfs);
  return b->remove(b, zName, bSyncDir);
}

static int sv_access(sqlite3_vfs *pVfs, const char *zName, int flags, int *pRes) {
  IoBackend *b = simvfs_io(pVfs);
  return b->access(b, zName, flags, pRes);
}

static int sv_full_pathname(sqlite3_vfs *pVfs, const char *zName, int nOut, char *zOut) {
  IoBackend *b = simvfs_io(pVfs);
  return b->full_path(b, zName, nOut, zOut);
}

static int sv_randomness(sqlite3_vfs *pVfs, int n, char *zOut) {
  return io_randomness(simvfs_io(pVfs), n, zOut);
}

static int sv_sleep(sqlite3_vfs *pVfs, int nMicro) { return io_sleep_us(simvfs_io(pVfs), nMicro); }

static int sv_time64(sqlite3_vfs *pVfs, sqlite3_int64 *pMs) {
  *pMs = io_now_ms(simvfs_io(pVfs));
  return SQLITE_OK;
}

static int sv_time(sqlite3_vfs *pVfs, double *pDays) {
  *pDays = (double)io_now_ms(simvfs_io(pVfs)) / 86400000.0;
  return SQLITE_OK;
}

static int sv_last_error(sqlite3_vfs *pVfs, int n, char *z) {
  UNUSED(pVfs);
  if (n > 0) z[0] = 0;
  return 0;
}

static sqlite3_vfs sv_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(SimVfsFile),
    .mxPathname = 512,
    .zName = "sim",
    .xOpen = sv_open,
    .xDelete = sv_delete,
    .xAccess = sv_access,
    .xFullPathname = sv_full_pathname,
    .xRandomness = sv_randomness,
    .xSleep = sv_sleep,
    .xCurrentTime = sv_time,
    .xGetLastError = sv_last_error,
    .xCurrentTimeInt64 = sv_time64,
};

int simvfs_register(IoBackend *pIo) {
  ASSERT(pIo != NULL);
  sv_vfs.pAppData = pIo; /* invariant 2 */
  sv_vfs.mxPathname = pIo->mxPathname;
  /* The default VFS: the library seeds its PRNG from the default VFS's
  ** xRandomness, which must be the simulator's for runs to replay. */
  return sqlite3_vfs_register(&sv_vfs, 1);
}
