/*
** func.c: the function registry and the call context (see func.h).
**
** Built-ins live in static tables (func_core.c, func_agg.c, func_math.c);
** an index of them by name is built once per process.  Application
** functions are a per-connection list (db->pFuncList), newest first.
**
** Invariants:
**   1. func.h invariants 1-3.
**   2. The built-in index is built exactly once (pthread_once) and is
**      read-only afterwards, so lookups need no lock.
**   3. A failed result setter leaves ctx->isError set and a message in
**      pOut: a function can never report success with a half-set result.
*/
#include <pthread.h>
#include "conn.h"
#include "func.h"

/* ---- built-in index (invariant 2) ---------------------------------------- */

#define FUNC_HASH_SIZE 256

typedef struct FuncSlot {
  const FuncDef *pDef;
  struct FuncSlot *pNext;
} FuncSlot;

static FuncSlot *func_hash[FUNC_HASH_SIZE];
static FuncSlot *func_slots;
static pthread_once_t func_index_once = PTHREAD_ONCE_INIT;

static unsigned func_name_hash(const char *z) {
  unsigned h = 0;
  for (; *z; z++) h = h * 31 + core_upper_to_lower[(u8)*z];
  return h % FUNC_HASH_SIZE;
}

static void func_index_add(const FuncDef *a, int n, int *piSlot) {
  for (int i = 0; i < n; i++) {
    FuncSlot *s = &func_slots[(*piSlot)++];
    unsigned h = func_name_hash(a[i].zName);
    s->pDef = &a[i];
    s->pNext = func_hash[h];
    func_hash[h] = s;
  }
}

static void func_index_build(void) {
  int n = func_core_nbuiltin + func_agg_nbuiltin + func_math_nbuiltin + func_date_nbuiltin;
  static FuncSlot aStatic[512];
  func_slots = aStatic;
  ASSERT(n <= ARRAY_SIZE(aStatic));
  if (n > ARRAY_SIZE(aStatic)) n = ARRAY_SIZE(aStatic);
  int iSlot = 0;
  /* Added in reverse priority: later additions are found first. */
  func_index_add(func_date_builtins, func_date_nbuiltin, &iSlot);
  func_index_add(func_math_builtins, func_math_nbuiltin, &iSlot);
  func_index_add(func_agg_builtins, func_agg_nbuiltin, &iSlot);
  func_index_add(func_core_builtins, func_core_nbuiltin, &iSlot);
}

/* SQLite's match quality: 0 no match; higher is better.  Exact arity
** beats "any", and the preferred text encoding breaks ties. */
static int func_match_quality(const FuncDef *p, int nArg, u8 enc) {
  int q;
  if (nArg == -2) return (p->xSFunc || p->xStep) ? 1 : 0;
  if (p->nArg != nArg && p->nArg >= 0) return 0;
  if (p->xSFunc == NULL && p->xStep == NULL) return 0;
  if ((p->funcFlags & FUNC_MIN2) && nArg < 2) return 0;
  q = (p->nArg == nArg) ? 4 : 1;
  u8 fenc = (u8)(p->flags & 0x07);
  if (fenc == enc) q += 2;
  else if ((fenc & enc & 2) != 0) q += 1;
  return q;
}

static const FuncDef *func_find_builtin(const char *zName, int nArg, u8 enc) {
  pthread_once(&func_index_once, func_index_build);
  const FuncDef *pBest = NULL;
  int best = 0;
  for (FuncSlot *s = func_hash[func_name_hash(zName)]; s; s = s->pNext) {
    if (str_icmp(s->pDef->zName, zName) != 0) continue;
    if (s->pDef->funcFlags & FUNC_INTERNAL) continue;
    int q = func_match_quality(s->pDef, nArg, enc);
    if (q > best) best = q, pBest = s->pDef;
  }
  return pBest;
}

FuncDef *func_find(struct sqlite3 *db, const char *zName, int nArg, u8 enc, int bCreate) {
  UNUSED(bCreate);
  if (zName == NULL) return NULL;
  FuncDef *pBest = NULL;
  int best = 0;
  for (FuncDef *p = db ? db->pFuncList : NULL; p; p = p->pNext) {
    if (str_icmp(p->zName, zName) != 0) continue;
    int q = func_match_quality(p, nArg, enc);
    if (q > best) best = q, pBest = p;
  }
  if (pBest) return pBest;
  return (FuncDef *)func_find_builtin(zName, nArg, enc);
}

