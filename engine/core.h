/*
** core.h: the vocabulary every layer shares.
**
** Owns: fixed-width integer names, the ASSERT family, the corruption-error
** helper, the allocator (mem_*), varints and big-endian helpers (util.c).
** Every engine, io and mvcc file may include this header; it includes only
** the C library and the public sqlite3.h.
**
** Invariants:
**   1. ASSERT is for programmer errors only.  Data read from disk or supplied
**      by a user is never asserted: it yields ERR_CORRUPT() or SQLITE_MISUSE.
**   2. Every allocation in the library goes through mem_*, so OOM fault
**      injection (mem_fault_*) reaches every allocation site.
*/
#ifndef ENGINE_CORE_H
#define ENGINE_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include "sqlite3.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t i8;
typedef int16_t i16;
typedef int32_t i32;
typedef int64_t i64;

#define ARRAY_SIZE(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define CORE_MIN(a, b) ((a) < (b) ? (a) : (b))
#define CORE_MAX(a, b) ((a) > (b) ? (a) : (b))
#define UNUSED(x) ((void)(x))

/* ASSERT is on in debug, sim and fuzz builds (SQLITE_DEBUG) and compiled
** out in release builds: a library must not abort its host.  ALWAYS/NEVER
** mark conditions believed impossible that release builds still handle. */
#ifdef SQLITE_DEBUG
void core_assert_fail(const char *zExpr, const char *zFile, int iLine);
#define ASSERT(x) ((x) ? (void)0 : core_assert_fail(#x, __FILE__, __LINE__))
#define ALWAYS(x) ((x) ? 1 : (core_assert_fail(#x, __FILE__, __LINE__), 0))
#define NEVER(x) ((x) ? (core_assert_fail(#x, __FILE__, __LINE__), 1) : 0)
#else
#define ASSERT(x) ((void)0)
#define ALWAYS(x) (x)
#define NEVER(x) (x)
#endif
#define TESTCASE(x) ((void)0)

/* Returns SQLITE_CORRUPT and records the source line that detected the
** corruption (visible with core_last_corrupt_line(), and logged through
** sqlite3_log when logging is configured). */
int core_corrupt_error(int iLine);
int core_last_corrupt_line(void);
#define ERR_CORRUPT() core_corrupt_error(__LINE__)
/* The error log (SQLITE_CONFIG_LOG).  compat/ installs the application's
** logger with core_set_logger; engine code reports through core_log with a
** finished message (no formatting here, so core stays a leaf). */
typedef void (*CoreLogFn)(void *pArg, int rc, const char *zMsg);
void core_set_logger(CoreLogFn xLog, void *pArg);
int core_log_enabled(void);
void core_log(int rc, const char *zMsg);
/* Same, for the other error families that report a line in SQLite. */
#define ERR_MISUSE() (SQLITE_MISUSE)
#define ERR_CANTOPEN() (SQLITE_CANTOPEN)

/* ---- allocator (mem.c) ------------------------------------------------
** mem_malloc returns 8-byte aligned memory or NULL; mem_size tells the
** usable size of a live block (sqlite3_msize).  mem_free(NULL) is a no-op.
** mem_fault_countdown(n): the n-th next allocation (n>=1) and, if
** bPersist, every one after it fails; n=0 disarms.  Used by OOM tests. */
void *mem_malloc(u64 n);
void *mem_zalloc(u64 n);
void *mem_realloc(void *p, u64 n);
void mem_free(void *p);
u64 mem_size(void *p);
char *mem_strdup(const char *z);            /* NULL in, NULL out */
char *mem_strndup(const char *z, int n);    /* copies at most n bytes, adds NUL */
i64 mem_used(void);                         /* bytes currently outstanding */
i64 mem_highwater(int bReset);
void mem_fault_countdown(int n, int bPersist);
int mem_fault_count(void);                  /* injected failures so far */

/* ---- varints and big-endian integers (util.c) ---------------------------
** SQLite's varint: 1..9 bytes, big-endian 7 bits per byte, the ninth byte
** contributes 8 bits.  varint_get reads at most 9 bytes; callers that read
** from untrusted buffers use varint_get_safe, which never reads past pEnd
** and returns 0 when the buffer ends first. */
int varint_put(u8 *p, u64 v);               /* returns bytes written (1..9) */
int varint_get(const u8 *p, u64 *pV);       /* returns bytes read (1..9) */
int varint_get_safe(const u8 *p, const u8 *pEnd, u64 *pV);
int varint_get32(const u8 *p, u32 *pV);     /* value clamped to 0xffffffff */
int varint_len(u64 v);
u32 get2(const u8 *p);
u32 get4(const u8 *p);
void put2(u8 *p, u32 v);
void put4(u8 *p, u32 v);

/* ---- small string helpers (util.c) ---------------------------------- */
int str_icmp(const char *a, const char *b);             /* ASCII case-fold */
int str_nicmp(const char *a, const char *b, int n);
extern const unsigned char core_upper_to_lower[256];

#endif /* ENGINE_CORE_H */
