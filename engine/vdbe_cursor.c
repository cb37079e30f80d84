/*
** vdbe_cursor.c: the opcodes that open, move, read and write cursors:
** b-tree tables and indexes of the database files, ephemeral tables and
** indexes (a private in-memory b-tree each), pseudo cursors (a record in a
** register) and sorters.
**
** Invariants:
**   1. Every cursor movement and every write bumps v->db->nVdbeCacheGen, which
**      invalidates every cursor's row cache (vdbe_int.h invariant 3):
**      another cursor's write may move cells under a cached pointer.
**   2. A cursor with nullRow set reads NULL for every column and rowid.
**   3. Index seeks use a VdbeKey whose default_rc makes the b-tree land on
**      the boundary of a run of equal prefixes (see seek_index).
**   4. Data from disk is never trusted: short or malformed records give
**      SQLITE_CORRUPT, never an out-of-bounds read.
*/
#include "vdbe_int.h"
#include <math.h>

#define JUMP_TO(addr) (*pPc = (addr) - 1)

static int seek_rowid_int(Vdbe *, VdbeCursor *, i64 iKey, VdbeOp *, int *pPc);
static int seek_table_int(Vdbe *, VdbeCursor *, int op, i64 iKey, VdbeOp *, int *pPc);
static int cursor_key_cmp(Vdbe *, VdbeCursor *, VdbeKey *, int *pc);
static int random_rowid(Vdbe *, VdbeCursor *, i64 *piNew);

/* Cursor P1 of an op, or NULL when it is not open (a codegen bug or a
** corrupt program: reported as an error rather than a crash). */
static VdbeCursor *get_cursor(Vdbe *v, int i) {
  if (i < 0 || i >= v->nCursor) return NULL;
  return v->apCsr[i];
}

static int no_cursor(Vdbe *v, int i) {
  if (v->bTripped) {
    /* a ROLLBACK closed this write cursor under the running statement */
    vdbe_set_error(v, "abort due to ROLLBACK");
    return SQLITE_ABORT_ROLLBACK;
  }
  ASSERT(0);
  vdbe_set_error(v, "internal error: cursor %d is not open", i);
  return SQLITE_INTERNAL;
}

/* The Btree of attached database iDb, opening the temp database on first
** use (it lives in memory). */
static int db_btree(Vdbe *v, int iDb, Btree **ppBt) {
  sqlite3 *db = v->db;
  *ppBt = NULL;
  if (iDb < 0 || iDb >= db->nDb) return ERR_CORRUPT();
  if (db->aDb[iDb].pBt == NULL) {
    if (iDb != 1) return SQLITE_ERROR;
    int rc = btree_open(db->pIo, NULL, PAGER_MEMORY,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY,
                        &db->aDb[1].pBt);
    if (rc) return rc;
  }
  *ppBt = db->aDb[iDb].pBt;
  return SQLITE_OK;
}

int vdbe_db_btree(Vdbe *v, int iDb, Btree **ppBt) { return db_btree(v, iDb, ppBt); }

/* Marks a cursor moved (invariant 1). */
static void moved(Vdbe *v, VdbeCursor *pC, int bEof) {
  v->db->nVdbeCacheGen++;
  pC->iSkip = 0;
  pC->isEof = (u8)bEof;
  pC->nullRow = (u8)bEof;
  pC->deferredMoveto = 0;
}

/* ------------------------------------------------------------- opening */

static int open_btree_cursor(Vdbe *v, VdbeOp *pOp) {
  int bWrite = pOp->opcode == OP_OpenWrite;
  u32 iRoot = (u32)pOp->p2;
  Btree *pBt;
  if (pOp->opcode == OP_ReopenIdx) {
    VdbeCursor *pOld = get_cursor(v, pOp->p1);
    if (pOld && pOld->pCur && pOld->pEph == NULL && pOld->iDb == pOp->p3 &&
        pOld->iRoot == iRoot) {
      return SQLITE_OK; /* already open on that index */
    }
  }
  if (pOp->p5 & OPFLAG_P2ISREG) iRoot = (u32)value_int64(&v->aMem[pOp->p2]);
  if (iRoot < 1) return ERR_CORRUPT();
  int rc = db_btree(v, pOp->p3, &pBt);
  if (rc) return rc;
  int st = btree_txn_state(pBt);
  if (st == SQLITE_TXN_NONE || (bWrite && st != SQLITE_TXN_WRITE)) {
    /* a program without the OP_Transaction it needs: a codegen bug,
    ** reported instead of tripping the b-tree's assertions */
    vdbe_set_error(v, "internal error: cursor opened outside a %s transaction",
                   bWrite ? "write" : "read");
    return SQLITE_INTERNAL;
  }
  VdbeCursor *pC = vdbe_cursor_alloc(v, pOp->p1, CURTYPE_BTREE);
  if (pC == NULL) return SQLITE_NOMEM;
  pC->iDb = (i8)pOp->p3;
  pC->iRoot = iRoot;
  pC->isWrite = (u8)bWrite;
  if (pOp->p4type == P4_KEYINFO) {
    if (pOp->p4.pKeyInfo == NULL) return SQLITE_NOMEM; /* codegen's allocation failed */
    pC->pKeyInfo = keyinfo_ref(pOp->p4.pKeyInfo);
    pC->nField = pC->pKeyInfo->nAllField;
    rc = btree_cursor(pBt, iRoot, bWrite, vdbe_key_compare, pC->pKeyInfo, &pC->pCur);
    if (rc == SQLITE_OK) btree_cursor_set_raw_compare(pC->pCur, vdbe_key_compare_raw);
  } else {
    pC->isTable = 1;
    pC->nField = pOp->p4type == P4_INT32 ? pOp->p4.i : 0;
    rc = btree_cursor(pBt, iRoot, bWrite, NULL, NULL, &pC->pCur);
  }
  if (rc == SQLITE_OK && !pC->isTable && btree_cursor_is_intkey(pC->pCur)) rc = ERR_CORRUPT();
  return rc;
}

/* A new in-memory b-tree holding one table (pKeyInfo NULL) or index. */
static int eph_create(Vdbe *v, KeyInfo *pKeyInfo, VdbeEph **ppEph) {
  VdbeEph *p = mem_zalloc(sizeof(VdbeEph));
  *ppEph = NULL;
  if (p == NULL) return SQLITE_NOMEM;
  int rc = btree_open(v->db->pIo, NULL, PAGER_MEMORY,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, &p->pBt);
  if (rc == SQLITE_OK) rc = btree_begin(p->pBt, BTREE_TXN_WRITE);
  if (rc == SQLITE_OK) {
    rc = btree_create(p->pBt, &p->iRoot, pKeyInfo ? BTREE_BLOBKEY : BTREE_INTKEY);
  }
  if (rc) {
    if (p->pBt) btree_close(p->pBt);
    mem_free(p);
    return rc;
  }
  p->nRef = 1;
  *ppEph = p;
  return SQLITE_OK;
}

