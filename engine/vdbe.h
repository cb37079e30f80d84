/*
** vdbe.h: the bytecode virtual machine (VDBE) and the prepared statement
** object, as code generation (cg_*.c, prepare.c) and the API layer
** (compat/) see them.
**
** A statement is a Vdbe, and a Vdbe IS struct sqlite3_stmt: handles pass
** through compat/ unconverted.  Its life:
**   vdbe_create            empty program, linked into db->pVdbe
**   vdbe_add_op* ...       codegen appends instructions; labels patch jumps
**   vdbe_set_col_name ...  result column names
**   vdbe_make_ready        registers, cursors and parameters are sized
**   vdbe_bind_* / vdbe_step / vdbe_column_* / vdbe_reset  (many times)
**   vdbe_finalize          unlinked and freed
**
** Opcodes follow SQLite's documented opcode set (opcode.html): the same
** names and the same meaning of P1..P5, so EXPLAIN reads like SQLite's.
** engine/opcodes.def lists what this VM implements, one line per opcode.
**
** Invariants:
**   1. A jump target in P2 is either a resolved address (>= 0) or a label
**      (< 0) until vdbe_make_ready, after which every label is resolved.
**   2. Ownership of P4 follows its type: P4_DYNAMIC strings, P4_KEYINFO
**      references, P4_MEM values, P4_INTARRAY, P4_INT64, P4_REAL and
**      P4_FUNCCTX are owned by the op and freed with the program;
**      P4_STATIC, P4_COLLSEQ, P4_FUNCDEF and P4_TABLE are borrowed.
**   3. A Value returned by vdbe_column_value stays valid until the next
**      vdbe_step, vdbe_reset or vdbe_finalize of that statement.
**   4. Bindings may only change while the statement is not running
**      (before the first step or after reset); otherwise SQLITE_MISUSE.
**
** Callers hold db->mutex (conn.h invariant 1).
*/
#ifndef ENGINE_VDBE_H
#define ENGINE_VDBE_H

#include "core.h"
#include "conn.h"
#include "value.h"
#include "btree.h"

/* Vdbe and struct sqlite3_stmt are the same type (conn.h typedefs it). */
typedef struct VdbeOp VdbeOp;
typedef struct KeyInfo KeyInfo;
typedef struct SubProgram SubProgram;
typedef struct VdbeKey VdbeKey;

/* ---- opcodes: OP_Name, generated from opcodes.def ---- */
enum {
#define OPCODE(name, flags, doc) OP_##name,
#include "opcodes.def"
#undef OPCODE
  OP_COUNT_ /* number of opcodes */
};
/* Opcode properties (the flags column of opcodes.def). */
#define OPF_JUMP 0x01   /* P2 is a jump target (label resolution applies) */
#define OPF_IN1 0x02    /* P1 is an input register */
#define OPF_OUT2 0x04   /* P2 is an output register */
#define OPF_IN3 0x08    /* P3 is an input register */
extern const char *const vdbe_opcode_names[];   /* indexed by OP_* */
extern const u8 vdbe_opcode_flags[];            /* OPF_* by OP_* */

/* ---- P4 types (invariant 2) ---- */
#define P4_NOTUSED 0      /* no P4 */
#define P4_STATIC 1       /* const char*, borrowed */
#define P4_DYNAMIC 2      /* char* from mem_malloc, owned */
#define P4_TRANSIENT 3    /* vdbe_add_op4/change_p4 only: copy the string, becomes DYNAMIC */
#define P4_INT32 4        /* p4.i */
#define P4_INT64 5        /* i64*, owned (vdbe_add_op4_dup8 copies) */
#define P4_REAL 6         /* double*, owned (vdbe_add_op4_dup8 copies) */
#define P4_KEYINFO 7      /* KeyInfo*, the op owns one reference */
#define P4_COLLSEQ 8      /* Coll*, borrowed */
#define P4_FUNCDEF 9      /* FuncDef*, borrowed (turned into P4_FUNCCTX by make_ready) */
#define P4_FUNCCTX 10     /* sqlite3_context*, owned */
#define P4_MEM 11         /* Value*, owned (value_new'd) */
#define P4_INTARRAY 12    /* int* with the count in element [0], owned (mem_malloc) */
#define P4_TABLE 13       /* schema Table*, borrowed, not shown by EXPLAIN */
#define P4_SUBPROGRAM 14  /* SubProgram*, one reference owned (triggers) */
#define P4_BLOB 15        /* like DYNAMIC but binary: OP_Blob with length in P1 */

