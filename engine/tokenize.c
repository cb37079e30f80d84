/*
** tokenize.c: split SQL text into tokens (see tokenize.h).
**
** The rules follow the behaviour of SQLite 3.40 (observed with the sqlite3
** shell, documented in lang_expr.html and lang_keywords.html):
**   - whitespace is space, \t, \n, \f, \r (not \v); "--" comments run to the
**     end of the line, an unterminated block comment to the end of input;
**   - a number immediately followed by an identifier character is one
**     illegal token ("1abc"), except after a hex literal ("0x1g" is "0x1"
**     then "g");
**   - an unterminated quoted token is illegal up to the end of input;
**   - "$name", ":name", "@name" and "#name" accept Tcl-style "::"
**     separators and one "(...)" suffix that contains no whitespace;
**   - a vertical tab continues whitespace but cannot start it, and a slash-star
**     at the very end of the input is a slash, not a comment.
*/
#include "tokenize.h"

/* ---- keyword table ---------------------------------------------------- */

typedef struct KeywordInfo {
  const char *zName;    /* upper-case spelling */
  u8 nName;             /* its length */
  u8 eClass;            /* KWC_* */
  u16 type;             /* TK_* */
} KeywordInfo;

#define TOKENIZE_X_TABLE(name, cls) \
  {#name, (u8)(sizeof(#name) - 1), cls, TK_##name},
static const KeywordInfo aKeyword[] = {
  TOKENIZE_KEYWORDS(TOKENIZE_X_TABLE)
};
#undef TOKENIZE_X_TABLE

static const char *const azPunctName[] = {
  "EOF", "SPACE", "ILLEGAL", "ID", "STRING", "INTEGER", "FLOAT", "BLOB",
  "VARIABLE", "REGISTER", "SEMI", "LP", "RP", "COMMA", "DOT", "PLUS",
  "MINUS", "STAR", "SLASH", "REM", "CONCAT", "PTR", "EQ", "NE", "LT", "LE",
  "GT", "GE", "BITAND", "BITOR", "BITNOT", "LSHIFT", "RSHIFT"
};
_Static_assert(sizeof(azPunctName) / sizeof(azPunctName[0]) == TK_FIRST_KEYWORD,
               "azPunctName must name every non-keyword token");

static int ascii_upper(int c) {
  return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* Compare n bytes of z with keyword k, case-insensitively; memcmp order. */
static int kw_cmp(const char *z, int n, const KeywordInfo *k) {
  int m = n < k->nName ? n : k->nName;
  for (int i = 0; i < m; i++) {
    int c = ascii_upper((unsigned char)z[i]) - (unsigned char)k->zName[i];
    if (c != 0) return c;
  }
  return n - (int)k->nName;
}

int tokenize_keyword(const char *z, int n) {
  int lo = 0;
  int hi = ARRAY_SIZE(aKeyword) - 1;
  ASSERT(z != NULL && n >= 0);
  if (n < 2 || n > 17) return TK_ID;
  while (lo <= hi) {            /* bounded: halves each round */
    int mid = (lo + hi) / 2;
    int c = kw_cmp(z, n, &aKeyword[mid]);
    if (c == 0) return aKeyword[mid].type;
    if (c < 0) hi = mid - 1; else lo = mid + 1;
  }
  return TK_ID;
}

int tokenize_is_keyword(int type) {
  return type > TK_FIRST_KEYWORD && type < TK_COUNT;
}

int tokenize_kw_class(int type) {
  if (!tokenize_is_keyword(type)) return KWC_RESERVED;
  return aKeyword[type - TK_FIRST_KEYWORD - 1].eClass;
}

const char *tokenize_name(int type) {
  if (type >= 0 && type < TK_FIRST_KEYWORD) return azPunctName[type];
  if (tokenize_is_keyword(type)) return aKeyword[type - TK_FIRST_KEYWORD - 1].zName;
  return "?";
}

/* ---- byte classes ----------------------------------------------------- */

int tokenize_is_idchar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static int is_idstart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

int tokenize_is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int is_xdigit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int tokenize_is_plain_id(const char *z, int n) {
  if (n <= 0 || !is_idstart((unsigned char)z[0])) return 0;
  for (int i = 1; i < n; i++) {
    if (!tokenize_is_idchar((unsigned char)z[i])) return 0;
  }
  return tokenize_keyword(z, n) == TK_ID;
}

/* ---- token scanners: each returns the token length -------------------- */

/* Whitespace starting at z[0].  A vertical tab cannot start whitespace
** but continues it (SQLite: "1 \v+ 2" is fine, "1\v+ 2" is not). */
static int scan_space(const char *z, int n) {
  int i = 1;
  while (i < n && (tokenize_is_space((unsigned char)z[i]) || z[i] == '\v')) i++;
  return i;
}

static int scan_line_comment(const char *z, int n) {
  int i = 2;
  while (i < n && z[i] != '\n') i++;
  return i < n ? i + 1 : i;
}

static int scan_block_comment(const char *z, int n) {
  int i = 2;
  while (i + 1 < n && !(z[i] == '*' && z[i + 1] == '/')) i++;
  return (i + 1 < n) ? i + 2 : n;   /* unterminated: runs to the end */
}

/* Quoted token with close char q; doubled q escapes (not for ']').
** Returns the length, or -n when unterminated (illegal to the end). */
static int scan_quoted(const char *z, int n, char q) {
  for (int i = 1; i < n; i++) {
    if (z[i] != q) continue;
    if (q != ']' && i + 1 < n && z[i + 1] == q) { i++; continue; }
    return i + 1;
  }
  return -n;
}

/* Decimal or hex number, or a real starting with '.'. */
static int scan_number(const char *z, int n, int *pType) {
  int i = 0;
  *pType = TK_INTEGER;
  if (n >= 3 && z[0] == '0' && (z[1] == 'x' || z[1] == 'X') && is_xdigit((unsigned char)z[2])) {
    for (i = 3; i < n && is_xdigit((unsigned char)z[i]); i++) {}
    return i;
  }
  while (i < n && is_digit((unsigned char)z[i])) i++;
  if (i < n && z[i] == '.') {
    i++;
    while (i < n && is_digit((unsigned char)z[i])) i++;
    *pType = TK_FLOAT;
  }
  if (i < n && (z[i] == 'e' || z[i] == 'E')) {
    int j = i + 1;
    if (j < n && (z[j] == '+' || z[j] == '-')) j++;
    if (j < n && is_digit((unsigned char)z[j])) {
      while (j < n && is_digit((unsigned char)z[j])) j++;
      i = j;
      *pType = TK_FLOAT;
    }
  }
  if (i < n && tokenize_is_idchar((unsigned char)z[i])) {
    while (i < n && tokenize_is_idchar((unsigned char)z[i])) i++;
    *pType = TK_ILLEGAL;
  }
  return i;
}

/* "$name", ":name", "@name", "#name", with Tcl "::" separators and an
** optional "(...)" suffix; "#NNN" is a register (never valid SQL). */
static int scan_named_var(const char *z, int n, int *pType) {
  int i = 1;
  int nName = 0;
  *pType = TK_VARIABLE;
  while (i < n) {
    unsigned char c = (unsigned char)z[i];
    if (tokenize_is_idchar(c)) {
      nName++; i++;
    } else if (c == '(' && nName > 0) {
      int j = i + 1;
      while (j < n && z[j] != ')' && !tokenize_is_space((unsigned char)z[j])) j++;
      if (j < n && z[j] == ')') return j + 1;
      *pType = TK_ILLEGAL;
      return j;
    } else if (c == ':' && i + 1 < n && z[i + 1] == ':') {
      i += 2;
    } else {
      break;
    }
  }
  if (nName == 0) *pType = TK_ILLEGAL;
  else if (z[0] == '#' && is_digit((unsigned char)z[1])) *pType = TK_REGISTER;
  return i;
}

/* X'hex' blob literal; z[0] is x or X and z[1] is a quote. */
static int scan_blob(const char *z, int n, int *pType) {
  int i = 2;
  while (i < n && is_xdigit((unsigned char)z[i])) i++;
  if (i < n && z[i] == '\'' && (i - 2) % 2 == 0) {
    *pType = TK_BLOB;
    return i + 1;
  }
  *pType = TK_ILLEGAL;
  while (i < n && z[i] != '\'') i++;
  return i < n ? i + 1 : i;
}

static int scan_identifier(const char *z, int n, int *pType) {
  int i = 1;
  while (i < n && tokenize_is_idchar((unsigned char)z[i])) i++;
  *pType = tokenize_keyword(z, i);
  return i;
}

/* Two-character operators and the remaining punctuation. */
static int scan_operator(const char *z, int n, int *pType) {
  char c = z[0];
  char d = n > 1 ? z[1] : 0;
  switch (c) {
    case '-':
      if (d == '>') {
        *pType = TK_PTR;
        return (n > 2 && z[2] == '>') ? 3 : 2;
      }
      *pType = TK_MINUS; return 1;
    case '(': *pType = TK_LP; return 1;
    case ')': *pType = TK_RP; return 1;
    case ';': *pType = TK_SEMI; return 1;
    case '+': *pType = TK_PLUS; return 1;
    case '*': *pType = TK_STAR; return 1;
    case '/': *pType = TK_SLASH; return 1;
    case '%': *pType = TK_REM; return 1;
    case ',': *pType = TK_COMMA; return 1;
    case '&': *pType = TK_BITAND; return 1;
    case '~': *pType = TK_BITNOT; return 1;
    case '=': *pType = TK_EQ; return d == '=' ? 2 : 1;
    case '<':
      if (d == '=') { *pType = TK_LE; return 2; }
      if (d == '>') { *pType = TK_NE; return 2; }
      if (d == '<') { *pType = TK_LSHIFT; return 2; }
      *pType = TK_LT; return 1;
    case '>':
      if (d == '=') { *pType = TK_GE; return 2; }
      if (d == '>') { *pType = TK_RSHIFT; return 2; }
      *pType = TK_GT; return 1;
    case '!':
      if (d == '=') { *pType = TK_NE; return 2; }
      *pType = TK_ILLEGAL; return 1;
    case '|':
      if (d == '|') { *pType = TK_CONCAT; return 2; }
      *pType = TK_BITOR; return 1;
    default:
      *pType = TK_ILLEGAL; return 1;
  }
}

int tokenize_next(const char *z, int n, int *pType) {
  unsigned char c;
  int len;
  ASSERT(z != NULL && n >= 1);
  c = (unsigned char)z[0];
  if (tokenize_is_space(c)) { *pType = TK_SPACE; return scan_space(z, n); }
  if (c == '-' && n > 1 && z[1] == '-') { *pType = TK_SPACE; return scan_line_comment(z, n); }
  /* A slash-star opens a comment only if something follows it. */
  if (c == '/' && n > 2 && z[1] == '*') { *pType = TK_SPACE; return scan_block_comment(z, n); }
  if (c == '\'' || c == '"' || c == '`' || c == '[') {
    len = scan_quoted(z, n, c == '[' ? ']' : (char)c);
    if (len < 0) { *pType = TK_ILLEGAL; return -len; }
    *pType = c == '\'' ? TK_STRING : TK_ID;
    return len;
  }
  if (is_digit(c) || (c == '.' && n > 1 && is_digit((unsigned char)z[1]))) {
    return scan_number(z, n, pType);
  }
  if (c == '.') { *pType = TK_DOT; return 1; }
  if (c == '?') {
    for (len = 1; len < n && is_digit((unsigned char)z[len]); len++) {}
    *pType = TK_VARIABLE;
    return len;
  }
  if (c == '$' || c == ':' || c == '@' || c == '#') return scan_named_var(z, n, pType);
  if ((c == 'x' || c == 'X') && n > 1 && z[1] == '\'') return scan_blob(z, n, pType);
  if (is_idstart(c)) return scan_identifier(z, n, pType);
  return scan_operator(z, n, pType);
}
