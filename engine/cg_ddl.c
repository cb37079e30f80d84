/*
** cg_ddl.c: CREATE TABLE / INDEX / VIEW and DROP TABLE / INDEX / VIEW.
**
** DDL writes rows of sqlite_schema (page 1) the way SQLite does: the text
** stored is "CREATE <kind> " followed by the statement text from the
** object's name (after any "schema.") to its last token; automatic
** indexes get rows with a NULL sql.  Every DDL program bumps the schema
** cookie (OP_SetCookie) and then lets the VM refresh the in-memory schema
** (OP_ParseSchema / OP_DropTable / OP_DropIndex hooks of schema.c).
**
** Invariants:
**   1. Validation (names, columns, duplicate objects) happens at compile
**      time against the current schema; the cookie check of
**      OP_Transaction guarantees it is still current when the program runs.
**   2. The new cookie is the loaded cookie + 1 (schema.h invariant 3).
*/
#include "cg.h"
#include "tokenize.h"

#define SCHEMA_COLS 5   /* type, name, tbl_name, rootpage, sql */

/* "CREATE <zKind> " + statement text from iNameOff, trailing spaces trimmed. */
static char *ddl_sql_text(Cg *pCg, const char *zKind, int iNameOff) {
  const Stmt *s = pCg->pStmt;
  int n = s->nSql - iNameOff;
  const char *z = s->zSql + iNameOff;
  while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t' || z[n - 1] == '\n' || z[n - 1] == '\r')) {
    n--;
  }
  if (n < 0) n = 0;
  char *zSql = cg_mprintf("CREATE %s %.*s", zKind, n, z);
  /* a NULL here must fail the statement: written as a NULL sql column it
  ** would make the next schema load report a malformed schema */
  if (zSql == NULL) cg_error_rc(pCg, SQLITE_NOMEM, NULL);
  return zSql;
}

static int ddl_reserved_name(Cg *pCg, const char *zName) {
  if (str_nicmp(zName, "sqlite_", 7) == 0 && !pCg->db->bInitBusy &&
      !(pCg->db->flags & CONN_FLAG_WRITABLE_SCHEMA)) {
    cg_error(pCg, "object name reserved for internal use: %s", zName);
    return 1;
  }
  return 0;
}

/* Appends one sqlite_schema row through cursor iCur. regRoot 0: rootpage 0. */
static void ddl_schema_row(Cg *pCg, int iCur, const char *zType, const char *zName,
                           const char *zTbl, int regRoot, const char *zSql) {
  Vdbe *v = pCg->v;
  int r = cg_reg(pCg, SCHEMA_COLS + 2);
  vdbe_add_op4(v, OP_String8, 0, r, 0, zType, P4_TRANSIENT);
  vdbe_add_op4(v, OP_String8, 0, r + 1, 0, zName, P4_TRANSIENT);
  vdbe_add_op4(v, OP_String8, 0, r + 2, 0, zTbl, P4_TRANSIENT);
  if (regRoot) vdbe_add_op2(v, OP_Copy, regRoot, r + 3);
  else vdbe_add_op2(v, OP_Integer, 0, r + 3);
  if (zSql) vdbe_add_op4(v, OP_String8, 0, r + 4, 0, zSql, P4_TRANSIENT);
  else vdbe_add_op2(v, OP_Null, 0, r + 4);
  vdbe_add_op4(v, OP_MakeRecord, r, SCHEMA_COLS, r + 5, "BBBDB", P4_TRANSIENT);
  vdbe_add_op2(v, OP_NewRowid, iCur, r + 6);
  vdbe_add_op3(v, OP_Insert, iCur, r + 5, r + 6);
}

static int ddl_open_schema(Cg *pCg, int iDb) {
  int iCur = cg_cursor(pCg);
  vdbe_add_op4_int(pCg->v, OP_OpenWrite, iCur, 1, iDb, SCHEMA_COLS);
  return iCur;
}

/* Bumps the cookie and reloads the schema (invariant 2). */
static void ddl_finish(Cg *pCg, int iDb, const char *zWhere) {
  Schema *pSchema = schema_get(pCg->db, iDb);
  u32 cookie = pSchema ? pSchema->iCookie : 0;
  vdbe_add_op3(pCg->v, OP_SetCookie, iDb, BTREE_SCHEMA_VERSION, (int)(cookie + 1));
  if (zWhere) vdbe_add_op4(pCg->v, OP_ParseSchema, iDb, 0, 0, zWhere, P4_TRANSIENT);
}

static int ddl_target_db(Cg *pCg, const char *zDb, int bTemp) {
  if (bTemp) {
    if (zDb && str_icmp(zDb, "temp") != 0) {
      cg_error(pCg, "temporary table name must be unqualified");
      return -1;
    }
    return 1;
  }
  return cg_db_index(pCg, zDb);
}

