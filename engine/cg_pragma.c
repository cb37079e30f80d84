/*
** cg_pragma.c: the PRAGMAs stock clients and tests use.  Unknown pragmas
** compile to an empty program, as in SQLite.
**
** Schema-describing pragmas (table_info, index_list, index_info,
** database_list, compile_options) produce their rows at compile time as
** constants; header values (user_version, schema_version, application_id,
** freelist_count, page_count) are read or written at run time through
** OP_ReadCookie/OP_SetCookie/OP_Pagecount inside a transaction.
**
** Invariants:
**   1. A pragma that sets a value returns no row, except journal_mode and
**      busy_timeout (which report the new value, as SQLite does).
**   2. Column names are SQLite's (the pragma name for single values).
*/
#include "cg.h"
#include "btree.h"
#include "func.h"
#include <stdlib.h>

/* Result column names; for a table-valued pragma (pragma_xxx in FROM) they
** become the columns of the materialized table instead. */
static void pragma_names(Cg *pCg, const char *const *azName, int n) {
  if (pCg->iPragmaEph >= 0) {
    pCg->azPragmaCol = azName;
    pCg->nPragmaCol = n;
    return;
  }
  vdbe_set_num_cols(pCg->v, n);
  for (int i = 0; i < n; i++) {
    vdbe_set_col_name(pCg->v, i, COLNAME_NAME, azName[i], SQLITE_STATIC);
  }
}

/* One result row (or one row of the materialized pragma table). */
static void pragma_row(Cg *pCg, int reg, int n) {
  Vdbe *v = pCg->v;
  if (pCg->iPragmaEph < 0) {
    vdbe_add_op2(v, OP_ResultRow, reg, n);
    return;
  }
  int r = cg_reg(pCg, 2);
  vdbe_add_op3(v, OP_MakeRecord, reg, n, r);
  vdbe_add_op2(v, OP_NewRowid, pCg->iPragmaEph, r + 1);
  vdbe_add_op3(v, OP_Insert, pCg->iPragmaEph, r, r + 1);
}

static void pragma_str(Cg *pCg, const char *z, int reg) {
  if (z) vdbe_add_op4(pCg->v, OP_String8, 0, reg, 0, z, P4_TRANSIENT);
  else vdbe_add_op2(pCg->v, OP_Null, 0, reg);
}

/* One result row holding a single integer or text. */
static void pragma_result_int(Cg *pCg, const char *zName, i64 v) {
  pragma_names(pCg, &zName, 1);
  int r = cg_reg(pCg, 1);
  vdbe_add_op4_dup8(pCg->v, OP_Int64, 0, r, 0, &v, P4_INT64);
  pragma_row(pCg, r, 1);
}

static void pragma_result_text(Cg *pCg, const char *zName, const char *z) {
  pragma_names(pCg, &zName, 1);
  int r = cg_reg(pCg, 1);
  pragma_str(pCg, z, r);
  pragma_row(pCg, r, 1);
}

/* Boolean value text: on/yes/true/1 -> 1; off/no/false/0 -> 0. */
static int pragma_bool(const char *z) {
  if (z == NULL) return 0;
  if (str_icmp(z, "on") == 0 || str_icmp(z, "yes") == 0 || str_icmp(z, "true") == 0) return 1;
  if (str_icmp(z, "off") == 0 || str_icmp(z, "no") == 0 || str_icmp(z, "false") == 0) return 0;
  return atoi(z) != 0;
}

/* user_version & co: header field iMeta of db iDb. */
static void pragma_header(Cg *pCg, PragmaStmt *p, int iDb, int iMeta) {
  Vdbe *v = pCg->v;
  if (p->zValue) {
    cg_use_db(pCg, iDb, 1);
    vdbe_add_op3(v, OP_SetCookie, iDb, iMeta, atoi(p->zValue));
    return;
  }
  cg_use_db(pCg, iDb, 0);
  pragma_names(pCg, &p->zName, 1);
  int r = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_ReadCookie, iDb, r, iMeta);
  pragma_row(pCg, r, 1);
}

static int pragma_pk_pos(Table *pTab, int iCol) {
  if (pTab->iPKey == iCol) return 1;
  if (!pTab->aCol[iCol].bPrimKey) return 0;
  for (Index *x = pTab->pPk ? pTab->pPk : pTab->pIndex; x; x = x->pNext) {
    if (x->idxType != IDX_PRIMKEY) continue;
    for (int j = 0; j < x->nKeyCol; j++) {
      if (x->aiColumn[j] == iCol) return j + 1;
    }
  }
  return 1;
}

