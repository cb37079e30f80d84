/*
** cg_expr.c: expression code generation.
**
** Operand conventions follow opcode.html: binary arithmetic puts the right
** operand in P1 and the left in P2 (r[P3] = r[P2] op r[P1]); comparisons
** jump to P2 when r[P3] op r[P1], with the comparison affinity in the low
** bits of P5 and the collation in P4.
**
** Invariants:
**   1. cg_expr always leaves the value in the requested target register.
**   2. Comparison affinity follows datatype3.html 4.2: numeric wins over
**      text/none; text is applied to an operand without affinity; two
**      operands without affinity compare as they are (AFF_BLOB).
**   3. In the output phase of an aggregate query (NameCtx.pAgg set and
**      AGG_OUTPUT), aggregate calls read their finished accumulator and
**      column references read the registers holding the group's row.
**   4. A node flagged EXPR_F_HOISTED (plan.h invariant 3) is a loop
**      invariant the planner computed before the loop: it is read from its
**      register, never recompiled.  Comparisons read that register in place
**      (each hoisted node has its own register and a single use, so the
**      affinity a comparison applies to it is the same on every row).
*/
#include "plan.h"

/* ---- small queries ----------------------------------------------------------- */

int cg_expr_is_int(const Expr *p, i64 *pV) {
  if (p == NULL) return 0;
  if (p->op == EXPR_INTEGER) {
    *pV = p->iValue;
    return 1;
  }
  if (p->op == EXPR_NEG && p->pLeft && p->pLeft->op == EXPR_INTEGER &&
      p->pLeft->iValue != INT64_MIN) {   /* its negation is no integer */
    *pV = -p->pLeft->iValue;
    return 1;
  }
  if (p->op == EXPR_POS) return cg_expr_is_int(p->pLeft, pV);
  return 0;
}

int cg_expr_is_const(const Expr *p) {
  if (p == NULL) return 1;
  switch (p->op) {
    case EXPR_COLUMN: case EXPR_VARIABLE: case EXPR_FUNCTION: case EXPR_SUBQUERY:
    case EXPR_EXISTS: case EXPR_IN: case EXPR_RAISE: case EXPR_STAR:
    case EXPR_CURRENT_DATE: case EXPR_CURRENT_TIME: case EXPR_CURRENT_TIMESTAMP:
      return 0;
    default:
      break;
  }
  if (!cg_expr_is_const(p->pLeft) || !cg_expr_is_const(p->pRight) ||
      !cg_expr_is_const(p->pExtra)) {
    return 0;
  }
  for (int i = 0; p->pList && i < p->pList->nExpr; i++) {
    if (!cg_expr_is_const(p->pList->a[i].pExpr)) return 0;
  }
  return 1;
}

Coll *cg_coll(Cg *pCg, const char *zName) {
  if (zName == NULL || str_icmp(zName, "BINARY") == 0) return NULL;
  Coll *p = conn_find_coll(pCg->db, zName);
  if (p == NULL) cg_error(pCg, "no such collation sequence: %s", zName);
  return p;
}

/* The column a reference resolves to, or NULL (alias, outer, error...).
** *pbRowid is set for a reference to the rowid itself (no Column). */
static Column *cg_expr_column(Cg *pCg, NameCtx *pNc, const Expr *p, Expr **ppAlias,
                              int *pbRowid) {
  NameCtx *pFound = NULL;
  int iSrc = 0, iCol = 0;
  *ppAlias = NULL;
  *pbRowid = 0;
  if (pNc == NULL) return NULL;
  int saved = pCg->rc;
  int r = resolve_column(pCg, pNc, p, &pFound, &iSrc, &iCol);
  if (saved == SQLITE_OK && pCg->rc != SQLITE_OK) {
    pCg->rc = SQLITE_OK;   /* reported when the reference is compiled */
    mem_free(pCg->zErrMsg);
    pCg->zErrMsg = NULL;
    return NULL;
  }
  if (r == 1) {
    *ppAlias = pFound->pEList->a[iCol].pExpr;
    return NULL;
  }
  if (r != 0) return NULL;
  if (iCol < 0) {
    *pbRowid = 1;
    return NULL;
  }
  return &pFound->aSrc[iSrc].pTab->aCol[iCol];
}

char cg_expr_affinity(Cg *pCg, NameCtx *pNc, const Expr *p) {
  for (int guard = 0; p && guard < 1000; guard++) {
    switch (p->op) {
      case EXPR_COLLATE: p = p->pLeft; continue;
      case EXPR_CAST: return schema_affinity(p->z);
      case EXPR_COLUMN: {
        Expr *pAlias;
        int bRowid;
        Column *pCol = cg_expr_column(pCg, pNc, p, &pAlias, &bRowid);
        if (pAlias && pAlias != p) {
          p = pAlias;
          continue;
        }
        if (pCol) return pCol->affinity;
        return bRowid ? AFF_INTEGER : 0;
      }
      case EXPR_SUBQUERY:
        if (p->pSelect && p->pSelect->pEList && p->pSelect->pEList->nExpr > 0 &&
            p->pSelect->pSrc == NULL) {
          p = p->pSelect->pEList->a[0].pExpr;
          continue;
        }
        return 0;
      default:
        return 0;
    }
  }
  return 0;
}

const char *cg_expr_collname(Cg *pCg, NameCtx *pNc, const Expr *p) {
  for (int guard = 0; p && guard < 1000; guard++) {
    if (p->op == EXPR_COLLATE) return p->z;
    if (p->op == EXPR_COLUMN) {
      Expr *pAlias;
      int bRowid;
      Column *pCol = cg_expr_column(pCg, pNc, p, &pAlias, &bRowid);
      if (pAlias && pAlias != p) {
        p = pAlias;
        continue;
      }
      return pCol ? pCol->zColl : NULL;
    }
    if (p->op == EXPR_CAST || p->op == EXPR_POS) {
      p = p->pLeft;    /* collation passes through these */
      continue;
    }
    return NULL;
  }
  return NULL;
}

/* Explicit COLLATE anywhere at the top of p? */
static const char *cg_explicit_coll(const Expr *p) {
  while (p && (p->op == EXPR_CAST || p->op == EXPR_POS)) p = p->pLeft;
  return (p && p->op == EXPR_COLLATE) ? p->z : NULL;
}

