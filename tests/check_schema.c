/*
 * check_schema.c — the tables of src/schema.h and what is derived from them.
 *
 * Every key a scenario file may hold (taken from the schema, not listed here) must be documented
 * in docs/scenario-format.md as a table row "| `KEY`"; every role and utility must appear there,
 * and every protocol must have its section in docs/protocols.md. (The fuzzer's dictionary is
 * printed from the schema by fuzz/dict.c, so it needs no check.) The layout of an agent's
 * parameters follows the field map: the stride is the sum of the fields' slots and locate() inverts
 * the offsets. A set of every field round-trips through --set and the writer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/scenario.h"
#include "scenario_internal.h"
#include "schema.h"

#ifndef PARLEY_SOURCE_DIR
#error "PARLEY_SOURCE_DIR must be defined by the build"
#endif

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(s);
  ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

/* Whether the docs have a table row for key (or mention the word). */
static void check_word(const char *docs, const char *word, int table_row) {
  char pat[128];
  snprintf(pat, sizeof pat, table_row ? "| `%s`" : "%s", word);
  ck_assert_msg(strstr(docs, pat) != NULL, "docs/scenario-format.md does not document '%s'", word);
}

START_TEST(test_docs_and_dictionary_cover_the_schema) {
  char *docs = slurp(PARLEY_SOURCE_DIR "/docs/scenario-format.md");
  size_t checked = 0;
  for (unsigned g = 0; g < PLI_GROUP_COUNT; g++) {
    const char *keys[64];
    size_t n = pli_schema_keys((pli_group)g, keys, 64);
    ck_assert_uint_le(n, 64);
    ck_assert_uint_gt(n, 0);
    for (size_t k = 0; k < n; k++, checked++) {
      check_word(docs, keys[k], 1);
      ck_assert(pli_schema_key_allowed((pli_group)g, keys[k]));
    }
    ck_assert(!pli_schema_key_allowed((pli_group)g, "no_such_key"));
  }
  /* Roles and utilities are words of the scenario format; a protocol has its own section in
   * docs/protocols.md ("## `NAME` — ..."), which is where a new protocol is documented. */
  char *protocols = slurp(PARLEY_SOURCE_DIR "/docs/protocols.md");
  for (unsigned v = 0; pli_schema_word(PLI_WORDS_PROTOCOL, v) != NULL; v++) {
    char pat[128];
    snprintf(pat, sizeof pat, "\n## `%s`", pli_schema_word(PLI_WORDS_PROTOCOL, v));
    ck_assert_msg(strstr(protocols, pat) != NULL, "docs/protocols.md has no section '## `%s`'",
                  pli_schema_word(PLI_WORDS_PROTOCOL, v));
  }
  free(protocols);
  for (unsigned w = 0; w < PLI_WORDS_COUNT; w++) {
    for (unsigned v = 0; pli_schema_word((pli_words)w, v) != NULL; v++, checked++) {
      if (w == PLI_WORDS_PROTOCOL) {
        continue; /* checked above */
      }
      check_word(docs, pli_schema_word((pli_words)w, v), 0);
      ck_assert_int_eq(pli_schema_word_find((pli_words)w, pli_schema_word((pli_words)w, v)),
                       (int)v);
    }
  }
  /* 9 top-level keys (base among them) and the PL_RECORD_COUNT keys of what happened, 5 issue keys,
   * 4 + PLI_FIELD_COUNT agent keys, the settings, 5 sweep keys, the event and change keys, and the
   * words (with those of quota_weight and text): every row of every table was seen. */
  ck_assert_uint_eq(checked, 9 + PL_RECORD_COUNT + 5 + 4 + PLI_FIELD_COUNT + PLI_SETTING_COUNT + 5 +
                                 PLI_EVKEY_COUNT + PLI_CHKEY_COUNT + PL_PROTOCOL_COUNT +
                                 PL_ROLE_COUNT + PL_UTILITY_COUNT + PLI_QUOTA_WEIGHT_COUNT +
                                 PLI_TEXT_COUNT);
  free(docs);
}
END_TEST

