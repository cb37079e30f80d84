/*
** tclstmt.c - the statement-API commands of SQLite's testfixture binary,
** re-implemented as a loadable Tcl extension on the PUBLIC sqlite3 API only
** (issue 7).  Upstream test files call these (sqlite3_prepare_v2,
** sqlite3_step, sqlite3_bind_*, sqlite3_column_*, sqlite3_errmsg, ...);
** Debian's libsqlite3-tcl does not define them, so without this extension
** about a fifth of the upstream files cannot run.  The behaviour copied is
** the observable one: result codes are returned as their symbolic names
** ("SQLITE_ROW"), statement handles as pointer strings, errors from
** prepare as "(rc) message".
**
** Loaded by test/tcl/shim.tcl with [load tclstmt.so Tclstmt].  The library
** it calls is whichever libsqlite3.so.0 the process mapped (LD_PRELOAD
** selects ours), so the same binary serves the reference and our engine.
**
** Invariants:
**  1. Only symbols declared in sqlite3.h are called; nothing reaches into
**     either engine's internals.
**  2. A database argument is either a Tcl command created by [sqlite3]
**     (whose client data starts with the sqlite3* handle, as the Tcl
**     package lays it out) or a pointer string made by this extension.
**  3. Bad arguments give TCL_ERROR with a message, never a crash: every
**     pointer string is parsed with sscanf and NULL is rejected.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tcl.h>
#include <sqlite3.h>

/* One result-code name.  Extended codes are listed so that
** sqlite3_extended_errcode prints e.g. "SQLITE_CONSTRAINT_UNIQUE". */
typedef struct CodeName { int rc; const char *zName; } CodeName;

