/*
** vdbe_func.c: calling SQL functions from the VM -- OP_Function,
** OP_PureFunction, OP_AggStep, OP_AggInverse, OP_AggFinal, OP_AggValue --
** through the sqlite3_context protocol of func.h.
**
** Each function op owns a VdbeFuncCtx (P4_FUNCCTX): the context plus the
** argument pointer array, so a call allocates nothing.
**
** Invariants:
**   1. The sqlite3_context is the first member of VdbeFuncCtx, so the
**      P4 pointer converts both ways.
**   2. After a call, ctx.isError != 0 turns into the statement's error:
**      code isError (-1: SQLITE_ERROR), message the text left in the
**      output cell (func.h invariant 3).
**   3. An aggregate's state lives in its accumulator register (VAL_AGG);
**      AggFinal replaces it with the result and releases the state.
**   4. A VdbeFuncCtx whose pReady is the running statement has db, pFunc,
**      pVdbe, iOp, ppAux, pColl, piNow and argc set for that statement's program
**      (ctx_ready); per call only pOut, pAgg, isError and bSkipFlag are
**      set.  vdbe_swap moves programs between statements, so pReady is
**      compared with the caller every time.
*/
#include "vdbe_int.h"
#include "func.h"
#include <stdio.h>

static Coll *call_collation(Vdbe *v, VdbeOp *pOp);

typedef struct VdbeFuncCtx {
  sqlite3_context ctx;   /* invariant 1 */
  FuncDef *pFunc;        /* the function (borrowed) */
  int nArg;              /* arguments per call */
  Vdbe *pReady;          /* invariant 4: the statement ctx was set up for */
  Value scratch;         /* AggStep's result cell (only an error message lands here) */
  Value *apArg[];        /* argument pointers, filled per call */
} VdbeFuncCtx;

sqlite3_context *vdbe_func_ctx_new(sqlite3 *db, FuncDef *pFunc, int nArg) {
  ASSERT(nArg >= 0);
  VdbeFuncCtx *p = mem_zalloc(sizeof(VdbeFuncCtx) + sizeof(Value *) * (u64)(nArg + 1));
  if (p == NULL) return NULL;
  p->pFunc = pFunc;
  p->nArg = nArg;
  p->ctx.db = db;
  p->ctx.pFunc = pFunc;
  value_init(&p->scratch, db);
  return &p->ctx;
}

void vdbe_func_ctx_free(sqlite3_context *pCtx) {
  VdbeFuncCtx *p = (VdbeFuncCtx *)pCtx; /* invariant 1 */
  if (p == NULL) return;
  value_release(&p->scratch);
  mem_free(p);
}

/* Sets the fields of the op's context that stay the same from call to
** call (invariant 4); a call then sets only its result cells and flags. */
static void ctx_ready(Vdbe *v, VdbeOp *pOp, VdbeFuncCtx *p) {
  if (p->pReady == v) return;
  int iOp = (int)(pOp - v->aOp);
  ASSERT(iOp >= 0 && iOp < v->nOp);
  func_context_init(&p->ctx, v->db, p->pFunc, &p->scratch, NULL, v, iOp, &v->pAuxData);
  p->ctx.pColl = call_collation(v, pOp);
  p->ctx.argc = p->nArg;
  p->ctx.piNow = &v->iNowMs;
  p->pReady = v;
}

char *vdbe_display_func(const VdbeOp *pOp) {
  char zBuf[300];
  const FuncDef *pFunc;
  int nArg;
  if (pOp->p4type == P4_FUNCCTX) {
    const VdbeFuncCtx *p = (const VdbeFuncCtx *)pOp->p4.pCtx;
    pFunc = p->pFunc;
    nArg = p->nArg;
  } else {
    pFunc = pOp->p4.pFunc;
    nArg = pOp->opcode == OP_AggFinal || pOp->opcode == OP_AggValue ? pOp->p2 : pOp->p5;
  }
  snprintf(zBuf, sizeof zBuf, "%s(%d)", pFunc && pFunc->zName ? pFunc->zName : "?", nArg);
  return mem_strdup(zBuf);
}

int vdbe_prepare_function_ops(Vdbe *v) {
  for (int i = 0; i < v->nOp; i++) {
    VdbeOp *pOp = &v->aOp[i];
    int op = pOp->opcode;
    if (pOp->p4type != P4_FUNCDEF) continue;
    if (op != OP_AggStep && op != OP_AggInverse && op != OP_Function && op != OP_PureFunction) {
      continue;
    }
    sqlite3_context *pCtx = vdbe_func_ctx_new(v->db, pOp->p4.pFunc, pOp->p5 & 0xff);
    if (pCtx == NULL) return SQLITE_NOMEM;
    pOp->p4.pCtx = pCtx;
    pOp->p4type = P4_FUNCCTX;
  }
  return SQLITE_OK;
}

/* Turns a failed call into the statement's error (invariant 2). */
static int call_error(Vdbe *v, sqlite3_context *pCtx, Value *pMsg) {
  int rc = pCtx->isError == -1 ? SQLITE_ERROR : pCtx->isError;
  const unsigned char *z = (pMsg->flags & VAL_STR) ? value_text(pMsg, SQLITE_UTF8) : NULL;
  if (z) {
    vdbe_set_error(v, "%s", (const char *)z);
  } else {
    vdbe_set_error(v, NULL); /* the connection then reports sqlite3_errstr(rc) */
  }
  value_set_null(pMsg);
  return rc;
}