/* The collation of a comparison between l and r. */
static Coll *cg_compare_coll(Cg *pCg, NameCtx *pNc, const Expr *l, const Expr *r) {
  const char *z = cg_explicit_coll(l);
  if (z == NULL) z = cg_explicit_coll(r);
  if (z == NULL) z = cg_expr_collname(pCg, pNc, l);
  if (z == NULL) z = cg_expr_collname(pCg, pNc, r);
  return cg_coll(pCg, z);
}

static int cg_is_numeric_aff(char a) {
  return a >= AFF_NUMERIC;
}

/* Comparison affinity (invariant 2). */
static char cg_compare_aff(Cg *pCg, NameCtx *pNc, const Expr *l, const Expr *r) {
  char a = cg_expr_affinity(pCg, pNc, l);
  char b = cg_expr_affinity(pCg, pNc, r);
  if (a && b) return (cg_is_numeric_aff(a) || cg_is_numeric_aff(b)) ? AFF_NUMERIC : AFF_BLOB;
  if (a) return a;
  if (b) return b;
  return AFF_BLOB;
}

/* ---- columns ---------------------------------------------------------------- */

/* Position of column iCol in index pIdx, -1 if absent. */
static int cg_index_pos(const Index *pIdx, int iCol) {
  for (int j = 0; j < pIdx->nColumn; j++) {   /* WITHOUT ROWID: the PK suffix too */
    if (pIdx->aiColumn[j] == iCol) return j;
  }
  return -1;
}

/* The DEFAULT of a column as a Value, for OP_Column's P4: rows written
** before ALTER TABLE ADD COLUMN are shorter than the table.  NULL when the
** default is not a simple constant. */
static Value *cg_default_value(Cg *pCg, const Column *pCol) {
  const Expr *p = pCol->pDflt;
  int bNeg = 0;
  if (p && p->op == EXPR_NEG) {
    bNeg = 1;
    p = p->pLeft;
  }
  if (p == NULL || p->op == EXPR_NULL) return NULL;
  Value *pVal = cg_check_alloc(pCg, value_new(pCg->db));
  if (pVal == NULL) return NULL;
  switch (p->op) {
    case EXPR_INTEGER: case EXPR_TRUEFALSE:
      value_set_int(pVal, bNeg ? -p->iValue : p->iValue);
      break;
    case EXPR_FLOAT: value_set_real(pVal, bNeg ? -p->rValue : p->rValue); break;
    case EXPR_STRING:
      if (!bNeg) value_set_text(pVal, p->z ? p->z : "", p->n, SQLITE_UTF8, SQLITE_TRANSIENT);
      break;
    case EXPR_BLOB:
      if (!bNeg) value_set_blob(pVal, p->z, p->n, SQLITE_TRANSIENT);
      break;
    default:
      value_free(pVal);
      return NULL;
  }
  if (pCol->affinity) value_apply_affinity(pVal, pCol->affinity, SQLITE_UTF8);
  return pVal;
}

void cg_column(Cg *pCg, SrcTerm *pSrc, int iCol, int target) {
  Vdbe *v = pCg->v;
  Table *pTab = pSrc->pTab;
  int bRowid = iCol < 0 || iCol == pTab->iPKey;
  if (pSrc->regCols > 0 || pSrc->regRowid > 0) {
    if (bRowid) vdbe_add_op2(v, OP_Copy, pSrc->regRowid, target);
    else vdbe_add_op2(v, OP_Copy, pSrc->regCols + iCol, target);
    return;
  }
  if (pSrc->pIdxCover && pSrc->iIdxCur >= 0) {
    if (bRowid) {
      vdbe_add_op2(v, OP_IdxRowid, pSrc->iIdxCur, target);
      return;
    }
    int j = cg_index_pos(pSrc->pIdxCover, iCol);
    if (j >= 0) {
      vdbe_add_op3(v, OP_Column, pSrc->iIdxCur, j, target);
      if (pTab->aCol[iCol].affinity == AFF_REAL) vdbe_add_op1(v, OP_RealAffinity, target);
      return;
    }
  }
  if (bRowid) {
    vdbe_add_op2(v, OP_Rowid, pSrc->iCursor, target);
    return;
  }
  Value *pDflt = pTab->aCol[iCol].pDflt ? cg_default_value(pCg, &pTab->aCol[iCol]) : NULL;
  int iPos = schema_column_storage(pTab, iCol);
  if (pDflt) vdbe_add_op4(v, OP_Column, pSrc->iCursor, iPos, target, pDflt, P4_MEM);
  else vdbe_add_op3(v, OP_Column, pSrc->iCursor, iPos, target);
  if (pTab->aCol[iCol].affinity == AFF_REAL) vdbe_add_op1(v, OP_RealAffinity, target);
}

static void cg_expr_column_ref(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  NameCtx *pFound = NULL;
  int iSrc = 0, iCol = 0;
  int r = resolve_column(pCg, pNc, p, &pFound, &iSrc, &iCol);
  if (r < 0) return;
  if (r == 2) {
    vdbe_add_op4(pCg->v, OP_String8, 0, target, 0, p->z, P4_TRANSIENT);
    return;
  }
  if (r == 1) {
    Expr *pAlias = pFound->pEList->a[iCol].pExpr;
    if (pAlias == p || pCg->nestDepth > 100) {
      cg_error(pCg, "misuse of aliased aggregate %s", p->z);
      return;
    }
    pCg->nestDepth++;
    cg_expr(pCg, pFound, pAlias, target);
    pCg->nestDepth--;
    return;
  }
  if (pFound->pAgg && agg_column(pCg, pFound->pAgg, iSrc, iCol, target)) return;
  cg_column(pCg, &pFound->aSrc[iSrc], iCol, target);
}

/* ---- literals ---------------------------------------------------------------- */

static void cg_int_literal(Cg *pCg, i64 v, int target) {
  if (v >= -2147483647 - 1 && v <= 2147483647) {
    vdbe_add_op2(pCg->v, OP_Integer, (int)v, target);
  } else {
    vdbe_add_op4_dup8(pCg->v, OP_Int64, 0, target, 0, &v, P4_INT64);
  }
}

static void cg_real_literal(Cg *pCg, double r, int target) {
  vdbe_add_op4_dup8(pCg->v, OP_Real, 0, target, 0, &r, P4_REAL);
}

