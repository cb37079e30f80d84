/*
** api_config.c: library start-up and shut-down, process-wide configuration
** (sqlite3_config), per-connection configuration (sqlite3_db_config,
** sqlite3_limit), statistics (sqlite3_status, sqlite3_db_status) and the
** error log (sqlite3_log).
**
** Invariants:
**   1. api_global changes through sqlite3_config only while the library is
**      not initialized, except for the options SQLite also allows later
**      (LOG, PCACHE_HDRSZ, ...); others return SQLITE_MISUSE then.
**   2. sqlite3_initialize is idempotent and thread-safe (a static mutex
**      serializes the first call).
**   3. Every db_config switch reports its value after the change through
**      the optional int* out-parameter.
**
** References: c3ref/initialize.html, c3ref/config.html, c3ref/db_config.html,
** c3ref/c_dbconfig_defensive.html, c3ref/limit.html, c3ref/status.html,
** c3ref/db_status.html, c3ref/log.html.
*/
#include "compat/api.h"
#include "engine/btree.h"
#include <stdio.h>

/* bUri is on: Debian builds with SQLITE_USE_URI. */
ApiGlobal api_global = {
  .eThread = 2, .bMemstat = 1, .bUri = 1, .bCoveringScan = 1,
  .nStmtSpill = 64 * 1024, .szLookaside = 1200, .nLookaside = 100,
  .mxMmap = 0x7fff0000, .mxMemdb = 1073741824,
};

static pthread_mutex_t api_initMutex = PTHREAD_MUTEX_INITIALIZER;

/* The application's logger, called by core_log from the engine. */
static void api_log_bridge(void *pArg, int rc, const char *zMsg) {
  UNUSED(pArg);
  if (api_global.xLog != NULL) api_global.xLog(api_global.pLogArg, rc, zMsg);
}

int sqlite3_initialize(void) {
  if (api_global.bInit) return SQLITE_OK;
  pthread_mutex_lock(&api_initMutex);
  if (!api_global.bInit) {
    core_set_logger(api_global.xLog != NULL ? api_log_bridge : NULL, NULL);
    api_global.bInit = 1;
  }
  pthread_mutex_unlock(&api_initMutex);
  return SQLITE_OK;
}

int api_auto_init(void) { return api_global.bInit ? SQLITE_OK : sqlite3_initialize(); }

int sqlite3_shutdown(void) {
  pthread_mutex_lock(&api_initMutex);
  api_global.bInit = 0;
  pthread_mutex_unlock(&api_initMutex);
  return SQLITE_OK;
}

int sqlite3_os_init(void) { return SQLITE_OK; }
int sqlite3_os_end(void) { return SQLITE_OK; }
int sqlite3_enable_shared_cache(int enable) {
  UNUSED(enable);
  return SQLITE_OK;
}
int sqlite3_global_recover(void) { return SQLITE_OK; }
void sqlite3_thread_cleanup(void) {}

/* ---- sqlite3_config ------------------------------------------------- */