static const CodeName aCodeName[] = {
  {SQLITE_OK, "SQLITE_OK"}, {SQLITE_ERROR, "SQLITE_ERROR"},
  {SQLITE_INTERNAL, "SQLITE_INTERNAL"}, {SQLITE_PERM, "SQLITE_PERM"},
  {SQLITE_ABORT, "SQLITE_ABORT"}, {SQLITE_BUSY, "SQLITE_BUSY"},
  {SQLITE_LOCKED, "SQLITE_LOCKED"}, {SQLITE_NOMEM, "SQLITE_NOMEM"},
  {SQLITE_READONLY, "SQLITE_READONLY"}, {SQLITE_INTERRUPT, "SQLITE_INTERRUPT"},
  {SQLITE_IOERR, "SQLITE_IOERR"}, {SQLITE_CORRUPT, "SQLITE_CORRUPT"},
  {SQLITE_NOTFOUND, "SQLITE_NOTFOUND"}, {SQLITE_FULL, "SQLITE_FULL"},
  {SQLITE_CANTOPEN, "SQLITE_CANTOPEN"}, {SQLITE_PROTOCOL, "SQLITE_PROTOCOL"},
  {SQLITE_EMPTY, "SQLITE_EMPTY"}, {SQLITE_SCHEMA, "SQLITE_SCHEMA"},
  {SQLITE_TOOBIG, "SQLITE_TOOBIG"}, {SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT"},
  {SQLITE_MISMATCH, "SQLITE_MISMATCH"}, {SQLITE_MISUSE, "SQLITE_MISUSE"},
  {SQLITE_NOLFS, "SQLITE_NOLFS"}, {SQLITE_AUTH, "SQLITE_AUTH"},
  {SQLITE_FORMAT, "SQLITE_FORMAT"}, {SQLITE_RANGE, "SQLITE_RANGE"},
  {SQLITE_NOTADB, "SQLITE_NOTADB"}, {SQLITE_NOTICE, "SQLITE_NOTICE"},
  {SQLITE_WARNING, "SQLITE_WARNING"}, {SQLITE_ROW, "SQLITE_ROW"},
  {SQLITE_DONE, "SQLITE_DONE"},
  {SQLITE_ERROR_MISSING_COLLSEQ, "SQLITE_ERROR_MISSING_COLLSEQ"},
  {SQLITE_ERROR_RETRY, "SQLITE_ERROR_RETRY"},
  {SQLITE_ERROR_SNAPSHOT, "SQLITE_ERROR_SNAPSHOT"},
  {SQLITE_IOERR_READ, "SQLITE_IOERR_READ"},
  {SQLITE_IOERR_SHORT_READ, "SQLITE_IOERR_SHORT_READ"},
  {SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE"},
  {SQLITE_IOERR_FSYNC, "SQLITE_IOERR_FSYNC"},
  {SQLITE_IOERR_DIR_FSYNC, "SQLITE_IOERR_DIR_FSYNC"},
  {SQLITE_IOERR_TRUNCATE, "SQLITE_IOERR_TRUNCATE"},
  {SQLITE_IOERR_FSTAT, "SQLITE_IOERR_FSTAT"},
  {SQLITE_IOERR_UNLOCK, "SQLITE_IOERR_UNLOCK"},
  {SQLITE_IOERR_RDLOCK, "SQLITE_IOERR_RDLOCK"},
  {SQLITE_IOERR_DELETE, "SQLITE_IOERR_DELETE"},
  {SQLITE_IOERR_NOMEM, "SQLITE_IOERR_NOMEM"},
  {SQLITE_IOERR_ACCESS, "SQLITE_IOERR_ACCESS"},
  {SQLITE_IOERR_CHECKRESERVEDLOCK, "SQLITE_IOERR_CHECKRESERVEDLOCK"},
  {SQLITE_IOERR_LOCK, "SQLITE_IOERR_LOCK"},
  {SQLITE_IOERR_CLOSE, "SQLITE_IOERR_CLOSE"},
  {SQLITE_IOERR_SHMOPEN, "SQLITE_IOERR_SHMOPEN"},
  {SQLITE_IOERR_SHMSIZE, "SQLITE_IOERR_SHMSIZE"},
  {SQLITE_IOERR_SHMLOCK, "SQLITE_IOERR_SHMLOCK"},
  {SQLITE_IOERR_SHMMAP, "SQLITE_IOERR_SHMMAP"},
  {SQLITE_IOERR_SEEK, "SQLITE_IOERR_SEEK"},
  {SQLITE_IOERR_DELETE_NOENT, "SQLITE_IOERR_DELETE_NOENT"},
  {SQLITE_IOERR_MMAP, "SQLITE_IOERR_MMAP"},
  {SQLITE_IOERR_GETTEMPPATH, "SQLITE_IOERR_GETTEMPPATH"},
  {SQLITE_IOERR_CONVPATH, "SQLITE_IOERR_CONVPATH"},
  {SQLITE_LOCKED_SHAREDCACHE, "SQLITE_LOCKED_SHAREDCACHE"},
  {SQLITE_BUSY_RECOVERY, "SQLITE_BUSY_RECOVERY"},
  {SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT"},
  {SQLITE_CANTOPEN_NOTEMPDIR, "SQLITE_CANTOPEN_NOTEMPDIR"},
  {SQLITE_CANTOPEN_ISDIR, "SQLITE_CANTOPEN_ISDIR"},
  {SQLITE_CANTOPEN_FULLPATH, "SQLITE_CANTOPEN_FULLPATH"},
  {SQLITE_CORRUPT_VTAB, "SQLITE_CORRUPT_VTAB"},
  {SQLITE_CORRUPT_SEQUENCE, "SQLITE_CORRUPT_SEQUENCE"},
  {SQLITE_CORRUPT_INDEX, "SQLITE_CORRUPT_INDEX"},
  {SQLITE_READONLY_RECOVERY, "SQLITE_READONLY_RECOVERY"},
  {SQLITE_READONLY_CANTLOCK, "SQLITE_READONLY_CANTLOCK"},
  {SQLITE_READONLY_ROLLBACK, "SQLITE_READONLY_ROLLBACK"},
  {SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED"},
  {SQLITE_READONLY_CANTINIT, "SQLITE_READONLY_CANTINIT"},
  {SQLITE_READONLY_DIRECTORY, "SQLITE_READONLY_DIRECTORY"},
  {SQLITE_ABORT_ROLLBACK, "SQLITE_ABORT_ROLLBACK"},
  {SQLITE_CONSTRAINT_CHECK, "SQLITE_CONSTRAINT_CHECK"},
  {SQLITE_CONSTRAINT_COMMITHOOK, "SQLITE_CONSTRAINT_COMMITHOOK"},
  {SQLITE_CONSTRAINT_FOREIGNKEY, "SQLITE_CONSTRAINT_FOREIGNKEY"},
  {SQLITE_CONSTRAINT_FUNCTION, "SQLITE_CONSTRAINT_FUNCTION"},
  {SQLITE_CONSTRAINT_NOTNULL, "SQLITE_CONSTRAINT_NOTNULL"},
  {SQLITE_CONSTRAINT_PRIMARYKEY, "SQLITE_CONSTRAINT_PRIMARYKEY"},
  {SQLITE_CONSTRAINT_TRIGGER, "SQLITE_CONSTRAINT_TRIGGER"},
  {SQLITE_CONSTRAINT_UNIQUE, "SQLITE_CONSTRAINT_UNIQUE"},
  {SQLITE_CONSTRAINT_VTAB, "SQLITE_CONSTRAINT_VTAB"},
  {SQLITE_CONSTRAINT_ROWID, "SQLITE_CONSTRAINT_ROWID"},
  {SQLITE_CONSTRAINT_PINNED, "SQLITE_CONSTRAINT_PINNED"},
  {SQLITE_CONSTRAINT_DATATYPE, "SQLITE_CONSTRAINT_DATATYPE"},
  {SQLITE_NOTICE_RECOVER_WAL, "SQLITE_NOTICE_RECOVER_WAL"},
  {SQLITE_NOTICE_RECOVER_ROLLBACK, "SQLITE_NOTICE_RECOVER_ROLLBACK"},
  {SQLITE_WARNING_AUTOINDEX, "SQLITE_WARNING_AUTOINDEX"},
  {SQLITE_AUTH_USER, "SQLITE_AUTH_USER"},
  {SQLITE_OK_LOAD_PERMANENTLY, "SQLITE_OK_LOAD_PERMANENTLY"},
};

/* The name of result code rc; unknown codes print as "SQLITE_Unknown". */
static const char *code_name(int rc) {
  size_t i;
  for (i = 0; i < sizeof(aCodeName) / sizeof(aCodeName[0]); i++) {
    if (aCodeName[i].rc == rc) return aCodeName[i].zName;
  }
  for (i = 0; i < sizeof(aCodeName) / sizeof(aCodeName[0]); i++) {
    if (aCodeName[i].rc == (rc & 0xff)) return aCodeName[i].zName;
  }
  return "SQLITE_Unknown";
}

static int set_name(Tcl_Interp *interp, int rc) {
  Tcl_SetObjResult(interp, Tcl_NewStringObj(code_name(rc), -1));
  return TCL_OK;
}

/* Pointer strings: "%p" of the handle; NULL prints as the empty string. */
static Tcl_Obj *ptr_obj(void *p) {
  char zBuf[64];
  if (p == NULL) return Tcl_NewObj();
  snprintf(zBuf, sizeof(zBuf), "%p", p);
  return Tcl_NewStringObj(zBuf, -1);
}

static int parse_ptr(Tcl_Interp *interp, Tcl_Obj *pObj, void **pp) {
  void *p = NULL;
  const char *z = Tcl_GetString(pObj);
  *pp = NULL;
  if (sscanf(z, "%p", &p) != 1 || p == NULL) {
    Tcl_AppendResult(interp, "bad pointer: \"", z, "\"", (char *)NULL);
    return TCL_ERROR;
  }
  *pp = p;
  return TCL_OK;
}

/* Statements this extension handed out and has not finalized (invariant
** 3): a stale handle (a test whose prepare failed keeps the previous,
** finalized one) is rejected instead of being freed twice. */
static Tcl_HashTable liveStmts;

/* Connections opened by sqlite3_open* here (not Tcl commands) and still open. */
static Tcl_HashTable liveDbs;

static void stmt_remember(sqlite3_stmt *pStmt) {
  int isNew;
  if (pStmt) Tcl_CreateHashEntry(&liveStmts, (const char *)pStmt, &isNew);
}

static void stmt_forget(sqlite3_stmt *pStmt) {
  Tcl_HashEntry *pEntry = Tcl_FindHashEntry(&liveStmts, (const char *)pStmt);
  if (pEntry) Tcl_DeleteHashEntry(pEntry);
}

/* The command procedure of [sqlite3]-created database commands, learnt
** once from a probe connection, identifies which commands are databases. */
static Tcl_ObjCmdProc *xDbCmd = NULL;

/* Is p the handle of a database command that is still open?  Pointer
** strings outlive their connection; using a closed one must not crash. */
static int db_is_live(Tcl_Interp *interp, sqlite3 *p) {
  Tcl_Obj *pList;
  Tcl_Obj **apCmd;
  int nCmd, i, bFound = 0;
  if (Tcl_FindHashEntry(&liveDbs, (const char *)p)) return 1;
  if (Tcl_Eval(interp, "info commands") != TCL_OK) return 0;
  pList = Tcl_GetObjResult(interp);
  Tcl_IncrRefCount(pList);
  if (Tcl_ListObjGetElements(interp, pList, &nCmd, &apCmd) == TCL_OK) {
    for (i = 0; i < nCmd && !bFound; i++) {
      Tcl_CmdInfo info;
      if (Tcl_GetCommandInfo(interp, Tcl_GetString(apCmd[i]), &info) &&
          info.objProc == xDbCmd && info.objClientData &&
          *(sqlite3 **)info.objClientData == p) {
        bFound = 1;
      }
    }
  }
  Tcl_DecrRefCount(pList);
  Tcl_ResetResult(interp);
  return bFound;
}

/* A db argument: a [sqlite3] command name (invariant 2) or a pointer
** string naming a connection that is still open. */
static int get_db(Tcl_Interp *interp, Tcl_Obj *pObj, sqlite3 **ppDb) {
  Tcl_CmdInfo info;
  void *p;
  *ppDb = NULL;
  if (Tcl_GetCommandInfo(interp, Tcl_GetString(pObj), &info)) {
    if (info.objProc != xDbCmd || info.objClientData == NULL) {
      Tcl_AppendResult(interp, "not a database: ", Tcl_GetString(pObj), (char *)NULL);
      return TCL_ERROR;
    }
    *ppDb = *(sqlite3 **)info.objClientData;
    return TCL_OK;
  }
  if (parse_ptr(interp, pObj, &p)) return TCL_ERROR;
  if (!db_is_live(interp, (sqlite3 *)p)) {
    Tcl_AppendResult(interp, "database connection is closed: ", Tcl_GetString(pObj),
                     (char *)NULL);
    return TCL_ERROR;
  }
  *ppDb = (sqlite3 *)p;
  return TCL_OK;
}

static int get_stmt(Tcl_Interp *interp, Tcl_Obj *pObj, sqlite3_stmt **ppStmt) {
  void *p;
  *ppStmt = NULL;
  if (parse_ptr(interp, pObj, &p)) return TCL_ERROR;
  if (Tcl_FindHashEntry(&liveStmts, (const char *)p) == NULL) {
    Tcl_AppendResult(interp, "no such statement (finalized?): ", Tcl_GetString(pObj),
                     (char *)NULL);
    return TCL_ERROR;
  }
  *ppStmt = (sqlite3_stmt *)p;
  return TCL_OK;
}

static int wrong_args(Tcl_Interp *interp, Tcl_Obj *const *objv, const char *zUsage) {
  Tcl_WrongNumArgs(interp, 1, objv, zUsage);
  return TCL_ERROR;
}

/* ---- prepare family ---- */

/* sqlite3_prepare* DB SQL BYTES ?TAILVAR?; iVersion 1, 2 or 3 (v3 takes
** FLAGS before TAILVAR).  Error result: "(rc) message". */
static int do_prepare(Tcl_Interp *interp, int objc, Tcl_Obj *const *objv, int iVersion) {
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  const char *zSql, *zTail = NULL;
  int nBytes, nSql, rc, iTail = 4, flags = 0;
  if (objc < 4 || objc > (iVersion == 3 ? 6 : 5)) {
    return wrong_args(interp, objv, "DB SQL BYTES ?TAILVAR?");
  }
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  zSql = Tcl_GetStringFromObj(objv[2], &nSql);
  if (Tcl_GetIntFromObj(interp, objv[3], &nBytes)) return TCL_ERROR;
  if (iVersion == 3 && objc > 4) {
    if (Tcl_GetIntFromObj(interp, objv[4], &flags)) return TCL_ERROR;
    iTail = 5;
  }
  if (iVersion == 1) rc = sqlite3_prepare(db, zSql, nBytes, &pStmt, &zTail);
  else if (iVersion == 2) rc = sqlite3_prepare_v2(db, zSql, nBytes, &pStmt, &zTail);
  else rc = sqlite3_prepare_v3(db, zSql, nBytes, (unsigned)flags, &pStmt, &zTail);
  if (zTail && objc > iTail) {
    int nTail = (nBytes >= 0 && nBytes < nSql) ? nBytes - (int)(zTail - zSql) : -1;
    if (nTail < 0) nTail = -1;
    Tcl_ObjSetVar2(interp, objv[iTail], NULL, Tcl_NewStringObj(zTail, nTail), 0);
  }
  if (rc != SQLITE_OK) {
    char zBuf[32];
    snprintf(zBuf, sizeof(zBuf), "(%d) ", rc);
    Tcl_ResetResult(interp);
    Tcl_AppendResult(interp, zBuf, sqlite3_errmsg(db), (char *)NULL);
    return TCL_ERROR;
  }
  stmt_remember(pStmt);
  Tcl_SetObjResult(interp, ptr_obj(pStmt));
  return TCL_OK;
}

static int cmd_prepare(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  (void)cd;
  return do_prepare(interp, objc, objv, 1);
}
static int cmd_prepare_v2(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  (void)cd;
  return do_prepare(interp, objc, objv, 2);
}
static int cmd_prepare_v3(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  (void)cd;
  return do_prepare(interp, objc, objv, 3);
}

/* sqlite3_prepare16 / sqlite3_prepare16_v2 DB SQL16 BYTES ?TAILVAR?: SQL16
** is a byte array of native UTF-16; the tail is returned the same way. */
static int do_prepare16(Tcl_Interp *interp, int objc, Tcl_Obj *const *objv, int bV2) {
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  const void *zTail = NULL;
  const unsigned char *zSql;
  int nBytes, nSql, rc;
  if (objc != 4 && objc != 5) return wrong_args(interp, objv, "DB SQL16 BYTES ?TAILVAR?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  zSql = Tcl_GetByteArrayFromObj(objv[2], &nSql);
  if (Tcl_GetIntFromObj(interp, objv[3], &nBytes)) return TCL_ERROR;
  if (nBytes > nSql) nBytes = nSql;
  rc = bV2 ? sqlite3_prepare16_v2(db, zSql, nBytes, &pStmt, &zTail)
           : sqlite3_prepare16(db, zSql, nBytes, &pStmt, &zTail);
  if (objc == 5) {
    int nTail = 0;
    if (zTail) {
      nTail = (nBytes >= 0 ? nBytes : nSql) - (int)((const unsigned char *)zTail - zSql);
      if (nTail < 0) nTail = 0;
    }
    Tcl_ObjSetVar2(interp, objv[4], NULL,
                   Tcl_NewByteArrayObj(zTail ? zTail : (const void *)"", nTail), 0);
  }
  if (rc != SQLITE_OK) {
    Tcl_SetObjResult(interp, Tcl_NewStringObj(code_name(rc), -1));
    return TCL_ERROR;
  }
  stmt_remember(pStmt);
  Tcl_SetObjResult(interp, ptr_obj(pStmt));
  return TCL_OK;
}

static int cmd_prepare16(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  return do_prepare16(interp, objc, objv, cd != NULL);
}

/* ---- statement commands taking STMT only ---- */

typedef enum StmtOp {
  OP_STEP, OP_FINALIZE, OP_RESET, OP_COLUMN_COUNT, OP_DATA_COUNT, OP_SQL,
  OP_EXPANDED_SQL, OP_CLEAR_BINDINGS, OP_PARAM_COUNT, OP_READONLY, OP_BUSY,
  OP_ISEXPLAIN, OP_DB_HANDLE, OP_EXPIRED
} StmtOp;

static int stmt_op(Tcl_Interp *interp, sqlite3_stmt *pStmt, StmtOp op) {
  char *z;
  switch (op) {
    case OP_STEP: return set_name(interp, sqlite3_step(pStmt));
    case OP_FINALIZE:
      stmt_forget(pStmt);
      return set_name(interp, sqlite3_finalize(pStmt));
    case OP_RESET: return set_name(interp, sqlite3_reset(pStmt));
    case OP_COLUMN_COUNT:
      Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_column_count(pStmt)));
      return TCL_OK;
    case OP_DATA_COUNT:
      Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_data_count(pStmt)));
      return TCL_OK;
    case OP_SQL:
      Tcl_SetObjResult(interp, Tcl_NewStringObj(sqlite3_sql(pStmt), -1));
      return TCL_OK;
    case OP_EXPANDED_SQL:
      z = sqlite3_expanded_sql(pStmt);
      Tcl_SetObjResult(interp, Tcl_NewStringObj(z ? z : "", -1));
      sqlite3_free(z);
      return TCL_OK;
    case OP_CLEAR_BINDINGS: return set_name(interp, sqlite3_clear_bindings(pStmt));
    case OP_PARAM_COUNT:
      Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_bind_parameter_count(pStmt)));
      return TCL_OK;
    case OP_READONLY:
      Tcl_SetObjResult(interp, Tcl_NewBooleanObj(sqlite3_stmt_readonly(pStmt)));
      return TCL_OK;
    case OP_BUSY:
      Tcl_SetObjResult(interp, Tcl_NewBooleanObj(sqlite3_stmt_busy(pStmt)));
      return TCL_OK;
    case OP_ISEXPLAIN:
      Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_stmt_isexplain(pStmt)));
      return TCL_OK;
    case OP_DB_HANDLE:
      Tcl_SetObjResult(interp, ptr_obj(sqlite3_db_handle(pStmt)));
      return TCL_OK;
    case OP_EXPIRED:
      /* The deprecated sqlite3_expired() is not in every build's header;
      ** a statement that is not busy and reprepares itself never expires. */
      Tcl_SetObjResult(interp, Tcl_NewIntObj(0));
      return TCL_OK;
  }
  return TCL_ERROR;
}

