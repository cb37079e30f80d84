/*
** bench/node/binding.c: a minimal Node-API addon over the public SQLite C
** API, so that bench/node/workloads.mjs runs the real SQLite and our library
** through the very same binding (only LD_LIBRARY_PATH differs, as for
** bench_api).  bench/node/native.mjs wraps these functions in a small
** Database/Statement class API; nothing else should call them directly.
**
** Exports (handles are napi externals; every error throws):
**   library()                 {path, version, sourceid, threadsafe}: the file
**                             the loader really resolved (dladdr)
**   open(path, readonly)      -> db           close(db)
**   exec(db, sql)             changes(db) -> Number
**   prepare(db, sql)          -> stmt         finalize(stmt)
**   bind(stmt, params[])      step(stmt) -> row[] | undefined    reset(stmt)
**   run(stmt, params[])       -> changes      all(stmt, params[]) -> row[][]
**   columnCount(stmt)         paramCount(stmt)
** Rows are arrays in column order; INTEGER -> BigInt, REAL -> Number,
** TEXT -> string, BLOB -> Buffer, NULL -> null.  Parameters: an integral
** Number of at most 2^53 in magnitude and a BigInt bind as INTEGER, other
** Numbers as REAL, strings as TEXT, Buffers as BLOB, null/undefined as NULL,
** booleans as 0/1.
**
** Invariants:
**  1. Every SQLite error becomes a JS exception whose message is
**     sqlite3_errmsg() of the connection (or sqlite3_errstr() of the code
**     when there is no connection), with the result code in `.code`.
**  2. No leaks: a handle the script forgets is released by its external's
**     finalizer; close uses sqlite3_close_v2, so statements finalized later
**     (by hand or by the garbage collector) stay valid until they are.  The
**     8-byte boxes themselves live until the garbage collector runs the
**     finalizer (Node skips finalizers at process exit, so valgrind shows
**     the boxes of handles still reachable then; the SQLite objects inside
**     were closed: valgrind of binding_test.mjs shows nothing else).
**  3. A closed or finalized handle is NULL inside its box; using it again
**     throws instead of touching freed memory.
**  4. No global state: the module is context-aware, so worker_threads (the
**     mt_read workload) each load their own instance safely.
*/
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <node_api.h>
#include <sqlite3.h>

typedef struct DbBox {
    sqlite3 *db; /* NULL once closed (invariant 3) */
} DbBox;

typedef struct StmtBox {
    sqlite3_stmt *pStmt; /* NULL once finalized (invariant 3) */
} StmtBox;

#define MAX_ARGS 4

/* Return on a failed napi call: an exception is already pending. */
#define NAPI_TRY(call)                                                                  \
    do {                                                                                \
        if ((call) != napi_ok) return NULL;                                             \
    } while (0)

/* ------------------------------------------------------------ errors */

/* Throw an Error with message zMsg and .code = rc (invariant 1). */
static napi_value throw_rc(napi_env env, int rc, const char *zMsg)
{
    napi_value msg, err, code;
    if (napi_create_string_utf8(env, zMsg, NAPI_AUTO_LENGTH, &msg) != napi_ok) return NULL;
    if (napi_create_error(env, NULL, msg, &err) != napi_ok) return NULL;
    if (napi_create_int32(env, rc, &code) == napi_ok) {
        napi_set_named_property(env, err, "code", code);
    }
    napi_throw(env, err);
    return NULL;
}