static int eph_cursor(VdbeCursor *pC) {
  int rc = btree_cursor(pC->pEph->pBt, pC->pEph->iRoot, 1,
                        pC->pKeyInfo ? vdbe_key_compare : NULL, pC->pKeyInfo, &pC->pCur);
  /* index cursors re-find saved positions by key (vdbe_key_compare_raw) */
  if (rc == SQLITE_OK && pC->pKeyInfo) btree_cursor_set_raw_compare(pC->pCur, vdbe_key_compare_raw);
  return rc;
}

static int open_ephemeral(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pOld = get_cursor(v, pOp->p1);
  if (pOld && pOld->pEph && pOld->pCur) {
    /* already open: empty it (opcode.html) */
    moved(v, pOld, 1);
    return btree_clear(pOld->pEph->pBt, pOld->pEph->iRoot, NULL);
  }
  KeyInfo *pKI = pOp->p4type == P4_KEYINFO ? pOp->p4.pKeyInfo : NULL;
  VdbeCursor *pC = vdbe_cursor_alloc(v, pOp->p1, CURTYPE_BTREE);
  if (pC == NULL) return SQLITE_NOMEM;
  pC->isWrite = 1;
  pC->isTable = pKI == NULL;
  pC->nField = pOp->p2;
  pC->pKeyInfo = keyinfo_ref(pKI);
  int rc = eph_create(v, pKI, &pC->pEph);
  if (rc == SQLITE_OK) rc = eph_cursor(pC);
  if (rc == SQLITE_OK && pOp->p3 > 0) rc = value_set_blob(&v->aMem[pOp->p3], "", 0, SQLITE_STATIC);
  return rc;
}

static int open_dup(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pOrig = get_cursor(v, pOp->p2);
  if (pOrig == NULL || pOrig->pEph == NULL) return no_cursor(v, pOp->p2);
  VdbeEph *pEph = pOrig->pEph;
  pEph->nRef++; /* keep it alive while the slot is recycled */
  VdbeCursor *pC = vdbe_cursor_alloc(v, pOp->p1, CURTYPE_BTREE);
  if (pC == NULL) {
    pEph->nRef--;
    return SQLITE_NOMEM;
  }
  pC->pEph = pEph;
  pC->isWrite = 1;
  pC->isTable = pOrig->isTable;
  pC->nField = pOrig->nField;
  pC->pKeyInfo = keyinfo_ref(pOrig->pKeyInfo);
  return eph_cursor(pC);
}

static int open_pseudo_or_sorter(Vdbe *v, VdbeOp *pOp) {
  int bSorter = pOp->opcode == OP_SorterOpen;
  VdbeCursor *pC = vdbe_cursor_alloc(v, pOp->p1, bSorter ? CURTYPE_SORTER : CURTYPE_PSEUDO);
  if (pC == NULL) return SQLITE_NOMEM;
  if (!bSorter) {
    pC->iPseudoReg = pOp->p2;
    pC->nField = pOp->p3;
    pC->nullRow = 1;
    pC->isEof = 0;
    return SQLITE_OK;
  }
  if (pOp->p4type != P4_KEYINFO) return ERR_CORRUPT();
  if (pOp->p4.pKeyInfo == NULL) return SQLITE_NOMEM; /* codegen's allocation failed */
  pC->pKeyInfo = keyinfo_ref(pOp->p4.pKeyInfo);
  pC->nField = pOp->p2;
  v->aCounter[SQLITE_STMTSTATUS_SORT] += 0; /* counted when sorted */
  int rc = sorter_open(v->db, pC->pKeyInfo, &pC->pSorter);
  /* P3: a register holding how many sorted rows will be read (LIMIT) */
  if (rc == SQLITE_OK && pOp->p3 > 0) {
    ASSERT(pOp->p3 <= v->nMem);
    sorter_set_limit(pC->pSorter, value_int64(&v->aMem[pOp->p3]));
  }
  return rc;
}

/* ------------------------------------------------------------- reading */

/* Completes an OP_DeferredSeek before the table cursor is read. */
static int finish_seek(Vdbe *v, VdbeCursor *pC) {
  if (!pC->deferredMoveto) return SQLITE_OK;
  int res = 0;
  int rc = btree_table_moveto(pC->pCur, pC->movetoTarget, &res);
  moved(v, pC, 0);
  if (rc) return rc;
  if (res != 0 || btree_eof(pC->pCur)) return ERR_CORRUPT(); /* index points nowhere */
  return SQLITE_OK;
}

/* Loads the current record of pC into its row cache (invariant 1). */
static int load_row(Vdbe *v, VdbeCursor *pC) {
  if (pC->cacheGen == v->db->nVdbeCacheGen && pC->pRow != NULL) return SQLITE_OK;
  if (pC->eCurType == CURTYPE_PSEUDO) {
    Value *p = &v->aMem[pC->iPseudoReg];
    if (!(p->flags & VAL_BLOB)) return ERR_CORRUPT();
    pC->pRow = (const u8 *)p->z;
    pC->nRow = (u32)p->n;
  } else if (pC->eCurType == CURTYPE_SORTER) {
    int n = 0;
    pC->pRow = sorter_rowdata(pC->pSorter, &n);
    if (pC->pRow == NULL) return ERR_CORRUPT();
    pC->nRow = (u32)n;
  } else if (pC->pCur == NULL) {
    return ERR_CORRUPT();
  } else {
    u32 n = 0, nLocal = 0;
    int rc;
    const u8 *pLocal = btree_payload_fetch(pC->pCur, &n, &nLocal, &rc);
    if (rc) return rc;
    if (pLocal && nLocal >= n) {
      pC->pRow = pLocal;
    } else {
      if (pC->szRowBuf < n || pC->pRowBuf == NULL) {
        u8 *pNew = mem_realloc(pC->pRowBuf, (u64)n + 1);
        if (pNew == NULL) return SQLITE_NOMEM;
        pC->pRowBuf = pNew;
        pC->szRowBuf = n + 1;
      }
      rc = btree_payload(pC->pCur, 0, n, pC->pRowBuf);
      if (rc) return rc;
      pC->pRow = pC->pRowBuf;
    }
    pC->nRow = n;
  }
  int rc = vdbe_row_header_begin(pC);
  if (rc) {
    pC->pRow = NULL;
    return rc;
  }
  pC->cacheGen = v->db->nVdbeCacheGen;
  return SQLITE_OK;
}

/* The slow start of a column read: completes a deferred seek, handles a
** NULL row or a cursor past the end (*pbNull set), loads the row. */
static int column_load(Vdbe *v, VdbeCursor *pC, int *pbNull) {
  *pbNull = 0;
  int rc = finish_seek(v, pC);
  if (rc) return rc;
  if (pC->nullRow || (pC->eCurType == CURTYPE_BTREE && btree_eof(pC->pCur))) {
    *pbNull = 1;
    return SQLITE_OK;
  }
  return load_row(v, pC);
}

