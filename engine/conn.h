/*
** conn.h: the database connection (struct sqlite3) as every engine layer
** sees it.
**
** Owns: the attached database files (aDb[0] "main", aDb[1] "temp"), the
** connection's error state, limits, registered functions, collations and
** modules, change counters, busy handler, and the list of its statements.
**
** Invariants:
**   1. Every public API entry holds db->mutex (recursive) while it touches
**      the connection; engine code below compat/ assumes it is held.
**   2. errCode/zErrMsg describe the most recent API call's outcome.
**   3. magic is CONN_MAGIC_OPEN while usable, CONN_MAGIC_ZOMBIE after
**      close_v2 with statements outstanding, CONN_MAGIC_CLOSED after.
**
** Ownership: conn.c (sections marked with an owner) creates and frees
** everything here.  Fields are appended in the section of the layer that
** needs them; no layer writes another's section.
*/
#ifndef ENGINE_CONN_H
#define ENGINE_CONN_H

#include "core.h"
#include "value.h"
#include "../io/io.h"
#include <pthread.h>
#include <stdarg.h>

typedef struct sqlite3 sqlite3;
typedef struct Btree Btree;
typedef struct Schema Schema;
typedef struct FuncDef FuncDef;
typedef struct sqlite3_stmt Vdbe;  /* a statement; defined in vdbe_int.h */
typedef struct Hash Hash;

#define CONN_MAGIC_OPEN 0xa029a697u
#define CONN_MAGIC_ZOMBIE 0x64cffc7fu
#define CONN_MAGIC_CLOSED 0x9f3c2d2fu
#define CONN_MAGIC_BUSY 0xf03b7906u   /* being opened */

#define CONN_MAX_DB 12                /* main, temp, and 10 attached (MAX_ATTACHED=10) */

/* One attached database. */
typedef struct Db {
  char *zDbSName;       /* "main", "temp", or the ATTACH name */
  Btree *pBt;           /* NULL for a temp db not yet opened */
  Schema *pSchema;      /* parsed schema, owned here (schema.c frees it) */
  u8 safetyLevel;       /* PRAGMA synchronous + 1 */
} Db;

/* A registered virtual-table module (sqlite3_create_module). */
typedef struct ConnModule {
  char *zName;
  const sqlite3_module *pModule;
  void *pAux;
  void (*xDestroy)(void *);
  struct ConnModule *pNext;
} ConnModule;

