/*
** conn.c: the connection object's life cycle and its error state.
**
** Implements the functions declared at the end of conn.h (conn_error &
** co., collation lookup, busy invocation) and the open/close internals the
** API layer (compat/api_open.c) calls.  URI parsing and VFS lookup happen in
** compat/; this file receives a ready IoBackend.  Also the page-level work
** behind sqlite3_backup (conn_backup_copy) and sqlite3_serialize /
** sqlite3_deserialize (conn_serialize, conn_deserialize), which need the
** pager and so cannot live in compat/.
**
** Invariants:
**   1. db->zErrMsg is NULL or a mem_malloc'd string owned by db.
**   2. A connection is freed only when no statement refers to it: close
**      with statements outstanding either fails (SQLITE_BUSY) or turns the
**      connection into a zombie that conn_zombie_check frees later.
**   3. aDb[0] ("main") always has a Btree once conn_open succeeded; aDb[1]
**      ("temp") gets one on first use (engine code opens it).
**   4. Page copies (backup, deserialize) happen inside one write transaction
**      of the destination, so a failure leaves the destination unchanged;
**      the destination's schema is forgotten afterwards (schema_reset).
**
** References: c3ref/open.html, c3ref/close.html, c3ref/errcode.html.
*/
#include "conn.h"
#include "btree.h"
#include "schema.h"
#include "printf.h"
#include "func.h"
#include "vdbe.h"
#include <stdlib.h>


/* ---- result-code text ---------------------------------------------- */

static const char *const conn_azErrStr[] = {
  "not an error", "SQL logic error", "unknown error", "access permission denied",
  "query aborted", "database is locked", "database table is locked", "out of memory",
  "attempt to write a readonly database", "interrupted", "disk I/O error",
  "database disk image is malformed", "unknown operation", "database or disk is full",
  "unable to open database file", "locking protocol", "unknown error",
  "database schema has changed", "string or blob too big", "constraint failed",
  "datatype mismatch", "bad parameter or other API misuse", "unknown error",
  "authorization denied", "unknown error", "column index out of range",
  "file is not a database", "notification message", "warning message",
};

/* sqlite3_errstr: the English text of a result code (primary code decides,
** except for the few extended codes SQLite words differently). */
const char *conn_errstr(int rc) {
  if (rc == SQLITE_ROW) return "another row available";
  if (rc == SQLITE_DONE) return "no more rows available";
  if (rc == SQLITE_ABORT_ROLLBACK) return "abort due to ROLLBACK";
  rc &= 0xff;
  if (rc < 0 || rc >= ARRAY_SIZE(conn_azErrStr)) return "unknown error";
  return conn_azErrStr[rc];
}

/* The library's source id: SQLite 3.40.1's 60-character id (date and
** check-in; the stock shell refuses to run when these differ) followed by
** our mark.  sqlite3_sourceid() and the SQL sqlite_source_id() share it. */
const char *conn_source_id(void) {
  return "2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd sqlite-ng";
}

/* ---- error state (invariant 1) ------------------------------------- */

void conn_error_clear(sqlite3 *db) {
  ASSERT(db != NULL);
  mem_free(db->zErrMsg);
  db->zErrMsg = NULL;
  db->errCode = SQLITE_OK;
  db->errOffset = -1;
}

int conn_error_take(sqlite3 *db, int rc, char *zMsg) {
  ASSERT(db != NULL);
  mem_free(db->zErrMsg);
  db->zErrMsg = zMsg;
  db->errCode = rc;
  db->errOffset = -1;  /* a caller that knows where the error is sets it after */
  if (rc == SQLITE_NOMEM) db->mallocFailed = 1;
  return rc;
}

int conn_verror(sqlite3 *db, int rc, const char *zFmt, va_list ap) {
  char *zMsg = NULL;
  ASSERT(db != NULL);
  if (zFmt != NULL) {
    /* The engine's formatter, so %q/%Q/%w work in messages. */
    zMsg = str_vmprintf(zFmt, ap);
    if (zMsg == NULL) rc = SQLITE_NOMEM;
  }
  return conn_error_take(db, rc, zMsg);
}

int conn_error(sqlite3 *db, int rc, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  rc = conn_verror(db, rc, zFmt, ap);
  va_end(ap);
  return rc;
}

