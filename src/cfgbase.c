/*
 * cfgbase.c — `base = "FILE";` (cfgbase.h): loading the chain of base files, bounded like an
 * @include, and merging a file's settings into its base's tree.
 *
 * libconfig 1.5 has no way to copy a setting or to set where one was read, so the merge builds
 * new settings with config_setting_add and then sets their `line` and `file` members (public
 * fields of config_setting_t in libconfig.h); the file names they point to are owned by pli_base.
 */
#include "cfgbase.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  pli_base *b;
  pli_cfg_reader *rd;
  pli_guard_budget *budget;
  struct stat
      chain[PLI_BASE_MAX_DEPTH + 1]; /* the main file, then each base (st_nlink 0: unknown) */
  const char *last_in, *last_out;    /* bs_intern's cache */
} bs_ctx;

/* A copy of s owned by b (one per distinct name), or NULL when memory runs out. */
static const char *bs_intern(bs_ctx *c, const char *s) {
  if (s == c->last_in && s != NULL) {
    return c->last_out;
  }
  pli_base *b = c->b;
  for (size_t k = 0; k < b->n; k++) {
    if (strcmp(b->names[k], s) == 0) {
      return b->names[k];
    }
  }
  if (b->n == b->cap) {
    size_t cap = b->cap == 0 ? 8 : 2 * b->cap;
    char **bigger = realloc(b->names, cap * sizeof *bigger);
    if (bigger == NULL) {
      return NULL;
    }
    b->names = bigger;
    b->cap = cap;
  }
  size_t n = strlen(s) + 1;
  char *copy = malloc(n);
  if (copy == NULL) {
    return NULL;
  }
  memcpy(copy, s, n);
  b->names[b->n++] = copy;
  return copy;
}

/* dir/name as a path from the current directory (name itself when absolute or dir is NULL);
 * 0 when it does not fit in buf. */
static int bs_join(const char *dir, const char *name, char *buf, size_t n) {
  int len = name[0] == '/' || dir == NULL ? snprintf(buf, n, "%s", name)
                                          : snprintf(buf, n, "%s/%s", dir, name);
  return len >= 0 && (size_t)len < n;
}

/* The folder of path, or NULL for the current directory (as pl_scenario_load finds it). */
static void bs_dirname(const char *path, char *buf, size_t n, const char **dir) {
  const char *slash = strrchr(path, '/');
  if (slash == NULL) {
    *dir = NULL;
    return;
  }
  size_t len = (size_t)(slash - path);
  snprintf(buf, n, "%.*s", len == 0 ? 1 : (int)len, len == 0 ? "/" : path);
  *dir = buf;
}

/* Points every setting of s at the file it came from as a path from the current directory:
 * own_file for a setting read from the file's text (file NULL), dir/NAME for one of an @include
 * (libconfig records NAME as written, relative to the include folder). 0 when memory runs out. */
static int bs_normalize(bs_ctx *c, config_setting_t *s, const char *own_file, const char *dir) {
  if (s->file == NULL) {
    s->file = own_file;
  } else if (s->file != own_file) {
    char path[4096];
    (void)bs_join(dir, s->file, path, sizeof path); /* as long as libconfig could open */
    const char *in = s->file;
    const char *out = bs_intern(c, path);
    if (out == NULL) {
      return 0;
    }
    c->last_in = in;
    c->last_out = out;
    s->file = out;
  }
  if (config_setting_is_aggregate(s)) {
    for (int k = 0, n = config_setting_length(s); k < n; k++) {
      if (!bs_normalize(c, config_setting_get_elem(s, (unsigned)k), own_file, dir)) {
        return 0;
      }
    }
  }
  return 1;
}

/* A copy of src (its value, format, line and file) added to parent under name (NULL in a list
 * or an array). NULL when memory runs out. */
static config_setting_t *bs_copy(config_setting_t *parent, const char *name,
                                 const config_setting_t *src) {
  int type = config_setting_type(src);
  config_setting_t *s = config_setting_add(parent, name, type);
  if (s == NULL) {
    return NULL;
  }
  int ok = CONFIG_TRUE;
  switch (type) {
  case CONFIG_TYPE_INT:
    ok = config_setting_set_int(s, config_setting_get_int(src));
    break;
  case CONFIG_TYPE_INT64:
    ok = config_setting_set_int64(s, config_setting_get_int64(src));
    break;
  case CONFIG_TYPE_FLOAT:
    ok = config_setting_set_float(s, config_setting_get_float(src));
    break;
  case CONFIG_TYPE_BOOL:
    ok = config_setting_set_bool(s, config_setting_get_bool(src));
    break;
  case CONFIG_TYPE_STRING:
    ok = config_setting_set_string(s, config_setting_get_string(src));
    break;
  default: /* a group, a list or an array */
    for (int k = 0, n = config_setting_length(src); k < n && ok; k++) {
      const config_setting_t *e = config_setting_get_elem(src, (unsigned)k);
      ok = bs_copy(s, type == CONFIG_TYPE_GROUP ? config_setting_name(e) : NULL, e) != NULL;
    }
    break;
  }
  if (ok != CONFIG_TRUE) {
    return NULL;
  }
  s->format = src->format;
  s->line = src->line;
  s->file = src->file;
  return s;
}