/* Is the name taken by a table/view or an index?  Reports SQLite's message. */
static int ddl_name_taken(Cg *pCg, const char *zDb, const char *zName, int bIndex,
                          int bIfNotExists) {
  int iOff = -1;   /* the name's offset, for sqlite3_error_offset */
  switch (pCg->pStmt->eKind) {
    case STMT_CREATE_TABLE: iOff = pCg->pStmt->u.createTable.iNameOff; break;
    case STMT_CREATE_VIEW: iOff = pCg->pStmt->u.createView.iNameOff; break;
    default: break;
  }
  Table *pTab = schema_find_table(pCg->db, zDb, zName);
  Index *pIdx = schema_find_index(pCg->db, zDb, zName);
  if (pTab == NULL && pIdx == NULL) return 0;
  if (bIfNotExists && ((bIndex && pIdx) || (!bIndex && pTab))) return 1;
  if (bIndex) {
    if (pIdx) cg_error_at(pCg, NULL, iOff, "index %s already exists", zName);
    else cg_error_at(pCg, NULL, iOff, "there is already a table named %s", zName);
  } else if (pTab) {
    cg_error_at(pCg, NULL, iOff, "%s %s already exists",
                pTab->eType == TAB_VIEW ? "view" : "table", zName);
  } else {
    cg_error_at(pCg, NULL, iOff, "there is already an index named %s", zName);
  }
  return 1;
}

/* Appends identifier z, quoted when it is not a plain identifier. */
static char *ddl_append_ident(char *zOut, const char *z) {
  if (zOut == NULL) return NULL;   /* an earlier step ran out of memory: stay failed */
  int bPlain = tokenize_is_plain_id(z, (int)strlen(z));
  char *zQ = NULL;
  if (!bPlain) {
    size_t n = strlen(z);
    zQ = mem_malloc(n * 2 + 3);
    if (zQ == NULL) {   /* never return the text without the identifier */
      mem_free(zOut);
      return NULL;
    }
    size_t k = 0;
    zQ[k++] = '"';
    for (size_t i = 0; i < n; i++) {
      if (z[i] == '"') zQ[k++] = '"';
      zQ[k++] = z[i];
    }
    zQ[k++] = '"';
    zQ[k] = 0;
  }
  char *zNew = cg_mprintf("%s%s", zOut, bPlain ? z : zQ);
  mem_free(zQ);
  mem_free(zOut);
  return zNew;
}

/* The CREATE TABLE text SQLite stores for CREATE TABLE ... AS SELECT. */
static char *ddl_ctas_sql(const char *zName, Table *pShape) {
  static const char *azType[] = {"", "TEXT", "NUM", "INT", "REAL"};
  size_t n = strlen(zName);
  for (int i = 0; i < pShape->nCol; i++) n += strlen(pShape->aCol[i].zName) + 5;
  int bWide = n >= 50;
  char *z = ddl_append_ident(cg_mprintf("CREATE TABLE "), zName);
  for (int i = 0; z && i < pShape->nCol; i++) {
    char *zSep = cg_mprintf("%s%s", z, i ? (bWide ? ",\n  " : ",") : (bWide ? "(\n  " : "("));
    mem_free(z);
    z = ddl_append_ident(zSep, pShape->aCol[i].zName);
    char a = pShape->aCol[i].affinity;
    const char *zType = (a >= AFF_TEXT && a <= AFF_REAL) ? azType[a - AFF_BLOB] : "";
    if (z && zType[0]) {
      char *zNew = cg_mprintf("%s %s", z, zType);
      mem_free(z);
      z = zNew;
    }
  }
  if (z) {
    char *zNew = cg_mprintf("%s%s", z, bWide ? "\n)" : ")");
    mem_free(z);
    z = zNew;
  }
  return z;
}

/* CREATE TABLE ... AS SELECT: rows go through an ephemeral table first. */
static void ddl_create_as(Cg *pCg, CreateTableStmt *ct, int iDb) {
  Vdbe *v = pCg->v;
  int n = cg_select_ncol(pCg, ct->pAsSelect, NULL);
  if (n <= 0) return;
  cg_use_db(pCg, iDb, 1);
  int iEph = cg_cursor(pCg);
  vdbe_add_op2(v, OP_OpenEphemeral, iEph, n);
  Table *pShape = NULL;
  SelectDest d = {.eDest = SRT_TABLE, .iSDParm = iEph, .nResult = n, .ppShape = &pShape};
  cg_select(pCg, ct->pAsSelect, &d, NULL);
  if (pCg->rc || pShape == NULL) return;
  int regRoot = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_CreateBtree, iDb, regRoot, BTREE_INTKEY);
  int iSchema = ddl_open_schema(pCg, iDb);
  char *zSql = ddl_ctas_sql(ct->zName, pShape);
  if (zSql == NULL) {   /* never a schema row with a NULL sql (see ddl_sql_text) */
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return;
  }
  ddl_schema_row(pCg, iSchema, "table", ct->zName, ct->zName, regRoot, zSql);
  mem_free(zSql);
  int iCur = cg_cursor(pCg);
  vdbe_add_op4_int(v, OP_OpenWrite, iCur, regRoot, iDb, n);
  vdbe_change_p5(v, OPFLAG_P2ISREG);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iEph);
  int addrTop = vdbe_current_addr(v);
  int r = cg_reg(pCg, n + 2);
  for (int i = 0; i < n; i++) vdbe_add_op3(v, OP_Column, iEph, i, r + i);
  vdbe_add_op3(v, OP_MakeRecord, r, n, r + n);
  vdbe_add_op2(v, OP_NewRowid, iCur, r + n + 1);
  vdbe_add_op3(v, OP_Insert, iCur, r + n, r + n + 1);
  vdbe_add_op2(v, OP_Next, iEph, addrTop);
  vdbe_jump_here(v, addrEmpty);
  char *zWhere = cg_mprintf("tbl_name='%s' AND type!='trigger'", ct->zName);
  ddl_finish(pCg, iDb, zWhere);
  mem_free(zWhere);
}

