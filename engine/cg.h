/*
** cg.h: code generation (AST -> VDBE program), shared by prepare.c,
** resolve.c, plan.c and the cg_*.c files.  Private to this layer.
**
** A statement is compiled with one Cg context: it owns the statement's
** arena (the AST), the Vdbe being built, register and cursor counters and
** the first error.  Expressions are compiled against a NameCtx, the list of
** FROM items visible at that point (with their cursors), so name resolution
** (resolve.c) and expression codegen (cg_expr.c) share one lookup.
**
** Invariants:
**   1. Registers are numbered 1..nMem and cursors 0..nTab-1; both only grow
**      during a compilation (no reuse), so a register handed out is never
**      clobbered by unrelated code.
**   2. The first error wins: cg_error keeps the first message and rc; code
**      generation continues harmlessly (ops are still appended) and
**      sql_prepare discards the program when rc != SQLITE_OK.
**   3. The program never points into the Schema (schema.h invariant 2):
**      names are copied (P4_TRANSIENT), KeyInfos are built per program.
**   4. A NameCtx lives on the C stack of the function compiling its SELECT;
**      pOuter links make correlated references possible.
*/
#ifndef ENGINE_CG_H
#define ENGINE_CG_H

#include "core.h"
#include "conn.h"
#include "ast.h"
#include "schema.h"
#include "vdbe.h"

typedef struct Cg Cg;
typedef struct NameCtx NameCtx;
typedef struct SrcTerm SrcTerm;
typedef struct AggInfo AggInfo;
typedef struct SelectDest SelectDest;
typedef struct CgWith CgWith;

/* A WITH clause in scope (stack through pOuter). */
struct CgWith {
  With *pWith;            /* the clause */
  CgWith *pOuter;         /* enclosing WITH */
  u64 mBusy;              /* bit i: CTE i is being compiled (not visible to itself) */
  u64 mRecur;             /* bit i: CTE i is in its recursive step: bound to iRecurCur */
  int aRecurCur[64];      /* cursor holding the current row of a recursive CTE */
  Table *apRecurTab[64];  /* its column shape */
};

/* The compilation context of one statement. */
struct Cg {
  sqlite3 *db;            /* connection */
  Vdbe *v;                /* program being built */
  Arena *pArena;          /* the statement's arena (AST and scratch) */
  const Stmt *pStmt;      /* statement being compiled */
  int nMem;               /* registers used (invariant 1) */
  int nTab;               /* cursors used (invariant 1) */
  int rc;                 /* first error (invariant 2) */
  char *zErrMsg;          /* its message (mem_malloc'd) */
  u32 mWrite;             /* bit i: write transaction on db i */
  u32 mRead;              /* bit i: read transaction on db i */
  int addrInit;           /* address of OP_Init */
  int iSelectId;          /* EXPLAIN QUERY PLAN parent for nested lines */
  int nestDepth;          /* nesting of subqueries (bounded) */
  u8 bExplainQp;          /* compiling for EXPLAIN QUERY PLAN */
  u8 bSchemaChange;       /* DDL: the statement changes the schema */
  u8 bNoTxn;              /* transaction control: no OP_Transaction prologue */
  u8 bExplicitRowid;      /* INSERT supplies the rowid: check rowid conflicts */
  u8 bNoStmtJournal;      /* no error can follow the first write: OP_Transaction gets
                          ** OPFLAG_NOSTMT (cg_insert.c invariant 6) */
  u8 bUpdKeepsRow;        /* the UPDATE row being written keeps its rowid/PK and no
                          ** REPLACE can move the table cursor: it stays on the row */
  CgWith *pWith;          /* innermost WITH clause in scope */
  struct CgUpsert *pUpsert;  /* INSERT ... ON CONFLICT being compiled, else NULL */
  int iReturning;         /* RETURNING rows collect in this ephemeral table, -1 none */
  NameCtx *pOuterNc;      /* trigger body: the OLD/NEW scope every step sees */
  int nTrigDepth;         /* triggers being expanded (0: the statement itself) */
  int lblRaiseIgnore;     /* RAISE(IGNORE): skip the row that fired the trigger */
  Trigger *apTrigActive[8];  /* triggers being expanded (never fire themselves) */
  int iErrOff;            /* offset in Stmt.zSql of the first error's token, -1 */
  int nSubquery;          /* EXPLAIN QUERY PLAN: subqueries numbered so far */
  int iPragmaEph;         /* pragma_xxx in FROM: rows go to this cursor, else -1 */
  const char *const *azPragmaCol;  /* ... and the pragma's column names */
  int nPragmaCol;
  ExprList *pReturning;   /* the RETURNING list (expanded) */
  u8 bCompoundOrderBy;    /* compiling a compound SELECT's ORDER BY (error offsets) */
  struct CgViewRef *pViewRefs;  /* expansions per view so far (SQLite's 65535 cap) */
};

