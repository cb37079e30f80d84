/*
** prepare.c: compiles one SQL statement into a Vdbe (see prepare.h) and
** the helpers every codegen file shares (errors, registers, cursors).
**
** Program shape (as SQLite lays it out, so EXPLAIN reads the same):
**     0  Init      0  P  0        jump to the prologue at P
**     1  ...body...
**        Halt
**     P  Transaction ...         one per database used (cg_use_db)
**        Goto      0  1  0
**
** Invariants:
**   1. The Arena holding the AST is freed before sql_prepare returns; the
**      program keeps copies of everything it needs (cg.h invariant 3).
**   2. Every schema is loaded before a statement is compiled.  For DML
**      (SELECT/INSERT/UPDATE/DELETE) a loaded schema is not re-checked
**      against the file (no I/O per prepare): the program's OP_Transaction
**      verifies the cookie when it runs, and a compile error triggers one
**      cookie check and, if a schema was stale, one more compile
**      (prepare_once).  Other statements verify the cookies first.
*/
#include "prepare.h"
#include "cg.h"
#include "parse.h"
#include <stdarg.h>
#include <stdio.h>

/* ---- helpers shared by the layer ---------------------------------------- */

static char *cg_vmprintf(const char *zFmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, zFmt, ap2);
  va_end(ap2);
  if (n < 0) return NULL;
  char *z = mem_malloc((u64)n + 1);
  if (z) vsnprintf(z, (size_t)n + 1, zFmt, ap);
  return z;
}

char *cg_mprintf(const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  char *z = cg_vmprintf(zFmt, ap);
  va_end(ap);
  return z;
}

static void cg_verror(Cg *pCg, int rc, const char *zFmt, va_list ap) {
  if (pCg->rc != SQLITE_OK) return;   /* invariant 2 of cg.h: first error wins */
  pCg->rc = rc;
  pCg->zErrMsg = zFmt ? cg_vmprintf(zFmt, ap) : NULL;
}

void cg_error(Cg *pCg, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  cg_verror(pCg, SQLITE_ERROR, zFmt, ap);
  va_end(ap);
}

void cg_error_rc(Cg *pCg, int rc, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  cg_verror(pCg, rc, zFmt, ap);
  va_end(ap);
}

void cg_error_at(Cg *pCg, const Expr *p, int iOff, const char *zFmt, ...) {
  if (pCg->rc != SQLITE_OK) return;
  if (p && p->span.n > 0) iOff = p->span.iOff;
  pCg->iErrOff = iOff;
  va_list ap;
  va_start(ap, zFmt);
  cg_verror(pCg, SQLITE_ERROR, zFmt, ap);
  va_end(ap);
}

KeyInfo *cg_keyinfo(Cg *pCg, int N, int X) {
  return cg_check_alloc(pCg, keyinfo_alloc(pCg->db, N, X));
}

void *cg_check_alloc(Cg *pCg, void *p) {
  if (p == NULL) cg_error_rc(pCg, SQLITE_NOMEM, NULL);
  return p;
}

int cg_reg(Cg *pCg, int n) {
  ASSERT(n >= 1);
  int r = pCg->nMem + 1;
  pCg->nMem += n;
  return r;
}

int cg_cursor(Cg *pCg) {
  return pCg->nTab++;
}

static void cg_parse_options(sqlite3 *db, ParseOptions *pOpt) {
  parse_options_default(pOpt);
  if (db) {
    pOpt->mxExprDepth = db->aLimit[SQLITE_LIMIT_EXPR_DEPTH];
    pOpt->mxVariable = db->aLimit[SQLITE_LIMIT_VARIABLE_NUMBER];
    pOpt->mxCompound = db->aLimit[SQLITE_LIMIT_COMPOUND_SELECT];
    if (pOpt->mxExprDepth <= 0) pOpt->mxExprDepth = PARSE_DEFAULT_EXPR_DEPTH;
    if (pOpt->mxVariable <= 0) pOpt->mxVariable = PARSE_DEFAULT_VARIABLE;
    if (pOpt->mxCompound <= 0) pOpt->mxCompound = PARSE_DEFAULT_COMPOUND;
  }
}

int cg_parse_one(sqlite3 *db, Arena *pArena, const char *zSql, Stmt **ppStmt, char **pzErr) {
  ParseOptions opt;
  cg_parse_options(db, &opt);
  *ppStmt = NULL;
  return parse_sql(pArena, &opt, zSql, -1, ppStmt, NULL, pzErr);
}

