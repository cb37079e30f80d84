/*
** api_func.c: application-defined SQL functions, collations and virtual
** table modules (registration), and the sqlite3_context API used inside
** function bodies (sqlite3_result_*, user data, aggregate context,
** auxiliary data), over the registry in engine/func.h.
**
** Invariants:
**   1. An existing function or collation may not be replaced or deleted
**      while statements run: SQLITE_BUSY with SQLite's message, and the new
**      registration's destructor is called (ownership passed to the call).
**      Adding a new one is always allowed.
**   2. The context functions are called only from inside a function body,
**      on the thread that holds the connection mutex; they take no lock.
**
** References: c3ref/create_function.html, c3ref/create_collation.html,
** c3ref/collation_needed.html, c3ref/create_module.html,
** c3ref/result_blob.html, c3ref/aggregate_context.html,
** c3ref/get_auxdata.html, c3ref/overload_function.html.
*/
#include "compat/api.h"
#include "engine/func.h"

/* ---- functions ------------------------------------------------------- */

static int api_create_function(sqlite3 *db, const char *zName, int nArg, int eTextRep,
                               void *pApp, FuncSFunc xSFunc, FuncSFunc xStep, FuncFinal xFinal,
                               FuncFinal xValue, FuncSFunc xInverse, void (*xDestroy)(void *)) {
  if (!api_db_ok(db) || zName == NULL) return API_MISUSE();
  api_enter(db);
  int rc;
  FuncDef *pOld = db->nVdbeActive > 0 ? func_find(db, zName, nArg, SQLITE_UTF8, 0) : NULL;
  if (pOld != NULL && pOld->nArg == nArg) {  /* invariant 1: only replacing is refused */
    if (xDestroy != NULL) xDestroy(pApp);
    rc = conn_error(db, SQLITE_BUSY,
                    "unable to delete/modify user-function due to active statements");
    return api_exit(db, rc);
  }
  rc = func_register(db, zName, nArg, eTextRep, pApp, xSFunc, xStep, xFinal, xValue, xInverse,
                     xDestroy);
  if (rc == SQLITE_OK) conn_error_clear(db);
  else conn_error(db, rc, NULL);
  return api_exit(db, rc);
}

int sqlite3_create_function(sqlite3 *db, const char *zName, int nArg, int eTextRep, void *pApp,
                            void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
                            void (*xStep)(sqlite3_context *, int, sqlite3_value **),
                            void (*xFinal)(sqlite3_context *)) {
  return api_create_function(db, zName, nArg, eTextRep, pApp, xFunc, xStep, xFinal, NULL, NULL,
                             NULL);
}

int sqlite3_create_function_v2(sqlite3 *db, const char *zName, int nArg, int eTextRep,
                               void *pApp,
                               void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
                               void (*xStep)(sqlite3_context *, int, sqlite3_value **),
                               void (*xFinal)(sqlite3_context *), void (*xDestroy)(void *)) {
  return api_create_function(db, zName, nArg, eTextRep, pApp, xFunc, xStep, xFinal, NULL, NULL,
                             xDestroy);
}

int sqlite3_create_function16(sqlite3 *db, const void *zName, int nArg, int eTextRep,
                              void *pApp,
                              void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
                              void (*xStep)(sqlite3_context *, int, sqlite3_value **),
                              void (*xFinal)(sqlite3_context *)) {
  if (!api_db_ok(db) || zName == NULL) return API_MISUSE();
  char *z8 = api_utf16_to_utf8(zName, -1);
  if (z8 == NULL) {
    api_enter(db);
    return api_exit(db, SQLITE_NOMEM);
  }
  int rc = api_create_function(db, z8, nArg, eTextRep, pApp, xFunc, xStep, xFinal, NULL, NULL,
                               NULL);
  mem_free(z8);
  return rc;
}