/* Client data carries the StmtOp; finalize accepts only non-NULL handles
** except that an empty string finalizes NULL (a no-op, SQLITE_OK). */
static int cmd_stmt(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  StmtOp op = (StmtOp)(size_t)cd;
  if (objc != 2) return wrong_args(interp, objv, "STMT");
  if (op == OP_FINALIZE &&
      (Tcl_GetString(objv[1])[0] == 0 || strcmp(Tcl_GetString(objv[1]), "0") == 0)) {
    return set_name(interp, SQLITE_OK);
  }
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  return stmt_op(interp, pStmt, op);
}

/* ---- column accessors: STMT IDX ---- */

typedef enum ColOp {
  COL_TYPE, COL_INT, COL_INT64, COL_DOUBLE, COL_TEXT, COL_BLOB, COL_BYTES,
  COL_BYTES16, COL_NAME, COL_DECLTYPE, COL_DATABASE, COL_TABLE, COL_ORIGIN
} ColOp;

static Tcl_Obj *str_or_empty(const char *z) {
  return Tcl_NewStringObj(z ? z : "", -1);
}

static Tcl_Obj *column_type_obj(int eType) {
  static const char *azType[] = {"", "INTEGER", "FLOAT", "TEXT", "BLOB", "NULL"};
  return Tcl_NewStringObj((eType >= 1 && eType <= 5) ? azType[eType] : "", -1);
}

static Tcl_Obj *column_obj(sqlite3_stmt *pStmt, int i, ColOp op) {
  const void *pBlob;
  switch (op) {
    case COL_TYPE: return column_type_obj(sqlite3_column_type(pStmt, i));
    case COL_INT: return Tcl_NewIntObj(sqlite3_column_int(pStmt, i));
    case COL_INT64: return Tcl_NewWideIntObj(sqlite3_column_int64(pStmt, i));
    case COL_DOUBLE: return Tcl_NewDoubleObj(sqlite3_column_double(pStmt, i));
    case COL_TEXT: return str_or_empty((const char *)sqlite3_column_text(pStmt, i));
    case COL_BLOB:
      pBlob = sqlite3_column_blob(pStmt, i);
      return Tcl_NewByteArrayObj(pBlob, sqlite3_column_bytes(pStmt, i));
    case COL_BYTES: return Tcl_NewIntObj(sqlite3_column_bytes(pStmt, i));
    case COL_BYTES16: return Tcl_NewIntObj(sqlite3_column_bytes16(pStmt, i));
    case COL_NAME: return str_or_empty(sqlite3_column_name(pStmt, i));
    case COL_DECLTYPE: return str_or_empty(sqlite3_column_decltype(pStmt, i));
    case COL_DATABASE: return str_or_empty(sqlite3_column_database_name(pStmt, i));
    case COL_TABLE: return str_or_empty(sqlite3_column_table_name(pStmt, i));
    case COL_ORIGIN: return str_or_empty(sqlite3_column_origin_name(pStmt, i));
  }
  return Tcl_NewObj();
}

static int cmd_column(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i;
  if (objc != 3) return wrong_args(interp, objv, "STMT COLUMN");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  Tcl_SetObjResult(interp, column_obj(pStmt, i, (ColOp)(size_t)cd));
  return TCL_OK;
}

/* ---- bindings: STMT N VALUE ... ---- */

static int bind_result(Tcl_Interp *interp, int rc) {
  if (rc == SQLITE_OK) return TCL_OK;
  Tcl_SetObjResult(interp, Tcl_NewStringObj(code_name(rc), -1));
  return TCL_ERROR;
}

static int cmd_bind_int(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i;
  Tcl_WideInt v;
  if (objc != 4) return wrong_args(interp, objv, "STMT N VALUE");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  if (Tcl_GetWideIntFromObj(interp, objv[3], &v)) return TCL_ERROR;
  if (cd) return bind_result(interp, sqlite3_bind_int64(pStmt, i, (sqlite3_int64)v));
  return bind_result(interp, sqlite3_bind_int(pStmt, i, (int)v));
}

/* Accepts the special names NaN, Inf, -Inf as testfixture does. */
static int cmd_bind_double(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i;
  double v;
  const char *z;
  (void)cd;
  if (objc != 4) return wrong_args(interp, objv, "STMT N VALUE");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  z = Tcl_GetString(objv[3]);
  if (strcmp(z, "NaN") == 0) v = strtod("nan", NULL);
  else if (strcmp(z, "Inf") == 0 || strcmp(z, "+Inf") == 0) v = strtod("inf", NULL);
  else if (strcmp(z, "-Inf") == 0) v = strtod("-inf", NULL);
  else if (Tcl_GetDoubleFromObj(interp, objv[3], &v)) return TCL_ERROR;
  return bind_result(interp, sqlite3_bind_double(pStmt, i, v));
}

static int cmd_bind_null(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "STMT N");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  return bind_result(interp, sqlite3_bind_null(pStmt, i));
}

/* sqlite3_bind_text STMT N VALUE BYTES; sqlite3_bind_blob ?-static? STMT N
** DATA BYTES (the copy is always transient: lifetime is not observable). */
static int cmd_bind_bytes(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i, nBytes, nData, iArg = 1;
  const char *pData;
  if (cd && objc == 6 && strcmp(Tcl_GetString(objv[1]), "-static") == 0) iArg = 2;
  if (objc - iArg != 4) return wrong_args(interp, objv, "?-static? STMT N VALUE BYTES");
  if (get_stmt(interp, objv[iArg], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[iArg + 1], &i)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[iArg + 3], &nBytes)) return TCL_ERROR;
  if (cd) {
    pData = (const char *)Tcl_GetByteArrayFromObj(objv[iArg + 2], &nData);
    if (nBytes > nData) nBytes = nData;
    return bind_result(interp, sqlite3_bind_blob(pStmt, i, pData, nBytes, SQLITE_TRANSIENT));
  }
  pData = Tcl_GetStringFromObj(objv[iArg + 2], &nData);
  if (nBytes > nData) nBytes = nData;
  return bind_result(interp, sqlite3_bind_text(pStmt, i, pData, nBytes, SQLITE_TRANSIENT));
}