int cg_db_index(Cg *pCg, const char *zDb) {
  if (zDb == NULL) return 0;
  for (int i = 0; i < pCg->db->nDb; i++) {
    if (pCg->db->aDb[i].zDbSName && str_icmp(pCg->db->aDb[i].zDbSName, zDb) == 0) return i;
  }
  cg_error(pCg, "unknown database %s", zDb);
  return -1;
}

void cg_use_db(Cg *pCg, int iDb, int bWrite) {
  ASSERT(iDb >= 0 && iDb < CONN_MAX_DB);
  if (iDb < 0 || iDb >= CONN_MAX_DB) return;
  /* temp (iDb 1) may not be open yet: OP_Transaction opens it on first use */
  pCg->mRead |= 1u << iDb;
  if (bWrite) pCg->mWrite |= 1u << iDb;
}

Table *cg_locate_table(Cg *pCg, const char *zDb, const char *zName) {
  if (zDb && cg_db_index(pCg, zDb) < 0) return NULL;
  Table *pTab = schema_find_table(pCg->db, zDb, zName);
  if (pTab == NULL) {
    if (zDb) cg_error(pCg, "no such table: %s.%s", zDb, zName);
    else cg_error(pCg, "no such table: %s", zName);
  }
  return pTab;
}

const char *cg_expr_text(Cg *pCg, const Expr *p) {
  const Stmt *s = pCg->pStmt;
  if (p->span.n <= 0 || p->span.iOff < 0 || p->span.iOff + p->span.n > s->nSql) return "";
  const char *z = ast_arena_strndup(pCg->pArena, s->zSql + p->span.iOff, p->span.n);
  return z ? z : "";
}

/* ---- compilation ----------------------------------------------------------- */

static void cg_dispatch(Cg *pCg, Stmt *pStmt) {
  switch (pStmt->eKind) {
    case STMT_SELECT: cg_select_stmt(pCg, pStmt->u.pSelect); break;
    case STMT_INSERT: cg_insert(pCg, &pStmt->u.insert); break;
    case STMT_UPDATE: cg_update(pCg, &pStmt->u.update); break;
    case STMT_DELETE: cg_delete(pCg, &pStmt->u.del); break;
    case STMT_CREATE_TABLE: cg_create_table(pCg, pStmt); break;
    case STMT_CREATE_INDEX: cg_create_index(pCg, pStmt); break;
    case STMT_CREATE_VIEW: cg_create_view(pCg, pStmt); break;
    case STMT_DROP_TABLE:
    case STMT_DROP_INDEX:
    case STMT_DROP_VIEW: cg_drop(pCg, pStmt); break;
    case STMT_DROP_TRIGGER: cg_drop_trigger(pCg, pStmt); break;
    case STMT_CREATE_TRIGGER: cg_create_trigger(pCg, pStmt); break;
    case STMT_BEGIN:
    case STMT_COMMIT:
    case STMT_ROLLBACK:
    case STMT_SAVEPOINT:
    case STMT_RELEASE: cg_transaction(pCg, pStmt); break;
    case STMT_PRAGMA: cg_pragma(pCg, pStmt); break;
    case STMT_ALTER_TABLE: cg_alter(pCg, pStmt); break;
    case STMT_VACUUM:
    case STMT_ANALYZE:
    case STMT_REINDEX:
      /* accepted as no-ops: no statistics are kept and the file is never
      ** rebuilt (it stays valid, only free pages are not returned) */
      break;
    default:
      cg_error(pCg, "not supported yet: %s", ast_stmt_kind_name(pStmt->eKind));
      break;
  }
}

/* The prologue: transactions on the databases used, then back to 1. */
static void cg_prologue(Cg *pCg) {
  Vdbe *v = pCg->v;
  vdbe_add_op0(v, OP_Halt);
  vdbe_jump_here(v, pCg->addrInit);
  for (int i = 0; i < pCg->db->nDb; i++) {
    if ((pCg->mRead & (1u << i)) == 0) continue;
    Schema *pSchema = pCg->db->aDb[i].pSchema;
    u32 cookie = pSchema ? pSchema->iCookie : 0;
    int bWrite = (pCg->mWrite & (1u << i)) != 0;
    vdbe_add_op3(v, OP_Transaction, i, bWrite, (int)cookie);
    vdbe_change_p5(v, bWrite && pCg->bNoStmtJournal ? 1 | OPFLAG_NOSTMT : 1);
  }
  vdbe_add_op2(v, OP_Goto, 0, pCg->addrInit + 1);
}