/* Whether s is a list of groups, each with a string `id` (issues, agents, events). */
static int bs_id_list(const config_setting_t *s) {
  if (config_setting_type(s) != CONFIG_TYPE_LIST || config_setting_length(s) == 0) {
    return 0;
  }
  for (int k = 0, n = config_setting_length(s); k < n; k++) {
    const config_setting_t *e = config_setting_get_elem(s, (unsigned)k);
    const config_setting_t *id =
        config_setting_is_group(e) ? config_setting_get_member(e, "id") : NULL;
    if (id == NULL || config_setting_type(id) != CONFIG_TYPE_STRING) {
      return 0;
    }
  }
  return 1;
}

static const char *bs_id(const config_setting_t *e) {
  return config_setting_get_string(config_setting_get_member(e, "id"));
}

static int bs_merge_group(config_setting_t *dst, const config_setting_t *src, int top);

/* Merges the id list src into the id list dst (cfgbase.h). 0 when memory runs out. */
static int bs_merge_list(config_setting_t *dst, const config_setting_t *src) {
  int n_dst = config_setting_length(dst);
  for (int k = 0, n = config_setting_length(src); k < n; k++) {
    const config_setting_t *e = config_setting_get_elem(src, (unsigned)k);
    config_setting_t *match = NULL;
    for (int j = 0; j < n_dst && match == NULL; j++) {
      config_setting_t *d = config_setting_get_elem(dst, (unsigned)j);
      if (strcmp(bs_id(d), bs_id(e)) == 0) {
        match = d;
      }
    }
    if (match != NULL ? !bs_merge_group(match, e, 0) : bs_copy(dst, NULL, e) == NULL) {
      return 0;
    }
  }
  return 1;
}

static int bs_is_dist(const config_setting_t *s) {
  return config_setting_is_group(s) && config_setting_get_member(s, "dist") != NULL;
}

/* Merges group src into group dst (cfgbase.h); at the top level, `base` is left out. 0 when
 * memory runs out. */
static int bs_merge_group(config_setting_t *dst, const config_setting_t *src, int top) {
  for (int k = 0, n = config_setting_length(src); k < n; k++) {
    const config_setting_t *e = config_setting_get_elem(src, (unsigned)k);
    const char *name = config_setting_name(e);
    if (top && strcmp(name, "base") == 0) {
      continue;
    }
    config_setting_t *d = config_setting_get_member(dst, name);
    if (d != NULL && config_setting_is_group(d) && config_setting_is_group(e) && !bs_is_dist(d) &&
        !bs_is_dist(e)) {
      if (!bs_merge_group(d, e, 0)) {
        return 0;
      }
      continue;
    }
    if (d != NULL && bs_id_list(d) && bs_id_list(e)) {
      if (!bs_merge_list(d, e)) {
        return 0;
      }
      continue;
    }
    if (d != NULL) {
      config_setting_remove(dst, name);
    }
    if (bs_copy(dst, name, e) == NULL) {
      return 0;
    }
  }
  return 1;
}

/* The reporter of pli_guard_check_includes_budget. */
static void bs_report(void *arg, const char *file, int line, const char *message) {
  pli_cfg_reader *rd = arg;
  if (pl_diags_add(rd->diags, file, line, "%s", message) != PL_OK) {
    rd->nomem = 1;
  }
}

static config_t *bs_chain(bs_ctx *c, const config_setting_t *root, const char *dir, int depth);

/* Reads the base file at path (named by setting at, as written: name) at chain depth `depth`
 * (1 = the main file's base), and its own bases; returns its merged tree, or NULL after
 * reporting. */
