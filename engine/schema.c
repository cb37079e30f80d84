/*
** schema.c: building and loading the in-memory schema (see schema.h).
**
** Invariants (schema.h lists the contract; these are local):
**   1. Loading reads sqlite_schema with a plain btree cursor, tables and
**      views first, then indexes, so an index row always finds its table
**      whatever the rowid order of the rows.
**   2. Automatic indexes are created from the CREATE TABLE text (in the
**      order SQLite numbers them: column constraints left to right, then
**      table constraints, duplicates of an existing key skipped) and get
**      their root page from the sqlite_schema row of the same name.
**   3. Data read from the file is never asserted; malformed rows give
**      SQLITE_CORRUPT with "malformed database schema (name)".
*/
#include "schema.h"
#include "cg.h"
#include "btree.h"
#include "parse.h"
#include <ctype.h>

/* ---- affinity (datatype3.html 3.1) ------------------------------------ */

static int schema_type_has(const char *zType, const char *zWord) {
  int n = (int)strlen(zWord);
  for (const char *z = zType; *z; z++) {
    if (str_nicmp(z, zWord, n) == 0) return 1;
  }
  return 0;
}

char schema_affinity(const char *zType) {
  if (zType == NULL) return AFF_BLOB;
  if (schema_type_has(zType, "INT")) return AFF_INTEGER;
  if (schema_type_has(zType, "CHAR") || schema_type_has(zType, "CLOB") ||
      schema_type_has(zType, "TEXT")) {
    return AFF_TEXT;
  }
  if (schema_type_has(zType, "BLOB")) return AFF_BLOB;
  if (schema_type_has(zType, "REAL") || schema_type_has(zType, "FLOA") ||
      schema_type_has(zType, "DOUB")) {
    return AFF_REAL;
  }
  return AFF_NUMERIC;
}

/* ---- schema objects ------------------------------------------------------ */

/* The sqlite_schema table of database iDb (fixed layout). */
static Table *schema_make_master(Schema *pSchema, int iDb) {
  static const char *azName[] = {"type", "name", "tbl_name", "rootpage", "sql"};
  static const char *azType[] = {"text", "text", "text", "int", "text"};
  Arena *pA = &pSchema->arena;
  Table *pTab = ast_arena_alloc(pA, sizeof(Table));
  if (pTab == NULL) return NULL;
  pTab->zName = iDb == 1 ? "sqlite_temp_master" : "sqlite_master";
  pTab->nCol = 5;
  pTab->aCol = ast_arena_alloc(pA, sizeof(Column) * 5);
  if (pTab->aCol == NULL) return NULL;
  for (int i = 0; i < 5; i++) {
    pTab->aCol[i].zName = azName[i];
    pTab->aCol[i].zType = azType[i];
    pTab->aCol[i].affinity = schema_affinity(azType[i]);
  }
  pTab->iPKey = -1;
  pTab->tnum = 1;
  pTab->bSchemaTab = 1;
  pTab->iDb = iDb;
  pTab->zSql = "CREATE TABLE sqlite_master(type text, name text, tbl_name text, "
               "rootpage int, sql text)";
  return pTab;
}

Schema *schema_get(sqlite3 *db, int iDb) {
  ASSERT(iDb >= 0 && iDb < db->nDb);
  Schema *p = db->aDb[iDb].pSchema;
  if (p == NULL) {
    p = mem_zalloc(sizeof(Schema));
    if (p == NULL) return NULL;
    ast_arena_init(&p->arena);
    db->aDb[iDb].pSchema = p;
  }
  if (p->pSchemaTab == NULL) {
    p->pSchemaTab = schema_make_master(p, iDb);
    if (p->pSchemaTab == NULL) return NULL;
  }
  return p;
}

static void schema_clear(Schema *p) {
  ast_arena_free(&p->arena);
  ast_arena_init(&p->arena);
  p->bLoaded = 0;
  p->iCookie = 0;
  p->pTables = NULL;
  p->pSchemaTab = NULL;
}

void schema_reset(sqlite3 *db, int iDb) {
  for (int i = 0; i < db->nDb; i++) {
    if ((iDb < 0 || i == iDb) && db->aDb[i].pSchema) schema_clear(db->aDb[i].pSchema);
  }
}

void schema_free_all(sqlite3 *db) {
  for (int i = 0; i < CONN_MAX_DB; i++) {
    Schema *p = db->aDb[i].pSchema;
    if (p) {
      ast_arena_free(&p->arena);
      mem_free(p);
      db->aDb[i].pSchema = NULL;
    }
  }
}

int schema_is_rowid_name(const char *zName) {
  return str_icmp(zName, "rowid") == 0 || str_icmp(zName, "oid") == 0 ||
         str_icmp(zName, "_rowid_") == 0;
}

int schema_column_index(const Table *pTab, const char *zName) {
  for (int i = 0; i < pTab->nCol; i++) {
    if (str_icmp(pTab->aCol[i].zName, zName) == 0) return i;
  }
  return -1;
}

static int schema_is_master_name(const char *zName, int iDb) {
  if (iDb == 1) {
    return str_icmp(zName, "sqlite_temp_master") == 0 ||
           str_icmp(zName, "sqlite_temp_schema") == 0;
  }
  return str_icmp(zName, "sqlite_master") == 0 || str_icmp(zName, "sqlite_schema") == 0;
}

static Table *schema_find_in(sqlite3 *db, int iDb, const char *zName) {
  Schema *p = schema_get(db, iDb);
  if (p == NULL) return NULL;
  if (schema_is_master_name(zName, iDb)) return p->pSchemaTab;
  for (Table *t = p->pTables; t; t = t->pNext) {
    if (str_icmp(t->zName, zName) == 0) return t;
  }
  return NULL;
}

/* Database index for a schema qualifier, -1 if unknown. */
static int schema_db_index(sqlite3 *db, const char *zDb) {
  for (int i = 0; i < db->nDb; i++) {
    if (db->aDb[i].zDbSName && str_icmp(db->aDb[i].zDbSName, zDb) == 0) return i;
  }
  return -1;
}