int func_is_aggregate(const FuncDef *p) { return p && (p->funcFlags & FUNC_AGG) != 0; }
int func_is_window(const FuncDef *p) { return p && (p->funcFlags & FUNC_WINDOW) != 0; }
int func_needs_collation(const FuncDef *p) { return p && (p->funcFlags & FUNC_NEEDCOLL) != 0; }

void func_foreach(struct sqlite3 *db, int (*fn)(void *, const FuncDef *, int), void *pArg) {
  const FuncDef *aTab[4] = {func_core_builtins, func_agg_builtins, func_math_builtins,
                            func_date_builtins};
  const int anTab[4] = {func_core_nbuiltin, func_agg_nbuiltin, func_math_nbuiltin,
                        func_date_nbuiltin};
  for (int t = 0; t < 4; t++) {
    for (int i = 0; i < anTab[t]; i++) {
      if (aTab[t][i].funcFlags & FUNC_INTERNAL) continue;
      if (fn(pArg, &aTab[t][i], 1)) return;
    }
  }
  for (FuncDef *p = db ? db->pFuncList : NULL; p; p = p->pNext) {
    if (fn(pArg, p, 0)) return;
  }
}

/* ---- application functions (invariant 1) --------------------------------- */

static void func_destructor_unref(FuncDestructor *pD) {
  if (pD && --pD->nRef == 0) {
    if (pD->xDestroy) pD->xDestroy(pD->pUserData);
    mem_free(pD);
  }
}

static void func_def_free(FuncDef *p) {
  func_destructor_unref(p->pDestructor);
  mem_free((char *)p->zName);
  mem_free(p);
}

/* Unlinks and frees the function of that name, arity and encoding. */
static void func_remove(struct sqlite3 *db, const char *zName, int nArg, u8 enc) {
  FuncDef **pp = &db->pFuncList;
  while (*pp) {
    FuncDef *p = *pp;
    if (p->nArg == nArg && (p->flags & 7) == enc && str_icmp(p->zName, zName) == 0) {
      *pp = p->pNext;
      func_def_free(p);
      return;
    }
    pp = &p->pNext;
  }
}

static int func_register_check(const char *zName, int nArg, FuncSFunc xSFunc, FuncSFunc xStep,
                               FuncFinal xFinal, FuncFinal xValue, FuncSFunc xInverse) {
  if (zName == NULL || nArg < -1 || nArg > 127 || strlen(zName) > 255) return SQLITE_MISUSE;
  if (xSFunc && (xStep || xFinal)) return SQLITE_MISUSE;
  if (!xSFunc && ((xStep == NULL) != (xFinal == NULL))) return SQLITE_MISUSE;
  if ((xValue == NULL) != (xInverse == NULL)) return SQLITE_MISUSE;
  if (xValue && !xStep) return SQLITE_MISUSE;
  return SQLITE_OK;
}

static u8 func_native16(void) {
  const u16 one = 1;
  return *(const u8 *)&one ? SQLITE_UTF16LE : SQLITE_UTF16BE;
}

int func_register(struct sqlite3 *db, const char *zName, int nArg, int flags, void *pUser,
                  FuncSFunc xSFunc, FuncSFunc xStep, FuncFinal xFinal, FuncFinal xValue,
                  FuncSFunc xInverse, void (*xDestroy)(void *)) {
  ASSERT(db != NULL);
  int rc = func_register_check(zName, nArg, xSFunc, xStep, xFinal, xValue, xInverse);
  if (rc != SQLITE_OK) goto fail;
  u8 enc = (u8)(flags & 7);
  if (enc == SQLITE_UTF16 || enc == SQLITE_UTF16_ALIGNED) enc = func_native16();
  if (enc == SQLITE_ANY || enc == 0) enc = SQLITE_UTF8;
  func_remove(db, zName, nArg, enc);
  if (xSFunc == NULL && xStep == NULL) {          /* deletion */
    if (xDestroy) xDestroy(pUser);
    return SQLITE_OK;
  }
  FuncDef *p = mem_zalloc(sizeof(FuncDef));
  char *zCopy = mem_strdup(zName);
  FuncDestructor *pD = xDestroy ? mem_zalloc(sizeof(FuncDestructor)) : NULL;
  if (p == NULL || zCopy == NULL || (xDestroy && pD == NULL)) {
    mem_free(p);
    mem_free(zCopy);
    mem_free(pD);
    rc = SQLITE_NOMEM;
    goto fail;
  }
  if (pD) *pD = (FuncDestructor){1, xDestroy, pUser};
  p->zName = zCopy;
  p->nArg = nArg;
  p->flags = (u32)(flags & ~7) | enc;
  p->funcFlags = (u16)((xStep ? FUNC_AGG : 0) | (xValue ? FUNC_WINDOW : 0));
  p->pUserData = pUser;
  p->xSFunc = xSFunc;
  p->xStep = xStep;
  p->xFinal = xFinal;
  p->xValue = xValue;
  p->xInverse = xInverse;
  p->pDestructor = pD;
  p->pNext = db->pFuncList;
  db->pFuncList = p;
  return SQLITE_OK;
fail:
  if (xDestroy) xDestroy(pUser);
  return rc;
}

