/*
** func.h: SQL functions -- the registry (built-in and application-defined
** scalar, aggregate and window functions) and the call context
** (struct sqlite3_context) through which a function returns its result.
**
** Owns: FuncDef, sqlite3_context, the lookup rules of sqlite3FindFunction
** (exact arity beats nArg -1; a matching application function hides every
** built-in of that name), the built-in function tables (func_core.c,
** func_agg.c, func_math.c, func_date.c) and the result setters behind
** sqlite3_result_*.
**
** Invariants:
**   1. A FuncDef in a connection's list is owned by it: zName is a private
**      copy and pDestructor (shared by every overload registered with the
**      same pUserData in one call) is reference-counted; xDestroy runs when
**      the last reference goes.
**   2. Built-in FuncDefs are static, immutable and shared by every
**      connection (FUNC_BUILTIN).
**   3. After a call, ctx->isError != 0 means the call failed: the error
**      code is isError (-1 means SQLITE_ERROR with a message) and the
**      message is the text of ctx->pOut (set by func_result_error).
**
** How the VM calls a function (see func_context_init):
**   scalar:    func_context_init(&ctx, db, pDef, pOut, NULL, v, iOp, &pAux);
**              pDef->xSFunc(&ctx, argc, argv); then check ctx.isError.
**   aggregate: one Value pAgg per aggregate (starts NULL); for each row
**              func_context_init(&ctx, db, pDef, pScratch, pAgg, ...);
**              pDef->xStep(&ctx, argc, argv) -- isError may be set by a
**              step (sum overflow); at the end, with pOut the result cell,
**              pDef->xFinal(&ctx), then value_release(pAgg).
**   Functions with FUNC_NEEDCOLL read ctx->pColl (the VM sets it from the
**   expression's collation, BINARY by default).
*/
#ifndef ENGINE_FUNC_H
#define ENGINE_FUNC_H

#include "core.h"
#include "value.h"

typedef struct FuncDef FuncDef;
typedef struct FuncDestructor FuncDestructor;
typedef struct FuncAuxData FuncAuxData;

typedef void (*FuncSFunc)(sqlite3_context *, int, sqlite3_value **);
typedef void (*FuncFinal)(sqlite3_context *);

/* Internal function flags (FuncDef.funcFlags). */
#define FUNC_AGG       0x0001  /* aggregate: xStep/xFinal */
#define FUNC_WINDOW    0x0002  /* window-capable aggregate: xValue/xInverse */
#define FUNC_NEEDCOLL  0x0004  /* uses ctx->pColl (min, max, instr...) */
#define FUNC_CONSTANT  0x0008  /* same result in one statement (sqlite_version) */
#define FUNC_BUILTIN   0x0010  /* invariant 2 */
#define FUNC_LIKE      0x0020  /* like/glob: LIKE optimisation candidate */
#define FUNC_CASE      0x0040  /* with FUNC_LIKE: case sensitive (glob) */
#define FUNC_MINMAX    0x0080  /* min()/max() aggregate (index optimisation) */
#define FUNC_COUNT     0x0100  /* count(*) (count optimisation) */
#define FUNC_SLOCHNG   0x0200  /* unchanging during one statement (changes()) */
#define FUNC_COALESCE  0x0400  /* coalesce/ifnull: codegen short-circuits it */
#define FUNC_UNLIKELY  0x0800  /* likely/unlikely/likelihood: codegen hint */
#define FUNC_TYPEOF    0x1000  /* typeof/length may skip loading big values */
#define FUNC_INTERNAL  0x2000  /* not callable from SQL text */
#define FUNC_MIN2      0x4000  /* nArg -1 but at least 2 arguments (coalesce, max) */

struct FuncDestructor {
  int nRef;                      /* FuncDefs sharing this (invariant 1) */
  void (*xDestroy)(void *);      /* called with pUserData when nRef drops to 0 */
  void *pUserData;
};

struct FuncDef {
  const char *zName;             /* name as registered (case-insensitive match) */
  int nArg;                      /* arguments, -1 for any */
  u32 flags;                     /* SQLITE_UTF8.. | SQLITE_DETERMINISTIC | ... */
  u16 funcFlags;                 /* FUNC_* above */
  void *pUserData;               /* sqlite3_user_data() */
  FuncSFunc xSFunc;              /* scalar body */
  FuncSFunc xStep;               /* aggregate step */
  FuncFinal xFinal;              /* aggregate final */
  FuncFinal xValue;              /* window: current value */
  FuncSFunc xInverse;            /* window: remove a row */
  FuncDestructor *pDestructor;   /* application functions only */
  FuncDef *pNext;                /* next application function in the list */
};

/* One sqlite3_set_auxdata entry, kept on a list owned by the VM. */
struct FuncAuxData {
  int iOp;                       /* the calling instruction */
  int iArg;                      /* argument index it belongs to */
  void *pAux;                    /* the data */
  void (*xDelete)(void *);       /* its destructor, or NULL */
  FuncAuxData *pNext;
};