/* One FROM item visible to name resolution. */
struct SrcTerm {
  Table *pTab;            /* table (or view/subquery result shape) */
  const char *zAlias;     /* name used to qualify columns (alias or table name) */
  int iCursor;            /* table cursor; -1 when rows come from registers */
  int iIdxCur;            /* covering index cursor, -1 if none */
  Index *pIdxCover;       /* index read instead of the table (covering scan) */
  int regRowid;           /* > 0: the rowid is in this register (INSERT/UPDATE triggers, CHECK) */
  int regCols;            /* > 0: column i is in register regCols+i instead of the cursor */
  u8 jointype;            /* JT_* of the item */
  SrcItem *pItem;         /* the AST item (NULL for synthesised terms) */
  ExprList *pSubCols;     /* subquery in FROM: its result list (column names) */
  u64 colUsed;            /* bit i: column i used (bit 63: 63 and above) */
  u8 bEphem;              /* cursor already open on an ephemeral table */
  Expr *pOnLeft;          /* LEFT JOIN: the ON/USING condition of this item */
  u8 bQualOnly;           /* only "name.col" references match (upsert's "excluded") */
  int regCoroutine;       /* > 0: rows stream from this co-routine (recursive CTE); each
                          ** Yield leaves the row as the only row of cursor iCursor */
};

/* NameCtx.flags */
#define NC_ALLOW_AGG 0x01 /* aggregates allowed here (result list, HAVING, ORDER BY) */
#define NC_IN_AGG 0x02    /* inside an aggregate's arguments */
#define NC_IS_CHECK 0x04  /* CHECK constraint / index expression: no subqueries/params */
#define NC_NO_ALIAS 0x08  /* do not resolve result-set aliases */
#define NC_AGG_QUERY 0x10 /* the enclosing SELECT is an aggregate query */
#define NC_ALLOW_WIN 0x20 /* window functions allowed (result list, ORDER BY) */

/* Name resolution scope. */
struct NameCtx {
  SrcTerm *aSrc;          /* FROM items, left to right */
  int nSrc;               /* number of items */
  ExprList *pEList;       /* result list: aliases for WHERE/ORDER BY/GROUP BY/HAVING */
  AggInfo *pAgg;          /* aggregate query in output phase: evaluate from here */
  NameCtx *pOuter;        /* enclosing query (correlated subqueries) */
  int flags;              /* NC_* */
  int nRef;               /* column references resolved through this context */
};

/* ---- prepare.c / common helpers ---- */
char *cg_mprintf(const char *zFmt, ...);             /* mem_malloc'd; NULL on OOM */
void cg_error(Cg *, const char *zFmt, ...);          /* invariant 2 */
void cg_error_rc(Cg *, int rc, const char *zFmt, ...);
/* cg_error that also records where (sqlite3_error_offset): the start of
** the expression p, or iOff when p is NULL. */
void cg_error_at(Cg *, const Expr *p, int iOff, const char *zFmt, ...);
int cg_reg(Cg *, int n);                             /* first of n fresh registers */
/* keyinfo_alloc that records SQLITE_NOMEM in the Cg when it fails (the
** program is then discarded, so no op ever sees a NULL KeyInfo). */
KeyInfo *cg_keyinfo(Cg *, int N, int X);
/* Marks the compilation failed with SQLITE_NOMEM when p is NULL; returns p. */
void *cg_check_alloc(Cg *, void *p);
int cg_cursor(Cg *);                                 /* a fresh cursor */
/* Parses exactly one statement of zSql into pArena (schema loading). */
int cg_parse_one(sqlite3 *db, Arena *pArena, const char *zSql, Stmt **ppStmt, char **pzErr);
/* Registers that a transaction on database iDb is needed (write or not);
** also loads iDb's schema. */
void cg_use_db(Cg *, int iDb, int bWrite);
/* Text of an expression as written (arena string), for column names. */
const char *cg_expr_text(Cg *, const Expr *);
/* Looks up a table for a FROM/INSERT/... target; sets "no such table: x". */
Table *cg_locate_table(Cg *, const char *zDb, const char *zName);
/* Database index of a qualifier (NULL: main) or -1 with "unknown database x". */
int cg_db_index(Cg *, const char *zDb);

