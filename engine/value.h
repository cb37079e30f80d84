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
**   2. z is NULL unless VAL_STR, VAL_BLOB or VAL_PTR; for VAL_STR with
**      VAL_TERM the byte(s) after z[n-1] are a NUL terminator of the
**      encoding's width (value_text always returns terminated text).
**   3. A Value owns z only if z == zMalloc (buffer of szMalloc bytes) or
**      VAL_DYN is set (freed with xDel).  VAL_STATIC/VAL_EPHEM do not own.
**   4. A VAL_PTR value is a NULL (VAL_NULL|VAL_PTR) whose z is the pointer of
**      sqlite3_result_pointer and zPType its type tag; xDel (VAL_DYN)
**      destroys it.
**   5. Numbers converted to text keep their numeric flag (VAL_STR cache);
**      text converted to a number by a getter is NOT retyped: only the
**      affinity and cast functions change a value's storage class.
**   6. Text and blobs never exceed the connection's SQLITE_LIMIT_LENGTH
**      (1000000000 without a connection): setters return SQLITE_TOOBIG.
**
** Conversions (checked against sqlite3 3.40.1 in test/unit/value_test.c):
**   getters (value_int64/value_real) use the longest numeric prefix, clamp
**   on overflow and never retype; NUMERIC/INTEGER affinity converts only a
**   complete well-formed number, making an integral REAL an INTEGER;
**   CAST AS NUMERIC uses the prefix and keeps REALs unless integral and
**   below 2^51 in magnitude; REAL renders as "%!.15g" (1.0, 1.0e+100).
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
#define VAL_AGG     0x0400  /* z is an aggregate context (sqlite3_aggregate_context);
                            ** xDel, if set, cleans it up on release (func.h) */
#define VAL_SUBTYPE 0x0800  /* eSubtype is meaningful */
#define VAL_FROMBIND 0x1000 /* a bound parameter (sqlite3_value_frombind) */
#define VAL_NOCHNG  0x2000  /* sqlite3_value_nochange */
#define VAL_PTR     0x4000  /* invariant 4: sqlite3_result_pointer */
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
  const char *zPType;/* VAL_PTR: pointer type tag (static string of the caller) */
};

/* Longest text util_real_to_text produces, NUL included. */
#define VALUE_REAL_BUF 32

/* Affinities (datatype3.html).  Values are SQLite's letters so EXPLAIN
** output and affinity strings read the same. */
#define AFF_BLOB    'A'
#define AFF_TEXT    'B'
#define AFF_NUMERIC 'C'
#define AFF_INTEGER 'D'
#define AFF_REAL    'E'
#define AFF_NONE    0

/* ---- lifecycle ---- */
int value_is_valid(const Value *);                   /* debug checker of the invariants */
void value_init(Value *, struct sqlite3 *db);        /* NULL value, owns nothing */
Value *value_new(struct sqlite3 *db);                /* mem_malloc'd; value_free */
void value_free(Value *);                            /* release + free the struct */
void value_release(Value *);                         /* drop owned memory, become NULL */
int value_grow(Value *, int n, int bPreserve);       /* zMalloc >= n bytes; z=zMalloc */

/* ---- setters (all leave the previous content released) ---- */
void value_clear_owned(Value *);                     /* value_set_null, out of line */
/* The hot setters are inline: the VM sets a register on almost every op,
** and most registers hold no destructor (VAL_DYN/VAL_AGG) to run. */
static inline void value_set_null(Value *p) {
  if (p->flags & (VAL_DYN | VAL_AGG)) value_clear_owned(p);
  p->z = NULL;
  p->n = 0;
  p->xDel = NULL;
  p->zPType = NULL;
  p->eSubtype = 0;
  p->flags = VAL_NULL;
}
static inline void value_set_int(Value *p, i64 v) {
  value_set_null(p);
  p->u.i = v;
  p->flags = VAL_INT;
}
static inline void value_set_real(Value *p, double r) { /* NaN becomes NULL */
  value_set_null(p);
  if (r != r) return;
  p->u.r = r;
  p->flags = VAL_REAL;
}
/* xDel: SQLITE_STATIC, SQLITE_TRANSIENT (copy) or a destructor (takes
** ownership: called on every path, also on failure).  n < 0: up to NUL.
** Returns SQLITE_OK, SQLITE_NOMEM, SQLITE_TOOBIG. */
int value_set_text(Value *, const char *z, int n, u8 enc, void (*xDel)(void *));
/* z NULL: an empty blob.  (sqlite3_bind_blob/result_blob turn a NULL
** pointer into SQL NULL; func_result_blob does, the API must too.) */
int value_set_blob(Value *, const void *z, int n, void (*xDel)(void *));
void value_set_zeroblob(Value *, int n);
int value_copy(Value *pTo, const Value *pFrom);      /* deep copy */
void value_move(Value *pTo, Value *pFrom);           /* pFrom becomes NULL */
void value_shallow_copy(Value *pTo, const Value *pFrom); /* strings become VAL_EPHEM */
int value_make_writable(Value *);                    /* own the bytes (EPHEM -> copy) */
Value *value_dup(const Value *);                     /* sqlite3_value_dup; NULL on OOM */
/* sqlite3_result_pointer: p with type tag zPType; xDel may be NULL. */
void value_set_pointer(Value *, void *p, const char *zPType, void (*xDel)(void *));
void *value_pointer(const Value *, const char *zPType); /* NULL unless tags match */

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
/* Arithmetic operand (SQLite's rule for + - * / %): INT/REAL as is; text
** and blobs by their longest numeric prefix, INTEGER when that prefix has
** integer syntax and fits, else REAL.  Returns SQLITE_INTEGER (*piOut set),
** SQLITE_FLOAT (*prOut set) or SQLITE_NULL.  The value is not changed. */
int value_arith(Value *, i64 *piOut, double *prOut);
/* The VM's truth test (WHERE, IF): numeric value != 0; NULL is false. */
int value_is_true(Value *);
/* REAL -> text exactly as SQLite renders it ("%!.15g": 1.0, 1.0e+100, Inf).
** zBuf holds VALUE_REAL_BUF bytes; returns the length. */
int util_real_to_text(double r, char *zBuf);
/* Numeric-prefix parsing (sqlite3_value_int64 / CAST semantics): leading
** spaces skipped, longest numeric prefix used, overflow clamped.  Sets
** *pbInt when the prefix has integer syntax and fits in i64. */
double util_prefix_real(const char *z, int n, int *pbInt, i64 *piVal);
i64 util_prefix_int(const char *z, int n);