void func_free_all(struct sqlite3 *db) {
  FuncDef *p = db->pFuncList;
  db->pFuncList = NULL;
  while (p) {     /* bounded: the list is finite and only shrinks here */
    FuncDef *pNext = p->pNext;
    func_def_free(p);
    p = pNext;
  }
}

/* ---- the call context ----------------------------------------------------- */

void func_context_init(sqlite3_context *ctx, struct sqlite3 *db, FuncDef *pFunc, Value *pOut,
                       Value *pAgg, void *pVdbe, int iOp, FuncAuxData **ppAux) {
  ASSERT(ctx != NULL && pOut != NULL);
  memset(ctx, 0, sizeof(*ctx));
  ctx->db = db;
  ctx->pFunc = pFunc;
  ctx->pOut = pOut;
  ctx->pAgg = pAgg;
  ctx->pVdbe = pVdbe;
  ctx->iOp = iOp;
  ctx->ppAux = ppAux;
  ctx->pColl = &value_coll_binary;
}

void func_auxdata_delete(FuncAuxData **pp, int iOp, u32 mask) {
  while (*pp) {
    FuncAuxData *p = *pp;
    int bKeep = iOp >= 0 && (p->iOp != iOp || (p->iArg < 32 && (mask & (1u << p->iArg))));
    if (bKeep) {
      pp = &p->pNext;
      continue;
    }
    *pp = p->pNext;
    if (p->xDelete) p->xDelete(p->pAux);
    mem_free(p);
  }
}

void *func_get_auxdata(sqlite3_context *ctx, int iArg) {
  if (ctx->ppAux == NULL) return NULL;
  for (FuncAuxData *p = *ctx->ppAux; p; p = p->pNext) {
    if (p->iOp == ctx->iOp && p->iArg == iArg) return p->pAux;
  }
  return NULL;
}

void func_set_auxdata(sqlite3_context *ctx, int iArg, void *pAux, void (*xDel)(void *)) {
  FuncAuxData *p = NULL;
  if (ctx->ppAux == NULL || iArg < 0) goto no_store;
  for (p = *ctx->ppAux; p; p = p->pNext) {
    if (p->iOp == ctx->iOp && p->iArg == iArg) break;
  }
  if (p == NULL) {
    p = mem_zalloc(sizeof(*p));
    if (p == NULL) goto no_store;
    p->iOp = ctx->iOp;
    p->iArg = iArg;
    p->pNext = *ctx->ppAux;
    *ctx->ppAux = p;
  } else if (p->xDelete && p->pAux != pAux) {
    p->xDelete(p->pAux);
  }
  p->pAux = pAux;
  p->xDelete = xDel;
  return;
no_store:   /* SQLite's contract: the data is destroyed right away */
  if (xDel) xDel(pAux);
}

void *func_user_data(sqlite3_context *ctx) { return ctx->pFunc ? ctx->pFunc->pUserData : NULL; }
struct sqlite3 *func_context_db(sqlite3_context *ctx) { return ctx->db; }

void *func_aggregate_context(sqlite3_context *ctx, int nByte) {
  Value *p = ctx->pAgg;
  if (p == NULL) return NULL;
  if ((p->flags & VAL_AGG) == 0) {
    if (nByte <= 0) return NULL;
    if (value_grow(p, nByte, 0)) {
      func_result_error_nomem(ctx);
      return NULL;
    }
    memset(p->z, 0, (size_t)nByte);
    p->n = nByte;
    p->flags = VAL_AGG;
  }
  return p->z;
}

void func_aggregate_cleanup(sqlite3_context *ctx, void (*xClean)(void *)) {
  if (ctx->pAgg && (ctx->pAgg->flags & VAL_AGG)) ctx->pAgg->xDel = xClean;
}

/* ---- results (invariant 3) ------------------------------------------------ */

