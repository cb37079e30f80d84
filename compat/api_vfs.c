/*
** api_vfs.c: the sqlite3_vfs face of our I/O layer, and the VFS registry.
**
** The default VFS "unix" is a real sqlite3_vfs whose methods call the
** native IoBackend (io_default()); its files are an sqlite3_file header
** followed by the backend's IoFile, so programs that call the default VFS
** directly (speedtest1's xDelete) or wrap it (shims that forward to
** pNext-style saved pointers) work.  Connections opened on "unix" bypass
** this layer and use the IoBackend directly (pointer identity,
** api_vfs_backend); connections opened on an application's VFS go
** through the adapter in io/io_vfs.c.
**
** Invariants:
**   1. The registry is a singly linked list through sqlite3_vfs.pNext whose
**      head is the default VFS; it is changed only under the STATIC_VFS1
**      mutex.
**   2. An ApiFile's IoFile starts API_FILE_HDR bytes into the sqlite3_file
**      allocation the caller made (szOsFile covers both).
**   3. pMethods of an ApiFile is non-NULL exactly when its IoFile is open,
**      as the VFS contract requires for xClose to be called.
**
** References: c3ref/vfs.html, c3ref/io_methods.html, c3ref/vfs_find.html.
*/
#include "compat/api.h"
#include <dlfcn.h>

/* sqlite3_file header rounded to 8 bytes so the IoFile after it is aligned. */
#define API_FILE_HDR ((int)((sizeof(sqlite3_file) + 7) & ~(size_t)7))

static IoFile *api_iofile(sqlite3_file *pFile) {
  return (IoFile *)((char *)pFile + API_FILE_HDR);  /* invariant 2 */
}

/* ---- sqlite3_io_methods over IoFile ---------------------------------- */

static int api_xClose(sqlite3_file *pFile) {
  IoFile *p = api_iofile(pFile);
  if (p->pMethods != NULL) p->pMethods->close(p);
  p->pMethods = NULL;
  pFile->pMethods = NULL;
  return SQLITE_OK;
}

static int api_xRead(sqlite3_file *pFile, void *buf, int n, sqlite3_int64 off) {
  return io_read(api_iofile(pFile), buf, n, off);
}

static int api_xWrite(sqlite3_file *pFile, const void *buf, int n, sqlite3_int64 off) {
  return io_write(api_iofile(pFile), buf, n, off);
}

static int api_xTruncate(sqlite3_file *pFile, sqlite3_int64 size) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->truncate(p, size);
}

static int api_xSync(sqlite3_file *pFile, int flags) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->sync(p, flags);
}

static int api_xFileSize(sqlite3_file *pFile, sqlite3_int64 *pSize) {
  IoFile *p = api_iofile(pFile);
  i64 sz = 0;
  int rc = p->pMethods->size(p, &sz);
  *pSize = sz;
  return rc;
}

static int api_xLock(sqlite3_file *pFile, int eLock) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->lock(p, eLock);
}

static int api_xUnlock(sqlite3_file *pFile, int eLock) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->unlock(p, eLock);
}

static int api_xCheckReservedLock(sqlite3_file *pFile, int *pResOut) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->check_reserved(p, pResOut);
}

static int api_xFileControl(sqlite3_file *pFile, int op, void *pArg) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->file_control(p, op, pArg);
}

static int api_xSectorSize(sqlite3_file *pFile) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->sector_size(p);
}

static int api_xDeviceCharacteristics(sqlite3_file *pFile) {
  IoFile *p = api_iofile(pFile);
  return p->pMethods->device_characteristics(p);
}

/* Shared memory (WAL index) is not part of the IoFile contract yet. */
static int api_xShmMap(sqlite3_file *pFile, int iPg, int pgsz, int bExtend,
                       void volatile **pp) {
  UNUSED(pFile);
  UNUSED(iPg);
  UNUSED(pgsz);
  UNUSED(bExtend);
  *pp = NULL;
  return SQLITE_IOERR_SHMMAP;
}

static int api_xShmLock(sqlite3_file *pFile, int offset, int n, int flags) {
  UNUSED(pFile);
  UNUSED(offset);
  UNUSED(n);
  UNUSED(flags);
  return SQLITE_IOERR_SHMLOCK;
}