START_TEST(test_layout_follows_the_field_map) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_reference(d, &sc), PL_OK);
  size_t ni = pl_scenario_n_issues(sc), na = pl_scenario_n_agents(sc);
  /* Each agent owns 1 slot per scalar field, n_issues per issue field and n_parties per party
   * field that its role may give: a party has no leverage slots, so parameters grow as
   * agents x (issues + parties). */
  size_t np = pl_scenario_n_parties(sc), total = 0;
  for (size_t i = 0; i < na; i++) {
    size_t block = 0;
    for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
      const pli_field_def *def = pli_schema_field((pli_field)f);
      if (def->allowed & (1u << pl_scenario_agent_role(sc, i))) {
        block += def->shape == PLI_SHAPE_SCALAR ? 1 : def->shape == PLI_SHAPE_ISSUE ? ni : np;
      }
    }
    ck_assert_uint_eq(pli_scn_block(pl_scenario_agent_role(sc, i), ni, np), block);
    ck_assert_uint_eq(sc->agents[i].base, total);
    total += block;
  }
  /* After the agents' blocks, one slot per PARAM setting, in map order. */
  ck_assert_uint_eq(sc->n_agent_params, total);
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    if (pli_schema_setting((pli_setting)s)->type == PLI_VALUE_PARAM) {
      ck_assert_uint_eq(pli_scn_param_setting(sc, total), s);
      total++;
    }
  }
  ck_assert_uint_eq(pl_scenario_n_params(sc), total);
  for (size_t k = 0; k < sc->n_agent_params; k++) {
    size_t i, j;
    pli_field f;
    pli_scn_param_locate(sc, k, &i, &f, &j);
    ck_assert_uint_lt(f, PLI_FIELD_COUNT);
    ck_assert_uint_eq(pli_scn_agent_field(&sc->agents[i], f) + j, k);
    ck_assert_uint_eq(pli_scn_param_setting(sc, k), PLI_SETTING_COUNT);
  }
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

/* Every field and every numeric setting can be set by its path, and the written scenario loads
 * back to the same text (the writer and the loader are derived from the same rows). */
