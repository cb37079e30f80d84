/*
** vdbe_int.h: the inside of the VM, shared by engine/vdbe*.c only.
**
** Defines struct sqlite3_stmt (= Vdbe), the cursor object the opcodes work
** on, and the sorter interface.
**
** Invariants:
**   1. magic is VDBE_MAGIC_INIT while codegen builds the program,
**      VDBE_MAGIC_READY after vdbe_make_ready (and after reset),
**      VDBE_MAGIC_RUN from the first step until halt, VDBE_MAGIC_HALT
**      after halt until reset, VDBE_MAGIC_DEAD once finalized.
**   2. bActive is set exactly while the statement is counted in
**      db->nVdbeActive (and bWriteCounted while in db->nVdbeWrite).
**   3. A cursor's row cache (pRow/nRow, aType/aOffset) is valid only while
**      its cacheGen equals db->nVdbeCacheGen; every cursor movement, every
**      write through any cursor of any statement of the connection, and
**      every commit/rollback bumps db->nVdbeCacheGen.
**   4. Registers are aMem[1..nMem]; aMem[0] is unused (register 0 means
**      "none" in several opcodes).
**   5. iStatement > 0 means a statement savepoint is open at btree
**      savepoint index iStatement-1 on every Db in the statement's write set.
*/
#ifndef ENGINE_VDBE_INT_H
#define ENGINE_VDBE_INT_H

#include "vdbe.h"