static void cg_string_literal(Cg *pCg, const char *z, int n, int target) {
  if ((int)strlen(z) == n) {
    vdbe_add_op4(pCg->v, OP_String8, 0, target, 0, z, P4_TRANSIENT);
  } else {
    char *zCopy = cg_check_alloc(pCg, mem_malloc((u64)n + 1));
    if (zCopy) {
      memcpy(zCopy, z, (size_t)n);
      zCopy[n] = 0;
    }
    vdbe_add_op4(pCg->v, OP_String, n, target, 0, zCopy, P4_DYNAMIC);
  }
}

static void cg_blob_literal(Cg *pCg, const char *z, int n, int target) {
  char *zCopy = cg_check_alloc(pCg, mem_malloc((u64)n + 1));
  if (zCopy && n > 0) memcpy(zCopy, z, (size_t)n);
  vdbe_add_op4(pCg->v, OP_Blob, n, target, 0, zCopy, P4_BLOB);
}

/* -x: constants fold (including -9223372036854775808), else 0 - x. */
static void cg_negate(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Expr *c = p->pLeft;
  if (c->op == EXPR_INTEGER) {
    /* -(-9223372036854775808) does not fit: it becomes a real, as in SQLite */
    if (c->iValue == INT64_MIN) cg_real_literal(pCg, 9223372036854775808.0, target);
    else cg_int_literal(pCg, -c->iValue, target);
    return;
  }
  if (c->op == EXPR_FLOAT) {
    if (c->z && strcmp(c->z, "9223372036854775808") == 0) {
      cg_int_literal(pCg, INT64_MIN, target);
    } else {
      cg_real_literal(pCg, -c->rValue, target);
    }
    return;
  }
  int r1 = cg_reg(pCg, 1);
  cg_expr(pCg, pNc, c, r1);
  int rZero = cg_reg(pCg, 1);
  vdbe_add_op2(pCg->v, OP_Integer, 0, rZero);
  vdbe_add_op3(pCg->v, OP_Subtract, r1, rZero, target);
}

/* ---- operators ---------------------------------------------------------------- */

static int cg_binop_opcode(int op) {
  switch (op) {
    case EXPR_ADD: return OP_Add;
    case EXPR_SUB: return OP_Subtract;
    case EXPR_MUL: return OP_Multiply;
    case EXPR_DIV: return OP_Divide;
    case EXPR_REM: return OP_Remainder;
    case EXPR_CONCAT: return OP_Concat;
    case EXPR_BITAND: return OP_BitAnd;
    case EXPR_BITOR: return OP_BitOr;
    case EXPR_LSHIFT: return OP_ShiftLeft;
    case EXPR_RSHIFT: return OP_ShiftRight;
    case EXPR_AND: return OP_And;
    case EXPR_OR: return OP_Or;
    default: return 0;
  }
}

static int cg_cmp_opcode(int op) {
  switch (op) {
    case EXPR_LT: return OP_Lt;
    case EXPR_LE: return OP_Le;
    case EXPR_GT: return OP_Gt;
    case EXPR_GE: return OP_Ge;
    case EXPR_EQ: case EXPR_IS: return OP_Eq;
    case EXPR_NE: case EXPR_ISNOT: return OP_Ne;
    default: return 0;
  }
}

/* Emits a comparison jump: if r[rL] op r[rR] goto dest. */
static void cg_compare_jump(Cg *pCg, NameCtx *pNc, Expr *l, Expr *r, int opcode, int rL, int rR,
                            int dest, int p5) {
  Coll *pColl = cg_compare_coll(pCg, pNc, l, r);
  char aff = cg_compare_aff(pCg, pNc, l, r);
  vdbe_add_op4(pCg->v, opcode, rR, dest, rL, pColl, pColl ? P4_COLLSEQ : P4_NOTUSED);
  vdbe_change_p5(pCg->v, (p5 | (u8)aff) & 0xffff);
}

static int cg_is_rowvalue(const Expr *p) {
  return p && (p->op == EXPR_VECTOR || (p->op == EXPR_SUBQUERY && p->pSelect &&
               p->pSelect->pEList && p->pSelect->pEList->nExpr > 1));
}

/* (a, b) = (x, y) as a = x AND b = y; <> / IS NOT as the OR of the
** negations.  NULL if the shapes differ or it is not an equality. */
static Expr *cg_vector_compare(Cg *pCg, Expr *p) {
  Expr *l = p->pLeft, *r = p->pRight;
  if (l->op != EXPR_VECTOR || r->op != EXPR_VECTOR || l->pList->nExpr != r->pList->nExpr) {
    return NULL;
  }
  int bEq = p->op == EXPR_EQ || p->op == EXPR_IS;
  if (!bEq && p->op != EXPR_NE && p->op != EXPR_ISNOT) return NULL;
  Expr *pAll = NULL;
  for (int i = 0; i < l->pList->nExpr; i++) {
    Expr *c = ast_arena_alloc(pCg->pArena, sizeof(Expr));
    Expr *j = pAll ? ast_arena_alloc(pCg->pArena, sizeof(Expr)) : NULL;
    if (c == NULL || (pAll && j == NULL)) return NULL;
    c->op = p->op;
    c->pLeft = l->pList->a[i].pExpr;
    c->pRight = r->pList->a[i].pExpr;
    if (pAll == NULL) {
      pAll = c;
      continue;
    }
    j->op = bEq ? EXPR_AND : EXPR_OR;
    j->pLeft = pAll;
    j->pRight = c;
    pAll = j;
  }
  return pAll;
}

/* "x IS [NOT] TRUE/FALSE" uses truth semantics (OP_IsTrue) unless TRUE or
** FALSE names a column.  Returns 1 if it emitted the code. */
static int cg_is_truth(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  if ((p->op != EXPR_IS && p->op != EXPR_ISNOT) || p->pRight->op != EXPR_TRUEFALSE) return 0;
  Expr col = *p->pRight;
  col.op = EXPR_COLUMN;
  NameCtx *pF;
  int iSrc, iCol;
  if (pNc && resolve_in_scope(pCg, pNc, &col, &pF, &iSrc, &iCol)) return 0;
  int bTrue = p->pRight->iValue != 0, bNot = p->op == EXPR_ISNOT;
  int r = cg_expr_new(pCg, pNc, p->pLeft);
  vdbe_add_op4_int(pCg->v, OP_IsTrue, r, target, !bTrue, bNot ^ !bTrue);
  return 1;
}