START_TEST(test_every_row_set_written_and_read_back) {
  pl_diags *d = pl_diags_alloc();
  pl_scenario *sc = NULL;
  ck_assert_int_eq(pl_scenario_load_reference(d, &sc), PL_OK);
  const char *agent = NULL, *party = NULL, *issue = pl_scenario_issue_id(sc, 0);
  for (size_t i = 0; i < pl_scenario_n_agents(sc); i++) {
    if (pl_scenario_agent_role(sc, i) == PL_ROLE_MEDIATOR && agent == NULL) {
      agent = pl_scenario_agent_id(sc, i);
    }
    if (pl_scenario_agent_role(sc, i) == PL_ROLE_PARTY && party == NULL) {
      party = pl_scenario_agent_id(sc, i);
    }
  }
  ck_assert_ptr_nonnull(agent);
  ck_assert_ptr_nonnull(party);
  /* pl_scenario_set replaces the model, ids included: keep copies. */
  char med_id[64], party_id[64], issue_id[64];
  snprintf(med_id, sizeof med_id, "%s", agent);
  snprintf(party_id, sizeof party_id, "%s", party);
  snprintf(issue_id, sizeof issue_id, "%s", issue);
  for (unsigned f = 0; f < PLI_FIELD_COUNT; f++) {
    const pli_field_def *def = pli_schema_field((pli_field)f);
    char set[256];
    const char *who = (def->allowed & PLI_ROLES_PARTY) ? party_id : med_id;
    if (def->shape == PLI_SHAPE_SCALAR) {
      snprintf(set, sizeof set, "agents.%s.%s=0.5", who, def->key);
    } else {
      snprintf(set, sizeof set, "agents.%s.%s.%s=0.5", who, def->key,
               def->shape == PLI_SHAPE_ISSUE ? issue_id : party_id);
    }
    ck_assert_msg(pl_scenario_set(sc, set, d) == PL_OK, "%s rejected: %s", set,
                  pl_diags_count(d) ? pl_diags_message(d, 0) : "");
  }
  for (unsigned s = 0; s < PLI_SETTING_COUNT; s++) {
    const pli_setting_def *def = pli_schema_setting((pli_setting)s);
    char set[256];
    if (def->type == PLI_VALUE_PROTOCOL || def->type == PLI_VALUE_AGENT) {
      continue;
    }
    snprintf(set, sizeof set, "%s.%s=%s", def->section, def->key,
             def->type == PLI_VALUE_WORD ? pli_schema_word((pli_words)def->words, 1)
             : def->type == PLI_VALUE_REAL || def->type == PLI_VALUE_PARAM ? "0.25"
             : def->uhi < 7                                                ? "1"
                                                                           : "7");
    ck_assert_msg(pl_scenario_set(sc, set, d) == PL_OK, "%s rejected", set);
  }
  char *a = NULL, *b = NULL;
  size_t na = 0, nb = 0;
  FILE *f = open_memstream(&a, &na);
  ck_assert_int_eq(pl_scenario_write(sc, f), PL_OK);
  fclose(f);
  pl_scenario *back = NULL;
  ck_assert_int_eq(pl_scenario_load_string(a, "written", NULL, d, &back), PL_OK);
  f = open_memstream(&b, &nb);
  ck_assert_int_eq(pl_scenario_write(back, f), PL_OK);
  fclose(f);
  ck_assert_str_eq(a, b);
  ck_assert_double_eq(pl_scenario_breakdown(back), 0.25);
  ck_assert_uint_eq(pl_scenario_max_rounds(back), 7);
  ck_assert_uint_eq(pl_scenario_seed(back), 7);
  free(a);
  free(b);
  pl_scenario_free(back);
  pl_scenario_free(sc);
  pl_diags_free(d);
}
END_TEST

START_TEST(test_protocol_party_bounds_from_the_map) {
  size_t lo, hi;
  pli_schema_protocol_parties(PL_PROTOCOL_ALTERNATING, &lo, &hi);
  ck_assert_uint_eq(lo, 2);
  ck_assert_uint_eq(hi, 2);
  pli_schema_protocol_parties(PL_PROTOCOL_MEDIATED, &lo, &hi);
  ck_assert_uint_eq(hi, 0);
  char list[128];
  /* The list names every protocol of the map, in map order, the last after " or " (built here
   * from the map, so that adding a protocol does not touch this test). */
  pli_schema_word_list(PLI_WORDS_PROTOCOL, 0, list, sizeof list);
  char want[128] = "";
  for (unsigned v = 0; v < PL_PROTOCOL_COUNT; v++) {
    size_t used = strlen(want);
    snprintf(want + used, sizeof want - used, "%s%s",
             v == 0                       ? ""
             : v + 1 == PL_PROTOCOL_COUNT ? " or "
                                          : ", ",
             pl_protocol_kind_name((pl_protocol_kind)v));
  }
  ck_assert_str_eq(list, want);
  ck_assert(strncmp(list, "mediated, alternating", 21) == 0);
  pli_schema_word_list(PLI_WORDS_ROLE, 1, list, sizeof list);
  ck_assert_str_eq(list, "\"party\" or \"mediator\"");
}
END_TEST

int main(void) {
  Suite *s = suite_create("schema");
  TCase *tc = tcase_create("schema");
  tcase_add_test(tc, test_docs_and_dictionary_cover_the_schema);
  tcase_add_test(tc, test_layout_follows_the_field_map);
  tcase_add_test(tc, test_every_row_set_written_and_read_back);
  tcase_add_test(tc, test_protocol_party_bounds_from_the_map);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
