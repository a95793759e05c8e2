/* Benchmark: push 1,000,101 records through the builder, then build (validate + index) and
 * compute one CSWW year: 101 org units, 100,000 people, 300,000 contracts (three spells per
 * person), 300,000 absences and 300,000 case allocations. Prints the time of each phase. Run by hand (see benches/README.md):
 *   cargo build --release -p workforce-capi
 *   cc -O2 -std=c11 bindings/c/bench/push_1m.c -I bindings/c/include \
 *      target/release/libworkforce.a -lpthread -ldl -lm -o target/push_1m && target/push_1m */
#define _POSIX_C_SOURCE 199309L
#include "workforce.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static wf_str s(const char *p) { return wf_str_from_cstr(p); }

int main(void) {
  enum { PEOPLE = 100000, TEAMS = 100 };
  char id[32], pid[32], unit[32];
  wf_error *err = NULL;
  size_t pushed = 0;
  double t0 = now();
  wf_builder *b = wf_builder_new();
  wf_org_unit root = {s("LA"), s("Council"), {NULL, 0}, {NULL, 0}};
  wf_builder_add_org_unit(b, &root, NULL);
  for (int t = 0; t < TEAMS; t++) {
    snprintf(unit, sizeof unit, "T%d", t);
    wf_org_unit u = {s(unit), s(unit), s("LA"), s("team")};
    wf_builder_add_org_unit(b, &u, NULL);
  }
  wf_person p;
  memset(&p, 0, sizeof p);
  wf_contract c;
  memset(&c, 0, sizeof c);
  c.csww_role = 5;
  c.fte = 1.0;
  c.job_family = s("social_work");
  wf_absence a;
  memset(&a, 0, sizeof a);
  a.absence_type = WF_ABSENCE_TYPE_SICKNESS;
  wf_case_allocation ca;
  memset(&ca, 0, sizeof ca);
  for (int i = 0; i < PEOPLE; i++) {
    snprintf(pid, sizeof pid, "P%07d", i);
    snprintf(unit, sizeof unit, "T%d", i % TEAMS);
    p.person_id = s(pid);
    if (wf_builder_add_person(b, &p, &err) != WF_STATUS_OK) goto fail;
    for (int k = 0; k < 3; k++) {
      snprintf(id, sizeof id, "C%07d-%d", i, k);
      c.contract_id = s(id);
      c.person_id = s(pid);
      c.org_unit_id = s(unit);
      c.start_date = (wf_date){2015 + k * 3, (uint8_t)(1 + i % 12), 1};
      c.end_date = k < 2 ? (wf_date){2017 + k * 3, (uint8_t)(1 + i % 12), 28} : (wf_date){0, 0, 0};
      if (wf_builder_add_contract(b, &c, &err) != WF_STATUS_OK) goto fail;
    }
    for (int k = 0; k < 3; k++) {
      snprintf(id, sizeof id, "A%07d-%d", i, k);
      a.absence_id = s(id);
      a.person_id = s(pid);
      a.start_date = (wf_date){2016 + k, (uint8_t)(1 + i % 12), 3};
      a.end_date = (wf_date){2016 + k, (uint8_t)(1 + i % 12), 9};
      if (wf_builder_add_absence(b, &a, &err) != WF_STATUS_OK) goto fail;
      snprintf(id, sizeof id, "CH%07d-%d", i, k);
      ca.child_id = s(id);
      ca.person_id = s(pid);
      ca.start_date = (wf_date){2019 + k, 4, 1};
      if (wf_builder_add_case_allocation(b, &ca, &err) != WF_STATUS_OK) goto fail;
    }
  }
  pushed = wf_builder_len(b);
  double t1 = now();
  wf_data *data = NULL;
  wf_report *report = NULL;
  if (wf_builder_build(b, false, &data, &report, &err) != WF_STATUS_OK) goto fail;
  double t2 = now();
  wf_date end = {2022, 9, 30};
  wf_result *r = NULL;
  if (wf_data_csww(data, &end, 1, (wf_str){NULL, 0}, false, NULL, &r, &err) != WF_STATUS_OK)
    goto fail;
  double t3 = now();
  printf("pushed %zu records in %.3f s (%.0f ns/record); build (check + index) %.3f s; "
         "rejected %zu; csww %.3f s; total %.3f s\n",
         pushed, t1 - t0, (t1 - t0) * 1e9 / (double)pushed, t2 - t1,
         wf_report_rejected_count(report), t3 - t2, t3 - t0);
  wf_result_free(r);
  wf_report_free(report);
  wf_data_free(data);
  wf_builder_free(b);
  return 0;
fail:
  fprintf(stderr, "failed: %s\n", wf_error_message(err).data);
  wf_error_free(err);
  wf_builder_free(b);
  return 1;
}