/* Copies a string or blob field into pOut, reusing the register's own
** buffer when it is large enough (no allocation per row). */
static int column_bytes(Value *pOut, const u8 *p, u32 n, u64 st, u8 enc) {
  if (n > (u32)(pOut->db ? pOut->db->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000)) {
    return SQLITE_TOOBIG;
  }
  if ((pOut->flags & (VAL_DYN | VAL_AGG)) || pOut->szMalloc < (int)n + 2 ||
      ((st & 1) && enc != SQLITE_UTF8)) {
    void (*xT)(void *) = SQLITE_TRANSIENT;
    if (st & 1) return value_set_text(pOut, (const char *)p, (int)n, enc, xT);
    return value_set_blob(pOut, p, (int)n, xT);
  }
  ASSERT(pOut->zMalloc != NULL);
  memcpy(pOut->zMalloc, p, n);
  pOut->zMalloc[n] = 0;
  pOut->zMalloc[n + 1] = 0;
  value_set_null(pOut);
  pOut->z = pOut->zMalloc;
  pOut->n = (int)n;
  if (st & 1) {
    pOut->flags = VAL_STR | VAL_TERM;
    pOut->enc = enc;
  } else {
    pOut->flags = VAL_BLOB;
  }
  return SQLITE_OK;
}

/* Decodes field iField of the cursor's current row into pOut.  The row
** cache (vdbe_int.h invariant 3) makes every read after the first of a
** row a lookup in aType/aOffset; numbers are decoded here directly. */
int vdbe_cursor_column(Vdbe *v, VdbeCursor *pC, int iField, Value *pOut) {
  int rc;
  if (pC->cacheGen != v->db->nVdbeCacheGen || pC->pRow == NULL || pC->nullRow ||
      pC->deferredMoveto) {
    int bNull;
    rc = column_load(v, pC, &bNull);
    if (rc) return rc;
    if (bNull) {
      value_set_null(pOut);
      return SQLITE_OK;
    }
  }
  if (iField >= pC->nHdrField) {
    /* a row is usually read for several columns: parse the header of a
    ** narrow record in one go rather than one call per column */
    int iAhead = iField < VDBE_ROW_FIELDS ? VDBE_ROW_FIELDS - 1 : iField;
    rc = vdbe_parse_row_header_ahead(pC, iField, iAhead);
    if (rc) return rc;
    if (iField >= pC->nHdrField) return SQLITE_DONE; /* beyond the record: the default */
  }
  ASSERT(iField >= 0);
  u32 off = pC->aOffset[iField];
  u64 st = pC->aType[iField];
  const u8 *p = pC->pRow + off;
  /* vdbe_parse_row_header checked that the field lies inside the record */
  if (vdbe_serial_number(pOut, p, st)) return SQLITE_OK;
  if (st < 12) return ERR_CORRUPT();
  return column_bytes(pOut, p, (u32)((st - 12) / 2), st, v->db->enc ? v->db->enc : SQLITE_UTF8);
}

int vdbe_op_column(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pOut = &v->aMem[pOp->p3];
  if (pC == NULL) return no_cursor(v, pOp->p1);
  int rc = vdbe_cursor_column(v, pC, pOp->p2, pOut);
  if (rc == SQLITE_DONE) {
    if (pOp->p4type == P4_MEM && pOp->p4.pMem) return value_copy(pOut, pOp->p4.pMem);
    value_set_null(pOut);
    return SQLITE_OK;
  }
  return rc;
}

static int op_rowid(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pOut = &v->aMem[pOp->p2];
  i64 rowid = 0;
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pC->deferredMoveto) {
    value_set_int(pOut, pC->movetoTarget);
    return SQLITE_OK;
  }
  if (pC->nullRow || pC->pCur == NULL || btree_eof(pC->pCur)) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  int rc = btree_rowid(pC->pCur, &rowid);
  if (rc == SQLITE_OK) value_set_int(pOut, rowid);
  return rc;
}

/* OP_IdxRowid: the last field of the index record. */
static int op_idx_rowid(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pOut = &v->aMem[pOp->p2];
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pC->nullRow || btree_eof(pC->pCur)) {
    value_set_null(pOut);
    return SQLITE_OK;
  }
  int rc = load_row(v, pC);
  if (rc == SQLITE_OK) rc = vdbe_parse_row_header(pC, -1);
  if (rc) return rc;
  if (pC->nRecField < 1) return ERR_CORRUPT();
  int i = pC->nRecField - 1;
  rc = vdbe_serial_get(pC->pRow + pC->aOffset[i], pC->nRow - pC->aOffset[i], pC->aType[i], pOut,
                       1, SQLITE_UTF8);
  if (rc == SQLITE_OK && !(pOut->flags & VAL_INT)) rc = ERR_CORRUPT();
  return rc;
}

static int op_row_data(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL) return no_cursor(v, pOp->p1);
  int rc = finish_seek(v, pC);
  if (rc) return rc;
  if (pC->nullRow || (pC->pCur && btree_eof(pC->pCur))) {
    value_set_null(&v->aMem[pOp->p2]);
    return SQLITE_OK;
  }
  rc = load_row(v, pC);
  if (rc) return rc;
  return value_set_blob(&v->aMem[pOp->p2], pC->pRow, (int)pC->nRow, SQLITE_TRANSIENT);
}

/* ------------------------------------------------------------- moving */

static int op_rewind_last(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  int bEmpty = 1, rc;
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pOp->opcode == OP_Sort) v->aCounter[SQLITE_STMTSTATUS_SORT]++;
  if (pC->eCurType == CURTYPE_SORTER) {
    rc = sorter_sort(pC->pSorter, &bEmpty);
  } else if (pOp->opcode == OP_Last) {
    rc = btree_last(pC->pCur, &bEmpty);
  } else {
    rc = btree_first(pC->pCur, &bEmpty);
  }
  moved(v, pC, bEmpty);
  if (rc) return rc;
  if (bEmpty) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

