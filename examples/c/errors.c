/* How libworkforce reports errors: each call returns a wf_status; with a non-NULL
 * `wf_error **err_out`, a failing call also hands over an error object (message, kind, and
 * the file, row, column and value concerned) that the caller frees. Nothing else is written
 * on failure. */
#include "workforce.h"

#include <stdio.h>
#include <string.h>

static int shown;

/* Print an error and free it; returns the status so callers can branch on it. */
static wf_status show(const char *what, wf_status st, wf_error *err) {
  shown++;
  printf("%-28s -> %s (%u)", what, wf_status_name(st).data, (unsigned)st);
  if (err != NULL) {
    printf(": %s", wf_error_message(err).data);
    if (wf_error_row(err) != 0) {
      printf(" [file %s, row %llu, column %s]", wf_error_file(err).data,
             (unsigned long long)wf_error_row(err), wf_error_column(err).data);
    }
  }
  printf("\n");
  wf_error_free(err);
  return st;
}

int main(void) {
  wf_error *err = NULL;
  wf_status st;

  /* 1. A NULL argument. */
  st = wf_builder_add_person(NULL, NULL, &err);
  show("NULL builder", st, err), err = NULL;

  /* 2. A string that is not UTF-8 (Latin-1 from an old system): refused, not added. */
  wf_builder *b = wf_builder_new();
  wf_person p;
  memset(&p, 0, sizeof p);
  p.person_id = wf_str_from_cstr("JOS\xc9");
  st = wf_builder_add_person(b, &p, &err);
  show("non-UTF-8 id", st, err), err = NULL;

  /* 3. Data problems are reported at build time, like bad rows of a file. */
  wf_org_unit u = {wf_str_from_cstr("T1"), wf_str_from_cstr("Team"), {NULL, 0}, {NULL, 0}};
  wf_builder_add_org_unit(b, &u, NULL);
  p.person_id = wf_str_from_cstr("P1");
  wf_builder_add_person(b, &p, NULL);
  wf_contract c;
  memset(&c, 0, sizeof c);
  c.contract_id = wf_str_from_cstr("C1");
  c.person_id = wf_str_from_cstr("P1");
  c.org_unit_id = wf_str_from_cstr("T1");
  c.fte = 1.0;
  c.start_date.year = 2023, c.start_date.month = 2, c.start_date.day = 29; /* no such day */
  wf_builder_add_contract(b, &c, NULL);
  c.contract_id = wf_str_from_cstr("C2");
  c.person_id = wf_str_from_cstr("P9"); /* unknown person */
  c.start_date.day = 28;
  wf_builder_add_contract(b, &c, NULL);

  /* Strict: the first rejected record fails the build. */
  wf_data *data = NULL;
  st = wf_builder_build(b, true, &data, NULL, &err);
  show("strict build", st, err), err = NULL;

  /* Not strict: rejected records are left out and listed in the report. */
  wf_builder_add_org_unit(b, &u, NULL);
  wf_builder_add_person(b, &p, NULL);
  c.person_id = wf_str_from_cstr("P1");
  wf_builder_add_contract(b, &c, NULL);
  c.contract_id = wf_str_from_cstr("C3");
  c.person_id = wf_str_from_cstr("P9");
  wf_builder_add_contract(b, &c, NULL);
  wf_report *report = NULL;
  if (wf_builder_build(b, false, &data, &report, &err) != WF_STATUS_OK) {
    return (int)show("build", WF_STATUS_INTERNAL, err);
  }
  wf_result *rej = NULL;
  wf_report_table(report, WF_REPORT_PART_REJECTIONS, &rej, NULL);
  for (size_t row = 0; row < wf_result_num_rows(rej); row++) {
    char file[64], col[64], reason[256];
    size_t n;
    wf_result_text(rej, row, 0, file, sizeof file, &n, NULL);
    wf_result_text(rej, row, 2, col, sizeof col, &n, NULL);
    wf_result_text(rej, row, 4, reason, sizeof reason, &n, NULL);
    printf("rejected: %s, column %s: %s\n", file, col, reason);
  }
  wf_result_free(rej);
  wf_report_free(report);

  /* 4. Bad arguments to a computation. */
  wf_date bad_end = {2024, 9, 31};
  wf_result *r = NULL;
  st = wf_data_csww(data, &bad_end, 1, (wf_str){NULL, 0}, false, NULL, &r, &err);
  show("31 September", st, err), err = NULL;
  wf_date end = {2024, 9, 30};
  st = wf_data_csww(data, &end, 1, wf_str_from_cstr("NOPE"), false, NULL, &r, &err);
  show("unknown org unit", st, err), err = NULL;

  /* 5. Bad options. */
  wf_options *o = NULL;
  st = wf_options_from_json(wf_str_from_cstr("{\"turnover_denominator\": \"mean\"}"), &o, &err);
  show("bad option value", st, err), err = NULL;

  /* 6. A missing data folder. */
  wf_data *loaded = NULL;
  st = wf_data_load_dir(wf_str_from_cstr("/nonexistent/folder"), false, &loaded, NULL, &err);
  show("missing folder", st, err), err = NULL;

  /* 7. Without an error object: the status alone. */
  st = wf_data_csww(data, &bad_end, 1, (wf_str){NULL, 0}, false, NULL, &r, NULL);
  show("no error object", st, NULL);

  wf_data_free(data);
  wf_builder_free(b);
  return shown == 8 ? 0 : 1;
}
