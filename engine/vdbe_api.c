/*
** vdbe_api.c: the engine side of the statement API -- step, reset,
** finalize, bindings, result columns, SQL text, status counters -- as
** compat/ wraps it one call per function.
**
** Invariants:
**   1. The connection's error state (errCode, zErrMsg) after vdbe_step,
**      vdbe_reset and the binds is what SQLite's would be: SQLITE_ROW /
**      SQLITE_DONE codes after a step, the statement's error with its
**      message after a failed step, SQLITE_RANGE/SQLITE_MISUSE for binds.
**   2. A statement is "busy" (bindings frozen, vdbe.h invariant 4) from
**      its first step until reset: magic RUN or HALT.
**   3. Re-prepare after SQLITE_SCHEMA happens at most VDBE_MAX_SCHEMA_RETRY
**      times per step, and only for statements prepared with VDBE_PREP_V2.
**   4. vdbe_reset returns the code of the last step if it failed (a halted
**      error, a SQLITE_BUSY left for retry in rcRetry, a failed re-prepare),
**      with its message, and SQLITE_OK otherwise.
*/
#include "vdbe_int.h"
#include "func.h"
#include <stdio.h>
#include <stdlib.h>

#define VDBE_MAX_SCHEMA_RETRY 50

/* Counts the statement as running (vdbe_int.h invariant 2). */
static void activate(Vdbe *v) {
  sqlite3 *db = v->db;
  ASSERT(!v->bActive);
  if (db->nVdbeActive == 0) db->isInterrupted = 0;
  db->nVdbeActive++;
  v->bActive = 1;
  if (!v->readOnly) {
    db->nVdbeWrite++;
    v->bWriteCounted = 1;
  }
  v->magic = VDBE_MAGIC_RUN;
  v->pc = 0;
  v->rc = SQLITE_OK;
  v->errorAction = OE_Abort;
  v->iExplainRow = 0;
  v->aCounter[SQLITE_STMTSTATUS_RUN]++;
  vdbe_set_error(v, NULL);
}

static void deactivate(Vdbe *v) {
  sqlite3 *db = v->db;
  if (v->bActive) {
    ASSERT(db->nVdbeActive > 0);
    db->nVdbeActive--;
    v->bActive = 0;
  }
  if (v->bWriteCounted) {
    ASSERT(db->nVdbeWrite > 0);
    db->nVdbeWrite--;
    v->bWriteCounted = 0;
  }
}

/* Halts a run that produced final code rc and records it (invariant 1). */
static int finish_run(Vdbe *v, int rc) {
  sqlite3 *db = v->db;
  v->rc = rc;
  vdbe_halt(v);
  deactivate(v);
  v->magic = VDBE_MAGIC_HALT;
  v->pResultRow = NULL;
  rc = v->rc;
  if (rc == SQLITE_DONE) {
    conn_error(db, SQLITE_DONE, NULL);
  } else if (v->zErrMsg) {
    conn_error(db, rc, "%s", v->zErrMsg);
  } else {
    conn_error(db, rc, NULL);
  }
  /* legacy sqlite3_prepare(): the specific code comes from reset */
  if (rc != SQLITE_DONE && !(v->prepFlags & VDBE_PREP_V2)) return SQLITE_ERROR;
  return rc;
}