static int op_next_prev(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  int rc, bEof;
  if (pC == NULL) return no_cursor(v, pOp->p1);
  int iSkip = pC->iSkip;
  if (pC->eCurType == CURTYPE_SORTER) {
    rc = sorter_next(pC->pSorter, &bEof);
  } else if ((iSkip > 0 && pOp->opcode == OP_Next) || (iSkip < 0 && pOp->opcode == OP_Prev)) {
    /* re-seeked onto the entry that follows the vanished one: stay */
    rc = SQLITE_OK;
    bEof = btree_eof(pC->pCur);
  } else {
    if (pC->isEof && btree_eof(pC->pCur)) return SQLITE_OK; /* never positioned: done */
    rc = pOp->opcode == OP_Prev ? btree_prev(pC->pCur) : btree_next(pC->pCur);
    bEof = btree_eof(pC->pCur);
  }
  moved(v, pC, bEof);
  if (rc) return rc;
  if (bEof) return SQLITE_OK;
  /* SQLite counts only steps that land on a row, not the final step off the end */
  if (pOp->p5 > 0 && pOp->p5 < ARRAY_SIZE(v->aCounter)) v->aCounter[pOp->p5]++;
  JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

/* SeekRowid / NotExists: position table cursor P1 at rowid reg P3. */
static int op_seek_rowid(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pKey = &v->aMem[pOp->p3];
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pOp->opcode == OP_SeekRowid && (pKey->flags & VAL_TYPEMASK) != VAL_INT) {
    Value tmp;
    value_init(&tmp, v->db);
    value_copy(&tmp, pKey);
    value_apply_affinity(&tmp, AFF_NUMERIC, SQLITE_UTF8);
    int bInt = (tmp.flags & VAL_TYPEMASK) == VAL_INT;
    i64 iKey = bInt ? tmp.u.i : 0;
    value_release(&tmp);
    if (!bInt) {
      moved(v, pC, 1);
      JUMP_TO(pOp->p2);
      return SQLITE_OK;
    }
    return seek_rowid_int(v, pC, iKey, pOp, pPc);
  }
  return seek_rowid_int(v, pC, value_int64(pKey), pOp, pPc);
}

