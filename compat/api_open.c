/*
** api_open.c: opening and closing connections (plain names and file: URIs),
** the filename object handed to xOpen and its sqlite3_uri_* readers,
** per-database queries (db_filename, db_readonly, txn_state, ...), busy
** handlers and sqlite3_table_column_metadata.
**
** The filename object (what xOpen and sqlite3_db_filename see) is laid out
** as SQLite documents for sqlite3_uri_parameter and sqlite3_filename_*:
**     4 zero bytes | path \0 | key \0 value \0 ... | \0 | journal \0 | wal \0 \0
** and the public pointer designates "path".
**
** Invariants:
**   1. open_v2 flags must hold exactly one of READONLY, READWRITE or
**      READWRITE|CREATE; anything else is SQLITE_MISUSE (with a connection
**      in that error state, as SQLite 3.40 returns).
**   2. Every other open failure still returns a connection (except OOM),
**      carrying the error code and message, which the caller must close.
**   3. A URI is recognized only with SQLITE_OPEN_URI or SQLITE_CONFIG_URI.
**
** References: c3ref/open.html, uri.html, c3ref/uri_boolean.html,
** c3ref/filename_database.html, c3ref/create_filename.html,
** c3ref/busy_timeout.html, c3ref/table_column_metadata.html.
*/
#include "compat/api.h"
#include "engine/btree.h"
#include "engine/schema.h"
#include <stdio.h>
#include <stdlib.h>

/* ---- the filename object ----------------------------------------------- */

/* Appends n bytes (and nothing else) to a growing buffer. */
typedef struct ApiBuf {
  char *z;
  u64 n, nAlloc;
  int bOom;
} ApiBuf;