/* ---- resolve.c ---- */
/* Function registry access (func.h), in one place. nArg -2: any arity. */
FuncDef *cg_find_func(sqlite3 *db, const char *zName, int nArg, u8 enc, int bCreate);
int cg_func_is_agg(const FuncDef *);
int cg_func_needs_coll(const FuncDef *);
/* Like resolve_column but silent: 1 if p names a column in scope. */
int resolve_in_scope(Cg *, NameCtx *pNc, const Expr *p, NameCtx **ppNc, int *piSrc, int *piCol);
/* "1st ORDER BY term out of range - should be between 1 and N" */
void resolve_term_range_error(Cg *, const Expr *pTerm, int iTerm, const char *zClause,
                              int nResult);
/* Resolves a column reference p against pNc.  Sets *ppNc to the context
** it was found in, *piSrc to the FROM item and *piCol to the column (-1:
** rowid).  Returns 0 on success, 1 if it is an alias of pNc->pEList item
** *piCol (result-set alias), or -1 with an error set. */
int resolve_column(Cg *, NameCtx *pNc, const Expr *p, NameCtx **ppNc, int *piSrc, int *piCol);
/* Checks a whole expression: names, functions, argument counts, aggregate
** misuse.  Returns SQLITE_OK or the error (already recorded in Cg). */
int resolve_expr(Cg *, NameCtx *pNc, Expr *p);
int resolve_exprlist(Cg *, NameCtx *pNc, ExprList *p);
/* Does p contain an aggregate function call (outside subqueries)? */
int resolve_has_agg(sqlite3 *db, const Expr *p);
int resolve_is_agg_call(sqlite3 *db, const Expr *p);
/* row_number, rank, lag ...: window functions implemented by codegen. */
int resolve_is_window_builtin(const char *zName);
/* Expands "*" and "t.*" of pList into a new list; NULL on error. */
ExprList *resolve_expand_star(Cg *, NameCtx *pNc, ExprList *pList);
/* ORDER BY / GROUP BY term: if it is an integer k (1..nResult) or an
** alias of the result list, returns the result expression index; -1 if
** the term is an ordinary expression; -3 if it is an out-of-range number
** (the caller reports it with resolve_term_range_error). */
int resolve_orderby_term(Cg *, ExprList *pEList, Expr *pTerm, const char *zClause);
/* SQLite's first pass over ORDER BY / GROUP BY: an ordinal outside 1..65535
** fails at once, before any later term's check (rc; message set). */
int resolve_orderby_prescan(Cg *, ExprList *pList, const char *zClause, int nResult);

/* ---- cg_expr.c ---- */
/* Compiles p into register target. */
void cg_expr(Cg *, NameCtx *, Expr *p, int target);
/* Compiles p into a fresh register and returns it. */
int cg_expr_new(Cg *, NameCtx *, Expr *p);
/* Jumps to dest when p is false (bNullJump: also when NULL) / true. */
void cg_if_false(Cg *, NameCtx *, Expr *p, int dest, int bNullJump);
void cg_if_true(Cg *, NameCtx *, Expr *p, int dest, int bNullJump);
/* The affinity an expression carries (column affinity or CAST), or 0. */
char cg_expr_affinity(Cg *, NameCtx *, const Expr *p);
/* The collation of an expression (explicit COLLATE or column's), NULL = BINARY. */
const char *cg_expr_collname(Cg *, NameCtx *, const Expr *p);
Coll *cg_coll(Cg *, const char *zName);              /* NULL + error if unknown */
/* Loads column iCol (-1 rowid) of table term pSrc into target. */
void cg_column(Cg *, SrcTerm *pSrc, int iCol, int target);
/* Is p a constant expression (no columns, no parameters, no functions
** with side effects)? */
int cg_expr_is_const(const Expr *p);
/* Integer value of a constant integer expression (LIMIT etc.). */
int cg_expr_is_int(const Expr *p, i64 *pV);

