/*
** vdbe.c: the dispatch loop of the VM and the opcodes that work on
** registers only (control flow, constants, comparisons, arithmetic,
** logic).  Cursor opcodes live in vdbe_cursor.c, transaction and schema
** opcodes in vdbe_txn.c, function calls in vdbe_func.c, the sorter in
** vdbe_sort.c.
**
** Invariants:
**   1. The loop runs with v->magic == VDBE_MAGIC_RUN and returns either
**      SQLITE_ROW (v->pc is the op after OP_ResultRow, v->pResultRow set)
**      or a final code (SQLITE_DONE, or an error with v->zErrMsg set when
**      SQLite has a message for it) after which the caller halts.
**   2. A jump stores target-1 into pc, because the loop increments pc
**      after every op; every target was resolved by vdbe_make_ready.
**   3. Comparison opcodes never change the semantic value of their input
**      registers beyond what SQLite documents (numeric affinity may be
**      stored back; text affinity is applied to copies).
**   4. Every loop is bounded: the dispatch loop ends at Halt, at the end
**      of the program, on interrupt, or when a row is returned.
*/
#include "vdbe_int.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#define JUMP_TO(addr) (*pPc = (addr) - 1) /* invariant 2 */
/* Keeps a helper out of the dispatch loop: inlined, the big ones make the
** compiler spill the loop's registers around every op. */
#define VDBE_COLD __attribute__((noinline))

/* Sets the statement's error message (printf-style). Returns SQLITE_OK
** on success so callers can chain it with their own result code. */
int vdbe_set_error(Vdbe *v, const char *zFmt, ...) {
  va_list ap;
  char zBuf[256];
  mem_free(v->zErrMsg);
  v->zErrMsg = NULL;
  if (zFmt == NULL) return SQLITE_OK;
  va_start(ap, zFmt);
  int n = vsnprintf(zBuf, sizeof zBuf, zFmt, ap);
  va_end(ap);
  if (n < 0) return SQLITE_OK;
  v->zErrMsg = mem_malloc((u64)n + 1);
  if (v->zErrMsg == NULL) return SQLITE_OK;
  if ((size_t)n < sizeof zBuf) {
    memcpy(v->zErrMsg, zBuf, (size_t)n + 1);
  } else {
    va_start(ap, zFmt);
    vsnprintf(v->zErrMsg, (size_t)n + 1, zFmt, ap);
    va_end(ap);
  }
  return SQLITE_OK;
}

/* ------------------------------------------------------------ comparisons */

/* Applies a comparison affinity to a copy (text affinity) or to the
** register itself (numeric affinities; invariant 3). */
static int cmp_prepare(Value *pReg, Value *pTmp, char aff, u8 enc, Value **ppUse) {
  *ppUse = pReg;
  if (aff >= AFF_NUMERIC) {
    if ((pReg->flags & (VAL_STR | VAL_INT | VAL_REAL)) == VAL_STR) {
      value_apply_affinity(pReg, AFF_NUMERIC, enc);
    }
    return SQLITE_OK;
  }
  if (aff == AFF_TEXT && (pReg->flags & (VAL_INT | VAL_REAL)) && !(pReg->flags & VAL_STR)) {
    Value t;
    value_init(&t, pReg->db);
    value_shallow_copy(&t, pReg);
    const unsigned char *z = value_text(&t, SQLITE_UTF8);
    if (z == NULL) {
      value_release(&t);
      return SQLITE_NOMEM;
    }
    int rc = value_set_text(pTmp, (const char *)z, value_bytes(&t, SQLITE_UTF8), SQLITE_UTF8,
                            SQLITE_TRANSIENT);
    value_release(&t);
    *ppUse = pTmp;
    return rc;
  }
  return SQLITE_OK;
}

/* Whether comparison op (OP_Ne..OP_Ge) jumps for comparison result res. */
static inline int cmp_jumps(int op, int res) {
  switch (op) {
    case OP_Eq: return res == 0;
    case OP_Ne: return res != 0;
    case OP_Lt: return res < 0;
    case OP_Le: return res <= 0;
    case OP_Gt: return res > 0;
    default: return res >= 0;
  }
}