/* One attempt at stepping; SQLITE_SCHEMA is handled by the caller. */
static int step_once(Vdbe *v) {
  sqlite3 *db = v->db;
  if (v->bAborted) {
    v->bAborted = 0;
    v->magic = VDBE_MAGIC_HALT;
    conn_error(db, v->rc, "%s", v->zErrMsg ? v->zErrMsg : "abort due to ROLLBACK");
    return v->rc;
  }
  if (v->magic == VDBE_MAGIC_HALT) vdbe_reset(v); /* SQLite's automatic reset */
  if (v->magic == VDBE_MAGIC_READY) activate(v);
  ASSERT(v->magic == VDBE_MAGIC_RUN);
  v->bInExec = 1;
  v->rcRetry = SQLITE_OK; /* only the latest step's busy code counts */
  int rc = v->explain ? vdbe_list(v) : vdbe_exec(v);
  v->bInExec = 0;
  if (rc == SQLITE_ROW) {
    db->errCode = SQLITE_ROW;
    return SQLITE_ROW;
  }
  if (v->explain && rc == SQLITE_DONE) {
    /* SQLite leaves an EXPLAIN listing running (busy) at its end: further
    ** steps return SQLITE_DONE again until the statement is reset */
    v->pResultRow = NULL;
    conn_error(db, SQLITE_DONE, NULL);
    return SQLITE_DONE;
  }
  if (v->bRetry) {
    /* lock not available: the statement stays where it was and may be
    ** stepped again (OP_Transaction or COMMIT re-runs); a reset before
    ** that reports the busy code (invariant 4) */
    v->bRetry = 0;
    v->rcRetry = rc;
    conn_error(db, rc, NULL);
    return rc;
  }
  return finish_run(v, rc);
}

/* A step that failed outside the program (re-prepare): the statement keeps
** the code and the connection's message so that reset reports them, as
** SQLite's does (invariant 4). */
static int keep_step_error(Vdbe *v, int rc) {
  ASSERT(rc != SQLITE_OK);
  if (v->magic != VDBE_MAGIC_READY) return rc;
  const char *zMsg = conn_errmsg(v->db);
  v->rc = rc;
  if (rc != SQLITE_NOMEM && zMsg) vdbe_set_error(v, "%s", zMsg);
  return rc;
}

int vdbe_step(Vdbe *v) {
  if (v == NULL || v->magic == VDBE_MAGIC_DEAD || v->magic == VDBE_MAGIC_INIT) {
    return SQLITE_MISUSE;
  }
  if (v->bOom) return conn_error(v->db, SQLITE_NOMEM, NULL);
  v->nSchemaRetry = 0;
  if (v->expired && v->magic == VDBE_MAGIC_READY && (v->prepFlags & VDBE_PREP_V2)) {
    v->expired = 0;
    int rc = sql_reprepare(v);
    if (rc) return keep_step_error(v, rc);
  }
  for (;;) {
    int rc = step_once(v);
    if ((rc & 0xff) != SQLITE_SCHEMA || !(v->prepFlags & VDBE_PREP_V2) ||
        v->nSchemaRetry >= VDBE_MAX_SCHEMA_RETRY) {
      return rc;
    }
    v->nSchemaRetry++; /* invariant 3 */
    int nRetry = v->nSchemaRetry;
    vdbe_reset(v);
    int rc2 = sql_reprepare(v);
    v->nSchemaRetry = nRetry;
    if (rc2 != SQLITE_OK) return keep_step_error(v, rc2);
  }
}

int vdbe_reset(Vdbe *v) {
  if (v == NULL) return SQLITE_OK;
  sqlite3 *db = v->db;
  if (v->magic == VDBE_MAGIC_RUN) {
    /* stopped before the end: the statement's work so far stands */
    v->rc = SQLITE_OK;
    vdbe_halt(v);
    deactivate(v);
    if (v->rc == SQLITE_OK) v->rc = v->rcRetry; /* last step's SQLITE_BUSY */
  }
  v->rcRetry = SQLITE_OK;
  int rc = v->rc;
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) rc = SQLITE_OK;
  if (rc != SQLITE_OK) {
    if (v->zErrMsg) {
      conn_error(db, rc, "%s", v->zErrMsg);
    } else {
      conn_error(db, rc, NULL);
    }
  }
  if (v->aMem) {
    /* small register buffers are kept for the next run (a statement reset
    ** and rerun per bound value would otherwise allocate them again each
    ** time); large ones go back to the allocator */
    for (int i = 0; i <= v->nMem; i++) {
      Value *p = &v->aMem[i];
      if (p->szMalloc > VDBE_KEEP_REG_BYTES) {
        value_release(p);
      } else {
        value_set_null(p);
      }
    }
  }
  if (v->aOnce) memset(v->aOnce, 0, (size_t)v->nOp + 1);
  if (v->pAuxData) func_auxdata_delete(&v->pAuxData, -1, 0);
  for (int i = 0; i < 8; i++) value_release(&v->aExplain[i]);
  vdbe_set_error(v, NULL);
  v->pResultRow = NULL;
  v->rc = SQLITE_OK;
  v->pc = 0;
  v->iExplainRow = 0;
  v->bDidWrite = 0;
  v->dbMask = 0;
  v->bAborted = 0;
  v->bTripped = 0;
  v->nChange = 0;
  v->bChangeCntOn = 0;
  v->pCollNext = NULL;
  if (v->magic != VDBE_MAGIC_INIT && v->magic != VDBE_MAGIC_DEAD) v->magic = VDBE_MAGIC_READY;
  return rc;
}

