/*
** api_backup.c: the online backup API (sqlite3_backup_*).
**
** A backup copies the source database page by page over the destination
** (engine/conn.c: conn_backup_copy) inside one destination transaction.
** The first sqlite3_backup_step does the whole copy whatever nPage asks
** (SQLite allows finishing early: callers loop until SQLITE_DONE); a busy
** lock makes the step return SQLITE_BUSY and it may be retried.
**
** Invariants:
**   1. Both connections' mutexes are held (source first, then destination)
**      while pages move; never across API calls.
**   2. sqlite3_backup_finish returns the first error of the backup (or
**      SQLITE_OK) and records it on the destination connection.
**   3. Source and destination are distinct databases; the destination has
**      no transaction open when the backup starts.
**
** References: backup.html, c3ref/backup_finish.html.
*/
#include "compat/api.h"
#include "engine/btree.h"

struct sqlite3_backup {
  sqlite3 *pDest;        /* destination connection */
  sqlite3 *pSrc;         /* source connection */
  int iDest, iSrc;       /* database indexes (aDb) */
  u32 nPage;             /* source pages at the last step */
  int bDone;             /* the copy happened */
  int rc;                /* sticky error (SQLITE_DONE when complete) */
};

/* Finds schema zName on db, reporting "unknown database X" on pErrDb. */
static int api_backup_db(sqlite3 *pErrDb, sqlite3 *db, const char *zName) {
  int i = conn_find_db(db, zName ? zName : "main");
  if (i < 0 || db->aDb[i].pBt == NULL) {
    conn_error(pErrDb, SQLITE_ERROR, "unknown database %s", zName ? zName : "main");
    return -1;
  }
  return i;
}

sqlite3_backup *sqlite3_backup_init(sqlite3 *pDest, const char *zDestName, sqlite3 *pSrc,
                                    const char *zSrcName) {
  if (!api_db_ok(pDest) || !api_db_ok(pSrc)) {
    API_MISUSE();
    return NULL;
  }
  sqlite3_backup *p = NULL;
  api_enter(pSrc);
  api_enter(pDest);
  if (pSrc == pDest) {
    conn_error(pDest, SQLITE_ERROR, "source and destination must be distinct");
  } else {
    int iDest = api_backup_db(pDest, pDest, zDestName);
    int iSrc = iDest < 0 ? -1 : api_backup_db(pDest, pSrc, zSrcName);
    if (iSrc >= 0 && btree_txn_state(pDest->aDb[iDest].pBt) != SQLITE_TXN_NONE) {
      conn_error(pDest, SQLITE_ERROR, "destination database is in use");  /* invariant 3 */
    } else if (iSrc >= 0) {
      p = mem_zalloc(sizeof(*p));
      if (p == NULL) pDest->mallocFailed = 1;
      else *p = (sqlite3_backup){pDest, pSrc, iDest, iSrc, 0, 0, SQLITE_OK};
      if (p != NULL) {  /* close refuses while the backup is unfinished */
        pDest->nBackup++;
        pSrc->nBackup++;
      }
    }
  }
  api_leave(pDest);
  api_leave(pSrc);
  if (p == NULL && pDest->mallocFailed) {
    api_enter(pDest);
    api_exit(pDest, SQLITE_NOMEM);
  }
  return p;
}

int sqlite3_backup_step(sqlite3_backup *p, int nPage) {
  UNUSED(nPage);  /* the whole copy happens at once (see the file header) */
  if (p == NULL) return API_MISUSE();
  if (p->bDone || (p->rc != SQLITE_OK && p->rc != SQLITE_BUSY)) return p->rc;
  api_enter(p->pSrc);  /* invariant 1 */
  api_enter(p->pDest);
  int rc;
  if (p->pDest->nVdbeActive > 0 || btree_txn_state(p->pDest->aDb[p->iDest].pBt) != 0 ||
      btree_txn_state(p->pSrc->aDb[p->iSrc].pBt) == SQLITE_TXN_WRITE) {
    /* Either side busy with its own transaction (SQLite also answers BUSY
    ** while the source has a write transaction open); retry later. */
    rc = SQLITE_BUSY;
  } else {
    rc = conn_backup_copy(p->pDest, p->iDest, p->pSrc, p->iSrc, &p->nPage);
  }
  if (rc == SQLITE_OK) {
    p->bDone = 1;
    rc = SQLITE_DONE;
  }
  p->rc = rc;
  api_leave(p->pDest);
  api_leave(p->pSrc);
  return rc;
}

int sqlite3_backup_finish(sqlite3_backup *p) {
  if (p == NULL) return SQLITE_OK;
  sqlite3 *pDest = p->pDest, *pSrc = p->pSrc;
  int rc = p->rc;
  api_enter(pSrc);
  pSrc->nBackup--;
  int bSrcGone = conn_zombie_check(pSrc);  /* a close_v2'd source may go now */
  if (!bSrcGone) api_leave(pSrc);
  /* Completion and retryable lock waits are not errors of the backup. */
  if (rc == SQLITE_DONE || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) rc = SQLITE_OK;
  mem_free(p);
  api_enter(pDest);
  pDest->nBackup--;
  if (rc == SQLITE_OK) conn_error_clear(pDest);
  else conn_error(pDest, rc, NULL);  /* invariant 2 */
  if (conn_zombie_check(pDest)) return rc;
  return api_exit(pDest, rc);
}

int sqlite3_backup_remaining(sqlite3_backup *p) {
  return p == NULL || p->bDone ? 0 : (int)p->nPage;
}

int sqlite3_backup_pagecount(sqlite3_backup *p) { return p == NULL ? 0 : (int)p->nPage; }