static config_t *bs_load(bs_ctx *c, const config_setting_t *at, const char *name, const char *path,
                         int depth) {
  pli_cfg_reader *rd = c->rd;
  if (depth > PLI_BASE_MAX_DEPTH) {
    pli_cfg_error(rd, at, "base '%s': more than %d bases in a chain", name, PLI_BASE_MAX_DEPTH);
    return NULL;
  }
  if (++c->budget->includes > PLI_GUARD_MAX_INCLUDES) {
    pli_cfg_error(rd, at,
                  "base '%s': more than %u inclusions in all (each @include and base counts)", name,
                  PLI_GUARD_MAX_INCLUDES);
    return NULL;
  }
  struct stat st;
  if (stat(path, &st) != 0) {
    pli_cfg_error(rd, at, "base '%s': %s", name, strerror(errno));
    return NULL;
  }
  for (int k = 0; k < depth; k++) {
    if (c->chain[k].st_nlink > 0 && c->chain[k].st_dev == st.st_dev &&
        c->chain[k].st_ino == st.st_ino) {
      pli_cfg_error(rd, at, "base '%s': %s", name,
                    k == depth - 1 ? "a file cannot be its own base"
                                   : "it is based on this file (a cycle)");
      return NULL;
    }
  }
  c->chain[depth] = st;
  char *text = NULL;
  size_t len = 0;
  int err = 0;
  pli_guard_read_status rs = pli_guard_read_file(path, PLI_GUARD_MAX_FILE, &text, &len, &err);
  if (rs == PLI_READ_NOMEM) {
    rd->nomem = 1;
    return NULL;
  }
  if (rs != PLI_READ_OK) {
    pli_cfg_error(rd, at, "base '%s': %s", name, pli_guard_read_why(rs, err));
    return NULL;
  }
  int line = 1;
  size_t nul = pli_guard_find_nul(text, len, &line);
  if (nul < len) {
    free(text);
    pli_cfg_error(rd, at, "base '%s': a NUL byte at offset %zu: this is not a text file", name,
                  nul);
    return NULL;
  }
  char dirbuf[4096];
  const char *dir = NULL;
  bs_dirname(path, dirbuf, sizeof dirbuf, &dir);
  const char *own = bs_intern(c, path);
  config_t *cfg = own != NULL ? malloc(sizeof *cfg) : NULL;
  if (cfg == NULL) {
    free(text);
    rd->nomem = 1;
    return NULL;
  }
  config_init(cfg);
  config_set_options(cfg, CONFIG_OPTION_AUTOCONVERT);
  if (dir != NULL) {
    config_set_include_dir(cfg, dir);
  }
  size_t errors =
      pli_guard_check_includes_budget(text, own, dir, bs_report, rd, &rd->nomem, c->budget);
  int ok = errors == 0 && !rd->nomem;
  rd->errors += errors;
  if (ok && config_read_string(cfg, text) != CONFIG_TRUE) {
    char where[4096];
    const char *f = config_error_file(cfg);
    if (f != NULL) {
      (void)bs_join(dir, f, where, sizeof where);
    }
    const char *msg = config_error_text(cfg);
    rd->errors++;
    if (pl_diags_add(rd->diags, f != NULL ? where : own, config_error_line(cfg), "%s",
                     msg != NULL ? msg : "syntax error") != PL_OK) {
      rd->nomem = 1;
    }
    ok = 0;
  }
  free(text);
  c->last_in = NULL;
  if (ok && !bs_normalize(c, config_root_setting(cfg), own, dir)) {
    rd->nomem = 1;
    ok = 0;
  }
  config_t *merged = ok ? bs_chain(c, config_root_setting(cfg), dir, depth) : NULL;
  if (merged != NULL && merged != cfg &&
      !bs_merge_group(config_root_setting(merged), config_root_setting(cfg), 1)) {
    rd->nomem = 1;
    config_destroy(merged);
    free(merged);
    merged = NULL;
  }
  if (merged != cfg) { /* merged into its base's tree, or failed */
    config_destroy(cfg);
    free(cfg);
  }
  return merged;
}

/* For the file at chain depth `depth` whose root is root (its folder dir): the tree of its base
 * (loaded, with the base's own bases merged), or a pointer to root's own config when it has no
 * base, or NULL after reporting. */
static config_t *bs_chain(bs_ctx *c, const config_setting_t *root, const char *dir, int depth) {
  const config_setting_t *s = config_setting_get_member(root, "base");
  if (s == NULL) {
    return root->config;
  }
  const char *name = pli_cfg_string(c->rd, s, "base");
  if (name == NULL) {
    return NULL;
  }
  if (name[0] == '\0') {
    pli_cfg_error(c->rd, s, "base: an empty file name");
    return NULL;
  }
  char path[4096];
  if (!bs_join(dir, name, path, sizeof path)) {
    pli_cfg_error(c->rd, s, "base '%s': the path is too long", name);
    return NULL;
  }
  return bs_load(c, s, name, path, depth + 1);
}

const config_t *pli_base_apply(pli_base *b, config_t *main, const char *include_dir,
                               pli_cfg_reader *rd, pli_guard_budget *budget) {
  config_setting_t *root = config_root_setting(main);
  if (config_setting_get_member(root, "base") == NULL) {
    return main;
  }
  bs_ctx c = {.b = b, .rd = rd, .budget = budget};
  if (stat(rd->display, &c.chain[0]) != 0) { /* the main file, when display is its path */
    memset(&c.chain[0], 0, sizeof c.chain[0]);
  }
  if (!bs_normalize(&c, root, NULL, include_dir)) {
    rd->nomem = 1;
    return NULL;
  }
  rd->include_dir = NULL; /* every file name is now a path from the current directory */
  config_t *merged = bs_chain(&c, root, include_dir, 0);
  if (merged == NULL) {
    return NULL;
  }
  b->merged = merged;
  if (!bs_merge_group(config_root_setting(merged), root, 1)) {
    rd->nomem = 1;
    return NULL;
  }
  return merged;
}

void pli_base_free(pli_base *b) {
  if (b->merged != NULL) {
    config_destroy(b->merged);
    free(b->merged);
  }
  for (size_t k = 0; k < b->n; k++) {
    free(b->names[k]);
  }
  free(b->names);
  memset(b, 0, sizeof *b);
}
