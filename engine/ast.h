/*
** ast.h: the abstract syntax tree produced by the parser (parse.c) and
** consumed by name resolution and code generation.
**
** Owns: the per-statement arena allocator (Arena, ast_arena_*), every AST
** node type (Stmt, Select, Expr, ExprList, SrcList, ...), deep copy
** (ast_dup_*) and the SQL printer (ast_print_*) used for debugging and by
** the round-trip tests.
**
** Ownership:
**   Every node, every string and every array reachable from a Stmt lives in
**   the Arena the parser was given.  Nothing in the tree is freed on its
**   own: ast_arena_free() releases the whole statement at once.  Strings in
**   the tree are NUL-terminated arena copies, never pointers into the
**   caller's SQL buffer, so a tree stays valid after that buffer is freed.
**   ast_dup_* copy a subtree into another arena (e.g. a view's SELECT into
**   the arena of the statement that uses the view).
**
** Invariants:
**   1. Identifiers are stored dequoted ("a""b" -> a"b, [x] -> x, `y` -> y).
**      Keywords used as identifiers keep the case in which they were written.
**   2. AstSpan offsets are byte offsets into Stmt.zSql, the statement's own
**      text (which starts at its first token); for trees produced by
**      ast_dup_* they refer to the text of the statement they were copied
**      from, so only use spans with the statement that owns the text.
**      Text that outlives a statement (result column names, DEFAULT text)
**      is kept as an arena string instead (ExprListItem.zSpan,
**      ColumnConstraint.zText).
**   3. Recursion over a tree is bounded: nesting (parentheses, subqueries,
**      function calls, CASE, ...) is limited by the parser's emulation of
**      SQLite's 100-slot parser stack, and left-deep operator chains by
**      Expr.nHeight <= SQLITE_LIMIT_EXPR_DEPTH (unbounded only if that limit
**      is set to 0).  Compound SELECT chains (Select.pPrior), VALUES rows and
**      lists may be long: walk them with loops, not recursion.
**   4. Optional parts are NULL (pointers) or 0 (enums: every enum below has
**      a 0 value meaning "absent / not written").
**
** References: lang_*.html of the SQLite documentation (syntax diagrams).
*/
#ifndef ENGINE_AST_H
#define ENGINE_AST_H

#include "core.h"

/* ------------------------------------------------------------------------
** Arena
** ----------------------------------------------------------------------*/

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena Arena;

struct Arena {
  ArenaBlock *pBlock;   /* newest block; blocks chain through pNext */
  u64 nBytes;           /* total bytes handed out (statistics) */
  int bOom;             /* set once an allocation failed; sticky */
};

/* Initialise an empty arena (no allocation happens until first use). */
void ast_arena_init(Arena *pArena);
/* Release every block; the arena is empty and reusable afterwards. */
void ast_arena_free(Arena *pArena);
/* Zeroed, 8-byte aligned memory, or NULL (and pArena->bOom set) on OOM. */
void *ast_arena_alloc(Arena *pArena, u64 n);
/* NUL-terminated copy of n bytes of z (z may be NULL when n==0). */
char *ast_arena_strndup(Arena *pArena, const char *z, int n);
char *ast_arena_strdup(Arena *pArena, const char *z);   /* NULL in, NULL out */

/* ------------------------------------------------------------------------
** Shared small types and enums
** ----------------------------------------------------------------------*/

typedef struct AstSpan AstSpan;
typedef struct Expr Expr;
typedef struct ExprList ExprList;
typedef struct ExprListItem ExprListItem;
typedef struct IdList IdList;
typedef struct SrcList SrcList;
typedef struct SrcItem SrcItem;
typedef struct Select Select;
typedef struct ValuesList ValuesList;
typedef struct With With;
typedef struct Cte Cte;
typedef struct Window Window;
typedef struct SetList SetList;
typedef struct SetItem SetItem;
typedef struct Upsert Upsert;
typedef struct ForeignKey ForeignKey;
typedef struct ColumnConstraint ColumnConstraint;
typedef struct ColumnDef ColumnDef;
typedef struct TableConstraint TableConstraint;
typedef struct Stmt Stmt;

/* A slice of the statement text (invariant 2). */
struct AstSpan {
  i32 iOff;             /* byte offset into Stmt.zSql */
  i32 n;                /* length in bytes; 0 when unknown/synthesised */
};

/* ON CONFLICT / OR resolution algorithm. */
typedef enum AstConflict {
  CONFLICT_NONE = 0,    /* not written: use the default (ABORT) */
  CONFLICT_ROLLBACK,
  CONFLICT_ABORT,
  CONFLICT_FAIL,
  CONFLICT_IGNORE,
  CONFLICT_REPLACE
} AstConflict;

typedef enum AstSortOrder {
  SORT_DEFAULT = 0,     /* not written (ascending) */
  SORT_ASC,
  SORT_DESC
} AstSortOrder;

typedef enum AstNulls {
  NULLS_DEFAULT = 0,    /* not written: NULLs first for ASC, last for DESC */
  NULLS_FIRST,
  NULLS_LAST
} AstNulls;

