/*
** wal.h: the write-ahead log of one database file and its wal-index.
**
** Formats are SQLite's (fileformat2.html "The Write-Ahead Log" and
** walformat.html): "<db>-wal" is a 32-byte header then frames of a 24-byte
** header and one page; "<db>-shm" is the wal-index, mapped in 32 KiB
** regions through the IoFile shm methods (io.h invariant 6), so this
** library and a real SQLite process can share one WAL database.
**
** Invariants:
**   1. Frame checksums chain: the header's checksum covers its first 24
**      bytes; frame k's covers frame k's first 8 header bytes and its page,
**      starting from frame k-1's (or the header's).  The words are read in
**      the byte order the magic names (0x377f0682 little-endian, ...83
**      big-endian); we write the host's order.
**   2. Salts: a frame is part of the log only if its salts equal the
**      header's.  Restarting the log bumps salt-1 and draws a new salt-2,
**      so frames of the previous generation die without being erased.
**   3. Commit frames: only frames up to the last valid frame whose
**      "database size" field is nonzero count.  Recovery (first opener, or
**      a wal-index whose header copies disagree or fail their checksum)
**      rebuilds the index from exactly those frames.
**   4. Read marks: a reader shares one of the READ locks; READ(0) means
**      "the database file alone is my snapshot" (every frame copied back),
**      READ(i>0) means "frames up to aReadMark[i]".  A mark changes only
**      under an exclusive lock on its slot.
**   5. The snapshot rule: a reader uses the index header it copied when it
**      took its read lock, and only if the header was unchanged after the
**      lock was held; so the writer may append, but frames <= that mxFrame
**      are never overwritten while a reader with a mark >0 holds them.
**   6. The checkpoint order: CKPT lock; mxSafe = min over busy read marks;
**      WAL sync; pages of frames (nBackfill, mxSafe] to the database, the
**      latest frame of each page only; database sync; then nBackfill.  The
**      log restarts (next writer, or TRUNCATE) only when every frame was
**      copied and no reader holds a mark > 0.
**   7. One writer: the WRITE lock, taken only by a reader whose snapshot is
**      the newest (else SQLITE_BUSY_SNAPSHOT).
**
** Callers: pager.c only.  Not thread-safe: the connection mutex.
*/
#ifndef ENGINE_WAL_H
#define ENGINE_WAL_H

#include "core.h"
#include "../io/io.h"

typedef struct Wal Wal;

/* A page to append: pgno and pageSize bytes of content. */
typedef struct WalPage {
  u32 pgno;
  const u8 *aData;
} WalPage;

/* Opens (creating if needed) zDb-wal next to the database pDbFd, whose
** backend must have shm methods.  SQLITE_OK, SQLITE_NOMEM, SQLITE_CANTOPEN. */
int wal_open(IoBackend *, IoFile *pDbFd, const char *zDbPath, Wal **ppWal);
/* Closes.  When bLast (the caller holds an EXCLUSIVE database lock, so no
** other connection exists) checkpoints everything and deletes both files. */
int wal_close(Wal *, int bLast, int syncLevel);

/* Read snapshot (invariants 4, 5).  *pbChanged: another connection
** committed since this Wal's previous snapshot.  SQLITE_BUSY or
** SQLITE_BUSY_RECOVERY when locks stay busy. */
int wal_begin_read(Wal *, int *pbChanged);
void wal_end_read(Wal *);
int wal_in_read(const Wal *);
/* Database size of the snapshot in pages, 0 if the log has no commit for
** it (then the database file's size is the answer). */
u32 wal_db_size(const Wal *);
/* Page size recorded in the log (0 when unknown). */
u32 wal_page_size(const Wal *);
/* Frame holding pgno in the snapshot, 0 if none. */
int wal_find_frame(Wal *, u32 pgno, u32 *piFrame);
int wal_read_frame(Wal *, u32 iFrame, u8 *aBuf, u32 pageSize);

/* Write lock (invariant 7): SQLITE_OK, SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT. */
int wal_begin_write(Wal *);
void wal_end_write(Wal *);
/* Appends a committed transaction: the pages (ascending, distinct) and the
** database size after it.  syncLevel >= 2 syncs the log (FULL). */
int wal_commit(Wal *, u32 pageSize, const WalPage *aPage, int nPage, u32 nTruncate,
               int syncLevel);
/* Frames in the log (for the autocheckpoint). */
u32 wal_frame_count(const Wal *);

/* Checkpoint: eMode SQLITE_CHECKPOINT_PASSIVE..TRUNCATE.  xBusy is consulted
** for FULL and stronger.  *pnLog and *pnCkpt: frames in the log / copied.
** SQLITE_BUSY when a stronger mode could not finish. */
int wal_checkpoint(Wal *, int eMode, int (*xBusy)(void *, int), void *pBusyArg, int syncLevel,
                   int *pnLog, int *pnCkpt);

#endif /* ENGINE_WAL_H */