int vdbe_finalize(Vdbe *v) {
  if (v == NULL) return SQLITE_OK;
  sqlite3 *db = v->db;
  int rc = v->magic == VDBE_MAGIC_INIT ? SQLITE_OK : vdbe_reset(v);
  if (v->pPrev) {
    v->pPrev->pNext = v->pNext;
  } else if (db->pVdbe == v) {
    db->pVdbe = v->pNext;
  }
  if (v->pNext) v->pNext->pPrev = v->pPrev;
  vdbe_free_program(v);
  if (v->aVar) {
    for (int i = 0; i < v->nVar; i++) {
      value_release(&v->aVar[i]);
      mem_free(v->azVar[i]);
    }
  }
  mem_free(v->aVar);
  mem_free(v->azVar);
  mem_free(v->zSql);
  mem_free(v->zErrMsg);
  v->magic = VDBE_MAGIC_DEAD;
  mem_free(v);
  return rc;
}

void vdbe_finalize_all(sqlite3 *db) {
  int n = 0;
  while (db->pVdbe && n++ < 10000000) vdbe_finalize(db->pVdbe);
}


/* SQLite's ROLLBACK trips write cursors only: a statement whose writing is
** over (RETURNING reading its buffered rows) goes on like a reader. */
int vdbe_has_write_cursor(Vdbe *p) {
  for (int i = 0; i < p->nCursor; i++) {
    VdbeCursor *pC = p->apCsr[i];
    if (pC && pC->eCurType == CURTYPE_BTREE && pC->isWrite && pC->pEph == NULL) return 1;
  }
  return 0;
}

void vdbe_trip_writes(Vdbe *p) {
  for (int i = 0; i < p->nCursor; i++) {
    VdbeCursor *pC = p->apCsr[i];
    if (pC && pC->eCurType == CURTYPE_BTREE && pC->isWrite && pC->pEph == NULL) {
      vdbe_cursor_close(p, i);
    }
  }
  p->bTripped = 1;
  p->bDidWrite = 0;   /* nothing of it is left to undo */
  p->iStatement = 0;  /* its statement savepoint went with the transaction */
}

void vdbe_abort_all(sqlite3 *db, int rc) { vdbe_abort_others(db, NULL, rc); }

void vdbe_abort_others(sqlite3 *db, Vdbe *pSelf, int rc) {
  for (Vdbe *p = db->pVdbe; p; p = p->pNext) {
    if (p == pSelf || !p->bActive || p->bInExec || p->magic != VDBE_MAGIC_RUN) continue;
    vdbe_frames_unwind(p);
    vdbe_close_all_cursors(p);
    deactivate(p);
    p->magic = VDBE_MAGIC_HALT;
    p->rc = rc;
    p->bAborted = 1;
    p->pResultRow = NULL;
    vdbe_set_error(p, "abort due to ROLLBACK");
  }
}

sqlite3 *vdbe_db(Vdbe *v) { return v ? v->db : NULL; }
int vdbe_column_count(Vdbe *v) { return v ? v->nResColumn : 0; }
int vdbe_data_count(Vdbe *v) { return v && v->pResultRow ? v->nResColumn : 0; }

Value *vdbe_column_value(Vdbe *v, int i) {
  if (v == NULL || v->pResultRow == NULL || i < 0 || i >= v->nResColumn) return NULL;
  return &v->pResultRow[i];
}