/* The message sqlite3_errmsg reports for db (db is valid). */
const char *conn_errmsg(sqlite3 *db) {
  ASSERT(db != NULL);
  if (db->mallocFailed) return conn_errstr(SQLITE_NOMEM);
  if (db->zErrMsg != NULL && db->errCode != SQLITE_OK) return db->zErrMsg;
  return conn_errstr(db->errCode);
}

/* ---- busy handling ------------------------------------------------- */

int conn_invoke_busy(void *pDb, int nPrior) {
  sqlite3 *db = pDb;
  if (db == NULL || db->xBusy == NULL || nPrior < 0) return 0;
  return db->xBusy(db->pBusyArg, nPrior);
}

/* ---- lookups ------------------------------------------------------- */

static Coll *conn_coll_scan(sqlite3 *db, const char *zName) {
  for (Coll *p = db->pColl; p != NULL; p = p->pNext) {
    if (str_icmp(p->zName, zName) == 0) return p;
  }
  if (str_icmp(zName, "BINARY") == 0) return &value_coll_binary;
  if (str_icmp(zName, "NOCASE") == 0) return &value_coll_nocase;
  if (str_icmp(zName, "RTRIM") == 0) return &value_coll_rtrim;
  return NULL;
}

Coll *conn_find_coll(sqlite3 *db, const char *zName) {
  ASSERT(db != NULL);
  if (zName == NULL) return &value_coll_binary;
  Coll *p = conn_coll_scan(db, zName);
  if (p == NULL && db->xCollNeeded != NULL) {
    /* The application may register the collation from inside the call. */
    db->xCollNeeded(db->pCollNeededArg, db, SQLITE_UTF8, zName);
    p = conn_coll_scan(db, zName);
  }
  return p;
}

int conn_find_db(sqlite3 *db, const char *zName) {
  ASSERT(db != NULL);
  if (zName == NULL) return 0;
  for (int i = 0; i < db->nDb; i++) {
    if (db->aDb[i].zDbSName != NULL && str_icmp(db->aDb[i].zDbSName, zName) == 0) return i;
  }
  if (str_icmp(zName, "main") == 0) return 0;
  return -1;
}

/* Adds, replaces or (xCmp NULL) removes a collation.  Takes ownership of
** pUser through xDel: xDel runs when the entry is replaced or freed. */
int conn_set_coll(sqlite3 *db, const char *zName, u8 enc, void *pUser,
                  int (*xCmp)(void *, int, const void *, int, const void *),
                  void (*xDel)(void *)) {
  ASSERT(db != NULL && zName != NULL);
  ASSERT(enc == SQLITE_UTF8 || enc == SQLITE_UTF16LE || enc == SQLITE_UTF16BE);
  for (Coll **pp = &db->pColl; *pp != NULL; pp = &(*pp)->pNext) {
    Coll *p = *pp;
    if (str_icmp(p->zName, zName) != 0 || p->enc != enc) continue;
    if (p->xDel != NULL) p->xDel(p->pUser);
    *pp = p->pNext;
    mem_free(p->zName);
    mem_free(p);
    break;
  }
  if (xCmp == NULL) return SQLITE_OK;
  Coll *p = mem_zalloc(sizeof(*p));
  char *zCopy = mem_strdup(zName);
  if (p == NULL || zCopy == NULL) {
    mem_free(p);
    mem_free(zCopy);
    return SQLITE_NOMEM;
  }
  p->zName = zCopy;
  p->enc = enc;
  p->pUser = pUser;
  p->xCmp = xCmp;
  p->xDel = xDel;
  p->pNext = db->pColl;
  db->pColl = p;
  return SQLITE_OK;
}