/* ------------------------------------------------------------------------
** Expressions
** ----------------------------------------------------------------------*/

typedef enum ExprOp {
  EXPR_INVALID = 0,
  /* literals */
  EXPR_NULL,            /* NULL */
  EXPR_INTEGER,         /* iValue; z = literal text as written.  The
                        ** parser folds "-9223372036854775808" (a minus
                        ** applied directly to that literal, parentheses
                        ** allowed) into one EXPR_INTEGER = INT64_MIN, as
                        ** SQLite does; hex literals wrap to two's
                        ** complement (0xFFFFFFFFFFFFFFFF is -1) */
  EXPR_FLOAT,           /* rValue; z = literal text as written (also for
                        ** decimal integers too large for i64) */
  EXPR_STRING,          /* z, n: dequoted string ('it''s' -> it's) */
  EXPR_BLOB,            /* z, n: the n decoded bytes of X'...' */
  EXPR_TRUEFALSE,       /* unquoted TRUE/FALSE: iValue 1/0, z "true"/"false"
                        ** as written.  SQLite resolves a column of that name
                        ** first; "x IS TRUE" uses truth semantics. */
  EXPR_CURRENT_TIME,    /* CURRENT_TIME */
  EXPR_CURRENT_DATE,    /* CURRENT_DATE */
  EXPR_CURRENT_TIMESTAMP, /* CURRENT_TIMESTAMP */
  /* names */
  EXPR_COLUMN,          /* [zDb.][zTab.]z ; EXPR_F_DQUOTED if z was "..." */
  EXPR_STAR,            /* result column "*" (zTab NULL) or "zTab.*" */
  EXPR_VARIABLE,        /* iValue = parameter number (1-based);
                        ** z = name as written (":a", "?5", "$x::y(z)")
                        ** or NULL for a bare "?" */
  /* unary operators: operand in pLeft */
  EXPR_NEG,             /* -x */
  EXPR_POS,             /* +x */
  EXPR_BITNOT,          /* ~x */
  EXPR_NOT,             /* NOT x */
  EXPR_ISNULL,          /* x ISNULL, x IS NULL is EXPR_IS with NULL rhs */
  EXPR_NOTNULL,         /* x NOTNULL, x NOT NULL */
  /* binary operators: pLeft op pRight */
  EXPR_CONCAT,          /* || */
  EXPR_PTR,             /* -> */
  EXPR_PTR2,            /* ->> */
  EXPR_MUL,
  EXPR_DIV,
  EXPR_REM,
  EXPR_ADD,
  EXPR_SUB,
  EXPR_BITAND,
  EXPR_BITOR,
  EXPR_LSHIFT,
  EXPR_RSHIFT,
  EXPR_LT,
  EXPR_LE,
  EXPR_GT,
  EXPR_GE,
  EXPR_EQ,              /* = and == */
  EXPR_NE,              /* != and <> */
  EXPR_IS,              /* IS, IS NOT DISTINCT FROM.  "x IS NULL" has
                        ** an EXPR_NULL pRight (SQLite: same as ISNULL);
                        ** "x IS TRUE" has an EXPR_TRUEFALSE pRight */
  EXPR_ISNOT,           /* IS NOT, IS DISTINCT FROM */
  EXPR_AND,
  EXPR_OR,
  /* special forms */
  EXPR_LIKE,            /* pLeft [NOT] op2 pRight [ESCAPE pExtra];
                        ** op2 = LIKE_*, bNot; pRight is the pattern */
  EXPR_BETWEEN,         /* pLeft [NOT] BETWEEN pRight AND pExtra; bNot */
  EXPR_IN,              /* pLeft [NOT] IN (pList) or IN (pSelect); bNot.
                        ** SQLite evaluates "x IN (c)" with one constant
                        ** term and a scalar x exactly as "x = +c".
                        ** "x IN tbl" and "x IN tf(args)" are turned into
                        ** pSelect = SELECT * FROM tbl / tf(args), with
                        ** EXPR_F_IN_TABLE set.  "x IN ()" has pList with
                        ** nExpr==0. */
  EXPR_EXISTS,          /* EXISTS (pSelect) ; NOT EXISTS is EXPR_NOT */
  EXPR_SUBQUERY,        /* scalar subquery (pSelect) */
  EXPR_COLLATE,         /* pLeft COLLATE z */
  EXPR_CAST,            /* CAST(pLeft AS z); z = type text as written,
                        ** "" when empty */
  EXPR_CASE,            /* CASE [pLeft] WHEN..THEN.. [ELSE pExtra] END;
                        ** pList holds WHEN,THEN,WHEN,THEN,... (even count) */
  EXPR_FUNCTION,        /* z(pList) ; see EXPR_F_DISTINCT, EXPR_F_STAR;
                        ** pOrderBy = ORDER BY inside the argument list;
                        ** pExtra = FILTER (WHERE ...) expression;
                        ** pWin = OVER clause */
  EXPR_VECTOR,          /* row value (a, b, ...): pList, nExpr >= 2 */
  EXPR_RAISE,           /* RAISE(op2 [, z]) ; op2 = RAISE_* ; z = message */
  EXPR_OP_COUNT
} ExprOp;

