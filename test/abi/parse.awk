# parse.awk - list the declarations of a preprocessed (gcc -E -P) sqlite3.h.
#
# Input: comment-free C text.  Output, one record per line, fields separated by a tab:
#   D <decl>                 a top-level declaration without a body (typedef, function, extern),
#                            whitespace collapsed, ending in ';'
#   F <name>                 the name of each function declared at top level
#   V <name>                 the name of each extern object declared at top level
#   S <tag>                  a struct with a body (nested definitions included)
#   M <tag> <member> <type>  one struct member; <type> is its declaration with the member
#                            name replaced by '@', so "typedef <type with @ -> T>;" names it
# Records appear in source order.  Any construct we cannot classify is reported on stderr
# and makes the script exit 1, so the ABI test never silently skips a declaration.
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }

# Split s at top-level occurrences of character sep; returns the count, pieces in out[1..n].
function split_top(s, sep, out,    n, i, c, depth, start) {
    n = 0; depth = 0; start = 1
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "(" || c == "{" || c == "[") depth++
        else if (c == ")" || c == "}" || c == "]") depth--
        else if (c == sep && depth == 0) {
            out[++n] = substr(s, start, i - start); start = i + 1
        }
    }
    if (trim(substr(s, start)) != "") out[++n] = substr(s, start)
    return n
}

# Position of the '}' matching the '{' at position open in s.
function match_brace(s, open,    i, c, depth) {
    depth = 0
    for (i = open; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "{") depth++
        else if (c == "}") { depth--; if (depth == 0) return i }
    }
    return 0
}

# Emit S/M records for the body of struct tag; nested struct definitions are emitted first
# and replaced in the member text by "struct <nested tag>".
function do_struct(tag, body,    n, parts, i, m, p, cl, inner, ntag, name, pre) {
    print "S\t" tag
    n = split_top(body, ";", parts)
    for (i = 1; i <= n; i++) {
        m = trim(parts[i])
        if (m == "") continue
        p = index(m, "{")
        if (p > 0) {
            cl = match_brace(m, p)
            pre = trim(substr(m, 1, p - 1))
            if (pre !~ /^struct [A-Za-z_][A-Za-z0-9_]*$/) { bad("nested: " m); continue }
            ntag = substr(pre, 8)
            inner = substr(m, p + 1, cl - p - 1)
            do_struct(ntag, inner)
            m = pre substr(m, cl + 1)
        }
        do_member(tag, m)
    }
}

function do_member(tag, m,    tmp, name, at, len) {
    if (split_top(m, ",", tmp) != 1) { bad("several declarators in " tag ": " m); return }
    if (match(m, /[(][*][ ]*[A-Za-z_][A-Za-z0-9_]*/)) {
        at = RSTART; len = RLENGTH
        name = substr(m, at, len); sub(/^[(][*][ ]*/, "", name)
        at = at + len - length(name)
    } else {
        tmp[0] = m; sub(/[ ]*(\[[^]]*\][ ]*)+$/, "", tmp[0])
        if (!match(tmp[0], /[A-Za-z_][A-Za-z0-9_]*$/)) { bad("member of " tag ": " m); return }
        at = RSTART; name = substr(tmp[0], RSTART, RLENGTH)
    }
    print "M\t" tag "\t" name "\t" substr(m, 1, at - 1) "@" substr(m, at + length(name))
}

function do_decl(d,    p, cl, tag, name, head) {
    p = index(d, "{")
    if (p > 0) {
        head = trim(substr(d, 1, p - 1))
        sub(/^typedef /, "", head)
        if (head !~ /^struct [A-Za-z_][A-Za-z0-9_]*$/) { bad("definition: " d); return }
        cl = match_brace(d, p)
        do_struct(substr(head, 8), substr(d, p + 1, cl - p - 1))
        if (d ~ /^typedef /) {
            # typedef struct X {...} Y;  ->  also check the typedef itself
            print "D\ttypedef " head " " trim(substr(d, cl + 1))
        }
        return
    }
    print "D\t" d
    if (d ~ /^typedef /) return
    if (d ~ /^extern / && d !~ /[(]/) {
        name = d; sub(/[ ]*(\[[^]]*\][ ]*)*;$/, "", name)
        if (!match(name, /[A-Za-z_][A-Za-z0-9_]*$/)) { bad("extern: " d); return }
        print "V\t" substr(name, RSTART, RLENGTH)
        return
    }
    # A function: the identifier right before the parameter list's '('.  Functions returning
    # function pointers do not occur in sqlite3.h; catch them as unclassifiable.
    if (!match(d, /[A-Za-z_][A-Za-z0-9_]*[ ]*[(]/) || d ~ /^[^(]*[(][ ]*[*]/) {
        bad("declaration: " d); return
    }
    name = substr(d, RSTART, RLENGTH); sub(/[ ]*[(]$/, "", name)
    print "F\t" name
}

function bad(msg) { print "parse.awk: cannot classify " msg > "/dev/stderr"; nbad++ }

{ text = text " " $0 }

END {
    gsub(/[ \t\r\n]+/, " ", text)
    n = split_top(text, ";", decl)
    for (i = 1; i <= n; i++) {
        d = trim(decl[i])
        if (d != "") do_decl(d ";")
    }
    exit nbad ? 1 : 0
}
