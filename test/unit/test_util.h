/*
** test_util.h: small helpers shared by the io and pager unit tests:
** scratch directories, whole-file reads, a sqlite3_log stub switch.
** Header-only (static functions) so each test stays one program.
*/
#ifndef TEST_UNIT_TEST_UTIL_H
#define TEST_UNIT_TEST_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under /tmp; the caller frees with tu_rmdir. */
static inline char *tu_mkdtemp(void) {
  char *z = strdup("/tmp/sqlt_test_XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(z));
  return z;
}

static inline void tu_rmdir(char *zDir) {
  char zCmd[600];
  snprintf(zCmd, sizeof(zCmd), "rm -rf '%s'", zDir);
  if (system(zCmd) != 0) fprintf(stderr, "cannot remove %s\n", zDir);
  free(zDir);
}

/* Path zDir/zName in a static rotating buffer (4 slots). */
static inline const char *tu_path(const char *zDir, const char *zName) {
  static char azBuf[4][600];
  static int i;
  char *z = azBuf[i++ & 3];
  snprintf(z, 600, "%s/%s", zDir, zName);
  return z;
}

/* Whole file as a malloc'd buffer, *pn its size; NULL if absent. */
static inline unsigned char *tu_read_file(const char *zPath, long *pn) {
  *pn = 0;
  FILE *f = fopen(zPath, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *a = malloc((size_t)n + 1);
  if (n > 0 && fread(a, 1, (size_t)n, f) != (size_t)n) n = 0;
  fclose(f);
  *pn = n;
  return a;
}

static inline int tu_exists(const char *zPath) {
  struct stat st;
  return stat(zPath, &st) == 0;
}

/* Runs a shell command, returns its exit status. */
static inline int tu_sh(const char *zCmd) {
  int rc = system(zCmd);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#endif /* TEST_UNIT_TEST_UTIL_H */