/* Eq, Ne, Lt, Le, Gt, Ge: compare reg P3 with reg P1. */
VDBE_COLD static int op_compare(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *pA = &v->aMem[pOp->p3], *pB = &v->aMem[pOp->p1];
  int op = pOp->opcode, res, bJump;
  if ((pA->flags & VAL_TYPEMASK) == VAL_INT && (pB->flags & VAL_TYPEMASK) == VAL_INT &&
      (pOp->p5 & SQLITE_AFF_MASK) != AFF_TEXT) {
    /* two integers: no affinity or collation can change the outcome */
    res = pA->u.i < pB->u.i ? -1 : pA->u.i > pB->u.i;
    v->iCompare = res;
    if (cmp_jumps(op, res)) JUMP_TO(pOp->p2);
    return SQLITE_OK;
  }
  if ((pA->flags | pB->flags) & VAL_NULL) {
    if (pOp->p5 & SQLITE_NULLEQ) {
      /* IS / IS NOT: NULL equals only NULL */
      res = ((pA->flags & pB->flags) & VAL_NULL) ? 0 : 1;
      bJump = (op == OP_Eq) ? res == 0 : (op == OP_Ne ? res != 0 : 0);
      v->iCompare = res;
    } else {
      bJump = (pOp->p5 & SQLITE_JUMPIFNULL) != 0;
      v->iCompare = 1; /* ElseEq must not see "equal" */
    }
    if (bJump) JUMP_TO(pOp->p2);
    return SQLITE_OK;
  }
  Value tA, tB, *pUA, *pUB;
  value_init(&tA, v->db);
  value_init(&tB, v->db);
  char aff = (char)(pOp->p5 & SQLITE_AFF_MASK);
  int rc = cmp_prepare(pA, &tA, aff, v->db->enc, &pUA);
  if (rc == SQLITE_OK) rc = cmp_prepare(pB, &tB, aff, v->db->enc, &pUB);
  if (rc == SQLITE_OK) {
    Coll *pColl = pOp->p4type == P4_COLLSEQ ? pOp->p4.pColl : NULL;
    res = value_compare(pUA, pUB, pColl);
    v->iCompare = res;
    if (cmp_jumps(op, res)) JUMP_TO(pOp->p2);
  }
  value_release(&tA);
  value_release(&tB);
  return rc;
}

/* OP_Compare: registers P1.. against P2.. (P3 of them) under KeyInfo P4. */
static int op_compare_vectors(Vdbe *v, VdbeOp *pOp) {
  KeyInfo *pKI = pOp->p4type == P4_KEYINFO ? pOp->p4.pKeyInfo : NULL;
  const int *aPerm = (pOp->p5 & OPFLAG_PERMUTE) && v->aPermute ? v->aPermute + 1 : NULL;
  ASSERT(pOp->p3 >= 0);
  v->iCompare = 0;
  for (int i = 0; i < pOp->p3; i++) {
    int idx = aPerm ? aPerm[i] : i;
    Value *pA = &v->aMem[pOp->p1 + idx], *pB = &v->aMem[pOp->p2 + idx];
    Coll *pColl = pKI && i < pKI->nAllField ? pKI->aColl[i] : NULL;
    u8 fl = pKI && i < pKI->nAllField ? pKI->aSortFlags[i] : 0;
    int c;
    if ((fl & KEYINFO_ORDER_BIGNULL) && ((pA->flags | pB->flags) & VAL_NULL)) {
      int na = (pA->flags & VAL_NULL) != 0, nb = (pB->flags & VAL_NULL) != 0;
      c = na == nb ? 0 : (na ? 1 : -1);
    } else {
      c = value_compare(pA, pB, pColl);
    }
    if (c != 0) {
      v->iCompare = (fl & KEYINFO_ORDER_DESC) ? -c : c;
      break;
    }
  }
  mem_free(v->aPermute);
  v->aPermute = NULL;
  return SQLITE_OK;
}

/* ------------------------------------------------------------ arithmetic */

/* Integer arithmetic with overflow detection; returns 1 on overflow. */
static int int_arith(int op, i64 a, i64 b, i64 *pOut) {
  switch (op) {
    case OP_Add: return __builtin_add_overflow(b, a, pOut);
    case OP_Subtract: return __builtin_sub_overflow(b, a, pOut);
    case OP_Multiply: return __builtin_mul_overflow(b, a, pOut);
    case OP_Divide:
      if (a == -1 && b == INT64_MIN) return 1;
      *pOut = b / a;
      return 0;
    default:
      *pOut = (a == -1) ? 0 : b % a;
      return 0;
  }
}

/* Add, Subtract, Multiply, Divide, Remainder: reg P3 = reg P2 op reg P1,
** SQLite's rules: integer results overflow into REAL, division or
** remainder by zero gives NULL, % on REALs works on their integer parts. */
/* REAL to INTEGER for the remainder operator: saturates instead of the
** undefined behaviour of a C cast for values outside i64's range; NaN is 0. */
static i64 vdbe_real_to_i64(double r) {
  if (r != r) return 0;
  if (r <= -9223372036854775808.0) return INT64_MIN;
  if (r >= 9223372036854775807.0) return INT64_MAX;
  return (i64)r;
}

