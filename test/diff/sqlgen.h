/*
** sqlgen.h: the random SQL generator's interface (test/diff/sqlgen.c).
**
** The generator is a test tool, linked into the driver (diffrun) and into
** its own command-line front end (sqlgen); it never links the library.
**
** Invariants:
**   1. Same options (seed, features, statement count, mode) -> the same
**      script, byte for byte, on every platform: the PRNG is our own
**      64-bit generator and no floating point formatting depends on libc
**      locale (reals are printed from a fixed table of literals).
**   2. Scripts are deterministic SQL: no random(), randomblob(), date/time
**      'now', sqlite_source_id(), and no LIMIT/OFFSET without a total
**      ORDER BY, so any two correct engines give the same answers (modulo
**      row order of queries without a top-level ORDER BY).
**   3. In TLP mode every partition group is introduced by a line that
**      starts with SQLGEN_TLP_MARK, followed by exactly four statements:
**      Q, Q WHERE p, Q WHERE NOT p, Q WHERE p IS NULL (p may be combined
**      with an existing WHERE by AND).
*/
#ifndef TEST_DIFF_SQLGEN_H
#define TEST_DIFF_SQLGEN_H

#include <stdint.h>

/* One bit per language feature the generator can use. */
#define SQLGEN_F_EXPR      0x00001u /* scalar expressions, operators */
#define SQLGEN_F_AFFINITY  0x00002u /* declared types beyond INTEGER/TEXT */
#define SQLGEN_F_COLLATE   0x00004u /* COLLATE in DDL and expressions */
#define SQLGEN_F_INDEX     0x00008u /* CREATE [UNIQUE] INDEX, DROP INDEX */
#define SQLGEN_F_WHERE     0x00010u /* WHERE clauses */
#define SQLGEN_F_ORDERBY   0x00020u /* ORDER BY (made total) */
#define SQLGEN_F_GROUPBY   0x00040u /* aggregates, GROUP BY, HAVING */
#define SQLGEN_F_LIMIT     0x00080u /* LIMIT/OFFSET (only with ORDER BY) */
#define SQLGEN_F_DISTINCT  0x00100u /* SELECT DISTINCT */
#define SQLGEN_F_DML       0x00200u /* UPDATE, DELETE, INSERT OR ... */
#define SQLGEN_F_FUNC      0x00400u /* core scalar functions */
#define SQLGEN_F_JOIN      0x00800u /* joins between generated tables */
#define SQLGEN_F_SUBQUERY  0x01000u /* scalar/IN/EXISTS subqueries */
#define SQLGEN_F_CTE       0x02000u /* WITH (and WITH RECURSIVE) */
#define SQLGEN_F_WINDOW    0x04000u /* window functions */
#define SQLGEN_F_TRIGGER   0x08000u /* CREATE TRIGGER */
#define SQLGEN_F_UPSERT    0x10000u /* INSERT ... ON CONFLICT DO ... */
#define SQLGEN_F_COMPOUND  0x20000u /* UNION [ALL], INTERSECT, EXCEPT */
#define SQLGEN_F_TXN       0x40000u /* BEGIN/COMMIT/ROLLBACK/SAVEPOINT */
#define SQLGEN_F_ALTER     0x80000u /* ALTER TABLE ADD COLUMN */
#define SQLGEN_F_PRAGMA   0x100000u /* schema pragmas, case_sensitive_like */
#define SQLGEN_F_DMLLIMIT 0x200000u /* UPDATE/DELETE ... ORDER BY ... LIMIT */
#define SQLGEN_F_DATETIME 0x400000u /* date/time functions on fixed dates */

/* What the engine supports now (the brief's default). */
#define SQLGEN_F_DEFAULT (SQLGEN_F_EXPR | SQLGEN_F_AFFINITY | SQLGEN_F_COLLATE | \
  SQLGEN_F_INDEX | SQLGEN_F_WHERE | SQLGEN_F_ORDERBY | SQLGEN_F_GROUPBY | \
  SQLGEN_F_LIMIT | SQLGEN_F_DISTINCT | SQLGEN_F_DML | SQLGEN_F_FUNC)
#define SQLGEN_F_ALL 0x7fffffu

#define SQLGEN_TLP_MARK "-- tlp"

typedef struct SqlgenOpts {
  uint64_t seed;       /* the whole script is a function of this */
  unsigned feat;       /* SQLGEN_F_* mask */
  int nStmt;           /* approximate number of statements to emit */
  int bTlp;            /* emit TLP groups instead of plain queries */
} SqlgenOpts;

/* Returns a malloc'd NUL-terminated script (statements end in ";\n"), or
** NULL when out of memory.  The caller frees it with free(). */
char *sqlgen_script(const SqlgenOpts *pOpts);

/* Parses "expr,where,..." (names as above, lower case; "all", "default",
** "none", "+name" adds, "-name" removes from the default) into *pFeat.
** Returns 0 on success, -1 naming an unknown feature in *pzBad. */
int sqlgen_parse_features(const char *z, unsigned *pFeat, const char **pzBad);

/* Writes the comma-separated feature names of feat into buf (size n). */
void sqlgen_feature_names(unsigned feat, char *buf, int n);

#endif /* TEST_DIFF_SQLGEN_H */