/* Comparison as a value: 1, 0 or NULL (IS/IS NOT never NULL). */
static void cg_compare_value(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  if (cg_is_truth(pCg, pNc, p, target)) return;
  Expr *pVec = cg_is_rowvalue(p->pLeft) ? cg_vector_compare(pCg, p) : NULL;
  if (pVec) {
    cg_expr(pCg, pNc, pVec, target);
    return;
  }
  if (cg_is_rowvalue(p->pLeft) || cg_is_rowvalue(p->pRight)) {
    cg_error(pCg, "row value misused");
    return;
  }
  Vdbe *v = pCg->v;
  int rL = cg_expr_new(pCg, pNc, p->pLeft);
  int rR = cg_expr_new(pCg, pNc, p->pRight);
  int bIs = p->op == EXPR_IS || p->op == EXPR_ISNOT;
  vdbe_add_op2(v, OP_Integer, 1, target);
  int lblDone = vdbe_make_label(v);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pRight, cg_cmp_opcode(p->op), rL, rR, lblDone,
                  bIs ? SQLITE_NULLEQ : 0);
  if (bIs) vdbe_add_op2(v, OP_Integer, 0, target);
  else vdbe_add_op3(v, OP_ZeroOrNull, rL, target, rR);
  vdbe_resolve_label(v, lblDone);
}

static void cg_binary(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  if (cg_is_rowvalue(p->pLeft) || cg_is_rowvalue(p->pRight)) {
    cg_error(pCg, "row value misused");
    return;
  }
  int rL = cg_expr_new(pCg, pNc, p->pLeft);
  int rR = cg_expr_new(pCg, pNc, p->pRight);
  vdbe_add_op3(pCg->v, cg_binop_opcode(p->op), rR, rL, target);
}

/* x IS NULL / x NOT NULL as a value. */
static void cg_null_test(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  int r = cg_expr_new(pCg, pNc, p->pLeft);
  vdbe_add_op2(pCg->v, OP_Integer, 1, target);
  int addr = vdbe_add_op1(pCg->v, p->op == EXPR_ISNULL ? OP_IsNull : OP_NotNull, r);
  vdbe_add_op2(pCg->v, OP_Integer, 0, target);
  vdbe_jump_here(pCg->v, addr);
}

static void cg_between(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  int rX = cg_expr_new(pCg, pNc, p->pLeft);
  int rLo = cg_expr_new(pCg, pNc, p->pRight);
  int rHi = cg_expr_new(pCg, pNc, p->pExtra);
  int r1 = cg_reg(pCg, 1), r2 = cg_reg(pCg, 1);
  int aDone[2];
  vdbe_add_op2(v, OP_Integer, 1, r1);
  aDone[0] = vdbe_make_label(v);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pRight, OP_Ge, rX, rLo, aDone[0], 0);
  vdbe_add_op3(v, OP_ZeroOrNull, rX, r1, rLo);
  vdbe_resolve_label(v, aDone[0]);
  vdbe_add_op2(v, OP_Integer, 1, r2);
  aDone[1] = vdbe_make_label(v);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pExtra, OP_Le, rX, rHi, aDone[1], 0);
  vdbe_add_op3(v, OP_ZeroOrNull, rX, r2, rHi);
  vdbe_resolve_label(v, aDone[1]);
  vdbe_add_op3(v, OP_And, r1, r2, target);
  if (p->bNot) vdbe_add_op2(v, OP_Not, target, target);
}

/* x [NOT] IN (list): 1 on a match, else NULL if x or any item is NULL, else 0. */
static void cg_in_list(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  ExprList *pList = p->pList;
  if (pList == NULL || pList->nExpr == 0) {
    vdbe_add_op2(v, OP_Integer, p->bNot ? 1 : 0, target);
    return;
  }
  int rX = cg_expr_new(pCg, pNc, p->pLeft);
  int rHasNull = cg_reg(pCg, 1);
  int lblFound = vdbe_make_label(v), lblNull = vdbe_make_label(v), lblDone = vdbe_make_label(v);
  vdbe_add_op2(v, OP_Integer, 0, rHasNull);
  vdbe_add_op2(v, OP_IsNull, rX, lblNull);
  int rI = cg_reg(pCg, 1);
  /* SQLite compares an IN list under the left operand's affinity alone (none
  ** when it has none: 1 IN (textcol) never converts), while the collation
  ** is the usual one of the pair */
  char aff = cg_expr_affinity(pCg, pNc, p->pLeft);
  if (aff == 0) aff = AFF_BLOB;
  for (int i = 0; i < pList->nExpr; i++) {
    Expr *e = pList->a[i].pExpr;
    cg_expr(pCg, pNc, e, rI);
    Coll *pColl = cg_compare_coll(pCg, pNc, p->pLeft, e);
    vdbe_add_op4(v, OP_Eq, rI, lblFound, rX, pColl, pColl ? P4_COLLSEQ : P4_NOTUSED);
    vdbe_change_p5(v, (u8)aff);
    int addr = vdbe_add_op1(v, OP_NotNull, rI);
    vdbe_add_op2(v, OP_Integer, 1, rHasNull);
    vdbe_jump_here(v, addr);
  }
  vdbe_add_op2(v, OP_If, rHasNull, lblNull);
  vdbe_add_op2(v, OP_Integer, p->bNot ? 1 : 0, target);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_resolve_label(v, lblFound);
  vdbe_add_op2(v, OP_Integer, p->bNot ? 0 : 1, target);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_resolve_label(v, lblNull);
  vdbe_add_op2(v, OP_Null, 0, target);
  vdbe_resolve_label(v, lblDone);
}

static int cg_outer_refs(NameCtx *pNc);
static void cg_once_end(Cg *pCg, int addrOnce, int bCorrelated);
static int cg_explain_sub_begin(Cg *pCg, int *pAddr);
static void cg_explain_sub_end(Cg *pCg, int iParent, int addr, const char *zKind, int bCorr);