VDBE_COLD static int op_arith(Vdbe *v, VdbeOp *pOp) {
  Value *pOut = &v->aMem[pOp->p3];
  Value *p1 = &v->aMem[pOp->p1], *p2 = &v->aMem[pOp->p2];
  i64 ia = 0, ib = 0, ir;
  double ra = 0, rb = 0, rr;
  if ((p1->flags & VAL_TYPEMASK) == VAL_INT && (p2->flags & VAL_TYPEMASK) == VAL_INT &&
      pOp->opcode <= OP_Multiply && !int_arith(pOp->opcode, p1->u.i, p2->u.i, &ir)) {
    value_set_int(pOut, ir); /* the common case: no conversion, no overflow */
    return SQLITE_OK;
  }
  int ta = value_arith(p1, &ia, &ra);
  int tb = value_arith(p2, &ib, &rb);
  int op = pOp->opcode;
  if (ta == SQLITE_NULL || tb == SQLITE_NULL) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER) {
    if ((op == OP_Divide || op == OP_Remainder) && ia == 0) {
      value_set_null(pOut);
      return SQLITE_OK;
    }
    if (!int_arith(op, ia, ib, &ir)) {
      value_set_int(pOut, ir);
      return SQLITE_OK;
    }
  }
  if (ta == SQLITE_INTEGER) ra = (double)ia;
  if (tb == SQLITE_INTEGER) rb = (double)ib;
  switch (op) {
    case OP_Add: rr = rb + ra; break;
    case OP_Subtract: rr = rb - ra; break;
    case OP_Multiply: rr = rb * ra; break;
    case OP_Divide:
      if (ra == 0.0) {
        value_set_null(pOut);
        return SQLITE_OK;
      }
      rr = rb / ra;
      break;
    default: {
      i64 xa = ta == SQLITE_INTEGER ? ia : vdbe_real_to_i64(ra);
      i64 xb = tb == SQLITE_INTEGER ? ib : vdbe_real_to_i64(rb);
      if (xa == 0) {
        value_set_null(pOut);
        return SQLITE_OK;
      }
      if (xa == -1) xa = 1;
      rr = (double)(xb % xa);
      break;
    }
  }
  value_set_real(pOut, rr); /* NaN becomes NULL */
  return SQLITE_OK;
}

/* BitAnd, BitOr, ShiftLeft, ShiftRight on the integer values. */
static int op_bits(Vdbe *v, VdbeOp *pOp) {
  Value *p1 = &v->aMem[pOp->p1], *p2 = &v->aMem[pOp->p2], *pOut = &v->aMem[pOp->p3];
  if ((p1->flags | p2->flags) & VAL_NULL) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  i64 a = value_int64(p1), b = value_int64(p2);
  int op = pOp->opcode;
  if (op == OP_BitAnd) {
    value_set_int(pOut, a & b);
  } else if (op == OP_BitOr) {
    value_set_int(pOut, a | b);
  } else {
    /* reg P2 shifted by reg P1; a negative count shifts the other way */
    int bLeft = op == OP_ShiftLeft;
    if (a < 0) {
      bLeft = !bLeft;
      a = a < -64 ? 64 : -a;
    }
    u64 u = (u64)b;
    if (a >= 64) {
      u = (!bLeft && b < 0) ? ~(u64)0 : 0;
    } else if (bLeft) {
      u <<= a;
    } else {
      u >>= a;
      if (b < 0 && a > 0) u |= ~((~(u64)0) >> a);
    }
    value_set_int(pOut, (i64)u);
  }
  return SQLITE_OK;
}

/* 0 false, 1 true, 2 NULL. */
static int truth3(Value *p) {
  if (p->flags & VAL_NULL) return 2;
  return value_is_true(p) ? 1 : 0;
}

static void op_and_or(Vdbe *v, VdbeOp *pOp) {
  int a = truth3(&v->aMem[pOp->p1]), b = truth3(&v->aMem[pOp->p2]);
  int r;
  if (pOp->opcode == OP_And) {
    r = (a == 0 || b == 0) ? 0 : ((a == 2 || b == 2) ? 2 : 1);
  } else {
    r = (a == 1 || b == 1) ? 1 : ((a == 2 || b == 2) ? 2 : 0);
  }
  if (r == 2) {
    value_set_null(&v->aMem[pOp->p3]);
  } else {
    value_set_int(&v->aMem[pOp->p3], r);
  }
}

/* OP_Concat: reg P3 = reg P2 || reg P1 (text; NULL if either is NULL). */
static int op_concat(Vdbe *v, VdbeOp *pOp) {
  Value *p1 = &v->aMem[pOp->p1], *p2 = &v->aMem[pOp->p2];
  if ((p1->flags | p2->flags) & VAL_NULL) {
    value_set_null(&v->aMem[pOp->p3]);
    return SQLITE_OK;
  }
  const unsigned char *z2 = value_text(p2, SQLITE_UTF8);
  int n2 = value_bytes(p2, SQLITE_UTF8);
  const unsigned char *z1 = value_text(p1, SQLITE_UTF8);
  int n1 = value_bytes(p1, SQLITE_UTF8);
  z2 = value_text(p2, SQLITE_UTF8); /* p1 == p2 or a conversion may have moved it */
  if (z1 == NULL || z2 == NULL) return SQLITE_NOMEM;
  if ((i64)n1 + n2 > v->db->aLimit[SQLITE_LIMIT_LENGTH]) {
    vdbe_set_error(v, "string or blob too big");
    return SQLITE_TOOBIG;
  }
  char *z = mem_malloc((u64)n1 + (u64)n2 + 2);
  if (z == NULL) return SQLITE_NOMEM;
  memcpy(z, z2, (size_t)n2);
  memcpy(z + n2, z1, (size_t)n1);
  z[n1 + n2] = 0;
  return value_set_text(&v->aMem[pOp->p3], z, n1 + n2, SQLITE_UTF8, mem_free);
}