int sqlite3_create_window_function(sqlite3 *db, const char *zName, int nArg, int eTextRep,
                                   void *pApp,
                                   void (*xStep)(sqlite3_context *, int, sqlite3_value **),
                                   void (*xFinal)(sqlite3_context *),
                                   void (*xValue)(sqlite3_context *),
                                   void (*xInverse)(sqlite3_context *, int, sqlite3_value **),
                                   void (*xDestroy)(void *)) {
  return api_create_function(db, zName, nArg, eTextRep, pApp, NULL, xStep, xFinal, xValue,
                             xInverse, xDestroy);
}

/* The body registered by sqlite3_overload_function: it only exists so a
** virtual table can overload the name; called directly it is an error. */
static void api_overload_body(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  UNUSED(argc);
  UNUSED(argv);
  char *zMsg = sqlite3_mprintf("unable to use function %s in the requested context",
                               (const char *)sqlite3_user_data(ctx));
  sqlite3_result_error(ctx, zMsg ? zMsg : "out of memory", -1);
  sqlite3_free(zMsg);
}

int sqlite3_overload_function(sqlite3 *db, const char *zName, int nArg) {
  if (!api_db_ok(db) || zName == NULL || nArg < -2) return API_MISUSE();
  api_enter(db);
  FuncDef *p = func_find(db, zName, nArg, SQLITE_UTF8, 0);
  api_leave(db);
  if (p != NULL) return SQLITE_OK;
  char *zCopy = mem_strdup(zName);
  if (zCopy == NULL) return SQLITE_NOMEM;
  return sqlite3_create_function_v2(db, zName, nArg, SQLITE_UTF8, zCopy, api_overload_body,
                                    NULL, NULL, sqlite3_free);
}

/* ---- collations --------------------------------------------------------- */

static int api_create_collation(sqlite3 *db, const char *zName, int eTextRep, void *pArg,
                                int (*xCompare)(void *, int, const void *, int, const void *),
                                void (*xDestroy)(void *)) {
  if (!api_db_ok(db) || zName == NULL) return API_MISUSE();
  int enc = eTextRep & ~SQLITE_UTF16_ALIGNED;
  if (enc == SQLITE_UTF16 || eTextRep == SQLITE_UTF16_ALIGNED) enc = API_UTF16NATIVE;
  if (enc != SQLITE_UTF8 && enc != SQLITE_UTF16LE && enc != SQLITE_UTF16BE) {
    return API_MISUSE();
  }
  api_enter(db);
  int rc;
  const Coll *pOld = db->pColl;
  while (pOld != NULL && (str_icmp(pOld->zName, zName) != 0 || pOld->enc != enc)) {
    pOld = pOld->pNext;
  }
  if (pOld != NULL && db->nVdbeActive > 0) {  /* invariant 1: only replacing is refused */
    rc = conn_error(db, SQLITE_BUSY,
                    "unable to delete/modify collation sequence due to active statements");
    return api_exit(db, rc);
  }
  rc = conn_set_coll(db, zName, (u8)enc, pArg, xCompare, xCompare ? xDestroy : NULL);
  if (rc == SQLITE_OK) conn_error_clear(db);
  else if (xDestroy != NULL) xDestroy(pArg);
  return api_exit(db, rc);
}

int sqlite3_create_collation(sqlite3 *db, const char *zName, int eTextRep, void *pArg,
                             int (*xCompare)(void *, int, const void *, int, const void *)) {
  return api_create_collation(db, zName, eTextRep, pArg, xCompare, NULL);
}

int sqlite3_create_collation_v2(sqlite3 *db, const char *zName, int eTextRep, void *pArg,
                                int (*xCompare)(void *, int, const void *, int, const void *),
                                void (*xDestroy)(void *)) {
  return api_create_collation(db, zName, eTextRep, pArg, xCompare, xDestroy);
}