/* The column shape of a view: its SELECT is compiled (behind a jump, never
** run) to learn the names and affinities, as SQLite derives them. */
static Table *pragma_view_shape(Cg *pCg, Table *pView) {
  Select *pSel = ast_dup_select(pCg->pArena, pView->pSelect);
  if (pSel == NULL || pCg->pArena->bOom) return cg_check_alloc(pCg, NULL);
  Table *pShape = NULL;
  int addr = vdbe_add_op0(pCg->v, OP_Goto);
  SelectDest d = {.eDest = SRT_DISCARD, .ppShape = &pShape};
  cg_select(pCg, pSel, &d, NULL);
  vdbe_jump_here(pCg->v, addr);
  if (pShape) {
    static const char *azType[] = {"", "TEXT", "NUM", "INT", "REAL"};
    for (int i = 0; i < pShape->nCol; i++) {
      char a = pShape->aCol[i].affinity;
      pShape->aCol[i].zType = (a >= AFF_TEXT && a <= AFF_REAL) ? azType[a - AFF_BLOB] : "";
    }
  }
  return pShape;
}

static void pragma_table_info(Cg *pCg, PragmaStmt *p) {
  static const char *az[] = {"cid", "name", "type", "notnull", "dflt_value", "pk", "hidden"};
  int nOut = str_icmp(p->zName, "table_xinfo") == 0 ? 7 : 6;   /* xinfo: + hidden (0) */
  Table *pTab = p->zValue ? schema_find_table(pCg->db, p->zDb, p->zValue) : NULL;
  if (pTab && pTab->eType == TAB_VIEW) pTab = pragma_view_shape(pCg, pTab);
  if (pTab == NULL) return;
  Vdbe *v = pCg->v;
  pragma_names(pCg, az, nOut);
  int r = cg_reg(pCg, 7);
  for (int i = 0; i < pTab->nCol; i++) {
    Column *c = &pTab->aCol[i];
    vdbe_add_op2(v, OP_Integer, i, r);
    pragma_str(pCg, c->zName, r + 1);
    pragma_str(pCg, c->zType ? c->zType : "", r + 2);
    vdbe_add_op2(v, OP_Integer, c->notNull ? 1 : 0, r + 3);
    pragma_str(pCg, c->zDfltText, r + 4);
    vdbe_add_op2(v, OP_Integer, pragma_pk_pos(pTab, i), r + 5);
    vdbe_add_op2(v, OP_Integer, 0, r + 6);
    pragma_row(pCg, r, nOut);
  }
}

static void pragma_index_list(Cg *pCg, PragmaStmt *p) {
  static const char *az[] = {"seq", "name", "unique", "origin", "partial"};
  static const char *azOrigin[] = {"c", "u", "pk"};
  Table *pTab = p->zValue ? schema_find_table(pCg->db, p->zDb, p->zValue) : NULL;
  if (pTab == NULL) return;
  Index *aIdx[256];
  int n = 0;
  if (pTab->pPk) aIdx[n++] = pTab->pPk;   /* the oldest: listed last */
  for (Index *x = pTab->pIndex; x && n < 256; x = x->pNext) aIdx[n++] = x;
  Vdbe *v = pCg->v;
  pragma_names(pCg, az, 5);
  int r = cg_reg(pCg, 5);
  for (int k = 0; k < n; k++) {
    Index *x = aIdx[n - 1 - k];   /* newest first, as SQLite lists them */
    vdbe_add_op2(v, OP_Integer, k, r);
    pragma_str(pCg, x->zName, r + 1);
    vdbe_add_op2(v, OP_Integer, x->onError ? 1 : 0, r + 2);
    pragma_str(pCg, azOrigin[x->idxType % 3], r + 3);
    vdbe_add_op2(v, OP_Integer, x->pPartial ? 1 : 0, r + 4);
    pragma_row(pCg, r, 5);
  }
}