static int cmd_bind_zeroblob(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i, n;
  (void)cd;
  if (objc != 4) return wrong_args(interp, objv, "STMT N SIZE");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[3], &n)) return TCL_ERROR;
  return bind_result(interp, sqlite3_bind_zeroblob(pStmt, i, n));
}

static int cmd_bind_param_name(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "STMT N");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  Tcl_SetObjResult(interp, str_or_empty(sqlite3_bind_parameter_name(pStmt, i)));
  return TCL_OK;
}

static int cmd_bind_param_index(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "STMT NAME");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  Tcl_SetObjResult(interp,
                   Tcl_NewIntObj(sqlite3_bind_parameter_index(pStmt, Tcl_GetString(objv[2]))));
  return TCL_OK;
}

/* ---- connection commands: DB ... ---- */

typedef enum DbOp {
  DB_ERRMSG, DB_ERRCODE, DB_EXTENDED_ERRCODE, DB_CHANGES, DB_TOTAL_CHANGES,
  DB_AUTOCOMMIT, DB_POINTER, DB_LAST_ROWID, DB_INTERRUPT, DB_CACHEFLUSH,
  DB_RELEASE_MEMORY, DB_ERROR_OFFSET, DB_SYSTEM_ERRNO
} DbOp;

/* sqlite3_errcode prints the primary name plus "+N" for the extended part. */
static Tcl_Obj *errcode_obj(int rc) {
  char zBuf[80];
  if ((rc & 0xff) == rc) return Tcl_NewStringObj(code_name(rc), -1);
  snprintf(zBuf, sizeof(zBuf), "%s+%d", code_name(rc & 0xff), rc >> 8);
  return Tcl_NewStringObj(zBuf, -1);
}

static Tcl_Obj *db_obj(sqlite3 *db, DbOp op) {
  switch (op) {
    case DB_ERRMSG: return str_or_empty(sqlite3_errmsg(db));
    case DB_ERRCODE: return errcode_obj(sqlite3_errcode(db));
    case DB_EXTENDED_ERRCODE:
      return Tcl_NewStringObj(code_name(sqlite3_extended_errcode(db)), -1);
    case DB_CHANGES: return Tcl_NewIntObj(sqlite3_changes(db));
    case DB_TOTAL_CHANGES: return Tcl_NewIntObj(sqlite3_total_changes(db));
    case DB_AUTOCOMMIT: return Tcl_NewIntObj(sqlite3_get_autocommit(db));
    case DB_POINTER: return ptr_obj(db);
    case DB_LAST_ROWID: return Tcl_NewWideIntObj(sqlite3_last_insert_rowid(db));
    case DB_INTERRUPT: sqlite3_interrupt(db); return Tcl_NewObj();
    case DB_CACHEFLUSH: return Tcl_NewStringObj(code_name(sqlite3_db_cacheflush(db)), -1);
    case DB_RELEASE_MEMORY: return Tcl_NewIntObj(sqlite3_db_release_memory(db));
    case DB_ERROR_OFFSET: return Tcl_NewIntObj(sqlite3_error_offset(db));
    case DB_SYSTEM_ERRNO: return Tcl_NewIntObj(sqlite3_system_errno(db));
  }
  return Tcl_NewObj();
}

static int cmd_db(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  if (objc != 2) return wrong_args(interp, objv, "DB");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  Tcl_SetObjResult(interp, db_obj(db, (DbOp)(size_t)cd));
  return TCL_OK;
}

/* Limit names accepted by sqlite3_limit, plus the two out-of-range probes
** the tests use. */
static const CodeName aLimit[] = {
  {SQLITE_LIMIT_LENGTH, "SQLITE_LIMIT_LENGTH"},
  {SQLITE_LIMIT_SQL_LENGTH, "SQLITE_LIMIT_SQL_LENGTH"},
  {SQLITE_LIMIT_COLUMN, "SQLITE_LIMIT_COLUMN"},
  {SQLITE_LIMIT_EXPR_DEPTH, "SQLITE_LIMIT_EXPR_DEPTH"},
  {SQLITE_LIMIT_COMPOUND_SELECT, "SQLITE_LIMIT_COMPOUND_SELECT"},
  {SQLITE_LIMIT_VDBE_OP, "SQLITE_LIMIT_VDBE_OP"},
  {SQLITE_LIMIT_FUNCTION_ARG, "SQLITE_LIMIT_FUNCTION_ARG"},
  {SQLITE_LIMIT_ATTACHED, "SQLITE_LIMIT_ATTACHED"},
  {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, "SQLITE_LIMIT_LIKE_PATTERN_LENGTH"},
  {SQLITE_LIMIT_VARIABLE_NUMBER, "SQLITE_LIMIT_VARIABLE_NUMBER"},
  {SQLITE_LIMIT_TRIGGER_DEPTH, "SQLITE_LIMIT_TRIGGER_DEPTH"},
  {SQLITE_LIMIT_WORKER_THREADS, "SQLITE_LIMIT_WORKER_THREADS"},
  {-1, "SQLITE_LIMIT_TOOSMALL"},
  {SQLITE_LIMIT_WORKER_THREADS + 1, "SQLITE_LIMIT_TOOBIG"},
};

static int lookup(const CodeName *a, int n, const char *zName, int *pVal) {
  int i;
  for (i = 0; i < n; i++) {
    if (strcmp(a[i].zName, zName) == 0) { *pVal = a[i].rc; return 1; }
  }
  return 0;
}

static int cmd_limit(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  int id, v;
  (void)cd;
  if (objc != 4) return wrong_args(interp, objv, "DB ID VALUE");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  if (!lookup(aLimit, (int)(sizeof(aLimit) / sizeof(aLimit[0])), Tcl_GetString(objv[2]), &id)) {
    Tcl_AppendResult(interp, "unknown limit type: ", Tcl_GetString(objv[2]), (char *)NULL);
    return TCL_ERROR;
  }
  if (Tcl_GetIntFromObj(interp, objv[3], &v)) return TCL_ERROR;
  Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_limit(db, id, v)));
  return TCL_OK;
}

static int cmd_extended_result_codes(ClientData cd, Tcl_Interp *interp, int objc,
                                     Tcl_Obj *const *objv) {
  sqlite3 *db;
  int b;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "DB BOOLEAN");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  if (Tcl_GetBooleanFromObj(interp, objv[2], &b)) return TCL_ERROR;
  sqlite3_extended_result_codes(db, b);
  return TCL_OK;
}

/* sqlite3_next_stmt DB STMT-or-empty */
static int cmd_next_stmt(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  sqlite3_stmt *pStmt = NULL;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "DB STMT");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  /* "" and "0" both mean NULL: start from the first statement. */
  if (strcmp(Tcl_GetString(objv[2]), "0") != 0 && Tcl_GetString(objv[2])[0] &&
      get_stmt(interp, objv[2], &pStmt)) {
    return TCL_ERROR;
  }
  pStmt = sqlite3_next_stmt(db, pStmt);
  stmt_remember(pStmt);
  Tcl_SetObjResult(interp, ptr_obj(pStmt));
  return TCL_OK;
}

static const CodeName aDbConfig[] = {
  {SQLITE_DBCONFIG_ENABLE_FKEY, "FKEY"},
  {SQLITE_DBCONFIG_ENABLE_TRIGGER, "TRIGGER"},
  {SQLITE_DBCONFIG_ENABLE_VIEW, "VIEW"},
  {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, "FTS3_TOKENIZER"},
  {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, "LOAD_EXTENSION"},
  {SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, "NO_CKPT_ON_CLOSE"},
  {SQLITE_DBCONFIG_ENABLE_QPSG, "QPSG"},
  {SQLITE_DBCONFIG_TRIGGER_EQP, "TRIGGER_EQP"},
  {SQLITE_DBCONFIG_RESET_DATABASE, "RESET_DB"},
  {SQLITE_DBCONFIG_DEFENSIVE, "DEFENSIVE"},
  {SQLITE_DBCONFIG_WRITABLE_SCHEMA, "WRITABLE_SCHEMA"},
  {SQLITE_DBCONFIG_LEGACY_ALTER_TABLE, "LEGACY_ALTER_TABLE"},
  {SQLITE_DBCONFIG_DQS_DML, "DQS_DML"},
  {SQLITE_DBCONFIG_DQS_DDL, "DQS_DDL"},
  {SQLITE_DBCONFIG_TRUSTED_SCHEMA, "TRUSTED_SCHEMA"},
  {SQLITE_DBCONFIG_LEGACY_FILE_FORMAT, "LEGACY_FILE_FORMAT"},
};

/* sqlite3_db_config DB OPTION ?VALUE?: returns the setting afterwards. */
static int cmd_db_config(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  int op, v = -1, res = 0;
  const char *z;
  (void)cd;
  if (objc != 3 && objc != 4) return wrong_args(interp, objv, "DB OPTION ?VALUE?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  z = Tcl_GetString(objv[2]);
  if (strncmp(z, "SQLITE_DBCONFIG_", 16) == 0) z += 16;
  if (strncmp(z, "ENABLE_", 7) == 0 && strcmp(z, "ENABLE_VIEW") != 0) z += 7;
  if (strcmp(z, "ENABLE_VIEW") == 0) z = "VIEW";
  if (!lookup(aDbConfig, (int)(sizeof(aDbConfig) / sizeof(aDbConfig[0])), z, &op)) {
    Tcl_AppendResult(interp, "unknown config option: ", Tcl_GetString(objv[2]), (char *)NULL);
    return TCL_ERROR;
  }
  if (objc == 4 && Tcl_GetIntFromObj(interp, objv[3], &v)) return TCL_ERROR;
  sqlite3_db_config(db, op, v, &res);
  Tcl_SetObjResult(interp, Tcl_NewIntObj(res));
  return TCL_OK;
}

/* sqlite3_txn_state DB ?SCHEMA? */
static int cmd_txn_state(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  (void)cd;
  if (objc != 2 && objc != 3) return wrong_args(interp, objv, "DB ?SCHEMA?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  Tcl_SetObjResult(interp, Tcl_NewIntObj(
      sqlite3_txn_state(db, objc == 3 ? Tcl_GetString(objv[2]) : NULL)));
  return TCL_OK;
}