const char *vdbe_column_name(Vdbe *v, int i, int which) {
  if (v == NULL || i < 0 || i >= v->nResColumn || which < 0 || which >= COLNAME_N) return NULL;
  if (v->azColName == NULL) return NULL;
  return v->azColName[i * COLNAME_N + which];
}

/* ---------------------------------------------------------------- binds */

/* The parameter cell for bind i, or NULL with rc set (invariant 2). */
static Value *bind_slot(Vdbe *v, int i, int *pRc) {
  *pRc = SQLITE_OK;
  if (v == NULL || v->magic == VDBE_MAGIC_DEAD) {
    *pRc = SQLITE_MISUSE;
    return NULL;
  }
  if (v->magic == VDBE_MAGIC_RUN || v->magic == VDBE_MAGIC_HALT) {
    conn_error(v->db, SQLITE_MISUSE, NULL);
    if (core_log_enabled()) core_log(SQLITE_MISUSE, "bind on a busy prepared statement");
    *pRc = SQLITE_MISUSE;
    return NULL;
  }
  if (i < 1 || i > v->nVar) {
    conn_error(v->db, SQLITE_RANGE, NULL);
    *pRc = SQLITE_RANGE;
    return NULL;
  }
  Value *p = &v->aVar[i - 1];
  value_release(p);
  v->db->errCode = SQLITE_OK;
  return p;
}

/* Runs the destructor of data a failed bind did not take. */
static void drop_data(const void *z, void (*xDel)(void *)) {
  if (xDel && xDel != SQLITE_STATIC && xDel != SQLITE_TRANSIENT) xDel((void *)z);
}

int vdbe_bind_null(Vdbe *v, int i) {
  int rc;
  bind_slot(v, i, &rc);
  return rc;
}

int vdbe_bind_int64(Vdbe *v, int i, i64 x) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p) value_set_int(p, x);
  return rc;
}

int vdbe_bind_double(Vdbe *v, int i, double r) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p) value_set_real(p, r);
  return rc;
}

/* Length check shared by text and blob binds. */
static int bind_len_ok(Vdbe *v, i64 n) {
  return n <= (i64)v->db->aLimit[SQLITE_LIMIT_LENGTH] && n <= 0x7fffffff;
}

int vdbe_bind_text(Vdbe *v, int i, const char *z, i64 n, void (*xDel)(void *), u8 enc) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p == NULL) {
    drop_data(z, xDel);
    return rc;
  }
  if (z == NULL) {
    drop_data(z, xDel);
    return SQLITE_OK; /* NULL pointer binds NULL */
  }
  if (n >= 0 && !bind_len_ok(v, n)) {
    drop_data(z, xDel);
    return conn_error(v->db, SQLITE_TOOBIG, NULL);
  }
  rc = value_set_text(p, z, n < 0 ? -1 : (int)n, enc ? enc : SQLITE_UTF8, xDel);
  if (rc == SQLITE_OK && (p->flags & VAL_STR) && !bind_len_ok(v, p->n)) {
    value_set_null(p);
    rc = SQLITE_TOOBIG;
  }
  if (rc == SQLITE_OK) p->flags |= VAL_FROMBIND;
  if (rc) conn_error(v->db, rc, NULL);
  return rc;
}

int vdbe_bind_blob(Vdbe *v, int i, const void *z, i64 n, void (*xDel)(void *)) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p == NULL || z == NULL) {
    drop_data(z, xDel);
    return rc;
  }
  if (n < 0 || !bind_len_ok(v, n)) {
    drop_data(z, xDel);
    return conn_error(v->db, n < 0 ? SQLITE_MISUSE : SQLITE_TOOBIG, NULL);
  }
  rc = value_set_blob(p, z, (int)n, xDel);
  if (rc == SQLITE_OK) p->flags |= VAL_FROMBIND;
  if (rc) conn_error(v->db, rc, NULL);
  return rc;
}

