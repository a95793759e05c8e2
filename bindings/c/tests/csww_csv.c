/* The C side of the C/Rust comparison in test.sh: the CSWW summary of a data folder, by
 * org unit, as CSV on stdout. Usage: csww_csv DIR YEAR_END... (dates YYYY-MM-DD). */
#include "workforce.h"

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, wf_error *err) {
  fprintf(stderr, "%s: %s\n", what, wf_error_message(err).data);
  wf_error_free(err);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s DIR YEAR_END...\n", argv[0]);
    return 2;
  }
  size_t n = (size_t)(argc - 2);
  wf_date *ends = calloc(n, sizeof *ends);
  wf_error *err = NULL;
  for (size_t i = 0; i < n; i++) {
    if (wf_date_parse(wf_str_from_cstr(argv[i + 2]), &ends[i], &err) != WF_STATUS_OK) {
      free(ends);
      return fail("year end", err);
    }
  }
  wf_data *data = NULL;
  if (wf_data_load_dir(wf_str_from_cstr(argv[1]), false, &data, NULL, &err) != WF_STATUS_OK) {
    free(ends);
    return fail("load", err);
  }
  wf_result *result = NULL;
  wf_str all = {NULL, 0};
  wf_status st = wf_data_csww(data, ends, n, all, true, NULL, &result, &err);
  free(ends);
  wf_data_free(data);
  if (st != WF_STATUS_OK) return fail("csww", err);
  wf_string *csv = NULL;
  if (wf_result_to_csv(result, &csv, &err) != WF_STATUS_OK) {
    wf_result_free(result);
    return fail("csv", err);
  }
  wf_str text = wf_string_str(csv);
  fwrite(text.data, 1, text.len, stdout);
  wf_string_free(csv);
  wf_result_free(result);
  return 0;
}