/* Sets an error message as the result; messages are exempt from the
** length limit (a limit below the message length must not lose it). */
static void func_set_message(Value *pOut, const char *z) {
  struct sqlite3 *db = pOut->db;
  pOut->db = NULL;
  value_set_text(pOut, z, -1, SQLITE_UTF8, SQLITE_STATIC);
  pOut->db = db;
}

static void func_result_rc(sqlite3_context *ctx, int rc) {
  if (rc == SQLITE_TOOBIG) func_result_error_toobig(ctx);
  else if (rc == SQLITE_NOMEM) func_result_error_nomem(ctx);
}

void func_result_int(sqlite3_context *ctx, i64 v) { value_set_int(ctx->pOut, v); }
void func_result_double(sqlite3_context *ctx, double r) { value_set_real(ctx->pOut, r); }
void func_result_null(sqlite3_context *ctx) { value_set_null(ctx->pOut); }

void func_result_text(sqlite3_context *ctx, const char *z, i64 n, u8 enc, void (*xDel)(void *)) {
  if (n > 0x7fffffff) {
    if (xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
    func_result_error_toobig(ctx);
    return;
  }
  func_result_rc(ctx, value_set_text(ctx->pOut, z, (int)n, enc, xDel));
}

void func_result_blob(sqlite3_context *ctx, const void *z, i64 n, void (*xDel)(void *)) {
  if (z == NULL) {                    /* sqlite3_result_blob(ctx, 0, ...) is NULL */
    value_set_null(ctx->pOut);
    return;
  }
  if (n > 0x7fffffff || n < 0) {
    if (xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
    if (n < 0) value_set_null(ctx->pOut);
    else func_result_error_toobig(ctx);
    return;
  }
  func_result_rc(ctx, value_set_blob(ctx->pOut, z, (int)n, xDel));
}

void func_result_value(sqlite3_context *ctx, Value *pVal) {
  if (pVal == ctx->pOut) return;
  func_result_rc(ctx, value_copy(ctx->pOut, pVal));
}

int func_result_zeroblob64(sqlite3_context *ctx, u64 n) {
  i64 mx = ctx->db ? ctx->db->aLimit[SQLITE_LIMIT_LENGTH] : 1000000000;
  if (n > (u64)mx) {
    func_result_error_toobig(ctx);
    return SQLITE_TOOBIG;
  }
  value_set_zeroblob(ctx->pOut, (int)n);
  return SQLITE_OK;
}

void func_result_error(sqlite3_context *ctx, const char *z, int n) {
  struct sqlite3 *db = ctx->pOut->db;
  ctx->isError = SQLITE_ERROR;
  ctx->pOut->db = NULL;    /* messages are exempt from the length limit */
  if (value_set_text(ctx->pOut, z ? z : "", z ? n : 0, SQLITE_UTF8, SQLITE_TRANSIENT)) {
    ctx->isError = SQLITE_NOMEM;
  }
  ctx->pOut->db = db;
}

void func_result_error16(sqlite3_context *ctx, const void *z, int n) {
  ctx->isError = SQLITE_ERROR;
  if (value_set_text(ctx->pOut, z ? z : "", z ? n : 0, SQLITE_UTF16, SQLITE_TRANSIENT) ||
      value_change_encoding(ctx->pOut, SQLITE_UTF8)) {
    ctx->isError = SQLITE_NOMEM;
  }
}

void func_result_error_code(sqlite3_context *ctx, int rc) {
  ctx->isError = rc ? rc : -1;
  if (ctx->pOut->flags & VAL_NULL) {
    func_set_message(ctx->pOut, conn_errstr(rc));
  }
}

void func_result_error_nomem(sqlite3_context *ctx) {
  value_set_null(ctx->pOut);
  ctx->isError = SQLITE_NOMEM;
  if (ctx->db) ctx->db->mallocFailed = 1;
}

void func_result_error_toobig(sqlite3_context *ctx) {
  ctx->isError = SQLITE_TOOBIG;
  func_set_message(ctx->pOut, "string or blob too big");
}

void func_result_subtype(sqlite3_context *ctx, unsigned int eSub) {
  ctx->pOut->eSubtype = (u8)(eSub & 0xff);
  ctx->pOut->flags |= VAL_SUBTYPE;
}

void func_result_pointer(sqlite3_context *ctx, void *p, const char *zType, void (*xDel)(void *)) {
  value_set_pointer(ctx->pOut, p, zType, xDel);
}