static void api_xShmBarrier(sqlite3_file *pFile) {
  UNUSED(pFile);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static int api_xShmUnmap(sqlite3_file *pFile, int deleteFlag) {
  UNUSED(pFile);
  UNUSED(deleteFlag);
  return SQLITE_OK;
}

/* No memory-mapped I/O: xFetch hands out nothing, callers then read. */
static int api_xFetch(sqlite3_file *pFile, sqlite3_int64 off, int n, void **pp) {
  UNUSED(pFile);
  UNUSED(off);
  UNUSED(n);
  *pp = NULL;
  return SQLITE_OK;
}

static int api_xUnfetch(sqlite3_file *pFile, sqlite3_int64 off, void *p) {
  UNUSED(pFile);
  UNUSED(off);
  UNUSED(p);
  return SQLITE_OK;
}

static const sqlite3_io_methods api_ioMethods = {
  3, api_xClose, api_xRead, api_xWrite, api_xTruncate, api_xSync, api_xFileSize, api_xLock,
  api_xUnlock, api_xCheckReservedLock, api_xFileControl, api_xSectorSize,
  api_xDeviceCharacteristics, api_xShmMap, api_xShmLock, api_xShmBarrier, api_xShmUnmap,
  api_xFetch, api_xUnfetch,
};

/* ---- sqlite3_vfs over IoBackend ------------------------------------- */

static IoBackend *api_vfs_io(sqlite3_vfs *pVfs) { return (IoBackend *)pVfs->pAppData; }

static int api_xOpen(sqlite3_vfs *pVfs, sqlite3_filename zName, sqlite3_file *pFile, int flags,
                     int *pOutFlags) {
  IoBackend *pIo = api_vfs_io(pVfs);
  IoFile *p = api_iofile(pFile);
  ASSERT(pVfs->szOsFile >= API_FILE_HDR + pIo->szFile);  /* invariant 2 */
  pFile->pMethods = NULL;
  memset(p, 0, (size_t)pIo->szFile);
  int rc = pIo->open(pIo, zName, p, flags, pOutFlags);
  if (rc == SQLITE_OK && p->pMethods != NULL) pFile->pMethods = &api_ioMethods;  /* inv. 3 */
  else if (rc == SQLITE_OK) rc = SQLITE_CANTOPEN;
  ASSERT((pFile->pMethods != NULL) == (rc == SQLITE_OK));
  return rc;
}

static int api_xDelete(sqlite3_vfs *pVfs, const char *zName, int syncDir) {
  IoBackend *pIo = api_vfs_io(pVfs);
  return pIo->remove(pIo, zName, syncDir);
}

static int api_xAccess(sqlite3_vfs *pVfs, const char *zName, int flags, int *pResOut) {
  IoBackend *pIo = api_vfs_io(pVfs);
  return pIo->access(pIo, zName, flags, pResOut);
}

static int api_xFullPathname(sqlite3_vfs *pVfs, const char *zName, int nOut, char *zOut) {
  IoBackend *pIo = api_vfs_io(pVfs);
  return pIo->full_path(pIo, zName, nOut, zOut);
}

/* Loadable-extension support goes straight to the dynamic linker. */
static void *api_xDlOpen(sqlite3_vfs *pVfs, const char *zFilename) {
  UNUSED(pVfs);
  return dlopen(zFilename, RTLD_NOW | RTLD_GLOBAL);
}

static void api_xDlError(sqlite3_vfs *pVfs, int nByte, char *zErrMsg) {
  UNUSED(pVfs);
  const char *z = dlerror();
  if (nByte <= 0) return;
  if (z == NULL) z = "";
  size_t n = strlen(z);
  if (n >= (size_t)nByte) n = (size_t)nByte - 1;
  memcpy(zErrMsg, z, n);
  zErrMsg[n] = 0;
}

static void (*api_xDlSym(sqlite3_vfs *pVfs, void *pHandle, const char *zSym))(void) {
  UNUSED(pVfs);
  void *p = dlsym(pHandle, zSym);
  void (*x)(void);
  memcpy(&x, &p, sizeof(x));  /* object to function pointer, as POSIX allows */
  return x;
}

static void api_xDlClose(sqlite3_vfs *pVfs, void *pHandle) {
  UNUSED(pVfs);
  dlclose(pHandle);
}

static int api_xRandomness(sqlite3_vfs *pVfs, int nByte, char *zOut) {
  IoBackend *pIo = api_vfs_io(pVfs);
  pIo->randomness(pIo, nByte, zOut);
  return nByte;
}

static int api_xSleep(sqlite3_vfs *pVfs, int microseconds) {
  IoBackend *pIo = api_vfs_io(pVfs);
  return pIo->sleep_us(pIo, microseconds);
}

static int api_xCurrentTimeInt64(sqlite3_vfs *pVfs, sqlite3_int64 *piNow) {
  IoBackend *pIo = api_vfs_io(pVfs);
  i64 ms = 0;
  int rc = pIo->now_ms(pIo, &ms);
  *piNow = ms;
  return rc;
}

static int api_xCurrentTime(sqlite3_vfs *pVfs, double *pNow) {
  sqlite3_int64 ms = 0;
  int rc = api_xCurrentTimeInt64(pVfs, &ms);
  *pNow = (double)ms / 86400000.0;
  return rc;
}

static int api_xGetLastError(sqlite3_vfs *pVfs, int nBuf, char *zBuf) {
  UNUSED(pVfs);
  if (nBuf > 0 && zBuf != NULL) zBuf[0] = 0;
  return 0;
}

static int api_xSetSystemCall(sqlite3_vfs *pVfs, const char *zName, sqlite3_syscall_ptr p) {
  UNUSED(pVfs);
  UNUSED(zName);
  UNUSED(p);
  return SQLITE_NOTFOUND;
}

static sqlite3_syscall_ptr api_xGetSystemCall(sqlite3_vfs *pVfs, const char *zName) {
  UNUSED(pVfs);
  UNUSED(zName);
  return NULL;
}

static const char *api_xNextSystemCall(sqlite3_vfs *pVfs, const char *zName) {
  UNUSED(pVfs);
  UNUSED(zName);
  return NULL;
}

static sqlite3_vfs api_vfsUnix = {
  3, 0, 512, NULL, "unix", NULL, api_xOpen, api_xDelete, api_xAccess, api_xFullPathname,
  api_xDlOpen, api_xDlError, api_xDlSym, api_xDlClose, api_xRandomness, api_xSleep,
  api_xCurrentTime, api_xGetLastError, api_xCurrentTimeInt64, api_xSetSystemCall,
  api_xGetSystemCall, api_xNextSystemCall,
};

/* ---- registry (invariant 1) ------------------------------------------- */

static sqlite3_vfs *api_pVfsList = NULL;
static int api_bVfsInit = 0;

/* Completes the built-in VFS (its sizes come from the backend) and puts it
** in the registry, once.  Caller holds the registry mutex. */
static void api_vfs_init_locked(void) {
  if (api_bVfsInit) return;
  IoBackend *pIo = io_default();
  api_vfsUnix.szOsFile = API_FILE_HDR + pIo->szFile;
  api_vfsUnix.mxPathname = pIo->mxPathname > 0 ? pIo->mxPathname : 512;
  api_vfsUnix.pAppData = pIo;
  api_vfsUnix.pNext = api_pVfsList;
  api_pVfsList = &api_vfsUnix;
  api_bVfsInit = 1;
}

static sqlite3_mutex *api_vfs_lock(void) {
  sqlite3_mutex *m = sqlite3_mutex_alloc(SQLITE_MUTEX_STATIC_VFS1);
  sqlite3_mutex_enter(m);
  api_vfs_init_locked();
  return m;
}

static void api_vfs_unlink(sqlite3_vfs *pVfs) {
  for (sqlite3_vfs **pp = &api_pVfsList; *pp != NULL; pp = &(*pp)->pNext) {
    if (*pp == pVfs) {
      *pp = pVfs->pNext;
      return;
    }
  }
}

sqlite3_vfs *sqlite3_vfs_find(const char *zVfsName) {
  if (api_auto_init() != SQLITE_OK) return NULL;
  sqlite3_mutex *m = api_vfs_lock();
  sqlite3_vfs *p = api_pVfsList;
  if (zVfsName != NULL) {
    while (p != NULL && (p->zName == NULL || strcmp(p->zName, zVfsName) != 0)) p = p->pNext;
  }
  sqlite3_mutex_leave(m);
  return p;
}

int sqlite3_vfs_register(sqlite3_vfs *pVfs, int makeDflt) {
  if (pVfs == NULL) return API_MISUSE();
  if (api_auto_init() != SQLITE_OK) return SQLITE_NOMEM;
  sqlite3_mutex *m = api_vfs_lock();
  api_vfs_unlink(pVfs);
  if (makeDflt || api_pVfsList == NULL) {
    pVfs->pNext = api_pVfsList;
    api_pVfsList = pVfs;
  } else {
    pVfs->pNext = api_pVfsList->pNext;
    api_pVfsList->pNext = pVfs;
  }
  sqlite3_mutex_leave(m);
  return SQLITE_OK;
}

int sqlite3_vfs_unregister(sqlite3_vfs *pVfs) {
  if (pVfs == NULL) return API_MISUSE();
  sqlite3_mutex *m = api_vfs_lock();
  api_vfs_unlink(pVfs);
  sqlite3_mutex_leave(m);
  return SQLITE_OK;
}

int api_vfs_is_builtin(sqlite3_vfs *pVfs) { return pVfs == &api_vfsUnix; }

/* Adapters for application VFSes, made once per VFS and kept for the life
** of the process (a VFS must outlive the connections using it anyway). */
typedef struct ApiAdapter {
  sqlite3_vfs *pVfs;
  IoBackend *pIo;
  struct ApiAdapter *pNext;
} ApiAdapter;
static ApiAdapter *api_pAdapters = NULL;

IoBackend *api_vfs_backend(sqlite3_vfs *pVfs) {
  if (pVfs == NULL || pVfs == &api_vfsUnix) return io_default();
  sqlite3_mutex *m = api_vfs_lock();
  ApiAdapter *a = api_pAdapters;
  while (a != NULL && a->pVfs != pVfs) a = a->pNext;
  if (a == NULL && (a = mem_zalloc(sizeof(*a))) != NULL) {
    a->pVfs = pVfs;
    a->pIo = io_vfs_backend(pVfs);
    if (a->pIo == NULL) {
      mem_free(a);
      a = NULL;
    } else {
      a->pNext = api_pAdapters;
      api_pAdapters = a;
    }
  }
  sqlite3_mutex_leave(m);
  return a != NULL ? a->pIo : NULL;
}