Table *schema_find_table(sqlite3 *db, const char *zDb, const char *zName) {
  if (zDb) {
    int i = schema_db_index(db, zDb);
    return i < 0 ? NULL : schema_find_in(db, i, zName);
  }
  Table *t = db->nDb > 1 ? schema_find_in(db, 1, zName) : NULL;
  if (t == NULL || t->bSchemaTab) {
    Table *tm = schema_find_in(db, 0, zName);
    if (tm) t = tm;
  }
  for (int i = 2; t == NULL && i < db->nDb; i++) t = schema_find_in(db, i, zName);
  return t;
}

Index *schema_find_index(sqlite3 *db, const char *zDb, const char *zName) {
  int iWant = zDb ? schema_db_index(db, zDb) : -1;
  if (zDb && iWant < 0) return NULL;
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 0; i < db->nDb; i++) {
      int iDb = (pass == 0) ? 1 : i;   /* temp first, as for tables */
      if (pass == 0 && i > 0) break;
      if (pass == 1 && i == 1) continue;
      if (iWant >= 0 && iDb != iWant) continue;
      Schema *p = db->aDb[iDb].pSchema;
      if (p == NULL || iDb >= db->nDb) continue;
      for (Table *t = p->pTables; t; t = t->pNext) {
        if (t->pPk && str_icmp(t->pPk->zName, zName) == 0) return t->pPk;
        for (Index *x = t->pIndex; x; x = x->pNext) {
          if (str_icmp(x->zName, zName) == 0) return x;
        }
      }
    }
  }
  return NULL;
}

/* ---- building tables from CREATE TABLE ---------------------------------- */

/* Applies one column constraint to column i of pTab. */
static int schema_col_constraint(Table *pTab, int i, const ColumnConstraint *pCons,
                                 int *pnPk, char **pzErr) {
  Column *pCol = &pTab->aCol[i];
  switch (pCons->eKind) {
    case CC_PRIMARY_KEY:
      if ((*pnPk)++ > 0) {
        *pzErr = cg_mprintf("table \"%s\" has more than one primary key", pTab->zName);
        return SQLITE_ERROR;
      }
      pCol->bPrimKey = 1;
      if (pCol->zType && str_icmp(pCol->zType, "INTEGER") == 0) {
        pTab->iPKey = i;
        pTab->pkOnError = pCons->eConflict;
        pTab->bAutoinc = pCons->bAutoinc;
      }
      break;
    case CC_NOT_NULL:
      pCol->notNull = pCons->eConflict ? pCons->eConflict : CONFLICT_ABORT;
      break;
    case CC_DEFAULT:
      pCol->pDflt = pCons->pExpr;
      pCol->zDfltText = pCons->zText;
      break;
    case CC_COLLATE:
      pCol->zColl = pCons->zCollate;
      break;
    default:
      break;
  }
  return SQLITE_OK;
}

static int schema_add_check(Schema *pSchema, Table *pTab, const Stmt *pStmt, Expr *pExpr,
                            const char *zConsName) {
  CheckCons *c = ast_arena_alloc(&pSchema->arena, sizeof(CheckCons));
  if (c == NULL) return SQLITE_NOMEM;
  c->pExpr = pExpr;
  c->zName = zConsName;
  if (c->zName == NULL) {
    c->zName = ast_arena_strndup(&pSchema->arena, pStmt->zSql + pExpr->span.iOff,
                                 pExpr->span.n);
    if (c->zName == NULL) return SQLITE_NOMEM;
  }
  CheckCons **pp = &pTab->pCheck;
  while (*pp) pp = &(*pp)->pNext;   /* keep declaration order */
  *pp = c;
  return SQLITE_OK;
}

/* The six standard type names are kept in upper case, as SQLite 3.40
** reports them (table_info, decltype); other types stay as written. */
static const char *schema_std_type(const char *zType) {
  static const char *az[] = {"ANY", "BLOB", "INT", "INTEGER", "REAL", "TEXT"};
  for (int i = 0; zType && i < ARRAY_SIZE(az); i++) {
    if (str_icmp(zType, az[i]) == 0) return az[i];
  }
  return zType;
}

static int schema_columns(Schema *pSchema, Table *pTab, const Stmt *pStmt, int *pnPk,
                          char **pzErr) {
  const CreateTableStmt *ct = &pStmt->u.createTable;
  pTab->nCol = ct->nCol;
  pTab->aCol = ast_arena_alloc(&pSchema->arena, sizeof(Column) * (u64)(ct->nCol + 1));
  if (pTab->aCol == NULL) return SQLITE_NOMEM;
  for (int i = 0; i < ct->nCol; i++) {
    const ColumnDef *d = &ct->aCol[i];
    for (int j = 0; j < i; j++) {
      if (str_icmp(pTab->aCol[j].zName, d->zName) == 0) {
        *pzErr = cg_mprintf("duplicate column name: %s", d->zName);
        return SQLITE_ERROR;
      }
    }
    pTab->aCol[i].zName = d->zName;
    pTab->aCol[i].zType = schema_std_type(d->zType);
    pTab->aCol[i].affinity = schema_affinity(d->zType);
    for (int k = 0; k < d->nCons; k++) {
      int rc = schema_col_constraint(pTab, i, &d->aCons[k], pnPk, pzErr);
      if (rc == SQLITE_OK && d->aCons[k].eKind == CC_CHECK) {
        rc = schema_add_check(pSchema, pTab, pStmt, d->aCons[k].pExpr, d->aCons[k].zConsName);
      }
      if (rc) return rc;
    }
  }
  return SQLITE_OK;
}

/* Column index named by an indexed-column expression (x or x COLLATE y). */
static int schema_term_column(const Table *pTab, const Expr *p) {
  while (p && p->op == EXPR_COLLATE) p = p->pLeft;
  if (p && (p->op == EXPR_COLUMN || p->op == EXPR_STRING) && p->z) {
    return schema_column_index(pTab, p->z);
  }
  return -2;
}