/* index_info (bX 0): the key columns; index_xinfo (bX 1): every field of an
** entry with its order, collation and whether it is a key column. */
static void pragma_index_info(Cg *pCg, PragmaStmt *p, int bX) {
  static const char *az[] = {"seqno", "cid", "name", "desc", "coll", "key"};
  Index *x = p->zValue ? schema_find_index(pCg->db, p->zDb, p->zValue) : NULL;
  if (x == NULL) return;
  Vdbe *v = pCg->v;
  int nOut = bX ? 6 : 3;
  pragma_names(pCg, az, nOut);
  int r = cg_reg(pCg, 6);
  int bRowid = !x->pTable->bWithoutRowid;
  int n = bX ? x->nColumn + bRowid : x->nKeyCol;
  for (int j = 0; j < n; j++) {
    int iCol = j < x->nColumn ? x->aiColumn[j] : -1;
    vdbe_add_op2(v, OP_Integer, j, r);
    vdbe_add_op2(v, OP_Integer, iCol, r + 1);
    pragma_str(pCg, iCol >= 0 ? x->pTable->aCol[iCol].zName : NULL, r + 2);
    vdbe_add_op2(v, OP_Integer, j < x->nColumn ? x->aDesc[j] : 0, r + 3);
    pragma_str(pCg, j < x->nColumn ? x->azColl[j] : "BINARY", r + 4);
    vdbe_add_op2(v, OP_Integer, j < x->nKeyCol, r + 5);
    pragma_row(pCg, r, nOut);
  }
}

static void pragma_database_list(Cg *pCg) {
  static const char *az[] = {"seq", "name", "file"};
  Vdbe *v = pCg->v;
  pragma_names(pCg, az, 3);
  int r = cg_reg(pCg, 3);
  for (int i = 0; i < pCg->db->nDb; i++) {
    Db *pDb = &pCg->db->aDb[i];
    if (pDb->pBt == NULL) continue;
    vdbe_add_op2(v, OP_Integer, i, r);
    pragma_str(pCg, pDb->zDbSName, r + 1);
    pragma_str(pCg, pager_filename(btree_pager(pDb->pBt)), r + 2);
    pragma_row(pCg, r, 3);
  }
}

static void pragma_compile_options(Cg *pCg) {
  const char *zName = "compile_options";
  pragma_names(pCg, &zName, 1);
  int r = cg_reg(pCg, 1);
  for (int i = 0; i < 1000; i++) {
    const char *z = func_compileoption_get(i);
    if (z == NULL) break;
    pragma_str(pCg, z, r);
    pragma_row(pCg, r, 1);
  }
  pragma_str(pCg, "NG", r);   /* last, after the reference's list: identifies this library */
  pragma_row(pCg, r, 1);
}

/* Root pages of every table and index of db iDb, count in [0]. */
static int *pragma_roots(Cg *pCg, int iDb) {
  Schema *pSchema = schema_get(pCg->db, iDb);
  int n = 1;
  for (Table *t = pSchema ? pSchema->pTables : NULL; t; t = t->pNext) {
    n++;
    for (Index *x = t->pIndex; x; x = x->pNext) n++;
  }
  int *ai = cg_check_alloc(pCg, mem_malloc(sizeof(int) * (u64)(n + 1)));
  if (ai == NULL) return NULL;
  ai[0] = 0;
  ai[++ai[0]] = 1;
  for (Table *t = pSchema ? pSchema->pTables : NULL; t; t = t->pNext) {
    if (t->tnum) ai[++ai[0]] = (int)t->tnum;
    for (Index *x = t->pIndex; x; x = x->pNext) {
      if (x->tnum) ai[++ai[0]] = (int)x->tnum;
    }
  }
  return ai;
}

/* Emits a result row "<zPrefix><reg r><zSuffix>" (r 0: just zPrefix). */
static void pragma_report(Cg *pCg, int regErr, const char *zPrefix, int r, const char *zSuffix) {
  Vdbe *v = pCg->v;
  int m = cg_reg(pCg, 3);
  vdbe_add_op4(v, OP_String8, 0, m, 0, zPrefix, P4_TRANSIENT);
  if (r) {
    vdbe_add_op3(v, OP_Concat, r, m, m);
    vdbe_add_op4(v, OP_String8, 0, m + 1, 0, zSuffix, P4_TRANSIENT);
    vdbe_add_op3(v, OP_Concat, m + 1, m, m);
  }
  pragma_row(pCg, m, 1);
  vdbe_add_op2(v, OP_AddImm, regErr, 1);
}

