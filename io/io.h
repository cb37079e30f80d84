/*
** io.h: the I/O layer's contract.  Everything the engine needs from the
** outside world -- files, locks, time, randomness, sleeping -- comes
** through the two vtables declared here, so that a backend (plain
** syscalls, io_uring, a deterministic simulator, or an adapter over a
** user-registered sqlite3_vfs) can be swapped without touching the pager.
**
** Model: a caller fills an array of IoReq (caller-owned, no allocation per
** request), hands it to submit(), and later to wait().  A synchronous
** backend completes every request inside submit(); an asynchronous one
** queues them and completes them in wait().  The pager batches where it
** pays: writing all dirty pages of a commit, the journal, read-ahead.
**
** Invariants:
**   1. After wait() returns, every request of the batch has its rc set.
**   2. A read past end of file is not an error of the backend: the missing
**      tail of the buffer is zero-filled and rc is SQLITE_IOERR_SHORT_READ.
**   3. Locks follow SQLite's protocol and byte offsets (PENDING byte at
**      0x40000000, RESERVED at +1, SHARED range of 510 bytes at +2), so a
**      real SQLite process and this library can share a database file.
**      Lock levels are SQLITE_LOCK_NONE..SQLITE_LOCK_EXCLUSIVE; the
**      PENDING level is taken internally on the way to EXCLUSIVE.
**   4. Locks are per IoFile, not per process: two IoFiles of one process
**      on the same file exclude each other as two processes would, and
**      closing one IoFile never drops the locks of another (POSIX fcntl
**      locks would; backends must compensate).
**   5. Only backends call the OS for time, randomness, sleep or file I/O.
**   6. Shared memory (the WAL index, walformat.html) hangs off a database
**      IoFile: shm_map maps 32 KiB regions of "<db>-shm", shm_lock takes
**      SQLite's eight shm locks (slot k is byte 120+k of the -shm file),
**      per IoFile exactly as the file locks of invariant 4, and the
**      dead-man switch (byte 128) is held shared while any IoFile of the
**      process has the shm mapped, so the first opener after everyone
**      closed or crashed finds it free and zeroes the stale index.
**      Backends without shared memory leave the four shm methods NULL;
**      the pager then refuses WAL mode.
**
** Callers: pager.c, wal.c, compat/api_vfs.c, tests.  Thread-safety: an
** IoFile is used by one thread at a time (the connection mutex); an
** IoBackend's methods are thread-safe.
*/
#ifndef IO_IO_H
#define IO_IO_H

#include "../engine/core.h"

typedef struct IoBackend IoBackend;
typedef struct IoFile IoFile;
typedef struct IoFileMethods IoFileMethods;
typedef struct IoReq IoReq;

enum { IO_READ = 1, IO_WRITE = 2 };

/* One read or write.  Owned by the caller; the backend may keep a pointer
** to it between submit() and wait() and nowhere else.  The requests of a
** batch may run in any order (io_uring does), so writes of one batch must
** not overlap each other or a read of the same batch; submit() and wait()
** of a batch run on the same thread. */
struct IoReq {
  int op;       /* IO_READ or IO_WRITE */
  int n;        /* bytes to transfer */
  void *buf;    /* n bytes: destination of a read, source of a write */
  i64 offset;   /* byte offset in the file */
  int rc;       /* set on completion: SQLITE_OK or an SQLITE_IOERR_* / SQLITE_FULL */
  void *pUser;  /* caller's tag, untouched by the backend */
};

/* Sync flags: SQLITE_SYNC_NORMAL or SQLITE_SYNC_FULL, optionally
** |SQLITE_SYNC_DATAONLY, exactly as in sqlite3.h. */
struct IoFileMethods {
  int (*submit)(IoFile *, IoReq *aReq, int nReq);   /* SQLITE_OK or first error */
  int (*wait)(IoFile *, IoReq *aReq, int nReq);     /* invariant 1; returns first rc != OK */
  int (*sync)(IoFile *, int flags);
  int (*truncate)(IoFile *, i64 size);
  int (*size)(IoFile *, i64 *pSize);
  int (*lock)(IoFile *, int eLock);                 /* SQLITE_OK or SQLITE_BUSY / IOERR_LOCK */
  int (*unlock)(IoFile *, int eLock);               /* down to SHARED or NONE */
  int (*check_reserved)(IoFile *, int *pResOut);    /* is any RESERVED-or-higher lock held? */
  int (*sector_size)(IoFile *);
  int (*device_characteristics)(IoFile *);          /* SQLITE_IOCAP_* */
  int (*file_control)(IoFile *, int op, void *pArg);/* SQLITE_NOTFOUND if unknown */
  void (*close)(IoFile *);                          /* releases locks; never fails visibly */
  /* Shared memory (invariant 6); NULL when the backend has none.
  ** shm_map: *pp = region iRegion (szRegion bytes, always the same size);
  ** when the file is shorter, bExtend grows it (zeros), else *pp = NULL.
  ** shm_lock: flags IO_SHM_LOCK|IO_SHM_UNLOCK with IO_SHM_SHARED or
  ** IO_SHM_EXCLUSIVE on slots [ofst, ofst+n); SQLITE_BUSY on conflict.
  ** shm_unmap: drops this IoFile's mapping and shm locks; bDelete removes
  ** the -shm file when this was the process's last mapping. */
  int (*shm_map)(IoFile *, int iRegion, int szRegion, int bExtend, volatile void **pp);
  int (*shm_lock)(IoFile *, int ofst, int n, int flags);
  void (*shm_barrier)(IoFile *);
  int (*shm_unmap)(IoFile *, int bDelete);
};