/* ---- cg_select.c: aggregates ---- */
/* Output phase of an aggregate query: column iCol of FROM item iSrc
** (returns 0 if not captured), aggregate call p (returns 0 if p is not
** one of the query's aggregates). */
int agg_column(Cg *, AggInfo *, int iSrc, int iCol, int target);
int agg_func_value(Cg *, AggInfo *, const Expr *p, int target);

/* ---- cg_select.c ---- */
/* Where the rows of a SELECT go. */
#define SRT_OUTPUT 1      /* OP_ResultRow */
#define SRT_COROUTINE 2   /* Yield each row in regResult.. to iSDParm */
#define SRT_MEM 3         /* store the first row in regResult.. (scalar subquery) */
#define SRT_EXISTS 4      /* set regResult to 1 on the first row */
#define SRT_SET 5         /* insert into ephemeral index iSDParm (IN) */
#define SRT_TABLE 6       /* insert as records into ephemeral table iSDParm */
#define SRT_DISCARD 7     /* evaluate only */
#define SRT_QUEUE 8       /* recursive CTE: into queue iSDParm and result iSDParm2 */
struct SelectDest {
  int eDest;              /* SRT_* */
  int iSDParm;            /* cursor or coroutine register */
  int regResult;          /* first result register (SRT_MEM/EXISTS/COROUTINE) */
  int nResult;            /* number of result columns expected */
  const char *zAffSdst;   /* SRT_SET: affinity string */
  int iSDParm2;           /* SRT_QUEUE: the result table */
  int iDist;              /* SRT_QUEUE: distinct index (UNION), -1 */
  int regLimit;           /* SRT_QUEUE: rows left (LIMIT of the CTE), 0 none */
  int lblDone;            /* SRT_QUEUE: where the LIMIT ends the recursion */
  int regYield;           /* SRT_QUEUE: > 0: iSDParm2 holds one row, yielded to this
                          ** co-routine register (a streamed recursive CTE) */
  Table **ppShape;        /* if set: receives the result's names and affinities */
};
void cg_select(Cg *, Select *p, SelectDest *pDest, NameCtx *pOuter);
void cg_select_stmt(Cg *, Select *p);    /* top level SELECT statement */
/* Makes pWith's CTEs visible (INSERT/UPDATE/DELETE ... WITH); pop restores. */
void cg_with_push(Cg *, CgWith *pFrame, With *pWith);
void cg_with_pop(Cg *, CgWith *pFrame);
int cg_select_ncol(Cg *, Select *p, NameCtx *pOuter);   /* result columns (after * expansion) */

/* ---- statements ---- */
void cg_insert(Cg *, InsertStmt *);
void cg_update(Cg *, UpdateStmt *);
void cg_delete(Cg *, DeleteStmt *);
void cg_create_table(Cg *, Stmt *);
void cg_create_index(Cg *, Stmt *);
void cg_create_view(Cg *, Stmt *);
void cg_drop(Cg *, Stmt *);
void cg_alter(Cg *, Stmt *);

/* ---- cg_fkey.c (all no-ops unless PRAGMA foreign_keys is on) ---- */
/* After writing a row of pTab: its FOREIGN KEYs must find their parents. */
void cg_fkey_check_child(Cg *, Table *pTab, int regCols, int regRowid);
/* Is pTab the parent of some FOREIGN KEY? */
int cg_fkey_is_parent(Cg *, Table *pTab);
/* A parent row of pP is deleted (regNew 0) or updated: the children's
** ON DELETE / ON UPDATE actions. */
void cg_fkey_parent(Cg *, Table *pP, int regOld, int regOldRowid, int regNew, int regNewRowid);