/* OP_MustBeInt: make reg P1 an integer or jump to P2 / fail. */
static int op_must_be_int(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  if (!(p->flags & VAL_INT) || (p->flags & VAL_STR)) {
    value_apply_affinity(p, AFF_NUMERIC, v->db->enc);
    if ((p->flags & VAL_REAL) && !(p->flags & VAL_INT)) {
      double r = p->u.r;
      if (r >= -9.2233720368547758e18 && r < 9.2233720368547758e18 && r == (double)(i64)r) {
        value_set_int(p, (i64)r);
      }
    }
  }
  if ((p->flags & VAL_TYPEMASK) == VAL_INT) return SQLITE_OK;
  if (pOp->p2 == 0) {
    vdbe_set_error(v, "datatype mismatch");
    return SQLITE_MISMATCH;
  }
  JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

/* OP_Affinity: apply the P4 affinity string to P2 registers from P1. */
static void op_affinity(Vdbe *v, VdbeOp *pOp) {
  const char *zAff = pOp->p4.z;
  if (zAff == NULL) return;
  for (int i = 0; i < pOp->p2 && zAff[i]; i++) {
    value_apply_affinity(&v->aMem[pOp->p1 + i], zAff[i], v->db->enc);
  }
}

/* ------------------------------------------------------------ constants */

static int op_string8(Vdbe *v, VdbeOp *pOp) {
  Value *pOut = &v->aMem[pOp->p2];
  if (pOp->p4.z == NULL) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  int n = pOp->opcode == OP_String ? pOp->p1 : -1;
  int rc = value_set_text(pOut, pOp->p4.z, n, SQLITE_UTF8, SQLITE_STATIC);
  if (rc == SQLITE_OK && v->db->enc != SQLITE_UTF8 && v->db->enc != 0) {
    rc = value_change_encoding(pOut, v->db->enc);
  }
  return rc;
}

static void op_null(Vdbe *v, VdbeOp *pOp) {
  int last = pOp->p3 > pOp->p2 ? pOp->p3 : pOp->p2;
  for (int i = pOp->p2; i <= last; i++) value_set_null(&v->aMem[i]);
}

VDBE_COLD static int op_variable(Vdbe *v, VdbeOp *pOp) {
  ASSERT(pOp->p1 >= 1 && pOp->p1 <= v->nVar);
  if (pOp->p1 < 1 || pOp->p1 > v->nVar) {
    value_set_null(&v->aMem[pOp->p2]);
    return SQLITE_OK;
  }
  Value *pVar = &v->aVar[pOp->p1 - 1];
  if (!(pVar->flags & (VAL_STR | VAL_BLOB | VAL_PTR | VAL_DYN | VAL_AGG))) {
    Value *pOut = &v->aMem[pOp->p2];  /* a number or NULL: copy the cell */
    value_set_null(pOut);
    pOut->u = pVar->u;
    pOut->flags = pVar->flags & (u16)~(VAL_STATIC | VAL_EPHEM | VAL_SUBTYPE);
    return SQLITE_OK;
  }
  if (pVar->flags & (VAL_STR | VAL_BLOB)) {
    /* a shallow copy, as in SQLite: parameters cannot be rebound while
    ** the statement runs (bind_slot refuses), so the bytes outlive it */
    value_shallow_copy(&v->aMem[pOp->p2], pVar);
    return SQLITE_OK;
  }
  return value_copy(&v->aMem[pOp->p2], pVar);
}

/* Move (P3 regs, source left NULL) and Copy (P3+1 regs, deep). */
static int op_move_copy(Vdbe *v, VdbeOp *pOp) {
  int n = pOp->opcode == OP_Move ? pOp->p3 : pOp->p3 + 1;
  int rc = SQLITE_OK;
  for (int i = 0; i < n && rc == SQLITE_OK; i++) {
    Value *pFrom = &v->aMem[pOp->p1 + i], *pTo = &v->aMem[pOp->p2 + i];
    if (pOp->opcode == OP_Move) {
      value_release(pTo);
      value_move(pTo, pFrom);
    } else {
      rc = value_copy(pTo, pFrom);
    }
  }
  return rc;
}

/* --------------------------------------------------------- control flow */

/* OP_Halt and OP_HaltIfNull: stop with P1 as the result. */
static int op_halt(Vdbe *v, VdbeOp *pOp) {
  static const char *const azKind[] = {NULL, "NOT NULL", "UNIQUE", "CHECK", "FOREIGN KEY"};
  int rc = pOp->p1;
  v->errorAction = (u8)pOp->p2;
  if (rc == SQLITE_OK) return SQLITE_DONE;
  const char *zP4 = (pOp->p4type == P4_STATIC || pOp->p4type == P4_DYNAMIC) ? pOp->p4.z : NULL;
  if (pOp->p5 >= 1 && pOp->p5 <= 4) {
    if (zP4) {
      vdbe_set_error(v, "%s constraint failed: %s", azKind[pOp->p5], zP4);
    } else {
      vdbe_set_error(v, "%s constraint failed", azKind[pOp->p5]);
    }
  } else if (zP4) {
    vdbe_set_error(v, "%s", zP4);
  } else {
    vdbe_set_error(v, NULL);
  }
  return rc;
}

/* Gosub/Return/coroutines: addresses are kept as integers in registers. */
static int op_return(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  if (!(p->flags & VAL_INT)) {
    if (pOp->p3) return SQLITE_OK; /* P3 1: fall through unless a return address */
    ASSERT(0);
    return ERR_CORRUPT();
  }
  *pPc = (int)p->u.i;
  return SQLITE_OK;
}

static int op_end_coroutine(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  if (!(p->flags & VAL_INT) || p->u.i < 0 || p->u.i >= v->nOp) return ERR_CORRUPT();
  VdbeOp *pCaller = &v->aOp[p->u.i];
  ASSERT(pCaller->opcode == OP_Yield);
  value_set_int(p, *pPc);
  *pPc = pCaller->p2 - 1;
  return SQLITE_OK;
}

static int op_yield(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  if (!(p->flags & VAL_INT)) return ERR_CORRUPT();
  int pcDest = (int)p->u.i;
  value_set_int(p, *pPc);
  *pPc = pcDest;
  return SQLITE_OK;
}

/* OP_IfPos / IfNotZero / DecrJumpZero / OffsetLimit / MemMax. */
static void op_counter(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  i64 x = (p->flags & VAL_INT) ? p->u.i : value_int64(p);
  switch (pOp->opcode) {
    case OP_IfPos:
      if (x > 0) {
        value_set_int(p, x - pOp->p3);
        JUMP_TO(pOp->p2);
      }
      break;
    case OP_IfNotZero:
      if (x != 0) {
        if (x > 0) value_set_int(p, x - 1);
        JUMP_TO(pOp->p2);
      }
      break;
    case OP_DecrJumpZero:
      if (x > INT64_MIN) x--;
      value_set_int(p, x);
      if (x == 0) JUMP_TO(pOp->p2);
      break;
    case OP_OffsetLimit: {
      i64 off = value_int64(&v->aMem[pOp->p3]), r;
      if (x <= 0 || __builtin_add_overflow(x, off > 0 ? off : 0, &r)) r = -1;
      value_set_int(&v->aMem[pOp->p2], r);
      break;
    }
    default: { /* MemMax */
      i64 y = value_int64(&v->aMem[pOp->p2]);
      value_set_int(p, x > y ? x : y);
      break;
    }
  }
}

/* If / IfNot: P3 says what a NULL counts as. */
static void op_if(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *p = &v->aMem[pOp->p1];
  int c;
  if (p->flags & VAL_NULL) {
    c = pOp->p3;
  } else {
    c = value_is_true(p);
    if (pOp->opcode == OP_IfNot) c = !c;
  }
  if (c) JUMP_TO(pOp->p2);
}

static void op_not(Vdbe *v, VdbeOp *pOp) {
  Value *p = &v->aMem[pOp->p1], *pOut = &v->aMem[pOp->p2];
  if (p->flags & VAL_NULL) {
    value_set_null(pOut);
  } else if (pOp->opcode == OP_Not) {
    value_set_int(pOut, !value_is_true(p));
  } else {
    value_set_int(pOut, ~value_int64(p));
  }
}

/* OP_IsTrue: reg P2 = truth(reg P1, NULL counts as P3) XOR P4. */
static void op_is_true(Vdbe *v, VdbeOp *pOp) {
  Value *p = &v->aMem[pOp->p1];
  int c = (p->flags & VAL_NULL) ? pOp->p3 : value_is_true(p);
  value_set_int(&v->aMem[pOp->p2], (c != 0) ^ (pOp->p4type == P4_INT32 ? pOp->p4.i : 0));
}

/* Interrupt and progress checks, once per op (invariant 4). */
VDBE_COLD static int check_interrupt(Vdbe *v, int *pnProgress) {
  sqlite3 *db = v->db;
  if (db->isInterrupted) {
    vdbe_set_error(v, "interrupted");
    return SQLITE_INTERRUPT;
  }
  if (db->xProgress && db->nProgressOps > 0 && ++*pnProgress >= db->nProgressOps) {
    *pnProgress = 0;
    if (db->xProgress(db->pProgressArg)) {
      vdbe_set_error(v, "interrupted");
      return SQLITE_INTERRUPT;
    }
  }
  return SQLITE_OK;
}

VDBE_COLD static int exec_const_op(Vdbe *v, VdbeOp *pOp);

/* Opcodes of the register machine; returns VDBE_NOT_MINE for others. */
VDBE_COLD static int exec_reg_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *aMem = v->aMem;
  switch (pOp->opcode) {
    case OP_Init: case OP_Goto: JUMP_TO(pOp->p2); return SQLITE_OK;
    case OP_Gosub:
      value_set_int(&aMem[pOp->p1], *pPc);
      JUMP_TO(pOp->p2);
      return SQLITE_OK;
    case OP_Return: return op_return(v, pOp, pPc);
    case OP_BeginSubrtn: value_set_null(&aMem[pOp->p2]); return SQLITE_OK;
    case OP_InitCoroutine:
      value_set_int(&aMem[pOp->p1], pOp->p3 - 1);
      if (pOp->p2) JUMP_TO(pOp->p2);
      return SQLITE_OK;
    case OP_EndCoroutine: return op_end_coroutine(v, pOp, pPc);
    case OP_Yield: return op_yield(v, pOp, pPc);
    case OP_Halt: return op_halt(v, pOp);
    case OP_Program: return vdbe_op_program(v, pOp, pPc);
    case OP_HaltIfNull:
      return (aMem[pOp->p3].flags & VAL_NULL) ? op_halt(v, pOp) : SQLITE_OK;
    case OP_Once:
      if (v->aOnce[*pPc]) JUMP_TO(pOp->p2);
      v->aOnce[*pPc] = 1;
      return SQLITE_OK;
    case OP_Jump:
      JUMP_TO(v->iCompare < 0 ? pOp->p1 : (v->iCompare == 0 ? pOp->p2 : pOp->p3));
      return SQLITE_OK;
    case OP_If: case OP_IfNot: op_if(v, pOp, pPc); return SQLITE_OK;
    case OP_IsNull:
      if (aMem[pOp->p1].flags & VAL_NULL) JUMP_TO(pOp->p2);
      return SQLITE_OK;
    case OP_NotNull:
      if (!(aMem[pOp->p1].flags & VAL_NULL)) JUMP_TO(pOp->p2);
      return SQLITE_OK;
    case OP_ElseEq:
      if (v->iCompare == 0) JUMP_TO(pOp->p2);
      return SQLITE_OK;
    case OP_Ne: case OP_Eq: case OP_Gt: case OP_Le: case OP_Lt: case OP_Ge:
      return op_compare(v, pOp, pPc);
    case OP_Compare: return op_compare_vectors(v, pOp);
    case OP_Permutation:
      mem_free(v->aPermute);
      v->aPermute = NULL;
      if (pOp->p4type == P4_INTARRAY) {
        u64 sz = sizeof(int) * (u64)(pOp->p4.ai[0] + 1);
        if ((v->aPermute = mem_malloc(sz)) == NULL) return SQLITE_NOMEM;
        memcpy(v->aPermute, pOp->p4.ai, sz);
      }
      return SQLITE_OK;
    case OP_Add: case OP_Subtract: case OP_Multiply: case OP_Divide: case OP_Remainder:
      return op_arith(v, pOp);
    case OP_Concat: return op_concat(v, pOp);
    case OP_BitAnd: case OP_BitOr: case OP_ShiftLeft: case OP_ShiftRight:
      return op_bits(v, pOp);
    case OP_And: case OP_Or: op_and_or(v, pOp); return SQLITE_OK;
    case OP_Not: case OP_BitNot: op_not(v, pOp); return SQLITE_OK;
    case OP_IsTrue: op_is_true(v, pOp); return SQLITE_OK;
    case OP_AddImm:
      value_set_int(&aMem[pOp->p1], (i64)((u64)value_int64(&aMem[pOp->p1]) + (u64)(i64)pOp->p2));
      return SQLITE_OK;
    case OP_MustBeInt: return op_must_be_int(v, pOp, pPc);
    case OP_RealAffinity:
      if ((aMem[pOp->p1].flags & VAL_TYPEMASK) == VAL_INT) {
        value_set_real(&aMem[pOp->p1], (double)aMem[pOp->p1].u.i);
      }
      return SQLITE_OK;
    case OP_Cast: return value_cast(&aMem[pOp->p1], (char)pOp->p2, v->db->enc);
    case OP_Affinity: op_affinity(v, pOp); return SQLITE_OK;
    case OP_ZeroOrNull:
      if ((aMem[pOp->p1].flags | aMem[pOp->p3].flags) & VAL_NULL) {
        value_set_null(&aMem[pOp->p2]);
      } else {
        value_set_int(&aMem[pOp->p2], 0);
      }
      return SQLITE_OK;
    case OP_IfPos: case OP_IfNotZero: case OP_DecrJumpZero: case OP_OffsetLimit:
    case OP_MemMax:
      op_counter(v, pOp, pPc);
      return SQLITE_OK;
    default: return exec_const_op(v, pOp);
  }
}