/* Expr.op2 for EXPR_LIKE */
typedef enum ExprLikeOp {
  LIKE_LIKE = 0,
  LIKE_GLOB,
  LIKE_REGEXP,
  LIKE_MATCH
} ExprLikeOp;

/* Expr.op2 for EXPR_RAISE */
typedef enum ExprRaiseOp {
  RAISE_IGNORE = 0,
  RAISE_ROLLBACK,
  RAISE_ABORT,
  RAISE_FAIL
} ExprRaiseOp;

/* Expr.flags */
#define EXPR_F_DQUOTED   0x0001 /* EXPR_COLUMN: z was written "..." (may be
                                ** treated as a string literal when it does
                                ** not resolve: SQLite's DQS misfeature) */
#define EXPR_F_DISTINCT  0x0002 /* EXPR_FUNCTION: f(DISTINCT ...) */
#define EXPR_F_STAR      0x0004 /* EXPR_FUNCTION: f(*) (pList is NULL) */
#define EXPR_F_IN_TABLE  0x0008 /* EXPR_IN: written as "IN tbl"/"IN tf()" */
#define EXPR_F_HEX       0x0010 /* EXPR_INTEGER: written as 0x... */
#define EXPR_F_PAREN     0x0020 /* expression was written in parentheses
                                ** ("(x)" is x itself with this flag) */
#define EXPR_F_ISNULL_KW 0x0040 /* EXPR_NOTNULL written "NOT NULL" /
                                ** EXPR_ISNULL written "ISNULL" (printing) */
#define EXPR_F_DISTINCT_FROM 0x0080 /* EXPR_IS/ISNOT written with
                                ** [NOT] DISTINCT FROM (printing only) */
#define EXPR_F_NE_LTGT   0x0100 /* EXPR_NE written "<>" / EXPR_EQ "==" */
#define EXPR_F_TOOBIG    0x0200 /* EXPR_INTEGER: hex literal wider than 64
                                ** bits; code generation must fail with
                                ** "hex literal too big: [-]<z>" (SQLite
                                ** accepts it in CREATE VIEW) */
#define EXPR_F_SRCPIN    0x0400 /* EXPR_COLUMN synthesised for USING/NATURAL:
                                ** names FROM item iValue of its own NameCtx
                                ** (an unaliased subquery has no name) */

/*
** One expression node.  Which fields are used depends on op (see ExprOp);
** unused pointers are NULL.  The struct is deliberately flat (no unions) so
** walkers can visit pLeft/pRight/pExtra/pList/pSelect/pOrderBy/pWin
** uniformly.
*/
struct Expr {
  u8 op;                /* ExprOp */
  u8 op2;               /* sub-operator: ExprLikeOp, ExprRaiseOp */
  u8 bNot;              /* NOT LIKE / NOT BETWEEN / NOT IN */
  u16 flags;            /* EXPR_F_* */
  AstSpan span;         /* source text of the whole expression */
  Expr *pLeft;          /* operand, left operand, CASE base, IN/LIKE lhs */
  Expr *pRight;         /* right operand, LIKE pattern, BETWEEN low */
  Expr *pExtra;         /* BETWEEN high, ESCAPE, CASE ELSE, FILTER */
  ExprList *pList;      /* IN list, CASE arms, function args, vector */
  Select *pSelect;      /* EXISTS, scalar subquery, IN (SELECT ...) */
  ExprList *pOrderBy;   /* EXPR_FUNCTION: aggregate ORDER BY */
  Window *pWin;         /* EXPR_FUNCTION: OVER clause */
  i64 iValue;           /* INTEGER value, TRUEFALSE 0/1, VARIABLE number */
  double rValue;        /* FLOAT value */
  const char *z;        /* text: see ExprOp */
  int n;                /* bytes in z (STRING and BLOB may hold any byte) */
  int nHeight;          /* height of this subtree, leaf = 1; a subquery
                        ** counts its SELECT's tallest expression */
  const char *zTab;     /* COLUMN/STAR table qualifier, or NULL */
  const char *zDb;      /* COLUMN schema qualifier, or NULL */
};

/* ------------------------------------------------------------------------
** Lists
** ----------------------------------------------------------------------*/

struct ExprListItem {
  Expr *pExpr;          /* the expression (never NULL) */
  const char *zName;    /* result column / RETURNING alias (AS name) */
  const char *zSpan;    /* result lists only: original text of pExpr,
                        ** SQLite's name for an unaliased column */
  u8 eSortOrder;        /* AstSortOrder: ORDER BY and index columns */
  u8 eNulls;            /* AstNulls: ORDER BY */
};

struct ExprList {
  int nExpr;            /* number of items */
  int nAlloc;           /* allocated slots in a[] */
  ExprListItem *a;      /* items */
};

struct IdList {
  int nId;              /* number of names */
  int nAlloc;           /* allocated slots */
  const char **azId;    /* dequoted names */
};

