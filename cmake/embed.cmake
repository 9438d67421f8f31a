# Turns a text file into a C source defining `const char SYMBOL[]` (NUL-terminated) and
# `const unsigned long SYMBOL_len` (bytes as character escapes, so any UTF-8 text compiles cleanly
# under -Wconversion). Used to compile the reference scenario into the binary.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUTPUT} "/* Generated from ${INPUT} by cmake/embed.cmake; do not edit. */\n"
  "extern const char ${SYMBOL}[];\nextern const unsigned long ${SYMBOL}_len;\n"
  "const char ${SYMBOL}[] = {\n${bytes}'\\0'};\nconst unsigned long ${SYMBOL}_len = ${len}UL;\n")