/* x [NOT] IN (SELECT ...): the subquery fills an ephemeral index. */
static void cg_in_select(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  if (cg_select_ncol(pCg, p->pSelect, pNc) != 1) {
    if (pCg->rc == SQLITE_OK) {
      cg_error(pCg, "sub-select returns %d columns - expected 1",
               cg_select_ncol(pCg, p->pSelect, pNc));
    }
    return;
  }
  int iCur = cg_cursor(pCg);
  int addrOnce = vdbe_add_op0(v, OP_Once);
  KeyInfo *pKey = cg_keyinfo(pCg, 1, 0);
  if (pKey) pKey->aColl[0] = cg_coll(pCg, cg_expr_collname(pCg, pNc, p->pLeft));
  vdbe_add_op4(v, OP_OpenEphemeral, iCur, 1, 0, pKey, P4_KEYINFO);
  SelectDest dest = {.eDest = SRT_SET, .iSDParm = iCur, .nResult = 1};
  int nRef = cg_outer_refs(pNc);   /* only the subquery's own references count */
  int addrExplain;
  int iParent = cg_explain_sub_begin(pCg, &addrExplain);
  cg_select(pCg, p->pSelect, &dest, pNc);
  int bCorr = nRef != cg_outer_refs(pNc);
  cg_explain_sub_end(pCg, iParent, addrExplain, "LIST", bCorr);
  cg_once_end(pCg, addrOnce, bCorr);
  int rX = cg_expr_new(pCg, pNc, p->pLeft);
  int lblNull = vdbe_make_label(v), lblDone = vdbe_make_label(v);
  vdbe_add_op2(v, OP_IsNull, rX, lblNull);
  char aff = cg_expr_affinity(pCg, pNc, p->pLeft);
  if (aff) {
    char zAff[2] = {aff, 0};
    vdbe_add_op4(v, OP_Affinity, rX, 1, 0, zAff, P4_TRANSIENT);
  }
  vdbe_add_op2(v, OP_Integer, p->bNot ? 0 : 1, target);
  vdbe_add_op4_int(v, OP_Found, iCur, lblDone, rX, 1);
  int rN = cg_reg(pCg, 1);
  vdbe_add_op2(v, OP_Null, 0, rN);
  vdbe_add_op4_int(v, OP_Found, iCur, lblNull, rN, 1);
  vdbe_add_op2(v, OP_Integer, p->bNot ? 1 : 0, target);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_resolve_label(v, lblNull);
  int addrEmpty = vdbe_add_op2(v, OP_Rewind, iCur, 0);   /* x NULL, set empty: 0 / 1 */
  vdbe_add_op2(v, OP_Null, 0, target);
  vdbe_add_op2(v, OP_Goto, 0, lblDone);
  vdbe_jump_here(v, addrEmpty);
  vdbe_add_op2(v, OP_Integer, p->bNot ? 1 : 0, target);
  vdbe_resolve_label(v, lblDone);
}

static void cg_case(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  int lblEnd = vdbe_make_label(v);
  int rBase = p->pLeft ? cg_expr_new(pCg, pNc, p->pLeft) : 0;
  ExprList *pL = p->pList;
  for (int i = 0; pL && i + 1 < pL->nExpr; i += 2) {
    int lblNext = vdbe_make_label(v);
    Expr *pWhen = pL->a[i].pExpr;
    if (rBase) {
      int rW = cg_expr_new(pCg, pNc, pWhen);
      cg_compare_jump(pCg, pNc, p->pLeft, pWhen, OP_Ne, rBase, rW, lblNext, SQLITE_JUMPIFNULL);
    } else {
      cg_if_false(pCg, pNc, pWhen, lblNext, 1);
    }
    cg_expr(pCg, pNc, pL->a[i + 1].pExpr, target);
    vdbe_add_op2(v, OP_Goto, 0, lblEnd);
    vdbe_resolve_label(v, lblNext);
  }
  if (p->pExtra) cg_expr(pCg, pNc, p->pExtra, target);
  else vdbe_add_op2(v, OP_Null, 0, target);
  vdbe_resolve_label(v, lblEnd);
}

static void cg_like(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  static const char *azName[] = {"like", "glob", "regexp", "match"};
  const char *zName = azName[p->op2 & 3];
  int nArg = p->pExtra ? 3 : 2;
  FuncDef *pDef = cg_find_func(pCg->db, zName, nArg, SQLITE_UTF8, 0);
  if (pDef == NULL) {
    cg_error(pCg, "no such function: %s", zName == azName[0] ? "LIKE" : zName);
    return;
  }
  int rArgs = cg_reg(pCg, nArg);
  cg_expr(pCg, pNc, p->pRight, rArgs);
  cg_expr(pCg, pNc, p->pLeft, rArgs + 1);
  if (p->pExtra) cg_expr(pCg, pNc, p->pExtra, rArgs + 2);
  vdbe_add_function_call(pCg->v, OP_Function, 0, rArgs, target, nArg, pDef, 0);
  if (p->bNot) vdbe_add_op2(pCg->v, OP_Not, target, target);
}

static void cg_function(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  if (pNc && pNc->pAgg && agg_func_value(pCg, pNc->pAgg, p, target)) return;
  int nArg = p->pList ? p->pList->nExpr : 0;
  FuncDef *pDef = cg_find_func(pCg->db, p->z, nArg, SQLITE_UTF8, 0);
  if (pDef == NULL || cg_func_is_agg(pDef)) {
    if (pCg->rc == SQLITE_OK) resolve_expr(pCg, pNc, p);
    if (pCg->rc == SQLITE_OK) cg_error(pCg, "misuse of aggregate: %s()", p->z);
    return;
  }
  int rArgs = nArg > 0 ? cg_reg(pCg, nArg) : 0;
  const char *zColl = NULL;
  for (int i = 0; i < nArg; i++) {
    Expr *e = p->pList->a[i].pExpr;
    cg_expr(pCg, pNc, e, rArgs + i);
    if (zColl == NULL) zColl = cg_expr_collname(pCg, pNc, e);
  }
  if (cg_func_needs_coll(pDef)) {
    Coll *pColl = cg_coll(pCg, zColl);
    vdbe_add_op4(pCg->v, OP_CollSeq, 0, 0, 0, pColl ? pColl : &value_coll_binary, P4_COLLSEQ);
  }
  vdbe_add_function_call(pCg->v, OP_Function, 0, rArgs, target, nArg, pDef, 0);
}

/* CURRENT_TIME / CURRENT_DATE / CURRENT_TIMESTAMP are functions. */
static void cg_current(Cg *pCg, Expr *p, int target) {
  const char *zName = p->op == EXPR_CURRENT_TIME   ? "current_time"
                      : p->op == EXPR_CURRENT_DATE ? "current_date"
                                                   : "current_timestamp";
  FuncDef *pDef = cg_find_func(pCg->db, zName, 0, SQLITE_UTF8, 0);
  if (pDef == NULL) {
    cg_error(pCg, "no such function: %s", zName);
    return;
  }
  vdbe_add_function_call(pCg->v, OP_Function, 0, 0, target, 0, pDef, 0);
}