/* Options with pointer arguments.  Returns -1 when op is not one of them. */
static int api_config_ptr(int op, va_list ap) {
  switch (op) {
    case SQLITE_CONFIG_MALLOC:
      api_global.mem = *va_arg(ap, sqlite3_mem_methods *);
      api_global.bMemSet = 1;
      return SQLITE_OK;
    case SQLITE_CONFIG_GETMALLOC: {
      /* Report the allocator in use: ours unless the application set one. */
      sqlite3_mem_methods *p = va_arg(ap, sqlite3_mem_methods *);
      if (api_global.bMemSet) *p = api_global.mem;
      else memset(p, 0, sizeof(*p));
      return SQLITE_OK;
    }
    case SQLITE_CONFIG_MUTEX:
      api_global.mutex = *va_arg(ap, sqlite3_mutex_methods *);
      return SQLITE_OK;
    case SQLITE_CONFIG_GETMUTEX:
      *va_arg(ap, sqlite3_mutex_methods *) = api_global.mutex;
      return SQLITE_OK;
    case SQLITE_CONFIG_PCACHE2:
      api_global.pcache2 = *va_arg(ap, sqlite3_pcache_methods2 *);
      return SQLITE_OK;
    case SQLITE_CONFIG_GETPCACHE2:
      *va_arg(ap, sqlite3_pcache_methods2 *) = api_global.pcache2;
      return SQLITE_OK;
    case SQLITE_CONFIG_PCACHE:
    case SQLITE_CONFIG_GETPCACHE:
      (void)va_arg(ap, void *);
      return SQLITE_OK;
    case SQLITE_CONFIG_PAGECACHE:
    case SQLITE_CONFIG_HEAP:
    case SQLITE_CONFIG_SCRATCH:
      /* Buffers for allocators we do not use: accepted and ignored. */
      (void)va_arg(ap, void *);
      (void)va_arg(ap, int);
      (void)va_arg(ap, int);
      return op == SQLITE_CONFIG_HEAP ? SQLITE_ERROR : SQLITE_OK;
    case SQLITE_CONFIG_PCACHE_HDRSZ:
      *va_arg(ap, int *) = 0;
      return SQLITE_OK;
    case SQLITE_CONFIG_SQLLOG:
      (void)va_arg(ap, void *);
      (void)va_arg(ap, void *);
      return SQLITE_OK;
    default:
      return -1;
  }
}

/* Options with integer arguments (and LOG, MMAP_SIZE). */
static int api_config_int(int op, va_list ap) {
  switch (op) {
    case SQLITE_CONFIG_SINGLETHREAD: api_global.eThread = 0; return SQLITE_OK;
    case SQLITE_CONFIG_MULTITHREAD: api_global.eThread = 1; return SQLITE_OK;
    case SQLITE_CONFIG_SERIALIZED: api_global.eThread = 2; return SQLITE_OK;
    case SQLITE_CONFIG_MEMSTATUS: api_global.bMemstat = va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_URI: api_global.bUri = va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_COVERING_INDEX_SCAN: api_global.bCoveringScan = va_arg(ap, int);
      return SQLITE_OK;
    case SQLITE_CONFIG_SMALL_MALLOC: api_global.bSmallMalloc = va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_SORTERREF_SIZE: api_global.bSorterRef = va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_STMTJRNL_SPILL: api_global.nStmtSpill = va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_PMASZ: api_global.szPma = (int)va_arg(ap, unsigned int); return SQLITE_OK;
    case SQLITE_CONFIG_WIN32_HEAPSIZE: (void)va_arg(ap, int); return SQLITE_OK;
    case SQLITE_CONFIG_LOOKASIDE:
      api_global.szLookaside = va_arg(ap, int);
      api_global.nLookaside = va_arg(ap, int);
      return SQLITE_OK;
    case SQLITE_CONFIG_MEMDB_MAXSIZE: api_global.mxMemdb = va_arg(ap, sqlite3_int64);
      return SQLITE_OK;
    case SQLITE_CONFIG_MMAP_SIZE: {
      i64 sz = va_arg(ap, sqlite3_int64), mx = va_arg(ap, sqlite3_int64);
      if (mx < 0) mx = 0x7fff0000;
      if (mx > 0x7fff0000) mx = 0x7fff0000;
      if (sz < 0) sz = 0;
      if (sz > mx) sz = mx;
      api_global.szMmap = sz;
      api_global.mxMmap = mx;
      return SQLITE_OK;
    }
    case SQLITE_CONFIG_LOG:
      api_global.xLog = va_arg(ap, void (*)(void *, int, const char *));
      api_global.pLogArg = va_arg(ap, void *);
      core_set_logger(api_global.xLog != NULL ? api_log_bridge : NULL, NULL);
      return SQLITE_OK;
    default:
      return -1;
  }
}