/* ------------------------------------------------------------------------
** FROM clause
** ----------------------------------------------------------------------*/

/* SrcItem.jointype: how this item joins the item before it (a[0] has 0). */
#define JT_COMMA    0x01  /* "a, b" */
#define JT_INNER    0x02  /* [INNER] JOIN */
#define JT_CROSS    0x04  /* CROSS JOIN (no reordering) */
#define JT_NATURAL  0x08  /* NATURAL prefix */
#define JT_LEFT     0x10  /* LEFT [OUTER] */
#define JT_RIGHT    0x20  /* RIGHT [OUTER] */
#define JT_OUTER    0x40  /* the OUTER keyword was written */
/* FULL [OUTER] JOIN is JT_LEFT|JT_RIGHT. */

struct SrcItem {
  const char *zDb;      /* schema qualifier or NULL */
  const char *zName;    /* table, view, CTE or table-valued function name;
                        ** NULL for a subquery or parenthesised join */
  const char *zAlias;   /* AS alias or NULL */
  Select *pSelect;      /* FROM (SELECT ...) subquery */
  SrcList *pNested;     /* FROM (a JOIN b ...) parenthesised join; also
                        ** "(t)" with a single item */
  ExprList *pFuncArgs;  /* table-valued function arguments (bFunc) */
  u8 bFunc;             /* zName(args) was written */
  u8 jointype;          /* JT_* joining this item to the previous one */
  u8 bNotIndexed;       /* NOT INDEXED */
  const char *zIndexedBy;  /* INDEXED BY name */
  Expr *pOn;            /* ON expression */
  IdList *pUsing;       /* USING (cols) */
  AstSpan span;         /* text of this item */
};

struct SrcList {
  int nSrc;             /* number of items */
  int nAlloc;           /* allocated slots */
  SrcItem *a;           /* items, left to right */
};

/* ------------------------------------------------------------------------
** Windows
** ----------------------------------------------------------------------*/

typedef enum WinFrameType {
  FRAME_DEFAULT = 0,    /* no frame spec written */
  FRAME_ROWS,
  FRAME_RANGE,
  FRAME_GROUPS
} WinFrameType;

typedef enum WinBound {
  BOUND_NONE = 0,       /* absent (only when eFrame == FRAME_DEFAULT) */
  BOUND_UNBOUNDED_PRECEDING,
  BOUND_PRECEDING,      /* expr PRECEDING */
  BOUND_CURRENT_ROW,
  BOUND_FOLLOWING,      /* expr FOLLOWING */
  BOUND_UNBOUNDED_FOLLOWING
} WinBound;

typedef enum WinExclude {
  EXCLUDE_DEFAULT = 0,  /* not written (NO OTHERS) */
  EXCLUDE_NO_OTHERS,
  EXCLUDE_CURRENT_ROW,
  EXCLUDE_GROUP,
  EXCLUDE_TIES
} WinExclude;

/*
** A window definition: either an entry of a WINDOW clause (zName set),
** or an OVER clause.  "OVER w" has zBase = "w" and bRef set; "OVER (w
** ORDER BY x)" has zBase = "w" and bRef clear.  A frame written without
** BETWEEN ("ROWS 3 PRECEDING") is stored with eEnd = BOUND_CURRENT_ROW.
*/
struct Window {
  const char *zName;    /* WINDOW clause: name being defined */
  const char *zBase;    /* existing window this one builds on, or NULL */
  u8 bRef;              /* "OVER name" without parentheses */
  u8 eFrame;            /* WinFrameType */
  u8 eStart;            /* WinBound */
  u8 eEnd;              /* WinBound */
  u8 eExclude;          /* WinExclude */
  ExprList *pPartition; /* PARTITION BY */
  ExprList *pOrderBy;   /* ORDER BY */
  Expr *pStart;         /* expr of "expr PRECEDING/FOLLOWING" start */
  Expr *pEnd;           /* expr of the end bound */
  Window *pNext;        /* next definition in a WINDOW clause */
};

/* ------------------------------------------------------------------------
** SELECT
** ----------------------------------------------------------------------*/

typedef enum SelectOp {
  SELECT_SIMPLE = 0,    /* first (leftmost) member, or a non-compound */
  SELECT_UNION,         /* pPrior UNION this */
  SELECT_UNION_ALL,
  SELECT_INTERSECT,
  SELECT_EXCEPT
} SelectOp;

typedef enum CteMaterialized {
  CTE_MAT_DEFAULT = 0,  /* no hint */
  CTE_MAT_YES,          /* AS MATERIALIZED */
  CTE_MAT_NO            /* AS NOT MATERIALIZED */
} CteMaterialized;

struct Cte {
  const char *zName;    /* CTE name */
  IdList *pCols;        /* optional column names */
  Select *pSelect;      /* body */
  u8 eMaterialized;     /* CteMaterialized */
};

struct With {
  u8 bRecursive;        /* WITH RECURSIVE */
  int nCte;             /* number of CTEs */
  Cte *a;               /* the CTEs, in order */
};

