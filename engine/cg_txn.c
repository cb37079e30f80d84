/*
** cg_txn.c: BEGIN / COMMIT / END / ROLLBACK / SAVEPOINT / RELEASE /
** ROLLBACK TO.  The VM's OP_AutoCommit and OP_Savepoint carry the
** semantics and SQLite's messages ("cannot start a transaction within a
** transaction", "cannot commit - no transaction is active", "no such
** savepoint: x").
**
** Invariants:
**   1. These programs take no OP_Transaction in the prologue (except the
**      explicit locks of BEGIN IMMEDIATE/EXCLUSIVE, emitted in the body),
**      so they run without touching the schema cookie.
*/
#include "cg.h"

/* OP_Savepoint P1 operations (opcode.html). */
#define SAVEPOINT_BEGIN 0
#define SAVEPOINT_RELEASE 1
#define SAVEPOINT_ROLLBACK 2

void cg_transaction(Cg *pCg, Stmt *pStmt) {
  Vdbe *v = pCg->v;
  TransStmt *t = &pStmt->u.trans;
  switch (pStmt->eKind) {
    case STMT_BEGIN:
      if (t->eBegin == BEGIN_IMMEDIATE || t->eBegin == BEGIN_EXCLUSIVE) {
        for (int i = 0; i < pCg->db->nDb; i++) {
          if (pCg->db->aDb[i].pBt == NULL) continue;
          vdbe_add_op2(v, OP_Transaction, i, t->eBegin == BEGIN_EXCLUSIVE ? 2 : 1);
        }
      } else if (t->eBegin == BEGIN_CONCURRENT) {
        cg_error(pCg, "BEGIN CONCURRENT is not supported yet");
        return;
      }
      vdbe_add_op2(v, OP_AutoCommit, 0, 0);
      break;
    case STMT_COMMIT:
      vdbe_add_op2(v, OP_AutoCommit, 1, 0);
      break;
    case STMT_ROLLBACK:
      if (t->zName) vdbe_add_op4(v, OP_Savepoint, SAVEPOINT_ROLLBACK, 0, 0, t->zName, P4_TRANSIENT);
      else vdbe_add_op2(v, OP_AutoCommit, 1, 1);
      break;
    case STMT_SAVEPOINT:
      vdbe_add_op4(v, OP_Savepoint, SAVEPOINT_BEGIN, 0, 0, t->zName, P4_TRANSIENT);
      break;
    case STMT_RELEASE:
      vdbe_add_op4(v, OP_Savepoint, SAVEPOINT_RELEASE, 0, 0, t->zName, P4_TRANSIENT);
      break;
    default:
      break;
  }
}
