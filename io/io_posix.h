/*
** io_posix.h: what the unix backend (io_sync.c) lends to the io_uring
** backend (io_uring.c), so that both share one implementation of opening,
** closing, locking, the inode table and SQLite's lock offsets.  Internal to
** io/: nothing outside io.c, io_sync.c and io_uring.c includes it.
**
** An io_uring file is a unix file whose method table is a copy of the unix
** one with submit, wait and sync replaced; everything else (lock, unlock,
** close, truncate, size, shm when it comes) runs the unix code on it.
**
** Invariants:
**   1. Every function here takes an IoFile opened by the unix backend's
**      open (io_sync_backend()->open), whatever backend it reports.
**   2. Nothing here changes a lock level or the inode table.
*/
#ifndef IO_IO_POSIX_H
#define IO_IO_POSIX_H

#include "io.h"

/* The unix backend's file methods (a copy source for io_uring.c). */
const IoFileMethods *io_posix_methods(void);

/* The descriptor of an open unix file (>= 0). */
int io_posix_fd(IoFile *pFile);

/* Nonzero when pread, pwrite, fsync or fdatasync in the syscall table is
** not the system's own (xSetSystemCall, fault injection in tests): data
** must then go through the table, not around it. */
int io_posix_data_hooked(void);

/* Call after a successful fsync of pFile done outside io_sync.c: performs
** the once-only directory sync of a newly created rollback journal, as the
** unix sync method does. */
void io_posix_synced(IoFile *pFile);

/* For io.c: io_run_sync on a uring file (io_uring.c).  SQLITE_NOTFOUND
** when pFile is not one or the batch cannot go as one submission; the
** caller then runs the batch and the sync itself. */
int io_uring_run_sync(IoFile *pFile, IoReq *aReq, int nReq, int flags);

#endif /* IO_IO_POSIX_H */
