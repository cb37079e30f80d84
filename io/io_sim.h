/*
** io_sim.h: the deterministic simulated I/O backend ("sim").
**
** An IoSim is a tiny machine: a flat namespace of in-memory files, a
** seeded PRNG, a virtual clock and a fault plan.  iosim_backend() gives
** the IoBackend the pager uses exactly as it uses the unix backend, so a
** simulator can run the real engine against it and replay any run from
** its seed (test/sim/sim.c, test/unit/io_sim_test.c).
**
** Model of one file:
**   - a volatile image (what reads return: everything written so far) and
**     a durable image (what survives a power loss), each with its size;
**   - per 512-byte sector, a dirty bit: "the durable bytes of this sector
**     may differ from the volatile ones" (written, or zero-extended, since
**     the last successful sync; shrinking a file is metadata only: a crash
**     keeps the old size and bytes or the new size, never zeros in place);
**   - its directory entry is durable once the file was synced (the unix
**     backend syncs the directory at a journal's first sync); remove() is
**     durable at once (documented simplification: rollback-journal commit
**     relies on the delete, and the unix backend gives no stronger
**     guarantee without a directory sync).
**
** Power loss (iosim_crash, or the plan's iCrashAt): every linked file
** keeps its durable image; each dirty sector is, at random, dropped (the
** durable bytes stay), kept (the volatile bytes land) or torn (a prefix of
** the volatile bytes lands, the rest stays durable).  The size becomes the
** durable or the volatile one, at random; bytes beyond the old durable
** size that did not land read as zeros.  A file whose entry was never made
** durable vanishes with probability 1/2.  Nothing else is ever invented.
** After the crash the machine is halted: every operation fails (unlock and
** close succeed) until iosim_reboot(), so the dead "processes" can be
** closed without touching the surviving state.  Files opened before the
** crash stay dead after the reboot.
**
** Invariants:
**   1. Everything observable (file contents, rc, randomness, now_ms, the
**      trace) is a pure function of the seed, the fault plan and the
**      sequence of calls.
**   2. A successful sync of a file makes its whole volatile image and size
**      durable (unless the plan makes that file class's syncs lie).
**   3. Locks follow SQLite's protocol between the IoFiles of one file, as
**      between processes: many SHARED, at most one RESERVED/PENDING/
**      EXCLUSIVE holder, no new SHARED while PENDING or EXCLUSIVE is held,
**      EXCLUSIVE only when no other IoFile holds SHARED.
**   4. One thread only: an IoSim is not thread-safe (the simulator is a
**      single-threaded scheduler of connections).
*/
#ifndef IO_IO_SIM_H
#define IO_IO_SIM_H

#include "io.h"

typedef struct IoSim IoSim;

#define IOSIM_SECTOR 512

/* Fault kinds (IoSimFaultPlan.mKinds). */
#define IOSIM_F_READ 0x001       /* read fails: SQLITE_IOERR_READ, buffer garbage */
#define IOSIM_F_SHORT_READ 0x002 /* a prefix is read, rest garbage, SQLITE_IOERR_READ */
#define IOSIM_F_WRITE 0x004      /* write fails, nothing written: SQLITE_IOERR_WRITE */
#define IOSIM_F_SHORT_WRITE 0x008/* a prefix is written: SQLITE_IOERR_WRITE */
#define IOSIM_F_FULL 0x010       /* ENOSPC, a prefix is written: SQLITE_FULL */
#define IOSIM_F_SYNC 0x020       /* SQLITE_IOERR_FSYNC; some dirty sectors became durable */
#define IOSIM_F_TRUNCATE 0x040   /* SQLITE_IOERR_TRUNCATE, size unchanged */
#define IOSIM_F_SIZE 0x080       /* SQLITE_IOERR_FSTAT */
#define IOSIM_F_OPEN 0x100       /* SQLITE_CANTOPEN */
#define IOSIM_F_DELETE 0x200     /* SQLITE_IOERR_DELETE, file still there */
#define IOSIM_F_ALL 0x3ff

