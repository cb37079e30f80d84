/*
** api.h: private glue shared by the compat/ files that define the exported
** sqlite3_* functions.  Nothing outside compat/ includes this header.
**
** Invariants:
**   1. Every exported function that takes a connection validates it with
**      api_db_ok() (or api_db_sick_ok() for errcode/errmsg-style readers)
**      before touching it, and returns SQLITE_MISUSE on a bad handle.
**   2. Between api_enter(db) and api_leave(db)/api_exit(db, rc) the
**      connection's recursive mutex is held (conn.h invariant 1).
**   3. api_exit() is the single place that turns an OOM into SQLITE_NOMEM
**      with "out of memory" and applies the connection's errMask.
**   4. api_global is written only by sqlite3_config() (before
**      sqlite3_initialize or after sqlite3_shutdown) and by initialize
**      itself; readers after initialize need no lock.
*/
#ifndef COMPAT_API_H
#define COMPAT_API_H

#include "engine/core.h"
#include "engine/conn.h"
#include "engine/value.h"
#include "io/io.h"
#include <stdarg.h>

/* UTF-16 in the machine's byte order (the "16" APIs without le/be). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define API_UTF16NATIVE SQLITE_UTF16LE
#else
#define API_UTF16NATIVE SQLITE_UTF16BE
#endif

/* Process-wide settings made through sqlite3_config (invariant 4). */
typedef struct ApiGlobal {
  int bInit;                       /* sqlite3_initialize has completed */
  int eThread;                     /* 0 single-thread, 1 multi, 2 serialized */
  int bMemstat;                    /* SQLITE_CONFIG_MEMSTATUS */
  int bUri;                        /* SQLITE_CONFIG_URI: filenames may be URIs */
  int bCoveringScan;               /* SQLITE_CONFIG_COVERING_INDEX_SCAN */
  int bSmallMalloc;                /* SQLITE_CONFIG_SMALL_MALLOC */
  int bSorterRef;                  /* SQLITE_CONFIG_SORTERREF_SIZE */
  int nStmtSpill;                  /* SQLITE_CONFIG_STMTJRNL_SPILL */
  int szLookaside, nLookaside;     /* SQLITE_CONFIG_LOOKASIDE defaults */
  int szPma;                       /* SQLITE_CONFIG_PMASZ */
  i64 szMmap, mxMmap;              /* SQLITE_CONFIG_MMAP_SIZE */
  i64 mxMemdb;                     /* SQLITE_CONFIG_MEMDB_MAXSIZE */
  sqlite3_mem_methods mem;         /* SQLITE_CONFIG_MALLOC (stored; mem.c allocates) */
  int bMemSet;                     /* mem holds an application allocator */
  sqlite3_mutex_methods mutex;     /* SQLITE_CONFIG_MUTEX (stored) */
  sqlite3_pcache_methods2 pcache2; /* SQLITE_CONFIG_PCACHE2 (stored) */
  void (*xLog)(void *, int, const char *); /* SQLITE_CONFIG_LOG */
  void *pLogArg;
  i64 softHeapLimit;               /* sqlite3_soft_heap_limit64 */
  i64 hardHeapLimit;               /* sqlite3_hard_heap_limit64 */
} ApiGlobal;
extern ApiGlobal api_global;

/* A mutex as the public API hands it out.  p points at m, except for the
** wrapper of a connection's mutex, where it points at db->mutex. */
struct sqlite3_mutex {
  pthread_mutex_t m;               /* storage for our own mutexes */
  pthread_mutex_t *p;              /* the mutex actually locked */
  int id;                          /* SQLITE_MUTEX_* kind */
  int bStatic;                     /* never freed */
};

/* ---- connection armor and mutex (api_misc.c) ---- */
int api_db_ok(sqlite3 *db);           /* open and usable */
int api_db_sick_ok(sqlite3 *db);      /* open, or a zombie (errmsg & co.) */
void api_enter(sqlite3 *db);          /* invariant 2 */
void api_leave(sqlite3 *db);
int api_exit(sqlite3 *db, int rc);    /* invariant 3; also leaves the mutex */
int api_misuse(int iLine);            /* logs "misuse at line N", returns MISUSE */
#define API_MISUSE() api_misuse(__LINE__)
/* Sets "X is not supported yet" on db (may be NULL) and returns rc. */
int api_unsupported(sqlite3 *db, int rc, const char *zApi);

/* ---- initialize (api_config.c) ---- */
int api_auto_init(void);              /* sqlite3_initialize() if not done */

/* ---- mutexes (api_mutex.c) ---- */
sqlite3_mutex *api_mutex_wrap(pthread_mutex_t *p);   /* for sqlite3_db_mutex */
void api_mutex_unwrap(sqlite3_mutex *);

/* ---- VFS (api_vfs.c) ---- */
/* The IoBackend a connection opened with pVfs must use: the native one
** for our built-in VFS (pointer identity), else an adapter (io/io_vfs.c). */
IoBackend *api_vfs_backend(sqlite3_vfs *pVfs);
/* The sqlite3_file wrapper that holds our IoFile (for file_control). */
int api_vfs_is_builtin(sqlite3_vfs *pVfs);

/* ---- UTF-16 helpers (api_misc.c) ---- */
/* Converts NUL-terminated UTF-16 (native byte order) to a mem_malloc'd
** UTF-8 string; NULL on OOM or NULL input. */
char *api_utf16_to_utf8(const void *z, int nByte);
/* Converts UTF-8 to native UTF-16, mem_malloc'd, NUL-terminated. */
void *api_utf8_to_utf16(const char *z, int nByte, int *pnOut);

#endif /* COMPAT_API_H */