void cg_create_table(Cg *pCg, Stmt *pStmt) {
  CreateTableStmt *ct = &pStmt->u.createTable;
  int iDb = ddl_target_db(pCg, ct->zDb, ct->bTemp);
  if (iDb < 0 || ddl_reserved_name(pCg, ct->zName)) return;
  if (ddl_name_taken(pCg, pCg->db->aDb[iDb].zDbSName, ct->zName, 0, ct->bIfNotExists)) return;
  if (ct->pAsSelect) {
    ddl_create_as(pCg, ct, iDb);
    return;
  }
  Schema tmp;
  memset(&tmp, 0, sizeof(tmp));
  ast_arena_init(&tmp.arena);
  char *zErr = NULL;
  Table *pTab = schema_table_from_ast(&tmp, pStmt, &zErr);
  if (pTab && schema_add_autoindexes(&tmp, pTab, pStmt)) pTab = NULL;
  if (pTab == NULL) {   /* no message means an allocation failed: SQLITE_NOMEM, not ERROR */
    if (zErr) cg_error(pCg, "%s", zErr);
    else cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    mem_free(zErr);
    ast_arena_free(&tmp.arena);
    return;
  }
  Vdbe *v = pCg->v;
  cg_use_db(pCg, iDb, 1);
  int regRoot = cg_reg(pCg, 1);
  /* a WITHOUT ROWID table is its PRIMARY KEY's index b-tree (schema.h invariant 5) */
  vdbe_add_op3(v, OP_CreateBtree, iDb, regRoot, pTab->pPk ? BTREE_BLOBKEY : BTREE_INTKEY);
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  int regIdx = nIdx ? cg_reg(pCg, nIdx) : 0;
  for (int k = 0; k < nIdx; k++) vdbe_add_op3(v, OP_CreateBtree, iDb, regIdx + k, BTREE_BLOBKEY);
  int iCur = ddl_open_schema(pCg, iDb);
  char *zSql = ddl_sql_text(pCg, "TABLE", ct->iNameOff);
  ddl_schema_row(pCg, iCur, "table", ct->zName, ct->zName, regRoot, zSql);
  mem_free(zSql);
  int k = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    ddl_schema_row(pCg, iCur, "index", x->zName, ct->zName, regIdx + k, NULL);
  }
  int bAutoinc = pTab->bAutoinc;
  ast_arena_free(&tmp.arena);
  if (bAutoinc && !schema_find_table(pCg->db, pCg->db->aDb[iDb].zDbSName, "sqlite_sequence")) {
    int regSeq = cg_reg(pCg, 1);   /* AUTOINCREMENT needs sqlite_sequence */
    vdbe_add_op3(v, OP_CreateBtree, iDb, regSeq, BTREE_INTKEY);
    ddl_schema_row(pCg, iCur, "table", "sqlite_sequence", "sqlite_sequence", regSeq,
                   "CREATE TABLE sqlite_sequence(name,seq)");
  }
  char *zWhere = cg_mprintf("tbl_name='%s' AND type!='trigger'", ct->zName);
  ddl_finish(pCg, iDb, zWhere);
  mem_free(zWhere);
}

void cg_create_view(Cg *pCg, Stmt *pStmt) {
  CreateViewStmt *cv = &pStmt->u.createView;
  int iDb = ddl_target_db(pCg, cv->zDb, cv->bTemp);
  if (iDb < 0 || ddl_reserved_name(pCg, cv->zName)) return;
  if (ddl_name_taken(pCg, pCg->db->aDb[iDb].zDbSName, cv->zName, 0, cv->bIfNotExists)) return;
  cg_use_db(pCg, iDb, 1);
  int iCur = ddl_open_schema(pCg, iDb);
  char *zSql = ddl_sql_text(pCg, "VIEW", cv->iNameOff);
  ddl_schema_row(pCg, iCur, "view", cv->zName, cv->zName, 0, zSql);
  mem_free(zSql);
  char *zWhere = cg_mprintf("tbl_name='%s' AND type!='trigger'", cv->zName);
  ddl_finish(pCg, iDb, zWhere);
  mem_free(zWhere);
}

/* The first indexed column that names no column of pTab (SQLite's error
** offset for "no such column" in CREATE INDEX), NULL if none. */
static const Expr *ddl_unknown_index_col(Table *pTab, const CreateIndexStmt *ci) {
  for (int j = 0; ci->pCols && j < ci->pCols->nExpr; j++) {
    const Expr *p = ci->pCols->a[j].pExpr;
    while (p && p->op == EXPR_COLLATE) p = p->pLeft;
    if (p && p->op == EXPR_COLUMN && schema_column_index(pTab, p->z) < 0 &&
        (pTab->bWithoutRowid || !schema_is_rowid_name(p->z))) {
      return p;
    }
  }
  return NULL;
}