/* Index consistency of one table: every row has its index entries, and
** each index has as many entries as rows it covers; NOT NULL columns. */
static void pragma_check_table(Cg *pCg, Table *pTab, int regErr, int bQuick) {
  Vdbe *v = pCg->v;
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int iCur = pCg->nTab;
  pCg->nTab += nIdx + 1;
  cg_open_table_indexes(pCg, pTab, pTab->iDb, OP_OpenRead, iCur);
  int regCnt = cg_reg(pCg, nIdx + 1);
  for (int k = 0; k < nIdx; k++) vdbe_add_op2(v, OP_Integer, 0, regCnt + k);
  int r = cg_reg(pCg, 1);
  if (pTab->pPk) vdbe_add_op2(v, OP_Integer, 0, r);   /* WITHOUT ROWID: rows are numbered */
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iCur);
  int addrTop = vdbe_current_addr(v);
  if (pTab->pPk) vdbe_add_op2(v, OP_AddImm, r, 1);
  else vdbe_add_op2(v, OP_Rowid, iCur, r);
  int regCols = cg_load_row(pCg, pTab, iCur, r);
  for (int i = 0; i < pTab->nCol; i++) {
    if (!pTab->aCol[i].notNull || i == pTab->iPKey) continue;
    int addr = vdbe_add_op1(v, OP_NotNull, regCols + i);
    char *z = cg_mprintf("NULL value in %s.%s", pTab->zName, pTab->aCol[i].zName);
    pragma_report(pCg, regErr, z ? z : "", 0, NULL);
    mem_free(z);
    vdbe_jump_here(v, addr);
  }
  int k = 0;
  for (Index *x = pTab->pIndex; x && !bQuick; x = x->pNext, k++) {
    int lblSkip = vdbe_make_label(v);
    cg_index_partial_skip(pCg, x, regCols, r, lblSkip);
    int regKey = cg_index_key(pCg, x, regCols, r);
    vdbe_add_op2(v, OP_AddImm, regCnt + k, 1);
    vdbe_add_op4_int(v, OP_Found, iCur + 1 + k, lblSkip, regKey, cg_index_nfield(x));
    char *z = cg_mprintf(" missing from index %s", x->zName);
    pragma_report(pCg, regErr, "row ", r, z ? z : "");
    mem_free(z);
    vdbe_resolve_label(v, lblSkip);
  }
  vdbe_add_op2(v, OP_Next, iCur, addrTop);
  vdbe_jump_here(v, addrEmpty);
  k = 0;
  for (Index *x = pTab->pIndex; x && !bQuick; x = x->pNext, k++) {
    int rc = cg_reg(pCg, 1);
    vdbe_add_op2(v, OP_Count, iCur + 1 + k, rc);
    int addr = vdbe_add_op3(v, OP_Eq, regCnt + k, 0, rc);
    char *z = cg_mprintf("wrong # of entries in index %s", x->zName);
    pragma_report(pCg, regErr, z ? z : "", 0, NULL);
    mem_free(z);
    vdbe_jump_here(v, addr);
  }
}

static void pragma_integrity(Cg *pCg, PragmaStmt *p) {
  Vdbe *v = pCg->v;
  pragma_names(pCg, &p->zName, 1);
  int iDb = 0;
  int bQuick = str_icmp(p->zName, "quick_check") == 0;
  cg_use_db(pCg, iDb, 0);
  int mx = p->zValue ? atoi(p->zValue) : 100;
  if (mx <= 0) mx = 100;
  int r = cg_reg(pCg, 3);
  vdbe_add_op2(v, OP_Integer, 0, r + 2);
  vdbe_add_op2(v, OP_Integer, mx, r + 1);
  int *ai = pragma_roots(pCg, iDb);
  vdbe_add_op4(v, OP_IntegrityCk, r, ai ? ai[0] : 0, r + 1, ai, P4_INTARRAY);
  vdbe_change_p5(v, iDb);
  int addr = vdbe_add_op1(v, OP_IsNull, r);
  pragma_row(pCg, r, 1);
  vdbe_add_op2(v, OP_AddImm, r + 2, 1);
  vdbe_jump_here(v, addr);
  Schema *pSchema = schema_get(pCg->db, iDb);
  for (Table *t = pSchema ? pSchema->pTables : NULL; t; t = t->pNext) {
    if (t->eType == TAB_NORMAL && t->tnum) {
      pragma_check_table(pCg, t, r + 2, bQuick);
    }
  }
  int addrOk = vdbe_add_op1(v, OP_If, r + 2);
  vdbe_add_op4(v, OP_String8, 0, r, 0, "ok", P4_STATIC);
  pragma_row(pCg, r, 1);
  vdbe_jump_here(v, addrOk);
}

