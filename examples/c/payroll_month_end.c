/* A payroll system's month-end job: hand this month's employees, leavers and agency workers
 * to libworkforce straight from the payroll's own records (no files), then print the
 * children's social work turnover and agency rate for the month end.
 *
 * Build and run from the repository root, after `cargo build --release -p workforce-capi`:
 *   cc -std=c11 examples/c/payroll_month_end.c -I bindings/c/include -L target/release -lworkforce
 *   LD_LIBRARY_PATH=target/release ./a.out */
#include "workforce.h"

#include <stdio.h>
#include <string.h>

/* The payroll's own record of an employee (one row per employment). */
struct employee {
  const char *payroll_no, *team, *job;
  unsigned char census_role; /* DfE OrgRole, 0 when not a social worker */
  double fte;
  wf_date started, left;     /* left = {0,0,0} while employed */
};

/* The managed-service provider's agency workers. */
struct agency_worker {
  const char *ref, *agency, *team;
  double fte;
  wf_date started, left;
};

static const struct employee staff[] = {
    {"E1001", "NORTH", "Social Worker", 5, 1.0, {2019, 4, 1}, {0, 0, 0}},
    {"E1002", "NORTH", "Senior Practitioner", 4, 1.0, {2017, 9, 4}, {0, 0, 0}},
    {"E1003", "NORTH", "Social Worker", 5, 0.6, {2022, 1, 10}, {2024, 1, 31}},
    {"E1004", "SOUTH", "Team Manager", 3, 1.0, {2015, 6, 1}, {0, 0, 0}},
    {"E1005", "SOUTH", "Social Worker", 5, 1.0, {2023, 8, 14}, {0, 0, 0}},
    {"E1006", "SOUTH", "Social Worker", 5, 0.8, {2020, 2, 3}, {2023, 10, 31}},
    {"E1007", "SOUTH", "Family Support Worker", 0, 1.0, {2021, 5, 4}, {0, 0, 0}},
    {"E1008", "NORTH", "Social Worker", 5, 1.0, {2024, 2, 5}, {0, 0, 0}},
};

static const struct agency_worker agency[] = {
    {"AG-77", "Locum Co", "SOUTH", 1.0, {2023, 11, 6}, {0, 0, 0}},
    {"AG-78", "Locum Co", "NORTH", 1.0, {2023, 3, 1}, {2023, 12, 22}},
};

static wf_str str(const char *s) { return wf_str_from_cstr(s); }

static int report_error(const char *step, wf_status st, wf_error *err) {
  wf_str name = wf_status_name(st);
  fprintf(stderr, "month-end: %s failed (%s): %s\n", step, name.data, wf_error_message(err).data);
  wf_error_free(err);
  return 1;
}

/* The value of `metric` in a long table of measures; -1 when missing. */
static double measure(const wf_result *r, const char *metric) {
  size_t m, v;
  char buf[64];
  size_t n;
  wf_result_column_index(r, str("metric"), &m, NULL);
  wf_result_column_index(r, str("value"), &v, NULL);
  for (size_t row = 0; row < wf_result_num_rows(r); row++) {
    if (wf_result_text(r, row, m, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, metric) == 0) {
      double x;
      bool missing;
      wf_result_value(r, row, v, &x, &missing, NULL);
      return missing ? -1 : x;
    }
  }
  return -1;
}

int main(void) {
  const wf_date month_end = {2024, 3, 31};
  const wf_date year_start = {2023, 4, 1}; /* the 12 months ending at the month end */
  wf_error *err = NULL;
  wf_status st;

  wf_builder *b = wf_builder_new();
  const wf_org_unit units[] = {
      {str("CS"), str("Children's Services"), {NULL, 0}, str("directorate")},
      {str("NORTH"), str("North Locality"), str("CS"), str("team")},
      {str("SOUTH"), str("South Locality"), str("CS"), str("team")},
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if ((st = wf_builder_add_org_unit(b, &units[i], &err)) != WF_STATUS_OK) goto push_failed;
  }
  for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++) {
    const struct employee *e = &staff[i];
    wf_person p;
    memset(&p, 0, sizeof p); /* every optional field absent */
    p.person_id = str(e->payroll_no);
    if ((st = wf_builder_add_person(b, &p, &err)) != WF_STATUS_OK) goto push_failed;
    wf_contract c;
    memset(&c, 0, sizeof c);
    c.contract_id = str(e->payroll_no); /* one employment per payroll number */
    c.person_id = str(e->payroll_no);
    c.org_unit_id = str(e->team);
    c.title = str(e->job);
    c.job_family = str(e->census_role ? "social_work" : "family_support");
    c.csww_role = e->census_role;
    c.fte = e->fte;
    c.start_date = e->started;
    c.end_date = e->left;
    c.contract_type = WF_CONTRACT_TYPE_PERMANENT;
    c.source_system = str("payroll");
    if ((st = wf_builder_add_contract(b, &c, &err)) != WF_STATUS_OK) goto push_failed;
  }
  for (size_t i = 0; i < sizeof agency / sizeof agency[0]; i++) {
    const struct agency_worker *w = &agency[i];
    wf_person p;
    memset(&p, 0, sizeof p);
    p.person_id = str(w->ref);
    if ((st = wf_builder_add_person(b, &p, &err)) != WF_STATUS_OK) goto push_failed;
    wf_agency_assignment a;
    memset(&a, 0, sizeof a);
    a.assignment_id = str(w->ref);
    a.person_id = str(w->ref);
    a.agency = str(w->agency);
    a.org_unit_id = str(w->team);
    a.csww_role = 5;
    a.fte = w->fte;
    a.start_date = w->started;
    a.end_date = w->left;
    if ((st = wf_builder_add_agency_assignment(b, &a, &err)) != WF_STATUS_OK) goto push_failed;
  }

  wf_data *data = NULL;
  wf_report *report = NULL;
  st = wf_builder_build(b, false, &data, &report, &err);
  wf_builder_free(b);
  if (st != WF_STATUS_OK) return report_error("build", st, err);
  printf("records rejected: %zu\n", wf_report_rejected_count(report));
  wf_report_free(report);

  wf_result *year = NULL;
  st = wf_data_measures(data, year_start, month_end, str("CS"), false, str("csww"), NULL, &year,
                        &err);
  wf_data_free(data);
  if (st != WF_STATUS_OK) return report_error("measures", st, err);
  printf("Children's social workers, 12 months to %04d-%02d-%02d\n", (int)month_end.year,
         month_end.month, month_end.day);
  printf("  in post (FTE)          %6.1f\n", measure(year, "inpost_fte"));
  printf("  leavers (FTE)          %6.1f\n", measure(year, "leavers_fte"));
  printf("  turnover rate (FTE)    %6.1f%%\n", measure(year, "turnover_rate_fte"));
  printf("  agency workers (FTE)   %6.1f\n", measure(year, "agency_fte"));
  printf("  agency rate (FTE)      %6.1f%%\n", measure(year, "agency_rate_fte"));
  wf_result_free(year);
  return 0;

push_failed:
  wf_builder_free(b);
  return report_error("push", st, err);
}