/* Moves the sorted keys of sorter iSort into index iIdx, checking UNIQUE. */
static void ddl_fill_from_sorter(Cg *pCg, Index *pIdx, int iSort, int iIdx) {
  Vdbe *v = pCg->v;
  int nKey = pIdx->nKeyCol;
  int iPseudo = cg_cursor(pCg);
  int regRec = cg_reg(pCg, 1), regKey = cg_reg(pCg, nKey + 1);
  vdbe_add_op3(v, OP_OpenPseudo, iPseudo, regRec, cg_index_nfield(pIdx));
  int lblDone = vdbe_make_label(v);
  vdbe_add_op2(v, OP_SorterSort, iSort, lblDone);
  int addrTop = vdbe_current_addr(v);
  vdbe_add_op3(v, OP_SorterData, iSort, regRec, iPseudo);
  if (pIdx->onError) {
    for (int i = 0; i < nKey; i++) vdbe_add_op3(v, OP_Column, iPseudo, i, regKey + i);
    int addrOk = vdbe_add_op4_int(v, OP_NoConflict, iIdx, 0, regKey, nKey);
    char *zMsg = cg_index_cols_msg(pIdx);   /* the VM adds "UNIQUE constraint failed: " */
    vdbe_add_op4(v, OP_Halt, SQLITE_CONSTRAINT_UNIQUE, OE_Abort, 0, zMsg, P4_DYNAMIC);
    vdbe_change_p5(v, P5_ConstraintUnique);
    vdbe_jump_here(v, addrOk);
  }
  vdbe_add_op2(v, OP_IdxInsert, iIdx, regRec);
  vdbe_add_op2(v, OP_SorterNext, iSort, addrTop);
  vdbe_resolve_label(v, lblDone);
}

/* Fills a new index from the table's rows (UNIQUE checked). The keys go
** through a sorter first, as in SQLite (so the index is written in order
** and SQLITE_STMTSTATUS_SORT counts the build). */
static void ddl_fill_index(Cg *pCg, Table *pTab, Index *pIdx, int iDb, int regRoot) {
  Vdbe *v = pCg->v;
  int iTab = cg_cursor(pCg), iIdx = cg_cursor(pCg), iSort = cg_cursor(pCg);
  cg_open_table(pCg, pTab, iDb, OP_OpenRead, iTab);
  vdbe_add_op4(v, OP_OpenWrite, iIdx, regRoot, iDb, cg_index_keyinfo(pCg, pIdx), P4_KEYINFO);
  vdbe_change_p5(v, OPFLAG_P2ISREG);
  vdbe_add_op4(v, OP_SorterOpen, iSort, cg_index_nfield(pIdx), 0, cg_index_keyinfo(pCg, pIdx),
               P4_KEYINFO);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iTab);
  int addrTop = vdbe_current_addr(v);
  int regCols = cg_reg(pCg, pTab->nCol);
  int regRowid = cg_reg(pCg, 1);
  if (pTab->pPk) vdbe_add_op2(v, OP_Null, 0, regRowid);   /* keys carry the PK instead */
  else vdbe_add_op2(v, OP_Rowid, iTab, regRowid);
  SrcTerm src;
  memset(&src, 0, sizeof(src));
  src.pTab = pTab;
  src.iCursor = iTab;
  src.iIdxCur = -1;
  for (int i = 0; i < pTab->nCol; i++) cg_column(pCg, &src, i, regCols + i);
  if (pTab->iPKey >= 0) vdbe_add_op2(v, OP_Copy, regRowid, regCols + pTab->iPKey);
  int lblNoEntry = vdbe_make_label(v);
  cg_index_partial_skip(pCg, pIdx, regCols, regRowid, lblNoEntry);
  int regKey = cg_index_key(pCg, pIdx, regCols, regRowid);
  int regRec = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_MakeRecord, regKey, cg_index_nfield(pIdx), regRec);
  vdbe_add_op2(v, OP_SorterInsert, iSort, regRec);
  vdbe_resolve_label(v, lblNoEntry);
  vdbe_add_op2(v, OP_Next, iTab, addrTop);   /* SQLite counts no full scan here */
  vdbe_jump_here(v, addrEmpty);
  ddl_fill_from_sorter(pCg, pIdx, iSort, iIdx);
  vdbe_add_op1(v, OP_Close, iTab);
  vdbe_add_op1(v, OP_Close, iIdx);
}

/* Index expressions and WHERE may only use the table's columns and
** deterministic functions (resolved now, so errors come at CREATE time). */
static void ddl_check_index_exprs(Cg *pCg, Table *pTab, Index *pIdx) {
  SrcTerm src;
  memset(&src, 0, sizeof(src));
  src.pTab = pTab;
  src.zAlias = pTab->zName;
  src.iCursor = -1;
  src.iIdxCur = -1;
  NameCtx nc;
  memset(&nc, 0, sizeof(nc));
  nc.aSrc = &src;
  nc.nSrc = 1;
  nc.flags = NC_IS_CHECK;
  for (int j = 0; j < pIdx->nKeyCol; j++) {
    if (pIdx->apExpr[j]) resolve_expr(pCg, &nc, pIdx->apExpr[j]);
  }
  resolve_expr(pCg, &nc, pIdx->pPartial);
}