/* File classes, from the open flags (fault plans and lying syncs). */
#define IOSIM_CLASS_DB 0x1       /* SQLITE_OPEN_MAIN_DB */
#define IOSIM_CLASS_JOURNAL 0x2  /* SQLITE_OPEN_MAIN_JOURNAL */
#define IOSIM_CLASS_OTHER 0x4    /* everything else (temp files, later WAL) */
#define IOSIM_CLASS_ALL 0x7

/* What goes wrong, and when.  Counts start when the plan is set. */
typedef struct IoSimFaultPlan {
  u64 iFailAt;     /* fail the iFailAt-th eligible operation (1-based); 0: never */
  int bPersist;    /* with iFailAt: every eligible operation after it fails too */
  u32 probNum;     /* additionally fail each eligible operation with */
  u32 probDen;     /* probability probNum/probDen (probDen 0: never) */
  u32 mKinds;      /* IOSIM_F_* allowed; an operation is eligible if one fits */
  u32 mClasses;    /* IOSIM_CLASS_* whose operations are eligible; 0: all */
  u64 iCrashAt;    /* power loss just before the iCrashAt-th operation; 0: never */
  u32 mLieSync;    /* IOSIM_CLASS_* whose syncs return OK and make nothing durable */
} IoSimFaultPlan;

typedef struct IoSimStats {
  u64 nOps;            /* every backend and file operation */
  u64 nReads;          /* read requests */
  u64 nWrites;         /* write requests */
  u64 nSyncs;          /* sync calls */
  u64 nFaults;         /* injected failures */
  u64 nLies;           /* syncs that lied (mLieSync) */
  u64 nCrashes;        /* power losses */
  u64 nSectorsKept;    /* dirty sectors that landed at a crash */
  u64 nSectorsDropped; /* ... that were lost */
  u64 nSectorsTorn;    /* ... that landed in part */
  u64 nFilesVanished;  /* files whose undurable entry vanished */
} IoSimStats;

/* A new machine with no files, its clock at a fixed date.  NULL on OOM. */
IoSim *iosim_new(u64 seed);
/* Frees the machine.  Every IoFile it opened must be closed first. */
void iosim_free(IoSim *);
/* The backend; valid until iosim_free.  Its pAppData is the IoSim. */
IoBackend *iosim_backend(IoSim *);
IoSim *iosim_from_backend(IoBackend *);

/* Replaces the fault plan (NULL: no faults) and restarts its counts. */
void iosim_set_fault_plan(IoSim *, const IoSimFaultPlan *);
/* While paused, no fault, crash or lie happens (counts do not advance). */
void iosim_pause_faults(IoSim *, int bPause);
/* Number of operations since the plan was set (for choosing iCrashAt). */
u64 iosim_ops_since_plan(const IoSim *);

/* Power loss now (see the header comment); halts the machine. */
void iosim_crash(IoSim *);
int iosim_crashed(const IoSim *);  /* halted by a crash, not yet rebooted */
void iosim_reboot(IoSim *);

/* The image of the linked file zPath (full or relative path): durable or
** volatile.  Returns 1 and sets *paData (valid until the next operation)
** and *pn if the file exists, else 0. */
int iosim_file_image(IoSim *, const char *zPath, int bDurable, const u8 **paData, i64 *pn);
/* Hash of every linked file's name and both images (determinism checks). */
u64 iosim_files_hash(const IoSim *);

void iosim_stats(const IoSim *, IoSimStats *);

/* The trace: one line per operation, plus lines the caller adds.  The
** buffer keeps the last mxBytes bytes (default 4 MiB, 0: unlimited);
** iosim_trace_hash covers everything ever appended. */
const char *iosim_trace(const IoSim *, i64 *pnByte);
u64 iosim_trace_hash(const IoSim *);
void iosim_set_trace_limit(IoSim *, i64 mxBytes);
void iosim_trace_note(IoSim *, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* Called with every line appended (NULL to remove). */
void iosim_set_trace_hook(IoSim *, void (*xHook)(void *, const char *zLine), void *pArg);

#endif /* IO_IO_SIM_H */