static int seek_rowid_int(Vdbe *v, VdbeCursor *pC, i64 iKey, VdbeOp *pOp, int *pPc) {
  int res = 0;
  int rc = btree_table_moveto(pC->pCur, iKey, &res);
  int bFound = rc == SQLITE_OK && res == 0 && !btree_eof(pC->pCur);
  moved(v, pC, !bFound);
  if (rc) return rc;
  if (!bFound) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

/* Seeks on a table cursor: the key is a number in reg P3. */
static int seek_table(Vdbe *v, VdbeCursor *pC, VdbeOp *pOp, int *pPc) {
  Value *pIn = &v->aMem[pOp->p3];
  int op = pOp->opcode;
  i64 iKey;
  Value tmp;
  value_init(&tmp, v->db);
  value_copy(&tmp, pIn);
  value_apply_affinity(&tmp, AFF_NUMERIC, SQLITE_UTF8);
  int t = tmp.flags & VAL_TYPEMASK;
  double r = tmp.u.r;
  iKey = tmp.u.i;
  value_release(&tmp);
  if (t == VAL_REAL) {
    /* a fractional bound becomes the integer bound keeping the same rowids:
    ** >= 2.5 and > 2.5 mean >= 3; <= 2.5 and < 2.5 mean <= 2 */
    double f = (op == OP_SeekGE || op == OP_SeekGT) ? ceil(r) : floor(r);
    if (f >= 9.2233720368547758e18) {
      if (op == OP_SeekGE || op == OP_SeekGT) goto no_match;
      iKey = INT64_MAX;
      op = OP_SeekLE;
    } else if (f < -9.2233720368547758e18) {
      if (op == OP_SeekLE || op == OP_SeekLT) goto no_match;
      iKey = INT64_MIN;
      op = OP_SeekGE;
    } else {
      iKey = (i64)f;
      if (f != r) op = (op == OP_SeekGE || op == OP_SeekGT) ? OP_SeekGE : OP_SeekLE;
    }
  } else if (t != VAL_INT) {
    /* NULL, text or blob: larger than every rowid */
    if (op == OP_SeekGT || op == OP_SeekGE || t == VAL_NULL) goto no_match;
    int bEmpty;
    int rc = btree_last(pC->pCur, &bEmpty);
    moved(v, pC, bEmpty);
    if (rc) return rc;
    if (bEmpty) JUMP_TO(pOp->p2);
    return SQLITE_OK;
  }
  return seek_table_int(v, pC, op, iKey, pOp, pPc);
no_match:
  moved(v, pC, 1);
  JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

static int seek_table_int(Vdbe *v, VdbeCursor *pC, int op, i64 iKey, VdbeOp *pOp, int *pPc) {
  int res = 0;
  int rc = btree_table_moveto(pC->pCur, iKey, &res);
  if (rc == SQLITE_OK && !btree_eof(pC->pCur)) {
    if ((op == OP_SeekGE && res < 0) || (op == OP_SeekGT && res <= 0)) {
      rc = btree_next(pC->pCur);
    } else if ((op == OP_SeekLE && res > 0) || (op == OP_SeekLT && res >= 0)) {
      rc = btree_prev(pC->pCur);
    }
  } else if (rc == SQLITE_OK && (op == OP_SeekLE || op == OP_SeekLT)) {
    int bEmpty; /* key beyond the last entry: the last one qualifies */
    rc = btree_last(pC->pCur, &bEmpty);
    if (rc == SQLITE_OK && !bEmpty) {
      i64 last;
      rc = btree_rowid(pC->pCur, &last);
      if (rc == SQLITE_OK && (last > iKey || (op == OP_SeekLT && last == iKey))) {
        rc = btree_prev(pC->pCur);
      }
    }
  }
  int bEof = rc != SQLITE_OK || btree_eof(pC->pCur);
  moved(v, pC, bEof);
  if (rc) return rc;
  if (bEof) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

/* Index seeks (invariant 3): equal prefixes count as larger than the key
** for GE and LT, as smaller for GT and LE; then one step fixes the side. */
static int seek_index(Vdbe *v, VdbeCursor *pC, VdbeOp *pOp, int *pPc) {
  int op = pOp->opcode, res = 0;
  VdbeKey k;
  k.pKeyInfo = pC->pKeyInfo;
  k.aVal = &v->aMem[pOp->p3];
  k.nField = (u16)(pOp->p4type == P4_INT32 ? pOp->p4.i : 1);
  k.default_rc = (op == OP_SeekGE || op == OP_SeekLT) ? 1 : -1;
  k.eqSeen = 0;
  int rc = btree_index_moveto(pC->pCur, &k, &res);
  if (rc == SQLITE_OK && !btree_eof(pC->pCur)) {
    if ((op == OP_SeekGE || op == OP_SeekGT) && res < 0) rc = btree_next(pC->pCur);
    if ((op == OP_SeekLE || op == OP_SeekLT) && res > 0) rc = btree_prev(pC->pCur);
  } else if (rc == SQLITE_OK && (op == OP_SeekLE || op == OP_SeekLT)) {
    int bEmpty;
    rc = btree_last(pC->pCur, &bEmpty);
    if (rc == SQLITE_OK && !bEmpty) {
      int c = 0;
      rc = cursor_key_cmp(v, pC, &k, &c);
      if (rc == SQLITE_OK && c > 0) rc = btree_prev(pC->pCur);
    }
  }
  int bEof = rc != SQLITE_OK || btree_eof(pC->pCur);
  moved(v, pC, bEof);
  if (rc) return rc;
  if (bEof) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

static int op_seek(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pC->isTable) return seek_table(v, pC, pOp, pPc);
  return seek_index(v, pC, pOp, pPc);
}

/* Compares the cursor's current index entry with k: sets *pc to the
** comparison of the entry against the key. */
static int cursor_key_cmp(Vdbe *v, VdbeCursor *pC, VdbeKey *k, int *pc) {
  int rc = load_row(v, pC);
  if (rc) return rc;
  *pc = vdbe_key_compare(pC->pKeyInfo, pC->pRow, (int)pC->nRow, k, &rc);
  return rc;
}

/* Builds an unpacked key for Found/NotFound/NoConflict/IdxInsert: either
** P4 registers from P3, or the fields of the record in reg P3 decoded into
** *paTmp (caller releases with free_key_vals). */
static int build_key(Vdbe *v, VdbeCursor *pC, int iReg, int nReg, VdbeKey *k, Value **paTmp) {
  *paTmp = NULL;
  k->pKeyInfo = pC->pKeyInfo;
  k->default_rc = 0;
  k->eqSeen = 0;
  if (nReg > 0) {
    k->aVal = &v->aMem[iReg];
    k->nField = (u16)nReg;
    return SQLITE_OK;
  }
  Value *pRec = &v->aMem[iReg];
  if (!(pRec->flags & VAL_BLOB)) return ERR_CORRUPT();
  int n = pC->pKeyInfo->nAllField, nField = 0;
  Value *a = mem_zalloc(sizeof(Value) * (u64)(n + 1));
  if (a == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < n; i++) value_init(&a[i], v->db);
  *paTmp = a;
  k->aVal = a;
  int rc = vdbe_record_unpack(v->db, (const u8 *)pRec->z, pRec->n, a, n, &nField);
  k->nField = (u16)nField;
  return rc;
}

static void free_key_vals(Value *a, int n) {
  if (a == NULL) return;
  for (int i = 0; i < n; i++) value_release(&a[i]);
  mem_free(a);
}

/* Found, NotFound, NoConflict, IfNoHope. */
static int op_found(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pKeyInfo == NULL) return no_cursor(v, pOp->p1);
  VdbeKey k;
  Value *aTmp;
  int res = 1;
  int rc = build_key(v, pC, pOp->p3, pOp->p4type == P4_INT32 ? pOp->p4.i : 0, &k, &aTmp);
  if (rc == SQLITE_OK && pOp->opcode == OP_NoConflict) {
    for (int i = 0; i < k.nField; i++) {
      if (k.aVal[i].flags & VAL_NULL) {
        free_key_vals(aTmp, pC->pKeyInfo->nAllField);
        JUMP_TO(pOp->p2);
        return SQLITE_OK;
      }
    }
  }
  if (rc == SQLITE_OK) rc = btree_index_moveto(pC->pCur, &k, &res);
  free_key_vals(aTmp, pC->pKeyInfo->nAllField);
  int bFound = rc == SQLITE_OK && res == 0 && !btree_eof(pC->pCur);
  moved(v, pC, !bFound);
  if (rc) return rc;
  if (pOp->opcode == OP_Found ? bFound : !bFound) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

/* IdxGE/GT/LE/LT: compare the current entry (without its rowid) with
** P4 registers from P3. */
static int op_idx_compare(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pKeyInfo == NULL) return no_cursor(v, pOp->p1);
  VdbeKey k = {pC->pKeyInfo, &v->aMem[pOp->p3],
               (u16)(pOp->p4type == P4_INT32 ? pOp->p4.i : 1), 0, 0};
  int c = 0;
  if (pC->nullRow || btree_eof(pC->pCur)) return ERR_CORRUPT();
  int rc = cursor_key_cmp(v, pC, &k, &c);
  if (rc) return rc;
  int bJump;
  switch (pOp->opcode) {
    case OP_IdxGE: bJump = c >= 0; break;
    case OP_IdxGT: bJump = c > 0; break;
    case OP_IdxLE: bJump = c <= 0; break;
    default: bJump = c < 0; break;
  }
  if (bJump) JUMP_TO(pOp->p2);
  return SQLITE_OK;
}

static int op_deferred_seek(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pIdx = get_cursor(v, pOp->p1), *pTab = get_cursor(v, pOp->p3);
  if (pIdx == NULL || pTab == NULL) return no_cursor(v, pOp->p1);
  Value r;
  value_init(&r, v->db);
  int rc = load_row(v, pIdx);
  if (rc == SQLITE_OK) rc = vdbe_parse_row_header(pIdx, -1);
  if (rc == SQLITE_OK && pIdx->nRecField >= 1) {
    int i = pIdx->nRecField - 1;
    rc = vdbe_serial_get(pIdx->pRow + pIdx->aOffset[i], pIdx->nRow - pIdx->aOffset[i],
                         pIdx->aType[i], &r, 0, SQLITE_UTF8);
    if (rc == SQLITE_OK && !(r.flags & VAL_INT)) rc = ERR_CORRUPT();
  } else if (rc == SQLITE_OK) {
    rc = ERR_CORRUPT();
  }
  if (rc == SQLITE_OK) {
    pTab->movetoTarget = r.u.i;
    pTab->deferredMoveto = 1;
    pTab->nullRow = 0;
    pTab->isEof = 0;
  }
  value_release(&r);
  return rc;
}

/* ------------------------------------------------------------- writing */

/* Calls the update hook for a change to table zTab of database iDb. */
static void update_hook(Vdbe *v, int op, int iDb, const char *zTab, i64 rowid) {
  sqlite3 *db = v->db;
  if (db->xUpdateHook == NULL || zTab == NULL || iDb < 0) return;
  db->xUpdateHook(db->pUpdateArg, op, db->aDb[iDb].zDbSName, zTab, rowid);
}

static const char *p4_table_name(VdbeOp *pOp) {
  return (pOp->p4type == P4_STATIC || pOp->p4type == P4_DYNAMIC) ? pOp->p4.z : NULL;
}

static int op_insert(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pData = &v->aMem[pOp->p2];
  if (pC == NULL || pC->pCur == NULL) return no_cursor(v, pOp->p1);
  i64 rowid = value_int64(&v->aMem[pOp->p3]);
  if (pData->flags & VAL_ZERO) {
    int rc = value_expand_zeroblob(pData);
    if (rc) return rc;
  }
  const void *z = (pData->flags & (VAL_BLOB | VAL_STR)) ? pData->z : NULL;
  int n = z ? pData->n : 0;
  int rc = btree_insert(pC->pCur, rowid, z ? z : "", n);
  moved(v, pC, 0);
  if (rc) return rc;
  if (pOp->p5 & OPFLAG_NCHANGE) {
    v->nChange++;
    v->bChangeCntOn = 1;
  }
  if (pOp->p5 & OPFLAG_LASTROWID) v->db->lastRowid = rowid;
  if (!(pOp->p5 & OPFLAG_ISNOOP)) {
    update_hook(v, (pOp->p5 & OPFLAG_ISUPDATE) ? SQLITE_UPDATE : SQLITE_INSERT, pC->iDb,
                p4_table_name(pOp), rowid);
  }
  return SQLITE_OK;
}

static int op_delete(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pCur == NULL) return no_cursor(v, pOp->p1);
  int rc = finish_seek(v, pC);
  if (rc) return rc;
  if (btree_eof(pC->pCur)) return ERR_CORRUPT();
  i64 rowid = 0;
  const char *zTab = p4_table_name(pOp);
  if (pC->isTable && zTab) {
    rc = btree_rowid(pC->pCur, &rowid);
    if (rc) return rc;
  }
  if (pOp->p5 & OPFLAG_ISNOOP) return SQLITE_OK;
  rc = btree_delete(pC->pCur);
  v->db->nVdbeCacheGen++;
  pC->nullRow = 0;
  if (rc) return rc;
  if (pOp->p2 & OPFLAG_NCHANGE) {
    v->nChange++;
    v->bChangeCntOn = 1;
  }
  if (pC->isTable) update_hook(v, SQLITE_DELETE, pC->iDb, zTab, rowid);
  return SQLITE_OK;
}

static int op_idx_insert(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  Value *pRec = &v->aMem[pOp->p2];
  if (pC == NULL || pC->pKeyInfo == NULL) return no_cursor(v, pOp->p1);
  if (!(pRec->flags & VAL_BLOB)) return ERR_CORRUPT();
  VdbeKey k;
  Value *aTmp;
  int nReg = pOp->p4type == P4_INT32 ? pOp->p4.i : 0;
  int rc = build_key(v, pC, nReg > 0 ? pOp->p3 : pOp->p2, nReg, &k, &aTmp);
  if (rc == SQLITE_OK) rc = btree_index_insert(pC->pCur, pRec->z, pRec->n, &k);
  free_key_vals(aTmp, pC->pKeyInfo->nAllField);
  moved(v, pC, 0);
  if (rc == SQLITE_OK && (pOp->p5 & OPFLAG_NCHANGE)) {
    v->nChange++;
    v->bChangeCntOn = 1;
  }
  return rc;
}

static int op_idx_delete(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pKeyInfo == NULL) return no_cursor(v, pOp->p1);
  VdbeKey k = {pC->pKeyInfo, &v->aMem[pOp->p2], (u16)pOp->p3, 0, 0};
  int res = 1;
  int rc = btree_index_moveto(pC->pCur, &k, &res);
  if (rc == SQLITE_OK && res == 0 && !btree_eof(pC->pCur)) {
    rc = btree_delete(pC->pCur);
  } else if (rc == SQLITE_OK && pOp->p5) {
    rc = SQLITE_CORRUPT_INDEX;
  }
  moved(v, pC, 1);
  return rc;
}