void cg_create_index(Cg *pCg, Stmt *pStmt) {
  CreateIndexStmt *ci = &pStmt->u.createIndex;
  int iDb = ddl_target_db(pCg, ci->zDb, 0);
  if (iDb < 0) return;
  Table *pTab = schema_find_table(pCg->db, ci->zDb, ci->zTable);
  if (pTab == NULL) {
    cg_error(pCg, "no such table: %s.%s", pCg->db->aDb[iDb].zDbSName, ci->zTable);
    return;
  }
  if (pTab->bSchemaTab || str_nicmp(pTab->zName, "sqlite_", 7) == 0) {
    cg_error(pCg, "table %s may not be indexed", pTab->zName);
    return;
  }
  if (pTab->eType == TAB_VIEW) {
    cg_error(pCg, "views may not be indexed");
    return;
  }
  if (ddl_reserved_name(pCg, ci->zName)) return;
  if (ddl_name_taken(pCg, ci->zDb, ci->zName, 1, ci->bIfNotExists)) return;
  char *zErr = NULL;
  Schema tmp;
  memset(&tmp, 0, sizeof(tmp));
  ast_arena_init(&tmp.arena);
  Index *pIdx = schema_index_from_ast(&tmp, pTab, pStmt, &zErr);
  if (pIdx == NULL) {   /* no message means an allocation failed: SQLITE_NOMEM */
    if (zErr) cg_error_at(pCg, ddl_unknown_index_col(pTab, &pStmt->u.createIndex), -1, "%s", zErr);
    else cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    mem_free(zErr);
    ast_arena_free(&tmp.arena);
    return;
  }
  for (int j = 0; j < pIdx->nKeyCol; j++) {
    if (pIdx->azColl[j]) cg_coll(pCg, pIdx->azColl[j]);
  }
  ddl_check_index_exprs(pCg, pTab, pIdx);
  if (pCg->rc == SQLITE_OK) {
    Vdbe *v = pCg->v;
    cg_use_db(pCg, iDb, 1);
    int regRoot = cg_reg(pCg, 1);
    vdbe_add_op3(v, OP_CreateBtree, iDb, regRoot, BTREE_BLOBKEY);
    int iCur = ddl_open_schema(pCg, iDb);
    char *zSql = ddl_sql_text(pCg, ci->bUnique ? "UNIQUE INDEX" : "INDEX", ci->iNameOff);
    ddl_schema_row(pCg, iCur, "index", ci->zName, pTab->zName, regRoot, zSql);
    mem_free(zSql);
    ddl_fill_index(pCg, pTab, pIdx, iDb, regRoot);
    char *zWhere = cg_mprintf("name='%s' AND type='index'", ci->zName);
    ddl_finish(pCg, iDb, zWhere);
    mem_free(zWhere);
  }
  ast_arena_free(&tmp.arena);
}

/* Deletes the rows of table iRoot whose column iField equals zValue. */
static void ddl_delete_rows_in(Cg *pCg, int iDb, int iRoot, int iField, const char *zValue) {
  Vdbe *v = pCg->v;
  int iCur = cg_cursor(pCg);
  vdbe_add_op4_int(v, OP_OpenWrite, iCur, iRoot, iDb, SCHEMA_COLS);
  int r = cg_reg(pCg, 2);
  vdbe_add_op4(v, OP_String8, 0, r, 0, zValue, P4_TRANSIENT);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iCur);
  int addrTop = vdbe_current_addr(v);
  vdbe_add_op3(v, OP_Column, iCur, iField, r + 1);
  int addrSkip = vdbe_add_op3(v, OP_Ne, r, 0, r + 1);
  vdbe_change_p5(v, AFF_BLOB);
  vdbe_add_op1(v, OP_Delete, iCur);
  vdbe_jump_here(v, addrSkip);
  vdbe_add_op2(v, OP_Next, iCur, addrTop);
  vdbe_change_p5(v, SQLITE_STMTSTATUS_FULLSCAN_STEP);   /* a full scan, as SQLite counts it */
  vdbe_jump_here(v, addrEmpty);
  vdbe_add_op1(v, OP_Close, iCur);
}

/* Deletes the sqlite_schema rows whose column iField equals zValue. */
static void ddl_delete_rows(Cg *pCg, int iDb, int iField, const char *zValue) {
  ddl_delete_rows_in(pCg, iDb, 1, iField, zValue);
}

/* Destroys the b-trees of pTab and its indexes, largest root page first as
** SQLite does: the freed pages enter the freelist in SQLite's order, so the
** root pages of later tables come out as SQLite would choose them. */
static void ddl_destroy_trees(Cg *pCg, Table *pTab, int iDb) {
  int rMoved = cg_reg(pCg, 1);
  u32 iPrev = 0xffffffff;
  for (int guard = 0; guard < 10000; guard++) {   /* one tree per pass, distinct roots */
    u32 iMax = pTab->tnum < iPrev ? pTab->tnum : 0;
    for (Index *x = pTab->pIndex; x; x = x->pNext) {
      if (x->tnum < iPrev && x->tnum > iMax) iMax = x->tnum;
    }
    if (iMax == 0) return;
    vdbe_add_op3(pCg->v, OP_Destroy, (int)iMax, rMoved, iDb);
    iPrev = iMax;
  }
}

