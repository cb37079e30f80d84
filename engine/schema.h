/*
** schema.h: the in-memory schema of each attached database (tables,
** columns, indexes) as code generation sees it.
**
** Owns: Schema/Table/Column/Index objects, loading them from the
** sqlite_schema table (page 1) of a database, column affinity from a
** declared type (datatype3.html section 3.1), the hooks the VM calls after
** DDL (schema_reload, schema_drop_table, schema_drop_index), and the fixed
** description of sqlite_schema itself.
**
** Invariants:
**   1. Every object of a Schema (and every string and AST node it points
**      to) lives in the Schema's arena and is released in one step by
**      schema_reset; nothing else owns schema memory.
**   2. Compiled programs never point into a Schema: codegen copies what the
**      VM needs (names, KeyInfo, defaults) into the program, so a schema may
**      be reset while statements exist.  Stale statements are caught by the
**      schema cookie check of OP_Transaction (SQLITE_SCHEMA -> reprepare).
**   3. A Schema with bLoaded set reflects sqlite_schema as of cookie
**      iCookie; schema_ensure reloads it whenever the file's cookie differs.
**   4. Table.iPKey is the index of the INTEGER PRIMARY KEY column (the rowid
**      alias) or -1; such a column is never stored in the record (a NULL
**      is stored in its place, as SQLite does).  Always -1 WITHOUT ROWID.
**   5. A WITHOUT ROWID table has pPk (never in pIndex, tnum = the table's
**      root): its index b-tree holds records of pPk->nColumn fields, the
**      PRIMARY KEY columns first, then the other columns in declaration
**      order (pPk->aiColumn is that storage order).  Its other indexes
**      store their key columns followed by the PRIMARY KEY columns they do
**      not already hold (nColumn fields, no rowid).
**
** References: fileformat2.html (sqlite_schema, autoindexes), datatype3.html.
*/
#ifndef ENGINE_SCHEMA_H
#define ENGINE_SCHEMA_H

#include "core.h"
#include "conn.h"
#include "ast.h"

typedef struct Table Table;
typedef struct Column Column;
typedef struct Index Index;
typedef struct CheckCons CheckCons;
typedef struct Trigger Trigger;
typedef struct FKey FKey;

/* One FOREIGN KEY constraint of a (child) table. */
struct FKey {
  int nCol;              /* number of columns */
  int *aiChild;          /* [nCol] child columns */
  const char *zParent;   /* parent table name */
  const char **azParent; /* [nCol] parent column names, or NULL: its PRIMARY KEY */
  u8 eOnDelete;          /* FkAction */
  u8 eOnUpdate;          /* FkAction */
  u8 bDeferred;          /* DEFERRABLE INITIALLY DEFERRED */
  FKey *pNext;           /* next FK of the same child table */
};

/* One trigger (its AST lives in the schema arena; codegen copies the
** steps into the statement arena before compiling them). */
struct Trigger {
  const char *zName;     /* trigger name */
  const char *zTable;    /* table or view it is attached to */
  u8 eTime;              /* TRIGGER_BEFORE / TRIGGER_AFTER / TRIGGER_INSTEAD_OF */
  u8 eEvent;             /* TRIGGER_INSERT / TRIGGER_UPDATE / TRIGGER_DELETE */
  IdList *pCols;         /* UPDATE OF columns, or NULL */
  Expr *pWhen;           /* WHEN condition, or NULL */
  int nStep;             /* body statements */
  Stmt **apStep;         /* the body */
  int iDb;               /* database of the trigger */
  Trigger *pNext;        /* next trigger of the same table */
};

/* One column of a table. */
struct Column {
  const char *zName;     /* column name as declared */
  const char *zType;     /* declared type text, NULL if none */
  char affinity;         /* AFF_* from the declared type */
  u8 notNull;            /* NOT NULL: conflict action (AstConflict), 0 if nullable */
  u8 bPrimKey;           /* part of the PRIMARY KEY */
  const char *zColl;     /* COLLATE name, NULL for BINARY */
  Expr *pDflt;           /* DEFAULT expression, or NULL */
  const char *zDfltText; /* DEFAULT as written (PRAGMA table_info) */
};

/* One CHECK constraint. */
struct CheckCons {
  Expr *pExpr;           /* the condition */
  const char *zName;     /* "name" of CONSTRAINT name, else the expr text */
  CheckCons *pNext;
};

/* Index kinds (how it came to exist). */
#define IDX_CREATED 0    /* CREATE INDEX */
#define IDX_UNIQUE 1     /* sqlite_autoindex for a UNIQUE constraint */
#define IDX_PRIMKEY 2    /* sqlite_autoindex for a non-rowid PRIMARY KEY */

/* One index.  Keys are (indexed columns..., rowid). */
struct Index {
  const char *zName;     /* index name */
  Table *pTable;         /* indexed table */
  int nKeyCol;           /* number of indexed columns (rowid excluded) */
  int nColumn;           /* record fields before any rowid (invariant 5): nKeyCol on a
                         ** rowid table */
  i16 *aiColumn;         /* [nColumn] table column, -1 = rowid, -2 = expression */
  Expr **apExpr;         /* [nColumn] expression of -2 columns, else NULL */
  u8 *aDesc;             /* [nColumn] 1 for DESC */
  const char **azColl;   /* [nColumn] collation names ("BINARY" default) */
  u32 tnum;              /* root page */
  u8 onError;            /* AstConflict for unique indexes; 0 = not unique */
  u8 idxType;            /* IDX_* */
  Expr *pPartial;        /* WHERE of a partial index, or NULL */
  const char *zSql;      /* CREATE INDEX text, NULL for autoindexes */
  Index *pNext;          /* next index of the same table */
};