/* Constants, register copies and no-ops; VDBE_NOT_MINE for the rest. */
VDBE_COLD static int exec_const_op(Vdbe *v, VdbeOp *pOp) {
  Value *aMem = v->aMem;
  switch (pOp->opcode) {
    case OP_Integer: value_set_int(&aMem[pOp->p2], pOp->p1); return SQLITE_OK;
    case OP_Int64: value_set_int(&aMem[pOp->p2], *pOp->p4.pI64); return SQLITE_OK;
    case OP_Real: value_set_real(&aMem[pOp->p2], *pOp->p4.pReal); return SQLITE_OK;
    case OP_String8: case OP_String: return op_string8(v, pOp);
    case OP_Null: op_null(v, pOp); return SQLITE_OK;
    case OP_SoftNull: value_set_null(&aMem[pOp->p1]); return SQLITE_OK;
    case OP_Blob:
      return value_set_blob(&aMem[pOp->p2], pOp->p4.z, pOp->p1, SQLITE_STATIC);
    case OP_Variable: return op_variable(v, pOp);
    case OP_Move: case OP_Copy: return op_move_copy(v, pOp);
    case OP_SCopy: return value_copy(&aMem[pOp->p2], &aMem[pOp->p1]);
    case OP_IntCopy: value_set_int(&aMem[pOp->p2], value_int64(&aMem[pOp->p1])); return 0;
    case OP_ClrSubtype: aMem[pOp->p1].flags &= (u16)~VAL_SUBTYPE; return SQLITE_OK;
    case OP_CollSeq:
      v->pCollNext = pOp->p4type == P4_COLLSEQ ? pOp->p4.pColl : NULL;
      v->iCollNextReg = pOp->p1;
      if (pOp->p1) value_set_int(&aMem[pOp->p1], 0);
      return SQLITE_OK;
    case OP_Function: case OP_PureFunction: return vdbe_op_function(v, pOp);
    case OP_AggStep: case OP_AggStep1: case OP_AggInverse: return vdbe_op_aggstep(v, pOp);
    case OP_AggFinal: case OP_AggValue: return vdbe_op_aggfinal(v, pOp);
    case OP_Param: return vdbe_op_param(v, pOp);
    case OP_Explain: case OP_Noop: case OP_Trace: case OP_Abortable: case OP_CursorHint:
    case OP_ReleaseReg: case OP_ColumnsUsed: case OP_TableLock: case OP_SeekHit:
    case OP_SeekScan:
      return SQLITE_OK;
    default: return VDBE_NOT_MINE;
  }
}