/* Adds or replaces a module (create_module); xDestroy(pAux) runs when the
** entry is replaced or freed, and on failure. */
int conn_set_module(sqlite3 *db, const char *zName, const sqlite3_module *pMod, void *pAux,
                    void (*xDestroy)(void *)) {
  ASSERT(db != NULL && zName != NULL);
  for (ConnModule **pp = &db->pModule; *pp != NULL; pp = &(*pp)->pNext) {
    ConnModule *p = *pp;
    if (str_icmp(p->zName, zName) != 0) continue;
    if (p->xDestroy != NULL) p->xDestroy(p->pAux);
    *pp = p->pNext;
    mem_free(p->zName);
    mem_free(p);
    break;
  }
  if (pMod == NULL) return SQLITE_OK;
  ConnModule *p = mem_zalloc(sizeof(*p));
  char *zCopy = mem_strdup(zName);
  if (p == NULL || zCopy == NULL) {
    mem_free(p);
    mem_free(zCopy);
    if (xDestroy != NULL) xDestroy(pAux);
    return SQLITE_NOMEM;
  }
  *p = (ConnModule){zCopy, pMod, pAux, xDestroy, db->pModule};
  db->pModule = p;
  return SQLITE_OK;
}

/* sqlite3_drop_modules: drops every module not named in azKeep. */
void conn_drop_modules(sqlite3 *db, const char **azKeep) {
  ConnModule **pp = &db->pModule;
  while (*pp != NULL) {
    ConnModule *p = *pp;
    int bKeep = 0;
    for (int i = 0; azKeep != NULL && azKeep[i] != NULL; i++) {
      if (str_icmp(azKeep[i], p->zName) == 0) bKeep = 1;
    }
    if (bKeep) {
      pp = &p->pNext;
      continue;
    }
    *pp = p->pNext;
    if (p->xDestroy != NULL) p->xDestroy(p->pAux);
    mem_free(p->zName);
    mem_free(p);
  }
}

/* ---- open ---------------------------------------------------------- */

static const int conn_aLimitDefault[12] = {
  1000000000, /* LENGTH */
  1000000000, /* SQL_LENGTH */
  2000,       /* COLUMN */
  1000,       /* EXPR_DEPTH */
  500,        /* COMPOUND_SELECT */
  250000000,  /* VDBE_OP */
  127,        /* FUNCTION_ARG */
  10,         /* ATTACHED */
  50000,      /* LIKE_PATTERN_LENGTH */
  250000,     /* VARIABLE_NUMBER */
  1000,       /* TRIGGER_DEPTH */
  0,          /* WORKER_THREADS */
};

/* The compile-time maximum of each limit (sqlite3_limit clamps to it). */
int conn_limit_max(int id) {
  static const int aMax[12] = {1000000000, 1000000000, 2000,  1000, 500, 250000000,
                               127,        10,         50000, 250000, 1000, 8};
  ASSERT(id >= 0 && id < 12);
  return aMax[id];
}

static sqlite3 *conn_alloc(void) {
  sqlite3 *db = mem_zalloc(sizeof(*db));
  if (db == NULL) return NULL;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&db->mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  db->magic = CONN_MAGIC_BUSY;
  db->errMask = 0xff;
  db->errOffset = -1;
  db->enc = SQLITE_UTF8;
  db->autoCommit = 1;
  memcpy(db->aLimit, conn_aLimitDefault, sizeof(db->aLimit));
  /* The defaults of Debian's build: triggers, views, DQS accepted, the C
  ** load_extension entry point on (the SQL function off), trusted schema
  ** on, recursive triggers on (DEFAULT_RECURSIVE_TRIGGERS). */
  db->flags = CONN_FLAG_LOAD_EXT | CONN_FLAG_TRIGGER | CONN_FLAG_VIEW | CONN_FLAG_DQS_DML |
              CONN_FLAG_DQS_DDL | CONN_FLAG_TRUSTED_SCHEMA | CONN_FLAG_SHORT_COLNAMES |
              CONN_FLAG_RECURSIVE_TRIG;
  db->nDb = 2;
  db->aDb[0].zDbSName = "main";
  db->aDb[1].zDbSName = "temp";
  db->aDb[0].safetyLevel = 3;
  db->aDb[1].safetyLevel = 1;
  return db;
}