/* Column references resolved in pNc's scopes so far (to tell whether a
** subquery compiled in between is correlated). */
static int cg_outer_refs(NameCtx *pNc) {
  int n = 0;
  for (NameCtx *c = pNc; c; c = c->pOuter) n += c->nRef;
  return n;
}

/* EXPLAIN QUERY PLAN: a "LIST/SCALAR SUBQUERY n" line that the subquery's
** own lines nest under; returns the previous parent (restore with
** cg_explain_sub_end, which adds "CORRELATED " when it was). */
static int cg_explain_sub_begin(Cg *pCg, int *pAddr) {
  int iParent = pCg->iSelectId;
  *pAddr = -1;
  if (pCg->bExplainQp) {
    *pAddr = vdbe_add_explain(pCg->v, iParent, "SUBQUERY");
    pCg->iSelectId = *pAddr;
  }
  return iParent;
}

static void cg_explain_sub_end(Cg *pCg, int iParent, int addr, const char *zKind, int bCorr) {
  pCg->iSelectId = iParent;
  if (addr < 0) return;
  char *z = cg_mprintf("%s%s SUBQUERY %d", bCorr ? "CORRELATED " : "", zKind, ++pCg->nSubquery);
  if (z) vdbe_change_p4(pCg->v, addr, z, P4_DYNAMIC);
}

/* Ends the OP_Once block starting at addrOnce: an uncorrelated subquery
** runs once per execution; a correlated one every time (Once removed). */
static void cg_once_end(Cg *pCg, int addrOnce, int bCorrelated) {
  /* inlined trigger bodies run once per row and may change what the
  ** subquery reads: no caching there */
  if (bCorrelated || pCg->nTrigDepth > 0) vdbe_change_to_noop(pCg->v, addrOnce);
  else vdbe_jump_here(pCg->v, addrOnce);
}

static void cg_subquery(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  int n = p->op == EXPR_EXISTS ? 1 : cg_select_ncol(pCg, p->pSelect, pNc);
  if (n != 1) {
    if (pCg->rc == SQLITE_OK) cg_error(pCg, "sub-select returns %d columns - expected 1", n);
    return;
  }
  int rSub = cg_reg(pCg, 1);   /* private: the cached value must survive other writes */
  int nRef = cg_outer_refs(pNc);
  int addrOnce = vdbe_add_op0(v, OP_Once);
  SelectDest dest = {.eDest = SRT_MEM, .regResult = rSub, .nResult = 1};
  if (p->op == EXPR_EXISTS) {
    dest.eDest = SRT_EXISTS;
    vdbe_add_op2(v, OP_Integer, 0, rSub);
  } else {
    vdbe_add_op2(v, OP_Null, 0, rSub);
  }
  int addrExplain;
  int iParent = cg_explain_sub_begin(pCg, &addrExplain);
  cg_select(pCg, p->pSelect, &dest, pNc);
  int bCorr = nRef != cg_outer_refs(pNc);
  cg_explain_sub_end(pCg, iParent, addrExplain, "SCALAR", bCorr);
  cg_once_end(pCg, addrOnce, bCorr);
  vdbe_add_op2(v, OP_Copy, rSub, target);
}

static void cg_cast(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  cg_expr(pCg, pNc, p->pLeft, target);
  vdbe_add_op2(pCg->v, OP_Cast, target, schema_affinity(p->z ? p->z : ""));
}

/* RAISE(IGNORE) skips the row that fired the trigger; the others stop the
** statement with SQLITE_CONSTRAINT_TRIGGER and the given message. */
static void cg_raise(Cg *pCg, Expr *p, int target) {
  static const int aOe[] = {OE_Ignore, OE_Rollback, OE_Abort, OE_Fail};
  if (pCg->nTrigDepth == 0) {
    cg_error(pCg, "RAISE() may only be used within a trigger-program");
    return;
  }
  if (p->op2 == RAISE_IGNORE) {
    vdbe_add_op2(pCg->v, OP_Goto, 0, pCg->lblRaiseIgnore);
    return;
  }
  vdbe_add_op4(pCg->v, OP_Halt, SQLITE_CONSTRAINT_TRIGGER, aOe[p->op2 & 3], 0,
               p->z ? p->z : "", P4_TRANSIENT);
  vdbe_add_op2(pCg->v, OP_Null, 0, target);
}

/* ---- dispatch ------------------------------------------------------------------ */

static int cg_expr_special(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  switch (p->op) {
    case EXPR_BETWEEN: cg_between(pCg, pNc, p, target); return 1;
    case EXPR_IN:
      if (p->pSelect) cg_in_select(pCg, pNc, p, target);
      else cg_in_list(pCg, pNc, p, target);
      return 1;
    case EXPR_CASE: cg_case(pCg, pNc, p, target); return 1;
    case EXPR_LIKE: cg_like(pCg, pNc, p, target); return 1;
    case EXPR_FUNCTION: cg_function(pCg, pNc, p, target); return 1;
    case EXPR_SUBQUERY: case EXPR_EXISTS: cg_subquery(pCg, pNc, p, target); return 1;
    case EXPR_CAST: cg_cast(pCg, pNc, p, target); return 1;
    case EXPR_CURRENT_TIME: case EXPR_CURRENT_DATE: case EXPR_CURRENT_TIMESTAMP:
      cg_current(pCg, p, target);
      return 1;
    case EXPR_VECTOR: cg_error(pCg, "row value misused"); return 1;
    case EXPR_RAISE: cg_raise(pCg, p, target); return 1;
    case EXPR_STAR: cg_error(pCg, "near \"*\": syntax error"); return 1;
    default: return 0;
  }
}