/* shm_lock flags: the values of SQLITE_SHM_* in sqlite3.h. */
#define IO_SHM_UNLOCK 1
#define IO_SHM_LOCK 2
#define IO_SHM_SHARED 4
#define IO_SHM_EXCLUSIVE 8
#define IO_SHM_NLOCK 8

/* Base of every backend's file object; a backend's struct begins with it. */
struct IoFile {
  const IoFileMethods *pMethods; /* NULL while not open */
  IoBackend *pBackend;           /* the backend that opened it */
  int eLock;                     /* lock level held now (SQLITE_LOCK_*) */
};

struct IoBackend {
  const char *zName;     /* "unix", "sim", "uring", or a user VFS name */
  int szFile;            /* bytes to allocate for one of this backend's IoFile */
  int mxPathname;        /* longest path full_path may produce */
  void *pAppData;        /* backend private */
  /* flags are SQLITE_OPEN_*; zPath NULL means a private temporary file
  ** deleted on close.  On failure pFile->pMethods stays NULL. */
  int (*open)(IoBackend *, const char *zPath, IoFile *pFile, int flags, int *pOutFlags);
  int (*remove)(IoBackend *, const char *zPath, int bSyncDir);  /* SQLITE_IOERR_DELETE_NOENT if absent */
  int (*access)(IoBackend *, const char *zPath, int flags, int *pResOut); /* SQLITE_ACCESS_* */
  int (*full_path)(IoBackend *, const char *zPath, int nOut, char *zOut);
  int (*randomness)(IoBackend *, int n, void *pOut);
  int (*now_ms)(IoBackend *, i64 *pMs);   /* milliseconds since the Julian epoch */
  int (*sleep_us)(IoBackend *, int nMicro); /* returns microseconds actually slept */
};

/* The default backend: plain syscalls, or io_uring when the environment
** says SQLITE_NG_IO=uring and the build and the kernel allow it.  Never
** NULL. */
IoBackend *io_default(void);
IoBackend *io_sync_backend(void);
/* The io_uring backend (io_uring.c), or NULL when the library was built
** without liburing or this process cannot create a ring. */
IoBackend *io_uring_backend(void);

/* Allocates and opens an IoFile (mem_malloc'd, backend->szFile bytes).
** On success *ppFile is owned by the caller and freed by io_close. */
int io_open(IoBackend *, const char *zPath, int flags, int *pOutFlags, IoFile **ppFile);
void io_close(IoFile *);  /* NULL is a no-op; closes and frees */

/* One-request conveniences: submit + wait. */
int io_read(IoFile *, void *buf, int n, i64 off);
int io_write(IoFile *, const void *buf, int n, i64 off);
/* A whole batch: submit + wait, returns the first error. */
int io_run(IoFile *, IoReq *aReq, int nReq);
/* A batch of writes, then sync(flags) once they are all done: the first
** error of the writes, else the sync's.  Same effect as io_run + sync;
** io_uring does both in one system call (the fsync drained behind the
** writes). */
int io_run_sync(IoFile *, IoReq *aReq, int nReq, int flags);

/* Helpers over the backend vtable, for callers above the pager. */
int io_randomness(IoBackend *, int n, void *pOut);
i64 io_now_ms(IoBackend *);
int io_sleep_us(IoBackend *, int nMicro);

/* The unix backend's system-call table (for xSetSystemCall and fault
** injection in tests).  Names: open close pread pwrite fsync fdatasync
** ftruncate fstat fcntl unlink access getcwd stat lstat readlink.
** set_syscall(NULL, NULL) restores every default; a NULL pointer restores
** one.  Returns SQLITE_OK or SQLITE_NOTFOUND.  Not thread-safe: configure
** before use. */
int io_sync_set_syscall(const char *zName, sqlite3_syscall_ptr pNew);
sqlite3_syscall_ptr io_sync_get_syscall(const char *zName);
const char *io_sync_next_syscall(const char *zName);

/* An IoBackend over an application's sqlite3_vfs (io_vfs.c), mem_malloc'd
** and owned by the caller (compat/ keeps one per VFS for the process's
** life).  NULL on OOM. */
IoBackend *io_vfs_backend(sqlite3_vfs *pVfs);

#endif /* IO_IO_H */
