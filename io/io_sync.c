/*
** io_sync.c: the "unix" backend.  Plain POSIX system calls, every request
** completed inside submit(); wait() only reports.
**
** Locking follows SQLite's unix protocol (lockingv3.html, io.h invariant
** 3) with fcntl byte-range locks:
**   SHARED     read lock on the 510-byte shared range, taken while holding
**              a read lock on the PENDING byte (so a writer waiting for
**              EXCLUSIVE keeps new readers out), which is then released;
**   RESERVED   write lock on the RESERVED byte;
**   PENDING    write lock on the PENDING byte;
**   EXCLUSIVE  write lock on the whole shared range (PENDING kept).
** fcntl locks belong to a process, not to a descriptor, so this file keeps
** one IoInode per (st_dev, st_ino) that all IoFiles of the process share.
** The inode arbitrates between IoFiles of this process and owns the real
** fcntl locks on behalf of all of them (io.h invariant 4).
**
** Invariants:
**   1. inode->eLock is the highest lock any IoFile of this process holds on
**      the inode; at most one IoFile holds more than SHARED.
**   2. inode->nShared counts the IoFiles holding SHARED or more; the process
**      holds fcntl locks on the inode iff nShared > 0.
**   3. No descriptor on an inode is closed while nShared > 0 (closing any
**      descriptor drops all the process's locks); such descriptors wait in
**      inode->aDeferred and are closed when nShared drops to 0.
**   4. Every system call goes through aSyscall, so tests (and the
**      xSetSystemCall ABI) can replace it; only this file calls the OS.
**   5. g_inode_mutex guards every IoInode field and the inode list.
**   6. Shared memory (io.h invariant 6): an inode has at most one IoShm,
**      holding the -shm descriptor and its mapped regions for every IoFile
**      of the process.  Per shm slot it counts the IoFiles holding it
**      shared (aShared) and marks an exclusive holder (aExcl); the process
**      holds the fcntl lock on byte 120+k iff one of them is nonzero.  Each
**      UnixFile keeps its own shared/exclusive bit masks.  The dead-man
**      byte (128) is read-locked from the IoShm's creation to its end; the
**      creator that could write-lock it first truncates the -shm file, as
**      nobody else was using it.  mmap/munmap are called directly (they
**      are not in the replaceable syscall table).
*/
#include "io.h"
#include "io_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IO_PENDING_BYTE 0x40000000
#define IO_RESERVED_BYTE (IO_PENDING_BYTE + 1)
#define IO_SHARED_FIRST (IO_PENDING_BYTE + 2)
#define IO_SHARED_SIZE 510
#define IO_MAX_PATHNAME 512
#define IO_SECTOR_SIZE 4096
#define IO_JULIAN_UNIX_MS 210866760000000LL /* unix epoch in Julian-day ms */

/* ---- syscall table (invariant 4) ---------------------------------------- */

typedef struct IoSyscall {
  const char *zName;       /* name used by set/get_syscall */
  sqlite3_syscall_ptr pCur; /* the implementation in use */
  sqlite3_syscall_ptr pDef; /* the system's own */
} IoSyscall;

static int sys_open(const char *z, int f, int m) { return open(z, f, m); }
static int sys_fcntl(int fd, int op, void *p) { return fcntl(fd, op, p); }

#define SC(name, fn) {name, (sqlite3_syscall_ptr)fn, (sqlite3_syscall_ptr)fn}
static IoSyscall aSyscall[] = {
    SC("open", sys_open),         SC("close", close),
    SC("pread", pread),           SC("pwrite", pwrite),
    SC("fsync", fsync),           SC("fdatasync", fdatasync),
    SC("ftruncate", ftruncate),   SC("fstat", fstat),
    SC("fcntl", sys_fcntl),       SC("unlink", unlink),
    SC("access", access),         SC("getcwd", getcwd),
    SC("stat", stat),             SC("lstat", lstat),
    SC("readlink", readlink),
};
#undef SC

#define os_open ((int (*)(const char *, int, int))aSyscall[0].pCur)
#define os_close ((int (*)(int))aSyscall[1].pCur)
#define os_pread ((ssize_t(*)(int, void *, size_t, off_t))aSyscall[2].pCur)
#define os_pwrite ((ssize_t(*)(int, const void *, size_t, off_t))aSyscall[3].pCur)
#define os_fsync ((int (*)(int))aSyscall[4].pCur)
#define os_fdatasync ((int (*)(int))aSyscall[5].pCur)
#define os_ftruncate ((int (*)(int, off_t))aSyscall[6].pCur)
#define os_fstat ((int (*)(int, struct stat *))aSyscall[7].pCur)
#define os_fcntl ((int (*)(int, int, void *))aSyscall[8].pCur)
#define os_unlink ((int (*)(const char *))aSyscall[9].pCur)
#define os_access ((int (*)(const char *, int))aSyscall[10].pCur)
#define os_getcwd ((char *(*)(char *, size_t))aSyscall[11].pCur)
#define os_stat ((int (*)(const char *, struct stat *))aSyscall[12].pCur)
#define os_lstat ((int (*)(const char *, struct stat *))aSyscall[13].pCur)
#define os_readlink ((ssize_t(*)(const char *, char *, size_t))aSyscall[14].pCur)

int io_sync_set_syscall(const char *zName, sqlite3_syscall_ptr pNew) {
  if (zName == NULL) {
    for (int i = 0; i < ARRAY_SIZE(aSyscall); i++) aSyscall[i].pCur = aSyscall[i].pDef;
    return SQLITE_OK;
  }
  for (int i = 0; i < ARRAY_SIZE(aSyscall); i++) {
    if (strcmp(zName, aSyscall[i].zName) == 0) {
      aSyscall[i].pCur = pNew ? pNew : aSyscall[i].pDef;
      return SQLITE_OK;
    }
  }
  return SQLITE_NOTFOUND;
}