/* VALUES (..), (..): every row has the same number of expressions. */
struct ValuesList {
  int nRow;             /* number of rows (>= 1) */
  int nAlloc;           /* allocated slots */
  ExprList **apRow;     /* the rows */
};

/*
** One SELECT core, or a compound.  A compound "A UNION B EXCEPT C" is a
** chain linked through pPrior from the rightmost member (the head):
**   C{op=EXCEPT} -> B{op=UNION} -> A{op=SIMPLE}
** The head carries the compound's ORDER BY, LIMIT and OFFSET and its WITH
** clause; other members have those NULL.  A VALUES member has pValues set
** and pEList NULL.
*/
struct Select {
  u8 op;                /* SelectOp linking this member to pPrior */
  u8 bDistinct;         /* SELECT DISTINCT */
  u8 bAll;              /* SELECT ALL was written (printing only) */
  ExprList *pEList;     /* result columns (items may be EXPR_STAR) */
  ValuesList *pValues;  /* VALUES rows instead of a SELECT core */
  SrcList *pSrc;        /* FROM clause or NULL */
  Expr *pWhere;         /* WHERE */
  ExprList *pGroupBy;   /* GROUP BY */
  Expr *pHaving;        /* HAVING */
  Window *pWinDefn;     /* WINDOW clause definitions (list via pNext) */
  ExprList *pOrderBy;   /* ORDER BY (head of a compound only) */
  Expr *pLimit;         /* LIMIT */
  Expr *pOffset;        /* OFFSET, also the "a" of "LIMIT a, b" */
  Select *pPrior;       /* previous member of a compound */
  With *pWith;          /* WITH clause (head only) */
  AstSpan span;         /* text of this member */
};

/* ------------------------------------------------------------------------
** INSERT / UPDATE / DELETE pieces
** ----------------------------------------------------------------------*/

/* One SET assignment: "col = expr" (pCols->nId == 1) or
** "(a, b) = expr" (pCols->nId > 1; expr is a vector or a subquery). */
struct SetItem {
  IdList *pCols;        /* target columns */
  Expr *pExpr;          /* value */
};

struct SetList {
  int nSet;             /* number of assignments */
  int nAlloc;           /* allocated slots */
  SetItem *a;           /* assignments in order */
};

/* ON CONFLICT clause of an INSERT; several chain through pNext. */
struct Upsert {
  ExprList *pTarget;    /* conflict target columns, or NULL */
  Expr *pTargetWhere;   /* WHERE after the target (partial index) */
  u8 bDoNothing;        /* DO NOTHING; else DO UPDATE */
  SetList *pSet;        /* DO UPDATE SET */
  Expr *pWhere;         /* DO UPDATE ... WHERE */
  Upsert *pNext;        /* next ON CONFLICT clause */
};

/* ------------------------------------------------------------------------
** CREATE TABLE pieces
** ----------------------------------------------------------------------*/

typedef enum FkAction {
  FK_NONE = 0,          /* not written */
  FK_NO_ACTION,
  FK_RESTRICT,
  FK_SET_NULL,
  FK_SET_DEFAULT,
  FK_CASCADE
} FkAction;

typedef enum FkDefer {
  FK_DEFER_NONE = 0,    /* nothing written: immediate */
  FK_DEFERRABLE,                 /* DEFERRABLE (immediate) */
  FK_DEFERRABLE_DEFERRED,        /* DEFERRABLE INITIALLY DEFERRED */
  FK_DEFERRABLE_IMMEDIATE,       /* DEFERRABLE INITIALLY IMMEDIATE */
  FK_NOT_DEFERRABLE,             /* NOT DEFERRABLE [...] (immediate) */
  FK_NOT_DEFERRABLE_DEFERRED,    /* NOT DEFERRABLE INITIALLY DEFERRED */
  FK_NOT_DEFERRABLE_IMMEDIATE    /* NOT DEFERRABLE INITIALLY IMMEDIATE */
} FkDefer;
/* Only FK_DEFERRABLE_DEFERRED makes the constraint deferred. */

/* REFERENCES clause, shared by column and table constraints. */
struct ForeignKey {
  const char *zTable;   /* parent table */
  IdList *pCols;        /* parent columns, or NULL (parent's PK) */
  u8 eOnDelete;         /* FkAction */
  u8 eOnUpdate;         /* FkAction */
  u8 eDefer;            /* FkDefer */
  const char *zMatch;   /* MATCH name (parsed, ignored by SQLite) */
};

typedef enum ColumnConsKind {
  CC_PRIMARY_KEY = 1,   /* eSortOrder, eConflict, bAutoinc */
  CC_NOT_NULL,          /* eConflict */
  CC_NULL,              /* plain NULL (accepted, no effect) */
  CC_UNIQUE,            /* eConflict */
  CC_CHECK,             /* pExpr */
  CC_DEFAULT,           /* pExpr, zText */
  CC_COLLATE,           /* zCollate */
  CC_REFERENCES,        /* pFk */
  CC_GENERATED          /* pExpr, eGenerated */
} ColumnConsKind;