/* Opens a connection on zPath (already decoded: NULL or "" for a private
** temporary database, ":memory:" or bMemory for an in-memory one) with the
** backend pIo.  On every path *ppDb is set: a connection the caller must
** close even on failure (as sqlite3_open does), or NULL when out of memory.
** Returns SQLITE_OK, SQLITE_NOMEM, SQLITE_CANTOPEN, SQLITE_PERM. */
int conn_open(const char *zPath, int bMemory, int flags, sqlite3_vfs *pVfs, IoBackend *pIo,
              sqlite3 **ppDb) {
  ASSERT(ppDb != NULL && pIo != NULL);
  sqlite3 *db = conn_alloc();
  *ppDb = db;
  if (db == NULL) return SQLITE_NOMEM;
  db->pIo = pIo;
  db->pVfs = pVfs;
  db->openFlags = flags;
  if (zPath != NULL && strcmp(zPath, ":memory:") == 0) bMemory = 1;
  int pagerFlags = bMemory ? PAGER_MEMORY : 0;
  int rc = btree_open(pIo, bMemory ? ":memory:" : zPath, pagerFlags, flags, &db->aDb[0].pBt);
  db->magic = CONN_MAGIC_OPEN;
  if (rc == SQLITE_OK) pager_set_busy_handler(btree_pager(db->aDb[0].pBt), conn_invoke_busy, db);
  if (rc == SQLITE_NOMEM) {
    db->mallocFailed = 1;
    return conn_error(db, SQLITE_NOMEM, NULL);
  }
  if (rc != SQLITE_OK) {
    db->aDb[0].pBt = NULL;
    return conn_error(db, rc, "%s", conn_errstr(rc));
  }
  return SQLITE_OK;
}

/* ---- close --------------------------------------------------------- */

static void conn_free_colls(sqlite3 *db) {
  while (db->pColl != NULL) {
    Coll *p = db->pColl;
    db->pColl = p->pNext;
    if (p->xDel != NULL) p->xDel(p->pUser);
    mem_free(p->zName);
    mem_free(p);
  }
}

/* Releases everything: files, schemas, registrations, the struct. */
static void conn_free(sqlite3 *db) {
  ASSERT(db->pVdbe == NULL);
  /* An open transaction (BEGIN or SAVEPOINT never ended) is rolled back, as
  ** SQLite's close does: its rollback hook fires and the savepoint stack
  ** is freed. */
  if (!db->autoCommit || db->pSavepoint != NULL) vdbe_rollback_all(db, SQLITE_OK);
  schema_free_all(db);
  for (int i = 0; i < db->nDb; i++) {
    if (db->aDb[i].pBt != NULL) btree_close(db->aDb[i].pBt);
    db->aDb[i].pBt = NULL;
    if (i >= 2) mem_free(db->aDb[i].zDbSName);
  }
  func_free_all(db);
  conn_free_colls(db);
  conn_drop_modules(db, NULL);
  mem_free(db->zErrMsg);
  mem_free(db->zFilename);
  mem_free(db->pMutexApi);  /* a plain wrapper: no resources of its own */
  db->magic = CONN_MAGIC_CLOSED;
  pthread_mutex_destroy(&db->mutex);
  mem_free(db);
}

/* Closes db (invariant 2).  With statements outstanding: SQLITE_BUSY and
** SQLite's message unless bZombieOk, in which case the connection becomes
** a zombie freed by the last finalize.  The caller holds db->mutex and must
** not touch db after SQLITE_OK (the mutex is gone with it). */
int conn_close(sqlite3 *db, int bZombieOk) {
  ASSERT(db != NULL);
  ASSERT(db->magic == CONN_MAGIC_OPEN || db->magic == CONN_MAGIC_ZOMBIE);
  if (db->pVdbe != NULL || db->nBackup > 0) {
    if (!bZombieOk) {
      return conn_error(db, SQLITE_BUSY,
                        "unable to close due to unfinalized statements or unfinished backups");
    }
    db->magic = CONN_MAGIC_ZOMBIE;
    return SQLITE_OK;
  }
  pthread_mutex_unlock(&db->mutex);
  conn_free(db);
  return SQLITE_OK;
}

/* Frees a zombie whose last statement is gone.  Returns 1 if db was freed
** (the caller then must not unlock its mutex). */
int conn_zombie_check(sqlite3 *db) {
  if (db == NULL || db->magic != CONN_MAGIC_ZOMBIE || db->pVdbe != NULL || db->nBackup > 0) {
    return 0;
  }
  pthread_mutex_unlock(&db->mutex);
  conn_free(db);
  return 1;
}

/* ---- backup (sqlite3_backup_*) -------------------------------------- */