/* ---- cg_trigger.c ---- */
void cg_create_trigger(Cg *, Stmt *);
void cg_drop_trigger(Cg *, Stmt *);
/* Does pTab have a trigger for eEvent (TRIGGER_*) at time eTime? */
int cg_has_triggers(Cg *, Table *pTab, int eEvent, int eTime);
/* Expands the triggers of pTab for eEvent at eTime inline.  OLD is in
** regOld.. (rowid regOldRowid), NEW in regNew.. (rowid regNewRowid); 0
** when absent.  aUpd: UPDATE's new-value array (UPDATE OF filtering) or
** NULL.  RAISE(IGNORE) jumps to lblSkip. */
void cg_fire_triggers(Cg *, Table *pTab, int eEvent, int eTime, Expr **aUpd, int regOld,
                      int regOldRowid, int regNew, int regNewRowid, int lblSkip);
void cg_transaction(Cg *, Stmt *);
void cg_pragma(Cg *, Stmt *);
/* Table-valued pragma "pragma_zName(args)" in FROM: materializes its rows
** into ephemeral table iCur; returns 0 if zName is not supported. */
int cg_pragma_table(Cg *, const char *zName, ExprList *pArgs, int iCur,
                    const char *const **pazCol, int *pnCol);
int cg_pragma_ncol(const char *zName);   /* columns of pragma_zName */

/* ---- shared by DML (cg_insert.c) ---- */
/* The ON CONFLICT clause of the INSERT being compiled. */
typedef struct CgUpsert {
  Upsert *p;              /* the clause */
  Index *pIdx;            /* its target index; NULL: rowid or any */
  u8 bRowid;              /* target is the INTEGER PRIMARY KEY */
  u8 bAny;                /* no target (DO NOTHING for every constraint) */
  Table *pTab;            /* table */
  int iCur;               /* table cursor */
  int regCols, regRowid;  /* the proposed row ("excluded") */
} CgUpsert;
/* UPDATE of the row under iCur (cg_update.c): aExpr[i] new value of column
** i or NULL, pRowid new rowid or NULL; expressions see pNc. */
void cg_update_row(Cg *, NameCtx *pNc, Table *pTab, int iCur, Expr **aExpr, Expr *pRowid,
                   int regOldRowid, int onError);
/* SET list -> aExpr/pRowid (cg_update.c); error for unknown columns. */
int cg_update_map(Cg *, Table *pTab, SetList *pSet, Expr **aExpr, Expr **ppRowid);
/* RETURNING: begin (names, ephemeral table), one row (pNc sees the row),
** end (emits the rows).  No-ops when pList is NULL. */
void cg_returning_begin(Cg *, NameCtx *pNc, ExprList *pList);
void cg_returning_row(Cg *, NameCtx *pNc);
void cg_returning_end(Cg *);
/* Builds the KeyInfo of index pIdx (key columns + rowid; WITHOUT ROWID:
** schema.h invariant 5, and for Table.pPk the PRIMARY KEY columns only). */
KeyInfo *cg_index_keyinfo(Cg *, Index *pIdx);
/* Fields of an entry of index pIdx: nKeyCol + rowid, or nColumn (WITHOUT ROWID). */
int cg_index_nfield(const Index *pIdx);
/* Opens table pTab on cursor iCur (a WITHOUT ROWID table is an index
** b-tree and needs its PRIMARY KEY KeyInfo). */
void cg_open_table(Cg *, Table *pTab, int iDb, int opcode, int iCur);
/* WITHOUT ROWID tables: what a rowid is elsewhere, a row's key is the
** record of its PRIMARY KEY values (cg_pk_record, from nCol registers; it
** returns the first of the registers holding those values in key order).
** cg_seek_row positions table cursor iCur on the row whose rowid (or PK
** record) is in regKey, jumping to lblMissing if there is none. */
void cg_seek_row(Cg *, Table *pTab, int iCur, int lblMissing, int regKey);
int cg_pk_record(Cg *, Table *pTab, int regCols, int target);
/* The key (rowid or PK record) of the row under table term pSrc. */
void cg_row_key(Cg *, SrcTerm *pSrc, int target);
/* Opens pTab and its indexes for writing: table cursor iCur, index cursors
** iCur+1.. in pIndex order.  Returns the number of index cursors. */
int cg_open_table_indexes(Cg *, Table *pTab, int iDb, int opcode, int iCur);
/* Index key of pIdx for the row whose columns are in regCols.. (rowid in
** regRowid) into nKeyCol+1 registers starting at the returned register. */
int cg_index_key(Cg *, Index *pIdx, int regCols, int regRowid);
/* "t.a, t.b" (or "index 'i'" for expressions) for UNIQUE messages. */
char *cg_index_cols_msg(Index *pIdx);
/* Partial index: jumps to lblSkip when the row (regCols/regRowid) has no
** entry in pIdx.  No code for a full index. */
void cg_index_partial_skip(Cg *, Index *pIdx, int regCols, int regRowid, int lblSkip);
/* Constraint checks + index/table writes of one row (INSERT and UPDATE).
** regRowid: the new rowid; regCols: nCol registers; onError: statement
** conflict action (OE_*).  regOldRowid > 0 for UPDATE; then bit k of
** mSame set means index k (pIndex order, k < 64) keeps the old row's entry
** unchanged (none of its columns change), else 0. */
void cg_complete_insertion(Cg *, Table *pTab, int iDb, int iCur, int regRowid, int regCols,
                           int onError, int regOldRowid, int regOldCols, int labelSkip,
                           u64 mSame);
