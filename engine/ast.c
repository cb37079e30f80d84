/*
** ast.c: the statement arena, deep copies of AST subtrees and the canonical
** SQL printer (see ast.h).
**
** Invariants:
**   1. Arena blocks are only ever appended; memory handed out stays valid
**      until ast_arena_free(), so nodes may point at each other freely.
**   2. The printer emits fully parenthesised binary expressions, so
**      printing a reparsed print gives the same text whatever the
**      precedence rules (the round-trip property the tests check).
*/
#include "ast.h"
#include "tokenize.h"

#include <stdarg.h>
#include <stdio.h>

/* ------------------------------------------------------------------------
** Arena
** ----------------------------------------------------------------------*/

#define ARENA_BLOCK_SIZE 8192   /* default payload per block */

struct ArenaBlock {
  ArenaBlock *pNext;    /* older block */
  u64 nSize;            /* payload bytes in this block */
  u64 nUsed;            /* payload bytes handed out */
  u64 aPad[1];          /* payload starts here (8-byte aligned) */
};

void ast_arena_init(Arena *pArena) {
  ASSERT(pArena != NULL);
  memset(pArena, 0, sizeof(*pArena));
}

void ast_arena_free(Arena *pArena) {
  ArenaBlock *pBlock;
  ASSERT(pArena != NULL);
  pBlock = pArena->pBlock;
  while (pBlock) {
    ArenaBlock *pNext = pBlock->pNext;
    mem_free(pBlock);
    pBlock = pNext;
  }
  memset(pArena, 0, sizeof(*pArena));
}

void *ast_arena_alloc(Arena *pArena, u64 n) {
  ArenaBlock *pBlock;
  u8 *pRet;
  ASSERT(pArena != NULL);
  n = (n + 7) & ~(u64)7;
  if (n == 0) n = 8;
  pBlock = pArena->pBlock;
  if (pBlock == NULL || pBlock->nSize - pBlock->nUsed < n) {
    u64 nSize = n > ARENA_BLOCK_SIZE / 2 ? n : ARENA_BLOCK_SIZE;
    ArenaBlock *pNew = mem_malloc(offsetof(ArenaBlock, aPad) + nSize);
    if (pNew == NULL) {
      pArena->bOom = 1;
      return NULL;
    }
    pNew->nSize = nSize;
    pNew->nUsed = 0;
    if (pBlock != NULL && n > ARENA_BLOCK_SIZE / 2) {
      /* A big one-off request: keep filling the current block afterwards. */
      pNew->pNext = pBlock->pNext;
      pBlock->pNext = pNew;
    } else {
      pNew->pNext = pBlock;
      pArena->pBlock = pNew;
    }
    pBlock = pNew;
  }
  pRet = (u8 *)pBlock->aPad + pBlock->nUsed;
  pBlock->nUsed += n;
  pArena->nBytes += n;
  ASSERT(pBlock->nUsed <= pBlock->nSize);
  memset(pRet, 0, n);
  return pRet;
}

char *ast_arena_strndup(Arena *pArena, const char *z, int n) {
  char *zOut;
  ASSERT(n >= 0);
  zOut = ast_arena_alloc(pArena, (u64)n + 1);
  if (zOut == NULL) return NULL;
  if (n > 0) memcpy(zOut, z, (size_t)n);
  zOut[n] = 0;
  return zOut;
}

char *ast_arena_strdup(Arena *pArena, const char *z) {
  if (z == NULL) return NULL;
  return ast_arena_strndup(pArena, z, (int)strlen(z));
}

/* ------------------------------------------------------------------------
** Deep copy
** ----------------------------------------------------------------------*/

/* Copy n bytes of p into the arena (NULL for NULL). */
static void *dup_bytes(Arena *a, const void *p, u64 n) {
  void *q;
  if (p == NULL) return NULL;
  q = ast_arena_alloc(a, n);
  if (q) memcpy(q, p, n);
  return q;
}

static const char *dup_str(Arena *a, const char *z) {
  return ast_arena_strdup(a, z);
}

Expr *ast_dup_expr(Arena *a, const Expr *p) {
  Expr *e;
  if (p == NULL) return NULL;
  e = dup_bytes(a, p, sizeof(Expr));
  if (e == NULL) return NULL;
  e->pLeft = ast_dup_expr(a, p->pLeft);
  e->pRight = ast_dup_expr(a, p->pRight);
  e->pExtra = ast_dup_expr(a, p->pExtra);
  e->pList = ast_dup_exprlist(a, p->pList);
  e->pSelect = ast_dup_select(a, p->pSelect);
  e->pOrderBy = ast_dup_exprlist(a, p->pOrderBy);
  e->pWin = ast_dup_window(a, p->pWin);
  if (p->op == EXPR_BLOB || p->op == EXPR_STRING) {
    e->z = p->z ? ast_arena_strndup(a, p->z, p->n) : NULL;
  } else {
    e->z = dup_str(a, p->z);
  }
  e->zTab = dup_str(a, p->zTab);
  e->zDb = dup_str(a, p->zDb);
  return e;
}

ExprList *ast_dup_exprlist(Arena *a, const ExprList *p) {
  ExprList *l;
  if (p == NULL) return NULL;
  l = ast_arena_alloc(a, sizeof(ExprList));
  if (l == NULL) return NULL;
  l->nExpr = l->nAlloc = p->nExpr;
  if (p->nExpr == 0) return l;
  l->a = ast_arena_alloc(a, sizeof(ExprListItem) * (u64)p->nExpr);
  if (l->a == NULL) return NULL;
  for (int i = 0; i < p->nExpr; i++) {
    l->a[i] = p->a[i];
    l->a[i].pExpr = ast_dup_expr(a, p->a[i].pExpr);
    l->a[i].zName = dup_str(a, p->a[i].zName);
    l->a[i].zSpan = dup_str(a, p->a[i].zSpan);
  }
  return l;
}

IdList *ast_dup_idlist(Arena *a, const IdList *p) {
  IdList *l;
  if (p == NULL) return NULL;
  l = ast_arena_alloc(a, sizeof(IdList));
  if (l == NULL) return NULL;
  l->nId = l->nAlloc = p->nId;
  if (p->nId == 0) return l;
  l->azId = ast_arena_alloc(a, sizeof(char *) * (u64)p->nId);
  if (l->azId == NULL) return NULL;
  for (int i = 0; i < p->nId; i++) l->azId[i] = dup_str(a, p->azId[i]);
  return l;
}

SrcList *ast_dup_srclist(Arena *a, const SrcList *p) {
  SrcList *l;
  if (p == NULL) return NULL;
  l = ast_arena_alloc(a, sizeof(SrcList));
  if (l == NULL) return NULL;
  l->nSrc = l->nAlloc = p->nSrc;
  if (p->nSrc == 0) return l;
  l->a = ast_arena_alloc(a, sizeof(SrcItem) * (u64)p->nSrc);
  if (l->a == NULL) return NULL;
  for (int i = 0; i < p->nSrc; i++) {
    const SrcItem *s = &p->a[i];
    SrcItem *d = &l->a[i];
    *d = *s;
    d->zDb = dup_str(a, s->zDb);
    d->zName = dup_str(a, s->zName);
    d->zAlias = dup_str(a, s->zAlias);
    d->pSelect = ast_dup_select(a, s->pSelect);
    d->pNested = ast_dup_srclist(a, s->pNested);
    d->pFuncArgs = ast_dup_exprlist(a, s->pFuncArgs);
    d->zIndexedBy = dup_str(a, s->zIndexedBy);
    d->pOn = ast_dup_expr(a, s->pOn);
    d->pUsing = ast_dup_idlist(a, s->pUsing);
  }
  return l;
}

Window *ast_dup_window(Arena *a, const Window *p) {
  Window *pFirst = NULL, *pLast = NULL;
  for (; p != NULL; p = p->pNext) {
    Window *w = dup_bytes(a, p, sizeof(Window));
    if (w == NULL) return NULL;
    w->zName = dup_str(a, p->zName);
    w->zBase = dup_str(a, p->zBase);
    w->pPartition = ast_dup_exprlist(a, p->pPartition);
    w->pOrderBy = ast_dup_exprlist(a, p->pOrderBy);
    w->pStart = ast_dup_expr(a, p->pStart);
    w->pEnd = ast_dup_expr(a, p->pEnd);
    w->pNext = NULL;
    if (pLast) pLast->pNext = w; else pFirst = w;
    pLast = w;
  }
  return pFirst;
}