typedef enum GeneratedKind {
  GEN_VIRTUAL = 0,      /* VIRTUAL or nothing written */
  GEN_STORED
} GeneratedKind;

struct ColumnConstraint {
  u8 eKind;             /* ColumnConsKind */
  u8 eSortOrder;        /* PRIMARY KEY ASC/DESC */
  u8 eConflict;         /* AstConflict of the ON CONFLICT clause */
  u8 bAutoinc;          /* PRIMARY KEY ... AUTOINCREMENT */
  u8 eGenerated;        /* GeneratedKind */
  u8 bGeneratedAlways;  /* "GENERATED ALWAYS" was written before AS */
  const char *zConsName;/* CONSTRAINT name, or NULL */
  Expr *pExpr;          /* CHECK, DEFAULT or GENERATED expression.
                        ** DEFAULT id is an EXPR_STRING holding the id;
                        ** DEFAULT -5 is EXPR_NEG(5) */
  const char *zText;    /* DEFAULT: text as written (without the outer
                        ** parentheses of "DEFAULT (expr)"): SQLite's
                        ** dflt_value in PRAGMA table_info */
  const char *zCollate; /* COLLATE name */
  ForeignKey *pFk;      /* REFERENCES */
};

struct ColumnDef {
  const char *zName;    /* column name */
  const char *zType;    /* declared type exactly as written, spanning
                        ** first to last token ("VARCHAR ( 10 )"), or
                        ** NULL when no type was given.  The parser
                        ** already drops a trailing "GENERATED ALWAYS"
                        ** the type swallowed (SQLite's rule: if the
                        ** text is >= 16 bytes and ends in "always",
                        ** drop it, then a preceding "generated").
                        ** Still to do for PRAGMA table_info/decltype:
                        ** SQLite dequotes a type that starts with a
                        ** quote ("'int'" -> int) and shows the standard
                        ** names INT INTEGER REAL TEXT BLOB ANY in upper
                        ** case; sqlite_schema keeps the raw text. */
  int nCons;            /* number of constraints */
  int nAlloc;           /* allocated slots */
  ColumnConstraint *aCons;  /* constraints in written order */
  AstSpan span;         /* text of the whole column definition */
};

typedef enum TableConsKind {
  TC_PRIMARY_KEY = 1,   /* pCols, eConflict, bAutoinc */
  TC_UNIQUE,            /* pCols, eConflict */
  TC_CHECK,             /* pCheck */
  TC_FOREIGN_KEY        /* pFromCols, pFk */
} TableConsKind;

struct TableConstraint {
  u8 eKind;             /* TableConsKind */
  u8 eConflict;         /* AstConflict */
  u8 bAutoinc;          /* PRIMARY KEY(x AUTOINCREMENT) */
  const char *zConsName;/* CONSTRAINT name, or NULL */
  ExprList *pCols;      /* indexed columns (expr, COLLATE, ASC/DESC) */
  Expr *pCheck;         /* CHECK expression */
  IdList *pFromCols;    /* FOREIGN KEY (cols) */
  ForeignKey *pFk;      /* REFERENCES part */
};

/* ------------------------------------------------------------------------
** Statements
** ----------------------------------------------------------------------*/

typedef enum StmtKind {
  STMT_INVALID = 0,
  STMT_SELECT,
  STMT_INSERT,
  STMT_UPDATE,
  STMT_DELETE,
  STMT_CREATE_TABLE,
  STMT_CREATE_INDEX,
  STMT_CREATE_VIEW,
  STMT_CREATE_TRIGGER,
  STMT_CREATE_VTABLE,
  STMT_DROP_TABLE,
  STMT_DROP_INDEX,
  STMT_DROP_VIEW,
  STMT_DROP_TRIGGER,
  STMT_ALTER_TABLE,
  STMT_BEGIN,
  STMT_COMMIT,          /* COMMIT and END */
  STMT_ROLLBACK,
  STMT_SAVEPOINT,
  STMT_RELEASE,
  STMT_PRAGMA,
  STMT_ATTACH,
  STMT_DETACH,
  STMT_VACUUM,
  STMT_ANALYZE,
  STMT_REINDEX,
  STMT_KIND_COUNT
} StmtKind;

typedef enum ExplainKind {
  EXPLAIN_NONE = 0,
  EXPLAIN_PLAIN,        /* EXPLAIN */
  EXPLAIN_QUERY_PLAN    /* EXPLAIN QUERY PLAN */
} ExplainKind;

typedef struct InsertStmt {
  With *pWith;          /* leading WITH clause */
  u8 eConflict;         /* INSERT OR x; REPLACE INTO is CONFLICT_REPLACE */
  u8 bReplaceKw;        /* statement began with REPLACE (printing only) */
  u8 bDefaultValues;    /* DEFAULT VALUES (pSelect is NULL) */
  SrcList *pTab;        /* target: one item (zDb, zName, zAlias) */
  IdList *pCols;        /* column list, or NULL */
  Select *pSelect;      /* VALUES (Select.pValues) or SELECT source */
  Upsert *pUpsert;      /* ON CONFLICT clauses */
  ExprList *pReturning; /* RETURNING list, or NULL */
} InsertStmt;