/* Every opcode the hot switch of vdbe_exec does not take: the three
** second-level dispatchers, and a sub-program's Halt returning to its
** caller. */
VDBE_COLD static int exec_other_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  int rc = exec_reg_op(v, pOp, pPc);
  if (rc == SQLITE_DONE && v->pFrame && pOp->opcode == OP_Halt) {
    /* Halt 0 in a sub-program returns to the caller; RAISE(IGNORE)
    ** (P2 OE_Ignore) also jumps to the caller's P2 */
    int bIgnore = pOp->p2 == OE_Ignore;
    vdbe_frame_pop(v, pPc);
    if (bIgnore) *pPc = v->aOp[*pPc].p2 - 1;
    return SQLITE_OK;
  }
  if (rc == VDBE_NOT_MINE) rc = vdbe_exec_cursor_op(v, pOp, pPc);
  if (rc == VDBE_NOT_MINE) rc = vdbe_exec_txn_op(v, pOp, pPc);
  if (rc == VDBE_NOT_MINE) rc = vdbe_exec_misc_op(v, pOp, pPc);
  if (rc == VDBE_NOT_MINE) {
    vdbe_set_error(v, "unsupported opcode %s", vdbe_opcode_names[pOp->opcode]);
    rc = SQLITE_ERROR;
  }
  return rc;
}