static void fill_args(Vdbe *v, VdbeFuncCtx *p, int iFirst) {
  Value *a = &v->aMem[iFirst], **ap = p->apArg; /* locals: the stores cannot alias p */
  int n = p->nArg;
  for (int i = 0; i < n; i++) ap[i] = a + i;
}

/* The collation of a call: an OP_CollSeq right before the function op
** sets it (as in SQLite); BINARY otherwise. */
static Coll *call_collation(Vdbe *v, VdbeOp *pOp) {
  if (pOp > v->aOp && pOp[-1].opcode == OP_CollSeq && pOp[-1].p4type == P4_COLLSEQ &&
      pOp[-1].p4.pColl) {
    return pOp[-1].p4.pColl;
  }
  return &value_coll_binary;
}

int vdbe_op_function(Vdbe *v, VdbeOp *pOp) {
  if (pOp->p4type != P4_FUNCCTX) return ERR_CORRUPT();
  VdbeFuncCtx *p = (VdbeFuncCtx *)pOp->p4.pCtx;
  Value *pOut = &v->aMem[pOp->p3];
  if (p->pFunc == NULL || p->pFunc->xSFunc == NULL) return ERR_CORRUPT();
  ctx_ready(v, pOp, p);
  fill_args(v, p, pOp->p2);
  value_set_null(pOut);
  p->ctx.pOut = pOut;
  p->ctx.pAgg = NULL;
  p->ctx.isError = 0;
  p->pFunc->xSFunc(&p->ctx, p->nArg, p->apArg);
  int rc = SQLITE_OK;
  if (p->ctx.isError) rc = call_error(v, &p->ctx, pOut);
  if (v->pAuxData) func_auxdata_delete(&v->pAuxData, p->ctx.iOp, (u32)pOp->p1);
  if (rc == SQLITE_OK && (pOut->flags & VAL_STR) && v->db->enc && pOut->enc != v->db->enc) {
    rc = value_change_encoding(pOut, v->db->enc);
  }
  return rc;
}

int vdbe_op_aggstep(Vdbe *v, VdbeOp *pOp) {
  if (pOp->p4type != P4_FUNCCTX) return ERR_CORRUPT();
  VdbeFuncCtx *p = (VdbeFuncCtx *)pOp->p4.pCtx;
  /* OP_AggInverse (window frames) removes a row: the same call protocol */
  FuncSFunc xCall = p->pFunc ? (pOp->opcode == OP_AggInverse ? p->pFunc->xInverse
                                                             : p->pFunc->xStep) : NULL;
  if (xCall == NULL) return ERR_CORRUPT();
  ctx_ready(v, pOp, p);
  fill_args(v, p, pOp->p2);
  p->ctx.pOut = &p->scratch;
  p->ctx.pAgg = &v->aMem[pOp->p3];
  p->ctx.isError = 0;
  p->ctx.bSkipFlag = 0;
  xCall(&p->ctx, p->nArg, p->apArg);
  int rc = SQLITE_OK;
  if (p->ctx.isError) rc = call_error(v, &p->ctx, &p->scratch);
  int iOp = p->ctx.iOp;
  if (p->ctx.bSkipFlag && iOp > 0 && v->aOp[iOp - 1].opcode == OP_CollSeq &&
      v->aOp[iOp - 1].p1) {
    value_set_int(&v->aMem[v->aOp[iOp - 1].p1], 1); /* min/max kept its old row */
  }
  if (p->scratch.flags != VAL_NULL) value_set_null(&p->scratch); /* keeps its buffer */
  return rc;
}

/* OP_AggFinal (result into the accumulator P1, invariant 3) and
** OP_AggValue (current value of accumulator P1 into P3). */
int vdbe_op_aggfinal(Vdbe *v, VdbeOp *pOp) {
  FuncDef *pFunc = pOp->p4type == P4_FUNCDEF ? pOp->p4.pFunc : NULL;
  if (pOp->p4type == P4_FUNCCTX) pFunc = ((VdbeFuncCtx *)pOp->p4.pCtx)->pFunc;
  if (pFunc == NULL) return ERR_CORRUPT();
  Value *pAgg = &v->aMem[pOp->p1];
  Value out;
  sqlite3_context ctx;
  int bFinal = pOp->opcode == OP_AggFinal;
  value_init(&out, v->db);
  func_context_init(&ctx, v->db, pFunc, &out, pAgg, v, (int)(pOp - v->aOp), NULL);
  ctx.pColl = call_collation(v, pOp);
  ctx.argc = pOp->p2;
  ctx.piNow = &v->iNowMs;
  FuncFinal x = bFinal ? pFunc->xFinal : pFunc->xValue;
  if (x) x(&ctx);
  if (ctx.isError) {
    int rc = call_error(v, &ctx, &out);
    value_release(&out);
    return rc;
  }
  if (bFinal) {
    value_release(pAgg);
    value_move(pAgg, &out);
  } else {
    value_release(&v->aMem[pOp->p3]);
    value_move(&v->aMem[pOp->p3], &out);
  }
  return SQLITE_OK;
}