int sqlite3_config(int op, ...) {
  /* Only these may change after initialize (as in SQLite). */
  int bLateOk = op == SQLITE_CONFIG_LOG || op == SQLITE_CONFIG_PCACHE_HDRSZ;
  if (api_global.bInit && !bLateOk) return API_MISUSE();
  va_list ap;
  va_start(ap, op);
  int rc = api_config_ptr(op, ap);
  va_end(ap);
  if (rc < 0) {
    va_start(ap, op);
    rc = api_config_int(op, ap);
    va_end(ap);
  }
  return rc < 0 ? SQLITE_ERROR : rc;
}

/* ---- sqlite3_db_config -------------------------------------------------- */

static const struct {
  int op;
  u64 flag;
} api_aDbFlag[] = {
  {SQLITE_DBCONFIG_ENABLE_FKEY, CONN_FLAG_FKEY},
  {SQLITE_DBCONFIG_ENABLE_TRIGGER, CONN_FLAG_TRIGGER},
  {SQLITE_DBCONFIG_ENABLE_VIEW, CONN_FLAG_VIEW},
  {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, CONN_FLAG_FTS3_TOKENIZER},
  {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, CONN_FLAG_LOAD_EXT},
  {SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, CONN_FLAG_NO_CKPT_CLOSE},
  {SQLITE_DBCONFIG_ENABLE_QPSG, CONN_FLAG_QPSG},
  {SQLITE_DBCONFIG_TRIGGER_EQP, CONN_FLAG_TRIGGER_EQP},
  {SQLITE_DBCONFIG_RESET_DATABASE, CONN_FLAG_RESET_DB},
  {SQLITE_DBCONFIG_DEFENSIVE, CONN_FLAG_DEFENSIVE},
  {SQLITE_DBCONFIG_WRITABLE_SCHEMA, CONN_FLAG_WRITABLE_SCHEMA},
  {SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, CONN_FLAG_LEGACY_ALTER},
  {SQLITE_DBCONFIG_DQS_DML, CONN_FLAG_DQS_DML},
  {SQLITE_DBCONFIG_DQS_DDL, CONN_FLAG_DQS_DDL},
  {SQLITE_DBCONFIG_LEGACY_FILE_FORMAT, CONN_FLAG_LEGACY_FORMAT},
  {SQLITE_DBCONFIG_TRUSTED_SCHEMA, CONN_FLAG_TRUSTED_SCHEMA},
};

/* A boolean switch: onoff > 0 sets, 0 clears, < 0 leaves it (invariant 3). */
static int api_db_config_flag(sqlite3 *db, int op, va_list ap) {
  for (int i = 0; i < ARRAY_SIZE(api_aDbFlag); i++) {
    if (api_aDbFlag[i].op != op) continue;
    int onoff = va_arg(ap, int);
    int *pRes = va_arg(ap, int *);
    if (onoff > 0) db->flags |= api_aDbFlag[i].flag;
    else if (onoff == 0) db->flags &= ~api_aDbFlag[i].flag;
    if (pRes != NULL) *pRes = (db->flags & api_aDbFlag[i].flag) != 0;
    return SQLITE_OK;
  }
  return SQLITE_ERROR;
}

int sqlite3_db_config(sqlite3 *db, int op, ...) {
  if (!api_db_ok(db)) return API_MISUSE();
  va_list ap;
  int rc;
  api_enter(db);
  va_start(ap, op);
  if (op == SQLITE_DBCONFIG_MAINDBNAME) {
    /* The pointer is kept, not copied, as documented. */
    db->aDb[0].zDbSName = va_arg(ap, char *);
    rc = SQLITE_OK;
  } else if (op == SQLITE_DBCONFIG_LOOKASIDE) {
    (void)va_arg(ap, void *);
    db->szLookaside = va_arg(ap, int);
    db->nLookaside = va_arg(ap, int);
    rc = SQLITE_OK;
  } else {
    rc = api_db_config_flag(db, op, ap);
  }
  va_end(ap);
  api_leave(db);
  return rc;
}

/* ---- sqlite3_limit -------------------------------------------------------- */