sqlite3_syscall_ptr io_sync_get_syscall(const char *zName) {
  for (int i = 0; zName && i < ARRAY_SIZE(aSyscall); i++) {
    if (strcmp(zName, aSyscall[i].zName) == 0) return aSyscall[i].pCur;
  }
  return NULL;
}

const char *io_sync_next_syscall(const char *zName) {
  int i = 0;
  if (zName != NULL) {
    while (i < ARRAY_SIZE(aSyscall) && strcmp(zName, aSyscall[i].zName) != 0) i++;
    i++;
  }
  return i < ARRAY_SIZE(aSyscall) ? aSyscall[i].zName : NULL;
}

int io_posix_data_hooked(void) {
  ASSERT(strcmp(aSyscall[2].zName, "pread") == 0 && strcmp(aSyscall[5].zName, "fdatasync") == 0);
  for (int i = 2; i <= 5; i++) { /* pread pwrite fsync fdatasync */
    if (aSyscall[i].pCur != aSyscall[i].pDef) return 1;
  }
  return 0;
}

/* ---- inodes (invariants 1-3, 5) ------------------------------------------ */

#define IO_SHM_LOCK_BASE 120               /* byte of shm slot 0 */
#define IO_SHM_DMS (IO_SHM_LOCK_BASE + IO_SHM_NLOCK) /* dead-man switch */

typedef struct IoShm {
  int fd;                    /* the -shm file */
  char *zPath;               /* its name, for bDelete */
  int nRef;                  /* UnixFiles that mapped it */
  int szRegion;              /* bytes per region (fixed by the first map) */
  int nRegion;               /* entries in apRegion */
  u8 **apRegion;             /* mapped regions */
  int aShared[IO_SHM_NLOCK]; /* IoFiles holding slot k shared */
  int aExcl[IO_SHM_NLOCK];   /* 1 if an IoFile holds slot k exclusive */
} IoShm;

typedef struct IoInode IoInode;
struct IoInode {
  IoShm *pShm;      /* shared memory (invariant 6) or NULL */
  dev_t dev;        /* st_dev of the file */
  ino_t ino;        /* st_ino of the file */
  int nRef;         /* UnixFiles open on this inode */
  int nShared;      /* UnixFiles holding SHARED or more (invariant 2) */
  int eLock;        /* highest lock held in this process (invariant 1) */
  int *aDeferred;   /* descriptors whose close waits for nShared==0 */
  int nDeferred;    /* entries used in aDeferred */
  IoInode *pNext;   /* next in g_inode_list */
};

static pthread_mutex_t g_inode_mutex = PTHREAD_MUTEX_INITIALIZER;
static IoInode *g_inode_list;

typedef struct UnixFile {
  IoFile base;       /* must be first */
  int fd;            /* descriptor, -1 when closed */
  IoInode *pInode;   /* shared lock state; NULL for unlocked temp files */
  int openFlags;     /* SQLITE_OPEN_* the file was opened with */
  int bDirSync;      /* fsync the parent directory at the next sync */
  char *zPath;       /* path for the deferred directory sync, or NULL */
  char *zDbPath;     /* main databases: the path, for the -shm name */
  int bShm;          /* this file mapped pInode->pShm */
  u8 shmShared;      /* shm slots held shared (bit k: slot k) */
  u8 shmExcl;        /* shm slots held exclusive */
} UnixFile;

/* Finds or creates the inode of fd.  Caller holds g_inode_mutex. */
static int inode_acquire(int fd, IoInode **ppInode) {
  struct stat st;
  *ppInode = NULL;
  if (os_fstat(fd, &st) != 0) return SQLITE_IOERR_FSTAT;
  IoInode *p = g_inode_list;
  for (int n = 0; p != NULL && n < 1000000; n++, p = p->pNext) {
    if (p->dev == st.st_dev && p->ino == st.st_ino) break;
  }
  if (p == NULL) {
    p = mem_zalloc(sizeof(*p));
    if (p == NULL) return SQLITE_NOMEM;
    p->dev = st.st_dev;
    p->ino = st.st_ino;
    p->pNext = g_inode_list;
    g_inode_list = p;
  }
  p->nRef++;
  *ppInode = p;
  return SQLITE_OK;
}

/* Closes the deferred descriptors once no lock remains (invariant 3). */
static void inode_close_deferred(IoInode *p) {
  ASSERT(p->nShared == 0 && p->eLock == SQLITE_LOCK_NONE);
  for (int i = 0; i < p->nDeferred; i++) os_close(p->aDeferred[i]);
  mem_free(p->aDeferred);
  p->aDeferred = NULL;
  p->nDeferred = 0;
}

/* Drops one reference and closes fd now or later.  Holds the mutex. */
static void inode_release(IoInode *p, int fd) {
  ASSERT(p->nRef > 0);
  if (p->nShared > 0) {
    int *aNew = mem_realloc(p->aDeferred, sizeof(int) * (u64)(p->nDeferred + 1));
    if (aNew != NULL) {
      p->aDeferred = aNew;
      p->aDeferred[p->nDeferred++] = fd;
      fd = -1;
    }
    /* On OOM closing now is the lesser evil: it leaks nothing, though it
    ** may drop the other IoFiles' locks. */
  }
  if (fd >= 0) os_close(fd);
  if (--p->nRef > 0) return;
  ASSERT(p->nShared == 0);
  inode_close_deferred(p);
  IoInode **pp = &g_inode_list;
  while (*pp != p) pp = &(*pp)->pNext;
  *pp = p->pNext;
  mem_free(p);
}

/* ---- reads, writes, sync, size ------------------------------------------- */