static int cg_compile(Cg *pCg, Stmt *pStmt) {
  pCg->pStmt = pStmt;
  pCg->v = vdbe_create(pCg->db);
  if (pCg->v == NULL) return SQLITE_NOMEM;
  pCg->addrInit = vdbe_add_op0(pCg->v, OP_Init);
  pCg->bExplainQp = pStmt->eExplain == EXPLAIN_QUERY_PLAN;
  cg_dispatch(pCg, pStmt);
  if (pCg->rc == SQLITE_OK && pCg->pArena->bOom) pCg->rc = SQLITE_NOMEM;
  if (pCg->rc != SQLITE_OK) return pCg->rc;
  cg_prologue(pCg);
  if (pStmt->eExplain != EXPLAIN_NONE) vdbe_set_explain(pCg->v, pStmt->eExplain);
  return SQLITE_OK;
}

/* Offset of the statement's first token in the caller's text (the
** statement's own text, Stmt.zSql, is an arena copy starting there). */
static int cg_stmt_offset(const char *zSql, const char *zTail, const Stmt *pStmt) {
  int nIn = (int)(zTail - zSql), nKey = pStmt->nSql < 32 ? pStmt->nSql : 32;
  for (int i = 0; nKey > 0 && i + nKey <= nIn; i++) {
    if (memcmp(zSql + i, pStmt->zSql, (size_t)nKey) == 0) return i;
  }
  return 0;
}

/* Where a parser message names a token ("near \"X\": ..." or
** "unrecognized token: \"X\""): its offset in zSql, or -1. */
static int cg_parse_err_offset(const char *zSql, const char *zTail, const char *zErr) {
  const char *zQ = zErr ? strchr(zErr, '"') : NULL;
  const char *zEnd = zQ ? strrchr(zErr, '"') : NULL;
  if (zQ == NULL || zEnd == NULL || zEnd <= zQ + 1) return -1;
  int n = (int)(zEnd - zQ - 1), nIn = (int)(zTail - zSql);
  for (int i = 0; i + n <= nIn; i++) {
    if (memcmp(zSql + i, zQ + 1, (size_t)n) == 0) return i;
  }
  return -1;
}

/* Compiles pStmt (parsed from zSql..zTail) into *ppStmt. */
static int cg_build(sqlite3 *db, Arena *pArena, Stmt *pStmt, const char *zSql,
                    const char *zTail, u32 prepFlags, Vdbe **ppStmt) {
  Cg cg;
  memset(&cg, 0, sizeof(cg));
  cg.db = db;
  cg.pArena = pArena;
  cg.iReturning = -1;
  cg.iErrOff = -1;
  cg.iPragmaEph = -1;
  int rc = cg_compile(&cg, pStmt);
  if (rc == SQLITE_OK) {
    vdbe_set_sql(cg.v, zSql, (int)(zTail - zSql), prepFlags);
    rc = vdbe_make_ready(cg.v, cg.nMem, cg.nTab, pStmt->nVar,
                         pStmt->nVar > 0 ? pStmt->azVar + 1 : NULL);
  }
  if (rc != SQLITE_OK) {
    vdbe_finalize(cg.v);
    if (cg.zErrMsg) conn_error_take(db, rc, cg.zErrMsg);
    else conn_error(db, rc, NULL);
    if (cg.iErrOff >= 0) db->errOffset = cg_stmt_offset(zSql, zTail, pStmt) + cg.iErrOff;
    return rc;
  }
  mem_free(cg.zErrMsg);
  *ppStmt = cg.v;
  return SQLITE_OK;
}

/* Makes the schemas usable for compiling (invariant 2).  A schema that is
** loaded is used as it is: checking its cookie would cost a lock and a
** read on every prepare, and the program checks it anyway when it runs
** (OP_Transaction P5 -> SQLITE_SCHEMA -> re-prepare).  bVerify also reads
** the cookies of loaded schemas, reloading stale ones; *pbChanged is then
** set when a schema was (re)loaded. */
static int prep_schemas(sqlite3 *db, int bVerify, int *pbChanged, char **pzErr) {
  int rc = SQLITE_OK;
  *pbChanged = 0;
  for (int i = 0; rc == SQLITE_OK && i < db->nDb; i++) {
    if (i > 0 && db->aDb[i].pBt == NULL) continue;
    Schema *p = schema_get(db, i);
    if (p == NULL) return SQLITE_NOMEM;
    if (p->bLoaded && !bVerify) continue;
    u32 iCookie = p->iCookie;
    int bLoaded = p->bLoaded;
    rc = schema_ensure(db, i, pzErr);
    p = schema_get(db, i);
    if (p == NULL || p->iCookie != iCookie || p->bLoaded != bLoaded) *pbChanged = 1;
  }
  return rc;
}

