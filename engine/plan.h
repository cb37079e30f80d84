/*
** plan.h: the WHERE planner's choices, shared by plan.c and the EXPLAIN
** QUERY PLAN text it produces.  The loop API itself is in cg.h
** (plan_begin/plan_end), since every statement compiler uses it.
**
** Invariants:
**   1. Every WHERE term is still evaluated as a filter inside the loop,
**      even when the chosen access path already implies it, so a plan can
**      only change speed, never results -- except a range on an index
**      column that the seek and end key enforce exactly (plan.c
**      plan_omit_enforced: ascending walk, lower bound present).
**   2. An index is used for a term only when the term's comparison
**      affinity and collation match the index column's, so seeking finds
**      exactly the rows the filter would accept.
**   3. Loop invariants are hoisted: before the outermost loop, plan_begin
**      evaluates each maximal subexpression of a filter that reads no
**      column, no subquery and no non-deterministic function into its own
**      register, and compiles the filter from a copy of its tree in which
**      those subtrees are PlanHoisted nodes (EXPR_F_HOISTED; the original
**      tree is never modified).  Each hoisted node is used exactly once.
*/
#ifndef ENGINE_PLAN_H
#define ENGINE_PLAN_H

#include "cg.h"

/* How one FROM item is visited. */
#define PLAN_SCAN 0          /* full table scan */
#define PLAN_ROWID_EQ 1      /* rowid = expr */
#define PLAN_ROWID_RANGE 2   /* rowid >/>=/</<= constants */
#define PLAN_INDEX 3         /* index: equality prefix and/or range, or ordered scan */

#define PLAN_MAX_EQ 8        /* equality columns considered per index */

typedef struct PlanLevel {
  int iSrc;                  /* the FROM item this level visits (joins may be reordered) */
  int eType;                 /* PLAN_* */
  Index *pIdx;               /* PLAN_INDEX */
  int bCovering;             /* index holds every column used */
  int nEq;                   /* equality-constrained leading index columns */
  Expr *apEq[PLAN_MAX_EQ];   /* their value expressions */
  Expr *pLo, *pHi;           /* range bounds on the next column (or rowid) */
  int bLoIncl, bHiIncl;      /* >= / <= rather than > / < */
  int bDesc;                 /* visit in descending key order */
  int bOrder;                /* this level delivers the requested ORDER BY */
  int iCur, iIdxCur;         /* cursors */
  int addrFirst;             /* loop top */
  int lblNext, lblBreak;     /* continue / exit of this level */
  int regEnd;                /* first register of the end key (index range) */
  int nEndKey;               /* registers in the end key, 0 = none */
  int opEnd;                 /* IdxGT/IdxGE/IdxLT/IdxLE on the end key */
  int opNext;                /* OP_Next/OP_Prev, 0 for single-row levels */
  int regMatch;              /* LEFT JOIN: 1 once a row matched the ON terms, else 0 */
  int addrMatch;             /* LEFT JOIN: the op setting regMatch (null row re-entry) */
  int lblLeftDone;           /* LEFT JOIN: loop exit, where the null row is produced */
  Expr *pIn;                 /* x IN (list) on the rowid / first index column, or NULL */
  int iInCur;                /* ephemeral set of the IN values */
  int addrInTop;             /* loop over the IN values */
  int lblInNext;             /* next IN value */
} PlanLevel;

struct WhereInfo {
  NameCtx *pNc;              /* FROM items */
  int nLevel;                /* one per FROM item */
  int bOrderDone;            /* loops deliver the requested ORDER BY */
  int lblBreak;              /* end of the whole loop */
  PlanLevel *a;              /* levels, outermost first (mem_malloc'd) */
};

/* Expr.flags bit of a PlanHoisted node (invariant 3; ast.h uses the low
** bits).  The node keeps the original's op and operands, so affinity and
** collation queries on it answer as for the original. */
#define EXPR_F_HOISTED 0x8000

typedef struct PlanHoisted {
  Expr e;                    /* copy of the hoisted expression's node: first member */
  int iReg;                  /* register holding its value inside the loop */
} PlanHoisted;

static inline int cg_hoisted_reg(const Expr *p) {
  ASSERT(p->flags & EXPR_F_HOISTED);
  return ((const PlanHoisted *)p)->iReg;
}

/* EXPLAIN QUERY PLAN detail text of a level (mem_malloc'd). */
char *plan_describe(Cg *, WhereInfo *, int iLevel);

#endif /* ENGINE_PLAN_H */