static int pragma_sync_level(const char *z) {
  if (str_icmp(z, "off") == 0) return 0;
  if (str_icmp(z, "normal") == 0) return 1;
  if (str_icmp(z, "full") == 0) return 2;
  if (str_icmp(z, "extra") == 0) return 3;
  return atoi(z) & 3;
}

/* ---- WAL pragmas (wal.h) ----------------------------------------------- */

/* Into WAL: header bytes 18/19 = 2 in a write transaction; the pager opens
** the log at its next read (so, as SQLite, no -wal file exists yet).  Not
** inside a transaction.  Returns 1 when the database is now in WAL mode. */
static int pragma_enter_wal(Cg *pCg, Btree *pBt) {
  Pager *pPager = btree_pager(pBt);
  if (pager_is_wal(pPager)) return 1;
  if (!pager_wal_supported(pPager)) return 0;
  if (btree_txn_state(pBt) != SQLITE_TXN_NONE || !pCg->db->autoCommit) {
    cg_error(pCg, "cannot change into wal mode from within a transaction");
    return 0;
  }
  int rc = btree_begin(pBt, BTREE_TXN_WRITE);
  if (rc == SQLITE_OK) rc = pager_set_format_version(pPager, 2);
  if (rc == SQLITE_OK) rc = btree_commit(pBt);
  else btree_rollback(pBt);
  if (rc != SQLITE_OK) cg_error_rc(pCg, rc, NULL);
  return rc == SQLITE_OK;
}

static void pragma_leave_wal(Cg *pCg, Btree *pBt) {
  Pager *pPager = btree_pager(pBt);
  if (!pager_is_wal(pPager)) return;
  if (btree_txn_state(pBt) != SQLITE_TXN_NONE || !pCg->db->autoCommit) {
    cg_error(pCg, "cannot change out of wal mode from within a transaction");
    return;
  }
  int rc = pager_leave_wal(pPager);
  if (rc != SQLITE_OK) cg_error_rc(pCg, rc, NULL);
}

/* journal_mode of one database after applying zValue (NULL: a query). */
static const char *pragma_journal_one(Cg *pCg, const char *zValue, Btree *pBt) {
  Pager *pPager = btree_pager(pBt);
  if (pager_is_memory(pPager)) return "memory";
  if (btree_txn_state(pBt) == SQLITE_TXN_NONE && !pager_is_wal(pPager)) {
    /* A WAL database shows it at its first read. */
    if (btree_begin(pBt, BTREE_TXN_READ) == SQLITE_OK) btree_commit(pBt);
  }
  if (zValue && str_icmp(zValue, "wal") == 0) {
    return pragma_enter_wal(pCg, pBt) ? "wal" : "delete";
  }
  if (zValue && (str_icmp(zValue, "delete") == 0 || str_icmp(zValue, "truncate") == 0 ||
                 str_icmp(zValue, "persist") == 0)) {
    pragma_leave_wal(pCg, pBt);
  }
  return pager_is_wal(pPager) ? "wal" : "delete";
}

/* PRAGMA [db.]journal_mode[=mode]: without a schema a new mode applies to
** every attached database; the answer is the named (or main) one's. */
static void pragma_journal_mode(Cg *pCg, PragmaStmt *p) {
  sqlite3 *db = pCg->db;
  int iDb = p->zDb ? cg_db_index(pCg, p->zDb) : 0;
  if (iDb < 0) return;
  const char *zAnswer = "delete";
  for (int i = 0; i < db->nDb; i++) {
    Btree *pBt = db->aDb[i].pBt;
    if (pBt == NULL || (i != iDb && (p->zDb || p->zValue == NULL))) continue;
    const char *z = pragma_journal_one(pCg, p->zValue, pBt);
    if (i == iDb) zAnswer = z;
  }
  pragma_result_text(pCg, p->zName, zAnswer);
}

/* PRAGMA wal_autocheckpoint[=N]: every attached database's pager. */
static void pragma_wal_autocheckpoint(Cg *pCg, PragmaStmt *p, Btree *pBt) {
  sqlite3 *db = pCg->db;
  if (p->zValue) {
    db->nWalAutockpt = atoi(p->zValue);
    for (int i = 0; i < db->nDb; i++) {
      if (db->aDb[i].pBt) pager_set_autocheckpoint(btree_pager(db->aDb[i].pBt), db->nWalAutockpt);
    }
  }
  i64 n = pBt ? pager_autocheckpoint(btree_pager(pBt)) : db->nWalAutockpt;
  pragma_result_int(pCg, p->zName, n);
}