/* Performs one request, looping over short transfers and EINTR. */
static int unix_do_req(UnixFile *pFile, IoReq *pReq) {
  u8 *buf = pReq->buf;
  int nDone = 0;
  for (int nTry = 0; nDone < pReq->n && nTry < 1000; nTry++) {
    ssize_t got;
    if (pReq->op == IO_READ) {
      got = os_pread(pFile->fd, buf + nDone, (size_t)(pReq->n - nDone), pReq->offset + nDone);
    } else {
      got = os_pwrite(pFile->fd, buf + nDone, (size_t)(pReq->n - nDone), pReq->offset + nDone);
    }
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      if (pReq->op == IO_READ) return SQLITE_IOERR_READ;
      return (errno == ENOSPC || errno == EDQUOT) ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    }
    if (got == 0) break;
    nDone += (int)got;
  }
  if (nDone == pReq->n) return SQLITE_OK;
  if (pReq->op == IO_WRITE) return SQLITE_IOERR_WRITE;
  memset(buf + nDone, 0, (size_t)(pReq->n - nDone)); /* io.h invariant 2 */
  return SQLITE_IOERR_SHORT_READ;
}

static int unix_submit(IoFile *pBase, IoReq *aReq, int nReq) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(pFile->fd >= 0 && nReq >= 0);
  int rc = SQLITE_OK;
  for (int i = 0; i < nReq; i++) {
    ASSERT(aReq[i].op == IO_READ || aReq[i].op == IO_WRITE);
    ASSERT(aReq[i].n >= 0 && aReq[i].offset >= 0);
    aReq[i].rc = unix_do_req(pFile, &aReq[i]);
    if (rc == SQLITE_OK) rc = aReq[i].rc;
  }
  return rc;
}

static int unix_wait(IoFile *pBase, IoReq *aReq, int nReq) {
  UNUSED(pBase);
  for (int i = 0; i < nReq; i++) {
    if (aReq[i].rc != SQLITE_OK) return aReq[i].rc;
  }
  return SQLITE_OK;
}

int io_posix_fd(IoFile *pBase) {
  ASSERT(((UnixFile *)pBase)->fd >= 0); /* io_posix.h invariant 1 */
  return ((UnixFile *)pBase)->fd;
}

/* Makes a newly created file's directory entry durable. */
static void unix_sync_dir(const char *zPath) {
  char zDir[IO_MAX_PATHNAME + 1];
  snprintf(zDir, sizeof(zDir), "%s", zPath);
  char *zSlash = strrchr(zDir, '/');
  if (zSlash == NULL) snprintf(zDir, sizeof(zDir), ".");
  else if (zSlash == zDir) zDir[1] = 0;
  else *zSlash = 0;
  int fd = os_open(zDir, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) return; /* some filesystems refuse; as SQLite, not an error */
  os_fsync(fd);
  os_close(fd);
}

static int unix_sync(IoFile *pBase, int flags) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(pFile->fd >= 0);
  int r;
  do {
#ifdef __linux__
    /* Linux's fdatasync also flushes the metadata needed to read the data back
    ** (the file size), which is all a database or journal needs; SQLite 3.40.1
    ** calls only fdatasync here too (strace), so the full fsync would cost us
    ** an inode write per sync that SQLite does not pay. */
    UNUSED(flags);
    r = os_fdatasync(pFile->fd);
#else
    r = (flags & SQLITE_SYNC_DATAONLY) ? os_fdatasync(pFile->fd) : os_fsync(pFile->fd);
#endif
  } while (r != 0 && errno == EINTR);
  if (r != 0) return SQLITE_IOERR_FSYNC;
  if (pFile->bDirSync) {
    pFile->bDirSync = 0;
    unix_sync_dir(pFile->zPath);
  }
  return SQLITE_OK;
}

void io_posix_synced(IoFile *pBase) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(pFile->fd >= 0);
  if (pFile->bDirSync) {
    pFile->bDirSync = 0;
    unix_sync_dir(pFile->zPath);
  }
}

static int unix_truncate(IoFile *pBase, i64 size) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(size >= 0);
  int r;
  do {
    r = os_ftruncate(pFile->fd, (off_t)size);
  } while (r != 0 && errno == EINTR);
  return r == 0 ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
}

static int unix_size(IoFile *pBase, i64 *pSize) {
  UnixFile *pFile = (UnixFile *)pBase;
  struct stat st;
  *pSize = 0;
  if (os_fstat(pFile->fd, &st) != 0) return SQLITE_IOERR_FSTAT;
  *pSize = (i64)st.st_size;
  return SQLITE_OK;
}

/* ---- locks ------------------------------------------------------------------ */

/* Sets one fcntl lock without blocking.  Returns SQLITE_OK, SQLITE_BUSY when
** another process holds a conflicting lock, or errIo on any other failure. */
static int unix_fcntl_lock(UnixFile *pFile, short type, i64 start, i64 len, int errIo) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
  for (int nTry = 0; nTry < 100; nTry++) {
    if (os_fcntl(pFile->fd, F_SETLK, &fl) == 0) return SQLITE_OK;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return SQLITE_BUSY;
    return errIo;
  }
  return errIo;
}

/* NONE -> SHARED.  Holds the mutex. */
static int unix_lock_shared(UnixFile *pFile, IoInode *pInode) {
  if (pInode->nShared > 0) {
    /* The process already holds the fcntl read locks (invariant 2). */
    pInode->nShared++;
    return SQLITE_OK;
  }
  int rc = unix_fcntl_lock(pFile, F_RDLCK, IO_PENDING_BYTE, 1, SQLITE_IOERR_RDLOCK);
  if (rc != SQLITE_OK) return rc;
  rc = unix_fcntl_lock(pFile, F_RDLCK, IO_SHARED_FIRST, IO_SHARED_SIZE, SQLITE_IOERR_RDLOCK);
  int rc2 = unix_fcntl_lock(pFile, F_UNLCK, IO_PENDING_BYTE, 1, SQLITE_IOERR_UNLOCK);
  if (rc == SQLITE_OK && rc2 != SQLITE_OK) {
    unix_fcntl_lock(pFile, F_UNLCK, IO_SHARED_FIRST, IO_SHARED_SIZE, SQLITE_IOERR_UNLOCK);
    rc = rc2;
  }
  if (rc != SQLITE_OK) return rc;
  pInode->nShared = 1;
  pInode->eLock = SQLITE_LOCK_SHARED;
  return SQLITE_OK;
}

