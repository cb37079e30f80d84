# macros.awk - classify the macros a header defines and write a C program printing them.
#
# Input: "NAME<TAB>definition" lines (function-like macros keep "(args)" in NAME), for the
# union of both headers; when a name is defined by both, the first line wins (the caller
# puts the system header first).  Output: a C program that prints one line per macro:
#   NAME int|uint|long|ulong|llong|ullong VALUE   integer constants (type and value)
#   NAME str "VALUE"                              string literals
#   NAME ptr VALUE                                pointer constants (SQLITE_STATIC ...)
#   NAME text DEFINITION                          anything else: the definition as written
#   NAME <undefined>                              the header lacks the macro
# The text class cannot be printed from C: those names are written to the file named by
# the variable textfile, and the caller compares their -dM definitions itself.
BEGIN { FS = "\t" }
{
    name = $1; def = $2
    if (name in defn) next
    order[++n] = name; defn[name] = def
}
function classify(name,    d, rest, parts, k, i, cls) {
    if (name in cache) return cache[name]
    cache[name] = "text"                      # guards against self-reference
    d = defn[name]
    if (name ~ /[(]/ || d == "") cls = "text"
    else if (d ~ /^"/) cls = "str"
    else if (d ~ /sqlite3_destructor_type/) cls = "ptr"
    else if (d ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && (d in defn)) cls = classify(d)
    else {
        rest = d; cls = "int"
        k = split(d, parts, /[^A-Za-z0-9_]+/)
        for (i = 1; i <= k; i++) {
            if (parts[i] ~ /^[A-Za-z_]/) {
                if (!(parts[i] in defn) || classify(parts[i]) != "int") cls = "text"
            }
        }
        gsub(/[A-Za-z_][A-Za-z0-9_]*/, "", rest)
        gsub(/[0-9]+[uUlL]*|0[xX][0-9a-fA-F]+[uUlL]*/, "0", rest)
        if (rest !~ /^[-+()|&~<>^ 0]*$/) cls = "text"
    }
    cache[name] = cls
    return cls
}
END {
    print "#include <stdio.h>"
    print "#include <stdint.h>"
    print "#include \"sqlite3.h\""
    print "#define ABI_TYPE(x) _Generic((x), int: \"int\", unsigned: \"uint\", long: \"long\", \\"
    print "    unsigned long: \"ulong\", long long: \"llong\", unsigned long long: \"ullong\", \\"
    print "    default: \"other\")"
    print "int main(void)"
    print "{"
    for (i = 1; i <= n; i++) {
        name = order[i]; cls = classify(name)
        if (cls == "text") { print name > textfile; continue }
        print "#ifdef " name
        if (cls == "int")
            printf "    printf(\"%%s %%s %%lld\\n\", \"%s\", ABI_TYPE(%s), (long long)(%s));\n",
                name, name, name
        else if (cls == "str")
            printf "    printf(\"%%s str \\\"%%s\\\"\\n\", \"%s\", %s);\n", name, name
        else
            printf "    printf(\"%%s ptr %%lld\\n\", \"%s\", (long long)(intptr_t)(%s));\n",
                name, name
        print "#else"
        printf "    printf(\"%%s <undefined>\\n\", \"%s\");\n", name
        print "#endif"
    }
    print "    return 0;"
    print "}"
}