void cg_expr(Cg *pCg, NameCtx *pNc, Expr *p, int target) {
  Vdbe *v = pCg->v;
  ASSERT(target > 0 && target <= pCg->nMem);
  if (p == NULL) {
    vdbe_add_op2(v, OP_Null, 0, target);
    return;
  }
  if (pCg->pArena->bOom) cg_error_rc(pCg, SQLITE_NOMEM, NULL);
  if (pCg->rc != SQLITE_OK) return;
  if (p->flags & EXPR_F_HOISTED) {   /* invariant 4 */
    vdbe_add_op2(v, OP_Copy, cg_hoisted_reg(p), target);
    return;
  }
  switch (p->op) {
    case EXPR_NULL: vdbe_add_op2(v, OP_Null, 0, target); return;
    case EXPR_INTEGER: cg_int_literal(pCg, p->iValue, target); return;
    case EXPR_FLOAT: cg_real_literal(pCg, p->rValue, target); return;
    case EXPR_STRING: cg_string_literal(pCg, p->z ? p->z : "", p->n, target); return;
    case EXPR_BLOB: cg_blob_literal(pCg, p->z, p->n, target); return;
    case EXPR_TRUEFALSE: {
      Expr col = *p;
      col.op = EXPR_COLUMN;
      NameCtx *pF;
      int iSrc, iCol;
      int saved = pCg->rc;
      if (pNc && resolve_in_scope(pCg, pNc, &col, &pF, &iSrc, &iCol)) {
        cg_expr_column_ref(pCg, pNc, &col, target);
        return;
      }
      pCg->rc = saved;
      vdbe_add_op2(v, OP_Integer, (int)p->iValue, target);
      return;
    }
    case EXPR_COLUMN: cg_expr_column_ref(pCg, pNc, p, target); return;
    case EXPR_VARIABLE: vdbe_add_op2(v, OP_Variable, (int)p->iValue, target); return;
    case EXPR_NEG: cg_negate(pCg, pNc, p, target); return;
    case EXPR_POS: case EXPR_COLLATE: cg_expr(pCg, pNc, p->pLeft, target); return;
    case EXPR_BITNOT: case EXPR_NOT: {
      int r = cg_expr_new(pCg, pNc, p->pLeft);
      vdbe_add_op2(v, p->op == EXPR_NOT ? OP_Not : OP_BitNot, r, target);
      return;
    }
    case EXPR_ISNULL: case EXPR_NOTNULL: cg_null_test(pCg, pNc, p, target); return;
    case EXPR_LT: case EXPR_LE: case EXPR_GT: case EXPR_GE: case EXPR_EQ: case EXPR_NE:
    case EXPR_IS: case EXPR_ISNOT:
      cg_compare_value(pCg, pNc, p, target);
      return;
    default:
      break;
  }
  if (cg_binop_opcode(p->op)) {
    cg_binary(pCg, pNc, p, target);
    return;
  }
  if (!cg_expr_special(pCg, pNc, p, target)) {
    cg_error(pCg, "unsupported expression: %s", ast_expr_op_name(p->op));
  }
}

int cg_expr_new(Cg *pCg, NameCtx *pNc, Expr *p) {
  int r = cg_reg(pCg, 1);
  cg_expr(pCg, pNc, p, r);
  return r;
}

/* An operand only read by the op that follows (comparisons): a hoisted
** expression is read in place, with no copy per row (invariant 4). */
static int cg_expr_temp(Cg *pCg, NameCtx *pNc, Expr *p) {
  if (p && (p->flags & EXPR_F_HOISTED) && pCg->rc == SQLITE_OK) return cg_hoisted_reg(p);
  return cg_expr_new(pCg, pNc, p);
}

/* ---- conditions -------------------------------------------------------------------- */

static int cg_invert_cmp(int op) {
  switch (op) {
    case OP_Lt: return OP_Ge;
    case OP_Le: return OP_Gt;
    case OP_Gt: return OP_Le;
    case OP_Ge: return OP_Lt;
    case OP_Eq: return OP_Ne;
    default: return OP_Eq;
  }
}

/* Jump to dest when the comparison p is true (bTrue) or false (!bTrue). */
static void cg_cond_compare(Cg *pCg, NameCtx *pNc, Expr *p, int dest, int bNullJump, int bTrue) {
  int rL = cg_expr_temp(pCg, pNc, p->pLeft);
  int rR = cg_expr_temp(pCg, pNc, p->pRight);
  int op = cg_cmp_opcode(p->op);
  int bIs = p->op == EXPR_IS || p->op == EXPR_ISNOT;
  if (!bTrue) op = cg_invert_cmp(op);
  int p5 = bIs ? SQLITE_NULLEQ : (bNullJump ? SQLITE_JUMPIFNULL : 0);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pRight, op, rL, rR, dest, p5);
}

/* x BETWEEN lo AND hi as a jump, x evaluated once: it is "x >= lo AND
** x <= hi" (lang_expr.html), so one conditional jump per bound.  bTrue:
** jump to dest when the BETWEEN (without its NOT) is true, else when it is
** false; bNullJump: also when it is NULL. */
static void cg_cond_between(Cg *pCg, NameCtx *pNc, Expr *p, int dest, int bNullJump, int bTrue) {
  Vdbe *v = pCg->v;
  ASSERT(p->op == EXPR_BETWEEN);
  int rX = cg_expr_temp(pCg, pNc, p->pLeft);
  int rLo = cg_expr_temp(pCg, pNc, p->pRight);
  int rHi = cg_expr_temp(pCg, pNc, p->pExtra);
  if (!bTrue) {   /* false as soon as one bound fails (AND) */
    int p5 = bNullJump ? SQLITE_JUMPIFNULL : 0;
    cg_compare_jump(pCg, pNc, p->pLeft, p->pRight, OP_Lt, rX, rLo, dest, p5);
    cg_compare_jump(pCg, pNc, p->pLeft, p->pExtra, OP_Gt, rX, rHi, dest, p5);
    return;
  }
  /* true only when both hold: the mirror of AND in cg_if_true */
  int lbl = vdbe_make_label(v);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pRight, OP_Lt, rX, rLo, lbl,
                  bNullJump ? 0 : SQLITE_JUMPIFNULL);
  cg_compare_jump(pCg, pNc, p->pLeft, p->pExtra, OP_Le, rX, rHi, dest,
                  bNullJump ? SQLITE_JUMPIFNULL : 0);
  vdbe_resolve_label(v, lbl);
}