static int schema_table_constraints(Schema *pSchema, Table *pTab, const Stmt *pStmt, int *pnPk,
                                    char **pzErr) {
  const CreateTableStmt *ct = &pStmt->u.createTable;
  for (int k = 0; k < ct->nCons; k++) {
    const TableConstraint *tc = &ct->aCons[k];
    if (tc->eKind == TC_CHECK) {
      int rc = schema_add_check(pSchema, pTab, pStmt, tc->pCheck, tc->zConsName);
      if (rc) return rc;
    } else if (tc->eKind == TC_PRIMARY_KEY) {
      if ((*pnPk)++ > 0) {
        *pzErr = cg_mprintf("table \"%s\" has more than one primary key", pTab->zName);
        return SQLITE_ERROR;
      }
      for (int j = 0; tc->pCols && j < tc->pCols->nExpr; j++) {
        int iCol = schema_term_column(pTab, tc->pCols->a[j].pExpr);
        if (iCol < 0) {
          *pzErr = cg_mprintf("expressions prohibited in PRIMARY KEY and UNIQUE constraints");
          return SQLITE_ERROR;
        }
        pTab->aCol[iCol].bPrimKey = 1;
        if (tc->pCols->nExpr == 1 && pTab->aCol[iCol].zType &&
            str_icmp(pTab->aCol[iCol].zType, "INTEGER") == 0) {
          pTab->iPKey = iCol;
          pTab->pkOnError = tc->eConflict;
          pTab->bAutoinc = tc->bAutoinc;
        }
      }
    }
  }
  return SQLITE_OK;
}

static int schema_add_fkey(Schema *pSchema, Table *pTab, const ForeignKey *pFk, int *aiChild,
                           int nCol) {
  Arena *pA = &pSchema->arena;
  FKey *fk = ast_arena_alloc(pA, sizeof(FKey));
  if (fk == NULL) return SQLITE_NOMEM;
  fk->nCol = nCol;
  fk->aiChild = aiChild;
  fk->zParent = pFk->zTable;
  if (pFk->pCols) {
    fk->azParent = ast_arena_alloc(pA, sizeof(char *) * (u64)pFk->pCols->nId);
    if (fk->azParent == NULL) return SQLITE_NOMEM;
    for (int i = 0; i < pFk->pCols->nId && i < nCol; i++) fk->azParent[i] = pFk->pCols->azId[i];
  }
  fk->eOnDelete = pFk->eOnDelete;
  fk->eOnUpdate = pFk->eOnUpdate;
  fk->bDeferred = pFk->eDefer == FK_DEFERRABLE_DEFERRED;
  FKey **pp = &pTab->pFKey;
  while (*pp) pp = &(*pp)->pNext;
  *pp = fk;
  return SQLITE_OK;
}

