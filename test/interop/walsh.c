/*
** walsh.c: a tiny shell over this library for test/interop/wal_interop.sh.
** Usage: walsh DB ARG...  Each ARG is SQL (rows printed "a|b", errors as
** "ERR: <extended code> <message>", execution goes on) or a command:
**   !sh CMD        runs CMD with system(), so a real sqlite3 can act while
**                  this connection stays open (and keeps its snapshot);
**   !kill          dies by SIGKILL: no close, no checkpoint, files left;
**   !loop N SQL    runs SQL N times, stopping at the first error;
**   !timeout MS    sqlite3_busy_timeout.
**
** Invariants:
**   1. The connection opened on DB stays open until the last ARG (or !kill).
**   2. Output is flushed before every !sh and !kill, so interleaved output
**      of both processes reads in order.
*/
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3.h"

static int walsh_row(void *pArg, int n, char **azVal, char **azCol) {
  (void)pArg;
  (void)azCol;
  for (int i = 0; i < n; i++) printf("%s%s", i ? "|" : "", azVal[i] ? azVal[i] : "");
  printf("\n");
  return 0;
}

static int walsh_sql(sqlite3 *db, const char *zSql) {
  char *zErr = NULL;
  int rc = sqlite3_exec(db, zSql, walsh_row, NULL, &zErr);
  if (rc != SQLITE_OK) printf("ERR: %d %s\n", sqlite3_extended_errcode(db), zErr ? zErr : "");
  sqlite3_free(zErr);
  return rc;
}

static void walsh_loop(sqlite3 *db, const char *zArg) {
  char *zEnd = NULL;
  long n = strtol(zArg, &zEnd, 10);
  while (zEnd && *zEnd == ' ') zEnd++;
  for (long i = 0; i < n && zEnd; i++) {
    if (walsh_sql(db, zEnd) != SQLITE_OK) break;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: walsh DB ARG...\n");
    return 2;
  }
  sqlite3 *db = NULL;
  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    printf("ERR: cannot open %s\n", argv[1]);
    return 1;
  }
  for (int i = 2; i < argc; i++) {
    const char *z = argv[i];
    fflush(stdout);
    if (strncmp(z, "!sh ", 4) == 0) {
      if (system(z + 4) == -1) printf("ERR: system\n");
    } else if (strcmp(z, "!kill") == 0) {
      raise(SIGKILL);
    } else if (strncmp(z, "!loop ", 6) == 0) {
      walsh_loop(db, z + 6);
    } else if (strncmp(z, "!timeout ", 9) == 0) {
      sqlite3_busy_timeout(db, atoi(z + 9));
    } else {
      walsh_sql(db, z);
    }
  }
  fflush(stdout);
  return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
}