/* SQL-text to number conversion (datatype3 rules), UTF-8 text.
** util_atoi64: 0 the whole text (surrounding spaces allowed) is an integer
** that fits; 1 not an integer (*pOut = value of the integer prefix);
** 2 integer syntax but out of range (*pOut clamped).
** util_atof: 1 if the whole text (spaces allowed) is a well-formed number;
** *pOut gets the value of the longest numeric prefix in any case. */
int util_atoi64(const char *z, int n, i64 *pOut);
int util_atof(const char *z, int n, double *pOut);

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
/* Compares two strings under a collation (NULL = BINARY); UTF-8 unless
** the collation asks otherwise. */
int coll_compare(const Coll *pColl, const char *a, int na, const char *b, int nb);
/* The built-in collation named zName (case-insensitive), or NULL. */
Coll *coll_builtin(const char *zName);
extern Coll value_coll_binary;                       /* the built-in BINARY */
extern Coll value_coll_nocase;
extern Coll value_coll_rtrim;

/* ---- records (value-level, value_record.c): record.h has the bytes ----
** rec_encode builds a record from nField values (no affinity change;
** text is stored in the encoding it has), returning a mem_malloc'd buffer.
** rec_encode_size: the size rec_encode would produce.
** rec_decode_field extracts field i (0-based) into pOut (VAL_EPHEM pointing
** into pRec when bEphem, else copied; text in pOut->db->enc); a field past
** the record's end is NULL.  rec_decode_all decodes the first
** min(nMax, fields) fields into aOut[] and sets *pnField.
** All return SQLITE_OK, SQLITE_NOMEM, SQLITE_TOOBIG, or SQLITE_CORRUPT for
** a malformed record (never reading outside pRec[0..nRec)). */
int rec_encode(Value *aVal, int nField, u8 **ppOut, int *pnOut);
int rec_encode_size(Value *aVal, int nField, i64 *pnOut);
int rec_decode_field(const u8 *pRec, int nRec, int iField, Value *pOut, int bEphem);
int rec_decode_all(const u8 *pRec, int nRec, Value *aOut, int nMax, int bEphem, int *pnField);
/* Compares record pRec with nKey unpacked key values under per-field
** collations (apColl NULL or apColl[i] NULL = BINARY) and sort orders
** (aDesc NULL or aDesc[i] nonzero = DESC): SQLite's index order.  Fields
** beyond nKey are ignored; if the record has fewer fields, the common
** prefix decides (0 when equal).  Returns <0, 0, >0.  Malformed record:
** *pRc = SQLITE_CORRUPT (left untouched on success). */
int rec_compare(const u8 *pRec, int nRec, const Value *aKey, int nKey, Coll *const *apColl,
                const u8 *aDesc, int *pRc);

/* ---- UTF helpers ---- */
int utf8_char_count(const unsigned char *z, int nByte);
int utf8_decode(const unsigned char **pz, const unsigned char *zEnd); /* next code point */
int utf8_encode(unsigned char *zOut, u32 c);         /* 1..4 bytes */
/* Converts n bytes of text from encoding encFrom to encTo (UTF8, UTF16LE,
** UTF16BE; SQLITE_UTF16 means native).  Returns a mem_malloc'd buffer with
** a 2-byte NUL terminator and its length (terminator excluded) in *pnOut,
** or NULL on OOM.  Invalid sequences become U+FFFD. */
char *utf_translate(const char *z, int n, u8 encFrom, u8 encTo, int *pnOut);
int utf16_byte_len(const void *z, int nChar);        /* bytes of nChar chars (n<0: to NUL) */

#endif /* ENGINE_VALUE_H */