/* Run time of PRAGMA wal_checkpoint (a prepared statement may be run
** again, so the work cannot happen while compiling): arguments iDb, eMode
** and the column wanted.  Column 0 checkpoints and answers "busy"; columns
** 1 and 2 read the log and checkpointed frame counts it left in the pager.
** As SQLite: inside a transaction of this connection, SQLITE_LOCKED. */
static void pragma_ckpt_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  UNUSED(argc); /* always 3 */
  sqlite3 *db = ctx->db;
  i64 iDb = value_int64(argv[0]), iCol = value_int64(argv[2]);
  int eMode = (int)value_int64(argv[1]);
  Btree *pBt = iDb >= 0 && iDb < db->nDb ? db->aDb[iDb].pBt : NULL;
  int nLog = -1, nCkpt = -1;
  if (pBt && iCol == 0) {
    int rc = btree_txn_state(pBt) != SQLITE_TXN_NONE
                 ? SQLITE_LOCKED
                 : pager_wal_checkpoint(btree_pager(pBt), eMode, &nLog, &nCkpt);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      func_result_error_code(ctx, rc);
      return;
    }
    func_result_int(ctx, rc == SQLITE_BUSY);
    return;
  }
  if (pBt) pager_last_checkpoint(btree_pager(pBt), &nLog, &nCkpt);
  func_result_int(ctx, iCol == 0 ? 0 : iCol == 1 ? nLog : nCkpt);
}

static FuncDef g_pragmaCkptFunc = {
    .zName = "wal_checkpoint", .nArg = 3, .flags = SQLITE_UTF8, .xSFunc = pragma_ckpt_func};

/* PRAGMA [db.]wal_checkpoint[(MODE)]: one row busy, log, checkpointed. */
static void pragma_wal_checkpoint(Cg *pCg, PragmaStmt *p) {
  static const char *azCol[] = {"busy", "log", "checkpointed"};
  int iDb = p->zDb ? cg_db_index(pCg, p->zDb) : 0;
  if (iDb < 0) return;
  i64 eMode = SQLITE_CHECKPOINT_PASSIVE;
  if (p->zValue && str_icmp(p->zValue, "full") == 0) eMode = SQLITE_CHECKPOINT_FULL;
  if (p->zValue && str_icmp(p->zValue, "restart") == 0) eMode = SQLITE_CHECKPOINT_RESTART;
  if (p->zValue && str_icmp(p->zValue, "truncate") == 0) eMode = SQLITE_CHECKPOINT_TRUNCATE;
  pragma_names(pCg, azCol, 3);
  int rArg = cg_reg(pCg, 3);
  int r = cg_reg(pCg, 3);
  i64 iDb64 = iDb;
  vdbe_add_op4_dup8(pCg->v, OP_Int64, 0, rArg, 0, &iDb64, P4_INT64);
  vdbe_add_op4_dup8(pCg->v, OP_Int64, 0, rArg + 1, 0, &eMode, P4_INT64);
  for (i64 i = 0; i < 3; i++) {
    vdbe_add_op4_dup8(pCg->v, OP_Int64, 0, rArg + 2, 0, &i, P4_INT64);
    vdbe_add_function_call(pCg->v, OP_Function, 0, rArg, r + (int)i, 3, &g_pragmaCkptFunc, 0);
  }
  pragma_row(pCg, r, 3);
}

static int pragma_flag(Cg *pCg, PragmaStmt *p, u64 flag) {
  if (p->zValue) {
    if (pragma_bool(p->zValue)) pCg->db->flags |= flag;
    else pCg->db->flags &= ~flag;
    return 1;
  }
  pragma_result_int(pCg, p->zName, (pCg->db->flags & flag) != 0);
  return 1;
}