static void ddl_drop_table(Cg *pCg, Stmt *pStmt, int bView) {
  DropStmt *d = &pStmt->u.drop;
  int iDb0 = d->zDb ? cg_db_index(pCg, d->zDb) : 0;
  if (iDb0 < 0) return;
  Table *pTab = schema_find_table(pCg->db, d->zDb, d->zName);
  if (pTab == NULL) {
    if (!d->bIfExists) {
      if (d->zDb) cg_error(pCg, "no such %s: %s.%s", bView ? "view" : "table", d->zDb, d->zName);
      else cg_error(pCg, "no such %s: %s", bView ? "view" : "table", d->zName);
    }
    return;
  }
  if (pTab->bSchemaTab || str_nicmp(pTab->zName, "sqlite_", 7) == 0) {
    cg_error(pCg, "table %s may not be dropped", pTab->zName);
    return;
  }
  if (bView && pTab->eType != TAB_VIEW) {
    cg_error(pCg, "use DROP TABLE to delete table %s", pTab->zName);
    return;
  }
  if (!bView && pTab->eType == TAB_VIEW) {
    cg_error(pCg, "use DROP VIEW to delete view %s", pTab->zName);
    return;
  }
  Vdbe *v = pCg->v;
  int iDb = pTab->iDb;
  cg_use_db(pCg, iDb, 1);
  ddl_destroy_trees(pCg, pTab, iDb);
  ddl_delete_rows(pCg, iDb, 2, pTab->zName);
  Table *pSeq = pTab->bAutoinc ? schema_find_table(pCg->db, pCg->db->aDb[iDb].zDbSName,
                                                   "sqlite_sequence") : NULL;
  if (pSeq) ddl_delete_rows_in(pCg, iDb, (int)pSeq->tnum, 0, pTab->zName);
  ddl_finish(pCg, iDb, NULL);
  vdbe_add_op4(v, OP_DropTable, iDb, 0, 0, pTab->zName, P4_TRANSIENT);
}

static void ddl_drop_index(Cg *pCg, Stmt *pStmt) {
  DropStmt *d = &pStmt->u.drop;
  if (d->zDb && cg_db_index(pCg, d->zDb) < 0) return;
  Index *pIdx = schema_find_index(pCg->db, d->zDb, d->zName);
  if (pIdx == NULL) {
    if (!d->bIfExists) {
      if (d->zDb) cg_error(pCg, "no such index: %s.%s", d->zDb, d->zName);
      else cg_error(pCg, "no such index: %s", d->zName);
    }
    return;
  }
  if (pIdx->idxType != IDX_CREATED) {
    cg_error(pCg, "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped");
    return;
  }
  Vdbe *v = pCg->v;
  int iDb = pIdx->pTable->iDb;
  cg_use_db(pCg, iDb, 1);
  int rMoved = cg_reg(pCg, 1);
  vdbe_add_op3(v, OP_Destroy, (int)pIdx->tnum, rMoved, iDb);
  ddl_delete_rows(pCg, iDb, 1, pIdx->zName);
  ddl_finish(pCg, iDb, NULL);
  vdbe_add_op4(v, OP_DropIndex, iDb, 0, 0, pIdx->zName, P4_TRANSIENT);
}

void cg_drop(Cg *pCg, Stmt *pStmt) {
  switch (pStmt->eKind) {
    case STMT_DROP_TABLE: ddl_drop_table(pCg, pStmt, 0); break;
    case STMT_DROP_VIEW: ddl_drop_table(pCg, pStmt, 1); break;
    case STMT_DROP_INDEX: ddl_drop_index(pCg, pStmt); break;
    default:
      if (!pStmt->u.drop.bIfExists) cg_error(pCg, "no such trigger: %s", pStmt->u.drop.zName);
      break;
  }
}

/* ---- ALTER TABLE ------------------------------------------------------------ */

/* Dequoted copy of identifier token z[0..n) (mem_malloc'd). */
static char *ddl_dequote(const char *z, int n) {
  char *zOut = mem_malloc((u64)n + 1);
  if (zOut == NULL) return NULL;
  char q = z[0] == '[' ? ']' : z[0];
  if (q != '"' && q != '`' && q != ']') {
    memcpy(zOut, z, (size_t)n);
    zOut[n] = 0;
    return zOut;
  }
  int k = 0;
  for (int i = 1; i < n - 1; i++) {
    if (z[i] == q && q != ']' && i + 1 < n - 1 && z[i + 1] == q) i++;
    zOut[k++] = z[i];
  }
  zOut[k] = 0;
  return zOut;
}