/* An n-byte (1..8) big-endian two's complement integer of a record; unrolled
** per size since every numeric field of every row goes through it. */
static inline i64 vdbe_serial_int(const u8 *p, int n) {
  switch (n) {
    case 1: return (i8)p[0];
    case 2: return (i16)(((u32)p[0] << 8) | p[1]);
    case 3: return ((i32)(((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8))) >> 8;
    case 4: return (i32)(((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3]);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    case 8: {
      u64 v;
      memcpy(&v, p, 8);
      return (i64)__builtin_bswap64(v); /* little-endian host: the record is big-endian */
    }
#endif
    default: {
      u64 v = (p[0] & 0x80) ? ~(u64)0 : 0;
      for (int i = 0; i < n; i++) v = (v << 8) | p[i];
      return (i64)v;
    }
  }
}

/* Sets pOut from a NULL or numeric field (serial types 0..9) whose bytes
** start at p; returns 0, leaving pOut alone, for text, blobs and the
** reserved types 10 and 11, which each caller handles its own way. */
static inline int vdbe_serial_number(Value *pOut, const u8 *p, u64 st) {
  switch (st) {
    case 0: value_set_null(pOut); return 1;
    case 1: case 2: case 3: case 4: value_set_int(pOut, vdbe_serial_int(p, (int)st)); return 1;
    case 5: value_set_int(pOut, vdbe_serial_int(p, 6)); return 1;
    case 6: value_set_int(pOut, vdbe_serial_int(p, 8)); return 1;
    case 7: {
      u64 x = (u64)vdbe_serial_int(p, 8);
      double r;
      memcpy(&r, &x, 8);
      value_set_real(pOut, r);
      return 1;
    }
    case 8: case 9: value_set_int(pOut, (i64)st - 8); return 1;
    default: return 0;
  }
}

/* record.h is not included: the VM parses record headers itself (vdbe_aux.c). */

#define VDBE_MAGIC_INIT 0x16bceaa5u
#define VDBE_MAGIC_READY 0x2df20da3u
#define VDBE_MAGIC_RUN 0x3b6e9c1au
#define VDBE_MAGIC_HALT 0x319c2973u
#define VDBE_MAGIC_DEAD 0x5606c3c8u

typedef struct VdbeCursor VdbeCursor;
typedef struct VdbeSorter VdbeSorter;
typedef struct VdbeEph VdbeEph;
typedef struct VdbeFrame VdbeFrame;

/* A running sub-program (trigger) called by OP_Program: the caller's
** program, registers, cursors and once-flags are saved here while the
** Vdbe's own fields point at the callee's. */
struct VdbeFrame {
  VdbeFrame *pParent;     /* the frame that called this one (NULL: main program) */
  SubProgram *pProg;      /* the program running in this frame */
  VdbeOp *aOp;            /* caller's program */
  int nOp;                /* caller's op count */
  Value *aMem;            /* caller's registers */
  int nMem;               /* caller's register count */
  VdbeCursor **apCsr;     /* caller's cursors */
  int nCursor;            /* caller's cursor count */
  u8 *aOnce;              /* caller's once flags */
  int pcCaller;           /* address of the OP_Program */
  int iArgBase;           /* OP_Program P1: first argument register of the caller */
};

/* Cursor kinds */
#define CURTYPE_BTREE 0   /* table or index b-tree (also ephemeral ones) */
#define CURTYPE_SORTER 1  /* OP_SorterOpen */
#define CURTYPE_PSEUDO 2  /* OP_OpenPseudo: a record in a register */

/* A private in-memory database holding ephemeral tables; shared by
** OP_OpenDup cursors through nRef. */
struct VdbeEph {
  Btree *pBt;             /* the in-memory b-tree file */
  u32 iRoot;              /* root page of the ephemeral tree */
  int nRef;               /* cursors using it */
};

/* Closed cursor structs a statement keeps for reuse. */
#define VDBE_CSR_FREE_MAX 4

/* Register buffers up to this size survive a reset (vdbe_reset). */
#define VDBE_KEEP_REG_BYTES 4096

/* Fields a row cache holds before it grows the arrays. */
#define VDBE_ROW_FIELDS 16

struct VdbeCursor {
  u8 eCurType;            /* CURTYPE_* */
  u8 isTable;             /* intkey table (rowid keys) */
  u8 nullRow;             /* OP_NullRow: every column reads NULL */
  u8 isWrite;             /* opened with OpenWrite / ephemeral */
  u8 deferredMoveto;      /* OP_DeferredSeek pending: seek to movetoTarget */
  u8 isEof;               /* positioned past the end (or never positioned) */
  i8 iSkip;               /* after a re-seek onto a neighbour (vdbe_cursors_restore):
                          ** >0 the next Next, <0 the next Prev stays where it is */
  u8 bSaved;              /* vdbe_cursors_save recorded the position below */
  i64 iSavedRowid;        /* saved table position */
  u8 *pSavedKey;          /* saved index position: the whole key (mem_malloc'd) */
  int nSavedKey;
  i8 iDb;                 /* database index, -1 for ephemeral/sorter/pseudo */
  int nField;             /* columns (P4 of the open op or KeyInfo size) */
  u32 iRoot;              /* root page of a database tree (OP_ReopenIdx) */
  BtCursor *pCur;         /* CURTYPE_BTREE */
  VdbeEph *pEph;          /* ephemeral storage, NULL for database trees */
  KeyInfo *pKeyInfo;      /* index / sorter key order (a reference) */
  VdbeSorter *pSorter;    /* CURTYPE_SORTER */
  int iPseudoReg;         /* CURTYPE_PSEUDO: register holding the record */
  i64 movetoTarget;       /* rowid of a deferred seek */
  VdbeCursor *pAltCursor; /* index cursor that supplies columns after DeferredSeek */
  int *aAltMap;           /* table column -> index column + 1 (0: not covered) */
  i64 seqCount;           /* OP_Sequence counter */
  u32 cacheGen;           /* invariant 3 */
  const u8 *pRow;         /* the current record (local page bytes or pRowBuf) */
  u32 nRow;               /* bytes of the record */
  u8 *pRowBuf;            /* owned copy when the record overflows a page */
  u32 szRowBuf;           /* allocated bytes of pRowBuf */
  int nHdrField;          /* fields parsed so far into aType/aOffset */
  int nRecField;          /* fields the record has (valid once bHdrDone) */
  u8 bHdrDone;            /* the whole header has been parsed */
  u32 iHdrNext;           /* next header byte to parse */
  u32 szHdr;              /* header size */
  u32 iBodyNext;          /* body offset of the next field to parse */
  int szField;            /* capacity of aType/aOffset */
  u64 *aType;             /* serial types of the current record */
  u32 *aOffset;           /* offsets of the field values */
  VdbeCursor *pNextFree;  /* link in the statement's pCsrFree list (closed cursors) */
  u64 aTypeBuf[VDBE_ROW_FIELDS];  /* small-record storage for aType */
  u32 aOffsetBuf[VDBE_ROW_FIELDS];/* small-record storage for aOffset */
};

/* One entry of the named-savepoint stack (db->pSavepoint). */
typedef struct VdbeSavepoint {
  char *zName;                  /* savepoint name (case-insensitive match) */
  i64 nDeferredCons;            /* reserved (foreign keys) */
  struct VdbeSavepoint *pNext;  /* next outer savepoint */
} VdbeSavepoint;

/* Per-op state of function ops: the context is allocated by make_ready. */

struct sqlite3_stmt {
  sqlite3 *db;            /* owning connection */
  Vdbe *pPrev, *pNext;    /* db->pVdbe list */
  u32 magic;              /* invariant 1 */
  int rc;                 /* result of the last step (SQLITE_OK/ROW/DONE/error) */
  VdbeOp *aOp;            /* the program */
  int nOp;                /* ops used */
  int nOpAlloc;           /* ops allocated */
  int *aLabel;            /* label -> address (-1 unresolved); label L is aLabel[-1-L] */
  int nLabel;             /* labels made */
  int nLabelAlloc;        /* allocated */
  Value *aMem;            /* registers (invariant 4) */
  int nMem;               /* highest register number */
  VdbeCursor **apCsr;     /* open cursors by number */
  int nCursor;            /* cursor slots */
  Value *aVar;            /* bound parameters, aVar[0] is parameter 1 */
  int nVar;               /* parameters */
  char **azVar;           /* parameter names (NULL entries for nameless) */
  char **azColName;       /* nResColumn*COLNAME_N names (owned) */
  u16 nResColumn;         /* result columns */
  Value *pResultRow;      /* current row (registers) or NULL */
  Value *aColVal;         /* copies of the row handed out by column_value */
  int pc;                 /* program counter */
  int nChange;            /* rows changed by this statement (OPFLAG_NCHANGE) */
  char *zErrMsg;          /* message of the last error (mem_malloc'd) */
  char *zSql;             /* original SQL text, or NULL */
  u32 prepFlags;          /* SQLITE_PREPARE_* | VDBE_PREP_V2 */
  u8 explain;             /* 0, 1 EXPLAIN, 2 EXPLAIN QUERY PLAN */
  u8 readOnly;            /* no writes in the program */
  u8 readOnlySet;         /* readOnly set by vdbe_set_readonly */
  u8 bOom;                /* an allocation failed while building */
  u8 bActive;             /* invariant 2 */
  u8 bWriteCounted;       /* invariant 2 */
  u8 bDidWrite;           /* a write transaction was begun by this statement */
  u8 bHasRun;             /* stepped at least once since reset */
  u8 expired;             /* schema changed: re-prepare before running */
  u8 errorAction;         /* OE_* of the halting error */
  u8 bChangeCntOn;        /* a counted change happened in this run */
  u8 bCountChanges;       /* the program counts changes (INSERT/UPDATE/DELETE) */
  u8 bRetry;              /* SQLITE_BUSY from OP_Transaction: step resumes at pc */
  int rcRetry;            /* the busy code of a step left for retry; reset returns it */
  u8 bInExec;             /* inside vdbe_exec (vdbe_abort_all skips it) */
  struct FuncAuxData *pAuxData; /* sqlite3_set_auxdata entries (func.h) */
  int nSchemaRetry;       /* re-prepares done in the current step */
  VdbeFrame *pFrame;      /* innermost running sub-program, NULL in the main program */
  int nFrame;             /* depth of pFrame's chain */
  u8 bAborted;            /* stopped by another statement's ROLLBACK (vdbe_abort_all) */
  u8 bTripped;            /* a ROLLBACK closed its write cursors: using one is
                          ** SQLITE_ABORT_ROLLBACK (vdbe_trip_writes) */
  i64 nFkConstraint;      /* immediate foreign-key violations (OP_FkCounter P1 0) */
  int iStatement;         /* invariant 5 */
  u32 dbMask;             /* Dbs this statement began transactions on */
  u8 *aOnce;              /* OP_Once flags by op address */
  int iCompare;           /* result of the last OP_Compare */
  int *aPermute;          /* OP_Permutation array for the next Compare */
  Coll *pCollNext;        /* OP_CollSeq: collation for the next function */
  int iCollNextReg;       /* OP_CollSeq P1 register */
  u32 aCounter[9];        /* SQLITE_STMTSTATUS_* counters (index 1..8) */
  int iExplainRow;        /* next op to list in EXPLAIN mode */
  Value aExplain[8];      /* the current EXPLAIN row */
  VdbeOp opDummy;         /* what vdbe_get_op returns after an OOM (vdbe_aux.c inv. 1) */
  VdbeCursor *pCsrFree;   /* closed cursor structs kept for the next run (vdbe_aux.c
                          ** invariant 4): a statement rerun per bound value would
                          ** otherwise allocate and free them every time */
  int nCsrFree;           /* entries in pCsrFree (at most VDBE_CSR_FREE_MAX) */
  i64 iNowMs;             /* 'now' of the current step for date functions (func.h
                          ** piNow); 0 until read, cleared when vdbe_exec starts */
};

/* ---- vdbe_aux.c ---- */
void vdbe_free_program(Vdbe *);        /* ops, labels, names, registers */
void vdbe_cursor_close(Vdbe *, int i); /* closes apCsr[i] if open */
void vdbe_close_all_cursors(Vdbe *);
VdbeCursor *vdbe_cursor_alloc(Vdbe *, int i, int eCurType);
void vdbe_free_p4(sqlite3 *, int p4type, union VdbeP4 *);
char *vdbe_display_p4(const VdbeOp *);  /* mem_malloc'd EXPLAIN P4 text */
/* Builds the next EXPLAIN / EXPLAIN QUERY PLAN row into aExplain. */
int vdbe_list(Vdbe *);

char *vdbe_display_keyinfo(const KeyInfo *);
/* Row header parsing (lazy): begin after pRow/nRow change, then parse up
** to field iField (-1: all) before reading aType/aOffset. */
int vdbe_row_header_begin(VdbeCursor *);
int vdbe_parse_row_header(VdbeCursor *, int iField);
/* The same, also parsing on up to field iAhead when the header is sound
** that far (a malformed field past iField is not an error yet). */
int vdbe_parse_row_header_ahead(VdbeCursor *, int iField, int iAhead);
/* Decodes up to nMax fields of record p (n bytes) into a[] (copies);
** *pnField = fields decoded.  SQLITE_CORRUPT for a malformed record. */
int vdbe_record_unpack(sqlite3 *, const u8 *p, int n, Value *a, int nMax, int *pnField);
/* Across a ROLLBACK that leaves a pending reader running: record the
** position of each of its database cursors, then (after the rollback and a
** new read transaction) re-seek them.  Restore lands on the saved entry or,
** if the rollback removed it, on a neighbour with iSkip set so that the
** next step yields the entry after the saved one. */
int vdbe_cursors_save(Vdbe *);
int vdbe_cursors_restore(Vdbe *);
/* OP_MakeRecord (vdbe_cursor.c). */
int vdbe_op_make_record(Vdbe *, VdbeOp *);

/* ---- vdbe_func.c: calling SQL functions ---- */
/* A context for calling pFunc with nArg arguments (owned by an op). */
sqlite3_context *vdbe_func_ctx_new(sqlite3 *, FuncDef *pFunc, int nArg);
void vdbe_func_ctx_free(sqlite3_context *);
char *vdbe_display_func(const VdbeOp *);   /* "name(nArg)" */
/* Turns P4_FUNCDEF of function and aggregate ops into contexts. */
int vdbe_prepare_function_ops(Vdbe *);
/* OP_Function/OP_PureFunction, OP_AggStep, OP_AggFinal, OP_AggValue. */
int vdbe_op_function(Vdbe *, VdbeOp *);
int vdbe_op_aggstep(Vdbe *, VdbeOp *);
int vdbe_op_aggfinal(Vdbe *, VdbeOp *);

/* ---- vdbe_frame.c: sub-programs (triggers) ---- */
int vdbe_op_program(Vdbe *, VdbeOp *, int *pPc);
int vdbe_op_param(Vdbe *, VdbeOp *);
/* Leaves the innermost frame; *pPc becomes the caller's OP_Program. */
void vdbe_frame_pop(Vdbe *, int *pPc);
/* Leaves every frame (at halt and reset): back to the main program. */
void vdbe_frames_unwind(Vdbe *);
void vdbe_subprogram_unref(SubProgram *);

/* ---- vdbe.c ---- */
/* Second-level dispatchers return this for opcodes they do not handle. */
#define VDBE_NOT_MINE (-1)
/* Cursor opcodes (vdbe_cursor.c) and transaction/schema opcodes
** (vdbe_txn.c); pPc as in vdbe.c (a jump stores target-1). */
int vdbe_exec_cursor_op(Vdbe *, VdbeOp *, int *pPc);
int vdbe_exec_txn_op(Vdbe *, VdbeOp *, int *pPc);
int vdbe_exec_misc_op(Vdbe *, VdbeOp *, int *pPc);   /* vdbe_rowset.c */
/* Runs the program until a row, halt or error.  Returns SQLITE_ROW,
** SQLITE_DONE or an error code with v->zErrMsg set. */
int vdbe_exec(Vdbe *);
/* Decodes field iField of the cursor's current row into pOut. */
int vdbe_cursor_column(Vdbe *, VdbeCursor *, int iField, Value *pOut);
/* OP_Column and OP_Next, called straight from the dispatch loop (the
** hottest cursor opcodes skip the second-level dispatch). */
int vdbe_op_column(Vdbe *, VdbeOp *);
int vdbe_op_next(Vdbe *, VdbeOp *, int *pPc);

/* ---- vdbe_api.c ---- */
/* Ends the run: commits or rolls back as the outcome demands. */
int vdbe_halt(Vdbe *);
int vdbe_set_error(Vdbe *, const char *zFmt, ...);
/* Transaction helpers for OP_AutoCommit / OP_Savepoint / halt. */
int vdbe_commit_all(sqlite3 *, Vdbe *pSelf);
void savepoints_free(sqlite3 *);
/* Stops every running statement except pSelf with error rc (their
** cursors closed first, so a rollback may follow). */
void vdbe_abort_others(sqlite3 *, Vdbe *pSelf, int rc);
/* The same for statements that write (!readOnly) only. */
int vdbe_has_write_cursor(Vdbe *);  /* an open write cursor on a database tree */
/* ROLLBACK keeping pending statements: closes p's database write cursors
** (their use then fails with SQLITE_ABORT_ROLLBACK, as SQLite trips them);
** the rollback undid p's writes, so its halt has nothing left to undo. */
void vdbe_trip_writes(Vdbe *p);       /* drops the named-savepoint stack */
/* The Btree of Db iDb (opens the temp database on first use). */
int vdbe_db_btree(Vdbe *, int iDb, Btree **ppBt);

/* ---- vdbe_sort.c: sorter (in memory, spilling sorted runs to a temp file) ----
** Records are added with sorter_insert, sorted once by sorter_sort under
** the KeyInfo, then read in order. */
int sorter_open(sqlite3 *, KeyInfo *, VdbeSorter **ppOut);
/* Test hook: bytes held in memory before sorted runs spill to a temporary
** file, for sorters opened afterwards (<= 0 restores the default: the
** connection's cache_size budget, see vdbe_sort.c). */
void vdbe_sorter_set_spill(i64 nBytes);
void sorter_close(VdbeSorter *);
void sorter_reset(VdbeSorter *);
int sorter_insert(VdbeSorter *, const u8 *pRec, int nRec);
/* ORDER BY ... LIMIT: only the first nKeep records of the sorted order
** will be read (nKeep = limit + offset; <= 0: all), so the sorter may drop
** the rest as it goes.  Call before the first insert. */
void sorter_set_limit(VdbeSorter *, i64 nKeep);
int sorter_sort(VdbeSorter *, int *pbEmpty);
int sorter_next(VdbeSorter *, int *pbEof);
/* The current record (valid until the next sorter_* call). */
const u8 *sorter_rowdata(VdbeSorter *, int *pnRec);
/* Compares the current record with pRec on the first nKeyField fields. */
int sorter_compare(VdbeSorter *, const u8 *pRec, int nRec, int nKeyField, int *pRes);

/* ---- record helpers (vdbe_aux.c) ---- */
/* Decodes a value of serial type st whose bytes start at p (nAvail
** readable bytes).  bCopy: copy strings and blobs (else VAL_EPHEM). */
int vdbe_serial_get(const u8 *p, u32 nAvail, u64 st, Value *pOut, int bCopy, u8 enc);

#endif /* ENGINE_VDBE_INT_H */
