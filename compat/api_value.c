/*
** api_value.c: sqlite3_value_* accessors over engine/value.h.
**
** Invariants:
**   1. A NULL sqlite3_value* is treated as an SQL NULL by every getter
**      (SQLite tolerates it too), never dereferenced.
**   2. Text getters convert in place (value.h), so the pointer they return
**      stays valid until the next conversion or change of that value.
**
** References: c3ref/value_blob.html, c3ref/value_dup.html,
** c3ref/value_subtype.html.
*/
#include "compat/api.h"

/* Runs a text conversion and records an OOM on the owning connection, so
** the next API exit reports it. */
static const void *api_value_text(sqlite3_value *v, u8 enc) {
  if (v == NULL) return NULL;
  const void *z = value_text(v, enc);
  if (z == NULL && (v->flags & VAL_NULL) == 0 && v->db != NULL) v->db->mallocFailed = 1;
  return z;
}

const void *sqlite3_value_blob(sqlite3_value *v) { return v == NULL ? NULL : value_blob(v); }
int sqlite3_value_bytes(sqlite3_value *v) { return v == NULL ? 0 : value_bytes(v, SQLITE_UTF8); }
int sqlite3_value_bytes16(sqlite3_value *v) {
  return v == NULL ? 0 : value_bytes(v, API_UTF16NATIVE);
}
double sqlite3_value_double(sqlite3_value *v) { return v == NULL ? 0.0 : value_real(v); }
int sqlite3_value_int(sqlite3_value *v) { return v == NULL ? 0 : (int)value_int64(v); }
sqlite3_int64 sqlite3_value_int64(sqlite3_value *v) { return v == NULL ? 0 : value_int64(v); }
void *sqlite3_value_pointer(sqlite3_value *v, const char *zType) {
  return v == NULL ? NULL : value_pointer(v, zType);
}
const unsigned char *sqlite3_value_text(sqlite3_value *v) {
  return api_value_text(v, SQLITE_UTF8);
}
const void *sqlite3_value_text16(sqlite3_value *v) { return api_value_text(v, API_UTF16NATIVE); }
const void *sqlite3_value_text16le(sqlite3_value *v) { return api_value_text(v, SQLITE_UTF16LE); }
const void *sqlite3_value_text16be(sqlite3_value *v) { return api_value_text(v, SQLITE_UTF16BE); }
int sqlite3_value_type(sqlite3_value *v) { return v == NULL ? SQLITE_NULL : value_type(v); }
int sqlite3_value_numeric_type(sqlite3_value *v) {
  return v == NULL ? SQLITE_NULL : value_numeric_type(v);
}

int sqlite3_value_encoding(sqlite3_value *v) {
  if (v == NULL || (v->flags & VAL_STR) == 0) return 0;
  return v->enc;
}

unsigned int sqlite3_value_subtype(sqlite3_value *v) {
  if (v == NULL || (v->flags & VAL_SUBTYPE) == 0) return 0;
  return v->eSubtype;
}

int sqlite3_value_nochange(sqlite3_value *v) {
  return v != NULL && (v->flags & (VAL_NULL | VAL_NOCHNG)) == (VAL_NULL | VAL_NOCHNG);
}

int sqlite3_value_frombind(sqlite3_value *v) { return v != NULL && (v->flags & VAL_FROMBIND); }

sqlite3_value *sqlite3_value_dup(const sqlite3_value *v) {
  if (v == NULL) return NULL;
  return value_dup(v);
}

void sqlite3_value_free(sqlite3_value *v) {
  if (v != NULL) value_free(v);
}