/* OP_NewRowid: one more than the largest rowid (or than reg P3 for
** AUTOINCREMENT); random probing once the largest is INT64_MAX. */
static int op_new_rowid(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pCur == NULL) return no_cursor(v, pOp->p1);
  i64 iMax = 0, iNew;
  int rc = btree_max_rowid(pC->pCur, &iMax);
  if (rc) return rc;
  if (pOp->p3 > 0) {
    Value *pAuto = &v->aMem[pOp->p3];
    i64 a = value_int64(pAuto);
    if (a == INT64_MAX) {
      vdbe_set_error(v, "database or disk is full");
      return SQLITE_FULL;
    }
    if (a > iMax) iMax = a;
  }
  if (iMax < INT64_MAX) {
    iNew = iMax + 1;
  } else {
    rc = random_rowid(v, pC, &iNew);
    if (rc) return rc;
  }
  if (pOp->p3 > 0) value_set_int(&v->aMem[pOp->p3], iNew);
  value_set_int(&v->aMem[pOp->p2], iNew);
  moved(v, pC, 1);
  return SQLITE_OK;
}

static int random_rowid(Vdbe *v, VdbeCursor *pC, i64 *piNew) {
  for (int i = 0; i < 100; i++) {
    u64 r = 0;
    io_randomness(v->db->pIo, (int)sizeof(r), &r);
    i64 cand = (i64)(r & 0x7fffffffffffffffULL);
    if (cand == 0) continue;
    int res = 0;
    int rc = btree_table_moveto(pC->pCur, cand, &res);
    if (rc) return rc;
    if (res != 0 || btree_eof(pC->pCur)) {
      *piNew = cand;
      return SQLITE_OK;
    }
  }
  vdbe_set_error(v, "database or disk is full");
  return SQLITE_FULL;
}

/* ------------------------------------------------------------- sorter */

static int op_sorter(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->pSorter == NULL) return no_cursor(v, pOp->p1);
  switch (pOp->opcode) {
    case OP_SorterInsert: {
      Value *p = &v->aMem[pOp->p2];
      if (!(p->flags & VAL_BLOB)) return ERR_CORRUPT();
      return sorter_insert(pC->pSorter, (const u8 *)p->z, p->n);
    }
    case OP_SorterSort: case OP_Sort: {
      v->aCounter[SQLITE_STMTSTATUS_SORT]++;
      int bEmpty = 1;
      int rc = sorter_sort(pC->pSorter, &bEmpty);
      moved(v, pC, bEmpty);
      if (rc == SQLITE_OK && bEmpty) JUMP_TO(pOp->p2);
      return rc;
    }
    case OP_SorterData: {
      int n = 0;
      const u8 *p = sorter_rowdata(pC->pSorter, &n);
      if (p == NULL) return ERR_CORRUPT();
      v->db->nVdbeCacheGen++; /* the pseudo cursor P3 reads the new record */
      VdbeCursor *pPseudo = get_cursor(v, pOp->p3);
      if (pPseudo) pPseudo->nullRow = 0;
      return value_set_blob(&v->aMem[pOp->p2], p, n, SQLITE_TRANSIENT);
    }
    default: { /* SorterCompare */
      Value *p = &v->aMem[pOp->p3];
      int res = 0;
      if (!(p->flags & VAL_BLOB)) return ERR_CORRUPT();
      int rc = sorter_compare(pC->pSorter, (const u8 *)p->z, p->n,
                              pOp->p4type == P4_INT32 ? pOp->p4.i : 0, &res);
      if (rc == SQLITE_OK && res != 0) JUMP_TO(pOp->p2);
      return rc;
    }
  }
}

static int op_null_row(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL) {
    /* SQLite opens a pseudo cursor that reads NULLs (outer joins) */
    pC = vdbe_cursor_alloc(v, pOp->p1, CURTYPE_PSEUDO);
    if (pC == NULL) return SQLITE_NOMEM;
  }
  pC->nullRow = 1;
  pC->deferredMoveto = 0;
  v->db->nVdbeCacheGen++;
  return SQLITE_OK;
}

