/*
** btree.h: B-trees in SQLite's file format, on top of the pager.
**
** Owns: the database header in page 1 (except the fields pager.h names),
** table B-trees (keyed by 64-bit rowid, data in leaves) and index B-trees
** (keys are whole records, no data), cell overflow chains, balancing on
** insert and delete, the freelist (trunk and leaf pages), the integrity
** checker, and cursors.  Record *contents* are opaque here: index key
** order comes from a comparator the caller supplies.
**
** The cursor interface is the seam where mvcc/ will later merge a
** transaction's private row versions with what the tree holds.
**
** Invariants:
**   1. Every cursor is either invalid (eof) or points at a cell, or holds a
**      saved key to re-seek after another cursor changed the tree.
**   2. A write (insert/delete/create/drop/meta) needs a write transaction
**      (btree_begin(..., 1)); the btree asserts it.
**   3. Data from disk is never asserted: malformed pages give SQLITE_CORRUPT.
**   4. Pages referenced by cursors are released before commit/rollback.
**
** Callers: vdbe.c, schema/DDL code, unit tests.  One Btree per connection
** and database file; the connection mutex serializes calls.
*/
#ifndef ENGINE_BTREE_H
#define ENGINE_BTREE_H

#include "core.h"
#include "pager.h"

typedef struct Btree Btree;
typedef struct BtCursor BtCursor;

/* btree_create flags: what kind of tree */
#define BTREE_INTKEY 1      /* table: rowid keys, data in leaves */
#define BTREE_BLOBKEY 2     /* index: record keys, no data */

/* Meta values in the database header, for btree_get_meta/update_meta.
** Index i is the 4-byte big-endian integer at offset 36 + 4*i. */
#define BTREE_FREE_PAGE_COUNT 0   /* offset 36 (read-only to callers) */
#define BTREE_SCHEMA_VERSION 1    /* offset 40: schema cookie */
#define BTREE_FILE_FORMAT 2       /* offset 44: schema format number */
#define BTREE_DEFAULT_CACHE_SIZE 3/* offset 48 */
#define BTREE_LARGEST_ROOT_PAGE 4 /* offset 52: autovacuum */
#define BTREE_TEXT_ENCODING 5     /* offset 56: 1 utf8, 2 utf16le, 3 utf16be */
#define BTREE_USER_VERSION 6      /* offset 60 */
#define BTREE_INCR_VACUUM 7       /* offset 64 */
#define BTREE_APPLICATION_ID 8    /* offset 68 */

/* btree_begin modes */
#define BTREE_TXN_READ 0
#define BTREE_TXN_WRITE 1
#define BTREE_TXN_EXCLUSIVE 2

/* Index key comparator: compares the record stored in a cell (pKey, nKey
** bytes, complete even if the cell overflows) with the caller's search key
** pSearch (opaque to the btree).  Returns <0, 0, >0 when the cell's key is
** less than, equal to, or greater than the search key.  A malformed record
** sets *pRc to SQLITE_CORRUPT (and the result is then ignored). */
typedef int (*BtKeyCompare)(void *pCtx, const u8 *pKey, int nKey, const void *pSearch, int *pRc);

/* Added by the btree layer: compares two stored keys (both complete
** records as cells hold them): <0, 0, >0 when pA sorts before, equal to,
** after pB.  Same pCtx and *pRc conventions as BtKeyCompare.  An index
** cursor needs it to re-seek by key when its position had to be saved:
** after its own delete triggered a rebalance, after another cursor on the
** same tree wrote, or after a savepoint rollback.  Without it the cursor
** still works but re-seeks by a linear scan of the tree (correct, slow),
** and a cursor whose saved entry was deleted by another cursor ends at
** eof.  The VM can implement it by unpacking pB into its search form and
** calling its BtKeyCompare. */
typedef int (*BtKeyCompareRaw)(void *pCtx, const u8 *pA, int nA, const u8 *pB, int nB,
                               int *pRc);

/* Opens the database file (see pager_open for zPath and flags).
** openFlags: SQLITE_OPEN_*.  On success the caller owns *ppBt. */
int btree_open(IoBackend *, const char *zPath, int pagerFlags, int openFlags, Btree **ppBt);
void btree_close(Btree *);           /* rolls back, closes every cursor, frees */
Pager *btree_pager(Btree *);

/* Transactions.  btree_begin(BTREE_TXN_READ) takes a read transaction (and
** reads page 1, validating the header: SQLITE_NOTADB for a file that is not
** a database).  BTREE_TXN_WRITE upgrades to a write transaction; on an
** empty file it initializes page 1 (header with the pager's page size,
** schema format 4, UTF-8) when first written.  Returns SQLITE_OK,
** SQLITE_BUSY, SQLITE_READONLY, SQLITE_NOTADB, SQLITE_CORRUPT, IOERR. */
int btree_begin(Btree *, int mode);
int btree_commit(Btree *);           /* ends read or write txn */
int btree_rollback(Btree *);         /* ends it; cursors become invalid */
int btree_txn_state(Btree *);        /* SQLITE_TXN_NONE / READ / WRITE */
/* Savepoints: see pager_savepoint*.  Cursors are re-validated after a
** rollback. */
int btree_savepoint_open(Btree *, int nSavepoint);
int btree_savepoint(Btree *, int op, int iSavepoint);

/* Header and settings. */
int btree_get_meta(Btree *, int idx, u32 *pValue);   /* needs a read txn */
int btree_update_meta(Btree *, int idx, u32 value);  /* needs a write txn */
u32 btree_page_size(Btree *);
int btree_set_page_size(Btree *, u32 pageSize, int nReserve); /* only on an empty file */
u32 btree_page_count(Btree *);                       /* PRAGMA page_count */
/* PRAGMA max_page_count: nNew > 0 sets the limit (never below the current
** size); returns the limit.  Growing past it is SQLITE_FULL. */
u32 btree_max_page_count(Btree *, u32 nNew);
u32 btree_freelist_count(Btree *);
void btree_set_cache_size(Btree *, int n);