typedef struct UpdateStmt {
  With *pWith;
  u8 eConflict;         /* UPDATE OR x */
  SrcList *pTab;        /* target: one item, may carry INDEXED BY/alias */
  SetList *pSet;        /* SET assignments */
  SrcList *pFrom;       /* UPDATE ... FROM */
  Expr *pWhere;
  ExprList *pOrderBy;   /* SQLITE_ENABLE_UPDATE_DELETE_LIMIT */
  Expr *pLimit;
  Expr *pOffset;
  ExprList *pReturning;
} UpdateStmt;

typedef struct DeleteStmt {
  With *pWith;
  SrcList *pTab;        /* target: one item, may carry INDEXED BY/alias */
  Expr *pWhere;
  ExprList *pOrderBy;
  Expr *pLimit;
  Expr *pOffset;
  ExprList *pReturning;
} DeleteStmt;

#define TABLE_OPT_WITHOUT_ROWID 0x01
#define TABLE_OPT_STRICT        0x02

typedef struct CreateTableStmt {
  u8 bTemp;             /* TEMP / TEMPORARY */
  u8 bIfNotExists;
  u8 options;           /* TABLE_OPT_* */
  const char *zDb;      /* schema qualifier or NULL */
  const char *zName;    /* table name */
  i32 iNameOff;         /* offset in Stmt.zSql of the name (after any
                        ** "schema."): sqlite_schema.sql is
                        ** "CREATE TABLE " followed by the text from here */
  int nCol;             /* column definitions */
  ColumnDef *aCol;
  int nCons;            /* table constraints */
  TableConstraint *aCons;
  Select *pAsSelect;    /* CREATE TABLE ... AS SELECT (no columns then) */
} CreateTableStmt;

typedef struct CreateIndexStmt {
  u8 bUnique;
  u8 bIfNotExists;
  const char *zDb;
  const char *zName;    /* index name */
  i32 iNameOff;         /* as CreateTableStmt.iNameOff */
  const char *zTable;   /* indexed table (unqualified) */
  ExprList *pCols;      /* indexed columns/expressions with COLLATE
                        ** (EXPR_COLLATE wrapper) and eSortOrder */
  Expr *pWhere;         /* partial index WHERE */
} CreateIndexStmt;

typedef struct CreateViewStmt {
  u8 bTemp;
  u8 bIfNotExists;
  const char *zDb;
  const char *zName;
  i32 iNameOff;
  IdList *pCols;        /* optional column names */
  Select *pSelect;
} CreateViewStmt;

typedef enum TriggerTime {
  TRIGGER_TIME_DEFAULT = 0, /* not written: BEFORE */
  TRIGGER_BEFORE,
  TRIGGER_AFTER,
  TRIGGER_INSTEAD_OF
} TriggerTime;

typedef enum TriggerEvent {
  TRIGGER_DELETE = 1,
  TRIGGER_INSERT,
  TRIGGER_UPDATE        /* pUpdateCols: UPDATE OF cols, or NULL */
} TriggerEvent;

typedef struct CreateTriggerStmt {
  u8 bTemp;
  u8 bIfNotExists;
  u8 eTime;             /* TriggerTime */
  u8 eEvent;            /* TriggerEvent */
  u8 bForEachRow;       /* FOR EACH ROW was written (always row-level) */
  const char *zDb;
  const char *zName;
  i32 iNameOff;
  IdList *pUpdateCols;  /* UPDATE OF a, b */
  const char *zTable;   /* table or view (unqualified) */
  Expr *pWhen;          /* WHEN condition */
  int nStep;            /* body statements */
  Stmt **apStep;        /* INSERT/UPDATE/DELETE/SELECT; each step's
                        ** spans refer to the trigger's Stmt.zSql */
} CreateTriggerStmt;

typedef struct CreateVTableStmt {
  u8 bIfNotExists;
  const char *zDb;
  const char *zName;
  i32 iNameOff;
  const char *zModule;  /* USING module */
  int nArg;             /* module arguments; 0 when none */
  const char **azArg;   /* each argument's text as written, trimmed */
} CreateVTableStmt;

typedef struct DropStmt {
  u8 bIfExists;
  const char *zDb;
  const char *zName;
} DropStmt;

typedef enum AlterKind {
  ALTER_RENAME_TABLE = 1, /* zNewName */
  ALTER_RENAME_COLUMN,  /* zColumn -> zNewName */
  ALTER_ADD_COLUMN,     /* pColDef */
  ALTER_DROP_COLUMN     /* zColumn */
} AlterKind;

typedef struct AlterStmt {
  u8 eAlter;            /* AlterKind */
  const char *zDb;
  const char *zTable;
  const char *zColumn;  /* RENAME COLUMN old / DROP COLUMN name */
  const char *zNewName; /* RENAME TO new / RENAME COLUMN .. TO new */
  ColumnDef *pColDef;   /* ADD COLUMN definition (span = its text) */
} AlterStmt;