static int op_count(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  i64 n = 0;
  if (pC == NULL || pC->pCur == NULL) return no_cursor(v, pOp->p1);
  int rc = btree_count(pC->pCur, &n);
  moved(v, pC, 1);
  if (rc == SQLITE_OK) value_set_int(&v->aMem[pOp->p2], n);
  return rc;
}

static int op_sequence(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL) return no_cursor(v, pOp->p1);
  if (pOp->opcode == OP_SequenceTest) {
    if (pC->seqCount++ == 0) JUMP_TO(pOp->p2);
    return SQLITE_OK;
  }
  value_set_int(&v->aMem[pOp->p2], pC->seqCount++);
  return SQLITE_OK;
}

static int op_seek_end(Vdbe *v, VdbeOp *pOp) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  int bEmpty;
  if (pC == NULL || pC->pCur == NULL) return no_cursor(v, pOp->p1);
  int rc = btree_last(pC->pCur, &bEmpty);
  moved(v, pC, bEmpty);
  return rc;
}

static int op_if_null_row(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || pC->nullRow) {
    value_set_null(&v->aMem[pOp->p3]);
    JUMP_TO(pOp->p2);
  }
  return SQLITE_OK;
}

/* Opcodes that need P1 to be a b-tree cursor (a sorter is also accepted
** where the op supports one).  A wrong program gets an error, not a crash. */
static int check_btree_operand(Vdbe *v, VdbeOp *pOp) {
  int op = pOp->opcode, bSorterOk = 0;
  switch (op) {
    case OP_Rewind: case OP_Next: case OP_Sort: bSorterOk = 1; break;
    case OP_IdxRowid: case OP_Last: case OP_Prev: case OP_SeekRowid: case OP_NotExists:
    case OP_SeekGE: case OP_SeekGT: case OP_SeekLE: case OP_SeekLT: case OP_Found:
    case OP_NotFound: case OP_NoConflict: case OP_IfNoHope: case OP_IdxGE: case OP_IdxGT:
    case OP_IdxLE: case OP_IdxLT: case OP_Insert: case OP_Delete: case OP_IdxInsert:
    case OP_IdxDelete: case OP_NewRowid: case OP_Count: case OP_SeekEnd: case OP_FinishSeek:
      break;
    case OP_DeferredSeek: {
      VdbeCursor *pTab = get_cursor(v, pOp->p3);
      if (pTab == NULL || pTab->pCur == NULL) return no_cursor(v, pOp->p3);
      break;
    }
    default: return SQLITE_OK;
  }
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC && (pC->pCur || (bSorterOk && pC->pSorter))) return SQLITE_OK;
  return no_cursor(v, pOp->p1);
}

int vdbe_op_next(Vdbe *v, VdbeOp *pOp, int *pPc) {
  VdbeCursor *pC = get_cursor(v, pOp->p1);
  if (pC == NULL || (pC->pCur == NULL && pC->pSorter == NULL)) return no_cursor(v, pOp->p1);
  return op_next_prev(v, pOp, pPc);
}

int vdbe_exec_cursor_op(Vdbe *v, VdbeOp *pOp, int *pPc) {
  int rc = check_btree_operand(v, pOp);
  if (rc) return rc;
  switch (pOp->opcode) {
    case OP_OpenRead: case OP_OpenWrite: case OP_ReopenIdx: return open_btree_cursor(v, pOp);
    case OP_OpenEphemeral: case OP_OpenAutoindex: return open_ephemeral(v, pOp);
    case OP_OpenDup: return open_dup(v, pOp);
    case OP_OpenPseudo: case OP_SorterOpen: return open_pseudo_or_sorter(v, pOp);
    case OP_Close: vdbe_cursor_close(v, pOp->p1); return SQLITE_OK;
    case OP_Column: return vdbe_op_column(v, pOp);
    case OP_Rowid: return op_rowid(v, pOp);
    case OP_IdxRowid: return op_idx_rowid(v, pOp);
    case OP_RowData: return op_row_data(v, pOp);
    case OP_Rewind: case OP_Last: return op_rewind_last(v, pOp, pPc);
    case OP_Sort: {
      VdbeCursor *pC = get_cursor(v, pOp->p1);
      if (pC && pC->eCurType == CURTYPE_SORTER) return op_sorter(v, pOp, pPc);
      return op_rewind_last(v, pOp, pPc);
    }
    case OP_Next: case OP_Prev: case OP_SorterNext: return op_next_prev(v, pOp, pPc);
    case OP_SeekRowid: case OP_NotExists: return op_seek_rowid(v, pOp, pPc);
    case OP_SeekGE: case OP_SeekGT: case OP_SeekLE: case OP_SeekLT: return op_seek(v, pOp, pPc);
    case OP_Found: case OP_NotFound: case OP_NoConflict: case OP_IfNoHope:
      return op_found(v, pOp, pPc);
    case OP_IdxGE: case OP_IdxGT: case OP_IdxLE: case OP_IdxLT:
      return op_idx_compare(v, pOp, pPc);
    case OP_DeferredSeek: return op_deferred_seek(v, pOp);
    case OP_FinishSeek: {
      VdbeCursor *pC = get_cursor(v, pOp->p1);
      return pC ? finish_seek(v, pC) : no_cursor(v, pOp->p1);
    }
    case OP_Insert: return op_insert(v, pOp);
    case OP_Delete: return op_delete(v, pOp);
    case OP_IdxInsert: return op_idx_insert(v, pOp);
    case OP_IdxDelete: return op_idx_delete(v, pOp);
    case OP_NewRowid: return op_new_rowid(v, pOp);
    case OP_SorterInsert: case OP_SorterSort: case OP_SorterData: case OP_SorterCompare:
      return op_sorter(v, pOp, pPc);
    case OP_NullRow: return op_null_row(v, pOp);
    case OP_Count: return op_count(v, pOp);
    case OP_Sequence: case OP_SequenceTest: return op_sequence(v, pOp, pPc);
    case OP_SeekEnd: return op_seek_end(v, pOp);
    case OP_IfNullRow: return op_if_null_row(v, pOp, pPc);
    case OP_MakeRecord: return vdbe_op_make_record(v, pOp);
    default: return VDBE_NOT_MINE;
  }
}

/* ------------------------------------------------------------- records */