/* sqlite3_db_status DB OPTION RESET: returns {rc cur hiwtr}. */
static const CodeName aDbStatus[] = {
  {SQLITE_DBSTATUS_LOOKASIDE_USED, "LOOKASIDE_USED"},
  {SQLITE_DBSTATUS_CACHE_USED, "CACHE_USED"},
  {SQLITE_DBSTATUS_SCHEMA_USED, "SCHEMA_USED"},
  {SQLITE_DBSTATUS_STMT_USED, "STMT_USED"},
  {SQLITE_DBSTATUS_LOOKASIDE_HIT, "LOOKASIDE_HIT"},
  {SQLITE_DBSTATUS_LOOKASIDE_MISS_SIZE, "LOOKASIDE_MISS_SIZE"},
  {SQLITE_DBSTATUS_LOOKASIDE_MISS_FULL, "LOOKASIDE_MISS_FULL"},
  {SQLITE_DBSTATUS_CACHE_HIT, "CACHE_HIT"},
  {SQLITE_DBSTATUS_CACHE_MISS, "CACHE_MISS"},
  {SQLITE_DBSTATUS_CACHE_WRITE, "CACHE_WRITE"},
  {SQLITE_DBSTATUS_DEFERRED_FKS, "DEFERRED_FKS"},
  {SQLITE_DBSTATUS_CACHE_USED_SHARED, "CACHE_USED_SHARED"},
  {SQLITE_DBSTATUS_CACHE_SPILL, "CACHE_SPILL"},
};

static int cmd_db_status(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  int op, bReset, cur = 0, hi = 0, rc;
  const char *z;
  Tcl_Obj *pRes;
  (void)cd;
  if (objc != 4) return wrong_args(interp, objv, "DB OPTION RESET");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  z = Tcl_GetString(objv[2]);
  if (strncmp(z, "SQLITE_DBSTATUS_", 16) == 0) z += 16;
  if (!lookup(aDbStatus, (int)(sizeof(aDbStatus) / sizeof(aDbStatus[0])), z, &op)) {
    Tcl_AppendResult(interp, "unknown status: ", Tcl_GetString(objv[2]), (char *)NULL);
    return TCL_ERROR;
  }
  if (Tcl_GetBooleanFromObj(interp, objv[3], &bReset)) return TCL_ERROR;
  rc = sqlite3_db_status(db, op, &cur, &hi, bReset);
  pRes = Tcl_NewObj();
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(rc));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(cur));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(hi));
  Tcl_SetObjResult(interp, pRes);
  return TCL_OK;
}

/* sqlite3_table_column_metadata DB DBNAME TABLE COLUMN: returns
** {decltype collation notnull pk autoinc} or the error message. */
static int cmd_table_column_metadata(ClientData cd, Tcl_Interp *interp, int objc,
                                     Tcl_Obj *const *objv) {
  sqlite3 *db;
  const char *zDb, *zType = NULL, *zColl = NULL, *zCol;
  int bNotNull = 0, bPk = 0, bAuto = 0, rc;
  Tcl_Obj *pRes;
  (void)cd;
  if (objc != 4 && objc != 5) return wrong_args(interp, objv, "DB DBNAME TABLE ?COLUMN?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  zDb = Tcl_GetString(objv[2]);
  if (zDb[0] == 0) zDb = NULL;
  zCol = objc == 5 ? Tcl_GetString(objv[4]) : NULL;
  rc = sqlite3_table_column_metadata(db, zDb, Tcl_GetString(objv[3]), zCol, &zType, &zColl,
                                     &bNotNull, &bPk, &bAuto);
  if (rc != SQLITE_OK) {
    Tcl_AppendResult(interp, sqlite3_errmsg(db), (char *)NULL);
    return TCL_ERROR;
  }
  pRes = Tcl_NewObj();
  Tcl_ListObjAppendElement(NULL, pRes, str_or_empty(zType));
  Tcl_ListObjAppendElement(NULL, pRes, str_or_empty(zColl));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(bNotNull));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(bPk));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(bAuto));
  Tcl_SetObjResult(interp, pRes);
  return TCL_OK;
}

/* ---- process-wide commands ---- */

typedef enum GlobalOp {
  G_INITIALIZE, G_SHUTDOWN, G_MEMORY_USED, G_MEMORY_HIGHWATER, G_RESET_AUTO_EXT,
  G_SOURCE_ID, G_LIBVERSION
} GlobalOp;

static int cmd_global(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  int b = 0;
  (void)objv;
  switch ((GlobalOp)(size_t)cd) {
    case G_INITIALIZE: return set_name(interp, sqlite3_initialize());
    case G_SHUTDOWN: return set_name(interp, sqlite3_shutdown());
    case G_MEMORY_USED:
      Tcl_SetObjResult(interp, Tcl_NewWideIntObj(sqlite3_memory_used()));
      return TCL_OK;
    case G_MEMORY_HIGHWATER:
      if (objc > 1 && Tcl_GetBooleanFromObj(interp, objv[1], &b)) return TCL_ERROR;
      Tcl_SetObjResult(interp, Tcl_NewWideIntObj(sqlite3_memory_highwater(b)));
      return TCL_OK;
    case G_RESET_AUTO_EXT: sqlite3_reset_auto_extension(); return TCL_OK;
    case G_SOURCE_ID:
      Tcl_SetObjResult(interp, Tcl_NewStringObj(sqlite3_sourceid(), -1));
      return TCL_OK;
    case G_LIBVERSION:
      Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_libversion_number()));
      return TCL_OK;
  }
  return TCL_ERROR;
}

/* sqlite3_enable_shared_cache ?BOOLEAN?: returns the previous setting, as
** the tests save and restore it. */
static int bSharedCache = 0;
static int cmd_enable_shared_cache(ClientData cd, Tcl_Interp *interp, int objc,
                                   Tcl_Obj *const *objv) {
  int b, bOld = bSharedCache;
  (void)cd;
  if (objc == 2) {
    if (Tcl_GetBooleanFromObj(interp, objv[1], &b)) return TCL_ERROR;
    if (sqlite3_enable_shared_cache(b) != SQLITE_OK) {
      Tcl_AppendResult(interp, "sqlite3_enable_shared_cache failed", (char *)NULL);
      return TCL_ERROR;
    }
    bSharedCache = b;
  }
  Tcl_SetObjResult(interp, Tcl_NewBooleanObj(bOld));
  return TCL_OK;
}

/* sqlite3_soft_heap_limit64 / sqlite3_hard_heap_limit64 N: previous limit. */
static int cmd_heap_limit(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  Tcl_WideInt n = -1;
  sqlite3_int64 r;
  if (objc > 2) return wrong_args(interp, objv, "?N?");
  if (objc == 2 && Tcl_GetWideIntFromObj(interp, objv[1], &n)) return TCL_ERROR;
  r = cd ? sqlite3_hard_heap_limit64(n) : sqlite3_soft_heap_limit64(n);
  Tcl_SetObjResult(interp, Tcl_NewWideIntObj(r));
  return TCL_OK;
}

static int cmd_release_memory(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  int n = -1;
  (void)cd;
  if (objc == 2 && Tcl_GetIntFromObj(interp, objv[1], &n)) return TCL_ERROR;
  Tcl_SetObjResult(interp, Tcl_NewIntObj(sqlite3_release_memory(n)));
  return TCL_OK;
}

/* sqlite3_test_control_pending_byte N: exported sqlite3_test_control. */
static int cmd_pending_byte(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  int n;
  (void)cd;
  if (objc != 2) return wrong_args(interp, objv, "N");
  if (Tcl_GetIntFromObj(interp, objv[1], &n)) return TCL_ERROR;
  Tcl_SetObjResult(interp, Tcl_NewIntObj(
      sqlite3_test_control(SQLITE_TESTCTRL_PENDING_BYTE, (unsigned)n)));
  return TCL_OK;
}

/* sqlite3_db_filename DB NAME */
static int cmd_db_filename(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  (void)cd;
  if (objc != 3) return wrong_args(interp, objv, "DB NAME");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  Tcl_SetObjResult(interp, str_or_empty(sqlite3_db_filename(db, Tcl_GetString(objv[2]))));
  return TCL_OK;
}

/* ---- SQL test functions testfixture installs on every connection ---- */

/* randstr(MIN, MAX): a random string of printable characters whose length
** is between MIN and MAX (tests use it to fill pages, not for its value). */
static void fn_randstr(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  static const char zAlpha[] = "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-!,:*^+=_|?/<> ";
  unsigned char zBuf[1000];
  int nMin, nMax, n, i;
  (void)argc;
  nMin = sqlite3_value_int(argv[0]);
  nMax = sqlite3_value_int(argv[1]);
  if (nMin < 0) nMin = 0;
  if (nMin >= (int)sizeof(zBuf)) nMin = (int)sizeof(zBuf) - 1;
  if (nMax < nMin) nMax = nMin;
  if (nMax >= (int)sizeof(zBuf)) nMax = (int)sizeof(zBuf) - 1;
  n = nMin;
  if (nMax > nMin) {
    unsigned r;
    sqlite3_randomness(sizeof(r), &r);
    n += (int)(r % (unsigned)(nMax - nMin + 1));
  }
  sqlite3_randomness(n, zBuf);
  for (i = 0; i < n; i++) zBuf[i] = (unsigned char)zAlpha[zBuf[i] % (sizeof(zAlpha) - 1)];
  sqlite3_result_text(ctx, (const char *)zBuf, n, SQLITE_TRANSIENT);
}

