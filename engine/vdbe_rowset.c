/*
** vdbe_rowset.c: the smaller special-purpose opcodes -- RowSet (sets of
** rowids kept in a register: RowSetAdd/Read/Test), foreign-key counters
** (FkCounter/FkIfZero), bloom filters (Filter/FilterAdd), and the
** planner hints IfSmaller and IfNotOpen.
**
** Invariants:
**   1. A RowSet lives in its register as a pointer value tagged
**      "vdbe-rowset" whose destructor frees it, so releasing or
**      overwriting the register frees the set.
**   2. The RowSet's aVal[iRead..n) are the values not yet read; once
**      bSorted is set they are in ascending order without duplicates.
**   3. Filter never jumps: a bloom filter may only skip work it is sure
**      about, and falling through is always correct (opcode.html).
*/
#include "vdbe_int.h"
#include <stdlib.h>

#define JUMP_TO(addr) (*pPc = (addr) - 1)
#define ROWSET_TAG "vdbe-rowset"

typedef struct RowSet {
  i64 *aVal;    /* values (invariant 2) */
  int n;        /* values held */
  int nAlloc;   /* slots */
  int iRead;    /* next value for RowSetRead */
  u8 bSorted;   /* invariant 2 */
} RowSet;

static void rowset_free(void *p) {
  RowSet *r = p;
  if (r == NULL) return;
  mem_free(r->aVal);
  mem_free(r);
}

/* The RowSet in register p, created on first use (invariant 1). */
static RowSet *rowset_get(Value *p, int bCreate) {
  RowSet *r = value_pointer(p, ROWSET_TAG);
  if (r || !bCreate) return r;
  r = mem_zalloc(sizeof(RowSet));
  if (r) value_set_pointer(p, r, ROWSET_TAG, rowset_free);
  return r;
}

static int rowset_add(RowSet *r, i64 x) {
  if (r->n >= r->nAlloc) {
    int nNew = r->nAlloc ? r->nAlloc * 2 : 32;
    i64 *aNew = mem_realloc(r->aVal, sizeof(i64) * (u64)nNew);
    if (aNew == NULL) return SQLITE_NOMEM;
    r->aVal = aNew;
    r->nAlloc = nNew;
  }
  if (r->bSorted && r->n > r->iRead && r->aVal[r->n - 1] >= x) r->bSorted = 0;
  r->aVal[r->n++] = x;
  return SQLITE_OK;
}

static int cmp_i64(const void *a, const void *b) {
  i64 x = *(const i64 *)a, y = *(const i64 *)b;
  return x < y ? -1 : x > y;
}

/* Sorts the unread values and drops duplicates (invariant 2). */
static void rowset_sort(RowSet *r) {
  if (r->bSorted) return;
  int n = r->n - r->iRead, k = 0;
  i64 *a = r->aVal + r->iRead;
  qsort(a, (size_t)n, sizeof(i64), cmp_i64);
  for (int i = 0; i < n; i++) {
    if (k == 0 || a[i] != a[k - 1]) a[k++] = a[i];
  }
  r->n = r->iRead + k;
  r->bSorted = 1;
}

static int rowset_contains(RowSet *r, i64 x) {
  rowset_sort(r);
  int lo = r->iRead, hi = r->n - 1;
  while (lo <= hi) {
    int mid = lo + (hi - lo) / 2;
    if (r->aVal[mid] == x) return 1;
    if (r->aVal[mid] < x) lo = mid + 1; else hi = mid - 1;
  }
  return 0;
}

static int op_rowset(Vdbe *v, VdbeOp *pOp, int *pPc) {
  Value *pSet = &v->aMem[pOp->p1];
  switch (pOp->opcode) {
    case OP_RowSetAdd: {
      RowSet *r = rowset_get(pSet, 1);
      return r ? rowset_add(r, value_int64(&v->aMem[pOp->p2])) : SQLITE_NOMEM;
    }
    case OP_RowSetRead: {
      RowSet *r = rowset_get(pSet, 0);
      if (r) rowset_sort(r);
      if (r == NULL || r->iRead >= r->n) {
        value_set_null(pSet); /* an exhausted set is released */
        JUMP_TO(pOp->p2);
        return SQLITE_OK;
      }
      value_set_int(&v->aMem[pOp->p3], r->aVal[r->iRead++]);
      return SQLITE_OK;
    }
    default: { /* RowSetTest */
      RowSet *r = rowset_get(pSet, 1);
      if (r == NULL) return SQLITE_NOMEM;
      i64 x = value_int64(&v->aMem[pOp->p3]);
      int iSet = pOp->p4type == P4_INT32 ? pOp->p4.i : 0;
      if (iSet != 0 && rowset_contains(r, x)) {
        JUMP_TO(pOp->p2);
        return SQLITE_OK;
      }
      return iSet >= 0 ? rowset_add(r, x) : SQLITE_OK;
    }
  }
}

/* FkCounter / FkIfZero: immediate (statement) or deferred (connection)
** foreign-key violation counters. */
static int op_fk(Vdbe *v, VdbeOp *pOp, int *pPc) {
  sqlite3 *db = v->db;
  if (pOp->opcode == OP_FkCounter) {
    if (pOp->p1) {
      db->nDeferredCons += pOp->p2;
    } else {
      v->nFkConstraint += pOp->p2;
    }
    return SQLITE_OK;
  }
  i64 n = pOp->p1 ? db->nDeferredCons : v->nFkConstraint;
  if (n == 0) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

int vdbe_exec_misc_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  switch (pOp->opcode) {
    case OP_RowSetAdd: case OP_RowSetRead: case OP_RowSetTest: return op_rowset(v, pOp, pPc);
    case OP_FkCounter: case OP_FkIfZero: return op_fk(v, pOp, pPc);
    case OP_Filter: case OP_FilterAdd: return SQLITE_OK; /* invariant 3 */
    case OP_IfSmaller: return SQLITE_OK; /* estimate: "not small" is always safe */
    case OP_IfNotOpen: {
      VdbeCursor *pC = pOp->p1 >= 0 && pOp->p1 < v->nCursor ? v->apCsr[pOp->p1] : NULL;
      if (pC == NULL || pC->nullRow) JUMP_TO(pOp->p2);
      return SQLITE_OK;
    }
    default: return VDBE_NOT_MINE;
  }
}