/* Copies pages 1..nPage of pS over pD (both in transactions). */
static int conn_backup_pages(Pager *pS, Pager *pD, u32 nPage, u32 szPage) {
  u32 pgnoLock = 0x40000000u / szPage + 1;  /* the lock-byte page is never used */
  for (u32 pgno = 1; pgno <= nPage; pgno++) {
    if (pgno == pgnoLock) continue;
    PgPage *pgS = NULL, *pgD = NULL;
    int rc = pager_get(pS, pgno, 0, &pgS);
    if (rc == SQLITE_OK) rc = pager_get(pD, pgno, PAGER_GET_NOCONTENT, &pgD);
    if (rc == SQLITE_OK) rc = pager_write(pgD);
    if (rc == SQLITE_OK) memcpy(pgD->aData, pgS->aData, szPage);
    pager_unref(pgS);
    pager_unref(pgD);
    if (rc != SQLITE_OK) return rc;
  }
  pager_truncate_image(pD, nPage);
  return SQLITE_OK;
}

/* Reads the reserved-bytes field of pS's header (0 when unreadable). */
static int conn_backup_reserve(Pager *pS) {
  PgPage *pg = NULL;
  if (pager_page_count(pS) == 0 || pager_get(pS, 1, 0, &pg) != SQLITE_OK) return 0;
  int nReserve = pg->aData[20];
  pager_unref(pg);
  return nReserve;
}

/* Copies database iSrc of pSrc over database iDest of pDest page by page,
** in one destination transaction (the whole of an sqlite3_backup).  The
** caller holds both connection mutexes; neither database may be used by a
** running statement of its connection.  *pnPage receives the source's page
** count.  Returns SQLITE_OK, SQLITE_BUSY (a lock; retry later),
** SQLITE_READONLY (page sizes differ and the destination is not empty, or
** it is read-only), SQLITE_NOMEM, SQLITE_CORRUPT or an IOERR.  The
** destination's schema is forgotten so the next statement reloads it. */
int conn_backup_copy(sqlite3 *pDest, int iDest, sqlite3 *pSrc, int iSrc, u32 *pnPage) {
  Btree *pBtS = pSrc->aDb[iSrc].pBt, *pBtD = pDest->aDb[iDest].pBt;
  ASSERT(pBtS != NULL && pBtD != NULL && pBtS != pBtD);
  ASSERT(btree_txn_state(pBtD) == SQLITE_TXN_NONE);
  int bEndRead = btree_txn_state(pBtS) == SQLITE_TXN_NONE;
  int rc = btree_begin(pBtS, BTREE_TXN_READ);
  if (rc != SQLITE_OK) return rc;
  Pager *pS = btree_pager(pBtS), *pD = btree_pager(pBtD);
  u32 nPage = pager_page_count(pS), szPage = btree_page_size(pBtS);
  *pnPage = nPage;
  btree_set_page_size(pBtD, szPage, conn_backup_reserve(pS));  /* no-op unless empty */
  rc = btree_begin(pBtD, BTREE_TXN_WRITE);
  if (rc == SQLITE_OK && btree_page_size(pBtD) != szPage) rc = SQLITE_READONLY;
  if (rc == SQLITE_OK && nPage > 0) rc = conn_backup_pages(pS, pD, nPage, szPage);
  if (rc == SQLITE_OK) rc = btree_commit(pBtD);
  if (rc != SQLITE_OK && btree_txn_state(pBtD) != SQLITE_TXN_NONE) btree_rollback(pBtD);
  if (bEndRead) btree_commit(pBtS);
  schema_reset(pDest, iDest);
  return rc;
}

/* ---- serialize / deserialize ---------------------------------------- */