static napi_value throw_db(napi_env env, sqlite3 *db, int rc)
{
    return throw_rc(env, rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* ---------------------------------------------------------- arguments */

/* Fetch exactly nWant arguments into aArg; throws on a different count. */
static int get_args(napi_env env, napi_callback_info info, size_t nWant, napi_value *aArg)
{
    size_t n = MAX_ARGS;
    napi_value a[MAX_ARGS];
    if (napi_get_cb_info(env, info, &n, a, NULL, NULL) != napi_ok) return 0;
    if (n < nWant) {
        napi_throw_type_error(env, NULL, "too few arguments");
        return 0;
    }
    memcpy(aArg, a, nWant * sizeof a[0]);
    return 1;
}

/* A UTF-8 copy of a JS string, owned by the caller (free()); NULL + throw. */
static char *get_string(napi_env env, napi_value v)
{
    size_t n = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return NULL;
    char *z = malloc(n + 1);
    if (z == NULL) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    if (napi_get_value_string_utf8(env, v, z, n + 1, &n) != napi_ok) {
        free(z);
        return NULL;
    }
    return z;
}

static void db_finalize_cb(napi_env env, void *pData, void *pHint)
{
    (void)env;
    (void)pHint;
    DbBox *p = pData;
    if (p->db) sqlite3_close_v2(p->db); /* invariant 2 */
    free(p);
}

static void stmt_finalize_cb(napi_env env, void *pData, void *pHint)
{
    (void)env;
    (void)pHint;
    StmtBox *p = pData;
    if (p->pStmt) sqlite3_finalize(p->pStmt);
    free(p);
}

/* The open connection behind argument v, or NULL after throwing. */
static sqlite3 *get_db(napi_env env, napi_value v)
{
    void *p = NULL;
    if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) return NULL;
    DbBox *pBox = p;
    if (pBox->db == NULL) {
        napi_throw_error(env, NULL, "the database connection is closed");
        return NULL;
    }
    return pBox->db;
}

static StmtBox *get_stmt_box(napi_env env, napi_value v)
{
    void *p = NULL;
    if (napi_get_value_external(env, v, &p) != napi_ok || p == NULL) return NULL;
    return p;
}

static sqlite3_stmt *get_stmt(napi_env env, napi_value v)
{
    StmtBox *pBox = get_stmt_box(env, v);
    if (pBox == NULL) return NULL;
    if (pBox->pStmt == NULL) {
        napi_throw_error(env, NULL, "the statement is finalized");
        return NULL;
    }
    return pBox->pStmt;
}

static napi_value undefined(napi_env env)
{
    napi_value u;
    napi_get_undefined(env, &u);
    return u;
}

/* ------------------------------------------------------------ library */

static napi_value set_str(napi_env env, napi_value obj, const char *zKey, const char *zVal)
{
    napi_value v;
    NAPI_TRY(napi_create_string_utf8(env, zVal, NAPI_AUTO_LENGTH, &v));
    NAPI_TRY(napi_set_named_property(env, obj, zKey, v));
    return obj;
}

/* Which libsqlite3 the loader resolved: the proof run.sh checks. */
static napi_value fn_library(napi_env env, napi_callback_info info)
{
    (void)info;
    Dl_info dl;
    char zReal[PATH_MAX];
    const char *zLib = "?";
    if (dladdr((void *)sqlite3_libversion, &dl) && dl.dli_fname) {
        zLib = realpath(dl.dli_fname, zReal) ? zReal : dl.dli_fname;
    }
    napi_value obj, ts;
    NAPI_TRY(napi_create_object(env, &obj));
    if (!set_str(env, obj, "path", zLib)) return NULL;
    if (!set_str(env, obj, "version", sqlite3_libversion())) return NULL;
    if (!set_str(env, obj, "sourceid", sqlite3_sourceid())) return NULL;
    NAPI_TRY(napi_create_int32(env, sqlite3_threadsafe(), &ts));
    NAPI_TRY(napi_set_named_property(env, obj, "threadsafe", ts));
    return obj;
}

/* --------------------------------------------------------- connection */

static napi_value fn_open(napi_env env, napi_callback_info info)
{
    napi_value a[2], ext;
    bool bReadonly = false;
    if (!get_args(env, info, 2, a)) return NULL;
    NAPI_TRY(napi_get_value_bool(env, a[1], &bReadonly));
    char *zPath = get_string(env, a[0]);
    if (zPath == NULL) return NULL;
    int flags = bReadonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(zPath, &db, flags, NULL);
    free(zPath);
    if (rc != SQLITE_OK) {
        throw_db(env, db, rc);
        sqlite3_close_v2(db);
        return NULL;
    }
    DbBox *pBox = malloc(sizeof *pBox);
    if (pBox == NULL) {
        sqlite3_close_v2(db);
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    pBox->db = db;
    if (napi_create_external(env, pBox, db_finalize_cb, NULL, &ext) != napi_ok) {
        db_finalize_cb(env, pBox, NULL);
        return NULL;
    }
    return ext;
}

static napi_value fn_close(napi_env env, napi_callback_info info)
{
    napi_value a[1];
    void *p = NULL;
    if (!get_args(env, info, 1, a)) return NULL;
    NAPI_TRY(napi_get_value_external(env, a[0], &p));
    DbBox *pBox = p;
    if (pBox->db) {
        int rc = sqlite3_close_v2(pBox->db);
        if (rc != SQLITE_OK) return throw_db(env, pBox->db, rc);
        pBox->db = NULL;
    }
    return undefined(env);
}

static napi_value fn_exec(napi_env env, napi_callback_info info)
{
    napi_value a[2];
    if (!get_args(env, info, 2, a)) return NULL;
    sqlite3 *db = get_db(env, a[0]);
    if (db == NULL) return NULL;
    char *zSql = get_string(env, a[1]);
    if (zSql == NULL) return NULL;
    char *zErr = NULL;
    int rc = sqlite3_exec(db, zSql, NULL, NULL, &zErr);
    free(zSql);
    if (rc != SQLITE_OK) {
        throw_rc(env, rc, zErr ? zErr : sqlite3_errmsg(db));
        sqlite3_free(zErr);
        return NULL;
    }
    return undefined(env);
}

static napi_value fn_changes(napi_env env, napi_callback_info info)
{
    napi_value a[1], v;
    if (!get_args(env, info, 1, a)) return NULL;
    sqlite3 *db = get_db(env, a[0]);
    if (db == NULL) return NULL;
    NAPI_TRY(napi_create_int64(env, sqlite3_changes64(db), &v));
    return v;
}

/* ---------------------------------------------------------- statements */

static napi_value fn_prepare(napi_env env, napi_callback_info info)
{
    napi_value a[2], ext;
    if (!get_args(env, info, 2, a)) return NULL;
    sqlite3 *db = get_db(env, a[0]);
    if (db == NULL) return NULL;
    char *zSql = get_string(env, a[1]);
    if (zSql == NULL) return NULL;
    sqlite3_stmt *pStmt = NULL;
    int rc = sqlite3_prepare_v2(db, zSql, -1, &pStmt, NULL);
    free(zSql);
    if (rc != SQLITE_OK) return throw_db(env, db, rc);
    if (pStmt == NULL) {
        return throw_rc(env, SQLITE_MISUSE, "the SQL text contains no statement");
    }
    StmtBox *pBox = malloc(sizeof *pBox);
    if (pBox == NULL) {
        sqlite3_finalize(pStmt);
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    pBox->pStmt = pStmt;
    if (napi_create_external(env, pBox, stmt_finalize_cb, NULL, &ext) != napi_ok) {
        stmt_finalize_cb(env, pBox, NULL);
        return NULL;
    }
    return ext;
}

static napi_value fn_finalize(napi_env env, napi_callback_info info)
{
    napi_value a[1];
    if (!get_args(env, info, 1, a)) return NULL;
    StmtBox *pBox = get_stmt_box(env, a[0]);
    if (pBox == NULL) return NULL;
    if (pBox->pStmt) {
        sqlite3_finalize(pBox->pStmt); /* its rc repeats the last step's error */
        pBox->pStmt = NULL;
    }
    return undefined(env);
}

/* Bind a JS Number: integral values as INTEGER (as Turso's binding does). */
static int bind_number(napi_env env, sqlite3_stmt *pStmt, int i, napi_value v)
{
    double d;
    if (napi_get_value_double(env, v, &d) != napi_ok) return -1;
    if (d == floor(d) && fabs(d) <= 9007199254740992.0) {
        return sqlite3_bind_int64(pStmt, i, (sqlite3_int64)d);
    }
    return sqlite3_bind_double(pStmt, i, d);
}

/* Bind a JS string as TEXT; short strings (the common case) avoid malloc. */
static int bind_string(napi_env env, sqlite3_stmt *pStmt, int i, napi_value v)
{
    char zBuf[256];
    size_t n = 0;
    if (napi_get_value_string_utf8(env, v, zBuf, sizeof zBuf, &n) != napi_ok) return -1;
    if (n + 1 < sizeof zBuf) {
        return sqlite3_bind_text64(pStmt, i, zBuf, n, SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    char *z = get_string(env, v); /* may have been truncated: fetch it whole */
    if (z == NULL) return -1;
    int rc = sqlite3_bind_text64(pStmt, i, z, strlen(z), SQLITE_TRANSIENT, SQLITE_UTF8);
    free(z);
    return rc;
}

/* Bind one value at 1-based index i; returns an SQLite rc, or -1 with a JS
** exception pending. */
static int bind_one(napi_env env, sqlite3_stmt *pStmt, int i, napi_value v)
{
    napi_valuetype t;
    if (napi_typeof(env, v, &t) != napi_ok) return -1;
    switch (t) {
    case napi_undefined:
    case napi_null: return sqlite3_bind_null(pStmt, i);
    case napi_number: return bind_number(env, pStmt, i, v);
    case napi_string: return bind_string(env, pStmt, i, v);
    case napi_boolean: {
        bool b = false;
        if (napi_get_value_bool(env, v, &b) != napi_ok) return -1;
        return sqlite3_bind_int(pStmt, i, b ? 1 : 0);
    }
    case napi_bigint: {
        int64_t x = 0;
        bool bLossless = false;
        if (napi_get_value_bigint_int64(env, v, &x, &bLossless) != napi_ok) return -1;
        if (!bLossless) {
            napi_throw_range_error(env, NULL, "BigInt parameter out of 64-bit range");
            return -1;
        }
        return sqlite3_bind_int64(pStmt, i, x);
    }
    default: break;
    }
    bool bBuf = false;
    if (napi_is_buffer(env, v, &bBuf) == napi_ok && bBuf) {
        void *p = NULL;
        size_t n = 0;
        if (napi_get_buffer_info(env, v, &p, &n) != napi_ok) return -1;
        return sqlite3_bind_blob64(pStmt, i, p, n, SQLITE_TRANSIENT);
    }
    napi_throw_type_error(env, NULL, "unsupported parameter type");
    return -1;
}

/* Reset pStmt and bind the JS array aParam to it; 0 + throw on error. */
static int bind_all(napi_env env, sqlite3_stmt *pStmt, napi_value aParam)
{
    uint32_t n = 0;
    if (napi_get_array_length(env, aParam, &n) != napi_ok) return 0;
    sqlite3_reset(pStmt);
    sqlite3_clear_bindings(pStmt);
    if ((int)n != sqlite3_bind_parameter_count(pStmt)) {
        throw_rc(env, SQLITE_RANGE, "wrong number of parameters");
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        napi_value v;
        if (napi_get_element(env, aParam, i, &v) != napi_ok) return 0;
        int rc = bind_one(env, pStmt, (int)i + 1, v);
        if (rc < 0) return 0;
        if (rc != SQLITE_OK) {
            throw_db(env, sqlite3_db_handle(pStmt), rc);
            return 0;
        }
    }
    return 1;
}

static napi_value fn_bind(napi_env env, napi_callback_info info)
{
    napi_value a[2];
    if (!get_args(env, info, 2, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL || !bind_all(env, pStmt, a[1])) return NULL;
    return undefined(env);
}

/* Column i of the current row as a JS value. */
static napi_value column_value(napi_env env, sqlite3_stmt *pStmt, int i)
{
    napi_value v;
    switch (sqlite3_column_type(pStmt, i)) {
    case SQLITE_INTEGER:
        NAPI_TRY(napi_create_bigint_int64(env, sqlite3_column_int64(pStmt, i), &v));
        break;
    case SQLITE_FLOAT: NAPI_TRY(napi_create_double(env, sqlite3_column_double(pStmt, i), &v)); break;
    case SQLITE_TEXT: {
        const char *z = (const char *)sqlite3_column_text(pStmt, i);
        size_t n = (size_t)sqlite3_column_bytes(pStmt, i);
        NAPI_TRY(napi_create_string_utf8(env, z ? z : "", z ? n : 0, &v));
        break;
    }
    case SQLITE_BLOB: {
        const void *p = sqlite3_column_blob(pStmt, i);
        size_t n = (size_t)sqlite3_column_bytes(pStmt, i);
        NAPI_TRY(napi_create_buffer_copy(env, n, p ? p : "", NULL, &v));
        break;
    }
    default: NAPI_TRY(napi_get_null(env, &v)); break;
    }
    return v;
}

static napi_value row_array(napi_env env, sqlite3_stmt *pStmt)
{
    int nCol = sqlite3_column_count(pStmt);
    napi_value row;
    NAPI_TRY(napi_create_array_with_length(env, (size_t)nCol, &row));
    for (int i = 0; i < nCol; i++) {
        napi_value v = column_value(env, pStmt, i);
        if (v == NULL) return NULL;
        NAPI_TRY(napi_set_element(env, row, (uint32_t)i, v));
    }
    return row;
}

/* One step: the row, or undefined when done; throws on error (and resets). */
static napi_value step_once(napi_env env, sqlite3_stmt *pStmt, int *pDone)
{
    int rc = sqlite3_step(pStmt);
    *pDone = 0;
    if (rc == SQLITE_ROW) return row_array(env, pStmt);
    if (rc == SQLITE_DONE) {
        *pDone = 1;
        return undefined(env);
    }
    sqlite3_reset(pStmt);
    return throw_db(env, sqlite3_db_handle(pStmt), rc);
}

static napi_value fn_step(napi_env env, napi_callback_info info)
{
    napi_value a[1];
    int bDone;
    if (!get_args(env, info, 1, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL) return NULL;
    return step_once(env, pStmt, &bDone);
}

static napi_value fn_reset(napi_env env, napi_callback_info info)
{
    napi_value a[1];
    if (!get_args(env, info, 1, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL) return NULL;
    int rc = sqlite3_reset(pStmt);
    if (rc != SQLITE_OK) return throw_db(env, sqlite3_db_handle(pStmt), rc);
    return undefined(env);
}

/* Bind, step to the end discarding rows, reset; returns sqlite3_changes. */
static napi_value fn_run(napi_env env, napi_callback_info info)
{
    napi_value a[2], v;
    if (!get_args(env, info, 2, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL || !bind_all(env, pStmt, a[1])) return NULL;
    int rc;
    while ((rc = sqlite3_step(pStmt)) == SQLITE_ROW) {}
    sqlite3 *db = sqlite3_db_handle(pStmt);
    if (rc != SQLITE_DONE) {
        sqlite3_reset(pStmt);
        return throw_db(env, db, rc);
    }
    sqlite3_reset(pStmt);
    NAPI_TRY(napi_create_int64(env, sqlite3_changes64(db), &v));
    return v;
}

/* Bind, collect every row into an array, reset. */
static napi_value fn_all(napi_env env, napi_callback_info info)
{
    napi_value a[2], rows;
    if (!get_args(env, info, 2, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL || !bind_all(env, pStmt, a[1])) return NULL;
    NAPI_TRY(napi_create_array(env, &rows));
    for (uint32_t n = 0;; n++) {
        int bDone;
        napi_value row = step_once(env, pStmt, &bDone);
        if (row == NULL) {
            sqlite3_reset(pStmt);
            return NULL;
        }
        if (bDone) break;
        NAPI_TRY(napi_set_element(env, rows, n, row));
    }
    sqlite3_reset(pStmt);
    return rows;
}

static napi_value fn_column_count(napi_env env, napi_callback_info info)
{
    napi_value a[1], v;
    if (!get_args(env, info, 1, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL) return NULL;
    NAPI_TRY(napi_create_int32(env, sqlite3_column_count(pStmt), &v));
    return v;
}

static napi_value fn_param_count(napi_env env, napi_callback_info info)
{
    napi_value a[1], v;
    if (!get_args(env, info, 1, a)) return NULL;
    sqlite3_stmt *pStmt = get_stmt(env, a[0]);
    if (pStmt == NULL) return NULL;
    NAPI_TRY(napi_create_int32(env, sqlite3_bind_parameter_count(pStmt), &v));
    return v;
}

/* --------------------------------------------------------------- init */

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */)
{
    static const struct {
        const char *zName;
        napi_callback x;
    } aFn[] = {
        { "library", fn_library }, { "open", fn_open },         { "close", fn_close },
        { "exec", fn_exec },       { "changes", fn_changes },   { "prepare", fn_prepare },
        { "finalize", fn_finalize }, { "bind", fn_bind },       { "step", fn_step },
        { "reset", fn_reset },     { "run", fn_run },           { "all", fn_all },
        { "columnCount", fn_column_count }, { "paramCount", fn_param_count },
    };
    for (size_t i = 0; i < sizeof aFn / sizeof aFn[0]; i++) {
        napi_value f;
        NAPI_TRY(napi_create_function(env, aFn[i].zName, NAPI_AUTO_LENGTH, aFn[i].x, NULL, &f));
        NAPI_TRY(napi_set_named_property(env, exports, aFn[i].zName, f));
    }
    return exports;
}