/* MD5 (RFC 1321), for the md5sum() aggregate the tests use to checksum
** whole tables before and after an operation. */
typedef struct Md5 {
  unsigned a[4];
  unsigned long long nByte;
  unsigned char buf[64];
} Md5;

static unsigned md5_rotl(unsigned x, int c) { return (x << c) | (x >> (32 - c)); }

static void md5_block(Md5 *p, const unsigned char *blk) {
  static const int aShift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  static const unsigned aK[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391};
  unsigned m[16], a = p->a[0], b = p->a[1], c = p->a[2], d = p->a[3], f, t;
  int i, g;
  for (i = 0; i < 16; i++) {
    m[i] = (unsigned)blk[4 * i] | (unsigned)blk[4 * i + 1] << 8 |
           (unsigned)blk[4 * i + 2] << 16 | (unsigned)blk[4 * i + 3] << 24;
  }
  for (i = 0; i < 64; i++) {
    if (i < 16) { f = (b & c) | (~b & d); g = i; }
    else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
    else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
    else { f = c ^ (b | ~d); g = (7 * i) % 16; }
    t = d;
    d = c;
    c = b;
    b = b + md5_rotl(a + f + aK[i] + m[g], aShift[(i / 16) * 4 + i % 4]);
    a = t;
  }
  p->a[0] += a; p->a[1] += b; p->a[2] += c; p->a[3] += d;
}

static void md5_init(Md5 *p) {
  p->a[0] = 0x67452301; p->a[1] = 0xefcdab89; p->a[2] = 0x98badcfe; p->a[3] = 0x10325476;
  p->nByte = 0;
}

static void md5_update(Md5 *p, const unsigned char *z, size_t n) {
  while (n > 0) {
    size_t iOff = (size_t)(p->nByte % 64), nTake = 64 - iOff;
    if (nTake > n) nTake = n;
    memcpy(p->buf + iOff, z, nTake);
    p->nByte += nTake;
    z += nTake;
    n -= nTake;
    if (p->nByte % 64 == 0) md5_block(p, p->buf);
  }
}

static void md5_final(Md5 *p, char *zHex) {
  unsigned char pad[72] = {0x80};
  unsigned long long nBits = p->nByte * 8;
  size_t nPad = (size_t)((p->nByte % 64 < 56) ? 56 - p->nByte % 64 : 120 - p->nByte % 64);
  int i;
  for (i = 0; i < 8; i++) pad[nPad + (size_t)i] = (unsigned char)(nBits >> (8 * i));
  md5_update(p, pad, nPad + 8);
  for (i = 0; i < 16; i++) {
    sprintf(zHex + 2 * i, "%02x", (p->a[i / 4] >> (8 * (i % 4))) & 0xff);
  }
}

typedef struct Md5Agg { int bInit; Md5 md5; } Md5Agg;

static void fn_md5_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Md5Agg *p = sqlite3_aggregate_context(ctx, sizeof(*p));
  int i;
  if (p == NULL) return;
  if (!p->bInit) { md5_init(&p->md5); p->bInit = 1; }
  for (i = 0; i < argc; i++) {
    const unsigned char *z = sqlite3_value_text(argv[i]);
    if (z) md5_update(&p->md5, z, strlen((const char *)z));
  }
}

static void fn_md5_final(sqlite3_context *ctx) {
  Md5Agg *p = sqlite3_aggregate_context(ctx, sizeof(*p));
  char zHex[33];
  if (p == NULL) return;
  if (!p->bInit) md5_init(&p->md5);
  md5_final(&p->md5, zHex);
  sqlite3_result_text(ctx, zHex, 32, SQLITE_TRANSIENT);
}

static int register_test_functions(sqlite3 *db, char **pzErr, const void *pApi) {
  (void)pzErr;
  (void)pApi;
  sqlite3_create_function(db, "randstr", 2, SQLITE_UTF8, NULL, fn_randstr, NULL, NULL);
  sqlite3_create_function(db, "md5sum", -1, SQLITE_UTF8, NULL, NULL, fn_md5_step,
                          fn_md5_final);
  return SQLITE_OK;
}

/* autoinstall_test_functions: every connection opened from now on gets
** the functions above (testfixture does the same with an auto extension). */
static int cmd_autoinstall(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  (void)cd;
  (void)objc;
  (void)objv;
  sqlite3_auto_extension((void (*)(void))register_test_functions);
  Tcl_ResetResult(interp);
  return TCL_OK;
}

/* ---- sqlite3_exec family: result is {rc text} ---- */

/* Row callback: on the first row the column names, then every row's values,
** each a list element, NULL as the string "NULL". */
static int exec_cb(void *pArg, int nCol, char **azVal, char **azName) {
  Tcl_DString *pStr = (Tcl_DString *)pArg;
  int i;
  if (Tcl_DStringLength(pStr) == 0) {
    for (i = 0; i < nCol; i++) Tcl_DStringAppendElement(pStr, azName[i] ? azName[i] : "NULL");
  }
  for (i = 0; i < nCol; i++) Tcl_DStringAppendElement(pStr, azVal[i] ? azVal[i] : "NULL");
  return 0;
}

static int exec_sql(Tcl_Interp *interp, sqlite3 *db, const char *zSql) {
  Tcl_DString str;
  char *zErr = NULL;
  char zBuf[32];
  int rc;
  Tcl_DStringInit(&str);
  rc = sqlite3_exec(db, zSql, exec_cb, &str, &zErr);
  snprintf(zBuf, sizeof(zBuf), "%d", rc);
  Tcl_ResetResult(interp);
  Tcl_AppendElement(interp, zBuf);
  Tcl_AppendElement(interp, rc == SQLITE_OK ? Tcl_DStringValue(&str) : (zErr ? zErr : ""));
  Tcl_DStringFree(&str);
  sqlite3_free(zErr);
  return TCL_OK;
}

/* Decodes %HH escapes in place (sqlite3_exec_hex). */
static void unhex_escapes(char *z) {
  char *zOut = z;
  while (*z) {
    unsigned v;
    if (z[0] == '%' && z[1] && z[2] && sscanf(z + 1, "%2x", &v) == 1) {
      *zOut++ = (char)v;
      z += 3;
    } else {
      *zOut++ = *z++;
    }
  }
  *zOut = 0;
}

/* Client data: 0 plain, 1 hex escapes, 2 printf with one %s/%q argument. */
static int cmd_exec(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  char *zSql;
  int rc, iMode = (int)(size_t)cd;
  if (objc != (iMode == 2 ? 4 : 3)) return wrong_args(interp, objv, "DB SQL ?ARG?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  if (iMode == 2) {
    zSql = sqlite3_mprintf(Tcl_GetString(objv[2]), Tcl_GetString(objv[3]));
  } else {
    zSql = sqlite3_mprintf("%s", Tcl_GetString(objv[2]));
  }
  if (zSql == NULL) {
    Tcl_AppendResult(interp, "out of memory", (char *)NULL);
    return TCL_ERROR;
  }
  if (iMode == 1) unhex_escapes(zSql);
  rc = exec_sql(interp, db, zSql);
  sqlite3_free(zSql);
  return rc;
}

/* md5 STRING: hex digest, as testfixture's Tcl command. */
static int cmd_md5(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  Md5 md5;
  char zHex[33];
  int n;
  const unsigned char *z;
  (void)cd;
  if (objc != 2) return wrong_args(interp, objv, "STRING");
  z = (const unsigned char *)Tcl_GetStringFromObj(objv[1], &n);
  md5_init(&md5);
  md5_update(&md5, z, (size_t)n);
  md5_final(&md5, zHex);
  Tcl_SetObjResult(interp, Tcl_NewStringObj(zHex, 32));
  return TCL_OK;
}

/* ---- connections opened and closed through the C API ---- */

/* sqlite3_open FILENAME ?OPTIONS? and sqlite3_open_v2 FILENAME FLAGS VFS:
** the handle as a pointer string (also on failure, as the C API returns
** one); FLAGS is a list of SQLITE_OPEN_* names. */
static const CodeName aOpenFlag[] = {
  {SQLITE_OPEN_READONLY, "SQLITE_OPEN_READONLY"},
  {SQLITE_OPEN_READWRITE, "SQLITE_OPEN_READWRITE"},
  {SQLITE_OPEN_CREATE, "SQLITE_OPEN_CREATE"},
  {SQLITE_OPEN_URI, "SQLITE_OPEN_URI"},
  {SQLITE_OPEN_MEMORY, "SQLITE_OPEN_MEMORY"},
  {SQLITE_OPEN_NOMUTEX, "SQLITE_OPEN_NOMUTEX"},
  {SQLITE_OPEN_FULLMUTEX, "SQLITE_OPEN_FULLMUTEX"},
  {SQLITE_OPEN_SHAREDCACHE, "SQLITE_OPEN_SHAREDCACHE"},
  {SQLITE_OPEN_PRIVATECACHE, "SQLITE_OPEN_PRIVATECACHE"},
  {SQLITE_OPEN_NOFOLLOW, "SQLITE_OPEN_NOFOLLOW"},
  {SQLITE_OPEN_EXRESCODE, "SQLITE_OPEN_EXRESCODE"},
};