int vdbe_bind_zeroblob(Vdbe *v, int i, i64 n) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p == NULL) return rc;
  if (n > (i64)v->db->aLimit[SQLITE_LIMIT_LENGTH]) return conn_error(v->db, SQLITE_TOOBIG, NULL);
  value_set_zeroblob(p, n < 0 ? 0 : (int)n);
  return SQLITE_OK;
}

int vdbe_bind_value(Vdbe *v, int i, const Value *pVal) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p == NULL) return rc;
  if (pVal == NULL) return SQLITE_OK;
  rc = value_copy(p, pVal);
  p->flags &= (u16)~VAL_SUBTYPE; /* subtypes do not survive binding */
  if (rc) conn_error(v->db, rc, NULL);
  return rc;
}

int vdbe_bind_pointer(Vdbe *v, int i, void *ptr, const char *zType, void (*xDel)(void *)) {
  int rc;
  Value *p = bind_slot(v, i, &rc);
  if (p == NULL) {
    if (xDel) xDel(ptr);
    return rc;
  }
  value_set_pointer(p, ptr, zType, xDel);
  return SQLITE_OK;
}

int vdbe_bind_parameter_count(Vdbe *v) { return v ? v->nVar : 0; }

const char *vdbe_bind_parameter_name(Vdbe *v, int i) {
  if (v == NULL || i < 1 || i > v->nVar || v->azVar == NULL) return NULL;
  return v->azVar[i - 1];
}

int vdbe_bind_parameter_index(Vdbe *v, const char *zName) {
  if (v == NULL || zName == NULL) return 0;
  for (int i = 0; i < v->nVar; i++) {
    if (v->azVar[i] && strcmp(v->azVar[i], zName) == 0) return i + 1;
  }
  return 0;
}

int vdbe_clear_bindings(Vdbe *v) {
  if (v == NULL) return SQLITE_OK;
  for (int i = 0; i < v->nVar; i++) value_set_null(&v->aVar[i]);
  return SQLITE_OK;
}

/* ------------------------------------------------------------ SQL text */

const char *vdbe_sql(Vdbe *v) { return v ? v->zSql : NULL; }
int vdbe_is_readonly(Vdbe *v) { return v ? v->readOnly : 1; }
int vdbe_is_busy(Vdbe *v) { return v && v->magic == VDBE_MAGIC_RUN; }
int vdbe_is_explain(Vdbe *v) { return v ? v->explain : 0; }

Vdbe *vdbe_next_stmt(sqlite3 *db, Vdbe *pPrev) { return pPrev ? pPrev->pNext : db->pVdbe; }

int vdbe_status(Vdbe *v, int op, int bReset) {
  if (v == NULL) return 0;
  if (op == SQLITE_STMTSTATUS_MEMUSED) {
    i64 n = (i64)sizeof(Vdbe) + (i64)v->nOpAlloc * (i64)sizeof(VdbeOp) +
            (i64)(v->nMem + 1) * (i64)sizeof(Value) + (i64)v->nVar * (i64)sizeof(Value);
    return (int)(n > 0x7fffffff ? 0x7fffffff : n);
  }
  if (op < 1 || op >= ARRAY_SIZE(v->aCounter)) return 0;
  u32 x = v->aCounter[op];
  if (bReset) v->aCounter[op] = 0;
  return (int)(x > 0x7fffffffu ? 0x7fffffffu : x);
}

/* Growable output for expanded SQL. */
typedef struct ExpBuf {
  char *z;
  u64 n, nAlloc;
  int bOom;
} ExpBuf;