/* The image of database iDb as one buffer of page_count * page_size bytes
** (mem_malloc'd, owned by the caller).  An empty database gives NULL with
** *pnOut 0 and SQLITE_OK, as SQLite's serialize returns NULL for it.
** Returns SQLITE_OK, SQLITE_BUSY, SQLITE_NOMEM, SQLITE_CORRUPT, IOERR. */
int conn_serialize(sqlite3 *db, int iDb, u8 **ppOut, i64 *pnOut) {
  Btree *pBt = db->aDb[iDb].pBt;
  ASSERT(pBt != NULL && ppOut != NULL && pnOut != NULL);
  *ppOut = NULL;
  *pnOut = 0;
  int bEnd = btree_txn_state(pBt) == SQLITE_TXN_NONE;
  int rc = btree_begin(pBt, BTREE_TXN_READ);
  if (rc != SQLITE_OK) return rc;
  Pager *pPager = btree_pager(pBt);
  u32 nPage = pager_page_count(pPager), szPage = btree_page_size(pBt);
  u8 *a = nPage > 0 ? mem_malloc((u64)nPage * szPage) : NULL;
  if (nPage > 0 && a == NULL) rc = SQLITE_NOMEM;
  for (u32 pgno = 1; rc == SQLITE_OK && pgno <= nPage; pgno++) {
    PgPage *pg = NULL;
    rc = pager_get(pPager, pgno, 0, &pg);
    if (rc == SQLITE_OK) memcpy(a + (u64)(pgno - 1) * szPage, pg->aData, szPage);
    pager_unref(pg);
  }
  if (bEnd) btree_commit(pBt);
  if (rc != SQLITE_OK) {
    mem_free(a);
    return rc;
  }
  *ppOut = a;
  *pnOut = (i64)nPage * szPage;
  return SQLITE_OK;
}

/* Loads an image into an empty in-memory btree (one write transaction).
** An image whose header names no valid page size is stored as 512-byte
** pages anyway (zero-padded), so the first read reports it exactly as
** SQLite does ("file is not a database"). */
static int conn_image_load(Btree *pBt, const u8 *aData, i64 nData) {
  u32 szPage = nData >= 100 ? get2(aData + 16) : 0;
  if (szPage == 1) szPage = 65536;
  int bValid = szPage >= 512 && (szPage & (szPage - 1)) == 0 && nData % szPage == 0;
  if (!bValid) szPage = 512;
  btree_set_page_size(pBt, szPage, bValid ? aData[20] : 0);
  int rc = btree_begin(pBt, BTREE_TXN_WRITE);
  if (rc != SQLITE_OK) return rc;
  Pager *pPager = btree_pager(pBt);
  u32 nPage = (u32)((nData + szPage - 1) / szPage);
  if (btree_page_size(pBt) != szPage) rc = SQLITE_NOTADB;
  for (u32 pgno = 1; rc == SQLITE_OK && pgno <= nPage; pgno++) {
    PgPage *pg = NULL;
    i64 iOff = (i64)(pgno - 1) * szPage;
    i64 n = nData - iOff < (i64)szPage ? nData - iOff : (i64)szPage;
    rc = pager_get(pPager, pgno, PAGER_GET_NOCONTENT, &pg);
    if (rc == SQLITE_OK) rc = pager_write(pg);
    if (rc == SQLITE_OK) {
      memcpy(pg->aData, aData + iOff, (size_t)n);
      memset(pg->aData + n, 0, (size_t)(szPage - n));
    }
    pager_unref(pg);
  }
  if (rc == SQLITE_OK) rc = btree_commit(pBt);
  if (rc != SQLITE_OK) btree_rollback(pBt);
  return rc;
}

/* Replaces database iDb with an in-memory copy of the nData-byte image
** (sqlite3_deserialize; the caller keeps aData).  The old file is closed;
** the schema is forgotten.  A malformed image is detected by the first
** statement ("file is not a database"), as in SQLite.  Returns SQLITE_OK,
** SQLITE_NOMEM or an error of the copy; on error database iDb is left as
** it was. */
int conn_deserialize(sqlite3 *db, int iDb, const u8 *aData, i64 nData) {
  ASSERT(iDb >= 0 && iDb < db->nDb && db->aDb[iDb].pBt != NULL);
  Btree *pNew = NULL;
  int rc = btree_open(db->pIo, ":memory:", PAGER_MEMORY,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY |
                          (iDb == 0 ? SQLITE_OPEN_MAIN_DB : 0), &pNew);
  if (rc == SQLITE_OK && nData > 0) rc = conn_image_load(pNew, aData, nData);
  if (rc != SQLITE_OK) {
    if (pNew != NULL) btree_close(pNew);
    return rc;
  }
  btree_close(db->aDb[iDb].pBt);
  db->aDb[iDb].pBt = pNew;
  pager_set_busy_handler(btree_pager(pNew), conn_invoke_busy, db);
  schema_reset(db, iDb);
  return SQLITE_OK;
}
