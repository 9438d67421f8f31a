/*
 * dict.c — prints the libFuzzer dictionary entries that the scenario schema defines: every key a
 * scenario group allows and every name of a kind (protocols, roles, utilities), one quoted word a
 * line. fuzz/run.sh appends them to fuzz/scenario.dict (the words the schema does not hold), so
 * the fuzzer knows every key as soon as a row is added to src/schema.h.
 */
#include <stdio.h>

#include "schema.h"

int main(void) {
  for (unsigned g = 0; g < PLI_GROUP_COUNT; g++) {
    const char *keys[64];
    size_t n = pli_schema_keys((pli_group)g, keys, 64);
    for (size_t k = 0; k < n && k < 64; k++) {
      printf("\"%s\"\n", keys[k]);
    }
  }
  for (unsigned w = 0; w < PLI_WORDS_COUNT; w++) {
    for (unsigned v = 0; pli_schema_word((pli_words)w, v) != NULL; v++) {
      printf("\"%s\"\n", pli_schema_word((pli_words)w, v));
    }
  }
  return ferror(stdout) ? 1 : 0;
}