static void exp_append(ExpBuf *p, const char *z, u64 n) {
  if (p->bOom) return;
  if (p->n + n + 1 > p->nAlloc) {
    u64 nNew = (p->n + n + 1) * 2;
    char *zNew = mem_realloc(p->z, nNew);
    if (zNew == NULL) {
      p->bOom = 1;
      return;
    }
    p->z = zNew;
    p->nAlloc = nNew;
  }
  memcpy(p->z + p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}

/* Appends a parameter's value as an SQL literal. */
static void exp_value(ExpBuf *p, Value *pVal) {
  char zBuf[64];
  int t = value_type(pVal);
  if (t == SQLITE_NULL) {
    exp_append(p, "NULL", 4);
  } else if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
    if (t == SQLITE_INTEGER) {
      snprintf(zBuf, sizeof zBuf, "%lld", (long long)value_int64(pVal));
    } else {
      util_real_to_text(value_real(pVal), zBuf);
    }
    exp_append(p, zBuf, strlen(zBuf));
  } else if (t == SQLITE_TEXT) {
    const char *z = (const char *)value_text(pVal, SQLITE_UTF8);
    int n = value_bytes(pVal, SQLITE_UTF8);
    exp_append(p, "'", 1);
    for (int i = 0; z && i < n; i++) {
      exp_append(p, z[i] == '\'' ? "''" : z + i, z[i] == '\'' ? 2 : 1);
    }
    exp_append(p, "'", 1);
  } else if (pVal->flags & VAL_ZERO) {
    snprintf(zBuf, sizeof zBuf, "zeroblob(%d)", pVal->n + pVal->u.nZero);
    exp_append(p, zBuf, strlen(zBuf));
  } else {
    const u8 *z = value_blob(pVal);
    int n = value_bytes(pVal, SQLITE_UTF8);
    exp_append(p, "x'", 2);
    for (int i = 0; z && i < n; i++) {
      snprintf(zBuf, sizeof zBuf, "%02x", z[i]);
      exp_append(p, zBuf, 2);
    }
    exp_append(p, "'", 1);
  }
}

/* Length of a quoted literal or comment starting at z[0] (0 if none). */
static u64 skip_quoted(const char *z) {
  u64 i = 1;
  char q = z[0];
  if (q == '-' && z[1] == '-') {
    while (z[i] && z[i] != '\n') i++;
    return i;
  }
  if (q == '/' && z[1] == '*') {
    for (i = 2; z[i] && !(z[i] == '*' && z[i + 1] == '/'); i++) {
    }
    return z[i] ? i + 2 : i;
  }
  if (q != '\'' && q != '"' && q != '`' && q != '[') return 0;
  char qEnd = q == '[' ? ']' : q;
  while (z[i] && z[i] != qEnd) i++;
  return z[i] ? i + 1 : i;
}

/* Length of the parameter token at z (0 if z does not start one). */
static u64 param_len(const char *z) {
  u64 i = 1;
  if (z[0] == '?') {
    while (z[i] >= '0' && z[i] <= '9') i++;
    return i;
  }
  if (z[0] != ':' && z[0] != '@' && z[0] != '$') return 0;
  while (z[i] && ((unsigned char)z[i] >= 0x80 || z[i] == '_' || z[i] == '$' ||
                  (z[i] >= '0' && z[i] <= '9') || ((z[i] | 0x20) >= 'a' && (z[i] | 0x20) <= 'z'))) {
    i++;
  }
  return i > 1 ? i : 0;
}

char *vdbe_expanded_sql(Vdbe *v) {
  ExpBuf b = {NULL, 0, 0, 0};
  if (v == NULL || v->zSql == NULL) return NULL;
  const char *z = v->zSql;
  int iMax = 0;
  exp_append(&b, "", 0);
  while (*z && !b.bOom) {
    u64 n = skip_quoted(z);
    if (n) {
      exp_append(&b, z, n);
      z += n;
      continue;
    }
    n = param_len(z);
    if (n == 0) {
      exp_append(&b, z, 1);
      z++;
      continue;
    }
    int idx;
    if (z[0] == '?') {
      idx = n > 1 ? atoi(z + 1) : iMax + 1;
    } else {
      char *zName = mem_strndup(z, (int)n);
      idx = zName ? vdbe_bind_parameter_index(v, zName) : 0;
      mem_free(zName);
    }
    if (idx > iMax) iMax = idx;
    if (idx >= 1 && idx <= v->nVar) {
      exp_value(&b, &v->aVar[idx - 1]);
    } else {
      exp_append(&b, z, n);
    }
    z += n;
  }
  if (b.bOom) {
    mem_free(b.z);
    return NULL;
  }
  return b.z;
}