With *ast_dup_with(Arena *a, const With *p) {
  With *w;
  if (p == NULL) return NULL;
  w = dup_bytes(a, p, sizeof(With));
  if (w == NULL) return NULL;
  w->a = ast_arena_alloc(a, sizeof(Cte) * (u64)(p->nCte ? p->nCte : 1));
  if (w->a == NULL) return NULL;
  for (int i = 0; i < p->nCte; i++) {
    w->a[i] = p->a[i];
    w->a[i].zName = dup_str(a, p->a[i].zName);
    w->a[i].pCols = ast_dup_idlist(a, p->a[i].pCols);
    w->a[i].pSelect = ast_dup_select(a, p->a[i].pSelect);
  }
  return w;
}

static ValuesList *dup_values(Arena *a, const ValuesList *p) {
  ValuesList *v;
  if (p == NULL) return NULL;
  v = ast_arena_alloc(a, sizeof(ValuesList));
  if (v == NULL) return NULL;
  v->nRow = v->nAlloc = p->nRow;
  v->apRow = ast_arena_alloc(a, sizeof(ExprList *) * (u64)(p->nRow ? p->nRow : 1));
  if (v->apRow == NULL) return NULL;
  for (int i = 0; i < p->nRow; i++) v->apRow[i] = ast_dup_exprlist(a, p->apRow[i]);
  return v;
}

/* One compound member, pPrior not followed. */
static Select *dup_select_one(Arena *a, const Select *p) {
  Select *s = dup_bytes(a, p, sizeof(Select));
  if (s == NULL) return NULL;
  s->pEList = ast_dup_exprlist(a, p->pEList);
  s->pValues = dup_values(a, p->pValues);
  s->pSrc = ast_dup_srclist(a, p->pSrc);
  s->pWhere = ast_dup_expr(a, p->pWhere);
  s->pGroupBy = ast_dup_exprlist(a, p->pGroupBy);
  s->pHaving = ast_dup_expr(a, p->pHaving);
  s->pWinDefn = ast_dup_window(a, p->pWinDefn);
  s->pOrderBy = ast_dup_exprlist(a, p->pOrderBy);
  s->pLimit = ast_dup_expr(a, p->pLimit);
  s->pOffset = ast_dup_expr(a, p->pOffset);
  s->pWith = ast_dup_with(a, p->pWith);
  s->pPrior = NULL;
  return s;
}

Select *ast_dup_select(Arena *a, const Select *p) {
  Select *pHead = NULL, *pLast = NULL;
  for (; p != NULL; p = p->pPrior) {    /* compound chains: a loop (ast.h inv. 3) */
    Select *s = dup_select_one(a, p);
    if (s == NULL) return NULL;
    if (pLast) pLast->pPrior = s; else pHead = s;
    pLast = s;
  }
  return pHead;
}

static SetList *dup_setlist(Arena *a, const SetList *p) {
  SetList *l;
  if (p == NULL) return NULL;
  l = ast_arena_alloc(a, sizeof(SetList));
  if (l == NULL) return NULL;
  l->nSet = l->nAlloc = p->nSet;
  l->a = ast_arena_alloc(a, sizeof(SetItem) * (u64)(p->nSet ? p->nSet : 1));
  if (l->a == NULL) return NULL;
  for (int i = 0; i < p->nSet; i++) {
    l->a[i].pCols = ast_dup_idlist(a, p->a[i].pCols);
    l->a[i].pExpr = ast_dup_expr(a, p->a[i].pExpr);
  }
  return l;
}

static Upsert *dup_upsert(Arena *a, const Upsert *p) {
  Upsert *pFirst = NULL, *pLast = NULL;
  for (; p != NULL; p = p->pNext) {
    Upsert *u = dup_bytes(a, p, sizeof(Upsert));
    if (u == NULL) return NULL;
    u->pTarget = ast_dup_exprlist(a, p->pTarget);
    u->pTargetWhere = ast_dup_expr(a, p->pTargetWhere);
    u->pSet = dup_setlist(a, p->pSet);
    u->pWhere = ast_dup_expr(a, p->pWhere);
    u->pNext = NULL;
    if (pLast) pLast->pNext = u; else pFirst = u;
    pLast = u;
  }
  return pFirst;
}

static ForeignKey *dup_fk(Arena *a, const ForeignKey *p) {
  ForeignKey *f = dup_bytes(a, p, sizeof(ForeignKey));
  if (f == NULL) return NULL;
  f->zTable = dup_str(a, p->zTable);
  f->pCols = ast_dup_idlist(a, p->pCols);
  f->zMatch = dup_str(a, p->zMatch);
  return f;
}

static void dup_coldef(Arena *a, ColumnDef *d, const ColumnDef *s) {
  *d = *s;
  d->zName = dup_str(a, s->zName);
  d->zType = dup_str(a, s->zType);
  d->nAlloc = s->nCons;
  d->aCons = ast_arena_alloc(a, sizeof(ColumnConstraint) * (u64)(s->nCons ? s->nCons : 1));
  if (d->aCons == NULL) return;
  for (int i = 0; i < s->nCons; i++) {
    const ColumnConstraint *cs = &s->aCons[i];
    ColumnConstraint *cd = &d->aCons[i];
    *cd = *cs;
    cd->zConsName = dup_str(a, cs->zConsName);
    cd->pExpr = ast_dup_expr(a, cs->pExpr);
    cd->zText = dup_str(a, cs->zText);
    cd->zCollate = dup_str(a, cs->zCollate);
    cd->pFk = dup_fk(a, cs->pFk);
  }
}

static void dup_create_table(Arena *a, CreateTableStmt *d, const CreateTableStmt *s) {
  d->zDb = dup_str(a, s->zDb);
  d->zName = dup_str(a, s->zName);
  d->pAsSelect = ast_dup_select(a, s->pAsSelect);
  d->aCol = ast_arena_alloc(a, sizeof(ColumnDef) * (u64)(s->nCol ? s->nCol : 1));
  d->aCons = ast_arena_alloc(a, sizeof(TableConstraint) * (u64)(s->nCons ? s->nCons : 1));
  if (d->aCol == NULL || d->aCons == NULL) return;
  for (int i = 0; i < s->nCol; i++) dup_coldef(a, &d->aCol[i], &s->aCol[i]);
  for (int i = 0; i < s->nCons; i++) {
    const TableConstraint *ts = &s->aCons[i];
    TableConstraint *td = &d->aCons[i];
    *td = *ts;
    td->zConsName = dup_str(a, ts->zConsName);
    td->pCols = ast_dup_exprlist(a, ts->pCols);
    td->pCheck = ast_dup_expr(a, ts->pCheck);
    td->pFromCols = ast_dup_idlist(a, ts->pFromCols);
    td->pFk = dup_fk(a, ts->pFk);
  }
}

static void dup_stmt_body(Arena *a, Stmt *d, const Stmt *s);

static void dup_trigger(Arena *a, CreateTriggerStmt *d, const CreateTriggerStmt *s) {
  d->zDb = dup_str(a, s->zDb);
  d->zName = dup_str(a, s->zName);
  d->pUpdateCols = ast_dup_idlist(a, s->pUpdateCols);
  d->zTable = dup_str(a, s->zTable);
  d->pWhen = ast_dup_expr(a, s->pWhen);
  d->apStep = ast_arena_alloc(a, sizeof(Stmt *) * (u64)(s->nStep ? s->nStep : 1));
  if (d->apStep == NULL) return;
  for (int i = 0; i < s->nStep; i++) {
    Stmt *pStep = dup_bytes(a, s->apStep[i], sizeof(Stmt));
    if (pStep == NULL) return;
    dup_stmt_body(a, pStep, s->apStep[i]);
    d->apStep[i] = pStep;
  }
}