static void api_buf_add(ApiBuf *b, const char *z, u64 n) {
  if (b->bOom) return;
  if (b->n + n + 1 > b->nAlloc) {
    u64 nNew = (b->n + n + 1) * 2 + 32;
    char *zNew = mem_realloc(b->z, nNew);
    if (zNew == NULL) {
      b->bOom = 1;
      return;
    }
    b->z = zNew;
    b->nAlloc = nNew;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
}

static void api_buf_str0(ApiBuf *b, const char *z) { api_buf_add(b, z, strlen(z) + 1); }

/* Finishes the object after the parameters: "\0 journal \0 wal \0 \0". */
static void api_buf_tail(ApiBuf *b, const char *zPath) {
  api_buf_add(b, "", 1);
  api_buf_add(b, zPath, strlen(zPath));
  api_buf_str0(b, *zPath ? "-journal" : "");
  api_buf_add(b, zPath, strlen(zPath));
  api_buf_str0(b, *zPath ? "-wal" : "");
  api_buf_add(b, "\0\0", 2);
}

/* Skips one NUL-terminated string. */
static const char *api_skip(const char *z) { return z + strlen(z) + 1; }

const char *sqlite3_uri_parameter(sqlite3_filename z, const char *zParam) {
  if (z == NULL || zParam == NULL) return NULL;
  for (z = api_skip(z); z[0] != 0; z = api_skip(api_skip(z))) {
    if (strcmp(z, zParam) == 0) return api_skip(z);
  }
  return NULL;
}

const char *sqlite3_uri_key(sqlite3_filename z, int N) {
  if (z == NULL || N < 0) return NULL;
  for (z = api_skip(z); z[0] != 0 && N-- > 0;) z = api_skip(api_skip(z));
  return z[0] != 0 ? z : NULL;
}

/* SQLite's boolean spellings: yes/no, true/false, on/off, or a number. */
static int api_bool(const char *z, int bDefault) {
  if (z == NULL) return bDefault;
  if (str_icmp(z, "yes") == 0 || str_icmp(z, "true") == 0 || str_icmp(z, "on") == 0) return 1;
  if (str_icmp(z, "no") == 0 || str_icmp(z, "false") == 0 || str_icmp(z, "off") == 0) return 0;
  if ((z[0] >= '0' && z[0] <= '9') || z[0] == '-' || z[0] == '+') return atoi(z) != 0;
  return bDefault;
}

int sqlite3_uri_boolean(sqlite3_filename z, const char *zParam, int bDefault) {
  return api_bool(sqlite3_uri_parameter(z, zParam), bDefault != 0);
}

sqlite3_int64 sqlite3_uri_int64(sqlite3_filename z, const char *zParam, sqlite3_int64 bDflt) {
  const char *zVal = sqlite3_uri_parameter(z, zParam);
  i64 v;
  if (zVal == NULL) return bDflt;
  int r = util_atoi64(zVal, (int)strlen(zVal), &v);
  return r == 1 ? bDflt : v;
}

const char *sqlite3_filename_database(sqlite3_filename z) { return z; }

const char *sqlite3_filename_journal(sqlite3_filename z) {
  if (z == NULL) return NULL;
  for (z = api_skip(z); z[0] != 0;) z = api_skip(api_skip(z));
  return z + 1;
}

const char *sqlite3_filename_wal(sqlite3_filename z) {
  const char *zJ = sqlite3_filename_journal(z);
  return zJ == NULL ? NULL : api_skip(zJ);
}

sqlite3_filename sqlite3_create_filename(const char *zDatabase, const char *zJournal,
                                         const char *zWal, int nParam, const char **azParam) {
  ApiBuf b = {0};
  if (zDatabase == NULL) zDatabase = "";
  api_buf_add(&b, "\0\0\0\0", 4);
  api_buf_str0(&b, zDatabase);
  for (int i = 0; i < nParam * 2 && azParam != NULL; i++) api_buf_str0(&b, azParam[i]);
  api_buf_add(&b, "", 1);
  api_buf_str0(&b, zJournal ? zJournal : "");
  api_buf_str0(&b, zWal ? zWal : "");
  api_buf_add(&b, "\0\0", 2);
  if (b.bOom) {
    mem_free(b.z);
    return NULL;
  }
  return b.z + 4;
}

void sqlite3_free_filename(sqlite3_filename z) {
  if (z != NULL) mem_free((char *)z - 4);
}

sqlite3_file *sqlite3_database_file_object(const char *zName) {
  UNUSED(zName);
  return NULL;
}

/* ---- URI parsing ---------------------------------------------------- */

static int api_hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes z[0..n) into a new string (invalid escapes kept as is). */
static char *api_decode(const char *z, int n) {
  char *zOut = mem_malloc((u64)n + 1);
  if (zOut == NULL) return NULL;
  int j = 0;
  for (int i = 0; i < n; i++) {
    if (z[i] == '%' && i + 2 < n && api_hex(z[i + 1]) >= 0 && api_hex(z[i + 2]) >= 0) {
      zOut[j++] = (char)(api_hex(z[i + 1]) * 16 + api_hex(z[i + 2]));
      i += 2;
    } else {
      zOut[j++] = z[i];
    }
  }
  zOut[j] = 0;
  return zOut;
}

/* The result of parsing what the application passed to open. */
typedef struct ApiOpenName {
  char *zPath;          /* decoded path (mem_malloc'd) */
  ApiBuf params;        /* "k\0v\0" pairs */
  char *zVfs;           /* vfs= (mem_malloc'd) or NULL */
  int flags;            /* open flags after mode= */
  int bMemory;          /* :memory:, file::memory:, mode=memory */
  char *zErr;           /* error text (mem_malloc'd) */
  int rc;
} ApiOpenName;

/* Applies one query parameter.  Returns non-zero on error (o->rc set). */
static int api_uri_param(ApiOpenName *o, const char *zKey, const char *zVal) {
  static const struct { const char *z; int f; } aMode[] = {
    {"ro", SQLITE_OPEN_READONLY}, {"rw", SQLITE_OPEN_READWRITE},
    {"rwc", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE}, {"memory", SQLITE_OPEN_MEMORY},
  };
  char zMsg[300];
  if (strcmp(zKey, "vfs") == 0) {
    mem_free(o->zVfs);
    o->zVfs = mem_strdup(zVal);
  } else if (strcmp(zKey, "cache") == 0) {
    if (strcmp(zVal, "shared") != 0 && strcmp(zVal, "private") != 0) {
      snprintf(zMsg, sizeof(zMsg), "no such cache mode: %s", zVal);
      o->zErr = mem_strdup(zMsg);
      return o->rc = SQLITE_ERROR;
    }
  } else if (strcmp(zKey, "mode") == 0) {
    int i;
    for (i = 0; i < ARRAY_SIZE(aMode) && strcmp(aMode[i].z, zVal) != 0; i++) {}
    if (i == ARRAY_SIZE(aMode)) {
      snprintf(zMsg, sizeof(zMsg), "no such access mode: %s", zVal);
      o->zErr = mem_strdup(zMsg);
      return o->rc = SQLITE_ERROR;
    }
    int m = aMode[i].f, mAll = SQLITE_OPEN_READONLY | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (m == SQLITE_OPEN_MEMORY) {
      o->bMemory = 1;
    } else if (m > (o->flags & mAll)) {  /* ro < rw < rwc, as numbers */
      snprintf(zMsg, sizeof(zMsg), "access mode not allowed: %s", zVal);
      o->zErr = mem_strdup(zMsg);
      return o->rc = SQLITE_PERM;
    } else {
      o->flags = (o->flags & ~mAll) | m;
    }
  }
  api_buf_str0(&o->params, zKey);
  api_buf_str0(&o->params, zVal);
  return SQLITE_OK;
}

/* Parses "key=value&key=value" (zQ of n bytes, ended by '#' or end). */
static int api_uri_query(ApiOpenName *o, const char *zQ) {
  while (*zQ != 0 && *zQ != '#' && o->rc == SQLITE_OK) {
    int nPair = 0, nKey = -1;
    while (zQ[nPair] != 0 && zQ[nPair] != '&' && zQ[nPair] != '#') {
      if (zQ[nPair] == '=' && nKey < 0) nKey = nPair;
      nPair++;
    }
    if (nKey > 0) {
      char *zK = api_decode(zQ, nKey);
      char *zV = api_decode(zQ + nKey + 1, nPair - nKey - 1);
      if (zK == NULL || zV == NULL) o->rc = SQLITE_NOMEM;
      else api_uri_param(o, zK, zV);
      mem_free(zK);
      mem_free(zV);
    }
    zQ += nPair;
    if (*zQ == '&') zQ++;
  }
  return o->rc;
}

/* Parses a "file:" URI (invariant 3 checked by the caller). */
static int api_uri_parse(ApiOpenName *o, const char *zUri) {
  const char *z = zUri + 5;
  if (z[0] == '/' && z[1] == '/') {
    z += 2;
    int nAuth = 0;
    while (z[nAuth] != 0 && z[nAuth] != '/') nAuth++;
    if (nAuth != 0 && !(nAuth == 9 && memcmp(z, "localhost", 9) == 0)) {
      char zMsg[300];
      snprintf(zMsg, sizeof(zMsg), "invalid uri authority: %.*s", nAuth > 200 ? 200 : nAuth, z);
      o->zErr = mem_strdup(zMsg);
      return o->rc = SQLITE_ERROR;
    }
    z += nAuth;
  }
  int nPath = 0;
  while (z[nPath] != 0 && z[nPath] != '?' && z[nPath] != '#') nPath++;
  o->zPath = api_decode(z, nPath);
  if (o->zPath == NULL) return o->rc = SQLITE_NOMEM;
  if (strcmp(o->zPath, ":memory:") == 0) o->bMemory = 1;
  if (z[nPath] == '?') return api_uri_query(o, z + nPath + 1);
  return SQLITE_OK;
}

/* ---- open --------------------------------------------------------------- */

static int api_open_name(ApiOpenName *o, const char *zName) {
  int bUri = (o->flags & SQLITE_OPEN_URI) || api_global.bUri;
  if (zName == NULL) zName = "";
  if (bUri && strncmp(zName, "file:", 5) == 0) return api_uri_parse(o, zName);
  o->zPath = mem_strdup(zName);
  if (o->zPath == NULL) return o->rc = SQLITE_NOMEM;
  if (strcmp(zName, ":memory:") == 0) o->bMemory = 1;
  return SQLITE_OK;
}

/* Builds the filename object of db (layout in the file header). */
static int api_open_filename(sqlite3 *db, ApiOpenName *o, sqlite3_vfs *pVfs) {
  ApiBuf b = {0};
  char *zFull = NULL;
  const char *zPath = o->bMemory ? "" : o->zPath;
  if (*zPath) {
    zFull = mem_malloc((u64)pVfs->mxPathname + 1);
    if (zFull == NULL) return SQLITE_NOMEM;
    if (pVfs->xFullPathname(pVfs, zPath, pVfs->mxPathname + 1, zFull) != SQLITE_OK) {
      mem_free(zFull);
      return conn_error(db, SQLITE_CANTOPEN, "unable to open database file");
    }
    zPath = zFull;
  }
  api_buf_add(&b, "\0\0\0\0", 4);
  api_buf_str0(&b, zPath);
  if (o->params.n > 0) api_buf_add(&b, o->params.z, o->params.n);
  api_buf_tail(&b, zPath);
  mem_free(zFull);
  if (b.bOom) {
    mem_free(b.z);
    return SQLITE_NOMEM;
  }
  db->zFilename = b.z;
  return SQLITE_OK;
}

/* Reports a failure before a connection exists: makes a closed-over shell
** connection on the default VFS so the caller can read the message. */
static int api_open_fail(sqlite3 **ppDb, ApiOpenName *o, int rc) {
  sqlite3_vfs *pVfs = sqlite3_vfs_find(NULL);
  int rc2 = conn_open(NULL, 1, SQLITE_OPEN_READWRITE, pVfs, api_vfs_backend(pVfs), ppDb);
  if (*ppDb == NULL || rc2 == SQLITE_NOMEM || rc == SQLITE_NOMEM) {
    if (*ppDb != NULL) (*ppDb)->mallocFailed = 1;
    return SQLITE_NOMEM;
  }
  if (o->zErr != NULL) {
    conn_error_take(*ppDb, rc, o->zErr);
    o->zErr = NULL;
  } else {
    conn_error(*ppDb, rc, NULL);
  }
  return rc;
}

static void api_open_name_free(ApiOpenName *o) {
  mem_free(o->zPath);
  mem_free(o->params.z);
  mem_free(o->zVfs);
  mem_free(o->zErr);
}

/* Opens the connection once name and VFS are known (invariant 2). */
static int api_open_vfs(ApiOpenName *o, sqlite3_vfs *pVfs, sqlite3 **ppDb) {
  IoBackend *pIo = api_vfs_backend(pVfs);
  if (pIo == NULL) return api_open_fail(ppDb, o, SQLITE_NOMEM);
  /* Flags about threading, caching and result codes are ours; the rest
  ** (access mode, NOFOLLOW, ...) go down to the I/O backend. */
  int flags = o->flags & ~(SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_FULLMUTEX |
                           SQLITE_OPEN_SHAREDCACHE | SQLITE_OPEN_PRIVATECACHE |
                           SQLITE_OPEN_EXRESCODE);
  if (o->flags & SQLITE_OPEN_MEMORY) o->bMemory = 1;
  flags |= SQLITE_OPEN_MAIN_DB;
  if (o->bMemory) flags |= SQLITE_OPEN_MEMORY;
  const char *zPath = o->bMemory ? ":memory:" : o->zPath;
  int rc = conn_open(*zPath ? zPath : NULL, o->bMemory, flags, pVfs, pIo, ppDb);
  sqlite3 *db = *ppDb;
  if (db == NULL) return SQLITE_NOMEM;
  if (o->flags & SQLITE_OPEN_EXRESCODE) db->errMask = -1;
  int rc2 = api_open_filename(db, o, pVfs);
  if (rc == SQLITE_OK && rc2 != SQLITE_OK) rc = conn_error(db, rc2, NULL);
  db->pMutexApi = api_mutex_wrap(&db->mutex);
  if (db->pMutexApi == NULL && rc == SQLITE_OK) rc = conn_error(db, SQLITE_NOMEM, NULL);
  if (rc == SQLITE_NOMEM) db->mallocFailed = 1;
  return rc & db->errMask;  /* extended codes only with SQLITE_OPEN_EXRESCODE */
}

static int api_open(const char *zName, sqlite3 **ppDb, int flags, const char *zVfs) {
  if (ppDb == NULL) return API_MISUSE();
  *ppDb = NULL;
  int rc = api_auto_init();
  if (rc != SQLITE_OK) return rc;
  int m = flags & 7;
  ApiOpenName o = {.flags = flags};
  if (m != SQLITE_OPEN_READONLY && m != SQLITE_OPEN_READWRITE &&
      m != (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) {
    return api_open_fail(ppDb, &o, API_MISUSE());  /* invariant 1 */
  }
  if (api_open_name(&o, zName) != SQLITE_OK) {
    rc = api_open_fail(ppDb, &o, o.rc);
    api_open_name_free(&o);
    return rc;
  }
  const char *zV = o.zVfs != NULL ? o.zVfs : zVfs;
  sqlite3_vfs *pVfs = sqlite3_vfs_find(zV);
  if (pVfs == NULL) {
    char zMsg[300];
    snprintf(zMsg, sizeof(zMsg), "no such vfs: %.200s", zV ? zV : "");
    o.zErr = mem_strdup(zMsg);
    rc = api_open_fail(ppDb, &o, SQLITE_ERROR);
    api_open_name_free(&o);
    return rc;
  }
  rc = api_open_vfs(&o, pVfs, ppDb);
  api_open_name_free(&o);
  return rc;
}

int sqlite3_open_v2(const char *zFilename, sqlite3 **ppDb, int flags, const char *zVfs) {
  return api_open(zFilename, ppDb, flags, zVfs);
}

int sqlite3_open(const char *zFilename, sqlite3 **ppDb) {
  return api_open(zFilename, ppDb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
}

int sqlite3_open16(const void *zFilename, sqlite3 **ppDb) {
  if (ppDb == NULL) return API_MISUSE();
  *ppDb = NULL;
  if (zFilename == NULL) zFilename = u"";
  if (api_auto_init() != SQLITE_OK) return SQLITE_NOMEM;
  char *z8 = api_utf16_to_utf8(zFilename, -1);
  if (z8 == NULL) return SQLITE_NOMEM;
  int rc = sqlite3_open(z8, ppDb);
  mem_free(z8);
  return rc;
}

/* ---- close ---------------------------------------------------------- */

static int api_close(sqlite3 *db, int bZombieOk) {
  if (db == NULL) return SQLITE_OK;
  if (!api_db_sick_ok(db)) return API_MISUSE();
  api_enter(db);
  if ((db->traceMask & SQLITE_TRACE_CLOSE) && db->xTrace != NULL) {
    db->xTrace(SQLITE_TRACE_CLOSE, db->pTraceArg, db, NULL);
  }
  int bStmts = db->pVdbe != NULL || db->nBackup > 0;
  int rc = conn_close(db, bZombieOk);
  if (rc != SQLITE_OK) return api_exit(db, rc);
  /* Only a zombie survives (its mutex with it); otherwise db is freed,
  ** including what compat hung on it (filename object, mutex wrapper). */
  if (bStmts) api_leave(db);
  return SQLITE_OK;
}

int sqlite3_close(sqlite3 *db) { return api_close(db, 0); }
int sqlite3_close_v2(sqlite3 *db) { return api_close(db, 1); }

/* ---- per-database queries --------------------------------------------- */

sqlite3_filename sqlite3_db_filename(sqlite3 *db, const char *zDbName) {
  if (!api_db_ok(db)) return NULL;
  api_enter(db);
  int iDb = conn_find_db(db, zDbName);
  const char *z = NULL;
  /* NULL for an unknown name and for a database not opened (yet), as SQLite. */
  if (iDb == 0 && db->zFilename != NULL && db->aDb[0].pBt != NULL) {
    z = db->zFilename + 4;
  } else if (iDb > 0 && db->aDb[iDb].pBt != NULL) {
    z = pager_filename(btree_pager(db->aDb[iDb].pBt));
  }
  api_leave(db);
  return z;
}

int sqlite3_db_readonly(sqlite3 *db, const char *zDbName) {
  if (!api_db_ok(db)) return -1;
  api_enter(db);
  int iDb = conn_find_db(db, zDbName);
  int r = -1;
  if (iDb >= 0 && db->aDb[iDb].pBt != NULL) {
    r = pager_is_readonly(btree_pager(db->aDb[iDb].pBt)) != 0;
  }
  api_leave(db);
  return r;
}

const char *sqlite3_db_name(sqlite3 *db, int N) {
  if (!api_db_ok(db) || N < 0 || N >= db->nDb) return NULL;
  return db->aDb[N].zDbSName;
}

sqlite3_mutex *sqlite3_db_mutex(sqlite3 *db) {
  if (!api_db_ok(db)) return NULL;
  return db->pMutexApi;
}

int sqlite3_txn_state(sqlite3 *db, const char *zSchema) {
  if (!api_db_ok(db)) return -1;
  api_enter(db);
  int r = -1;
  int iDb = zSchema != NULL ? conn_find_db(db, zSchema) : -2;
  for (int i = 0; i < db->nDb; i++) {
    if (iDb != -2 && i != iDb) continue;
    int s = db->aDb[i].pBt != NULL ? btree_txn_state(db->aDb[i].pBt) : SQLITE_TXN_NONE;
    if (s > r) r = s;
  }
  api_leave(db);
  return r;
}

/* ---- busy handlers ----------------------------------------------------- */

/* SQLite's back-off schedule: short sleeps first, then 100 ms steps, never
** past the timeout (behaviour documented for sqlite3_busy_timeout). */
static int api_busy_timeout_cb(void *pArg, int nCount) {
  static const u8 aDelay[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
  static const u8 aTotal[] = {0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228};
  sqlite3 *db = pArg;
  int delay, prior;
  if (nCount < ARRAY_SIZE(aDelay)) {
    delay = aDelay[nCount];
    prior = aTotal[nCount];
  } else {
    delay = 100;
    prior = 228 + 100 * (nCount - (ARRAY_SIZE(aDelay) - 1));
  }
  if (prior + delay > db->busyTimeout) {
    delay = db->busyTimeout - prior;
    if (delay <= 0) return 0;
  }
  io_sleep_us(db->pIo, delay * 1000);
  return 1;
}

int sqlite3_busy_handler(sqlite3 *db, int (*xBusy)(void *, int), void *pArg) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  db->xBusy = xBusy;
  db->pBusyArg = pArg;
  db->busyTimeout = 0;
  api_leave(db);
  return SQLITE_OK;
}

int sqlite3_busy_timeout(sqlite3 *db, int ms) {
  if (!api_db_ok(db)) return API_MISUSE();
  if (ms <= 0) return sqlite3_busy_handler(db, NULL, NULL);
  sqlite3_busy_handler(db, api_busy_timeout_cb, db);
  api_enter(db);
  db->busyTimeout = ms;
  api_leave(db);
  return SQLITE_OK;
}

/* ---- table_column_metadata --------------------------------------------- */

/* Fills the outputs of table_column_metadata: iCol >= 0 a real column;
** iCol < 0 with bFound the rowid (or a NULL column name: SQLite then
** describes the rowid too); !bFound the zeros SQLite reports on error. */
static void api_colmeta_fill(const Table *pTab, int iCol, int bFound, const char **pzType,
                             const char **pzColl, int *pNotNull, int *pPk, int *pAutoinc) {
  const char *zType = NULL, *zColl = NULL;
  int notNull = 0, pk = 0, autoinc = 0;
  if (bFound && iCol >= 0) {
    const Column *c = &pTab->aCol[iCol];
    zType = c->zType;
    zColl = c->zColl != NULL ? c->zColl : "BINARY";
    notNull = c->notNull != 0;
    pk = c->bPrimKey != 0;
    autoinc = pTab->iPKey == iCol && pTab->bAutoinc;
  } else if (bFound) {
    zType = "INTEGER";
    zColl = "BINARY";
    pk = 1;
  }
  if (pzType) *pzType = zType;
  if (pzColl) *pzColl = zColl;
  if (pNotNull) *pNotNull = notNull;
  if (pPk) *pPk = pk;
  if (pAutoinc) *pAutoinc = autoinc;
}

int sqlite3_table_column_metadata(sqlite3 *db, const char *zDbName, const char *zTableName,
                                  const char *zColumnName, char const **pzDataType,
                                  char const **pzCollSeq, int *pNotNull, int *pPrimaryKey,
                                  int *pAutoinc) {
  if (!api_db_ok(db) || zTableName == NULL) return API_MISUSE();
  api_enter(db);
  char *zErr = NULL;
  int rc = SQLITE_OK;
  for (int i = 0; i < db->nDb && rc == SQLITE_OK; i++) {
    if (db->aDb[i].pBt != NULL) rc = schema_ensure(db, i, &zErr);
  }
  if (rc != SQLITE_OK) {
    if (zErr != NULL) return api_exit(db, conn_error_take(db, rc, zErr));
    return api_exit(db, conn_error(db, rc, NULL));
  }
  Table *pTab = schema_find_table(db, zDbName, zTableName);
  int iCol = -1;
  if (pTab != NULL && pTab->eType == TAB_VIEW) pTab = NULL;
  if (pTab != NULL && zColumnName != NULL) {
    iCol = schema_column_index(pTab, zColumnName);
    if (iCol < 0 && !pTab->bWithoutRowid && schema_is_rowid_name(zColumnName)) iCol = pTab->iPKey;
    else if (iCol < 0) pTab = NULL;
  }
  api_colmeta_fill(pTab, iCol, pTab != NULL, pzDataType, pzCollSeq, pNotNull, pPrimaryKey,
                   pAutoinc);
  if (pTab == NULL) {
    rc = conn_error(db, SQLITE_ERROR, "no such table column: %s.%s", zTableName,
                    zColumnName ? zColumnName : "(null)");
    return api_exit(db, rc);
  }
  conn_error_clear(db);
  return api_exit(db, SQLITE_OK);
}

/* ---- file_control ------------------------------------------------------- */

int sqlite3_file_control(sqlite3 *db, const char *zDbName, int op, void *pArg) {
  if (!api_db_ok(db)) return API_MISUSE();
  api_enter(db);
  int iDb = conn_find_db(db, zDbName);
  int rc = SQLITE_ERROR;
  if (iDb >= 0 && db->aDb[iDb].pBt != NULL) {
    Pager *pPager = btree_pager(db->aDb[iDb].pBt);
    IoFile *pFile = pager_file(pPager);
    if (op == SQLITE_FCNTL_VFS_POINTER) {
      *(sqlite3_vfs **)pArg = db->pVfs;
      rc = SQLITE_OK;
    } else if (op == SQLITE_FCNTL_DATA_VERSION) {
      *(unsigned int *)pArg = pager_data_version(pPager);
      rc = SQLITE_OK;
    } else if (op == SQLITE_FCNTL_FILE_POINTER || op == SQLITE_FCNTL_JOURNAL_POINTER) {
      *(sqlite3_file **)pArg = NULL;  /* native files have no sqlite3_file face */
      rc = SQLITE_OK;
    } else if (pFile != NULL && pFile->pMethods != NULL) {
      rc = pFile->pMethods->file_control(pFile, op, pArg);
    } else {
      rc = SQLITE_NOTFOUND;
    }
  }
  api_leave(db);
  return rc;
}