static int open_flags(Tcl_Interp *interp, Tcl_Obj *pList, int *pFlags) {
  Tcl_Obj **ap;
  int n, i, v;
  *pFlags = 0;
  if (Tcl_ListObjGetElements(interp, pList, &n, &ap)) return TCL_ERROR;
  for (i = 0; i < n; i++) {
    if (!lookup(aOpenFlag, (int)(sizeof(aOpenFlag) / sizeof(aOpenFlag[0])),
                Tcl_GetString(ap[i]), &v)) {
      Tcl_AppendResult(interp, "unknown flag: ", Tcl_GetString(ap[i]), (char *)NULL);
      return TCL_ERROR;
    }
    *pFlags |= v;
  }
  return TCL_OK;
}

static int cmd_open(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db = NULL;
  const char *zVfs = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, isNew;
  if (cd) {
    if (objc != 4) return wrong_args(interp, objv, "FILENAME FLAGS VFS");
    if (open_flags(interp, objv[2], &flags)) return TCL_ERROR;
    zVfs = Tcl_GetString(objv[3]);
    if (zVfs[0] == 0) zVfs = NULL;
  } else if (objc != 2 && objc != 3) {
    return wrong_args(interp, objv, "FILENAME ?OPTIONS?");
  }
  sqlite3_open_v2(Tcl_GetString(objv[1]), &db, flags, zVfs);
  if (db) Tcl_CreateHashEntry(&liveDbs, (const char *)db, &isNew);
  Tcl_SetObjResult(interp, ptr_obj(db));
  return TCL_OK;
}

/* sqlite3_close DB / sqlite3_close_v2 DB: only handles opened above; a
** connection owned by a Tcl command is closed with [db close]. */
static int cmd_close(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  void *p;
  Tcl_HashEntry *pEntry;
  int rc;
  if (objc != 2) return wrong_args(interp, objv, "DB");
  if (parse_ptr(interp, objv[1], &p)) return TCL_ERROR;
  pEntry = Tcl_FindHashEntry(&liveDbs, (const char *)p);
  if (pEntry == NULL) {
    Tcl_AppendResult(interp, "not a connection opened by sqlite3_open: ",
                     Tcl_GetString(objv[1]), (char *)NULL);
    return TCL_ERROR;
  }
  rc = cd ? sqlite3_close_v2((sqlite3 *)p) : sqlite3_close((sqlite3 *)p);
  if (rc == SQLITE_OK) Tcl_DeleteHashEntry(pEntry);
  return set_name(interp, rc);
}

/* ---- UTF-16 variants: values travel as byte arrays of native UTF-16 ---- */

static int utf16_len(const void *z) {
  const unsigned char *p = (const unsigned char *)z;
  int n = 0;
  if (p == NULL) return 0;
  while (p[n] || p[n + 1]) n += 2;
  return n;
}

/* Client data: 0 column_text16, 1 column_name16, 2 column_decltype16. */
static int cmd_column16(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  const void *z;
  int i, n;
  if (objc != 3) return wrong_args(interp, objv, "STMT COLUMN");
  if (get_stmt(interp, objv[1], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[2], &i)) return TCL_ERROR;
  if (cd == NULL) {
    z = sqlite3_column_text16(pStmt, i);
    n = sqlite3_column_bytes16(pStmt, i);
  } else {
    z = (size_t)cd == 1 ? sqlite3_column_name16(pStmt, i) : sqlite3_column_decltype16(pStmt, i);
    n = utf16_len(z);
  }
  Tcl_SetObjResult(interp, Tcl_NewByteArrayObj(z ? z : (const void *)"", z ? n : 0));
  return TCL_OK;
}

static int cmd_errmsg16(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  const void *z;
  (void)cd;
  if (objc != 2) return wrong_args(interp, objv, "DB");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  z = sqlite3_errmsg16(db);
  Tcl_SetObjResult(interp, Tcl_NewByteArrayObj(z ? z : (const void *)"", utf16_len(z)));
  return TCL_OK;
}

/* sqlite3_bind_text16 ?-static? STMT N VALUE BYTES, VALUE a byte array. */
static int cmd_bind_text16(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3_stmt *pStmt;
  int i, nBytes, nData, iArg = 1;
  const unsigned char *pData;
  (void)cd;
  if (objc == 6 && strcmp(Tcl_GetString(objv[1]), "-static") == 0) iArg = 2;
  if (objc - iArg != 4) return wrong_args(interp, objv, "?-static? STMT N VALUE BYTES");
  if (get_stmt(interp, objv[iArg], &pStmt)) return TCL_ERROR;
  if (Tcl_GetIntFromObj(interp, objv[iArg + 1], &i)) return TCL_ERROR;
  pData = Tcl_GetByteArrayFromObj(objv[iArg + 2], &nData);
  if (Tcl_GetIntFromObj(interp, objv[iArg + 3], &nBytes)) return TCL_ERROR;
  if (nBytes > nData || nBytes < 0) nBytes = nData;
  return bind_result(interp, sqlite3_bind_text16(pStmt, i, pData, nBytes, SQLITE_TRANSIENT));
}

/* ---- sqlite3_mprintf wrappers (printf.test) ---- */

typedef enum PrintfOp { PF_INT, PF_INT64, PF_DOUBLE, PF_STR, PF_SCALED } PrintfOp;

/* sqlite3_mprintf_int FMT A B C, _int64 FMT A B C, _double FMT A B R,
** _str FMT A B ?S?, _scaled FMT R SCALE: the formatted string. */
static int cmd_mprintf(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  PrintfOp op = (PrintfOp)(size_t)cd;
  const char *zFmt;
  char *z = NULL;
  int a[3] = {0, 0, 0}, i, nInt = op == PF_SCALED ? 0 : (op == PF_INT || op == PF_INT64 ? 3 : 2);
  Tcl_WideInt w[3] = {0, 0, 0};
  double r = 0, r2 = 0;
  if (objc < 2 + nInt || objc > 5) return wrong_args(interp, objv, "FORMAT ARGS...");
  zFmt = Tcl_GetString(objv[1]);
  for (i = 0; i < nInt; i++) {
    if (Tcl_GetWideIntFromObj(interp, objv[2 + i], &w[i])) return TCL_ERROR;
    a[i] = (int)w[i];
  }
  if (op == PF_INT) z = sqlite3_mprintf(zFmt, a[0], a[1], a[2]);
  else if (op == PF_INT64) z = sqlite3_mprintf(zFmt, (sqlite3_int64)w[0], (sqlite3_int64)w[1],
                                               (sqlite3_int64)w[2]);
  else if (op == PF_DOUBLE) {
    if (objc != 5 || Tcl_GetDoubleFromObj(interp, objv[4], &r)) return TCL_ERROR;
    z = sqlite3_mprintf(zFmt, a[0], a[1], r);
  } else if (op == PF_STR) {
    z = sqlite3_mprintf(zFmt, a[0], a[1], objc == 5 ? Tcl_GetString(objv[4]) : NULL);
  } else {
    if (objc != 4 || Tcl_GetDoubleFromObj(interp, objv[2], &r) ||
        Tcl_GetDoubleFromObj(interp, objv[3], &r2)) {
      return TCL_ERROR;
    }
    z = sqlite3_mprintf(zFmt, r * r2);
  }
  Tcl_SetObjResult(interp, str_or_empty(z));
  sqlite3_free(z);
  return TCL_OK;
}

/* ---- PRNG state and WAL checkpoints (exported API) ---- */

static int cmd_prng(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  (void)objc;
  (void)objv;
  sqlite3_test_control((int)(size_t)cd);
  Tcl_ResetResult(interp);
  return TCL_OK;
}

/* sqlite3_wal_checkpoint DB ?NAME?: a result-code name.
** sqlite3_wal_checkpoint_v2 DB MODE ?NAME?: {busy nLog nCkpt}. */
static const CodeName aCkptMode[] = {
  {SQLITE_CHECKPOINT_PASSIVE, "passive"}, {SQLITE_CHECKPOINT_FULL, "full"},
  {SQLITE_CHECKPOINT_RESTART, "restart"}, {SQLITE_CHECKPOINT_TRUNCATE, "truncate"},
};

static int cmd_wal_checkpoint(ClientData cd, Tcl_Interp *interp, int objc, Tcl_Obj *const *objv) {
  sqlite3 *db;
  int mode = SQLITE_CHECKPOINT_PASSIVE, nLog = -1, nCkpt = -1, rc, iName = 2;
  Tcl_Obj *pRes;
  if (objc < 2 || objc > (cd ? 4 : 3)) return wrong_args(interp, objv, "DB ?MODE? ?NAME?");
  if (get_db(interp, objv[1], &db)) return TCL_ERROR;
  if (cd) {
    if (objc < 3) return wrong_args(interp, objv, "DB MODE ?NAME?");
    if (!lookup(aCkptMode, 4, Tcl_GetString(objv[2]), &mode) &&
        Tcl_GetIntFromObj(interp, objv[2], &mode)) {
      return TCL_ERROR;
    }
    iName = 3;
  }
  rc = sqlite3_wal_checkpoint_v2(db, objc > iName ? Tcl_GetString(objv[iName]) : NULL, mode,
                                 &nLog, &nCkpt);
  if (!cd) return set_name(interp, rc);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    Tcl_ResetResult(interp);
    Tcl_AppendResult(interp, code_name(rc), " - ", sqlite3_errmsg(db), (char *)NULL);
    return TCL_ERROR;
  }
  pRes = Tcl_NewObj();
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(rc == SQLITE_BUSY));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(nLog));
  Tcl_ListObjAppendElement(NULL, pRes, Tcl_NewIntObj(nCkpt));
  Tcl_SetObjResult(interp, pRes);
  return TCL_OK;
}