/* SHARED/RESERVED/PENDING -> EXCLUSIVE, stopping at PENDING on BUSY. */
static int unix_lock_exclusive(UnixFile *pFile, IoInode *pInode) {
  if (pFile->base.eLock < SQLITE_LOCK_PENDING) {
    int rc = unix_fcntl_lock(pFile, F_WRLCK, IO_PENDING_BYTE, 1, SQLITE_IOERR_LOCK);
    if (rc != SQLITE_OK) return rc;
    pFile->base.eLock = pInode->eLock = SQLITE_LOCK_PENDING;
  }
  /* Readers of this process are invisible to fcntl: check them here. */
  if (pInode->nShared > 1) return SQLITE_BUSY;
  int rc = unix_fcntl_lock(pFile, F_WRLCK, IO_SHARED_FIRST, IO_SHARED_SIZE, SQLITE_IOERR_LOCK);
  if (rc != SQLITE_OK) return rc;
  pFile->base.eLock = pInode->eLock = SQLITE_LOCK_EXCLUSIVE;
  return SQLITE_OK;
}

static int unix_lock(IoFile *pBase, int eLock) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(eLock == SQLITE_LOCK_SHARED || eLock == SQLITE_LOCK_RESERVED ||
         eLock == SQLITE_LOCK_EXCLUSIVE);
  if (pBase->eLock >= eLock) return SQLITE_OK;
  ASSERT(pBase->eLock != SQLITE_LOCK_NONE || eLock == SQLITE_LOCK_SHARED);
  ASSERT(eLock != SQLITE_LOCK_RESERVED || pBase->eLock == SQLITE_LOCK_SHARED);
  IoInode *pInode = pFile->pInode;
  if (pInode == NULL) { /* private temporary file: nobody to exclude */
    pBase->eLock = eLock;
    return SQLITE_OK;
  }
  pthread_mutex_lock(&g_inode_mutex);
  int rc = SQLITE_OK;
  int bOther = pInode->eLock > SQLITE_LOCK_SHARED && pBase->eLock < pInode->eLock;
  if (bOther && (eLock > SQLITE_LOCK_SHARED || pInode->eLock >= SQLITE_LOCK_PENDING)) {
    rc = SQLITE_BUSY; /* another IoFile of this process is the writer */
  } else if (eLock == SQLITE_LOCK_SHARED) {
    rc = unix_lock_shared(pFile, pInode);
    if (rc == SQLITE_OK) pBase->eLock = SQLITE_LOCK_SHARED;
  } else if (eLock == SQLITE_LOCK_RESERVED) {
    rc = unix_fcntl_lock(pFile, F_WRLCK, IO_RESERVED_BYTE, 1, SQLITE_IOERR_LOCK);
    if (rc == SQLITE_OK) pBase->eLock = pInode->eLock = SQLITE_LOCK_RESERVED;
  } else {
    rc = unix_lock_exclusive(pFile, pInode);
  }
  ASSERT(pInode->eLock >= pBase->eLock);
  pthread_mutex_unlock(&g_inode_mutex);
  return rc;
}

static int unix_unlock(IoFile *pBase, int eLock) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(eLock == SQLITE_LOCK_SHARED || eLock == SQLITE_LOCK_NONE);
  if (pBase->eLock <= eLock) return SQLITE_OK;
  IoInode *pInode = pFile->pInode;
  if (pInode == NULL) {
    pBase->eLock = eLock;
    return SQLITE_OK;
  }
  int rc = SQLITE_OK;
  pthread_mutex_lock(&g_inode_mutex);
  if (pBase->eLock > SQLITE_LOCK_SHARED) {
    ASSERT(pInode->eLock == pBase->eLock); /* invariant 1 */
    if (pBase->eLock == SQLITE_LOCK_EXCLUSIVE) {
      rc = unix_fcntl_lock(pFile, F_RDLCK, IO_SHARED_FIRST, IO_SHARED_SIZE, SQLITE_IOERR_RDLOCK);
    }
    int rc2 = unix_fcntl_lock(pFile, F_UNLCK, IO_PENDING_BYTE, 2, SQLITE_IOERR_UNLOCK);
    if (rc == SQLITE_OK) rc = rc2;
    pBase->eLock = pInode->eLock = SQLITE_LOCK_SHARED;
  }
  if (eLock == SQLITE_LOCK_NONE) {
    ASSERT(pInode->nShared > 0);
    if (--pInode->nShared == 0) {
      int rc2 = unix_fcntl_lock(pFile, F_UNLCK, IO_PENDING_BYTE, 2 + IO_SHARED_SIZE,
                                SQLITE_IOERR_UNLOCK);
      if (rc == SQLITE_OK) rc = rc2;
      pInode->eLock = SQLITE_LOCK_NONE;
      inode_close_deferred(pInode);
    }
    pBase->eLock = SQLITE_LOCK_NONE;
  }
  pthread_mutex_unlock(&g_inode_mutex);
  return rc;
}