union VdbeP4 {
  int i;                  /* P4_INT32 */
  void *p;                /* generic */
  char *z;                /* P4_STATIC / P4_DYNAMIC / P4_BLOB */
  i64 *pI64;              /* P4_INT64 */
  double *pReal;          /* P4_REAL */
  KeyInfo *pKeyInfo;      /* P4_KEYINFO */
  Coll *pColl;            /* P4_COLLSEQ */
  FuncDef *pFunc;         /* P4_FUNCDEF */
  sqlite3_context *pCtx;  /* P4_FUNCCTX */
  Value *pMem;            /* P4_MEM */
  int *ai;                /* P4_INTARRAY */
  void *pTab;             /* P4_TABLE */
  SubProgram *pProgram;   /* P4_SUBPROGRAM */
};

struct VdbeOp {
  u8 opcode;              /* OP_* */
  i8 p4type;              /* P4_* */
  u16 p5;                 /* fifth operand: flags */
  int p1;                 /* first operand */
  int p2;                 /* second operand, often a jump target (invariant 1) */
  int p3;                 /* third operand */
  union VdbeP4 p4;        /* fourth operand */
  char *zComment;         /* EXPLAIN comment column (mem_malloc'd) or NULL */
};

/* ---- operand conventions this VM refines (otherwise opcode.html) ----
**  OP_Insert / OP_Delete: P4 is the table name as a string (P4_STATIC,
**    P4_DYNAMIC or P4_TRANSIENT), used for the update hook and EXPLAIN;
**    OPFLAG_NCHANGE is in P5 for Insert and in P2 for Delete (as SQLite).
**    A program containing either with NCHANGE (or OP_Clear with P3, or
**    OP_ResetCount) sets sqlite3_changes() when it ends: to the count, or
**    to 0 when the statement failed and was undone.
**  OP_Transaction: P5 nonzero checks the schema cookie against P3 and
**    fails with SQLITE_SCHEMA "database schema has changed" (the
**    statement is then re-prepared by vdbe_step through sql_reprepare).
**    P5 bit OPFLAG_NOSTMT (codegen's promise that no error can follow the
**    statement's first write) lets a write inside an explicit transaction
**    skip the statement savepoint and so its sub-journal.
**  OP_AggStep / OP_Function with P4_FUNCDEF: P5 = argument count (see
**    vdbe_add_function_call).  OP_AggFinal: P1 accumulator, P2 nArg,
**    P4_FUNCDEF; the result replaces the accumulator.
**  OP_CollSeq before a function sets the collation it sees (ctx->pColl).
**  OP_IntegrityCk: P4_INTARRAY with the count in element [0] and the root
**    pages after it; P1 result register, P3 register with the error
**    budget, P5 database index.
**  OP_Permutation: P4_INTARRAY, count in [0].
**  OP_Explain: P1 its own id (use vdbe_add_explain), P2 parent id, P4 text.
**  Seeks on tables accept text/real keys (rounded as SQLite does); seeks on
**  indexes take P4 (P4_INT32) registers starting at P3. */