/* zSql with every identifier token equal to zOld replaced by zNew (quoted
** when bQuote or when needed).  mem_malloc'd; NULL on OOM. */
static char *ddl_rename_ident(const char *zSql, const char *zOld, const char *zNew, int bQuote) {
  char *zOut = cg_mprintf("%s", "");
  int n = (int)strlen(zSql);
  for (int i = 0; zOut && i < n;) {
    int type = 0;
    int len = tokenize_next(zSql + i, n - i, &type);
    if (len <= 0) len = 1;
    int bMatch = 0;
    if (type == TK_ID || tokenize_is_keyword(type)) {
      char *z = ddl_dequote(zSql + i, len);
      if (z == NULL) {   /* a missed match would leave the old name behind */
        mem_free(zOut);
        return NULL;
      }
      bMatch = str_icmp(z, zOld) == 0;
      mem_free(z);
    }
    char *zNext;
    if (bMatch && (bQuote || !tokenize_is_plain_id(zNew, (int)strlen(zNew)))) {
      zNext = cg_mprintf("%s\"%s\"", zOut, zNew);
    } else if (bMatch) {
      zNext = cg_mprintf("%s%s", zOut, zNew);
    } else {
      zNext = cg_mprintf("%s%.*s", zOut, len, zSql + i);
    }
    mem_free(zOut);
    zOut = zNext;
    i += len;
  }
  return zOut;
}

/* One sqlite_schema row to rewrite: matched by name. */
typedef struct AlterRow {
  const char *zOldName;
  char *zName, *zTbl, *zSql;   /* new values (mem_malloc'd; zSql may be NULL) */
} AlterRow;

/* Rewrites the sqlite_schema rows named in aRow (type and rootpage kept). */
static void ddl_rewrite_rows(Cg *pCg, int iDb, AlterRow *aRow, int nRow) {
  Vdbe *v = pCg->v;
  int iCur = ddl_open_schema(pCg, iDb);
  int r = cg_reg(pCg, SCHEMA_COLS + 3);
  int addrEmpty = vdbe_add_op1(v, OP_Rewind, iCur);
  int addrTop = vdbe_current_addr(v);
  int lblNextRow = vdbe_make_label(v);
  vdbe_add_op3(v, OP_Column, iCur, 1, r + SCHEMA_COLS);
  for (int k = 0; k < nRow; k++) {
    vdbe_add_op4(v, OP_String8, 0, r + SCHEMA_COLS + 1, 0, aRow[k].zOldName, P4_TRANSIENT);
    int addrNe = vdbe_add_op3(v, OP_Ne, r + SCHEMA_COLS + 1, 0, r + SCHEMA_COLS);
    vdbe_add_op3(v, OP_Column, iCur, 0, r);
    vdbe_add_op4(v, OP_String8, 0, r + 1, 0, aRow[k].zName, P4_TRANSIENT);
    vdbe_add_op4(v, OP_String8, 0, r + 2, 0, aRow[k].zTbl, P4_TRANSIENT);
    vdbe_add_op3(v, OP_Column, iCur, 3, r + 3);
    if (aRow[k].zSql) vdbe_add_op4(v, OP_String8, 0, r + 4, 0, aRow[k].zSql, P4_TRANSIENT);
    else vdbe_add_op2(v, OP_Null, 0, r + 4);
    vdbe_add_op3(v, OP_MakeRecord, r, SCHEMA_COLS, r + SCHEMA_COLS + 1);
    vdbe_add_op2(v, OP_Rowid, iCur, r + SCHEMA_COLS + 2);
    vdbe_add_op3(v, OP_Insert, iCur, r + SCHEMA_COLS + 1, r + SCHEMA_COLS + 2);
    vdbe_add_op2(v, OP_Goto, 0, lblNextRow);
    vdbe_jump_here(v, addrNe);
  }
  vdbe_resolve_label(v, lblNextRow);
  vdbe_add_op2(v, OP_Next, iCur, addrTop);
  vdbe_jump_here(v, addrEmpty);
  vdbe_add_op1(v, OP_Close, iCur);
}

static void ddl_alter_rows_free(AlterRow *aRow, int n) {
  for (int k = 0; k < n; k++) {
    mem_free(aRow[k].zName);
    mem_free(aRow[k].zTbl);
    mem_free(aRow[k].zSql);
  }
  mem_free(aRow);
}

/* RENAME TO (bColumn 0) or RENAME COLUMN (bColumn 1): rewrite the table's
** and its indexes' rows. */
static void ddl_alter_rename(Cg *pCg, Table *pTab, const char *zOld, const char *zNew,
                             int bColumn) {
  int nIdx = 0;
  for (Index *x = pTab->pIndex; x; x = x->pNext) nIdx++;
  AlterRow *aRow = mem_zalloc(sizeof(AlterRow) * (u64)(nIdx + 1));
  if (aRow == NULL) return;
  const char *zTblNew = bColumn ? pTab->zName : zNew;
  aRow[0].zOldName = pTab->zName;
  aRow[0].zName = cg_mprintf("%s", zTblNew);
  aRow[0].zTbl = cg_mprintf("%s", zTblNew);
  aRow[0].zSql = ddl_rename_ident(pTab->zSql, zOld, zNew, !bColumn);
  int k = 1;
  for (Index *x = pTab->pIndex; x; x = x->pNext, k++) {
    aRow[k].zOldName = x->zName;
    if (x->idxType != IDX_CREATED && !bColumn) {
      aRow[k].zName = cg_mprintf("sqlite_autoindex_%s%s", zNew,
                                 x->zName + 17 + strlen(pTab->zName));
    } else {
      aRow[k].zName = cg_mprintf("%s", x->zName);
    }
    aRow[k].zTbl = cg_mprintf("%s", zTblNew);
    aRow[k].zSql = x->zSql ? ddl_rename_ident(x->zSql, zOld, zNew, !bColumn) : NULL;
  }
  for (int j = 0; j <= nIdx; j++) {   /* a failed copy must not be written as NULL */
    const char *zSrcSql = j == 0 ? pTab->zSql : NULL;
    if (j > 0) {
      Index *x = pTab->pIndex;
      for (int m = 1; m < j; m++) x = x->pNext;
      zSrcSql = x->zSql;
    }
    if (!aRow[j].zName || !aRow[j].zTbl || (zSrcSql && !aRow[j].zSql)) {
      cg_error_rc(pCg, SQLITE_NOMEM, NULL);
      ddl_alter_rows_free(aRow, nIdx + 1);
      return;
    }
  }
  ddl_rewrite_rows(pCg, pTab->iDb, aRow, nIdx + 1);
  ddl_alter_rows_free(aRow, nIdx + 1);
}

