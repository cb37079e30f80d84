/*
** pager.h: the page cache and transaction manager for one database file.
**
** Owns: the database IoFile and its locks, the rollback journal (SQLite's
** journal format, journal_mode DELETE), hot-journal recovery, the page
** cache (pcache.c) with its size limit, statement/savepoint sub-journals,
** and the four header fields it maintains at commit: the file change
** counter (offset 24), the in-header page count (28), version-valid-for
** (92) and the library version number (96).  Everything else in page 1 is
** the btree's.
**
** Life of a transaction, as the btree drives it:
**   pager_read_begin      SHARED lock; rolls back a hot journal; drops the
**                         cache if another process changed the file.
**   pager_get/pager_unref  reference pages (refcounted PgPage handles).
**   pager_write_begin     RESERVED lock: this connection is the writer.
**   pager_write(pg)       before changing pg->aData: journals the original.
**   pager_commit          journal sync, EXCLUSIVE lock (busy handler
**                         honoured), dirty pages out, db sync, journal gone.
**   or pager_rollback     originals restored, journal gone.
**   pager_read_end        back to no lock (when no write txn is open).
** pager_commit and pager_rollback end the write transaction but leave the
** read transaction (SHARED) open: call pager_read_end afterwards.
**
** Cache: clean unreferenced pages are evicted LRU when the cache is over
** its limit.  When only dirty pages are left, a file database spills some
** of them to the database file in the middle of the transaction (taking
** EXCLUSIVE and syncing the journal first, as a commit does), unless
** PRAGMA cache_spill turned that off; then, or when the lock is busy, the
** cache grows until commit or rollback.
**
** Invariants:
**   1. A page's bytes are never modified unless pager_write returned
**      SQLITE_OK for it in the current write transaction.
**   2. Before any database page is overwritten on disk, its original is in
**      the journal and the journal is synced (unless synchronous=OFF).
**   3. At commit and rollback no page may be referenced except page 1 when
**      the caller holds it (the btree releases its references first); the
**      pager asserts no other outstanding references.
**   4. An in-memory pager (":memory:") never touches a file; its journal
**      is a set of in-memory page copies.
**   5. After an I/O error in a write transaction the pager is in an error
**      state: every call fails with that error until pager_rollback.
**
** Callers: btree.c only (and unit tests).  Not thread-safe by itself: the
** connection mutex serializes access.
*/
#ifndef ENGINE_PAGER_H
#define ENGINE_PAGER_H

#include "core.h"
#include "../io/io.h"

typedef struct Pager Pager;
typedef struct PgPage PgPage;

/* A referenced page.  aData and pExtra stay valid while referenced.
** pExtra is zeroed whenever the pager (re)loads aData: on first load, when
** another connection's commit made the cache stale (pager_read_begin),
** and for every page whose content pager_rollback or a savepoint
** rollback restored -- referenced pages included, so the btree must
** re-initialize any parsed state it keeps there. */
struct PgPage {
  u8 *aData;      /* page content: pager_page_size() bytes */
  void *pExtra;   /* szExtra bytes for the btree, zeroed when (re)loaded */
  u32 pgno;       /* page number, 1-based */
};

/* pager_open flags (besides SQLITE_OPEN_* passed through to io) */
#define PAGER_MEMORY 0x01   /* in-memory database: no file at all */

/* pager_get flags */
#define PAGER_GET_NOCONTENT 0x01  /* caller overwrites the whole page: skip the read */

/* Savepoint operations */
#define PAGER_SAVEPOINT_RELEASE 1
#define PAGER_SAVEPOINT_ROLLBACK 2

/* Opens a pager on zPath ("" or NULL: private temporary file; with
** PAGER_MEMORY: in-memory).  openFlags are SQLITE_OPEN_* (READONLY,
** READWRITE, CREATE, ...).  szExtra: bytes of per-page extra space.
** Does not read the file yet.  On success *ppPager is owned by the caller
** (pager_close).  Returns SQLITE_OK, SQLITE_CANTOPEN, SQLITE_NOMEM. */
int pager_open(IoBackend *, const char *zPath, int pagerFlags, int openFlags,
               int szExtra, Pager **ppPager);
/* Rolls back any open transaction, releases locks, closes files, frees. */
void pager_close(Pager *);

/* Busy handler consulted when a lock cannot be had: called with the number
** of prior calls for this lock attempt; returns nonzero to retry. */
void pager_set_busy_handler(Pager *, int (*xBusy)(void *, int), void *pArg);
/* Calls the busy handler (nPrior earlier calls for this wait); nonzero:
** try again.  For callers that must drop state before retrying. */
int pager_busy_retry(Pager *, int nPrior);
/* nPages > 0: cache limit in pages; < 0: limit in KiB (as PRAGMA cache_size). */
void pager_set_cache_size(Pager *, int nPages);
/* PRAGMA cache_spill: 0 never spills; n > 0 spills once the cache is at its
** limit and holds at least n pages (1, the default: at the limit);
** PAGER_SPILL_ON turns spilling back on with the threshold it had. */
#define PAGER_SPILL_ON (-1)
void pager_set_cache_spill(Pager *, int nPages);
/* 0 when spilling is off, else the threshold: max(n, cache limit). */
int pager_cache_spill(const Pager *);
/* synchronous level: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
void pager_set_synchronous(Pager *, int level);
/* Only while the file is empty and no transaction is open; size is a power
** of two in 512..65536.  Returns SQLITE_OK or SQLITE_READONLY-like errors
** are not used: an invalid or late request is ignored (as SQLite does). */
void pager_set_page_size(Pager *, u32 pageSize);
u32 pager_page_size(const Pager *);
int pager_is_memory(const Pager *);
int pager_is_readonly(const Pager *);
const char *pager_filename(const Pager *);   /* full path, "" for memory/temp */
IoBackend *pager_backend(const Pager *);
IoFile *pager_file(const Pager *);           /* NULL for memory */
/* Incremented each time another connection's commit is observed
** (PRAGMA data_version). */
u32 pager_data_version(const Pager *);