struct sqlite3 {
  /* ---- connection core (compat/conn.c) ---- */
  u32 magic;                /* invariant 3 */
  pthread_mutex_t mutex;    /* recursive; invariant 1 */
  IoBackend *pIo;           /* the I/O backend (from the VFS used to open) */
  sqlite3_vfs *pVfs;        /* the sqlite3_vfs object named at open */
  int openFlags;            /* SQLITE_OPEN_* given to open_v2 */
  int nDb;                  /* number of entries used in aDb */
  Db aDb[CONN_MAX_DB];      /* aDb[0] main, aDb[1] temp */
  int errCode;              /* extended code of the last call (invariant 2) */
  int errMask;              /* 0xff unless extended_result_codes(db,1) */
  char *zErrMsg;            /* mem_malloc'd message, NULL: use sqlite3_errstr */
  int errOffset;            /* sqlite3_error_offset(), -1 if none */
  int aLimit[12];           /* SQLITE_LIMIT_* current values */
  u64 flags;                /* CONN_FLAG_* and db_config bits */
  u8 enc;                   /* text encoding of main: SQLITE_UTF8 etc. */
  u8 autoCommit;            /* 1 unless inside BEGIN ... COMMIT */
  u8 mallocFailed;          /* an OOM happened in this call */
  u8 bBenignMalloc;
  i64 lastRowid;            /* sqlite3_last_insert_rowid */
  i64 nChange;              /* sqlite3_changes64 */
  i64 nTotalChange;         /* sqlite3_total_changes64 */
  volatile int isInterrupted; /* sqlite3_interrupt */
  int (*xBusy)(void *, int);/* busy handler */
  void *pBusyArg;
  int busyTimeout;          /* ms, for the built-in timeout handler; 0 = none */
  Vdbe *pVdbe;              /* all prepared statements (linked list) */
  int nVdbeActive;          /* statements currently running */
  int nVdbeWrite;           /* ... of which writing */
  Coll *pColl;              /* registered collations (BINARY/NOCASE/RTRIM built in) */
  ConnModule *pModule;      /* registered virtual-table modules */
  Hash *pFuncs;             /* application-defined functions (func.c) */
  /* hooks set through the API; invoked by the VM */
  int (*xCommitHook)(void *); void *pCommitArg;
  void (*xRollbackHook)(void *); void *pRollbackArg;
  void (*xUpdateHook)(void *, int, const char *, const char *, sqlite3_int64); void *pUpdateArg;
  int (*xAuth)(void *, int, const char *, const char *, const char *, const char *); void *pAuthArg;
  int (*xProgress)(void *); void *pProgressArg; int nProgressOps;
  int (*xWalHook)(void *, sqlite3 *, const char *, int); void *pWalArg;
  unsigned traceMask; int (*xTrace)(unsigned, void *, void *, void *); void *pTraceArg;
  void (*xCollNeeded)(void *, sqlite3 *, int, const char *); void *pCollNeededArg;
  void (*xCollNeeded16)(void *, sqlite3 *, int, const void *); /* collation_needed16 */
  void (*xProfile)(void *, const char *, sqlite3_uint64); void *pProfileArg; /* sqlite3_profile */
  void (*xLegacyTrace)(void *, const char *); void *pLegacyTraceArg;           /* sqlite3_trace */
  struct sqlite3_mutex *pMutexApi; /* sqlite3_db_mutex(): a wrapper of mutex */
  char *zFilename;          /* main's name as xOpen sees it: "path\0k\0v\0...\0\0" */
  int nWalAutockpt;         /* sqlite3_wal_autocheckpoint (stored) */
  int szLookaside, nLookaside; /* SQLITE_DBCONFIG_LOOKASIDE (stored; no lookaside) */
  i64 nAnalysisLimit;       /* reserved */
  struct { Vdbe *p; i64 iStart; } aTraceStart[4]; /* compat: profile start times */
  int nBackup;              /* unfinished sqlite3_backup objects using this db */
  /* ---- schema and code generation (engine/schema.c, cg_*.c) ---- */
  int nSchemaLock;          /* >0 while a statement reads schema objects */
  u32 schemaCookieSeen;     /* cookie of the schema currently parsed for main */
  int bInitBusy;            /* schema being loaded */
  int nCacheSize;           /* PRAGMA cache_size as last set (0: default -2000) */
  /* ---- VM (engine/vdbe*.c) ---- */
  int nStatement;           /* open statement savepoints */
  int nSavepoint;           /* named SAVEPOINTs open */
  void *pSavepoint;         /* stack of named savepoints (vdbe owns the type) */
  int nDeferredCons;        /* deferred FK violations (later) */
  u8 bSchemaChanged;        /* the open transaction changed a schema: ROLLBACK then
                            ** aborts every pending statement, not only writers */
  u32 nVdbeCacheGen;        /* bumped by every cursor move or write of any statement:
                            ** invalidates the VM's row caches (vdbe_int.h inv. 3) */
  /* ---- functions (engine/func.c) ---- */
  FuncDef *pFuncList;       /* application-defined functions, newest first */
};

/* flags */
#define CONN_FLAG_LEGACY_ALTER   0x00000001ULL
#define CONN_FLAG_FKEY           0x00000002ULL /* PRAGMA foreign_keys */
#define CONN_FLAG_RECURSIVE_TRIG 0x00000004ULL
#define CONN_FLAG_TRIGGER        0x00000008ULL /* SQLITE_DBCONFIG_ENABLE_TRIGGER */
#define CONN_FLAG_VIEW           0x00000010ULL
#define CONN_FLAG_DQS_DML        0x00000020ULL /* double-quoted strings in DML */
#define CONN_FLAG_DQS_DDL        0x00000040ULL
#define CONN_FLAG_LOAD_EXT       0x00000080ULL
#define CONN_FLAG_DEFENSIVE      0x00000100ULL
#define CONN_FLAG_WRITABLE_SCHEMA 0x00000200ULL
#define CONN_FLAG_CASE_LIKE      0x00000400ULL /* PRAGMA case_sensitive_like */
#define CONN_FLAG_REVERSE_ORDER  0x00000800ULL /* PRAGMA reverse_unordered_selects */
#define CONN_FLAG_TRUSTED_SCHEMA 0x00001000ULL
#define CONN_FLAG_SHORT_COLNAMES 0x00002000ULL
#define CONN_FLAG_QUERY_ONLY     0x00004000ULL
#define CONN_FLAG_COUNT_CHANGES  0x00008000ULL
#define CONN_FLAG_FULL_COLNAMES  0x00010000ULL
/* db_config switches with no engine meaning yet (compat stores them) */
#define CONN_FLAG_FTS3_TOKENIZER 0x00020000ULL
#define CONN_FLAG_NO_CKPT_CLOSE  0x00040000ULL
#define CONN_FLAG_QPSG           0x00080000ULL
#define CONN_FLAG_TRIGGER_EQP    0x00100000ULL
#define CONN_FLAG_RESET_DB       0x00200000ULL
#define CONN_FLAG_LEGACY_FORMAT  0x00400000ULL
#define CONN_FLAG_LOAD_EXT_FUNC  0x00800000ULL /* SQL load_extension() allowed */