/* ADD COLUMN: the definition's text goes before the final ')'. */
static void ddl_alter_add(Cg *pCg, Table *pTab, AlterStmt *a) {
  ColumnDef *d = a->pColDef;
  if (schema_column_index(pTab, d->zName) >= 0) {
    cg_error(pCg, "duplicate column name: %s", d->zName);
    return;
  }
  for (int k = 0; k < d->nCons; k++) {
    ColumnConstraint *c = &d->aCons[k];
    if (c->eKind == CC_PRIMARY_KEY) cg_error(pCg, "Cannot add a PRIMARY KEY column");
    else if (c->eKind == CC_UNIQUE) cg_error(pCg, "Cannot add a UNIQUE column");
    else if (c->eKind == CC_DEFAULT && !cg_expr_is_const(c->pExpr)) {
      cg_error(pCg, "Cannot add a column with non-constant default");
    }
  }
  if (pCg->rc) return;
  const char *zOld = pTab->zSql;
  int n = (int)strlen(zOld);
  while (n > 0 && zOld[n - 1] != ')') n--;
  if (n <= 0) {
    cg_error(pCg, "malformed table definition");
    return;
  }
  int iOff = d->span.iOff, nDef = d->span.n;
  if (iOff < 0 || iOff + nDef > pCg->pStmt->nSql) nDef = 0;
  AlterRow row = {pTab->zName, cg_mprintf("%s", pTab->zName), cg_mprintf("%s", pTab->zName),
                  cg_mprintf("%.*s, %.*s%s", n - 1, zOld, nDef, pCg->pStmt->zSql + iOff,
                             zOld + n - 1)};
  AlterRow *p = mem_malloc(sizeof(AlterRow));
  if (p == NULL || !row.zName || !row.zTbl || !row.zSql) {   /* never write a NULL sql */
    mem_free(row.zName);
    mem_free(row.zTbl);
    mem_free(row.zSql);
    mem_free(p);
    cg_error_rc(pCg, SQLITE_NOMEM, NULL);
    return;
  }
  *p = row;
  ddl_rewrite_rows(pCg, pTab->iDb, p, 1);
  ddl_alter_rows_free(p, 1);
}

void cg_alter(Cg *pCg, Stmt *pStmt) {
  AlterStmt *a = &pStmt->u.alter;
  Table *pTab = cg_locate_table(pCg, a->zDb, a->zTable);
  if (pTab == NULL) return;
  if (pTab->eType == TAB_VIEW) {
    cg_error(pCg, "Cannot %s a view", a->eAlter == ALTER_ADD_COLUMN ? "add a column to" : "rename");
    return;
  }
  if (pTab->bSchemaTab || str_nicmp(pTab->zName, "sqlite_", 7) == 0) {
    cg_error(pCg, "table %s may not be altered", pTab->zName);
    return;
  }
  cg_use_db(pCg, pTab->iDb, 1);
  switch (a->eAlter) {
    case ALTER_ADD_COLUMN: ddl_alter_add(pCg, pTab, a); break;
    case ALTER_RENAME_TABLE:
      if (schema_find_table(pCg->db, NULL, a->zNewName) ||
          schema_find_index(pCg->db, NULL, a->zNewName)) {
        cg_error(pCg, "there is already another table or index with this name: %s", a->zNewName);
        return;
      }
      ddl_alter_rename(pCg, pTab, pTab->zName, a->zNewName, 0);
      break;
    case ALTER_RENAME_COLUMN:
      if (schema_column_index(pTab, a->zColumn) < 0) {
        cg_error(pCg, "no such column: \"%s\"", a->zColumn);
        return;
      }
      if (schema_column_index(pTab, a->zNewName) >= 0) {
        cg_error(pCg, "duplicate column name: %s", a->zNewName);
        return;
      }
      ddl_alter_rename(pCg, pTab, a->zColumn, a->zNewName, 1);
      break;
    default:
      cg_error(pCg, "ALTER TABLE DROP COLUMN is not supported yet");
      return;
  }
  if (pCg->rc == SQLITE_OK) ddl_finish(pCg, pTab->iDb, "type!='trigger'");
}