/* Read transaction: SQLITE_OK, SQLITE_BUSY, SQLITE_CORRUPT (bad header,
** e.g. page size not a power of two), SQLITE_NOTADB, SQLITE_IOERR_*.
** Nested calls are not counted: one begin, one end. */
int pager_read_begin(Pager *);
void pager_read_end(Pager *);   /* no-op while a write transaction is open */

/* Number of pages in the database as this transaction sees it. */
u32 pager_page_count(const Pager *);

/* References page pgno (1 <= pgno <= page_count+1; pgno == count+1 grows
** the database when written).  *ppPage is NULL on error.  SQLITE_CORRUPT
** for pgno 0 or far beyond the end, SQLITE_NOMEM, SQLITE_IOERR_*. */
int pager_get(Pager *, u32 pgno, int flags, PgPage **ppPage);
/* Referenced page if it is in the cache, else NULL (no I/O). */
PgPage *pager_lookup(Pager *, u32 pgno);
void pager_ref(PgPage *);
void pager_unref(PgPage *);     /* NULL is a no-op */

/* Write transaction.  bExclusive: take EXCLUSIVE at once (BEGIN
** EXCLUSIVE).  Returns SQLITE_OK, SQLITE_BUSY, SQLITE_READONLY.
** Starts a read transaction first if none is open.  BUSY on RESERVED is
** retried through the busy handler only while no page has been fetched
** under the current read transaction (SHARED is dropped between tries so
** a writer waiting for EXCLUSIVE can finish); once pages were read, BUSY
** comes back at once, as SQLite does, and the caller should end the read
** transaction and start over. */
int pager_write_begin(Pager *, int bExclusive);
int pager_in_write(const Pager *);
/* Makes the page writable (invariant 1).  SQLITE_OK, SQLITE_NOMEM,
** SQLITE_IOERR_*, SQLITE_FULL.  Call it before every modification of a
** page: after a savepoint rollback pager_is_writable may be false again. */
int pager_write(PgPage *);
int pager_is_writable(const PgPage *);
/* Drops pages beyond nPage at commit (the btree frees trailing pages). */
void pager_truncate_image(Pager *, u32 nPage);

/* Commit in two phases so several files can commit together later
** (phase one: everything up to and including the database sync; phase
** two: finalize the journal and drop to SHARED).  pager_commit does both.
** SQLITE_BUSY from phase one leaves the transaction open and intact. */
int pager_commit_phase_one(Pager *);
int pager_commit_phase_two(Pager *);
int pager_commit(Pager *);
int pager_rollback(Pager *);

/* Savepoints, numbered from 0 (the statement journal uses the innermost).
** pager_savepoint_open(p, n) makes sure n savepoints are open (opening the
** missing ones at the current state).  RELEASE i keeps changes and closes
** savepoints >= i; ROLLBACK i restores the state at savepoint i's opening
** and closes savepoints > i (savepoint i stays open). */
int pager_savepoint_open(Pager *, int nSavepoint);
int pager_savepoint(Pager *, int op, int iSavepoint);
int pager_savepoint_count(const Pager *);

/* Statistics for sqlite3_db_status / stmt_status. */
void pager_cache_stats(const Pager *, int *pnHit, int *pnMiss, int *pnWrite);
/* Pages written by spills since the pager was opened (tests, simulator). */
int pager_spill_count(const Pager *);

/* WAL mode (wal.h).  A file database whose header bytes 18/19 are 2 is
** opened in WAL mode at its first read transaction (SQLITE_CANTOPEN when
** the backend has no shared memory). */
int pager_is_wal(const Pager *);
/* File database, writable, backend with shm methods. */
int pager_wal_supported(const Pager *);
/* In a write transaction: header bytes 18/19 = v (1 rollback, 2 WAL). */
int pager_set_format_version(Pager *, int v);
/* With no transaction open: back to rollback mode (SQLITE_BUSY when other
** connections use the database). */
int pager_leave_wal(Pager *);
/* sqlite3_wal_checkpoint_v2 semantics; -1/-1 and SQLITE_OK outside WAL. */
int pager_wal_checkpoint(Pager *, int eMode, int *pnLog, int *pnCkpt);
/* The counts the last pager_wal_checkpoint reported. */
void pager_last_checkpoint(const Pager *, int *pnLog, int *pnCkpt);
/* wal_autocheckpoint: frames (default 1000), <= 0 turns it off. */
void pager_set_autocheckpoint(Pager *, int nFrame);
int pager_autocheckpoint(const Pager *);

#endif /* ENGINE_PAGER_H */