/* ---- P5 flags (values as in SQLite, opcode.html) ----
** Comparison opcodes (Eq/Ne/Lt/Le/Gt/Ge): the low byte holds the affinity
** (AFF_* letter) to apply before comparing; plus these bits: */
#define SQLITE_AFF_MASK 0x47       /* the affinity part of P5 */
#define SQLITE_JUMPIFNULL 0x10     /* jump when either operand is NULL */
#define SQLITE_NULLEQ 0x80         /* NULL==NULL true, NULL==x false (IS / IS NOT) */
#define SQLITE_NOTNULL 0x90        /* NULLEQ | JUMPIFNULL */
/* OP_Insert / OP_Delete / OP_IdxInsert / OP_Column / OP_Open* */
#define OPFLAG_NCHANGE 0x01        /* Insert/Delete: count in sqlite3_changes */
#define OPFLAG_NOCHNG 0x01         /* Column: nochange flag (UPDATE virtual tables) */
#define OPFLAG_EPHEM 0x01          /* (ignored) */
#define OPFLAG_LASTROWID 0x20      /* Insert: set db->lastRowid */
#define OPFLAG_ISUPDATE 0x04       /* Insert: part of an UPDATE (update hook) */
#define OPFLAG_APPEND 0x08         /* Insert/IdxInsert: likely an append (hint) */
#define OPFLAG_USESEEKRESULT 0x10  /* Insert/IdxInsert: hint only */
#define OPFLAG_ISNOOP 0x40         /* Delete: pre-update hook only (no delete) */
#define OPFLAG_LENGTHARG 0x40      /* Column: length() of the column */
#define OPFLAG_TYPEOFARG 0x80      /* Column: typeof() of the column */
#define OPFLAG_BULKCSR 0x01        /* Open*: bulk cursor hint */
#define OPFLAG_SEEKEQ 0x02         /* Open*: only equality seeks */
#define OPFLAG_FORDELETE 0x08      /* Open*: hint */
#define OPFLAG_P2ISREG 0x10        /* OpenRead/OpenWrite: root page is in register P2 */
#define OPFLAG_PERMUTE 0x01        /* Compare: use the preceding Permutation */
#define OPFLAG_SAVEPOSITION 0x02   /* Delete: keep cursor position for Next */
#define OPFLAG_AUXDELETE 0x04      /* Delete: hint */
#define OPFLAG_NOCHNG_MAGIC 0x6d   /* MakeRecord: nochange (virtual tables) */
#define OPFLAG_PREFORMAT 0x80      /* Insert: hint */
#define OPFLAG_NOSTMT 0x02         /* Transaction: no statement journal (ours, not SQLite's) */

/* OP_Halt P2 (and codegen's conflict actions), values as in SQLite. */
#define OE_None 0      /* no constraint action */
#define OE_Rollback 1  /* roll the whole transaction back */
#define OE_Abort 2     /* undo this statement, keep the transaction (default) */
#define OE_Fail 3      /* stop, keep the statement's earlier changes */
#define OE_Ignore 4    /* skip the row */
#define OE_Replace 5   /* delete the conflicting row */
#define OE_Default 11  /* "use the table's default" (codegen only) */
/* OP_Halt P5: which constraint P4 names. */
#define P5_ConstraintNotNull 1
#define P5_ConstraintUnique 2
#define P5_ConstraintCheck 3
#define P5_ConstraintFK 4

/* ---- KeyInfo: how the fields of an index key (or sorter key) order ----
** aColl[i] NULL means BINARY.  aSortFlags[i] holds KEYINFO_ORDER_* bits. */
#define KEYINFO_ORDER_DESC 0x01    /* descending */
#define KEYINFO_ORDER_BIGNULL 0x02 /* NULLs sort as the largest value (NULLS LAST on ASC) */
struct KeyInfo {
  u32 nRef;              /* reference count; freed when it drops to 0 */
  u8 enc;                /* text encoding of the database */
  u16 nKeyField;         /* fields that order keys (the rest, e.g. rowid, only tie-break) */
  u16 nAllField;         /* fields in aColl/aSortFlags (>= nKeyField) */
  sqlite3 *db;           /* connection (for collations and errors) */
  u8 *aSortFlags;        /* nAllField entries, points into this allocation */
  Coll *aColl[];         /* nAllField collations */
};
/* Allocates a KeyInfo with nRef 1, nKeyField = N, nAllField = N + X, all
** collations NULL (BINARY) and all sort flags 0.  NULL on OOM. */
KeyInfo *keyinfo_alloc(sqlite3 *db, int N, int X);
KeyInfo *keyinfo_ref(KeyInfo *);    /* returns its argument; NULL ok */
void keyinfo_unref(KeyInfo *);      /* NULL ok */

/* Rolls back every open transaction of db and drops its savepoint stack
** (ROLLBACK, a failed COMMIT, and close with a transaction still open). */
void vdbe_rollback_all(sqlite3 *, int rcCause);

