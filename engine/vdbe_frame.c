/*
** vdbe_frame.c: sub-programs (trigger bodies) run by OP_Program.
**
** A call pushes a VdbeFrame that saves the caller's program, registers,
** cursors and once-flags, and points the Vdbe at fresh ones for the
** callee, so every opcode helper keeps working on v->aOp/aMem/apCsr
** unchanged.  Returning (Halt 0, or running off the end) pops the frame.
**
** Invariants:
**   1. v->pFrame is NULL exactly when the main program is running; the
**      chain has v->nFrame frames, at most SQLITE_LIMIT_TRIGGER_DEPTH.
**   2. The registers, cursors and once-flags of a frame's callee belong to
**      that frame and are freed when it is popped; the caller's arrays are
**      restored untouched.
**   3. Without P5 (recursive triggers off) a program already on the frame
**      chain is not entered again: OP_Program then does nothing.
*/
#include "vdbe_int.h"

SubProgram *vdbe_make_subprogram(Vdbe *pSub, int nMem, int nCsr, void *token) {
  ASSERT(pSub->magic == VDBE_MAGIC_INIT);
  SubProgram *p = NULL;
  int rc = vdbe_make_ready(pSub, nMem, nCsr, 0, NULL);
  if (rc == SQLITE_OK) p = mem_zalloc(sizeof(SubProgram));
  if (p) {
    p->aOp = pSub->aOp;
    p->nOp = pSub->nOp;
    p->nMem = nMem;
    p->nCsr = nCsr;
    p->token = token;
    p->nRef = 1;
    pSub->aOp = NULL; /* the ops (and their P4s) now belong to p */
    pSub->nOp = pSub->nOpAlloc = 0;
  }
  vdbe_finalize(pSub);
  return p;
}

SubProgram *vdbe_subprogram_ref(SubProgram *p) {
  if (p) p->nRef++;
  return p;
}

void vdbe_subprogram_unref(SubProgram *p) {
  if (p == NULL || --p->nRef > 0) return;
  for (int i = 0; i < p->nOp; i++) {
    vdbe_free_p4(NULL, p->aOp[i].p4type, &p->aOp[i].p4);
    mem_free(p->aOp[i].zComment);
  }
  mem_free(p->aOp);
  mem_free(p);
}

/* Is a program with this token already running (invariant 3)? */
static int on_stack(Vdbe *v, void *token) {
  for (VdbeFrame *f = v->pFrame; f; f = f->pParent) {
    if (f->pProg->token == token) return 1;
  }
  return 0;
}

int vdbe_op_program(Vdbe *v, VdbeOp *pOp, int *pPc) {
  if (pOp->p4type != P4_SUBPROGRAM || pOp->p4.pProgram == NULL) return ERR_CORRUPT();
  SubProgram *pProg = pOp->p4.pProgram;
  if (pOp->p5 == 0 && on_stack(v, pProg->token)) return SQLITE_OK;
  if (v->nFrame >= v->db->aLimit[SQLITE_LIMIT_TRIGGER_DEPTH]) {
    vdbe_set_error(v, "too many levels of trigger recursion");
    return SQLITE_ERROR;
  }
  VdbeFrame *f = mem_zalloc(sizeof(VdbeFrame));
  Value *aMem = mem_zalloc(sizeof(Value) * (u64)(pProg->nMem + 2));
  VdbeCursor **apCsr = mem_zalloc(sizeof(VdbeCursor *) * (u64)(pProg->nCsr + 1));
  u8 *aOnce = mem_zalloc((u64)pProg->nOp + 1);
  if (!f || !aMem || !apCsr || !aOnce) {
    mem_free(f);
    mem_free(aMem);
    mem_free(apCsr);
    mem_free(aOnce);
    return SQLITE_NOMEM;
  }
  for (int i = 0; i <= pProg->nMem + 1; i++) value_init(&aMem[i], v->db);
  f->pParent = v->pFrame;
  f->pProg = pProg;
  f->aOp = v->aOp;
  f->nOp = v->nOp;
  f->aMem = v->aMem;
  f->nMem = v->nMem;
  f->apCsr = v->apCsr;
  f->nCursor = v->nCursor;
  f->aOnce = v->aOnce;
  f->pcCaller = *pPc;
  f->iArgBase = pOp->p1;
  v->pFrame = f;
  v->nFrame++;
  v->aOp = pProg->aOp;
  v->nOp = pProg->nOp;
  v->aMem = aMem;
  v->nMem = pProg->nMem + 1;
  v->apCsr = apCsr;
  v->nCursor = pProg->nCsr;
  v->aOnce = aOnce;
  v->db->nVdbeCacheGen++;
  *pPc = -1; /* the loop's increment starts the callee at 0 */
  return SQLITE_OK;
}

void vdbe_frame_pop(Vdbe *v, int *pPc) {
  VdbeFrame *f = v->pFrame;
  ASSERT(f != NULL);
  vdbe_close_all_cursors(v); /* the callee's (invariant 2) */
  for (int i = 0; i <= v->nMem; i++) value_release(&v->aMem[i]);
  mem_free(v->aMem);
  mem_free(v->apCsr);
  mem_free(v->aOnce);
  v->aOp = f->aOp;
  v->nOp = f->nOp;
  v->aMem = f->aMem;
  v->nMem = f->nMem;
  v->apCsr = f->apCsr;
  v->nCursor = f->nCursor;
  v->aOnce = f->aOnce;
  v->pFrame = f->pParent;
  v->nFrame--;
  v->db->nVdbeCacheGen++;
  if (pPc) *pPc = f->pcCaller;
  mem_free(f);
}

void vdbe_frames_unwind(Vdbe *v) {
  int n = 0;
  while (v->pFrame && n++ < 100000) vdbe_frame_pop(v, NULL);
  ASSERT(v->nFrame == 0);
}

/* OP_Param: callee register P2 = caller register (Program.P1 + P1). */
int vdbe_op_param(Vdbe *v, VdbeOp *pOp) {
  VdbeFrame *f = v->pFrame;
  if (f == NULL) return ERR_CORRUPT();
  int iReg = f->iArgBase + pOp->p1;
  if (iReg < 0 || iReg >= f->nMem + 1) return ERR_CORRUPT();
  return value_copy(&v->aMem[pOp->p2], &f->aMem[iReg]);
}