static int unix_check_reserved(IoFile *pBase, int *pResOut) {
  UnixFile *pFile = (UnixFile *)pBase;
  *pResOut = 0;
  if (pFile->pInode == NULL) return SQLITE_OK;
  pthread_mutex_lock(&g_inode_mutex);
  int bRes = pFile->pInode->eLock > SQLITE_LOCK_SHARED;
  pthread_mutex_unlock(&g_inode_mutex);
  if (!bRes) {
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET,
                       .l_start = IO_RESERVED_BYTE, .l_len = 1};
    if (os_fcntl(pFile->fd, F_GETLK, &fl) != 0) return SQLITE_IOERR_CHECKRESERVEDLOCK;
    bRes = fl.l_type != F_UNLCK;
  }
  *pResOut = bRes;
  return SQLITE_OK;
}

/* ---- shared memory (invariant 6) ------------------------------------------ */

static int shm_fcntl(IoShm *pShm, short type, int iByte, int n) {
  struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = iByte, .l_len = n};
  for (int nTry = 0; nTry < 100; nTry++) {
    if (os_fcntl(pShm->fd, F_SETLK, &fl) == 0) return SQLITE_OK;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) return SQLITE_BUSY;
    return SQLITE_IOERR_SHMLOCK;
  }
  return SQLITE_IOERR_SHMLOCK;
}

static void shm_free(IoShm *pShm, int bDelete) {
  for (int i = 0; i < pShm->nRegion; i++) {
    if (pShm->apRegion[i]) munmap(pShm->apRegion[i], (size_t)pShm->szRegion);
  }
  mem_free(pShm->apRegion);
  if (pShm->fd >= 0) {
    if (bDelete && pShm->zPath) os_unlink(pShm->zPath);
    os_close(pShm->fd);
  }
  mem_free(pShm->zPath);
  mem_free(pShm);
}

/* Opens the -shm file and settles the dead-man switch.  Holds the mutex. */
static int shm_create(UnixFile *pFile, IoShm **ppShm) {
  *ppShm = NULL;
  if (pFile->zDbPath == NULL) return SQLITE_IOERR_SHMOPEN;
  IoShm *pShm = mem_zalloc(sizeof(*pShm));
  if (pShm == NULL) return SQLITE_NOMEM;
  size_t nPath = strlen(pFile->zDbPath);
  pShm->zPath = mem_malloc(nPath + 5);
  if (pShm->zPath) memcpy(pShm->zPath, pFile->zDbPath, nPath), memcpy(pShm->zPath + nPath, "-shm", 5);
  pShm->fd = -1;
  if (pShm->zPath == NULL) {
    shm_free(pShm, 0);
    return SQLITE_NOMEM;
  }
  do {
    pShm->fd = os_open(pShm->zPath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  } while (pShm->fd < 0 && errno == EINTR);
  if (pShm->fd < 0) {
    shm_free(pShm, 0);
    return SQLITE_CANTOPEN;
  }
  int rc = shm_fcntl(pShm, F_WRLCK, IO_SHM_DMS, 1);
  if (rc == SQLITE_OK && os_ftruncate(pShm->fd, 0) != 0) rc = SQLITE_IOERR_SHMOPEN;
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) rc = shm_fcntl(pShm, F_RDLCK, IO_SHM_DMS, 1);
  if (rc != SQLITE_OK) {
    shm_free(pShm, 0);
    return rc;
  }
  *ppShm = pShm;
  return SQLITE_OK;
}

/* Maps regions up to iRegion.  Holds the mutex. */
static int shm_grow(IoShm *pShm, int iRegion, int szRegion, int bExtend) {
  struct stat st;
  if (os_fstat(pShm->fd, &st) != 0) return SQLITE_IOERR_SHMSIZE;
  i64 need = (i64)(iRegion + 1) * szRegion;
  if ((i64)st.st_size < need) {
    if (!bExtend) return SQLITE_OK;
    if (os_ftruncate(pShm->fd, (off_t)need) != 0) return SQLITE_IOERR_SHMSIZE;
  }
  u8 **ap = mem_realloc(pShm->apRegion, sizeof(u8 *) * (u64)(iRegion + 1));
  if (ap == NULL) return SQLITE_NOMEM;
  pShm->apRegion = ap;
  while (pShm->nRegion <= iRegion) {
    void *pMap = mmap(NULL, (size_t)szRegion, PROT_READ | PROT_WRITE, MAP_SHARED, pShm->fd,
                      (off_t)pShm->nRegion * szRegion);
    if (pMap == MAP_FAILED) return SQLITE_IOERR_SHMMAP;
    ap[pShm->nRegion++] = pMap;
  }
  return SQLITE_OK;
}

static int unix_shm_map(IoFile *pBase, int iRegion, int szRegion, int bExtend,
                        volatile void **pp) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(iRegion >= 0 && szRegion > 0);
  *pp = NULL;
  if (pFile->pInode == NULL) return SQLITE_IOERR_SHMOPEN;
  pthread_mutex_lock(&g_inode_mutex);
  IoInode *pInode = pFile->pInode;
  int rc = SQLITE_OK;
  if (pInode->pShm == NULL) rc = shm_create(pFile, &pInode->pShm);
  IoShm *pShm = pInode->pShm;
  if (rc == SQLITE_OK && !pFile->bShm) {
    pFile->bShm = 1;
    pShm->nRef++;
  }
  if (rc == SQLITE_OK && pShm->szRegion == 0) pShm->szRegion = szRegion;
  if (rc == SQLITE_OK && pShm->szRegion != szRegion) rc = SQLITE_IOERR_SHMMAP;
  if (rc == SQLITE_OK && iRegion >= pShm->nRegion) rc = shm_grow(pShm, iRegion, szRegion, bExtend);
  if (rc == SQLITE_OK && iRegion < pShm->nRegion) *pp = pShm->apRegion[iRegion];
  pthread_mutex_unlock(&g_inode_mutex);
  return rc;
}