/* An unpacked search key: nField values compared field by field with a
** record under pKeyInfo.  When all nField fields are equal, the comparison
** result is default_rc (0, or -1/+1 to land before/after a run of equal
** prefixes: SeekGE/SeekLE). */
struct VdbeKey {
  KeyInfo *pKeyInfo;     /* collations and sort orders */
  Value *aVal;           /* nField values */
  u16 nField;            /* number of values (<= nAllField) */
  i8 default_rc;         /* result when every compared field is equal */
  u8 eqSeen;             /* set when some record equal on nField fields was compared */
};
/* The BtKeyCompare (btree.h) of index cursors: pCtx is the KeyInfo,
** pSearch a VdbeKey. */
int vdbe_key_compare(void *pCtx, const u8 *pKey, int nKey, const void *pSearch, int *pRc);
/* Compares two records on their first nKeyField fields under pKeyInfo
** (the sorter's order: fields past nKeyField are payload). */
int vdbe_record_compare(KeyInfo *, const u8 *a, int na, const u8 *b, int nb, int *pRc);
/* BtKeyCompareRaw for index cursors (pCtx is the KeyInfo): two stored keys
** compared on all their fields, so the btree can re-find a saved position. */
int vdbe_key_compare_raw(void *pCtx, const u8 *pA, int nA, const u8 *pB, int nB, int *pRc);

/* ---- program building (vdbe_aux.c), for codegen ----
** Every add returns the address of the new instruction.  On OOM the
** program is marked failed (vdbe_make_ready then returns SQLITE_NOMEM)
** and a dummy address is returned, so codegen needs no check per call. */
Vdbe *vdbe_create(sqlite3 *db);                      /* NULL on OOM */
int vdbe_add_op0(Vdbe *, int op);
int vdbe_add_op1(Vdbe *, int op, int p1);
int vdbe_add_op2(Vdbe *, int op, int p1, int p2);
int vdbe_add_op3(Vdbe *, int op, int p1, int p2, int p3);
/* p4type as above; P4_TRANSIENT copies a NUL-terminated string,
** P4_DYNAMIC/KEYINFO/MEM/INTARRAY take ownership (also on OOM). */
int vdbe_add_op4(Vdbe *, int op, int p1, int p2, int p3, const void *p4, int p4type);
int vdbe_add_op4_int(Vdbe *, int op, int p1, int p2, int p3, int p4);
/* P4_INT64 or P4_REAL: copies the 8 bytes at p4. */
int vdbe_add_op4_dup8(Vdbe *, int op, int p1, int p2, int p3, const void *p4, int p4type);
/* OP_Function / OP_PureFunction with its context built now (P4_FUNCCTX):
** p1 constant-argument mask, p2 first argument register, p3 result
** register, nArg arguments, pFunc the function (borrowed), p5 flags. */
int vdbe_add_function_call(Vdbe *, int op, int p1, int p2, int p3, int nArg,
                           FuncDef *pFunc, int p5);