int sqlite3_create_collation16(sqlite3 *db, const void *zName, int eTextRep, void *pArg,
                               int (*xCompare)(void *, int, const void *, int, const void *)) {
  if (!api_db_ok(db) || zName == NULL) return API_MISUSE();
  char *z8 = api_utf16_to_utf8(zName, -1);
  if (z8 == NULL) return SQLITE_NOMEM;
  int rc = api_create_collation(db, z8, eTextRep, pArg, xCompare, NULL);
  mem_free(z8);
  return rc;
}

int sqlite3_collation_needed(sqlite3 *db, void *pArg,
                             void (*xNeeded)(void *, sqlite3 *, int, const char *)) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  db->xCollNeeded = xNeeded;
  db->xCollNeeded16 = NULL;
  db->pCollNeededArg = pArg;
  api_leave(db);
  return SQLITE_OK;
}

/* Bridges the engine's UTF-8 request to a UTF-16 collation_needed16 callback. */
static void api_coll_needed16(void *pArg, sqlite3 *db, int enc, const char *zName) {
  UNUSED(enc);
  void *z16 = api_utf8_to_utf16(zName, -1, NULL);
  if (z16 == NULL) return;
  db->xCollNeeded16(pArg, db, API_UTF16NATIVE, z16);
  mem_free(z16);
}

int sqlite3_collation_needed16(sqlite3 *db, void *pArg,
                               void (*xNeeded16)(void *, sqlite3 *, int, const void *)) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  db->xCollNeeded16 = xNeeded16;
  db->xCollNeeded = xNeeded16 ? api_coll_needed16 : NULL;
  db->pCollNeededArg = pArg;
  api_leave(db);
  return SQLITE_OK;
}

/* ---- virtual-table modules (registration only) ------------------------------ */

int sqlite3_create_module_v2(sqlite3 *db, const char *zName, const sqlite3_module *p,
                             void *pClientData, void (*xDestroy)(void *)) {
  if (!api_db_ok(db) || zName == NULL) {
    if (xDestroy != NULL) xDestroy(pClientData);
    return API_MISUSE();
  }
  api_enter(db);
  int rc = conn_set_module(db, zName, p, pClientData, xDestroy);
  return api_exit(db, rc);
}

int sqlite3_create_module(sqlite3 *db, const char *zName, const sqlite3_module *p,
                          void *pClientData) {
  return sqlite3_create_module_v2(db, zName, p, pClientData, NULL);
}

int sqlite3_drop_modules(sqlite3 *db, const char **azKeep) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  conn_drop_modules(db, azKeep);
  api_leave(db);
  return SQLITE_OK;
}

/* ---- the function context (invariant 2) ------------------------------------- */

void sqlite3_result_blob(sqlite3_context *ctx, const void *z, int n, void (*xDel)(void *)) {
  if (ctx == NULL || n < 0) return;
  func_result_blob(ctx, z, n, xDel);
}