/* ---- registration ---- */

typedef struct CmdDef {
  const char *zName;
  Tcl_ObjCmdProc *xProc;
  size_t iArg;
} CmdDef;

static const CmdDef aCmd[] = {
  {"sqlite3_prepare", cmd_prepare, 0},
  {"sqlite3_prepare_v2", cmd_prepare_v2, 0},
  {"sqlite3_prepare_v3", cmd_prepare_v3, 0},
  {"sqlite3_prepare16", cmd_prepare16, 0},
  {"sqlite3_prepare16_v2", cmd_prepare16, 1},
  {"sqlite3_step", cmd_stmt, OP_STEP},
  {"sqlite3_finalize", cmd_stmt, OP_FINALIZE},
  {"sqlite3_reset", cmd_stmt, OP_RESET},
  {"sqlite3_column_count", cmd_stmt, OP_COLUMN_COUNT},
  {"sqlite3_data_count", cmd_stmt, OP_DATA_COUNT},
  {"sqlite3_sql", cmd_stmt, OP_SQL},
  {"sqlite3_expanded_sql", cmd_stmt, OP_EXPANDED_SQL},
  {"sqlite3_clear_bindings", cmd_stmt, OP_CLEAR_BINDINGS},
  {"sqlite3_bind_parameter_count", cmd_stmt, OP_PARAM_COUNT},
  {"sqlite3_stmt_readonly", cmd_stmt, OP_READONLY},
  {"sqlite3_stmt_busy", cmd_stmt, OP_BUSY},
  {"sqlite3_stmt_isexplain", cmd_stmt, OP_ISEXPLAIN},
  {"sqlite3_db_handle", cmd_stmt, OP_DB_HANDLE},
  {"sqlite3_expired", cmd_stmt, OP_EXPIRED},
  {"sqlite3_column_type", cmd_column, COL_TYPE},
  {"sqlite3_column_int", cmd_column, COL_INT},
  {"sqlite3_column_int64", cmd_column, COL_INT64},
  {"sqlite3_column_double", cmd_column, COL_DOUBLE},
  {"sqlite3_column_text", cmd_column, COL_TEXT},
  {"sqlite3_column_blob", cmd_column, COL_BLOB},
  {"sqlite3_column_bytes", cmd_column, COL_BYTES},
  {"sqlite3_column_bytes16", cmd_column, COL_BYTES16},
  {"sqlite3_column_name", cmd_column, COL_NAME},
  {"sqlite3_column_decltype", cmd_column, COL_DECLTYPE},
  {"sqlite3_column_database_name", cmd_column, COL_DATABASE},
  {"sqlite3_column_table_name", cmd_column, COL_TABLE},
  {"sqlite3_column_origin_name", cmd_column, COL_ORIGIN},
  {"sqlite3_bind_int", cmd_bind_int, 0},
  {"sqlite3_bind_int64", cmd_bind_int, 1},
  {"sqlite3_bind_double", cmd_bind_double, 0},
  {"sqlite3_bind_null", cmd_bind_null, 0},
  {"sqlite3_bind_text", cmd_bind_bytes, 0},
  {"sqlite3_bind_blob", cmd_bind_bytes, 1},
  {"sqlite3_bind_zeroblob", cmd_bind_zeroblob, 0},
  {"sqlite3_bind_parameter_name", cmd_bind_param_name, 0},
  {"sqlite3_bind_parameter_index", cmd_bind_param_index, 0},
  {"sqlite3_errmsg", cmd_db, DB_ERRMSG},
  {"sqlite3_errcode", cmd_db, DB_ERRCODE},
  {"sqlite3_extended_errcode", cmd_db, DB_EXTENDED_ERRCODE},
  {"sqlite3_changes", cmd_db, DB_CHANGES},
  {"sqlite3_total_changes", cmd_db, DB_TOTAL_CHANGES},
  {"sqlite3_get_autocommit", cmd_db, DB_AUTOCOMMIT},
  {"sqlite3_connection_pointer", cmd_db, DB_POINTER},
  {"sqlite3_last_insert_rowid", cmd_db, DB_LAST_ROWID},
  {"sqlite3_interrupt", cmd_db, DB_INTERRUPT},
  {"sqlite3_db_cacheflush", cmd_db, DB_CACHEFLUSH},
  {"sqlite3_db_release_memory", cmd_db, DB_RELEASE_MEMORY},
  {"sqlite3_error_offset", cmd_db, DB_ERROR_OFFSET},
  {"sqlite3_system_errno", cmd_db, DB_SYSTEM_ERRNO},
  {"sqlite3_limit", cmd_limit, 0},
  {"sqlite3_extended_result_codes", cmd_extended_result_codes, 0},
  {"sqlite3_next_stmt", cmd_next_stmt, 0},
  {"sqlite3_db_config", cmd_db_config, 0},
  {"sqlite3_txn_state", cmd_txn_state, 0},
  {"sqlite3_db_status", cmd_db_status, 0},
  {"sqlite3_table_column_metadata", cmd_table_column_metadata, 0},
  {"sqlite3_initialize", cmd_global, G_INITIALIZE},
  {"sqlite3_shutdown", cmd_global, G_SHUTDOWN},
  {"sqlite3_memory_used", cmd_global, G_MEMORY_USED},
  {"sqlite3_memory_highwater", cmd_global, G_MEMORY_HIGHWATER},
  {"sqlite3_reset_auto_extension", cmd_global, G_RESET_AUTO_EXT},
  {"sqlite3_sourceid", cmd_global, G_SOURCE_ID},
  {"sqlite3_libversion_number", cmd_global, G_LIBVERSION},
  {"sqlite3_enable_shared_cache", cmd_enable_shared_cache, 0},
  {"sqlite3_soft_heap_limit64", cmd_heap_limit, 0},
  {"sqlite3_soft_heap_limit", cmd_heap_limit, 0},
  {"sqlite3_hard_heap_limit64", cmd_heap_limit, 1},
  {"sqlite3_release_memory", cmd_release_memory, 0},
  {"sqlite3_test_control_pending_byte", cmd_pending_byte, 0},
  {"sqlite3_db_filename", cmd_db_filename, 0},
  {"autoinstall_test_functions", cmd_autoinstall, 0},
  {"sqlite3_exec", cmd_exec, 0},
  {"sqlite3_exec_hex", cmd_exec, 1},
  {"sqlite3_exec_printf", cmd_exec, 2},
  {"md5", cmd_md5, 0},
  {"sqlite3_open", cmd_open, 0},
  {"sqlite3_open_v2", cmd_open, 1},
  {"sqlite3_close", cmd_close, 0},
  {"sqlite3_close_v2", cmd_close, 1},
  {"sqlite3_column_text16", cmd_column16, 0},
  {"sqlite3_column_name16", cmd_column16, 1},
  {"sqlite3_column_decltype16", cmd_column16, 2},
  {"sqlite3_errmsg16", cmd_errmsg16, 0},
  {"sqlite3_bind_text16", cmd_bind_text16, 0},
  {"sqlite3_mprintf_int", cmd_mprintf, PF_INT},
  {"sqlite3_mprintf_int64", cmd_mprintf, PF_INT64},
  {"sqlite3_mprintf_double", cmd_mprintf, PF_DOUBLE},
  {"sqlite3_mprintf_str", cmd_mprintf, PF_STR},
  {"sqlite3_mprintf_scaled", cmd_mprintf, PF_SCALED},
  {"save_prng_state", cmd_prng, SQLITE_TESTCTRL_PRNG_SAVE},
  {"restore_prng_state", cmd_prng, SQLITE_TESTCTRL_PRNG_RESTORE},
  {"reset_prng_state", cmd_prng, SQLITE_TESTCTRL_PRNG_RESET},
  {"sqlite3_wal_checkpoint", cmd_wal_checkpoint, 0},
  {"sqlite3_wal_checkpoint_v2", cmd_wal_checkpoint, 1},
};

/* Entry point for [load tclstmt.so Tclstmt]. */
int Tclstmt_Init(Tcl_Interp *interp);
int Tclstmt_Init(Tcl_Interp *interp) {
  size_t i;
  Tcl_CmdInfo info;
  if (Tcl_InitStubs(interp, "8.6", 0) == NULL) return TCL_ERROR;
  Tcl_InitHashTable(&liveStmts, TCL_ONE_WORD_KEYS);
  Tcl_InitHashTable(&liveDbs, TCL_ONE_WORD_KEYS);
  if (Tcl_Eval(interp, "package require sqlite3; sqlite3 ::tclstmt_probe :memory:") != TCL_OK ||
      !Tcl_GetCommandInfo(interp, "::tclstmt_probe", &info)) {
    return TCL_ERROR;
  }
  xDbCmd = info.objProc;
  Tcl_Eval(interp, "::tclstmt_probe close");
  Tcl_ResetResult(interp);
  for (i = 0; i < sizeof(aCmd) / sizeof(aCmd[0]); i++) {
    Tcl_CreateObjCommand(interp, aCmd[i].zName, aCmd[i].xProc, (ClientData)aCmd[i].iArg, NULL);
  }
  sqlite3_auto_extension((void (*)(void))register_test_functions);
  return Tcl_PkgProvide(interp, "tclstmt", "1.0");
}