/* One parse and compile.  *pbRetry is set when compiling failed with an
** error and a schema turned out to be stale (a name another connection
** created since the schema was loaded): the caller compiles again. */
static int prepare_once(sqlite3 *db, const char *zSql, int nBytes, u32 prepFlags, int bVerify,
                        Vdbe **ppStmt, const char **pzTail, int *pbRetry) {
  Arena arena;
  ast_arena_init(&arena);
  ParseOptions opt;
  cg_parse_options(db, &opt);
  Stmt *pStmt = NULL;
  const char *zTail = zSql;
  char *zErr = NULL;
  int bChanged = 0;
  *pbRetry = 0;
  int rc = parse_sql(&arena, &opt, zSql, nBytes, &pStmt, &zTail, &zErr);
  if (pzTail) *pzTail = zTail;
  if (rc != SQLITE_OK) {
    int iOff = cg_parse_err_offset(zSql, nBytes >= 0 ? zSql + nBytes : zSql + strlen(zSql), zErr);
    if (zErr) conn_error_take(db, rc, zErr);
    else conn_error(db, rc, NULL);
    if (iOff >= 0) db->errOffset = iOff;
  } else if (pStmt != NULL && (pStmt->eKind == STMT_BEGIN || pStmt->eKind == STMT_COMMIT ||
                                pStmt->eKind == STMT_ROLLBACK || pStmt->eKind == STMT_SAVEPOINT ||
                                pStmt->eKind == STMT_RELEASE)) {
    rc = cg_build(db, &arena, pStmt, zSql, zTail, prepFlags, ppStmt);
  } else if (pStmt != NULL) {
    /* only DML is compiled against an unverified schema: its program
    ** verifies the cookie; DDL and PRAGMA read the schema at compile time */
    int bDml = pStmt->eKind >= STMT_SELECT && pStmt->eKind <= STMT_DELETE;
    rc = prep_schemas(db, bVerify || !bDml, &bChanged, &zErr);
    if (rc != SQLITE_OK) {
      if (zErr) conn_error_take(db, rc, zErr);
      else conn_error(db, rc, NULL);
    } else {
      rc = cg_build(db, &arena, pStmt, zSql, zTail, prepFlags, ppStmt);
      if (rc == SQLITE_ERROR && !bVerify && bDml) {
        /* the error may come from a stale schema: verify the cookies */
        if (prep_schemas(db, 1, &bChanged, &zErr) == SQLITE_OK && bChanged) *pbRetry = 1;
        mem_free(zErr);
      }
    }
  }
  ast_arena_free(&arena);                   /* invariant 1 */
  return rc;
}

int sql_prepare(sqlite3 *db, const char *zSql, int nBytes, u32 prepFlags, Vdbe **ppStmt,
                const char **pzTail) {
  ASSERT(ppStmt != NULL);
  *ppStmt = NULL;
  if (pzTail) *pzTail = zSql;
  if (zSql == NULL) return conn_error(db, SQLITE_MISUSE, NULL);
  int bRetry = 0;
  int rc = prepare_once(db, zSql, nBytes, prepFlags, 0, ppStmt, pzTail, &bRetry);
  if (bRetry) {
    ASSERT(rc != SQLITE_OK && *ppStmt == NULL);
    db->errOffset = -1;
    rc = prepare_once(db, zSql, nBytes, prepFlags, 1, ppStmt, pzTail, &bRetry);
    ASSERT(!bRetry);
  }
  if (rc == SQLITE_OK) conn_error_clear(db);
  return rc;
}

int sql_reprepare(Vdbe *v) {
  sqlite3 *db = vdbe_db(v);
  const char *zSql = vdbe_sql(v);
  if (zSql == NULL) return SQLITE_SCHEMA;
  schema_reset(db, -1);
  char *zCopy = mem_strdup(zSql);   /* vdbe_swap replaces v's copy of the text */
  if (zCopy == NULL) return conn_error(db, SQLITE_NOMEM, NULL);
  Vdbe *pNew = NULL;
  int rc = sql_prepare(db, zCopy, -1, VDBE_PREP_V2, &pNew, NULL);
  if (rc == SQLITE_OK && pNew) {
    vdbe_swap(v, pNew);
    vdbe_finalize(pNew);
  }
  mem_free(zCopy);
  return rc;
}