/* Trees.  btree_create makes an empty tree and returns its root page.
** btree_drop frees every page of the tree (*piMoved is always 0: no
** autovacuum yet; SQLITE_LOCKED while a cursor is open on that root).  btree_clear empties it, keeping the root, and adds the
** number of entries removed to *pnChange if not NULL. */
int btree_create(Btree *, u32 *piRoot, int flags);
int btree_drop(Btree *, u32 iRoot, u32 *piMoved);
int btree_clear(Btree *, u32 iRoot, i64 *pnChange);

/* Cursors.  For an index tree xCompare/pCtx order the keys (required for
** moveto and insert on indexes; NULL for tables).  bWrite: the cursor may
** insert/delete.  The caller owns *ppCur (btree_cursor_close). */
int btree_cursor(Btree *, u32 iRoot, int bWrite, BtKeyCompare xCompare, void *pCtx,
                 BtCursor **ppCur);
void btree_cursor_close(BtCursor *);   /* NULL is a no-op */
int btree_cursor_is_intkey(BtCursor *);
/* Added: installs the raw-key comparator (see BtKeyCompareRaw) for an index
** cursor; it shares the cursor's pCtx. */
void btree_cursor_set_raw_compare(BtCursor *, BtKeyCompareRaw xCompareRaw);

/* Positioning.  All return SQLITE_OK or an error; position results come
** through out-parameters.
**  first/last: *pEmpty = 1 if the tree is empty (cursor then at eof).
**  next/prev: on running off the end the cursor is at eof and the
**    function still returns SQLITE_OK; test with btree_eof.
**  table_moveto: positions at rowid, or a neighbour: *pRes = 0 exact,
**    < 0 cursor entry is smaller than the key, > 0 larger; empty tree:
**    *pRes = -1 and eof.
**  index_moveto: same with the comparator and an opaque search key. */
int btree_first(BtCursor *, int *pEmpty);
int btree_last(BtCursor *, int *pEmpty);
int btree_next(BtCursor *);
int btree_prev(BtCursor *);
int btree_eof(BtCursor *);   /* a saved cursor re-seeks first (eof if its tree emptied) */
int btree_table_moveto(BtCursor *, i64 rowid, int *pRes);
int btree_index_moveto(BtCursor *, const void *pSearch, int *pRes);

/* Reading the current entry (cursor must be valid, not eof).
** Table: rowid and data.  Index: the key (payload = whole key). */
int btree_rowid(BtCursor *, i64 *pRowid);
int btree_payload_size(BtCursor *, u32 *pnPayload);
/* Copies amt bytes of payload starting at offset into pBuf, following
** overflow pages.  SQLITE_CORRUPT if out of range of the payload. */
int btree_payload(BtCursor *, u32 offset, u32 amt, void *pBuf);
/* Pointer to the payload bytes stored on the leaf page itself (valid until
** the cursor moves or the tree changes); *pnLocal is how many. */
const u8 *btree_payload_local(BtCursor *, u32 *pnLocal);
/* Added: btree_payload_size and btree_payload_local in one cell parse (the
** VM's row loader needs both for every row).  NULL with both counts 0 on
** error; *pRc gets the error code (SQLITE_OK otherwise). */
const u8 *btree_payload_fetch(BtCursor *, u32 *pnPayload, u32 *pnLocal, int *pRc);

/* Writing.  Table: insert (or replace) rowid with data.  Index: insert the
** key record (pKey/nKey) whose search form is pSearch (for positioning
** with the comparator).  After an insert the cursor points at the new
** entry.  After delete the cursor is left such that btree_next moves to
** the entry after the deleted one (and btree_prev to the one before).
** Both return SQLITE_OK, SQLITE_NOMEM, SQLITE_CORRUPT, SQLITE_FULL, IOERR,
** and SQLITE_TOOBIG for a payload over 0x7fffff00 bytes. */
int btree_insert(BtCursor *, i64 rowid, const void *pData, int nData);
int btree_index_insert(BtCursor *, const void *pKey, int nKey, const void *pSearch);
int btree_delete(BtCursor *);

/* Counts entries (SELECT count(*)). */
int btree_count(BtCursor *, i64 *pnEntry);
/* Largest rowid in a table (0 if empty), for new-rowid allocation. */
int btree_max_rowid(BtCursor *, i64 *pRowid);

/* Integrity check of the trees rooted at aRoot (plus the freelist and
** page accounting: every page used exactly once, no loops).  Appends
** messages in SQLite's wording ("Page N: ..." / "*** in database main ***"
** style lines; the "*** in database X ***" heading is the caller's) to
** *pzErr, '\n'-separated (mem_malloc'd; caller frees; NULL when none), stops
** after mxErr messages, sets *pnErr.  Returns SQLITE_OK unless the check
** itself could not run (NOMEM, IOERR). */
int btree_integrity_check(Btree *, const u32 *aRoot, int nRoot, int mxErr, int *pnErr,
                          char **pzErr);
/* Added: the same, with an optional raw comparator (and its context) per
** root; for an index root with a comparator, key order is checked too
** ("Index key out of order").  axCmp/apCtx may be NULL, or hold NULLs. */
int btree_integrity_check_ex(Btree *, const u32 *aRoot, int nRoot,
                             const BtKeyCompareRaw *axCmp, void *const *apCtx, int mxErr,
                             int *pnErr, char **pzErr);

#endif /* ENGINE_BTREE_H */