/* Alternatively (as SQLite does for aggregates) an OP_AggStep, OP_Function
** or OP_PureFunction may carry P4_FUNCDEF with the argument count in P5:
** vdbe_make_ready gives it a context then.  OP_AggFinal/OP_AggValue carry
** P4_FUNCDEF with the argument count in P2. */
/* Appends an OP_Explain for EXPLAIN QUERY PLAN: returns its id (the op's
** address), to be used as parentId of nested lines; 0 = top level.
** zDetail is copied. */
int vdbe_add_explain(Vdbe *, int parentId, const char *zDetail);
void vdbe_change_opcode(Vdbe *, int addr, int op);
void vdbe_change_p1(Vdbe *, int addr, int p1);
void vdbe_change_p2(Vdbe *, int addr, int p2);
void vdbe_change_p3(Vdbe *, int addr, int p3);
void vdbe_change_p5(Vdbe *, int p5);                 /* of the most recent op */
void vdbe_change_p5_at(Vdbe *, int addr, int p5);
void vdbe_change_p4(Vdbe *, int addr, const void *p4, int p4type); /* addr -1: last op */
void vdbe_change_to_noop(Vdbe *, int addr);
void vdbe_comment(Vdbe *, const char *zComment);     /* on the most recent op; copied */
/* Sets P2 of the op at addr to the current address (forward jumps). */
void vdbe_jump_here(Vdbe *, int addr);
/* Labels are negative numbers; use one as a jump target in P2 before it is
** resolved, then vdbe_resolve_label(v, label) makes it mean "here". */
int vdbe_make_label(Vdbe *);
void vdbe_resolve_label(Vdbe *, int label);
int vdbe_current_addr(Vdbe *);                       /* address of the next op */
VdbeOp *vdbe_get_op(Vdbe *, int addr);               /* -1: last op; NULL if none/OOM */
/* Result columns.  which: COLNAME_*.  xDel: SQLITE_STATIC, SQLITE_TRANSIENT
** (copied) or VDBE_DYNAMIC (a mem_malloc'd string the Vdbe takes). */
#define COLNAME_NAME 0
#define COLNAME_DECLTYPE 1
#define COLNAME_DATABASE 2
#define COLNAME_TABLE 3
#define COLNAME_COLUMN 4
#define COLNAME_N 5
#define VDBE_DYNAMIC ((void (*)(void *))mem_free)
void vdbe_set_num_cols(Vdbe *, int nResColumn);
int vdbe_set_col_name(Vdbe *, int idx, int which, const char *z, void (*xDel)(void *));
/* The statement's SQL text (copied).  prepFlags: SQLITE_PREPARE_* plus
** VDBE_PREP_V2 for the _v2/_v3 interfaces (detailed step codes and
** automatic re-prepare on SQLITE_SCHEMA). */
#define VDBE_PREP_V2 0x80
void vdbe_set_sql(Vdbe *, const char *z, int n, u32 prepFlags);
/* Finishes building: resolves labels, sizes registers (nMem, numbered
** 1..nMem), cursors (0..nCursor-1) and parameters (1..nVar); azVar[i] is
** the name of parameter i+1 (":a", "$b", "@c", "?5" or NULL), copied.
** Returns SQLITE_OK or SQLITE_NOMEM (after which only finalize is legal). */
int vdbe_make_ready(Vdbe *, int nMem, int nCursor, int nVar, const char *const *azVar);
/* EXPLAIN (1: list opcodes as rows addr,opcode,p1,p2,p3,p4,p5,comment) or
** EXPLAIN QUERY PLAN (2: rows id,parent,notused,detail from OP_Explain).
** Sets the result column names. */
void vdbe_set_explain(Vdbe *, int eMode);
/* Marks the statement read-only or not (sqlite3_stmt_readonly); by
** default make_ready derives it from the opcodes. */
void vdbe_set_readonly(Vdbe *, int bReadonly);
/* Swaps the programs of pOld and pNew (for sql_reprepare): pOld receives
** pNew's program, names and SQL, keeps its bindings; pNew gets pOld's old
** program and should then be finalized by the caller. */
void vdbe_swap(Vdbe *pOld, Vdbe *pNew);
int vdbe_op_count(Vdbe *);

/* ---- sub-programs (trigger bodies) for OP_Program ----
** Codegen builds a trigger body in its own Vdbe (vdbe_create, add ops,
** labels) and turns it into a SubProgram, which then goes into P4 of
** OP_Program (P4_SUBPROGRAM; the op owns one reference, use
** vdbe_subprogram_ref to put the same program into several ops).
** Inside a sub-program, OP_Param copies caller registers (opcode.html);
** OP_Halt with P2 OE_Ignore (RAISE(IGNORE)) returns to the caller and jumps
** to P2 of OP_Program; other errors end the whole statement. */
struct SubProgram {
  VdbeOp *aOp;           /* the program (labels resolved) */
  int nOp;               /* ops */
  int nMem;              /* registers used (1..nMem) */
  int nCsr;              /* cursors used (0..nCsr-1) */
  void *token;           /* identifies the trigger (recursion check) */
  int nRef;              /* references from ops */
};
/* Takes pSub's program (pSub is finalized, also on failure); NULL on OOM. */
SubProgram *vdbe_make_subprogram(Vdbe *pSub, int nMem, int nCsr, void *token);
SubProgram *vdbe_subprogram_ref(SubProgram *);