/* Dispatch classes of exec_op.  Opcode numbers are spread over 0..OP_COUNT_,
** so a switch on them compiles to a chain of compares; a switch on this
** dense class number is one table jump. */
enum {
  HOT_OTHER = 0, HOT_COLUMN, HOT_NEXT, HOT_AGGSTEP, HOT_FUNCTION, HOT_GOTO, HOT_INTEGER, HOT_IF,
  HOT_COLLSEQ, HOT_VARIABLE, HOT_REG, HOT_CURSOR, HOT_COMPARE, HOT_ARITH
};
static const u8 aHotClass[256] = {
  [OP_Column] = HOT_COLUMN, [OP_Next] = HOT_NEXT, [OP_AggStep] = HOT_AGGSTEP,
  [OP_Function] = HOT_FUNCTION, [OP_PureFunction] = HOT_FUNCTION, [OP_Goto] = HOT_GOTO,
  [OP_Integer] = HOT_INTEGER, [OP_If] = HOT_IF, [OP_IfNot] = HOT_IF, [OP_CollSeq] = HOT_COLLSEQ,
  [OP_Variable] = HOT_VARIABLE,
  [OP_RealAffinity] = HOT_REG, [OP_IsNull] = HOT_REG, [OP_NotNull] = HOT_REG,
  [OP_IfPos] = HOT_REG, [OP_Gosub] = HOT_REG, [OP_Return] = HOT_REG, [OP_Yield] = HOT_REG,
  [OP_Move] = HOT_REG, [OP_Copy] = HOT_REG, [OP_SCopy] = HOT_REG, [OP_ZeroOrNull] = HOT_REG,
  [OP_And] = HOT_REG, [OP_Or] = HOT_REG, [OP_Affinity] = HOT_REG, [OP_MustBeInt] = HOT_REG,
  [OP_IdxGE] = HOT_CURSOR, [OP_IdxGT] = HOT_CURSOR, [OP_IdxLE] = HOT_CURSOR,
  [OP_IdxLT] = HOT_CURSOR, [OP_IdxRowid] = HOT_CURSOR, [OP_SeekRowid] = HOT_CURSOR,
  [OP_NotExists] = HOT_CURSOR, [OP_Rowid] = HOT_CURSOR, [OP_DeferredSeek] = HOT_CURSOR,
  [OP_SeekGE] = HOT_CURSOR, [OP_SeekGT] = HOT_CURSOR, [OP_SeekLE] = HOT_CURSOR,
  [OP_SeekLT] = HOT_CURSOR, [OP_Prev] = HOT_CURSOR, [OP_SorterNext] = HOT_CURSOR,
  [OP_SorterData] = HOT_CURSOR, [OP_MakeRecord] = HOT_CURSOR, [OP_IdxInsert] = HOT_CURSOR,
  [OP_Insert] = HOT_CURSOR, [OP_NewRowid] = HOT_CURSOR, [OP_Found] = HOT_CURSOR,
  [OP_NotFound] = HOT_CURSOR, [OP_NoConflict] = HOT_CURSOR,
  [OP_Ne] = HOT_COMPARE, [OP_Eq] = HOT_COMPARE, [OP_Gt] = HOT_COMPARE, [OP_Le] = HOT_COMPARE,
  [OP_Lt] = HOT_COMPARE, [OP_Ge] = HOT_COMPARE,
  [OP_Add] = HOT_ARITH, [OP_Subtract] = HOT_ARITH, [OP_Multiply] = HOT_ARITH,
  [OP_Divide] = HOT_ARITH, [OP_Remainder] = HOT_ARITH,
};
_Static_assert(OP_COUNT_ <= 256, "opcodes fit the class table");