typedef enum BeginKind {
  BEGIN_DEFERRED = 0,   /* also when nothing is written */
  BEGIN_IMMEDIATE,
  BEGIN_EXCLUSIVE,
  BEGIN_CONCURRENT
} BeginKind;

typedef struct TransStmt {
  u8 eBegin;            /* BEGIN: BeginKind */
  const char *zName;    /* SAVEPOINT/RELEASE name; ROLLBACK TO name or
                        ** NULL for a plain ROLLBACK */
} TransStmt;

typedef struct PragmaStmt {
  const char *zDb;      /* schema qualifier or NULL */
  const char *zName;    /* pragma name */
  const char *zValue;   /* value text, dequoted if quoted; "-5" for a
                        ** negative number; NULL when no value given */
  u8 bParen;            /* written name(value) rather than name=value */
  u8 bValueQuoted;      /* value was a string literal or quoted id */
} PragmaStmt;

/* A bare identifier in these expressions (EXPR_COLUMN without qualifier)
** stands for its own text: SQLite accepts ATTACH foo AS bar. */
typedef struct AttachStmt {
  Expr *pFile;          /* ATTACH [DATABASE] pFile */
  Expr *pName;          /* AS pName; DETACH [DATABASE] pName */
  Expr *pKey;           /* KEY pKey, or NULL */
} AttachStmt;

typedef struct VacuumStmt {
  const char *zDb;      /* schema name or NULL */
  Expr *pInto;          /* INTO expr, or NULL */
} VacuumStmt;

/* ANALYZE / REINDEX: [zName1[.zName2]]; with one name it may be a schema,
** table, index or (REINDEX) collation name: resolution decides. */
typedef struct TargetStmt {
  const char *zName1;
  const char *zName2;
} TargetStmt;

/*
** One parsed statement.  Spans in the tree are offsets into zSql.
** Parameters: nVar is the largest parameter number used; azVar[i] for
** i in 1..nVar is the name of parameter i as sqlite3_bind_parameter_name
** reports it ("?5", ":a", "$x") or NULL for anonymous ones; azVar[0] is
** unused.  A statement may use numbers up to the limit without using all.
*/
struct Stmt {
  u8 eKind;             /* StmtKind; trigger steps are STMT_INSERT,
                        ** STMT_UPDATE, STMT_DELETE or STMT_SELECT */
  u8 eExplain;          /* ExplainKind */
  const char *zSql;     /* statement text from its first token (incl. an
                        ** EXPLAIN prefix) up to, not including, the ';' */
  int nSql;             /* bytes in zSql */
  i32 iBodyOff;         /* offset in zSql after the EXPLAIN prefix */
  int nVar;             /* number of parameter slots */
  const char **azVar;   /* [nVar+1] parameter names, see above */
  union {
    Select *pSelect;            /* STMT_SELECT */
    InsertStmt insert;          /* STMT_INSERT */
    UpdateStmt update;          /* STMT_UPDATE */
    DeleteStmt del;             /* STMT_DELETE */
    CreateTableStmt createTable;
    CreateIndexStmt createIndex;
    CreateViewStmt createView;
    CreateTriggerStmt createTrigger;
    CreateVTableStmt createVTable;
    DropStmt drop;              /* STMT_DROP_* */
    AlterStmt alter;
    TransStmt trans;            /* BEGIN/COMMIT/ROLLBACK/SAVEPOINT/RELEASE */
    PragmaStmt pragma;
    AttachStmt attach;          /* ATTACH and DETACH */
    VacuumStmt vacuum;
    TargetStmt target;          /* ANALYZE and REINDEX */
  } u;
};

/* ------------------------------------------------------------------------
** Deep copy.  Each returns a copy allocated in pArena, or NULL when p is
** NULL or on OOM (pArena->bOom is set then).  Spans are copied verbatim
** (invariant 2).
** ----------------------------------------------------------------------*/
Expr *ast_dup_expr(Arena *pArena, const Expr *p);
ExprList *ast_dup_exprlist(Arena *pArena, const ExprList *p);
IdList *ast_dup_idlist(Arena *pArena, const IdList *p);
SrcList *ast_dup_srclist(Arena *pArena, const SrcList *p);
Select *ast_dup_select(Arena *pArena, const Select *p);
With *ast_dup_with(Arena *pArena, const With *p);
Window *ast_dup_window(Arena *pArena, const Window *p);
Stmt *ast_dup_stmt(Arena *pArena, const Stmt *p);   /* copies zSql too */

/* ------------------------------------------------------------------------
** Printing: canonical SQL text.  Reparsing the output and printing again
** gives the same text (round trip).  Each returns a mem_malloc'd string
** the caller frees with mem_free, or NULL on OOM.
** ----------------------------------------------------------------------*/
char *ast_print_stmt(const Stmt *p);
char *ast_print_expr(const Expr *p);
char *ast_print_select(const Select *p);

/* Name of an operator/kind, for debugging ("EXPR_ADD", "STMT_SELECT"). */
const char *ast_expr_op_name(int op);
const char *ast_stmt_kind_name(int eKind);

#endif /* ENGINE_AST_H */