/* Releases this file's hold on slot k. */
static int shm_unlock_slot(UnixFile *pFile, IoShm *pShm, int k) {
  u8 bit = (u8)(1u << k);
  int rc = SQLITE_OK;
  if (pFile->shmShared & bit) {
    ASSERT(pShm->aShared[k] > 0);
    if (--pShm->aShared[k] == 0) rc = shm_fcntl(pShm, F_UNLCK, IO_SHM_LOCK_BASE + k, 1);
  } else if (pFile->shmExcl & bit) {
    ASSERT(pShm->aExcl[k] == 1 && pShm->aShared[k] == 0);
    pShm->aExcl[k] = 0;
    rc = shm_fcntl(pShm, F_UNLCK, IO_SHM_LOCK_BASE + k, 1);
  }
  pFile->shmShared &= (u8)~bit;
  pFile->shmExcl &= (u8)~bit;
  return rc;
}

static int shm_lock_shared(UnixFile *pFile, IoShm *pShm, int k) {
  u8 bit = (u8)(1u << k);
  if (pFile->shmShared & bit) return SQLITE_OK;
  if (pShm->aExcl[k]) return SQLITE_BUSY;
  if (pShm->aShared[k] == 0) {
    int rc = shm_fcntl(pShm, F_RDLCK, IO_SHM_LOCK_BASE + k, 1);
    if (rc != SQLITE_OK) return rc;
  }
  pShm->aShared[k]++;
  pFile->shmShared |= bit;
  return SQLITE_OK;
}

static int shm_lock_excl(UnixFile *pFile, IoShm *pShm, int ofst, int n) {
  for (int k = ofst; k < ofst + n; k++) {
    if (pFile->shmExcl & (1u << k)) continue;
    if (pShm->aExcl[k] || pShm->aShared[k]) return SQLITE_BUSY;
  }
  for (int k = ofst; k < ofst + n; k++) {
    if (pFile->shmExcl & (1u << k)) continue;
    int rc = shm_fcntl(pShm, F_WRLCK, IO_SHM_LOCK_BASE + k, 1);
    if (rc != SQLITE_OK) {
      for (int j = ofst; j < k; j++) shm_unlock_slot(pFile, pShm, j);
      return rc;
    }
    pShm->aExcl[k] = 1;
    pFile->shmExcl |= (u8)(1u << k);
  }
  return SQLITE_OK;
}

static int unix_shm_lock(IoFile *pBase, int ofst, int n, int flags) {
  UnixFile *pFile = (UnixFile *)pBase;
  ASSERT(ofst >= 0 && n >= 1 && ofst + n <= IO_SHM_NLOCK);
  ASSERT(n == 1 || (flags & IO_SHM_EXCLUSIVE));
  if (!pFile->bShm) return SQLITE_IOERR_SHMLOCK;
  pthread_mutex_lock(&g_inode_mutex);
  IoShm *pShm = pFile->pInode->pShm;
  int rc = SQLITE_OK;
  if (flags & IO_SHM_UNLOCK) {
    for (int k = ofst; k < ofst + n; k++) {
      int rc2 = shm_unlock_slot(pFile, pShm, k);
      if (rc == SQLITE_OK) rc = rc2;
    }
  } else if (flags & IO_SHM_SHARED) {
    rc = shm_lock_shared(pFile, pShm, ofst);
  } else {
    rc = shm_lock_excl(pFile, pShm, ofst, n);
  }
  pthread_mutex_unlock(&g_inode_mutex);
  return rc;
}