/* Column and table REFERENCES clauses. */
static int schema_fkeys(Schema *pSchema, Table *pTab, const CreateTableStmt *ct) {
  for (int i = 0; i < ct->nCol; i++) {
    for (int k = 0; k < ct->aCol[i].nCons; k++) {
      const ColumnConstraint *c = &ct->aCol[i].aCons[k];
      if (c->eKind != CC_REFERENCES || c->pFk == NULL) continue;
      int *ai = ast_arena_alloc(&pSchema->arena, sizeof(int));
      if (ai == NULL) return SQLITE_NOMEM;
      ai[0] = i;
      if (schema_add_fkey(pSchema, pTab, c->pFk, ai, 1)) return SQLITE_NOMEM;
    }
  }
  for (int k = 0; k < ct->nCons; k++) {
    const TableConstraint *tc = &ct->aCons[k];
    if (tc->eKind != TC_FOREIGN_KEY || tc->pFromCols == NULL || tc->pFk == NULL) continue;
    int n = tc->pFromCols->nId;
    int *ai = ast_arena_alloc(&pSchema->arena, sizeof(int) * (u64)(n + 1));
    if (ai == NULL) return SQLITE_NOMEM;
    for (int j = 0; j < n; j++) {
      ai[j] = schema_column_index(pTab, tc->pFromCols->azId[j]);
      if (ai[j] < 0) return SQLITE_ERROR;
    }
    if (schema_add_fkey(pSchema, pTab, tc->pFk, ai, n)) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

Table *schema_table_from_ast(Schema *pSchema, const Stmt *pStmt, char **pzErr) {
  ASSERT(pStmt->eKind == STMT_CREATE_TABLE);
  *pzErr = NULL;
  const CreateTableStmt *ct = &pStmt->u.createTable;
  Table *pTab = ast_arena_alloc(&pSchema->arena, sizeof(Table));
  if (pTab == NULL) return NULL;
  pTab->zName = ct->zName;
  pTab->iPKey = -1;
  pTab->bWithoutRowid = (ct->options & TABLE_OPT_WITHOUT_ROWID) != 0;
  pTab->zSql = pStmt->zSql;
  int nPk = 0;
  if (schema_columns(pSchema, pTab, pStmt, &nPk, pzErr)) return NULL;
  if (schema_table_constraints(pSchema, pTab, pStmt, &nPk, pzErr)) return NULL;
  if (pTab->bWithoutRowid && pTab->bAutoinc) {
    *pzErr = cg_mprintf("AUTOINCREMENT not allowed on WITHOUT ROWID tables");
    return NULL;
  }
  if (pTab->bWithoutRowid && nPk == 0) {
    *pzErr = cg_mprintf("PRIMARY KEY missing on table %s", pTab->zName);
    return NULL;
  }
  if (pTab->bWithoutRowid) pTab->iPKey = -1;   /* no rowid to alias (invariant 4) */
  if (pTab->bAutoinc && pTab->iPKey < 0) {
    *pzErr = cg_mprintf("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY");
    return NULL;
  }
  int rc = schema_fkeys(pSchema, pTab, ct);
  if (rc == SQLITE_ERROR) {
    *pzErr = cg_mprintf("unknown column in foreign key definition");
    return NULL;
  }
  return rc ? NULL : pTab;
}

/* ---- automatic and explicit indexes ---------------------------------- */

static Index *schema_new_index(Schema *pSchema, Table *pTab, int nCol) {
  Arena *pA = &pSchema->arena;
  Index *x = ast_arena_alloc(pA, sizeof(Index));
  if (x == NULL) return NULL;
  x->pTable = pTab;
  x->nKeyCol = nCol;
  x->nColumn = nCol;
  x->aiColumn = ast_arena_alloc(pA, sizeof(i16) * (u64)(nCol + 1));
  x->apExpr = ast_arena_alloc(pA, sizeof(Expr *) * (u64)(nCol + 1));
  x->aDesc = ast_arena_alloc(pA, (u64)nCol + 1);
  x->azColl = ast_arena_alloc(pA, sizeof(char *) * (u64)(nCol + 1));
  if (!x->aiColumn || !x->apExpr || !x->aDesc || !x->azColl) return NULL;
  return x;
}

static void schema_link_index(Table *pTab, Index *x) {
  Index **pp = &pTab->pIndex;
  while (*pp) pp = &(*pp)->pNext;
  *pp = x;
}

/* Does pTab already have an index over exactly these columns? */
static Index *schema_same_key(const Table *pTab, const i16 *aiCol, int nCol) {
  for (Index *x = pTab->pIndex; x; x = x->pNext) {
    if (x->nKeyCol != nCol) continue;
    int j = 0;
    while (j < nCol && x->aiColumn[j] == aiCol[j]) j++;
    if (j == nCol) return x;
  }
  return NULL;
}

/* The collation of an indexed term: explicit COLLATE, else the column's. */
static const char *schema_term_coll(const Table *pTab, const Expr *p, int iCol) {
  if (p && p->op == EXPR_COLLATE) return p->z;
  if (iCol >= 0 && pTab->aCol[iCol].zColl) return pTab->aCol[iCol].zColl;
  return "BINARY";
}

/* Does x hold column iCol with collation zColl among its first n fields? */
static int schema_index_has(const Index *x, int n, int iCol, const char *zColl) {
  for (int j = 0; j < n; j++) {
    if (x->aiColumn[j] == iCol && str_icmp(x->azColl[j], zColl) == 0) return 1;
  }
  return 0;
}

static int schema_autoindex(Schema *pSchema, Table *pTab, const i16 *aiCol, Expr **apTerm,
                            const u8 *aDesc, int nCol, u8 onError, u8 idxType, int *pnAuto) {
  Index *pSame = schema_same_key(pTab, aiCol, nCol);
  if (pSame) {
    /* "a UNIQUE, PRIMARY KEY(a)": the UNIQUE index serves as the PRIMARY KEY
    ** (SQLite lists it with origin "pk"; a WITHOUT ROWID table is stored in it) */
    if (idxType == IDX_PRIMKEY && pTab->bWithoutRowid) pSame->idxType = IDX_PRIMKEY;
    return SQLITE_OK;
  }
  Index *x = schema_new_index(pSchema, pTab, nCol);
  if (x == NULL) return SQLITE_NOMEM;
  int n = 0;
  for (int j = 0; j < nCol; j++) {
    const char *zColl = schema_term_coll(pTab, apTerm ? apTerm[j] : NULL, aiCol[j]);
    /* a WITHOUT ROWID PRIMARY KEY "(a, a)" keys a once (its records hold a once) */
    int bPkOfWr = pTab->bWithoutRowid && idxType == IDX_PRIMKEY;
    if (bPkOfWr && schema_index_has(x, n, aiCol[j], zColl)) continue;
    x->aiColumn[n] = aiCol[j];
    x->aDesc[n] = aDesc ? aDesc[j] : 0;
    x->azColl[n] = zColl;
    n++;
  }
  ASSERT(n >= 1 && n <= nCol);
  x->nKeyCol = x->nColumn = n;
  x->onError = onError ? onError : CONFLICT_ABORT;
  x->idxType = idxType;
  char *z = cg_mprintf("sqlite_autoindex_%s_%d", pTab->zName, ++*pnAuto);
  if (z == NULL) return SQLITE_NOMEM;
  x->zName = ast_arena_strdup(&pSchema->arena, z);
  mem_free(z);
  if (x->zName == NULL) return SQLITE_NOMEM;
  schema_link_index(pTab, x);
  return SQLITE_OK;
}

static int schema_autoindex_cols(Schema *pSchema, Table *pTab, const CreateTableStmt *ct,
                                 int *pnAuto) {
  for (int i = 0; i < ct->nCol; i++) {
    for (int k = 0; k < ct->aCol[i].nCons; k++) {
      const ColumnConstraint *c = &ct->aCol[i].aCons[k];
      i16 iCol = (i16)i;
      u8 desc = c->eSortOrder == SORT_DESC;
      int rc = SQLITE_OK;
      if (c->eKind == CC_UNIQUE) {
        rc = schema_autoindex(pSchema, pTab, &iCol, NULL, NULL, 1, c->eConflict, IDX_UNIQUE,
                              pnAuto);
      } else if (c->eKind == CC_PRIMARY_KEY && pTab->iPKey != i) {
        rc = schema_autoindex(pSchema, pTab, &iCol, NULL, &desc, 1, c->eConflict, IDX_PRIMKEY,
                              pnAuto);
      }
      if (rc) return rc;
    }
  }
  return SQLITE_OK;
}

/* Reallocates x's column arrays for n fields, keeping the first nKeyCol. */
static int schema_index_grow(Schema *pSchema, Index *x, int n) {
  Arena *pA = &pSchema->arena;
  i16 *ai = ast_arena_alloc(pA, sizeof(i16) * (u64)(n + 1));
  Expr **ap = ast_arena_alloc(pA, sizeof(Expr *) * (u64)(n + 1));
  u8 *aD = ast_arena_alloc(pA, (u64)n + 1);
  const char **az = ast_arena_alloc(pA, sizeof(char *) * (u64)(n + 1));
  if (!ai || !ap || !aD || !az) return SQLITE_NOMEM;
  for (int j = 0; j < x->nKeyCol; j++) {
    ai[j] = x->aiColumn[j];
    ap[j] = x->apExpr[j];
    aD[j] = x->aDesc[j];
    az[j] = x->azColl[j];
  }
  x->aiColumn = ai;
  x->apExpr = ap;
  x->aDesc = aD;
  x->azColl = az;
  return SQLITE_OK;
}

/* A secondary index of a WITHOUT ROWID table: appends the PRIMARY KEY
** columns the key does not already hold (invariant 5). */
static int schema_index_extend(Schema *pSchema, Index *x) {
  Table *pTab = x->pTable;
  Index *pPk = pTab->pPk;
  x->nColumn = x->nKeyCol;
  if (!pTab->bWithoutRowid || pPk == NULL || x == pPk) return SQLITE_OK;
  ASSERT(pPk->nKeyCol > 0);
  int n = x->nKeyCol;
  int rc = schema_index_grow(pSchema, x, x->nKeyCol + pPk->nKeyCol);
  for (int j = 0; rc == SQLITE_OK && j < pPk->nKeyCol; j++) {
    if (schema_index_has(x, n, pPk->aiColumn[j], pPk->azColl[j])) continue;
    x->aiColumn[n] = pPk->aiColumn[j];
    x->apExpr[n] = NULL;
    x->aDesc[n] = pPk->aDesc[j];
    x->azColl[n] = pPk->azColl[j];
    n++;
  }
  x->nColumn = n;
  return rc;
}

/* WITHOUT ROWID: the PRIMARY KEY autoindex becomes Table.pPk, listing every
** column in storage order; PK columns are NOT NULL; the other indexes get
** the PK suffix (invariant 5). */
static int schema_finish_without_rowid(Schema *pSchema, Table *pTab) {
  Index **pp = &pTab->pIndex;
  while (*pp && (*pp)->idxType != IDX_PRIMKEY) pp = &(*pp)->pNext;
  if (*pp == NULL) return SQLITE_ERROR;   /* schema_table_from_ast demanded a PK */
  Index *pPk = *pp;
  *pp = pPk->pNext;
  pPk->pNext = NULL;
  int nPk = pPk->nKeyCol;
  if (schema_index_grow(pSchema, pPk, pTab->nCol + nPk)) return SQLITE_NOMEM;
  int n = nPk;
  for (int i = 0; i < pTab->nCol; i++) {
    int bInPk = 0;
    for (int j = 0; j < nPk; j++) bInPk |= pPk->aiColumn[j] == i;
    if (bInPk) {
      if (!pTab->aCol[i].notNull) pTab->aCol[i].notNull = CONFLICT_ABORT;
      continue;
    }
    pPk->aiColumn[n] = (i16)i;
    pPk->apExpr[n] = NULL;
    pPk->aDesc[n] = 0;
    pPk->azColl[n] = schema_term_coll(pTab, NULL, i);
    n++;
  }
  pPk->nColumn = n;
  pTab->pPk = pPk;
  for (Index *x = pTab->pIndex; x; x = x->pNext) {
    if (schema_index_extend(pSchema, x)) return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

int schema_column_storage(const Table *pTab, int iCol) {
  ASSERT(iCol >= 0 && iCol < pTab->nCol);
  if (pTab->pPk == NULL) return iCol;
  for (int j = 0; j < pTab->pPk->nColumn; j++) {
    if (pTab->pPk->aiColumn[j] == iCol) return j;
  }
  ASSERT(0);
  return iCol;
}

int schema_add_autoindexes(Schema *pSchema, Table *pTab, const Stmt *pStmt) {
  const CreateTableStmt *ct = &pStmt->u.createTable;
  int nAuto = 0;
  int rc = schema_autoindex_cols(pSchema, pTab, ct, &nAuto);
  for (int k = 0; rc == SQLITE_OK && k < ct->nCons; k++) {
    const TableConstraint *tc = &ct->aCons[k];
    if (tc->eKind != TC_PRIMARY_KEY && tc->eKind != TC_UNIQUE) continue;
    if (tc->eKind == TC_PRIMARY_KEY && pTab->iPKey >= 0) continue;
    int n = tc->pCols ? tc->pCols->nExpr : 0;
    if (n <= 0 || n > 2000) continue;
    i16 *aiCol = ast_arena_alloc(&pSchema->arena, sizeof(i16) * (u64)n);
    Expr **apTerm = ast_arena_alloc(&pSchema->arena, sizeof(Expr *) * (u64)n);
    u8 *aDesc = ast_arena_alloc(&pSchema->arena, (u64)n);
    if (!aiCol || !apTerm || !aDesc) return SQLITE_NOMEM;
    for (int j = 0; j < n; j++) {
      apTerm[j] = tc->pCols->a[j].pExpr;
      aiCol[j] = (i16)schema_term_column(pTab, apTerm[j]);
      aDesc[j] = tc->pCols->a[j].eSortOrder == SORT_DESC;
      if (aiCol[j] < 0) return SQLITE_ERROR;
    }
    rc = schema_autoindex(pSchema, pTab, aiCol, apTerm, aDesc, n, tc->eConflict,
                          tc->eKind == TC_PRIMARY_KEY ? IDX_PRIMKEY : IDX_UNIQUE, &nAuto);
  }
  if (rc == SQLITE_OK && pTab->bWithoutRowid) rc = schema_finish_without_rowid(pSchema, pTab);
  return rc;
}

Index *schema_index_from_ast(Schema *pSchema, Table *pTab, const Stmt *pStmt, char **pzErr) {
  ASSERT(pStmt->eKind == STMT_CREATE_INDEX);
  const CreateIndexStmt *ci = &pStmt->u.createIndex;
  *pzErr = NULL;
  int n = ci->pCols ? ci->pCols->nExpr : 0;
  Index *x = schema_new_index(pSchema, pTab, n);
  if (x == NULL) return NULL;
  for (int j = 0; j < n; j++) {
    Expr *pTerm = ci->pCols->a[j].pExpr;
    int iCol = schema_term_column(pTab, pTerm);
    if (iCol == -1) {
      const Expr *p = pTerm;
      while (p->op == EXPR_COLLATE) p = p->pLeft;
      if (!pTab->bWithoutRowid && schema_is_rowid_name(p->z)) {
        iCol = -1;
      } else {
        *pzErr = cg_mprintf("no such column: %s", p->z);
        return NULL;
      }
    }
    x->aiColumn[j] = (i16)iCol;
    if (iCol == -2) x->apExpr[j] = pTerm;
    x->aDesc[j] = ci->pCols->a[j].eSortOrder == SORT_DESC;
    x->azColl[j] = schema_term_coll(pTab, pTerm, iCol);
  }
  x->zName = ci->zName;
  x->onError = ci->bUnique ? CONFLICT_ABORT : 0;
  x->idxType = IDX_CREATED;
  x->pPartial = ci->pWhere;
  x->zSql = pStmt->zSql;
  if (schema_index_extend(pSchema, x)) return NULL;
  return x;
}

/* ---- loading from sqlite_schema ---------------------------------------- */

/* One decoded sqlite_schema row. */
typedef struct SchemaRow {
  char *zType;       /* "table", "index", "view", "trigger" (mem_malloc'd) */
  char *zName;
  char *zTbl;
  i64 iRoot;
  char *zSql;        /* NULL when the row has no sql */
} SchemaRow;

static void schema_row_clear(SchemaRow *r) {
  mem_free(r->zType);
  mem_free(r->zName);
  mem_free(r->zTbl);
  mem_free(r->zSql);
  memset(r, 0, sizeof(*r));
}

static int schema_field_text(const u8 *pRec, int nRec, int iField, char **pz) {
  Value v;
  value_init(&v, NULL);
  int rc = rec_decode_field(pRec, nRec, iField, &v, 0);
  if (rc == SQLITE_OK && value_type(&v) != SQLITE_NULL) {
    const unsigned char *z = value_text(&v, SQLITE_UTF8);
    if (z == NULL) rc = SQLITE_NOMEM;
    else if ((*pz = mem_strndup((const char *)z, value_bytes(&v, SQLITE_UTF8))) == NULL) {
      rc = SQLITE_NOMEM;
    }
  }
  value_release(&v);
  return rc;
}

static int schema_read_row(BtCursor *pCur, SchemaRow *r) {
  u32 nPay = 0;
  memset(r, 0, sizeof(*r));
  int rc = btree_payload_size(pCur, &nPay);
  if (rc) return rc;
  if (nPay > 0x7fffffff) return ERR_CORRUPT();
  u8 *pRec = mem_malloc(nPay + 1);
  if (pRec == NULL) return SQLITE_NOMEM;
  rc = btree_payload(pCur, 0, nPay, pRec);
  if (rc == SQLITE_OK) rc = schema_field_text(pRec, (int)nPay, 0, &r->zType);
  if (rc == SQLITE_OK) rc = schema_field_text(pRec, (int)nPay, 1, &r->zName);
  if (rc == SQLITE_OK) rc = schema_field_text(pRec, (int)nPay, 2, &r->zTbl);
  if (rc == SQLITE_OK) rc = schema_field_text(pRec, (int)nPay, 4, &r->zSql);
  if (rc == SQLITE_OK) {
    Value v;
    value_init(&v, NULL);
    rc = rec_decode_field(pRec, (int)nPay, 3, &v, 0);
    r->iRoot = value_int64(&v);
    value_release(&v);
  }
  mem_free(pRec);
  return rc;
}

/* Parses one statement of schema text into the schema's arena. */
static int schema_parse(sqlite3 *db, Schema *pSchema, const char *zSql, Stmt **ppStmt) {
  char *zErr = NULL;
  int rc = cg_parse_one(db, &pSchema->arena, zSql, ppStmt, &zErr);
  mem_free(zErr);
  if (rc == SQLITE_OK && *ppStmt == NULL) rc = SQLITE_CORRUPT;
  if (rc == SQLITE_ERROR && pSchema->arena.bOom) rc = SQLITE_NOMEM;
  return rc;
}

static int schema_load_table(sqlite3 *db, Schema *pSchema, int iDb, SchemaRow *r) {
  Stmt *pStmt = NULL;
  int rc = schema_parse(db, pSchema, r->zSql, &pStmt);
  if (rc) return rc;
  char *zErr = NULL;
  Table *pTab = NULL;
  int rcNull = SQLITE_CORRUPT;   /* what a NULL pTab means */
  if (pStmt->eKind == STMT_CREATE_TABLE) {
    pTab = schema_table_from_ast(pSchema, pStmt, &zErr);
    if (pTab == NULL && zErr == NULL) rcNull = SQLITE_NOMEM;   /* no message: out of memory */
    int rc2 = pTab ? schema_add_autoindexes(pSchema, pTab, pStmt) : SQLITE_OK;
    if (rc2) {
      pTab = NULL;
      rcNull = rc2 == SQLITE_NOMEM ? SQLITE_NOMEM : SQLITE_CORRUPT;
    }
  } else if (pStmt->eKind == STMT_CREATE_VIEW) {
    pTab = ast_arena_alloc(&pSchema->arena, sizeof(Table));
    if (pTab) {
      pTab->zName = pStmt->u.createView.zName;
      pTab->eType = TAB_VIEW;
      pTab->pSelect = pStmt->u.createView.pSelect;
      pTab->iPKey = -1;
      pTab->zSql = pStmt->zSql;
    }
  } else if (pStmt->eKind == STMT_CREATE_VTABLE) {
    return SQLITE_OK;    /* virtual tables: not supported yet, ignored */
  }
  mem_free(zErr);
  if (pTab == NULL) return pSchema->arena.bOom ? SQLITE_NOMEM : rcNull;
  pTab->tnum = (u32)r->iRoot;
  if (pTab->pPk) pTab->pPk->tnum = pTab->tnum;   /* invariant 5 */
  pTab->iDb = iDb;
  Table **pp = &pSchema->pTables;
  while (*pp) pp = &(*pp)->pNext;
  *pp = pTab;
  return SQLITE_OK;
}

static int schema_load_index(sqlite3 *db, Schema *pSchema, int iDb, SchemaRow *r) {
  Table *pTab = NULL;
  for (Table *t = pSchema->pTables; t; t = t->pNext) {
    if (r->zTbl && str_icmp(t->zName, r->zTbl) == 0) pTab = t;
  }
  if (pTab == NULL) return SQLITE_CORRUPT;
  if (r->zSql == NULL) {
    for (Index *x = pTab->pIndex; x; x = x->pNext) {
      if (r->zName && str_icmp(x->zName, r->zName) == 0) x->tnum = (u32)r->iRoot;
    }
    return SQLITE_OK;
  }
  Stmt *pStmt = NULL;
  int rc = schema_parse(db, pSchema, r->zSql, &pStmt);
  if (rc) return rc;
  if (pStmt->eKind != STMT_CREATE_INDEX) return SQLITE_CORRUPT;
  char *zErr = NULL;
  Index *x = schema_index_from_ast(pSchema, pTab, pStmt, &zErr);
  mem_free(zErr);
  if (x == NULL) return pSchema->arena.bOom ? SQLITE_NOMEM : SQLITE_CORRUPT;
  x->tnum = (u32)r->iRoot;
  (void)iDb;
  schema_link_index(pTab, x);
  return SQLITE_OK;
}

Trigger *schema_find_trigger(sqlite3 *db, const char *zDb, const char *zName) {
  for (int i = 0; i < db->nDb; i++) {
    if (zDb && (db->aDb[i].zDbSName == NULL || str_icmp(db->aDb[i].zDbSName, zDb) != 0)) continue;
    Schema *p = db->aDb[i].pSchema;
    for (Table *t = p ? p->pTables : NULL; t; t = t->pNext) {
      for (Trigger *tr = t->pTrigger; tr; tr = tr->pNext) {
        if (str_icmp(tr->zName, zName) == 0) return tr;
      }
    }
  }
  return NULL;
}

static int schema_load_trigger(sqlite3 *db, Schema *pSchema, int iDb, SchemaRow *r) {
  if (r->zSql == NULL) return SQLITE_OK;
  Stmt *pStmt = NULL;
  int rc = schema_parse(db, pSchema, r->zSql, &pStmt);
  if (rc) return rc;
  if (pStmt->eKind != STMT_CREATE_TRIGGER) return SQLITE_CORRUPT;
  const CreateTriggerStmt *ct = &pStmt->u.createTrigger;
  Table *pTab = NULL;
  for (Table *t = pSchema->pTables; t; t = t->pNext) {
    if (str_icmp(t->zName, ct->zTable) == 0) pTab = t;
  }
  if (pTab == NULL) return SQLITE_OK;   /* e.g. a temp trigger on a main table: later */
  Trigger *tr = ast_arena_alloc(&pSchema->arena, sizeof(Trigger));
  if (tr == NULL) return SQLITE_NOMEM;
  tr->zName = ct->zName;
  tr->zTable = ct->zTable;
  tr->eTime = ct->eTime == TRIGGER_TIME_DEFAULT ? TRIGGER_BEFORE : ct->eTime;
  tr->eEvent = ct->eEvent;
  tr->pCols = ct->pUpdateCols;
  tr->pWhen = ct->pWhen;
  tr->nStep = ct->nStep;
  tr->apStep = ct->apStep;
  tr->iDb = iDb;
  Trigger **pp = &pTab->pTrigger;
  while (*pp) pp = &(*pp)->pNext;
  *pp = tr;
  return SQLITE_OK;
}

/* The rows one DDL statement added (OP_ParseSchema's WHERE text as
** cg_ddl.c writes it): field iField (1 name, 2 tbl_name) equals zName. */
typedef struct SchemaFilter {
  int iField;
  char *zName;       /* mem_malloc'd */
  int bSeq;          /* also sqlite_sequence (AUTOINCREMENT creates it alongside) */
} SchemaFilter;

/* Does the row under pCur pass pF (NULL: every row)?  Only the one field
** is decoded: a DDL statement in a large schema must not re-read it all. */
static int schema_row_wanted(BtCursor *pCur, const SchemaFilter *pF, int *pbWanted) {
  *pbWanted = 1;
  if (pF == NULL) return SQLITE_OK;
  u32 nPay = 0;
  int rc = btree_payload_size(pCur, &nPay);
  if (rc) return rc;
  if (nPay > 0x7fffffff) return ERR_CORRUPT();
  u8 *pRec = mem_malloc(nPay + 1);
  if (pRec == NULL) return SQLITE_NOMEM;
  char *z = NULL;
  rc = btree_payload(pCur, 0, nPay, pRec);
  if (rc == SQLITE_OK) rc = schema_field_text(pRec, (int)nPay, pF->iField, &z);
  *pbWanted = z && (str_icmp(z, pF->zName) == 0 ||
                    (pF->bSeq && str_icmp(z, "sqlite_sequence") == 0));
  mem_free(z);
  mem_free(pRec);
  return rc;
}

/* Pass 0 loads tables and views, pass 1 indexes and triggers (invariant 1);
** only the rows pF wants. */
static int schema_load_pass(sqlite3 *db, Schema *pSchema, int iDb, int pass, char **pzErr,
                            const SchemaFilter *pF) {
  BtCursor *pCur = NULL;
  int bEmpty = 0;
  int rc = btree_cursor(db->aDb[iDb].pBt, 1, 0, NULL, NULL, &pCur);
  if (rc == SQLITE_OK) rc = btree_first(pCur, &bEmpty);
  while (rc == SQLITE_OK && !btree_eof(pCur)) {
    SchemaRow r;
    int bWanted = 1;
    rc = schema_row_wanted(pCur, pF, &bWanted);
    if (rc == SQLITE_OK && !bWanted) {
      rc = btree_next(pCur);
      continue;
    }
    if (rc) break;
    rc = schema_read_row(pCur, &r);
    if (rc == SQLITE_OK && r.zType && r.zName) {
      int bTab = strcmp(r.zType, "table") == 0 || strcmp(r.zType, "view") == 0;
      if (pass == 0 && bTab && r.zSql) rc = schema_load_table(db, pSchema, iDb, &r);
      if (pass == 1 && strcmp(r.zType, "index") == 0) {
        rc = schema_load_index(db, pSchema, iDb, &r);
      }
      if (pass == 1 && strcmp(r.zType, "trigger") == 0) {
        rc = schema_load_trigger(db, pSchema, iDb, &r);
      }
      if (rc == SQLITE_CORRUPT && *pzErr == NULL) {
        *pzErr = cg_mprintf("malformed database schema (%s)", r.zName);
      }
    }
    schema_row_clear(&r);
    if (rc == SQLITE_OK) rc = btree_next(pCur);
  }
  btree_cursor_close(pCur);
  return rc;
}

/* Reads the whole schema of iDb inside an open read transaction. */
static int schema_load(sqlite3 *db, int iDb, char **pzErr) {
  Schema *pSchema = schema_get(db, iDb);
  if (pSchema == NULL) return SQLITE_NOMEM;
  schema_clear(pSchema);
  pSchema->pSchemaTab = schema_make_master(pSchema, iDb);
  if (pSchema->pSchemaTab == NULL) return SQLITE_NOMEM;
  Btree *pBt = db->aDb[iDb].pBt;
  if (pBt == NULL) {
    pSchema->bLoaded = 1;
    return SQLITE_OK;
  }
  u32 cookie = 0, fmt = 0;
  int rc = btree_get_meta(pBt, BTREE_SCHEMA_VERSION, &cookie);
  if (rc == SQLITE_OK) rc = btree_get_meta(pBt, BTREE_FILE_FORMAT, &fmt);
  db->bInitBusy = 1;
  if (rc == SQLITE_OK) rc = schema_load_pass(db, pSchema, iDb, 0, pzErr, NULL);
  if (rc == SQLITE_OK) rc = schema_load_pass(db, pSchema, iDb, 1, pzErr, NULL);
  db->bInitBusy = 0;
  if (rc) {
    schema_clear(pSchema);
    return rc;
  }
  pSchema->iCookie = cookie;
  pSchema->fileFormat = (u8)fmt;
  pSchema->bLoaded = 1;
  if (iDb == 0) db->schemaCookieSeen = cookie;
  return SQLITE_OK;
}

int schema_ensure(sqlite3 *db, int iDb, char **pzErr) {
  *pzErr = NULL;
  Schema *pSchema = schema_get(db, iDb);
  if (pSchema == NULL) return SQLITE_NOMEM;
  Btree *pBt = db->aDb[iDb].pBt;
  if (pBt == NULL) {
    if (!pSchema->bLoaded) return schema_load(db, iDb, pzErr);
    return SQLITE_OK;
  }
  int bOwnTxn = btree_txn_state(pBt) == SQLITE_TXN_NONE;
  int rc = SQLITE_OK;
  if (bOwnTxn) rc = btree_begin(pBt, BTREE_TXN_READ);
  if (rc) return rc;
  u32 cookie = 0;
  rc = btree_get_meta(pBt, BTREE_SCHEMA_VERSION, &cookie);
  if (rc == SQLITE_OK && (!pSchema->bLoaded || cookie != pSchema->iCookie)) {
    rc = schema_load(db, iDb, pzErr);
  }
  if (bOwnTxn) {
    int rc2 = btree_commit(pBt);
    if (rc == SQLITE_OK) rc = rc2;
  }
  return rc;
}

/* ---- VM hooks ------------------------------------------------------------ */

/* Recognises the two WHERE forms cg_ddl.c writes; 0 for anything else. */
static int schema_filter_parse(const char *zWhere, SchemaFilter *pF) {
  static const struct {
    const char *zPre, *zPost;
    int iField;
  } aForm[] = {{"tbl_name='", "' AND type!='trigger'", 2}, {"name='", "' AND type='index'", 1}};
  memset(pF, 0, sizeof(*pF));
  for (int i = 0; zWhere && i < (int)ARRAY_SIZE(aForm); i++) {
    size_t nPre = strlen(aForm[i].zPre), nPost = strlen(aForm[i].zPost), n = strlen(zWhere);
    if (n < nPre + nPost || strncmp(zWhere, aForm[i].zPre, nPre) != 0) continue;
    if (strcmp(zWhere + n - nPost, aForm[i].zPost) != 0) continue;
    pF->zName = mem_strndup(zWhere + nPre, (int)(n - nPre - nPost));
    pF->iField = aForm[i].iField;
    return pF->zName != NULL;
  }
  return 0;
}

/* Adds the rows of one DDL statement to a loaded schema (SQLITE_OK), or
** returns -1 when the whole schema must be read instead. */
static int schema_load_rows(sqlite3 *db, int iDb, const char *zWhere, char **pzErr) {
  Schema *pSchema = schema_get(db, iDb);
  Btree *pBt = db->aDb[iDb].pBt;
  SchemaFilter f;
  if (pSchema == NULL || !pSchema->bLoaded || pBt == NULL) return -1;
  if (!schema_filter_parse(zWhere, &f)) return -1;
  f.bSeq = f.iField == 2 && schema_find_in(db, iDb, "sqlite_sequence") == NULL;
  u32 cookie = 0;
  int rc = btree_get_meta(pBt, BTREE_SCHEMA_VERSION, &cookie);
  db->bInitBusy = 1;
  if (rc == SQLITE_OK) rc = schema_load_pass(db, pSchema, iDb, 0, pzErr, &f);
  if (rc == SQLITE_OK) rc = schema_load_pass(db, pSchema, iDb, 1, pzErr, &f);
  db->bInitBusy = 0;
  mem_free(f.zName);
  if (rc) {
    schema_clear(pSchema);   /* half-added: the next statement reads it all again */
    return rc;
  }
  pSchema->iCookie = cookie;
  if (iDb == 0) db->schemaCookieSeen = cookie;
  return SQLITE_OK;
}

int schema_reload(sqlite3 *db, int iDb, const char *zWhere) {
  if (iDb < 0 || iDb >= db->nDb) return SQLITE_INTERNAL;
  char *zErr = NULL;
  int rc = schema_load_rows(db, iDb, zWhere, &zErr);
  if (rc < 0) rc = schema_load(db, iDb, &zErr);
  if (rc && zErr) {
    conn_error_take(db, rc, zErr);
    zErr = NULL;
  }
  mem_free(zErr);
  return rc;
}

/* After an in-place drop: the statement already wrote the new cookie, and
** the loaded schema now matches it, so the next prepare need not re-read
** the whole schema (2000 DROPs in one transaction were quadratic). */
static void schema_sync_cookie(sqlite3 *db, int iDb, Schema *p) {
  Btree *pBt = db->aDb[iDb].pBt;
  u32 cookie = 0;
  if (!p->bLoaded || pBt == NULL || btree_get_meta(pBt, BTREE_SCHEMA_VERSION, &cookie)) return;
  p->iCookie = cookie;
  if (iDb == 0) db->schemaCookieSeen = cookie;
}

void schema_drop_table(sqlite3 *db, int iDb, const char *zName) {
  Schema *p = schema_get(db, iDb);
  if (p == NULL) return;
  for (Table **pp = &p->pTables; *pp; pp = &(*pp)->pNext) {
    if (str_icmp((*pp)->zName, zName) == 0) {
      *pp = (*pp)->pNext;    /* memory stays in the arena (invariant 1) */
      schema_sync_cookie(db, iDb, p);
      return;
    }
  }
}

void schema_drop_index(sqlite3 *db, int iDb, const char *zName) {
  Schema *p = schema_get(db, iDb);
  if (p == NULL) return;
  for (Table *t = p->pTables; t; t = t->pNext) {
    for (Index **pp = &t->pIndex; *pp; pp = &(*pp)->pNext) {
      if (str_icmp((*pp)->zName, zName) == 0) {
        *pp = (*pp)->pNext;
        schema_sync_cookie(db, iDb, p);
        return;
      }
    }
  }
}