/* SELECT/INSERT/UPDATE/DELETE bodies; 0 if s is another kind. */
static int dup_dml_body(Arena *a, Stmt *d, const Stmt *s) {
  switch (s->eKind) {
    case STMT_SELECT: d->u.pSelect = ast_dup_select(a, s->u.pSelect); break;
    case STMT_INSERT:
      d->u.insert.pWith = ast_dup_with(a, s->u.insert.pWith);
      d->u.insert.pTab = ast_dup_srclist(a, s->u.insert.pTab);
      d->u.insert.pCols = ast_dup_idlist(a, s->u.insert.pCols);
      d->u.insert.pSelect = ast_dup_select(a, s->u.insert.pSelect);
      d->u.insert.pUpsert = dup_upsert(a, s->u.insert.pUpsert);
      d->u.insert.pReturning = ast_dup_exprlist(a, s->u.insert.pReturning);
      break;
    case STMT_UPDATE:
      d->u.update.pWith = ast_dup_with(a, s->u.update.pWith);
      d->u.update.pTab = ast_dup_srclist(a, s->u.update.pTab);
      d->u.update.pSet = dup_setlist(a, s->u.update.pSet);
      d->u.update.pFrom = ast_dup_srclist(a, s->u.update.pFrom);
      d->u.update.pWhere = ast_dup_expr(a, s->u.update.pWhere);
      d->u.update.pOrderBy = ast_dup_exprlist(a, s->u.update.pOrderBy);
      d->u.update.pLimit = ast_dup_expr(a, s->u.update.pLimit);
      d->u.update.pOffset = ast_dup_expr(a, s->u.update.pOffset);
      d->u.update.pReturning = ast_dup_exprlist(a, s->u.update.pReturning);
      break;
    case STMT_DELETE:
      d->u.del.pWith = ast_dup_with(a, s->u.del.pWith);
      d->u.del.pTab = ast_dup_srclist(a, s->u.del.pTab);
      d->u.del.pWhere = ast_dup_expr(a, s->u.del.pWhere);
      d->u.del.pOrderBy = ast_dup_exprlist(a, s->u.del.pOrderBy);
      d->u.del.pLimit = ast_dup_expr(a, s->u.del.pLimit);
      d->u.del.pOffset = ast_dup_expr(a, s->u.del.pOffset);
      d->u.del.pReturning = ast_dup_exprlist(a, s->u.del.pReturning);
      break;
    default:
      return 0;
  }
  return 1;
}

static void dup_stmt_body(Arena *a, Stmt *d, const Stmt *s) {
  if (dup_dml_body(a, d, s)) return;
  switch (s->eKind) {
    case STMT_CREATE_TABLE: dup_create_table(a, &d->u.createTable, &s->u.createTable); break;
    case STMT_CREATE_INDEX:
      d->u.createIndex.zDb = dup_str(a, s->u.createIndex.zDb);
      d->u.createIndex.zName = dup_str(a, s->u.createIndex.zName);
      d->u.createIndex.zTable = dup_str(a, s->u.createIndex.zTable);
      d->u.createIndex.pCols = ast_dup_exprlist(a, s->u.createIndex.pCols);
      d->u.createIndex.pWhere = ast_dup_expr(a, s->u.createIndex.pWhere);
      break;
    case STMT_CREATE_VIEW:
      d->u.createView.zDb = dup_str(a, s->u.createView.zDb);
      d->u.createView.zName = dup_str(a, s->u.createView.zName);
      d->u.createView.pCols = ast_dup_idlist(a, s->u.createView.pCols);
      d->u.createView.pSelect = ast_dup_select(a, s->u.createView.pSelect);
      break;
    case STMT_CREATE_TRIGGER: dup_trigger(a, &d->u.createTrigger, &s->u.createTrigger); break;
    case STMT_CREATE_VTABLE: {
      const CreateVTableStmt *vs = &s->u.createVTable;
      CreateVTableStmt *vd = &d->u.createVTable;
      vd->zDb = dup_str(a, vs->zDb);
      vd->zName = dup_str(a, vs->zName);
      vd->zModule = dup_str(a, vs->zModule);
      vd->azArg = ast_arena_alloc(a, sizeof(char *) * (u64)(vs->nArg ? vs->nArg : 1));
      if (vd->azArg == NULL) break;
      for (int i = 0; i < vs->nArg; i++) vd->azArg[i] = dup_str(a, vs->azArg[i]);
      break;
    }
    case STMT_DROP_TABLE: case STMT_DROP_INDEX: case STMT_DROP_VIEW: case STMT_DROP_TRIGGER:
      d->u.drop.zDb = dup_str(a, s->u.drop.zDb);
      d->u.drop.zName = dup_str(a, s->u.drop.zName);
      break;
    case STMT_ALTER_TABLE:
      d->u.alter.zDb = dup_str(a, s->u.alter.zDb);
      d->u.alter.zTable = dup_str(a, s->u.alter.zTable);
      d->u.alter.zColumn = dup_str(a, s->u.alter.zColumn);
      d->u.alter.zNewName = dup_str(a, s->u.alter.zNewName);
      if (s->u.alter.pColDef) {
        d->u.alter.pColDef = ast_arena_alloc(a, sizeof(ColumnDef));
        if (d->u.alter.pColDef) dup_coldef(a, d->u.alter.pColDef, s->u.alter.pColDef);
      }
      break;
    case STMT_BEGIN: case STMT_COMMIT: case STMT_ROLLBACK: case STMT_SAVEPOINT: case STMT_RELEASE:
      d->u.trans.zName = dup_str(a, s->u.trans.zName);
      break;
    case STMT_PRAGMA:
      d->u.pragma.zDb = dup_str(a, s->u.pragma.zDb);
      d->u.pragma.zName = dup_str(a, s->u.pragma.zName);
      d->u.pragma.zValue = dup_str(a, s->u.pragma.zValue);
      break;
    case STMT_ATTACH: case STMT_DETACH:
      d->u.attach.pFile = ast_dup_expr(a, s->u.attach.pFile);
      d->u.attach.pName = ast_dup_expr(a, s->u.attach.pName);
      d->u.attach.pKey = ast_dup_expr(a, s->u.attach.pKey);
      break;
    case STMT_VACUUM:
      d->u.vacuum.zDb = dup_str(a, s->u.vacuum.zDb);
      d->u.vacuum.pInto = ast_dup_expr(a, s->u.vacuum.pInto);
      break;
    case STMT_ANALYZE: case STMT_REINDEX:
      d->u.target.zName1 = dup_str(a, s->u.target.zName1);
      d->u.target.zName2 = dup_str(a, s->u.target.zName2);
      break;
    default:
      break;
  }
}

Stmt *ast_dup_stmt(Arena *a, const Stmt *p) {
  Stmt *s;
  if (p == NULL) return NULL;
  s = dup_bytes(a, p, sizeof(Stmt));
  if (s == NULL) return NULL;
  s->zSql = p->zSql ? ast_arena_strndup(a, p->zSql, p->nSql) : NULL;
  if (p->nVar > 0 && p->azVar) {
    s->azVar = ast_arena_alloc(a, sizeof(char *) * ((u64)p->nVar + 1));
    if (s->azVar == NULL) return NULL;
    for (int i = 0; i <= p->nVar; i++) s->azVar[i] = dup_str(a, p->azVar[i]);
  }
  dup_stmt_body(a, s, p);
  if (s->eKind == STMT_CREATE_TRIGGER) {
    for (int i = 0; i < s->u.createTrigger.nStep; i++) {
      if (s->u.createTrigger.apStep && s->u.createTrigger.apStep[i]) {
        s->u.createTrigger.apStep[i]->zSql = s->zSql;
      }
    }
  }
  return a->bOom ? NULL : s;
}

/* ------------------------------------------------------------------------
** Printer
** ----------------------------------------------------------------------*/

typedef struct StrBuf {
  char *z;              /* mem_malloc'd text, NUL-terminated */
  u64 n;                /* bytes used (excluding NUL) */
  u64 nAlloc;           /* bytes allocated */
  int bOom;             /* an allocation failed: output is abandoned */
} StrBuf;