static void unix_shm_barrier(IoFile *pBase) {
  UNUSED(pBase);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static int unix_shm_unmap(IoFile *pBase, int bDelete) {
  UnixFile *pFile = (UnixFile *)pBase;
  if (!pFile->bShm) return SQLITE_OK;
  pthread_mutex_lock(&g_inode_mutex);
  IoInode *pInode = pFile->pInode;
  IoShm *pShm = pInode->pShm;
  for (int k = 0; k < IO_SHM_NLOCK; k++) shm_unlock_slot(pFile, pShm, k);
  pFile->bShm = 0;
  if (--pShm->nRef == 0) {
    pInode->pShm = NULL;
    shm_free(pShm, bDelete);
  }
  pthread_mutex_unlock(&g_inode_mutex);
  return SQLITE_OK;
}

/* ---- misc methods --------------------------------------------------------- */

static int unix_sector_size(IoFile *pBase) {
  UNUSED(pBase);
  return IO_SECTOR_SIZE;
}

static int unix_device_characteristics(IoFile *pBase) {
  UNUSED(pBase);
  return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static int unix_file_control(IoFile *pBase, int op, void *pArg) {
  if (op == SQLITE_FCNTL_LOCKSTATE) {
    *(int *)pArg = pBase->eLock;
    return SQLITE_OK;
  }
  return SQLITE_NOTFOUND;
}

static int unix_shm_unmap(IoFile *pBase, int bDelete);

static void unix_close(IoFile *pBase) {
  UnixFile *pFile = (UnixFile *)pBase;
  if (pFile->fd < 0) return;
  if (pFile->bShm) unix_shm_unmap(pBase, 0);
  mem_free(pFile->zDbPath);
  pFile->zDbPath = NULL;
  unix_unlock(pBase, SQLITE_LOCK_NONE);
  if (pFile->pInode) {
    pthread_mutex_lock(&g_inode_mutex);
    inode_release(pFile->pInode, pFile->fd);
    pthread_mutex_unlock(&g_inode_mutex);
  } else {
    os_close(pFile->fd);
  }
  pFile->fd = -1;
  pFile->pInode = NULL;
  mem_free(pFile->zPath);
  pFile->zPath = NULL;
  pBase->pMethods = NULL;
}

static const IoFileMethods unix_methods = {
    .submit = unix_submit,
    .wait = unix_wait,
    .sync = unix_sync,
    .truncate = unix_truncate,
    .size = unix_size,
    .lock = unix_lock,
    .unlock = unix_unlock,
    .check_reserved = unix_check_reserved,
    .sector_size = unix_sector_size,
    .device_characteristics = unix_device_characteristics,
    .file_control = unix_file_control,
    .close = unix_close,
    .shm_map = unix_shm_map,
    .shm_lock = unix_shm_lock,
    .shm_barrier = unix_shm_barrier,
    .shm_unmap = unix_shm_unmap,
};

/* ---- backend methods ------------------------------------------------------ */

/* First usable directory for temporary files. */
static const char *unix_temp_dir(void) {
  const char *azDirs[] = {getenv("SQLITE_TMPDIR"), getenv("TMPDIR"), "/var/tmp", "/usr/tmp",
                          "/tmp", "."};
  for (int i = 0; i < ARRAY_SIZE(azDirs); i++) {
    struct stat st;
    const char *z = azDirs[i];
    if (z == NULL || os_stat(z, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    if (os_access(z, W_OK | X_OK) != 0) continue;
    return z;
  }
  return ".";
}

/* Opens a private temporary file, unlinked at once.  Returns the fd or -1. */
static int unix_open_temp(IoBackend *pBackend) {
  const char *zDir = unix_temp_dir();
  for (int nTry = 0; nTry < 100; nTry++) {
    u8 aRand[8];
    char zName[IO_MAX_PATHNAME + 1];
    pBackend->randomness(pBackend, sizeof(aRand), aRand);
    int n = snprintf(zName, sizeof(zName), "%s/sqlt_", zDir);
    for (int i = 0; i < 8 && n < IO_MAX_PATHNAME - 2; i++) {
      n += snprintf(zName + n, sizeof(zName) - (size_t)n, "%02x", aRand[i]);
    }
    int fd = os_open(zName, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
      os_unlink(zName);
      return fd;
    }
    if (errno != EEXIST) return -1;
  }
  return -1;
}

static int unix_open_fd(const char *zPath, int flags, int *pOutFlags) {
  int oflags = O_CLOEXEC;
  int bRW = (flags & SQLITE_OPEN_READWRITE) != 0;
  oflags |= bRW ? O_RDWR : O_RDONLY;
  if (flags & SQLITE_OPEN_CREATE) oflags |= O_CREAT;
  if ((flags & SQLITE_OPEN_EXCLUSIVE) && (flags & SQLITE_OPEN_CREATE)) oflags |= O_EXCL;
  if (flags & SQLITE_OPEN_NOFOLLOW) oflags |= O_NOFOLLOW;
  int fd;
  do {
    fd = os_open(zPath, oflags, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0 && bRW && errno != EISDIR && (flags & SQLITE_OPEN_MAIN_DB)) {
    /* As SQLite: a database we may not write is opened read-only. */
    oflags = (oflags & ~(O_RDWR | O_CREAT | O_EXCL)) | O_RDONLY;
    fd = os_open(zPath, oflags, 0644);
    if (fd >= 0) *pOutFlags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
                              SQLITE_OPEN_READONLY;
  }
  return fd;
}

static int unix_open(IoBackend *pBackend, const char *zPath, IoFile *pBase, int flags,
                     int *pOutFlags) {
  UnixFile *pFile = (UnixFile *)pBase;
  memset(pFile, 0, sizeof(*pFile));
  pFile->fd = -1;
  int outFlags = flags;
  int fd;
  if (zPath == NULL) {
    fd = unix_open_temp(pBackend);
  } else {
    fd = unix_open_fd(zPath, flags, &outFlags);
  }
  if (fd < 0) return errno == EISDIR ? SQLITE_CANTOPEN_ISDIR : SQLITE_CANTOPEN;
  if (zPath != NULL && (flags & SQLITE_OPEN_DELETEONCLOSE)) os_unlink(zPath);
  int rc = SQLITE_OK;
  if (zPath != NULL && !(flags & SQLITE_OPEN_DELETEONCLOSE)) {
    pthread_mutex_lock(&g_inode_mutex);
    rc = inode_acquire(fd, &pFile->pInode);
    pthread_mutex_unlock(&g_inode_mutex);
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_CREATE) && (flags & SQLITE_OPEN_MAIN_JOURNAL)) {
      pFile->zPath = mem_strdup(zPath);
      pFile->bDirSync = pFile->zPath != NULL;
    }
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_MAIN_DB)) {
      pFile->zDbPath = mem_strdup(zPath);
      if (pFile->zDbPath == NULL) rc = SQLITE_NOMEM;
    }
  }
  if (rc != SQLITE_OK) {
    if (pFile->pInode) {
      pthread_mutex_lock(&g_inode_mutex);
      inode_release(pFile->pInode, fd);
      pthread_mutex_unlock(&g_inode_mutex);
      pFile->pInode = NULL;
    } else {
      os_close(fd);
    }
    mem_free(pFile->zPath);
    pFile->zPath = NULL;
    return rc;
  }
  pFile->fd = fd;
  pFile->openFlags = outFlags;
  pBase->pBackend = pBackend;
  pBase->eLock = SQLITE_LOCK_NONE;
  pBase->pMethods = &unix_methods;
  if (pOutFlags) *pOutFlags = outFlags;
  return SQLITE_OK;
}

static int unix_remove(IoBackend *pBackend, const char *zPath, int bSyncDir) {
  UNUSED(pBackend);
  if (os_unlink(zPath) != 0) {
    return errno == ENOENT ? SQLITE_IOERR_DELETE_NOENT : SQLITE_IOERR_DELETE;
  }
  if (bSyncDir) unix_sync_dir(zPath);
  return SQLITE_OK;
}

static int unix_access(IoBackend *pBackend, const char *zPath, int flags, int *pResOut) {
  UNUSED(pBackend);
  if (flags == SQLITE_ACCESS_EXISTS) {
    struct stat st;
    *pResOut = os_stat(zPath, &st) == 0;
  } else {
    int mode = flags == SQLITE_ACCESS_READWRITE ? (R_OK | W_OK) : R_OK;
    *pResOut = os_access(zPath, mode) == 0;
  }
  return SQLITE_OK;
}

/* Rewrites the absolute path z in place without "", "." and ".." parts. */
static void unix_normalize(char *z) {
  ASSERT(z[0] == '/');
  int j = 0; /* output length; z[0..j) is the normalized prefix */
  int i = 0;
  while (z[i] != 0) {
    while (z[i] == '/') i++;
    int n = 0;
    while (z[i + n] != 0 && z[i + n] != '/') n++;
    if (n == 0) break;
    if (n == 1 && z[i] == '.') {
      /* skip */
    } else if (n == 2 && z[i] == '.' && z[i + 1] == '.') {
      while (j > 0 && z[j - 1] != '/') j--;
      if (j > 0) j--;
    } else {
      z[j++] = '/';
      memmove(z + j, z + i, (size_t)n);
      j += n;
    }
    i += n;
  }
  if (j == 0) z[j++] = '/';
  z[j] = 0;
}

static int unix_full_path(IoBackend *pBackend, const char *zPath, int nOut, char *zOut) {
  UNUSED(pBackend);
  char zBuf[IO_MAX_PATHNAME * 2 + 2];
  char zLink[IO_MAX_PATHNAME + 1];
  if (zPath[0] == '/') {
    if (strlen(zPath) > IO_MAX_PATHNAME) return SQLITE_CANTOPEN_FULLPATH;
    snprintf(zBuf, sizeof(zBuf), "%s", zPath);
  } else {
    if (os_getcwd(zBuf, IO_MAX_PATHNAME) == NULL) return SQLITE_CANTOPEN_FULLPATH;
    size_t n = strlen(zBuf);
    if (n + 1 + strlen(zPath) > IO_MAX_PATHNAME) return SQLITE_CANTOPEN_FULLPATH;
    snprintf(zBuf + n, sizeof(zBuf) - n, "/%s", zPath);
  }
  unix_normalize(zBuf);
  /* Follow symbolic links naming the file itself, so that the journal
  ** lands beside the real file.  Bounded against link loops. */
  for (int nLink = 0;; nLink++) {
    struct stat st;
    if (os_lstat(zBuf, &st) != 0 || !S_ISLNK(st.st_mode)) break;
    if (nLink >= 100) return SQLITE_CANTOPEN_FULLPATH; /* a loop */
    ssize_t got = os_readlink(zBuf, zLink, sizeof(zLink) - 1);
    if (got <= 0 || got >= (ssize_t)sizeof(zLink) - 1) return SQLITE_CANTOPEN_FULLPATH;
    zLink[got] = 0;
    if (zLink[0] == '/') {
      snprintf(zBuf, sizeof(zBuf), "%s", zLink);
    } else {
      char *zSlash = strrchr(zBuf, '/');
      size_t nDir = (size_t)(zSlash - zBuf) + 1;
      if (nDir + strlen(zLink) > IO_MAX_PATHNAME) return SQLITE_CANTOPEN_FULLPATH;
      snprintf(zBuf + nDir, sizeof(zBuf) - nDir, "%s", zLink);
    }
    unix_normalize(zBuf);
  }
  if ((int)strlen(zBuf) >= nOut) return SQLITE_CANTOPEN_FULLPATH;
  memcpy(zOut, zBuf, strlen(zBuf) + 1);
  return SQLITE_OK;
}

static int unix_randomness(IoBackend *pBackend, int n, void *pOut) {
  UNUSED(pBackend);
  u8 *p = pOut;
  int nDone = 0;
  for (int nTry = 0; nDone < n && nTry < 100; nTry++) {
    ssize_t got = getrandom(p + nDone, (size_t)(n - nDone), 0);
    if (got > 0) nDone += (int)got;
    else if (got < 0 && errno != EINTR) break;
  }
  if (nDone < n) {
    int fd = os_open("/dev/urandom", O_RDONLY | O_CLOEXEC, 0);
    if (fd >= 0) {
      ssize_t got = read(fd, p + nDone, (size_t)(n - nDone));
      if (got > 0) nDone += (int)got;
      os_close(fd);
    }
  }
  if (nDone < n) {
    /* Last resort: time and pid, enough for journal nonces. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    u64 x = (u64)ts.tv_nsec ^ ((u64)ts.tv_sec << 20) ^ ((u64)getpid() << 40);
    for (int i = nDone; i < n; i++) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      p[i] = (u8)(x >> 56);
    }
  }
  return n;
}

static int unix_now_ms(IoBackend *pBackend, i64 *pMs) {
  UNUSED(pBackend);
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return SQLITE_ERROR;
  *pMs = IO_JULIAN_UNIX_MS + (i64)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  return SQLITE_OK;
}

static int unix_sleep_us(IoBackend *pBackend, int nMicro) {
  UNUSED(pBackend);
  struct timespec ts = {.tv_sec = nMicro / 1000000, .tv_nsec = (long)(nMicro % 1000000) * 1000};
  struct timespec rem;
  for (int nTry = 0; nTry < 100 && nanosleep(&ts, &rem) != 0 && errno == EINTR; nTry++) {
    ts = rem;
  }
  return nMicro;
}

static IoBackend unix_backend = {
    .zName = "unix",
    .szFile = sizeof(UnixFile),
    .mxPathname = IO_MAX_PATHNAME,
    .pAppData = NULL,
    .open = unix_open,
    .remove = unix_remove,
    .access = unix_access,
    .full_path = unix_full_path,
    .randomness = unix_randomness,
    .now_ms = unix_now_ms,
    .sleep_us = unix_sleep_us,
};

IoBackend *io_sync_backend(void) { return &unix_backend; }

const IoFileMethods *io_posix_methods(void) { return &unix_methods; }