/* Loads every column of the row under table cursor iCur into fresh
** registers (the rowid alias from regRowid); returns the first. */
int cg_load_row(Cg *, Table *pTab, int iCur, int regRowid);
/* Deletes the row under table cursor iCur and its index entries. */
void cg_delete_row(Cg *, Table *pTab, int iCur, int regRowid, int bCount);
int cg_conflict_action(int eConflict, int eDefault);  /* AstConflict -> OE_* */
/* Can a conflict of a row written to pTab with statement action onError
** (OE_Default: each constraint's own) resolve by REPLACE, deleting rows? */
int cg_may_replace(Table *pTab, int onError);
/* UPDATE/DELETE (cg_delete.c): the target table as the only FROM item, and
** pass 1: the keys of the rows matching pWhere, collected in a RowSet
** (rowid table) or an ephemeral table (WITHOUT ROWID: PK records). */
typedef struct CgKeys {
  int regSet;             /* rowid table: register holding the RowSet, else 0 */
  int iEph;               /* WITHOUT ROWID: ephemeral table cursor, else -1 */
  int addrTop;            /* pass 2: top of the loop */
  int lblDone;            /* pass 2: after the loop */
} CgKeys;
Table *cg_dml_target(Cg *, SrcList *pList, SrcTerm *pSrc, NameCtx *pNc);
void cg_collect_rowids(Cg *, NameCtx *pNc, Expr *pWhere, CgKeys *pKeys);
/* Pass 2 loop over the collected keys, in ascending rowid (key) order:
** cg_keys_loop puts the next key into target (the body follows), and
** cg_keys_loop_end closes the loop (a body's "next row" label goes right
** before it). */
void cg_keys_loop(Cg *, Table *pTab, CgKeys *pKeys, int target);
void cg_keys_loop_end(Cg *, CgKeys *pKeys);

/* ---- plan.c: the WHERE loop ---- */
typedef struct WhereInfo WhereInfo;
#define WHERE_ONEPASS 0x01   /* UPDATE/DELETE: cursors open for writing */
#define WHERE_ORDERBY_MIN 0x02
/* Opens cursors and loops over the rows of pNc's FROM items satisfying
** pWhere; the body follows the call.  pOrderBy: ORDER BY the caller wants
** (plan_order_done tells whether the loop delivers it). */
WhereInfo *plan_begin(Cg *, NameCtx *pNc, Expr *pWhere, ExprList *pOrderBy, int flags);
void plan_end(Cg *, WhereInfo *);
int plan_continue_label(WhereInfo *);  /* jump here to skip to the next row */
int plan_break_label(WhereInfo *);     /* jump here to end the loop */
int plan_order_done(WhereInfo *);      /* rows already come in ORDER BY order */
/* Emits OP_Close for the loop's cursors (before a write pass). */
void plan_close(Cg *, WhereInfo *);
/* Releases the WhereInfo (no code). */
void plan_free(WhereInfo *);

#endif /* ENGINE_CG_H */