/* ---- conn.c: error state (invariant 2) ----
** conn_error sets errCode and a printf-formatted message (zFmt NULL: no
** message, sqlite3_errmsg then gives sqlite3_errstr(rc)).  Returns rc.
** Every conn_error* resets errOffset to -1; code that knows the byte offset
** of the offending token in the SQL text (parser, resolver) stores it in
** db->errOffset right after the call: sqlite3_error_offset() reports it and
** the stock shell prints its "^--- error here" line from it. */
int conn_error(sqlite3 *, int rc, const char *zFmt, ...);
int conn_verror(sqlite3 *, int rc, const char *zFmt, va_list);
void conn_error_clear(sqlite3 *);
/* Takes ownership of zMsg (mem_malloc'd). */
int conn_error_take(sqlite3 *, int rc, char *zMsg);
/* The busy handler as the pager wants it (pArg is the sqlite3*). */
int conn_invoke_busy(void *pDb, int nPrior);
/* Finds a collation by name (case-insensitive), asking xCollNeeded once. */
Coll *conn_find_coll(sqlite3 *, const char *zName);
/* Finds the Db index of schema name zName ("main", "temp", attached); -1. */
int conn_find_db(sqlite3 *, const char *zName);

/* ---- conn.c: result-code text, registrations, life cycle ---- */
const char *conn_errstr(int rc);                 /* sqlite3_errstr */
const char *conn_source_id(void);                /* sqlite3_sourceid, sqlite_source_id() */
const char *conn_errmsg(sqlite3 *);              /* sqlite3_errmsg for a valid db */
int conn_limit_max(int id);                      /* compile-time cap of SQLITE_LIMIT_id */
/* Adds/replaces/(xCmp NULL) removes a collation; xDel(pUser) on replace and free. */
int conn_set_coll(sqlite3 *, const char *zName, u8 enc, void *pUser,
                  int (*xCmp)(void *, int, const void *, int, const void *), void (*xDel)(void *));
/* Adds/replaces/(pMod NULL) removes a module; xDestroy(pAux) on replace, free, failure. */
int conn_set_module(sqlite3 *, const char *zName, const sqlite3_module *pMod, void *pAux,
                    void (*xDestroy)(void *));
void conn_drop_modules(sqlite3 *, const char **azKeep);
/* Opens a connection (see conn.c); *ppDb set on every path but OOM. */
int conn_open(const char *zPath, int bMemory, int flags, sqlite3_vfs *pVfs, IoBackend *pIo,
              sqlite3 **ppDb);
/* Closes (caller holds db->mutex; on SQLITE_OK db is gone unless it became a zombie). */
int conn_close(sqlite3 *, int bZombieOk);
int conn_zombie_check(sqlite3 *);                /* 1: zombie freed (mutex gone) */
/* Page-by-page copy of one database over another (sqlite3_backup). */
int conn_backup_copy(sqlite3 *pDest, int iDest, sqlite3 *pSrc, int iSrc, u32 *pnPage);
/* sqlite3_serialize / sqlite3_deserialize (see conn.c). */
int conn_serialize(sqlite3 *, int iDb, u8 **ppOut, i64 *pnOut);
int conn_deserialize(sqlite3 *, int iDb, const u8 *aData, i64 nData);

#endif /* ENGINE_CONN_H */