/* ---- hooks implemented elsewhere, called by the VM ----
** sql_reprepare (prepare.c): recompiles v's SQL after SQLITE_SCHEMA and
** installs the new program with vdbe_swap.  Returns SQLITE_OK or an error
** (with the connection's message set).
** schema_reload (schema.c): OP_ParseSchema: (re)reads schema rows of Db
** iDb matching the WHERE clause zWhere (NULL: the whole schema).
** schema_drop_table/index (schema.c): OP_DropTable/OP_DropIndex remove
** the in-memory object named zName from Db iDb. */
int sql_reprepare(Vdbe *);
int schema_reload(sqlite3 *, int iDb, const char *zWhere);
void schema_drop_table(sqlite3 *, int iDb, const char *zName);
void schema_drop_index(sqlite3 *, int iDb, const char *zName);
/* schema_reset (schema.c): forget the parsed schema of iDb (-1: all), so
** it is re-read; the VM calls it after rolling back a transaction that
** changed a schema. */
void schema_reset(sqlite3 *, int iDb);

/* ---- statement API (vdbe_api.c), for compat/ ---- */
/* Runs to the next row or the end.  Returns SQLITE_ROW, SQLITE_DONE or an
** error code (the connection's error message is set).  Handles autocommit,
** statement savepoints, SQLITE_SCHEMA re-prepare (VDBE_PREP_V2),
** interrupts ("interrupted") and SQLITE_MISUSE on a finalized handle. */
int vdbe_step(Vdbe *);
/* Stops the statement, keeps bindings; returns the error code of the last
** step (SQLITE_OK if it succeeded). */
int vdbe_reset(Vdbe *);
/* Resets and frees; returns what reset would.  NULL is a no-op (SQLITE_OK). */
int vdbe_finalize(Vdbe *);
sqlite3 *vdbe_db(Vdbe *);
int vdbe_column_count(Vdbe *);
int vdbe_data_count(Vdbe *);                         /* columns of the current row, or 0 */
/* Column i of the current row (invariant 3); NULL if i is out of range or
** there is no row (the API then returns its NULL defaults). */
Value *vdbe_column_value(Vdbe *, int i);
/* Name or metadata of result column i (which: COLNAME_*), UTF-8; NULL if
** out of range or unknown. */
const char *vdbe_column_name(Vdbe *, int i, int which);
/* Parameters are numbered from 1.  All return SQLITE_OK, SQLITE_RANGE
** (i out of range), SQLITE_MISUSE (statement running: "bind on a busy
** prepared statement"), SQLITE_NOMEM, SQLITE_TOOBIG.  xDel as value_set_text:
** ownership of z passes to the call (destructor called also on error). */
int vdbe_bind_null(Vdbe *, int i);
int vdbe_bind_int64(Vdbe *, int i, i64 v);
int vdbe_bind_double(Vdbe *, int i, double r);
int vdbe_bind_text(Vdbe *, int i, const char *z, i64 n, void (*xDel)(void *), u8 enc);
int vdbe_bind_blob(Vdbe *, int i, const void *z, i64 n, void (*xDel)(void *));
int vdbe_bind_zeroblob(Vdbe *, int i, i64 n);
int vdbe_bind_value(Vdbe *, int i, const Value *);
int vdbe_bind_pointer(Vdbe *, int i, void *p, const char *zType, void (*xDel)(void *));
int vdbe_bind_parameter_count(Vdbe *);
const char *vdbe_bind_parameter_name(Vdbe *, int i); /* NULL for nameless or out of range */
int vdbe_bind_parameter_index(Vdbe *, const char *zName); /* 0 if none */
int vdbe_clear_bindings(Vdbe *);
const char *vdbe_sql(Vdbe *);                        /* NULL if not saved */
char *vdbe_expanded_sql(Vdbe *);                     /* mem_malloc'd; NULL on OOM */
int vdbe_is_readonly(Vdbe *);
int vdbe_is_busy(Vdbe *);                            /* stepped, not yet reset/done */
int vdbe_is_explain(Vdbe *);                         /* 0, 1 or 2 */
/* sqlite3_stmt_status: op SQLITE_STMTSTATUS_*; bReset clears it. */
int vdbe_status(Vdbe *, int op, int bReset);
/* The statement after pPrev in db's list (pPrev NULL: the first). */
Vdbe *vdbe_next_stmt(sqlite3 *, Vdbe *pPrev);
/* Finalizes every statement of db (used by close). */
void vdbe_finalize_all(sqlite3 *);
/* Aborts every running statement of db with rc (e.g. ROLLBACK from
** another statement: SQLITE_ABORT_ROLLBACK). */
void vdbe_abort_all(sqlite3 *, int rc);

#endif /* ENGINE_VDBE_H */