/* The opcodes a scan or a lookup runs for every row are dispatched here
** directly; everything else goes through exec_other_op. */
static inline int exec_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  int rc;
  switch (aHotClass[pOp->opcode]) {
    case HOT_COLUMN: return vdbe_op_column(v, pOp);
    case HOT_NEXT: return vdbe_op_next(v, pOp, pPc);
    case HOT_AGGSTEP: return vdbe_op_aggstep(v, pOp);
    case HOT_FUNCTION: return vdbe_op_function(v, pOp);
    case HOT_GOTO: JUMP_TO(pOp->p2); return SQLITE_OK;
    case HOT_INTEGER: value_set_int(&v->aMem[pOp->p2], pOp->p1); return SQLITE_OK;
    case HOT_IF: op_if(v, pOp, pPc); return SQLITE_OK;
    case HOT_COLLSEQ:
      v->pCollNext = pOp->p4type == P4_COLLSEQ ? pOp->p4.pColl : NULL;
      v->iCollNextReg = pOp->p1;
      if (pOp->p1) value_set_int(&v->aMem[pOp->p1], 0);
      return SQLITE_OK;
    case HOT_VARIABLE: return op_variable(v, pOp);
    case HOT_REG: return exec_reg_op(v, pOp, pPc);
    case HOT_CURSOR:
      rc = vdbe_exec_cursor_op(v, pOp, pPc);
      return rc == VDBE_NOT_MINE ? exec_other_op(v, pOp, pPc) : rc;
    case HOT_COMPARE: return op_compare(v, pOp, pPc);
    case HOT_ARITH: return op_arith(v, pOp);
    default: return exec_other_op(v, pOp, pPc);
  }
}

/* The loop.  The VM_STEP counter is kept in a local and stored once on
** the way out. */
int vdbe_exec(Vdbe *v) {
  ASSERT(v->magic == VDBE_MAGIC_RUN); /* invariant 1 */
  int pc = v->pc, rc = SQLITE_OK, nProgress = 0, pcOp = pc;
  u32 nStep = 0;
  sqlite3 *db = v->db;
  v->pResultRow = NULL;
  v->iNowMs = 0; /* 'now' is one moment per step, as in SQLite */
  for (; rc == SQLITE_OK; pc++) {
    if ((unsigned)pc >= (unsigned)v->nOp) {
      if (v->pFrame) {
        vdbe_frame_pop(v, &pc); /* a sub-program's implied Halt returns */
        continue;
      }
      rc = SQLITE_DONE; /* ran off the end: the implied Halt */
      break;
    }
    VdbeOp *pOp = &v->aOp[pc];
    pcOp = pc;
    nStep++;
    if (db->isInterrupted || db->xProgress) {
      if ((rc = check_interrupt(v, &nProgress)) != SQLITE_OK) break;
    }
    if (pOp->opcode == OP_ResultRow) {
      v->pResultRow = &v->aMem[pOp->p1];
      v->pc = pc + 1;
      v->aCounter[SQLITE_STMTSTATUS_VM_STEP] += nStep;
      return SQLITE_ROW;
    }
    rc = exec_op(v, pOp, &pc);
  }
  v->aCounter[SQLITE_STMTSTATUS_VM_STEP] += nStep;
  if (rc == SQLITE_ROW) rc = SQLITE_DONE; /* never from an op */
  /* a lock wait (bRetry) resumes at the op that could not get its lock; the
  ** loop's increment has already stepped past it */
  v->pc = v->bRetry ? pcOp : pc;
  return rc;
}