static int pragma_settings(Cg *pCg, PragmaStmt *p) {
  sqlite3 *db = pCg->db;
  const char *z = p->zName;
  Btree *pBt = db->aDb[0].pBt;
  if (str_icmp(z, "foreign_keys") == 0) return pragma_flag(pCg, p, CONN_FLAG_FKEY);
  if (str_icmp(z, "recursive_triggers") == 0) return pragma_flag(pCg, p, CONN_FLAG_RECURSIVE_TRIG);
  if (str_icmp(z, "reverse_unordered_selects") == 0) {
    return pragma_flag(pCg, p, CONN_FLAG_REVERSE_ORDER);
  }
  if (str_icmp(z, "case_sensitive_like") == 0) {
    if (p->zValue) pragma_flag(pCg, p, CONN_FLAG_CASE_LIKE);
    return 1;
  }
  if (str_icmp(z, "synchronous") == 0) {
    if (p->zValue) db->aDb[0].safetyLevel = (u8)(pragma_sync_level(p->zValue) + 1);
    else pragma_result_int(pCg, z, db->aDb[0].safetyLevel - 1);
    return 1;
  }
  if (str_icmp(z, "cache_size") == 0) {
    if (p->zValue) {
      db->nCacheSize = atoi(p->zValue);
      if (pBt) btree_set_cache_size(pBt, db->nCacheSize);
    } else {
      pragma_result_int(pCg, z, db->nCacheSize ? db->nCacheSize : -2000);
    }
    return 1;
  }
  if (str_icmp(z, "cache_spill") == 0) {
    /* As SQLite: off/0 stops mid-transaction spills, on keeps the last
    ** threshold, any other integer N turns spills on with threshold N
    ** (negative: the cache limit).  The query answers max(N, cache). */
    Pager *pPager = pBt ? btree_pager(pBt) : NULL;
    if (p->zValue && pPager) {
      int n = atoi(p->zValue);
      if (!pragma_bool(p->zValue)) n = 0;
      else if (n == 0) n = PAGER_SPILL_ON; /* "on", "yes", "true" */
      else if (n < 0) n = 1;
      pager_set_cache_spill(pPager, n);
    } else if (p->zValue == NULL) {
      pragma_result_int(pCg, z, pPager ? pager_cache_spill(pPager) : 0);
    }
    return 1;
  }
  if (str_icmp(z, "busy_timeout") == 0) {
    if (p->zValue) db->busyTimeout = atoi(p->zValue);
    pragma_result_int(pCg, z, db->busyTimeout);
    return 1;
  }
  if (str_icmp(z, "journal_mode") == 0) {
    pragma_journal_mode(pCg, p);
    return 1;
  }
  if (str_icmp(z, "wal_checkpoint") == 0) {
    pragma_wal_checkpoint(pCg, p);
    return 1;
  }
  if (str_icmp(z, "wal_autocheckpoint") == 0) {
    pragma_wal_autocheckpoint(pCg, p, pBt);
    return 1;
  }
  if (str_icmp(z, "encoding") == 0) {
    if (!p->zValue) pragma_result_text(pCg, z, "UTF-8");
    return 1;
  }
  return 0;
}

static int pragma_storage(Cg *pCg, PragmaStmt *p, int iDb) {
  const char *z = p->zName;
  Btree *pBt = pCg->db->aDb[iDb].pBt;
  if (str_icmp(z, "user_version") == 0) pragma_header(pCg, p, iDb, BTREE_USER_VERSION);
  else if (str_icmp(z, "schema_version") == 0) pragma_header(pCg, p, iDb, BTREE_SCHEMA_VERSION);
  else if (str_icmp(z, "application_id") == 0) pragma_header(pCg, p, iDb, BTREE_APPLICATION_ID);
  else if (str_icmp(z, "freelist_count") == 0) {
    p->zValue = NULL;
    pragma_header(pCg, p, iDb, BTREE_FREE_PAGE_COUNT);
  } else if (str_icmp(z, "page_count") == 0) {
    cg_use_db(pCg, iDb, 0);
    pragma_names(pCg, &p->zName, 1);
    int r = cg_reg(pCg, 1);
    vdbe_add_op2(pCg->v, OP_Pagecount, iDb, r);
    pragma_row(pCg, r, 1);
  } else if (str_icmp(z, "max_page_count") == 0) {
    cg_use_db(pCg, iDb, 0);
    pragma_names(pCg, &p->zName, 1);
    int r = cg_reg(pCg, 1);
    i64 n = p->zValue ? atoll(p->zValue) : 0;   /* N <= 0 only reads, as in SQLite */
    n = n < 0 ? 0 : n;
    vdbe_add_op3(pCg->v, OP_MaxPgcnt, iDb, r, n > 0x7fffffff ? 0x7fffffff : (int)n);
    pragma_row(pCg, r, 1);
  } else if (str_icmp(z, "page_size") == 0) {
    if (p->zValue && pBt) btree_set_page_size(pBt, (u32)atoi(p->zValue), -1);
    else pragma_result_int(pCg, z, pBt ? btree_page_size(pBt) : 4096);
  } else if (str_icmp(z, "data_version") == 0) {
    pragma_result_int(pCg, z, pBt ? pager_data_version(btree_pager(pBt)) : 1);
  } else {
    return 0;
  }
  return 1;
}