static void sb_append(StrBuf *b, const char *z, u64 n) {
  if (b->bOom) return;
  if (b->n + n + 1 > b->nAlloc) {
    u64 nNew = b->nAlloc ? b->nAlloc * 2 : 128;
    char *zNew;
    while (nNew < b->n + n + 1) nNew *= 2;
    zNew = mem_realloc(b->z, nNew);
    if (zNew == NULL) { b->bOom = 1; return; }
    b->z = zNew;
    b->nAlloc = nNew;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
}

static void sb_puts(StrBuf *b, const char *z) { sb_append(b, z, strlen(z)); }

static void sb_printf(StrBuf *b, const char *zFmt, ...) {
  char buf[64];
  va_list ap;
  int n;
  va_start(ap, zFmt);
  n = vsnprintf(buf, sizeof(buf), zFmt, ap);
  va_end(ap);
  if (n > 0) sb_append(b, buf, (u64)(n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1));
}

static char *sb_finish(StrBuf *b) {
  if (b->bOom) { mem_free(b->z); return NULL; }
  if (b->z == NULL) return mem_strdup("");
  return b->z;
}

/* A quoted-with-q copy of z, doubling embedded q characters. */
static void sb_quoted(StrBuf *b, const char *z, int n, char q) {
  sb_append(b, &q, 1);
  for (int i = 0; i < n; i++) {
    sb_append(b, &z[i], 1);
    if (z[i] == q) sb_append(b, &q, 1);
  }
  sb_append(b, &q, 1);
}

static int is_true_false_name(const char *z) {
  return str_icmp(z, "true") == 0 || str_icmp(z, "false") == 0;
}

static void sb_ident(StrBuf *b, const char *z) {
  int n = (int)strlen(z);
  if (tokenize_is_plain_id(z, n) && !is_true_false_name(z)) sb_append(b, z, (u64)n);
  else sb_quoted(b, z, n, '"');
}

static void print_expr(StrBuf *b, const Expr *e);
static void print_select(StrBuf *b, const Select *s);
static void print_window_def(StrBuf *b, const Window *w);

static void print_exprlist(StrBuf *b, const ExprList *l) {
  if (l == NULL) return;
  for (int i = 0; i < l->nExpr; i++) {
    if (i) sb_puts(b, ", ");
    print_expr(b, l->a[i].pExpr);
  }
}

static void print_sortlist(StrBuf *b, const ExprList *l) {
  if (l == NULL) return;
  for (int i = 0; i < l->nExpr; i++) {
    if (i) sb_puts(b, ", ");
    print_expr(b, l->a[i].pExpr);
    if (l->a[i].eSortOrder == SORT_ASC) sb_puts(b, " ASC");
    if (l->a[i].eSortOrder == SORT_DESC) sb_puts(b, " DESC");
    if (l->a[i].eNulls == NULLS_FIRST) sb_puts(b, " NULLS FIRST");
    if (l->a[i].eNulls == NULLS_LAST) sb_puts(b, " NULLS LAST");
  }
}

static void print_idlist(StrBuf *b, const IdList *l) {
  sb_puts(b, "(");
  for (int i = 0; l && i < l->nId; i++) {
    if (i) sb_puts(b, ", ");
    sb_ident(b, l->azId[i]);
  }
  sb_puts(b, ")");
}

static const char *binary_op_text(int op) {
  switch (op) {
    case EXPR_CONCAT: return "||";
    case EXPR_PTR: return "->";
    case EXPR_PTR2: return "->>";
    case EXPR_MUL: return "*";
    case EXPR_DIV: return "/";
    case EXPR_REM: return "%";
    case EXPR_ADD: return "+";
    case EXPR_SUB: return "-";
    case EXPR_BITAND: return "&";
    case EXPR_BITOR: return "|";
    case EXPR_LSHIFT: return "<<";
    case EXPR_RSHIFT: return ">>";
    case EXPR_LT: return "<";
    case EXPR_LE: return "<=";
    case EXPR_GT: return ">";
    case EXPR_GE: return ">=";
    case EXPR_EQ: return "=";
    case EXPR_NE: return "!=";
    case EXPR_IS: return "IS";
    case EXPR_ISNOT: return "IS NOT";
    case EXPR_AND: return "AND";
    case EXPR_OR: return "OR";
    default: return NULL;
  }
}

static void print_function(StrBuf *b, const Expr *e) {
  sb_ident(b, e->z);
  sb_puts(b, "(");
  if (e->flags & EXPR_F_STAR) sb_puts(b, "*");
  if (e->flags & EXPR_F_DISTINCT) sb_puts(b, "DISTINCT ");
  print_exprlist(b, e->pList);
  if (e->pOrderBy) {
    sb_puts(b, " ORDER BY ");
    print_sortlist(b, e->pOrderBy);
  }
  sb_puts(b, ")");
  if (e->pExtra) {
    sb_puts(b, " FILTER (WHERE ");
    print_expr(b, e->pExtra);
    sb_puts(b, ")");
  }
  if (e->pWin) {
    sb_puts(b, " OVER ");
    if (e->pWin->bRef) sb_ident(b, e->pWin->zBase);
    else print_window_def(b, e->pWin);
  }
}

static void print_in(StrBuf *b, const Expr *e) {
  sb_puts(b, "(");
  print_expr(b, e->pLeft);
  sb_puts(b, e->bNot ? " NOT IN " : " IN ");
  if ((e->flags & EXPR_F_IN_TABLE) && e->pSelect && e->pSelect->pSrc) {
    const SrcItem *it = &e->pSelect->pSrc->a[0];
    if (it->zDb) { sb_ident(b, it->zDb); sb_puts(b, "."); }
    sb_ident(b, it->zName);
    if (it->bFunc) {
      sb_puts(b, "(");
      print_exprlist(b, it->pFuncArgs);
      sb_puts(b, ")");
    }
  } else if (e->pSelect) {
    sb_puts(b, "(");
    print_select(b, e->pSelect);
    sb_puts(b, ")");
  } else {
    sb_puts(b, "(");
    print_exprlist(b, e->pList);
    sb_puts(b, ")");
  }
  sb_puts(b, ")");
}

static void print_case(StrBuf *b, const Expr *e) {
  sb_puts(b, "CASE");
  if (e->pLeft) { sb_puts(b, " "); print_expr(b, e->pLeft); }
  for (int i = 0; e->pList && i + 1 < e->pList->nExpr; i += 2) {
    sb_puts(b, " WHEN ");
    print_expr(b, e->pList->a[i].pExpr);
    sb_puts(b, " THEN ");
    print_expr(b, e->pList->a[i + 1].pExpr);
  }
  if (e->pExtra) { sb_puts(b, " ELSE "); print_expr(b, e->pExtra); }
  sb_puts(b, " END");
}

static void print_like(StrBuf *b, const Expr *e) {
  static const char *const az[] = {"LIKE", "GLOB", "REGEXP", "MATCH"};
  sb_puts(b, "(");
  print_expr(b, e->pLeft);
  sb_puts(b, e->bNot ? " NOT " : " ");
  sb_puts(b, az[e->op2 & 3]);
  sb_puts(b, " ");
  print_expr(b, e->pRight);
  if (e->pExtra) { sb_puts(b, " ESCAPE "); print_expr(b, e->pExtra); }
  sb_puts(b, ")");
}

static void print_column(StrBuf *b, const Expr *e) {
  if (e->zDb) { sb_ident(b, e->zDb); sb_puts(b, "."); }
  if (e->zTab) { sb_ident(b, e->zTab); sb_puts(b, "."); }
  if (e->flags & EXPR_F_DQUOTED) sb_quoted(b, e->z, (int)strlen(e->z), '"');
  else sb_ident(b, e->z);
}

/* Leaves: literals, names, parameters. 1 if e was one. */
static int print_leaf(StrBuf *b, const Expr *e) {
  static const char hex[] = "0123456789ABCDEF";
  switch (e->op) {
    case EXPR_NULL: sb_puts(b, "NULL"); return 1;
    case EXPR_INTEGER: case EXPR_FLOAT: case EXPR_TRUEFALSE: sb_puts(b, e->z); return 1;
    case EXPR_STRING: sb_quoted(b, e->z, e->n, '\''); return 1;
    case EXPR_BLOB:
      sb_puts(b, "X'");
      for (int i = 0; i < e->n; i++) {
        unsigned char c = (unsigned char)e->z[i];
        sb_append(b, &hex[c >> 4], 1);
        sb_append(b, &hex[c & 15], 1);
      }
      sb_puts(b, "'");
      return 1;
    case EXPR_CURRENT_TIME: sb_puts(b, "CURRENT_TIME"); return 1;
    case EXPR_CURRENT_DATE: sb_puts(b, "CURRENT_DATE"); return 1;
    case EXPR_CURRENT_TIMESTAMP: sb_puts(b, "CURRENT_TIMESTAMP"); return 1;
    case EXPR_COLUMN: print_column(b, e); return 1;
    case EXPR_STAR:
      if (e->zTab) { sb_ident(b, e->zTab); sb_puts(b, "."); }
      sb_puts(b, "*");
      return 1;
    case EXPR_VARIABLE: sb_puts(b, e->z ? e->z : "?"); return 1;
    default: return 0;
  }
}

static void print_unary(StrBuf *b, const Expr *e) {
  const char *z = e->op == EXPR_NEG ? "-" : e->op == EXPR_POS ? "+"
                : e->op == EXPR_BITNOT ? "~" : "NOT";
  sb_puts(b, "(");
  sb_puts(b, z);
  sb_puts(b, " ");
  print_expr(b, e->pLeft);
  sb_puts(b, ")");
}

static void print_expr(StrBuf *b, const Expr *e) {
  const char *zOp;
  static const char *const azRaise[] = {"IGNORE", "ROLLBACK", "ABORT", "FAIL"};
  if (e == NULL) { sb_puts(b, "NULL"); return; }
  if (print_leaf(b, e)) return;
  zOp = binary_op_text(e->op);
  if (zOp) {
    sb_puts(b, "(");
    print_expr(b, e->pLeft);
    sb_printf(b, " %s ", zOp);
    print_expr(b, e->pRight);
    sb_puts(b, ")");
    return;
  }
  switch (e->op) {
    case EXPR_NEG: case EXPR_POS: case EXPR_BITNOT: case EXPR_NOT: print_unary(b, e); break;
    case EXPR_ISNULL: case EXPR_NOTNULL:
      sb_puts(b, "(");
      print_expr(b, e->pLeft);
      sb_puts(b, e->op == EXPR_ISNULL ? " ISNULL)" : " NOTNULL)");
      break;
    case EXPR_LIKE: print_like(b, e); break;
    case EXPR_BETWEEN:
      sb_puts(b, "(");
      print_expr(b, e->pLeft);
      sb_puts(b, e->bNot ? " NOT BETWEEN " : " BETWEEN ");
      print_expr(b, e->pRight);
      sb_puts(b, " AND ");
      print_expr(b, e->pExtra);
      sb_puts(b, ")");
      break;
    case EXPR_IN: print_in(b, e); break;
    case EXPR_EXISTS: sb_puts(b, "EXISTS "); /* fall through */
    case EXPR_SUBQUERY:
      sb_puts(b, "(");
      print_select(b, e->pSelect);
      sb_puts(b, ")");
      break;
    case EXPR_COLLATE:
      sb_puts(b, "(");
      print_expr(b, e->pLeft);
      sb_puts(b, " COLLATE ");
      sb_ident(b, e->z);
      sb_puts(b, ")");
      break;
    case EXPR_CAST:
      sb_puts(b, "CAST(");
      print_expr(b, e->pLeft);
      sb_puts(b, " AS ");
      sb_puts(b, e->z ? e->z : "");
      sb_puts(b, ")");
      break;
    case EXPR_CASE: print_case(b, e); break;
    case EXPR_FUNCTION: print_function(b, e); break;
    case EXPR_VECTOR:
      sb_puts(b, "(");
      print_exprlist(b, e->pList);
      sb_puts(b, ")");
      break;
    case EXPR_RAISE:
      sb_printf(b, "RAISE(%s", azRaise[e->op2 & 3]);
      if (e->z) { sb_puts(b, ", "); sb_quoted(b, e->z, (int)strlen(e->z), '\''); }
      sb_puts(b, ")");
      break;
    default:
      sb_puts(b, "?op?");
      break;
  }
}

static void print_bound(StrBuf *b, int eBound, const Expr *pExpr) {
  switch (eBound) {
    case BOUND_UNBOUNDED_PRECEDING: sb_puts(b, "UNBOUNDED PRECEDING"); break;
    case BOUND_UNBOUNDED_FOLLOWING: sb_puts(b, "UNBOUNDED FOLLOWING"); break;
    case BOUND_CURRENT_ROW: sb_puts(b, "CURRENT ROW"); break;
    case BOUND_PRECEDING: print_expr(b, pExpr); sb_puts(b, " PRECEDING"); break;
    case BOUND_FOLLOWING: print_expr(b, pExpr); sb_puts(b, " FOLLOWING"); break;
    default: break;
  }
}

/* "(base PARTITION BY .. ORDER BY .. frame)" */
static void print_window_def(StrBuf *b, const Window *w) {
  static const char *const azFrame[] = {"", "ROWS", "RANGE", "GROUPS"};
  static const char *const azExcl[] = {"", "NO OTHERS", "CURRENT ROW", "GROUP", "TIES"};
  const char *zSep = "";
  sb_puts(b, "(");
  if (w->zBase) { sb_ident(b, w->zBase); zSep = " "; }
  if (w->pPartition) {
    sb_printf(b, "%sPARTITION BY ", zSep);
    print_exprlist(b, w->pPartition);
    zSep = " ";
  }
  if (w->pOrderBy) {
    sb_printf(b, "%sORDER BY ", zSep);
    print_sortlist(b, w->pOrderBy);
    zSep = " ";
  }
  if (w->eFrame != FRAME_DEFAULT) {
    sb_printf(b, "%s%s BETWEEN ", zSep, azFrame[w->eFrame & 3]);
    print_bound(b, w->eStart, w->pStart);
    sb_puts(b, " AND ");
    print_bound(b, w->eEnd, w->pEnd);
    if (w->eExclude != EXCLUDE_DEFAULT) sb_printf(b, " EXCLUDE %s", azExcl[w->eExclude % 5]);
  }
  sb_puts(b, ")");
}

static void print_srclist(StrBuf *b, const SrcList *l);

static void print_joinop(StrBuf *b, int jt) {
  if (jt & JT_COMMA) { sb_puts(b, ", "); return; }
  sb_puts(b, " ");
  if (jt & JT_NATURAL) sb_puts(b, "NATURAL ");
  if ((jt & (JT_LEFT | JT_RIGHT)) == (JT_LEFT | JT_RIGHT)) sb_puts(b, "FULL ");
  else if (jt & JT_LEFT) sb_puts(b, "LEFT ");
  else if (jt & JT_RIGHT) sb_puts(b, "RIGHT ");
  if (jt & JT_OUTER) sb_puts(b, "OUTER ");
  if (jt & JT_CROSS) sb_puts(b, "CROSS ");
  sb_puts(b, "JOIN ");
}

static void print_srcitem(StrBuf *b, const SrcItem *it) {
  if (it->pSelect) {
    sb_puts(b, "(");
    print_select(b, it->pSelect);
    sb_puts(b, ")");
  } else if (it->pNested) {
    sb_puts(b, "(");
    print_srclist(b, it->pNested);
    sb_puts(b, ")");
  } else {
    if (it->zDb) { sb_ident(b, it->zDb); sb_puts(b, "."); }
    sb_ident(b, it->zName ? it->zName : "");
    if (it->bFunc) {
      sb_puts(b, "(");
      print_exprlist(b, it->pFuncArgs);
      sb_puts(b, ")");
    }
  }
  if (it->zAlias) { sb_puts(b, " AS "); sb_ident(b, it->zAlias); }
  if (it->zIndexedBy) { sb_puts(b, " INDEXED BY "); sb_ident(b, it->zIndexedBy); }
  if (it->bNotIndexed) sb_puts(b, " NOT INDEXED");
  if (it->pOn) { sb_puts(b, " ON "); print_expr(b, it->pOn); }
  if (it->pUsing) { sb_puts(b, " USING "); print_idlist(b, it->pUsing); }
}

static void print_srclist(StrBuf *b, const SrcList *l) {
  for (int i = 0; l && i < l->nSrc; i++) {
    if (i) print_joinop(b, l->a[i].jointype);
    print_srcitem(b, &l->a[i]);
  }
}

static void print_result_list(StrBuf *b, const ExprList *l) {
  for (int i = 0; l && i < l->nExpr; i++) {
    if (i) sb_puts(b, ", ");
    print_expr(b, l->a[i].pExpr);
    if (l->a[i].zName) { sb_puts(b, " AS "); sb_ident(b, l->a[i].zName); }
  }
}

static void print_with(StrBuf *b, const With *w) {
  if (w == NULL) return;
  sb_puts(b, w->bRecursive ? "WITH RECURSIVE " : "WITH ");
  for (int i = 0; i < w->nCte; i++) {
    const Cte *c = &w->a[i];
    if (i) sb_puts(b, ", ");
    sb_ident(b, c->zName);
    if (c->pCols) print_idlist(b, c->pCols);
    sb_puts(b, " AS ");
    if (c->eMaterialized == CTE_MAT_YES) sb_puts(b, "MATERIALIZED ");
    if (c->eMaterialized == CTE_MAT_NO) sb_puts(b, "NOT MATERIALIZED ");
    sb_puts(b, "(");
    print_select(b, c->pSelect);
    sb_puts(b, ")");
  }
  sb_puts(b, " ");
}

static void print_limit(StrBuf *b, const Expr *pLimit, const Expr *pOffset) {
  if (pLimit == NULL) return;
  sb_puts(b, " LIMIT ");
  print_expr(b, pLimit);
  if (pOffset) { sb_puts(b, " OFFSET "); print_expr(b, pOffset); }
}

static void print_core(StrBuf *b, const Select *s) {
  if (s->pValues) {
    sb_puts(b, "VALUES ");
    for (int i = 0; i < s->pValues->nRow; i++) {
      sb_puts(b, i ? ", (" : "(");
      print_exprlist(b, s->pValues->apRow[i]);
      sb_puts(b, ")");
    }
    return;
  }
  sb_puts(b, s->bDistinct ? "SELECT DISTINCT " : "SELECT ");
  print_result_list(b, s->pEList);
  if (s->pSrc) { sb_puts(b, " FROM "); print_srclist(b, s->pSrc); }
  if (s->pWhere) { sb_puts(b, " WHERE "); print_expr(b, s->pWhere); }
  if (s->pGroupBy) { sb_puts(b, " GROUP BY "); print_exprlist(b, s->pGroupBy); }
  if (s->pHaving) { sb_puts(b, " HAVING "); print_expr(b, s->pHaving); }
  for (const Window *w = s->pWinDefn; w; w = w->pNext) {
    sb_puts(b, w == s->pWinDefn ? " WINDOW " : ", ");
    sb_ident(b, w->zName);
    sb_puts(b, " AS ");
    print_window_def(b, w);
  }
}

static void print_select(StrBuf *b, const Select *pHead) {
  static const char *const azOp[] = {"", " UNION ", " UNION ALL ", " INTERSECT ", " EXCEPT "};
  const Select *apStack[64];
  const Select **ap = apStack;
  int n = 0;
  if (pHead == NULL) return;
  for (const Select *s = pHead; s; s = s->pPrior) n++;
  if (n > ARRAY_SIZE(apStack)) {
    ap = mem_malloc(sizeof(Select *) * (u64)n);
    if (ap == NULL) { b->bOom = 1; return; }
  }
  n = 0;
  for (const Select *s = pHead; s; s = s->pPrior) ap[n++] = s;
  print_with(b, pHead->pWith);
  for (int i = n - 1; i >= 0; i--) {
    if (i != n - 1) sb_puts(b, azOp[ap[i]->op % 5]);
    print_core(b, ap[i]);
  }
  if (ap != apStack) mem_free(ap);
  if (pHead->pOrderBy) { sb_puts(b, " ORDER BY "); print_sortlist(b, pHead->pOrderBy); }
  print_limit(b, pHead->pLimit, pHead->pOffset);
}

/* ---- statements ------------------------------------------------------- */

static const char *conflict_text(int e) {
  static const char *const az[] = {"", "ROLLBACK", "ABORT", "FAIL", "IGNORE", "REPLACE"};
  return az[e % 6];
}

static void print_qualname(StrBuf *b, const char *zDb, const char *zName) {
  if (zDb) { sb_ident(b, zDb); sb_puts(b, "."); }
  sb_ident(b, zName ? zName : "");
}

static void print_setlist(StrBuf *b, const SetList *l) {
  for (int i = 0; l && i < l->nSet; i++) {
    const SetItem *it = &l->a[i];
    if (i) sb_puts(b, ", ");
    if (it->pCols->nId == 1) sb_ident(b, it->pCols->azId[0]);
    else print_idlist(b, it->pCols);
    sb_puts(b, " = ");
    print_expr(b, it->pExpr);
  }
}

static void print_returning(StrBuf *b, const ExprList *l) {
  if (l == NULL) return;
  sb_puts(b, " RETURNING ");
  print_result_list(b, l);
}

static void print_target(StrBuf *b, const SrcList *l) {
  const SrcItem *it = &l->a[0];
  print_qualname(b, it->zDb, it->zName);
  if (it->zAlias) { sb_puts(b, " AS "); sb_ident(b, it->zAlias); }
  if (it->zIndexedBy) { sb_puts(b, " INDEXED BY "); sb_ident(b, it->zIndexedBy); }
  if (it->bNotIndexed) sb_puts(b, " NOT INDEXED");
}

static void print_insert(StrBuf *b, const InsertStmt *s) {
  print_with(b, s->pWith);
  if (s->bReplaceKw) sb_puts(b, "REPLACE INTO ");
  else if (s->eConflict) sb_printf(b, "INSERT OR %s INTO ", conflict_text(s->eConflict));
  else sb_puts(b, "INSERT INTO ");
  print_target(b, s->pTab);
  if (s->pCols) { sb_puts(b, " "); print_idlist(b, s->pCols); }
  if (s->bDefaultValues) sb_puts(b, " DEFAULT VALUES");
  else { sb_puts(b, " "); print_select(b, s->pSelect); }
  for (const Upsert *u = s->pUpsert; u; u = u->pNext) {
    sb_puts(b, " ON CONFLICT");
    if (u->pTarget) {
      sb_puts(b, " (");
      print_sortlist(b, u->pTarget);
      sb_puts(b, ")");
      if (u->pTargetWhere) { sb_puts(b, " WHERE "); print_expr(b, u->pTargetWhere); }
    }
    if (u->bDoNothing) {
      sb_puts(b, " DO NOTHING");
    } else {
      sb_puts(b, " DO UPDATE SET ");
      print_setlist(b, u->pSet);
      if (u->pWhere) { sb_puts(b, " WHERE "); print_expr(b, u->pWhere); }
    }
  }
  print_returning(b, s->pReturning);
}

static void print_update(StrBuf *b, const UpdateStmt *s) {
  print_with(b, s->pWith);
  sb_puts(b, "UPDATE ");
  if (s->eConflict) sb_printf(b, "OR %s ", conflict_text(s->eConflict));
  print_target(b, s->pTab);
  sb_puts(b, " SET ");
  print_setlist(b, s->pSet);
  if (s->pFrom) { sb_puts(b, " FROM "); print_srclist(b, s->pFrom); }
  if (s->pWhere) { sb_puts(b, " WHERE "); print_expr(b, s->pWhere); }
  print_returning(b, s->pReturning);
  if (s->pOrderBy) { sb_puts(b, " ORDER BY "); print_sortlist(b, s->pOrderBy); }
  print_limit(b, s->pLimit, s->pOffset);
}

static void print_delete(StrBuf *b, const DeleteStmt *s) {
  print_with(b, s->pWith);
  sb_puts(b, "DELETE FROM ");
  print_target(b, s->pTab);
  if (s->pWhere) { sb_puts(b, " WHERE "); print_expr(b, s->pWhere); }
  print_returning(b, s->pReturning);
  if (s->pOrderBy) { sb_puts(b, " ORDER BY "); print_sortlist(b, s->pOrderBy); }
  print_limit(b, s->pLimit, s->pOffset);
}

static void print_onconf(StrBuf *b, int e) {
  if (e) sb_printf(b, " ON CONFLICT %s", conflict_text(e));
}

static void print_fk(StrBuf *b, const ForeignKey *fk) {
  static const char *const azAct[] = {"", "NO ACTION", "RESTRICT", "SET NULL", "SET DEFAULT",
                                      "CASCADE"};
  static const char *const azDefer[] = {"", "DEFERRABLE", "DEFERRABLE INITIALLY DEFERRED",
    "DEFERRABLE INITIALLY IMMEDIATE", "NOT DEFERRABLE", "NOT DEFERRABLE INITIALLY DEFERRED",
    "NOT DEFERRABLE INITIALLY IMMEDIATE"};
  sb_puts(b, "REFERENCES ");
  sb_ident(b, fk->zTable);
  if (fk->pCols) print_idlist(b, fk->pCols);
  if (fk->eOnDelete) sb_printf(b, " ON DELETE %s", azAct[fk->eOnDelete % 6]);
  if (fk->eOnUpdate) sb_printf(b, " ON UPDATE %s", azAct[fk->eOnUpdate % 6]);
  if (fk->zMatch) { sb_puts(b, " MATCH "); sb_ident(b, fk->zMatch); }
  if (fk->eDefer) sb_printf(b, " %s", azDefer[fk->eDefer % 7]);
}

static void print_column_constraint(StrBuf *b, const ColumnConstraint *c) {
  if (c->zConsName) { sb_puts(b, " CONSTRAINT "); sb_ident(b, c->zConsName); }
  switch (c->eKind) {
    case CC_PRIMARY_KEY:
      sb_puts(b, " PRIMARY KEY");
      if (c->eSortOrder == SORT_ASC) sb_puts(b, " ASC");
      if (c->eSortOrder == SORT_DESC) sb_puts(b, " DESC");
      print_onconf(b, c->eConflict);
      if (c->bAutoinc) sb_puts(b, " AUTOINCREMENT");
      break;
    case CC_NOT_NULL: sb_puts(b, " NOT NULL"); print_onconf(b, c->eConflict); break;
    case CC_NULL: sb_puts(b, " NULL"); print_onconf(b, c->eConflict); break;
    case CC_UNIQUE: sb_puts(b, " UNIQUE"); print_onconf(b, c->eConflict); break;
    case CC_CHECK: sb_puts(b, " CHECK ("); print_expr(b, c->pExpr); sb_puts(b, ")"); break;
    case CC_DEFAULT: sb_puts(b, " DEFAULT ("); print_expr(b, c->pExpr); sb_puts(b, ")"); break;
    case CC_COLLATE: sb_puts(b, " COLLATE "); sb_ident(b, c->zCollate); break;
    case CC_REFERENCES: sb_puts(b, " "); print_fk(b, c->pFk); break;
    case CC_GENERATED:
      sb_puts(b, c->bGeneratedAlways ? " GENERATED ALWAYS AS (" : " AS (");
      print_expr(b, c->pExpr);
      sb_puts(b, c->eGenerated == GEN_STORED ? ") STORED" : ")");
      break;
    default: break;
  }
}

static void print_coldef(StrBuf *b, const ColumnDef *d) {
  sb_ident(b, d->zName);
  if (d->zType) { sb_puts(b, " "); sb_puts(b, d->zType); }
  for (int i = 0; i < d->nCons; i++) print_column_constraint(b, &d->aCons[i]);
}

static void print_table_constraint(StrBuf *b, const TableConstraint *t) {
  if (t->zConsName) { sb_puts(b, "CONSTRAINT "); sb_ident(b, t->zConsName); sb_puts(b, " "); }
  switch (t->eKind) {
    case TC_PRIMARY_KEY:
    case TC_UNIQUE:
      sb_puts(b, t->eKind == TC_UNIQUE ? "UNIQUE (" : "PRIMARY KEY (");
      print_sortlist(b, t->pCols);
      if (t->bAutoinc) sb_puts(b, " AUTOINCREMENT");
      sb_puts(b, ")");
      print_onconf(b, t->eConflict);
      break;
    case TC_CHECK:
      sb_puts(b, "CHECK (");
      print_expr(b, t->pCheck);
      sb_puts(b, ")");
      print_onconf(b, t->eConflict);
      break;
    case TC_FOREIGN_KEY:
      sb_puts(b, "FOREIGN KEY ");
      print_idlist(b, t->pFromCols);
      sb_puts(b, " ");
      print_fk(b, t->pFk);
      break;
    default: break;
  }
}

static void print_create_table(StrBuf *b, const CreateTableStmt *s) {
  sb_puts(b, s->bTemp ? "CREATE TEMP TABLE " : "CREATE TABLE ");
  if (s->bIfNotExists) sb_puts(b, "IF NOT EXISTS ");
  print_qualname(b, s->zDb, s->zName);
  if (s->pAsSelect) {
    sb_puts(b, " AS ");
    print_select(b, s->pAsSelect);
    return;
  }
  sb_puts(b, " (");
  for (int i = 0; i < s->nCol; i++) {
    if (i) sb_puts(b, ", ");
    print_coldef(b, &s->aCol[i]);
  }
  for (int i = 0; i < s->nCons; i++) {
    sb_puts(b, ", ");
    print_table_constraint(b, &s->aCons[i]);
  }
  sb_puts(b, ")");
  if (s->options & TABLE_OPT_WITHOUT_ROWID) {
    sb_puts(b, (s->options & TABLE_OPT_STRICT) ? " WITHOUT ROWID, STRICT" : " WITHOUT ROWID");
  } else if (s->options & TABLE_OPT_STRICT) {
    sb_puts(b, " STRICT");
  }
}

static void print_stmt_body(StrBuf *b, const Stmt *s);

static void print_create_trigger(StrBuf *b, const CreateTriggerStmt *s) {
  static const char *const azTime[] = {"", "BEFORE ", "AFTER ", "INSTEAD OF "};
  static const char *const azEvent[] = {"", "DELETE", "INSERT", "UPDATE"};
  sb_puts(b, s->bTemp ? "CREATE TEMP TRIGGER " : "CREATE TRIGGER ");
  if (s->bIfNotExists) sb_puts(b, "IF NOT EXISTS ");
  print_qualname(b, s->zDb, s->zName);
  sb_printf(b, " %s%s", azTime[s->eTime & 3], azEvent[s->eEvent & 3]);
  if (s->pUpdateCols) {
    sb_puts(b, " OF ");
    for (int i = 0; i < s->pUpdateCols->nId; i++) {
      if (i) sb_puts(b, ", ");
      sb_ident(b, s->pUpdateCols->azId[i]);
    }
  }
  sb_puts(b, " ON ");
  sb_ident(b, s->zTable);
  if (s->bForEachRow) sb_puts(b, " FOR EACH ROW");
  if (s->pWhen) { sb_puts(b, " WHEN "); print_expr(b, s->pWhen); }
  sb_puts(b, " BEGIN ");
  for (int i = 0; i < s->nStep; i++) {
    print_stmt_body(b, s->apStep[i]);
    sb_puts(b, "; ");
  }
  sb_puts(b, "END");
}

static void print_create_misc(StrBuf *b, const Stmt *st) {
  if (st->eKind == STMT_CREATE_INDEX) {
    const CreateIndexStmt *s = &st->u.createIndex;
    sb_puts(b, s->bUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    if (s->bIfNotExists) sb_puts(b, "IF NOT EXISTS ");
    print_qualname(b, s->zDb, s->zName);
    sb_puts(b, " ON ");
    sb_ident(b, s->zTable);
    sb_puts(b, " (");
    print_sortlist(b, s->pCols);
    sb_puts(b, ")");
    if (s->pWhere) { sb_puts(b, " WHERE "); print_expr(b, s->pWhere); }
  } else if (st->eKind == STMT_CREATE_VIEW) {
    const CreateViewStmt *s = &st->u.createView;
    sb_puts(b, s->bTemp ? "CREATE TEMP VIEW " : "CREATE VIEW ");
    if (s->bIfNotExists) sb_puts(b, "IF NOT EXISTS ");
    print_qualname(b, s->zDb, s->zName);
    if (s->pCols) { sb_puts(b, " "); print_idlist(b, s->pCols); }
    sb_puts(b, " AS ");
    print_select(b, s->pSelect);
  } else {
    const CreateVTableStmt *s = &st->u.createVTable;
    sb_puts(b, "CREATE VIRTUAL TABLE ");
    if (s->bIfNotExists) sb_puts(b, "IF NOT EXISTS ");
    print_qualname(b, s->zDb, s->zName);
    sb_puts(b, " USING ");
    sb_ident(b, s->zModule);
    if (s->nArg > 0) {
      sb_puts(b, "(");
      for (int i = 0; i < s->nArg; i++) {
        if (i) sb_puts(b, ", ");
        sb_puts(b, s->azArg[i]);
      }
      sb_puts(b, ")");
    }
  }
}

static void print_alter(StrBuf *b, const AlterStmt *s) {
  sb_puts(b, "ALTER TABLE ");
  print_qualname(b, s->zDb, s->zTable);
  switch (s->eAlter) {
    case ALTER_RENAME_TABLE: sb_puts(b, " RENAME TO "); sb_ident(b, s->zNewName); break;
    case ALTER_RENAME_COLUMN:
      sb_puts(b, " RENAME COLUMN ");
      sb_ident(b, s->zColumn);
      sb_puts(b, " TO ");
      sb_ident(b, s->zNewName);
      break;
    case ALTER_ADD_COLUMN: sb_puts(b, " ADD COLUMN "); print_coldef(b, s->pColDef); break;
    case ALTER_DROP_COLUMN: sb_puts(b, " DROP COLUMN "); sb_ident(b, s->zColumn); break;
    default: break;
  }
}

static void print_pragma(StrBuf *b, const PragmaStmt *s) {
  sb_puts(b, "PRAGMA ");
  print_qualname(b, s->zDb, s->zName);
  if (s->zValue == NULL) return;
  sb_puts(b, s->bParen ? "(" : " = ");
  if (s->bValueQuoted) sb_quoted(b, s->zValue, (int)strlen(s->zValue), '\'');
  else sb_puts(b, s->zValue);
  if (s->bParen) sb_puts(b, ")");
}

static void print_misc(StrBuf *b, const Stmt *s) {
  static const char *const azBegin[] = {"BEGIN", "BEGIN IMMEDIATE", "BEGIN EXCLUSIVE",
                                        "BEGIN CONCURRENT"};
  switch (s->eKind) {
    case STMT_DROP_TABLE: case STMT_DROP_INDEX: case STMT_DROP_VIEW: case STMT_DROP_TRIGGER:
      sb_puts(b, s->eKind == STMT_DROP_TABLE ? "DROP TABLE " : s->eKind == STMT_DROP_INDEX
                 ? "DROP INDEX " : s->eKind == STMT_DROP_VIEW ? "DROP VIEW " : "DROP TRIGGER ");
      if (s->u.drop.bIfExists) sb_puts(b, "IF EXISTS ");
      print_qualname(b, s->u.drop.zDb, s->u.drop.zName);
      break;
    case STMT_BEGIN: sb_puts(b, azBegin[s->u.trans.eBegin & 3]); break;
    case STMT_COMMIT: sb_puts(b, "COMMIT"); break;
    case STMT_ROLLBACK:
      sb_puts(b, "ROLLBACK");
      if (s->u.trans.zName) { sb_puts(b, " TO SAVEPOINT "); sb_ident(b, s->u.trans.zName); }
      break;
    case STMT_SAVEPOINT: sb_puts(b, "SAVEPOINT "); sb_ident(b, s->u.trans.zName); break;
    case STMT_RELEASE: sb_puts(b, "RELEASE SAVEPOINT "); sb_ident(b, s->u.trans.zName); break;
    case STMT_PRAGMA: print_pragma(b, &s->u.pragma); break;
    case STMT_ATTACH:
      sb_puts(b, "ATTACH ");
      print_expr(b, s->u.attach.pFile);
      sb_puts(b, " AS ");
      print_expr(b, s->u.attach.pName);
      if (s->u.attach.pKey) { sb_puts(b, " KEY "); print_expr(b, s->u.attach.pKey); }
      break;
    case STMT_DETACH: sb_puts(b, "DETACH "); print_expr(b, s->u.attach.pName); break;
    case STMT_VACUUM:
      sb_puts(b, "VACUUM");
      if (s->u.vacuum.zDb) { sb_puts(b, " "); sb_ident(b, s->u.vacuum.zDb); }
      if (s->u.vacuum.pInto) { sb_puts(b, " INTO "); print_expr(b, s->u.vacuum.pInto); }
      break;
    case STMT_ANALYZE: case STMT_REINDEX:
      sb_puts(b, s->eKind == STMT_ANALYZE ? "ANALYZE" : "REINDEX");
      if (s->u.target.zName1) { sb_puts(b, " "); sb_ident(b, s->u.target.zName1); }
      if (s->u.target.zName2) { sb_puts(b, "."); sb_ident(b, s->u.target.zName2); }
      break;
    default: sb_puts(b, "?stmt?"); break;
  }
}

static void print_stmt_body(StrBuf *b, const Stmt *s) {
  switch (s->eKind) {
    case STMT_SELECT: print_select(b, s->u.pSelect); break;
    case STMT_INSERT: print_insert(b, &s->u.insert); break;
    case STMT_UPDATE: print_update(b, &s->u.update); break;
    case STMT_DELETE: print_delete(b, &s->u.del); break;
    case STMT_CREATE_TABLE: print_create_table(b, &s->u.createTable); break;
    case STMT_CREATE_TRIGGER: print_create_trigger(b, &s->u.createTrigger); break;
    case STMT_CREATE_INDEX: case STMT_CREATE_VIEW: case STMT_CREATE_VTABLE:
      print_create_misc(b, s);
      break;
    case STMT_ALTER_TABLE: print_alter(b, &s->u.alter); break;
    default: print_misc(b, s); break;
  }
}

char *ast_print_stmt(const Stmt *p) {
  StrBuf b = {NULL, 0, 0, 0};
  if (p == NULL) return mem_strdup("");
  if (p->eExplain == EXPLAIN_PLAIN) sb_puts(&b, "EXPLAIN ");
  if (p->eExplain == EXPLAIN_QUERY_PLAN) sb_puts(&b, "EXPLAIN QUERY PLAN ");
  print_stmt_body(&b, p);
  return sb_finish(&b);
}

char *ast_print_expr(const Expr *p) {
  StrBuf b = {NULL, 0, 0, 0};
  print_expr(&b, p);
  return sb_finish(&b);
}

char *ast_print_select(const Select *p) {
  StrBuf b = {NULL, 0, 0, 0};
  print_select(&b, p);
  return sb_finish(&b);
}

/* ---- names -------------------------------------------------------------- */

const char *ast_expr_op_name(int op) {
  static const char *const az[] = {
    "EXPR_INVALID", "EXPR_NULL", "EXPR_INTEGER", "EXPR_FLOAT", "EXPR_STRING", "EXPR_BLOB",
    "EXPR_TRUEFALSE", "EXPR_CURRENT_TIME", "EXPR_CURRENT_DATE", "EXPR_CURRENT_TIMESTAMP",
    "EXPR_COLUMN", "EXPR_STAR", "EXPR_VARIABLE", "EXPR_NEG", "EXPR_POS", "EXPR_BITNOT",
    "EXPR_NOT", "EXPR_ISNULL", "EXPR_NOTNULL", "EXPR_CONCAT", "EXPR_PTR", "EXPR_PTR2",
    "EXPR_MUL", "EXPR_DIV", "EXPR_REM", "EXPR_ADD", "EXPR_SUB", "EXPR_BITAND", "EXPR_BITOR",
    "EXPR_LSHIFT", "EXPR_RSHIFT", "EXPR_LT", "EXPR_LE", "EXPR_GT", "EXPR_GE", "EXPR_EQ",
    "EXPR_NE", "EXPR_IS", "EXPR_ISNOT", "EXPR_AND", "EXPR_OR", "EXPR_LIKE", "EXPR_BETWEEN",
    "EXPR_IN", "EXPR_EXISTS", "EXPR_SUBQUERY", "EXPR_COLLATE", "EXPR_CAST", "EXPR_CASE",
    "EXPR_FUNCTION", "EXPR_VECTOR", "EXPR_RAISE"};
  _Static_assert(sizeof(az) / sizeof(az[0]) == EXPR_OP_COUNT, "ast_expr_op_name table");
  return (op >= 0 && op < EXPR_OP_COUNT) ? az[op] : "EXPR_?";
}

const char *ast_stmt_kind_name(int eKind) {
  static const char *const az[] = {
    "STMT_INVALID", "STMT_SELECT", "STMT_INSERT", "STMT_UPDATE", "STMT_DELETE",
    "STMT_CREATE_TABLE", "STMT_CREATE_INDEX", "STMT_CREATE_VIEW", "STMT_CREATE_TRIGGER",
    "STMT_CREATE_VTABLE", "STMT_DROP_TABLE", "STMT_DROP_INDEX", "STMT_DROP_VIEW",
    "STMT_DROP_TRIGGER", "STMT_ALTER_TABLE", "STMT_BEGIN", "STMT_COMMIT", "STMT_ROLLBACK",
    "STMT_SAVEPOINT", "STMT_RELEASE", "STMT_PRAGMA", "STMT_ATTACH", "STMT_DETACH",
    "STMT_VACUUM", "STMT_ANALYZE", "STMT_REINDEX"};
  _Static_assert(sizeof(az) / sizeof(az[0]) == STMT_KIND_COUNT, "ast_stmt_kind_name table");
  return (eKind >= 0 && eKind < STMT_KIND_COUNT) ? az[eKind] : "STMT_?";
}