void sqlite3_result_blob64(sqlite3_context *ctx, const void *z, sqlite3_uint64 n,
                           void (*xDel)(void *)) {
  if (ctx == NULL) return;
  if (n > 0x7fffffffULL) {
    if (xDel != NULL && xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
    func_result_error_toobig(ctx);
    return;
  }
  func_result_blob(ctx, z, (i64)n, xDel);
}

void sqlite3_result_double(sqlite3_context *ctx, double r) {
  if (ctx != NULL) func_result_double(ctx, r);
}

void sqlite3_result_error(sqlite3_context *ctx, const char *z, int n) {
  if (ctx != NULL) func_result_error(ctx, z, n);
}

void sqlite3_result_error16(sqlite3_context *ctx, const void *z, int n) {
  if (ctx != NULL) func_result_error16(ctx, z, n);
}

void sqlite3_result_error_code(sqlite3_context *ctx, int rc) {
  if (ctx != NULL) func_result_error_code(ctx, rc);
}

void sqlite3_result_error_nomem(sqlite3_context *ctx) {
  if (ctx != NULL) func_result_error_nomem(ctx);
}

void sqlite3_result_error_toobig(sqlite3_context *ctx) {
  if (ctx != NULL) func_result_error_toobig(ctx);
}

void sqlite3_result_int(sqlite3_context *ctx, int v) {
  if (ctx != NULL) func_result_int(ctx, v);
}

void sqlite3_result_int64(sqlite3_context *ctx, sqlite3_int64 v) {
  if (ctx != NULL) func_result_int(ctx, v);
}

void sqlite3_result_null(sqlite3_context *ctx) {
  if (ctx != NULL) func_result_null(ctx);
}

void sqlite3_result_pointer(sqlite3_context *ctx, void *p, const char *zType,
                            void (*xDel)(void *)) {
  if (ctx != NULL) func_result_pointer(ctx, p, zType, xDel);
}

void sqlite3_result_subtype(sqlite3_context *ctx, unsigned int eSubtype) {
  if (ctx != NULL) func_result_subtype(ctx, eSubtype);
}

void sqlite3_result_text(sqlite3_context *ctx, const char *z, int n, void (*xDel)(void *)) {
  if (ctx != NULL) func_result_text(ctx, z, n, SQLITE_UTF8, xDel);
}

void sqlite3_result_text64(sqlite3_context *ctx, const char *z, sqlite3_uint64 n,
                           void (*xDel)(void *), unsigned char enc) {
  if (ctx == NULL) return;
  if (enc == SQLITE_UTF16) enc = API_UTF16NATIVE;
  if (enc != SQLITE_UTF8 && enc != SQLITE_UTF16LE && enc != SQLITE_UTF16BE) enc = SQLITE_UTF8;
  if (n > 0x7fffffffULL) {
    if (xDel != NULL && xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
    func_result_error_toobig(ctx);
    return;
  }
  func_result_text(ctx, z, (i64)n, enc, xDel);
}

void sqlite3_result_text16(sqlite3_context *ctx, const void *z, int n, void (*xDel)(void *)) {
  if (ctx != NULL) func_result_text(ctx, z, n, API_UTF16NATIVE, xDel);
}

void sqlite3_result_text16be(sqlite3_context *ctx, const void *z, int n, void (*xDel)(void *)) {
  if (ctx != NULL) func_result_text(ctx, z, n, SQLITE_UTF16BE, xDel);
}

void sqlite3_result_text16le(sqlite3_context *ctx, const void *z, int n, void (*xDel)(void *)) {
  if (ctx != NULL) func_result_text(ctx, z, n, SQLITE_UTF16LE, xDel);
}

void sqlite3_result_value(sqlite3_context *ctx, sqlite3_value *v) {
  if (ctx != NULL) func_result_value(ctx, v);
}

void sqlite3_result_zeroblob(sqlite3_context *ctx, int n) {
  if (ctx != NULL) func_result_zeroblob64(ctx, n > 0 ? (u64)n : 0);
}

int sqlite3_result_zeroblob64(sqlite3_context *ctx, sqlite3_uint64 n) {
  if (ctx == NULL) return API_MISUSE();
  return func_result_zeroblob64(ctx, n);
}

void *sqlite3_user_data(sqlite3_context *ctx) { return ctx ? func_user_data(ctx) : NULL; }

sqlite3 *sqlite3_context_db_handle(sqlite3_context *ctx) {
  return ctx ? func_context_db(ctx) : NULL;
}

void *sqlite3_aggregate_context(sqlite3_context *ctx, int nBytes) {
  return ctx ? func_aggregate_context(ctx, nBytes) : NULL;
}

int sqlite3_aggregate_count(sqlite3_context *ctx) {
  UNUSED(ctx);
  return 0;  /* deprecated; no row count is tracked */
}

void *sqlite3_get_auxdata(sqlite3_context *ctx, int N) {
  return ctx ? func_get_auxdata(ctx, N) : NULL;
}

void sqlite3_set_auxdata(sqlite3_context *ctx, int N, void *p, void (*xDel)(void *)) {
  if (ctx == NULL) {
    if (xDel != NULL) xDel(p);
    return;
  }
  func_set_auxdata(ctx, N, p, xDel);
}