int cg_pragma_table(Cg *pCg, const char *zName, ExprList *pArgs, int iCur,
                    const char *const **pazCol, int *pnCol) {
  static const char *azAllowed[] = {"database_list", "table_info", "table_xinfo", "index_list",
                                    "index_info", "index_xinfo", "compile_options",
                                    "foreign_keys",
                                    "user_version", "schema_version", "page_count", "page_size",
                                    "freelist_count", "encoding", "journal_mode", "integrity_check",
                                    "quick_check", "application_id"};
  int bOk = 0;
  for (int i = 0; i < ARRAY_SIZE(azAllowed); i++) bOk |= str_icmp(zName, azAllowed[i]) == 0;
  if (!bOk) return 0;
  Stmt st;
  memset(&st, 0, sizeof(st));
  st.eKind = STMT_PRAGMA;
  PragmaStmt *p = &st.u.pragma;
  p->zName = ast_arena_strdup(pCg->pArena, zName);
  if (pArgs && pArgs->nExpr > 0) {
    Expr *e = pArgs->a[0].pExpr;
    if (e->op == EXPR_STRING || e->op == EXPR_COLUMN) p->zValue = e->z;
    else if (e->op == EXPR_INTEGER) p->zValue = cg_expr_text(pCg, e);
    else cg_error(pCg, "table-valued pragma arguments must be constants");
  }
  if (pArgs && pArgs->nExpr > 1 && pArgs->a[1].pExpr->op == EXPR_STRING) {
    p->zDb = pArgs->a[1].pExpr->z;
  }
  int saved = pCg->iPragmaEph;
  pCg->iPragmaEph = iCur;
  pCg->azPragmaCol = NULL;
  pCg->nPragmaCol = 0;
  cg_pragma(pCg, &st);
  pCg->iPragmaEph = saved;
  int n = pCg->nPragmaCol > 0 ? pCg->nPragmaCol : 1;
  const char **az = ast_arena_alloc(pCg->pArena, sizeof(char *) * (u64)n);
  if (az == NULL) {
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return 1;
  }
  for (int i = 0; i < n; i++) az[i] = pCg->nPragmaCol > 0 ? pCg->azPragmaCol[i] : p->zName;
  *pazCol = az;   /* copied: pragma_names may have pointed into the local Stmt */
  *pnCol = n;
  return 1;
}

int cg_pragma_ncol(const char *zName) {
  static const struct { const char *z; int n; } a[] = {
      {"database_list", 3}, {"table_info", 6}, {"table_xinfo", 7}, {"index_list", 5},
      {"index_info", 3}, {"index_xinfo", 6}};
  for (int i = 0; i < ARRAY_SIZE(a); i++) {
    if (str_icmp(zName, a[i].z) == 0) return a[i].n;
  }
  return 1;
}

void cg_pragma(Cg *pCg, Stmt *pStmt) {
  PragmaStmt *p = &pStmt->u.pragma;
  const char *z = p->zName;
  int iDb = p->zDb ? cg_db_index(pCg, p->zDb) : 0;
  if (iDb < 0) return;
  if (pragma_settings(pCg, p) || pragma_storage(pCg, p, iDb)) return;
  if (str_icmp(z, "table_info") == 0 || str_icmp(z, "table_xinfo") == 0) {
    pragma_table_info(pCg, p);
  } else if (str_icmp(z, "index_list") == 0) {
    pragma_index_list(pCg, p);
  } else if (str_icmp(z, "index_info") == 0 || str_icmp(z, "index_xinfo") == 0) {
    pragma_index_info(pCg, p, str_icmp(z, "index_xinfo") == 0);
  } else if (str_icmp(z, "database_list") == 0) {
    pragma_database_list(pCg);
  } else if (str_icmp(z, "compile_options") == 0) {
    pragma_compile_options(pCg);
  } else if (str_icmp(z, "integrity_check") == 0 || str_icmp(z, "quick_check") == 0) {
    pragma_integrity(pCg, p);
  }
  /* anything else: silently ignored, as SQLite does */
}