int sqlite3_limit(sqlite3 *db, int id, int newVal) {
  if (!api_db_ok(db)) {
    API_MISUSE();
    return -1;
  }
  if (id < 0 || id >= ARRAY_SIZE(db->aLimit)) return -1;
  api_enter(db);
  int old = db->aLimit[id];
  if (newVal >= 0) {
    int mx = conn_limit_max(id);
    db->aLimit[id] = newVal > mx ? mx : newVal;
  }
  api_leave(db);
  return old;
}

/* ---- statistics ------------------------------------------------------------ */

int sqlite3_status64(int op, sqlite3_int64 *pCur, sqlite3_int64 *pHi, int resetFlag) {
  if (pCur == NULL || pHi == NULL) return API_MISUSE();
  switch (op) {
    case SQLITE_STATUS_MEMORY_USED:
      *pCur = mem_used();
      *pHi = mem_highwater(resetFlag);
      return SQLITE_OK;
    case SQLITE_STATUS_MALLOC_SIZE:
    case SQLITE_STATUS_PAGECACHE_USED:
    case SQLITE_STATUS_PAGECACHE_OVERFLOW:
    case SQLITE_STATUS_SCRATCH_USED:
    case SQLITE_STATUS_SCRATCH_OVERFLOW:
    case SQLITE_STATUS_PARSER_STACK:
    case SQLITE_STATUS_PAGECACHE_SIZE:
    case SQLITE_STATUS_SCRATCH_SIZE:
    case SQLITE_STATUS_MALLOC_COUNT:
      /* Not tracked separately: reported as zero, which SQLite also does
      ** for allocators it does not use. */
      *pCur = 0;
      *pHi = 0;
      return SQLITE_OK;
    default:
      return API_MISUSE();
  }
}

int sqlite3_status(int op, int *pCur, int *pHi, int resetFlag) {
  sqlite3_int64 c = 0, h = 0;
  if (pCur == NULL || pHi == NULL) return API_MISUSE();
  int rc = sqlite3_status64(op, &c, &h, resetFlag);
  if (rc == SQLITE_OK) {
    *pCur = (int)c;
    *pHi = (int)h;
  }
  return rc;
}

int sqlite3_db_status(sqlite3 *db, int op, int *pCur, int *pHi, int resetFlg) {
  UNUSED(resetFlg);
  if (!api_db_ok(db) || pCur == NULL || pHi == NULL) return API_MISUSE();
  if (op < 0 || op > SQLITE_DBSTATUS_MAX) return SQLITE_ERROR;
  api_enter(db);
  *pCur = 0;
  *pHi = 0;
  if (op == SQLITE_DBSTATUS_DEFERRED_FKS) *pCur = db->nDeferredCons > 0;
  if (op == SQLITE_DBSTATUS_CACHE_HIT || op == SQLITE_DBSTATUS_CACHE_MISS ||
      op == SQLITE_DBSTATUS_CACHE_WRITE) {
    for (int i = 0; i < db->nDb; i++) {
      int nHit = 0, nMiss = 0, nWrite = 0;
      if (db->aDb[i].pBt == NULL) continue;
      pager_cache_stats(btree_pager(db->aDb[i].pBt), &nHit, &nMiss, &nWrite);
      *pCur += op == SQLITE_DBSTATUS_CACHE_HIT ? nHit
             : op == SQLITE_DBSTATUS_CACHE_MISS ? nMiss : nWrite;
    }
  }
  api_leave(db);
  return SQLITE_OK;
}

/* ---- the error log ------------------------------------------------------------ */

void sqlite3_log(int iErrCode, const char *zFormat, ...) {
  if (api_global.xLog == NULL || zFormat == NULL) return;
  char buf[512];
  va_list ap;
  va_start(ap, zFormat);
  sqlite3_vsnprintf((int)sizeof(buf), buf, zFormat, ap);
  va_end(ap);
  api_global.xLog(api_global.pLogArg, iErrCode, buf);
}

/* Test hooks of SQLite's own test suite: none apply; every op is accepted
** and does nothing, which the shell and drivers that probe it tolerate. */
int sqlite3_test_control(int op, ...) {
  UNUSED(op);
  return 0;
}