/* Serial type and body size of one value (fileformat2 "Record Format"). */
static u64 serial_type_of(Value *p, u32 *pnBody) {
  u16 f = p->flags;
  if (f & VAL_NULL) {
    *pnBody = 0;
    return 0;
  }
  if (f & VAL_INT) {
    i64 i = p->u.i;
    u64 u = i < 0 ? ~(u64)i : (u64)i;
    if (i == 0 || i == 1) {
      *pnBody = 0;
      return 8 + (u64)i;
    }
    static const u8 aLen[] = {1, 2, 3, 4, 6, 8};
    static const u64 aMax[] = {0x7f, 0x7fff, 0x7fffff, 0x7fffffff, 0x7fffffffffffULL};
    int k = 0;
    while (k < 5 && u > aMax[k]) k++;
    *pnBody = aLen[k];
    return (u64)k + 1;
  }
  if (f & VAL_REAL) {
    *pnBody = 8;
    return 7;
  }
  *pnBody = (u32)p->n;
  return (f & VAL_STR) ? 13 + 2 * (u64)p->n : 12 + 2 * (u64)p->n;
}

/* Writes value p of serial type st at z; returns bytes written. */
static u32 serial_put(u8 *z, Value *p, u64 st, u32 nBody) {
  if (st >= 1 && st <= 7) {
    u64 x;
    if (st == 7) {
      memcpy(&x, &p->u.r, 8);
    } else {
      x = (u64)p->u.i;
    }
    for (u32 i = nBody; i > 0; i--) {
      z[i - 1] = (u8)x;
      x >>= 8;
    }
    return nBody;
  }
  if (st >= 12 && nBody) memcpy(z, p->z, nBody);
  return st >= 12 ? nBody : 0;
}

/* OP_MakeRecord: reg P3 = record of P2 registers from P1, after applying
** the affinity string P4 to them (in place, as SQLite does). */
int vdbe_op_make_record(Vdbe *v, VdbeOp *pOp) {
  Value *a = &v->aMem[pOp->p1];
  int n = pOp->p2;
  const char *zAff = (pOp->p4type == P4_STATIC || pOp->p4type == P4_DYNAMIC) ? pOp->p4.z : NULL;
  u64 nHdr = 0, nBody = 0;
  ASSERT(n >= 0);
  for (int i = 0; i < n; i++) {
    if (zAff && zAff[i]) {
      value_apply_affinity(&a[i], zAff[i], v->db->enc);
    } else if (zAff) {
      zAff = NULL;
    }
    if ((a[i].flags & VAL_ZERO) && value_expand_zeroblob(&a[i])) return SQLITE_NOMEM;
    if ((a[i].flags & VAL_STR) && !(a[i].flags & (VAL_INT | VAL_REAL)) &&
        a[i].enc != v->db->enc && v->db->enc && value_change_encoding(&a[i], v->db->enc)) {
      return SQLITE_NOMEM;
    }
    u32 nb;
    u64 st = serial_type_of(&a[i], &nb);
    nHdr += (u64)varint_len(st);
    nBody += nb;
  }
  /* the header size varint counts itself */
  u64 k = 1;
  while ((u64)varint_len(nHdr + k) > k) k++;
  u64 szHdr = nHdr + k;
  u64 nTotal = szHdr + nBody;
  if (nTotal > (u64)v->db->aLimit[SQLITE_LIMIT_LENGTH]) {
    vdbe_set_error(v, "string or blob too big");
    return SQLITE_TOOBIG;
  }
  u8 *z = mem_malloc(nTotal + 1);
  if (z == NULL) return SQLITE_NOMEM;
  u32 iHdr = (u32)varint_put(z, szHdr), iBody = (u32)szHdr;
  for (int i = 0; i < n; i++) {
    u32 nb;
    u64 st = serial_type_of(&a[i], &nb);
    iHdr += (u32)varint_put(z + iHdr, st);
    iBody += serial_put(z + iBody, &a[i], st, nb);
  }
  ASSERT(iHdr == szHdr && iBody == nTotal);
  return value_set_blob(&v->aMem[pOp->p3], z, (int)nTotal, mem_free);
}

/* ------------------------------------------------- surviving a rollback */

static int cursor_save_one(VdbeCursor *pC) {
  pC->bSaved = 0;
  if (pC->isEof || pC->nullRow || pC->deferredMoveto || btree_eof(pC->pCur)) return SQLITE_OK;
  if (pC->isTable) {
    pC->bSaved = 1;
    return btree_rowid(pC->pCur, &pC->iSavedRowid);
  }
  u32 n = 0;
  int rc = btree_payload_size(pC->pCur, &n);
  if (rc) return rc;
  mem_free(pC->pSavedKey);
  pC->pSavedKey = mem_malloc((u64)n + 1);
  if (pC->pSavedKey == NULL) return SQLITE_NOMEM;
  pC->nSavedKey = (int)n;
  pC->bSaved = 1;
  return btree_payload(pC->pCur, 0, n, pC->pSavedKey);
}

int vdbe_cursors_save(Vdbe *v) {
  int rc = SQLITE_OK;
  for (int i = 0; i < v->nCursor && rc == SQLITE_OK; i++) {
    VdbeCursor *pC = v->apCsr[i];
    if (pC == NULL || pC->eCurType != CURTYPE_BTREE || pC->pEph || pC->pCur == NULL) continue;
    rc = cursor_save_one(pC);
  }
  return rc;
}

/* Re-seeks an index cursor at its saved key; *pRes as btree_index_moveto. */
static int cursor_reseek_index(Vdbe *v, VdbeCursor *pC, int *pRes) {
  if (pC->pKeyInfo == NULL) return SQLITE_NOMEM;
  int n = pC->pKeyInfo->nAllField, nField = 0;
  Value *a = mem_zalloc(sizeof(Value) * (u64)(n + 1));
  if (a == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < n; i++) value_init(&a[i], v->db);
  int rc = vdbe_record_unpack(v->db, pC->pSavedKey, pC->nSavedKey, a, n, &nField);
  if (rc == SQLITE_OK) {
    VdbeKey k = {pC->pKeyInfo, a, (u16)nField, 0, 0};
    rc = btree_index_moveto(pC->pCur, &k, pRes);
  }
  free_key_vals(a, n);
  return rc;
}

int vdbe_cursors_restore(Vdbe *v) {
  int rc = SQLITE_OK;
  for (int i = 0; i < v->nCursor && rc == SQLITE_OK; i++) {
    VdbeCursor *pC = v->apCsr[i];
    if (pC == NULL || !pC->bSaved) continue;
    int res = 0;
    pC->bSaved = 0;
    if (pC->isTable) {
      rc = btree_table_moveto(pC->pCur, pC->iSavedRowid, &res);
    } else {
      rc = cursor_reseek_index(v, pC, &res);
    }
    mem_free(pC->pSavedKey);
    pC->pSavedKey = NULL;
    int bEof = rc != SQLITE_OK || btree_eof(pC->pCur);
    moved(v, pC, bEof);
    /* on a larger neighbour Next must not move; on a smaller one Prev */
    if (!bEof && res != 0) pC->iSkip = (i8)(res > 0 ? 1 : -1);
  }
  return rc;
}