/* x [NOT] IN (list) as "jump to dest unless it is true", the WHERE case
** (NULL and false both skip the row).  Same affinity and collation rules
** as cg_in_list; the list is tried in order and stops at the first match. */
static void cg_cond_in_false(Cg *pCg, NameCtx *pNc, Expr *p, int dest) {
  Vdbe *v = pCg->v;
  ExprList *pList = p->pList;
  ASSERT(p->op == EXPR_IN && pList && pList->nExpr > 0 && p->pSelect == NULL);
  int rX = cg_expr_temp(pCg, pNc, p->pLeft);
  vdbe_add_op2(v, OP_IsNull, rX, dest);
  char aff = cg_expr_affinity(pCg, pNc, p->pLeft);
  if (aff == 0) aff = AFF_BLOB;
  int lblMatch = vdbe_make_label(v);
  for (int i = 0; i < pList->nExpr; i++) {
    Expr *e = pList->a[i].pExpr;
    int rI = cg_expr_temp(pCg, pNc, e);
    /* NOT IN: a NULL item makes every non-matching x NULL, never true */
    if (p->bNot) vdbe_add_op2(v, OP_IsNull, rI, dest);
    Coll *pColl = cg_compare_coll(pCg, pNc, p->pLeft, e);
    vdbe_add_op4(v, OP_Eq, rI, p->bNot ? dest : lblMatch, rX, pColl,
                 pColl ? P4_COLLSEQ : P4_NOTUSED);
    vdbe_change_p5(v, (u8)aff);
  }
  if (!p->bNot) vdbe_add_op2(v, OP_Goto, 0, dest);
  vdbe_resolve_label(v, lblMatch);
}

static int cg_is_list_in(const Expr *p) {
  return p->op == EXPR_IN && p->pSelect == NULL && p->pList && p->pList->nExpr > 0;
}

static int cg_is_simple_cmp(Cg *pCg, const Expr *p) {
  (void)pCg;
  if ((p->op == EXPR_IS || p->op == EXPR_ISNOT) && p->pRight->op == EXPR_TRUEFALSE) return 0;
  return cg_cmp_opcode(p->op) != 0 && !cg_is_rowvalue(p->pLeft) && !cg_is_rowvalue(p->pRight);
}

/* Conditions on row values go through their scalar expansion. */
static Expr *cg_cond_vector(Cg *pCg, Expr *p) {
  if (cg_cmp_opcode(p->op) == 0 || !cg_is_rowvalue(p->pLeft)) return p;
  Expr *pVec = cg_vector_compare(pCg, p);
  return pVec ? pVec : p;
}

void cg_if_false(Cg *pCg, NameCtx *pNc, Expr *p, int dest, int bNullJump) {
  Vdbe *v = pCg->v;
  if (p == NULL || pCg->rc != SQLITE_OK) return;
  p = cg_cond_vector(pCg, p);
  if (p->flags & EXPR_F_HOISTED) {   /* a loop invariant: its value decides */
    vdbe_add_op3(v, OP_IfNot, cg_hoisted_reg(p), dest, bNullJump);
  } else if (p->op == EXPR_AND) {
    cg_if_false(pCg, pNc, p->pLeft, dest, bNullJump);
    cg_if_false(pCg, pNc, p->pRight, dest, bNullJump);
  } else if (p->op == EXPR_OR) {
    /* A NULL left operand decides nothing when NULL counts as false
    ** (bNullJump): the right operand must still be tested.  Otherwise a
    ** NULL left side means the OR cannot be false: skip the jump. */
    int lbl = vdbe_make_label(v);
    cg_if_true(pCg, pNc, p->pLeft, lbl, !bNullJump);
    cg_if_false(pCg, pNc, p->pRight, dest, bNullJump);
    vdbe_resolve_label(v, lbl);
  } else if (p->op == EXPR_NOT) {
    cg_if_true(pCg, pNc, p->pLeft, dest, bNullJump);
  } else if (cg_is_simple_cmp(pCg, p)) {
    cg_cond_compare(pCg, pNc, p, dest, bNullJump, 0);
  } else if (p->op == EXPR_BETWEEN && !cg_is_rowvalue(p->pLeft)) {
    cg_cond_between(pCg, pNc, p, dest, bNullJump, p->bNot);
  } else if (bNullJump && cg_is_list_in(p) && !cg_is_rowvalue(p->pLeft)) {
    cg_cond_in_false(pCg, pNc, p, dest);
  } else if (p->op == EXPR_ISNULL || p->op == EXPR_NOTNULL) {
    int r = cg_expr_new(pCg, pNc, p->pLeft);
    vdbe_add_op2(v, p->op == EXPR_ISNULL ? OP_NotNull : OP_IsNull, r, dest);
  } else {
    int r = cg_expr_new(pCg, pNc, p);
    vdbe_add_op3(v, OP_IfNot, r, dest, bNullJump);
  }
}

void cg_if_true(Cg *pCg, NameCtx *pNc, Expr *p, int dest, int bNullJump) {
  Vdbe *v = pCg->v;
  if (p == NULL || pCg->rc != SQLITE_OK) return;
  p = cg_cond_vector(pCg, p);
  if (p->flags & EXPR_F_HOISTED) {   /* a loop invariant: its value decides */
    vdbe_add_op3(v, OP_If, cg_hoisted_reg(p), dest, bNullJump);
  } else if (p->op == EXPR_OR) {
    cg_if_true(pCg, pNc, p->pLeft, dest, bNullJump);
    cg_if_true(pCg, pNc, p->pRight, dest, bNullJump);
  } else if (p->op == EXPR_AND) {
    /* Mirror of the OR case in cg_if_false. */
    int lbl = vdbe_make_label(v);
    cg_if_false(pCg, pNc, p->pLeft, lbl, !bNullJump);
    cg_if_true(pCg, pNc, p->pRight, dest, bNullJump);
    vdbe_resolve_label(v, lbl);
  } else if (p->op == EXPR_NOT) {
    cg_if_false(pCg, pNc, p->pLeft, dest, bNullJump);
  } else if (cg_is_simple_cmp(pCg, p)) {
    cg_cond_compare(pCg, pNc, p, dest, bNullJump, 1);
  } else if (p->op == EXPR_BETWEEN && !cg_is_rowvalue(p->pLeft)) {
    cg_cond_between(pCg, pNc, p, dest, bNullJump, !p->bNot);
  } else if (p->op == EXPR_ISNULL || p->op == EXPR_NOTNULL) {
    int r = cg_expr_new(pCg, pNc, p->pLeft);
    vdbe_add_op2(v, p->op == EXPR_ISNULL ? OP_IsNull : OP_NotNull, r, dest);
  } else {
    int r = cg_expr_new(pCg, pNc, p);
    vdbe_add_op3(v, OP_If, r, dest, bNullJump);
  }
}
