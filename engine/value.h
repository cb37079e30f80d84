/*
** value.h: Value, the engine's dynamically typed cell (struct
** sqlite3_value), and the type rules of SQLite's datatype3.html: storage
** classes, affinity, numeric conversion, comparison and collation.
**
** Owns: value representation and conversions, text encodings (UTF-8 and
** UTF-16LE/BE conversion for the *16 APIs), affinity application, the
** comparison of two values under a collation, and the value-level record
** codec (serial type <-> Value; record.h gives the byte-level helpers).
**
** Invariants:
**   1. Exactly one of VAL_NULL, VAL_INT, VAL_REAL, VAL_STR, VAL_BLOB is the
**      storage class (VAL_STR may be cached alongside VAL_INT/VAL_REAL
**      after a conversion; value_type() reports the primary class).
**   2. z is NULL unless VAL_STR or VAL_BLOB; for VAL_STR with VAL_TERM the
**      byte(s) after z[n-1] are a NUL terminator of the encoding's width.
**   3. A Value owns z only if z == zMalloc (buffer of szMalloc bytes) or
**      VAL_DYN is set (freed with xDel).  VAL_STATIC/VAL_EPHEM do not own.
**
** Callers: vdbe*.c, func*.c, compat/api_value.c, codegen constant folding.
*/
#ifndef ENGINE_VALUE_H
#define ENGINE_VALUE_H

#include "core.h"

typedef struct sqlite3_value Value;
typedef struct Coll Coll;

/* flags */
#define VAL_NULL    0x0001
#define VAL_STR     0x0002
#define VAL_INT     0x0004
#define VAL_REAL    0x0008
#define VAL_BLOB    0x0010
#define VAL_ZERO    0x0020  /* blob is u.nZero zero bytes beyond n (zeroblob) */
#define VAL_TERM    0x0040  /* invariant 2 */
#define VAL_DYN     0x0080  /* z freed by xDel */
#define VAL_STATIC  0x0100  /* z is static, never freed */
#define VAL_EPHEM   0x0200  /* z points into memory owned elsewhere, short-lived */
#define VAL_AGG     0x0400  /* z is an aggregate context (sqlite3_aggregate_context) */
#define VAL_SUBTYPE 0x0800  /* eSubtype is meaningful */
#define VAL_FROMBIND 0x1000 /* a bound parameter (sqlite3_value_frombind) */
#define VAL_NOCHNG  0x2000  /* sqlite3_value_nochange */
#define VAL_TYPEMASK (VAL_NULL | VAL_STR | VAL_INT | VAL_REAL | VAL_BLOB)

struct sqlite3_value {
  union {
    double r;        /* VAL_REAL */
    i64 i;           /* VAL_INT */
    int nZero;       /* VAL_ZERO: extra zero bytes */
  } u;
  char *z;           /* VAL_STR / VAL_BLOB bytes */
  int n;             /* bytes in z, terminator excluded */
  u16 flags;         /* VAL_* */
  u8 enc;            /* SQLITE_UTF8, SQLITE_UTF16LE, SQLITE_UTF16BE of a VAL_STR */
  u8 eSubtype;       /* sqlite3_result_subtype */
  int szMalloc;      /* bytes in zMalloc */
  char *zMalloc;     /* buffer this Value owns (mem_malloc), or NULL */
  void (*xDel)(void *); /* destructor of z when VAL_DYN */
  struct sqlite3 *db;   /* owning connection, for limits and errors; may be NULL */
  void *pFiller;     /* reserved for the VM (e.g. a frame or cursor link) */
};

/* Affinities (datatype3.html).  Values are SQLite's letters so EXPLAIN
** output and affinity strings read the same. */
#define AFF_BLOB    'A'
#define AFF_TEXT    'B'
#define AFF_NUMERIC 'C'
#define AFF_INTEGER 'D'
#define AFF_REAL    'E'
#define AFF_NONE    0

/* ---- lifecycle ---- */
void value_init(Value *, struct sqlite3 *db);        /* NULL value, owns nothing */
Value *value_new(struct sqlite3 *db);                /* mem_malloc'd; value_free */
void value_free(Value *);                            /* release + free the struct */
void value_release(Value *);                         /* drop owned memory, become NULL */
int value_grow(Value *, int n, int bPreserve);       /* zMalloc >= n bytes; z=zMalloc */