/* Table types */
#define TAB_NORMAL 0
#define TAB_VIEW 1
#define TAB_VIRTUAL 2

/* One table or view. */
struct Table {
  const char *zName;     /* table name */
  int nCol;              /* number of columns */
  Column *aCol;          /* columns in declaration order */
  int iPKey;             /* rowid-alias column, -1 if none (invariant 4) */
  u8 pkOnError;          /* conflict action of the INTEGER PRIMARY KEY */
  u8 eType;              /* TAB_* */
  u8 bWithoutRowid;      /* WITHOUT ROWID (invariant 5) */
  u8 bAutoinc;           /* AUTOINCREMENT */
  u8 bSchemaTab;         /* sqlite_schema / sqlite_temp_schema */
  u32 tnum;              /* root page (0 for views) */
  Index *pIndex;         /* indexes, in creation order (never pPk) */
  Index *pPk;            /* WITHOUT ROWID: the PRIMARY KEY (invariant 5), else NULL */
  CheckCons *pCheck;     /* CHECK constraints */
  Trigger *pTrigger;     /* triggers on this table, in creation order */
  FKey *pFKey;           /* FOREIGN KEY constraints (this table is the child) */
  Select *pSelect;       /* view definition */
  const char *zSql;      /* CREATE text */
  int iDb;               /* database index (0 main, 1 temp) */
  Table *pNext;          /* next table of the schema */
};

/* Per-database schema (Db.pSchema). */
struct Schema {
  Arena arena;           /* invariant 1 */
  u32 iCookie;           /* schema cookie it was loaded at */
  u8 bLoaded;            /* invariant 3 */
  u8 fileFormat;         /* header schema format number */
  Table *pTables;        /* tables and views */
  Table *pSchemaTab;     /* the sqlite_schema table object */
};

/* Affinity of a declared type (datatype3.html 3.1).  NULL -> AFF_BLOB. */
char schema_affinity(const char *zType);

/* The Schema of database iDb, allocated on first use (NULL on OOM). */
Schema *schema_get(sqlite3 *db, int iDb);
/* Makes db->aDb[iDb]'s schema current: loads it if not loaded or if the
** file's schema cookie changed.  Opens and ends a read transaction itself
** when none is active.  Returns SQLITE_OK, SQLITE_NOMEM, SQLITE_CORRUPT,
** SQLITE_BUSY, SQLITE_NOTADB, IOERR; on error *pzErr (mem_malloc'd) may
** carry a message ("malformed database schema (x)"). */
int schema_ensure(sqlite3 *db, int iDb, char **pzErr);
/* Forgets db->aDb[iDb]'s schema (invariant 1): the next schema_ensure
** reloads it.  iDb < 0: every database. */
void schema_reset(sqlite3 *db, int iDb);
/* Frees every Schema of the connection (called by close). */
void schema_free_all(sqlite3 *db);

/* VM hooks.  OP_ParseSchema: reload the schema of iDb from sqlite_schema
** inside the current transaction (zWhere is accepted for SQLite's operand
** shape; the whole schema is re-read).  OP_DropTable/OP_DropIndex: forget
** one object.  schema_reload returns SQLITE_OK or an error code. */
int schema_reload(sqlite3 *db, int iDb, const char *zWhere);
void schema_drop_table(sqlite3 *db, int iDb, const char *zName);
void schema_drop_index(sqlite3 *db, int iDb, const char *zName);

/* Lookups (case-insensitive).  zDb NULL searches temp then main. */
Table *schema_find_table(sqlite3 *db, const char *zDb, const char *zName);
Index *schema_find_index(sqlite3 *db, const char *zDb, const char *zName);
Trigger *schema_find_trigger(sqlite3 *db, const char *zDb, const char *zName);
/* Storage position of column iCol in the records of pTab (its PRIMARY
** KEY order for a WITHOUT ROWID table, else iCol). */
int schema_column_storage(const Table *pTab, int iCol);
/* Column index of zName in pTab, -1 if none. */
int schema_column_index(const Table *pTab, const char *zName);
/* Is zName the name of the rowid ("rowid", "oid", "_rowid_")? */
int schema_is_rowid_name(const char *zName);

/* Builds a Table from a CREATE TABLE statement (in pSchema's arena). On
** error returns NULL and sets *pzErr (mem_malloc'd) when it has a message. */
Table *schema_table_from_ast(Schema *pSchema, const Stmt *pStmt, char **pzErr);
/* Builds an Index from a CREATE INDEX statement against pTab. */
Index *schema_index_from_ast(Schema *pSchema, Table *pTab, const Stmt *pStmt, char **pzErr);
/* Adds the automatic indexes of pTab's UNIQUE/PRIMARY KEY constraints
** (tnum 0) in SQLite's order, named sqlite_autoindex_<tab>_<n>. */
int schema_add_autoindexes(Schema *pSchema, Table *pTab, const Stmt *pStmt);

#endif /* ENGINE_SCHEMA_H */