struct sqlite3_context {
  Value *pOut;                   /* the result cell (invariant 3) */
  FuncDef *pFunc;                /* the function being called */
  Value *pAgg;                   /* aggregate state cell (VAL_AGG), or NULL */
  struct sqlite3 *db;            /* the connection */
  Coll *pColl;                   /* FUNC_NEEDCOLL: collation of the call */
  void *pVdbe;                   /* the calling statement (VM bookkeeping) */
  int iOp;                       /* the calling instruction, for auxdata */
  int isError;                   /* invariant 3 */
  u8 bSkipFlag;                  /* reserved for the VM (OP_AggStep skip) */
  FuncAuxData **ppAux;           /* the VM's auxdata list head, or NULL */
  int argc;                      /* arguments of the current call */
  i64 *piNow;                    /* the VM's per-step cached 'now' (iJD ms, 0 = unread),
                                 ** so 'now' is one moment within a step; NULL: read
                                 ** the clock on every call */
};

/* ---- the registry ---- */
/* Best match for zName with nArg arguments (nArg -2: any arity, to tell
** "no such function" from "wrong number of arguments").  Application
** functions come first; built-ins only if none matched.  bCreate is
** accepted for compatibility and ignored (func_register creates). */
FuncDef *func_find(struct sqlite3 *db, const char *zName, int nArg, u8 enc, int bCreate);
/* sqlite3_create_function_v2 / create_window_function.  All callbacks NULL
** deletes.  Returns SQLITE_OK, SQLITE_MISUSE (bad combination, nArg out of
** -1..127, name longer than 255 bytes), SQLITE_NOMEM.  xDestroy(pUser) is
** called on failure too (SQLite's contract). */
int func_register(struct sqlite3 *db, const char *zName, int nArg, int flags, void *pUser,
                  FuncSFunc xSFunc, FuncSFunc xStep, FuncFinal xFinal, FuncFinal xValue,
                  FuncSFunc xInverse, void (*xDestroy)(void *));
void func_free_all(struct sqlite3 *db);          /* at close */
int func_is_aggregate(const FuncDef *);
int func_is_window(const FuncDef *);
int func_needs_collation(const FuncDef *);
/* Calls fn for every built-in, then every application function
** (PRAGMA function_list); stops when fn returns nonzero. */
void func_foreach(struct sqlite3 *db, int (*fn)(void *, const FuncDef *, int bBuiltin),
                  void *pArg);
/* Compile-time options as sqlite3_compileoption_get lists them (no
** "SQLITE_" prefix); NULL past the end. */
const char *func_compileoption_get(int i);
int func_compileoption_used(const char *zOpt);

/* The SQL function load_extension(X[,Y]) calls this hook (set by compat/,
** which owns dlopen) when the connection allows extension loading;
** unset or disallowed, the function fails with "not authorized".  On
** failure the hook returns an error code and a mem_malloc'd *pzErr. */
extern int (*func_load_extension_hook)(struct sqlite3 *db, const char *zFile, const char *zProc,
                                       char **pzErr);

/* ---- calling ---- */
void func_context_init(sqlite3_context *, struct sqlite3 *db, FuncDef *pFunc, Value *pOut,
                       Value *pAgg, void *pVdbe, int iOp, FuncAuxData **ppAux);
/* Frees auxdata entries of instruction iOp (iOp < 0: all) except those of
** arguments whose bit is set in mask (bit i = argument i is constant). */
void func_auxdata_delete(FuncAuxData **ppList, int iOp, u32 mask);

/* ---- the sqlite3_result_* / sqlite3_* context functions ---- */
void func_result_int(sqlite3_context *, i64);
void func_result_double(sqlite3_context *, double);  /* NaN: NULL */
void func_result_text(sqlite3_context *, const char *z, i64 n, u8 enc, void (*xDel)(void *));
void func_result_blob(sqlite3_context *, const void *z, i64 n, void (*xDel)(void *));
void func_result_null(sqlite3_context *);
void func_result_value(sqlite3_context *, Value *);
int func_result_zeroblob64(sqlite3_context *, u64 n);  /* SQLITE_OK / SQLITE_TOOBIG */
void func_result_error(sqlite3_context *, const char *z, int n);  /* UTF-8 */
void func_result_error16(sqlite3_context *, const void *z, int n);
void func_result_error_code(sqlite3_context *, int rc);
void func_result_error_nomem(sqlite3_context *);
void func_result_error_toobig(sqlite3_context *);
void func_result_subtype(sqlite3_context *, unsigned int);
void func_result_pointer(sqlite3_context *, void *p, const char *zType, void (*xDel)(void *));
void *func_aggregate_context(sqlite3_context *, int nByte);
/* Built-in aggregates whose state owns memory register a cleanup that runs
** when the context is released without xFinal (statement reset or error);
** it receives the context bytes and must be idempotent. */
void func_aggregate_cleanup(sqlite3_context *, void (*xClean)(void *));
void *func_get_auxdata(sqlite3_context *, int iArg);
void func_set_auxdata(sqlite3_context *, int iArg, void *p, void (*xDel)(void *));
void *func_user_data(sqlite3_context *);
struct sqlite3 *func_context_db(sqlite3_context *);

/* ---- built-in tables (func_core.c, func_agg.c, func_math.c, func_date.c) */
extern const FuncDef func_core_builtins[];
extern const int func_core_nbuiltin;
extern const FuncDef func_agg_builtins[];
extern const int func_agg_nbuiltin;
extern const FuncDef func_math_builtins[];
extern const int func_math_nbuiltin;
extern const FuncDef func_date_builtins[];
extern const int func_date_nbuiltin;

/* Shared helpers of the built-in files. */
int func_like_compare(const u8 *zPattern, const u8 *zStr, int bGlob, int bNoCase, u32 cEsc);

#endif /* ENGINE_FUNC_H */