/* ---- setters (all leave the previous content released) ---- */
void value_set_null(Value *);
void value_set_int(Value *, i64);
void value_set_real(Value *, double);                /* NaN becomes NULL */
/* xDel: SQLITE_STATIC, SQLITE_TRANSIENT (copy) or a destructor (takes
** ownership: called on every path, also on failure).  n < 0: up to NUL.
** Returns SQLITE_OK, SQLITE_NOMEM, SQLITE_TOOBIG. */
int value_set_text(Value *, const char *z, int n, u8 enc, void (*xDel)(void *));
int value_set_blob(Value *, const void *z, int n, void (*xDel)(void *));
void value_set_zeroblob(Value *, int n);
int value_copy(Value *pTo, const Value *pFrom);      /* deep copy */
void value_move(Value *pTo, Value *pFrom);           /* pFrom becomes NULL */
void value_shallow_copy(Value *pTo, const Value *pFrom); /* strings become VAL_EPHEM */
int value_make_writable(Value *);                    /* own the bytes (EPHEM -> copy) */

/* ---- getters (sqlite3_value_* semantics, conversions per datatype3) ---- */
int value_type(const Value *);                       /* SQLITE_INTEGER..SQLITE_NULL */
i64 value_int64(Value *);
double value_real(Value *);
const unsigned char *value_text(Value *, u8 enc);    /* converts in place; NULL on OOM or NULL */
const void *value_blob(Value *);
int value_bytes(Value *, u8 enc);
int value_numeric_type(Value *);                     /* sqlite3_value_numeric_type */
int value_expand_zeroblob(Value *);

/* ---- conversions used by the VM ---- */
void value_apply_affinity(Value *, char aff, u8 enc);
int value_to_numeric(Value *);                       /* CAST AS NUMERIC */
int value_cast(Value *, char aff, u8 enc);           /* CAST(x AS type) */
int value_change_encoding(Value *, u8 enc);          /* SQLITE_OK / SQLITE_NOMEM */

/* SQL-text to number conversion (datatype3 rules): returns 1 if the whole
** text (ignoring surrounding spaces) is a well-formed number. */
int util_atoi64(const char *z, int n, i64 *pOut);    /* 0 ok, 1 not integer, 2 overflow */
int util_atof(const char *z, int n, double *pOut);   /* 1 if a complete number */

/* ---- comparison (datatype3.html "Comparison Expressions") ----
** NULL < INTEGER/REAL (compared numerically) < TEXT (by collation) < BLOB
** (memcmp).  pColl NULL means BINARY. */
struct Coll {
  char *zName;                                       /* "BINARY", "NOCASE", "RTRIM", user */
  u8 enc;                                            /* preferred text encoding */
  void *pUser;                                       /* xCmp's first argument */
  int (*xCmp)(void *, int, const void *, int, const void *);
  void (*xDel)(void *);                              /* destroys pUser */
  Coll *pNext;                                       /* next in the connection's list */
};
int value_compare(const Value *a, const Value *b, const Coll *pColl);
extern Coll value_coll_binary;                       /* the built-in BINARY */
extern Coll value_coll_nocase;
extern Coll value_coll_rtrim;

/* ---- records (value-level): see record.h for the byte format ----
** rec_encode builds a record from nField values (with no affinity
** change), returning a mem_malloc'd buffer.  rec_decode_field extracts
** field i (0-based) of a record into a Value (VAL_EPHEM pointing into pRec
** when bEphem, else copied); a field beyond the record's end is NULL. */
int rec_encode(Value *aVal, int nField, u8 **ppOut, int *pnOut);
int rec_record_size(Value *aVal, int nField, i64 *pnOut);
int rec_decode_field(const u8 *pRec, int nRec, int iField, Value *pOut, int bEphem);
/* Compares record pRec with nKey unpacked key values under per-field
** collations and sort orders (aDesc[i] nonzero = DESC), SQLite's index
** order; fields beyond nKey are ignored; returns <0, 0, >0.  Malformed
** record: *pRc = SQLITE_CORRUPT. */
int rec_compare(const u8 *pRec, int nRec, const Value *aKey, int nKey, Coll *const *apColl,
                const u8 *aDesc, int *pRc);

/* ---- UTF helpers ---- */
int utf8_char_count(const unsigned char *z, int nByte);
int utf8_decode(const unsigned char **pz, const unsigned char *zEnd); /* next code point */
int utf8_encode(unsigned char *zOut, u32 c);         /* 1..4 bytes */

#endif /* ENGINE_VALUE_H */
