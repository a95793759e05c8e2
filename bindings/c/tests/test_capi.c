/* Tests of the C API from C: every convention of README.md, bad input, results, Arrow.
 * Built with -Wall -Wextra -Werror, run under ASan+UBSan and under valgrind by test.sh. */
#include "workforce.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      passed++;                                                            \
    } else {                                                               \
      failed++;                                                            \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

static wf_str S(const char *s) { return wf_str_from_cstr(s); }
static const wf_str NONE_STR = {NULL, 0};
static wf_date D(int32_t y, uint8_t m, uint8_t d) {
  wf_date out = {y, m, d};
  return out;
}
static int contains(wf_str s, const char *needle) {
  return s.data != NULL && strstr(s.data, needle) != NULL;
}
static int eq(wf_str s, const char *text) {
  return s.data != NULL && s.len == strlen(text) && memcmp(s.data, text, s.len) == 0;
}

/* Checks the status and the error it came with, then frees the error. */
static void expect(wf_status got, wf_error *err, wf_status want, const char *message_part,
                   int line) {
  int ok = got == want && err != NULL && wf_error_status(err) == want &&
           contains(wf_error_message(err), message_part);
  if (ok) {
    passed++;
  } else {
    failed++;
    fprintf(stderr, "line %d: want status %u with \"%s\", got %u: %s\n", line, (unsigned)want,
            message_part, (unsigned)got, err ? wf_error_message(err).data : "(no error)");
  }
  wf_error_free(err);
}
#define EXPECT(call, want, part) \
  do {                           \
    wf_error *err_ = NULL;       \
    wf_status st_ = (call);      \
    expect(st_, err_, want, part, __LINE__); \
  } while (0)
/* `call` must use `&err_` as its error argument. */

#define OK(call)                                                                 \
  do {                                                                           \
    wf_error *err_ = NULL;                                                       \
    wf_status st_ = (call);                                                      \
    if (st_ == WF_STATUS_OK && err_ == NULL) {                                   \
      passed++;                                                                  \
    } else {                                                                     \
      failed++;                                                                  \
      fprintf(stderr, "%s:%d: %s failed (%u): %s\n", __FILE__, __LINE__, #call,  \
              (unsigned)st_, err_ ? wf_error_message(err_).data : "");            \
      wf_error_free(err_);                                                       \
    }                                                                            \
  } while (0)

/* A small organisation: council C with teams T1, T2; four social workers, one agency worker. */
static void push_org(wf_builder *b) {
  wf_org_unit units[3] = {
      {S("C"), S("Council"), {NULL, 0}, S("council")},
      {S("T1"), S("Team one"), S("C"), S("team")},
      {S("T2"), S("Team two"), S("C"), S("team")},
  };
  for (int i = 0; i < 3; i++) OK(wf_builder_add_org_unit(b, &units[i], &err_));
  const char *people[5] = {"P1", "P2", "P3", "P4", "A1"};
  for (int i = 0; i < 5; i++) {
    wf_person p;
    memset(&p, 0, sizeof p);
    p.person_id = S(people[i]);
    p.step_up_graduate = WF_TRISTATE_NO;
    OK(wf_builder_add_person(b, &p, &err_));
  }
  struct {
    const char *id, *person, *unit;
    double fte;
    wf_date start, end;
  } cs[4] = {
      {"C1", "P1", "T1", 1.0, {2019, 1, 7}, {0, 0, 0}},
      {"C2", "P2", "T1", 0.5, {2020, 3, 1}, {2022, 6, 30}},
      {"C3", "P3", "T2", 1.0, {2021, 11, 1}, {0, 0, 0}},
      {"C4", "P4", "T2", 1.0, {2018, 5, 1}, {2021, 12, 31}},
  };
  for (int i = 0; i < 4; i++) {
    wf_contract c;
    memset(&c, 0, sizeof c);
    c.contract_id = S(cs[i].id);
    c.person_id = S(cs[i].person);
    c.org_unit_id = S(cs[i].unit);
    c.job_family = S("social_work");
    c.csww_role = 5;
    c.fte = cs[i].fte;
    c.start_date = cs[i].start;
    c.end_date = cs[i].end;
    c.contract_type = WF_CONTRACT_TYPE_PERMANENT;
    c.annual_pay = 40000;
    c.has_annual_pay = true;
    OK(wf_builder_add_contract(b, &c, &err_));
  }
  wf_agency_assignment a;
  memset(&a, 0, sizeof a);
  a.assignment_id = S("AG1");
  a.person_id = S("A1");
  a.org_unit_id = S("T2");
  a.csww_role = 5;
  a.fte = 1.0;
  a.start_date = D(2022, 1, 10);
  a.cover_reason = WF_COVER_REASON_VACANCY;
  OK(wf_builder_add_agency_assignment(b, &a, &err_));
  wf_absence ab;
  memset(&ab, 0, sizeof ab);
  ab.absence_id = S("AB1");
  ab.person_id = S("P1");
  ab.absence_type = WF_ABSENCE_TYPE_SICKNESS;
  ab.start_date = D(2022, 2, 1);
  ab.end_date = D(2022, 2, 4);
  OK(wf_builder_add_absence(b, &ab, &err_));
  wf_case_allocation ca = {S("CH1"), S("P1"), {2022, 1, 1}, {0, 0, 0}};
  OK(wf_builder_add_case_allocation(b, &ca, &err_));
}

static wf_data *build_org(void) {
  wf_builder *b = wf_builder_new();
  push_org(b);
  wf_data *data = NULL;
  OK(wf_builder_build(b, true, &data, NULL, &err_));
  wf_builder_free(b);
  return data;
}

/* The value of `metric` in a long table. */
static double metric_value(const wf_result *r, const char *metric) {
  size_t col_metric = 0, col_value = 0;
  char buf[64];
  size_t n;
  if (wf_result_column_index(r, S("metric"), &col_metric, NULL) != WF_STATUS_OK) return NAN;
  if (wf_result_column_index(r, S("value"), &col_value, NULL) != WF_STATUS_OK) return NAN;
  for (size_t row = 0; row < wf_result_num_rows(r); row++) {
    if (wf_result_text(r, row, col_metric, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, metric) == 0) {
      double v;
      bool missing;
      if (wf_result_value(r, row, col_value, &v, &missing, NULL) != WF_STATUS_OK) return NAN;
      return missing ? NAN : v;
    }
  }
  return NAN;
}

static void test_version_and_free_null(void) {
  wf_str v = wf_version();
  CHECK(eq(v, WF_VERSION));
  CHECK(v.data[v.len] == '\0');
  wf_error_free(NULL);
  wf_builder_free(NULL);
  wf_data_free(NULL);
  wf_report_free(NULL);
  wf_result_free(NULL);
  wf_options_free(NULL);
  wf_string_free(NULL);
  CHECK(eq(wf_status_name(WF_STATUS_INVALID_DATA), "invalid_data"));
  CHECK(eq(wf_status_name(WF_STATUS_NULL_PARAMETER), "null_parameter"));
  CHECK(eq(wf_status_name(9999), "unknown"));
  CHECK(wf_error_status(NULL) == WF_STATUS_NULL_PARAMETER);
  CHECK(wf_error_message(NULL).data == NULL);
  CHECK(wf_result_num_rows(NULL) == 0);
  CHECK(wf_builder_len(NULL) == 0);
}

static void test_null_parameters(void) {
  wf_builder *b = wf_builder_new();
  wf_contract c;
  memset(&c, 0, sizeof c);
  EXPECT(wf_builder_add_contract(NULL, &c, &err_), WF_STATUS_NULL_PARAMETER, "builder is NULL");
  EXPECT(wf_builder_add_contract(b, NULL, &err_), WF_STATUS_NULL_PARAMETER, "record is NULL");
  c.contract_id.data = NULL;
  c.contract_id.len = 3;
  EXPECT(wf_builder_add_contract(b, &c, &err_), WF_STATUS_NULL_PARAMETER,
         "contract_id.data is NULL");
  CHECK(wf_builder_len(b) == 0);
  /* A NULL err_out is allowed: the status alone is returned. */
  CHECK(wf_builder_add_contract(b, NULL, NULL) == WF_STATUS_NULL_PARAMETER);
  EXPECT(wf_builder_build(b, false, NULL, NULL, &err_), WF_STATUS_NULL_PARAMETER,
         "data_out is NULL");
  EXPECT(wf_data_csww(NULL, NULL, 0, S(""), false, NULL, NULL, &err_), WF_STATUS_NULL_PARAMETER,
         "data is NULL");
  wf_date d;
  EXPECT(wf_date_parse(S("2024-01-01"), NULL, &err_), WF_STATUS_NULL_PARAMETER,
         "date_out is NULL");
  CHECK(wf_date_parse(S("2024-02-29"), &d, NULL) == WF_STATUS_OK && d.year == 2024 &&
        d.month == 2 && d.day == 29);
  wf_builder_free(b);
}

static void test_invalid_utf8(void) {
  wf_builder *b = wf_builder_new();
  wf_person p;
  memset(&p, 0, sizeof p);
  p.person_id = S("P\xff");
  EXPECT(wf_builder_add_person(b, &p, &err_), WF_STATUS_INVALID_UTF8,
         "person_id is not valid UTF-8");
  CHECK(wf_builder_len(b) == 0);
  wf_options *o = wf_options_new();
  EXPECT(wf_options_set(o, S("basis"), S("\xc3("), &err_), WF_STATUS_INVALID_UTF8,
         "value is not valid UTF-8");
  wf_options_free(o);
  wf_builder_free(b);
}

/* Every exported function with each pointer argument NULL: a status (or the documented
 * default), never a crash; nothing is written or allocated. */
static void test_null_every_function(void) {
  const wf_str bad = {NULL, 3};
  wf_date d = {2022, 9, 30};
  wf_data *data = build_org();
  wf_builder *b = wf_builder_new();
  wf_options *o = wf_options_new();
  wf_result *r = NULL;
  wf_report *rep = NULL;
  wf_string *s = NULL;
  wf_data *out = NULL;
  const wf_status NUL = WF_STATUS_NULL_PARAMETER;
  EXPECT(wf_builder_add_org_unit(NULL, NULL, &err_), NUL, "builder is NULL");
  EXPECT(wf_builder_add_org_unit(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_person(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_post(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_agency_assignment(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_absence(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_case_allocation(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_care_period(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_er_case(b, NULL, &err_), NUL, "record is NULL");
  EXPECT(wf_builder_add_bank_holiday(NULL, d, &err_), NUL, "builder is NULL");
  EXPECT(wf_builder_build(NULL, false, &out, &rep, &err_), NUL, "builder is NULL");
  EXPECT(wf_data_load_dir(NONE_STR, false, &out, &rep, &err_), NUL, "path is NULL");
  EXPECT(wf_data_load_dir(bad, false, &out, &rep, &err_), NUL, "path.data is NULL");
  EXPECT(wf_data_load_dir(S(WF_TEST_DATA "/io_good"), false, NULL, &rep, &err_), NUL,
         "data_out is NULL");
  CHECK(out == NULL && rep == NULL);
  EXPECT(wf_report_table(NULL, WF_REPORT_PART_SUMMARY, &r, &err_), NUL, "report is NULL");
  CHECK(wf_report_rejected_count(NULL) == 0 && wf_report_warning_count(NULL) == 0);
  EXPECT(wf_data_csww(data, NULL, 1, NONE_STR, false, NULL, &r, &err_), NUL, "year_ends is NULL");
  EXPECT(wf_data_measures(data, d, d, bad, false, NONE_STR, NULL, &r, &err_), NUL,
         "unit.data is NULL");
  EXPECT(wf_data_measures(data, d, d, NONE_STR, false, NONE_STR, NULL, NULL, &err_), NUL,
         "result_out is NULL");
  EXPECT(wf_data_series(NULL, d, d, NONE_STR, NONE_STR, NULL, &r, &err_), NUL, "data is NULL");
  EXPECT(wf_data_series(data, d, d, NONE_STR, bad, NULL, &r, &err_), NUL, "scope.data is NULL");
  EXPECT(wf_data_agency_by_unit(data, d, NONE_STR, NONE_STR, NULL, NULL, &err_), NUL,
         "result_out is NULL");
  EXPECT(wf_data_agency_length_bands(NULL, d, NONE_STR, NONE_STR, NULL, &r, &err_), NUL,
         "data is NULL");
  EXPECT(wf_data_explain(NULL, S("cases"), d, d, NONE_STR, NONE_STR, NULL, &r, &err_), NUL,
         "data is NULL");
  EXPECT(wf_data_explain(data, NONE_STR, d, d, NONE_STR, NONE_STR, NULL, &r, &err_), NUL,
         "metric is NULL");
  EXPECT(wf_data_explain(data, S("cases"), d, d, NONE_STR, NONE_STR, NULL, NULL, &err_), NUL,
         "result_out is NULL");
  EXPECT(wf_data_hr(data, S("pay"), bad, NULL, &r, &err_), NUL, "args_json.data is NULL");
  CHECK(r == NULL);
  EXPECT(wf_options_from_json(NONE_STR, &o, &err_), NUL, "json is NULL");
  EXPECT(wf_options_from_json(S("{}"), NULL, &err_), NUL, "options_out is NULL");
  EXPECT(wf_options_set(NULL, S("basis"), S("fte"), &err_), NUL, "options is NULL");
  EXPECT(wf_options_set(o, NONE_STR, S("fte"), &err_), NUL, "name is NULL");
  EXPECT(wf_options_set(o, S("basis"), NONE_STR, &err_), NUL, "value is NULL");
  EXPECT(wf_options_to_json(NULL, &s, &err_), NUL, "options is NULL");
  EXPECT(wf_options_to_json(o, NULL, &err_), NUL, "json_out is NULL");
  EXPECT(wf_result_column_index(NULL, S("x"), NULL, &err_), NUL, "result is NULL");
  EXPECT(wf_result_value(NULL, 0, 0, NULL, NULL, &err_), NUL, "result is NULL");
  EXPECT(wf_result_date(NULL, 0, 0, NULL, NULL, &err_), NUL, "result is NULL");
  EXPECT(wf_result_text(NULL, 0, 0, NULL, 0, NULL, &err_), NUL, "result is NULL");
  EXPECT(wf_result_to_csv(NULL, &s, &err_), NUL, "result is NULL");
  EXPECT(wf_result_to_json(NULL, &s, &err_), NUL, "result is NULL");
  EXPECT(wf_date_parse(NONE_STR, &d, &err_), NUL, "text is NULL");
  CHECK(s == NULL);
  CHECK(wf_str_from_cstr(NULL).data == NULL && wf_str_from_cstr(NULL).len == 0);
  CHECK(wf_error_file(NULL).data == NULL && wf_error_row(NULL) == 0);
  CHECK(wf_error_column(NULL).data == NULL && wf_error_value(NULL).data == NULL);
  CHECK(wf_result_num_columns(NULL) == 0 && wf_result_column_name(NULL, 0).data == NULL);
  CHECK(wf_result_column_type(NULL, 0) == WF_COLUMN_TYPE_NONE);
  CHECK(wf_result_options_json(NULL).data == NULL && wf_string_str(NULL).data == NULL);
  wf_options_free(o);
  wf_builder_free(b);
  wf_data_free(data);
}

/* Text that is not UTF-8 in each kind of string argument. */
static void test_invalid_utf8_arguments(void) {
  const wf_str u = {"\xff\xfe", 2};
  wf_date d = {2022, 9, 30};
  wf_data *data = build_org();
  wf_data *out = NULL;
  wf_options *o = NULL;
  wf_result *r = NULL;
  const wf_status U = WF_STATUS_INVALID_UTF8;
  EXPECT(wf_data_load_dir(u, false, &out, NULL, &err_), U, "path is not valid UTF-8");
  EXPECT(wf_options_from_json(u, &o, &err_), U, "json is not valid UTF-8");
  EXPECT(wf_data_measures(data, d, d, u, false, NONE_STR, NULL, &r, &err_), U,
         "unit is not valid UTF-8");
  EXPECT(wf_data_series(data, d, d, NONE_STR, u, NULL, &r, &err_), U, "scope is not valid UTF-8");
  EXPECT(wf_data_explain(data, u, d, d, NONE_STR, NONE_STR, NULL, &r, &err_), U,
         "metric is not valid UTF-8");
  EXPECT(wf_data_hr(data, u, NONE_STR, NULL, &r, &err_), U, "measure is not valid UTF-8");
  EXPECT(wf_data_hr(data, S("pay"), u, NULL, &r, &err_), U, "args_json is not valid UTF-8");
  EXPECT(wf_date_parse(u, &d, &err_), U, "text is not valid UTF-8");
  size_t i = 0;
  OK(wf_data_measures(data, d, d, NONE_STR, false, NONE_STR, NULL, &r, &err_));
  EXPECT(wf_result_column_index(r, u, &i, &err_), U, "name is not valid UTF-8");
  wf_result_free(r);
  CHECK(out == NULL && o == NULL);
  wf_data_free(data);
}

static void test_invalid_dates(void) {
  /* A pushed record with a date that does not exist is rejected like a bad row. */
  wf_builder *b = wf_builder_new();
  push_org(b);
  wf_contract c;
  memset(&c, 0, sizeof c);
  c.contract_id = S("C5");
  c.person_id = S("P3");
  c.org_unit_id = S("T1");
  c.csww_role = 5;
  c.fte = 1;
  c.start_date = D(2023, 2, 30);
  OK(wf_builder_add_contract(b, &c, &err_));
  size_t pushed = wf_builder_len(b);
  CHECK(pushed == 16);

  wf_error *err = NULL;
  wf_data *data = (wf_data *)&pushed; /* sentinel: must not be written on failure */
  wf_status st = wf_builder_build(b, true, &data, NULL, &err);
  CHECK(st == WF_STATUS_INVALID_DATA);
  CHECK(data == (wf_data *)&pushed);
  CHECK(eq(wf_error_file(err), "contracts.csv"));
  CHECK(wf_error_row(err) == 5);
  CHECK(eq(wf_error_column(err), "start_date"));
  CHECK(eq(wf_error_value(err), "2023-02-30"));
  CHECK(contains(wf_error_message(err), "not a valid date"));
  CHECK(wf_builder_len(b) == 0); /* the build emptied the builder */
  wf_error_free(err);

  /* Not strict: the record is left out and reported. */
  push_org(b);
  OK(wf_builder_add_contract(b, &c, &err_));
  wf_report *report = NULL;
  data = NULL;
  OK(wf_builder_build(b, false, &data, &report, &err_));
  CHECK(data != NULL && report != NULL);
  CHECK(wf_report_rejected_count(report) == 1);
  wf_result *rej = NULL;
  OK(wf_report_table(report, WF_REPORT_PART_REJECTIONS, &rej, &err_));
  char buf[128];
  size_t n = 0;
  CHECK(wf_result_num_rows(rej) == 1);
  CHECK(wf_result_text(rej, 0, 0, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "contracts.csv") == 0 && n == 13);
  CHECK(wf_result_text(rej, 0, 2, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "start_date") == 0);
  wf_result_free(rej);
  EXPECT(wf_report_table(report, 7, &rej, &err_), WF_STATUS_INVALID_ARGUMENT,
         "not a wf_report_part");

  /* A date argument that does not exist. */
  wf_date ends[1] = {{2023, 2, 30}};
  wf_result *r = NULL;
  EXPECT(wf_data_csww(data, ends, 1, S(""), false, NULL, &r, &err_), WF_STATUS_INVALID_ARGUMENT,
         "year end 2023-02-30 is not a valid date");
  CHECK(r == NULL);
  EXPECT(wf_data_measures(data, D(2022, 1, 1), D(2022, 13, 1), S(""), false, S(""), NULL, &r,
                          &err_),
         WF_STATUS_INVALID_ARGUMENT, "to 2022-13-01 is not a valid date");
  EXPECT(wf_date_parse(S("2023-02-29"), &ends[0], &err_), WF_STATUS_INVALID_ARGUMENT,
         "not a valid date");
  CHECK(!wf_date_is_valid(D(2023, 2, 29)));
  CHECK(wf_date_is_valid(D(2024, 2, 29)));
  wf_report_free(report);
  wf_data_free(data);
  wf_builder_free(b);
}

static void test_unknown_ids(void) {
  wf_builder *b = wf_builder_new();
  push_org(b);
  wf_contract c;
  memset(&c, 0, sizeof c);
  c.contract_id = S("C9");
  c.person_id = S("NOBODY");
  c.org_unit_id = S("T1");
  c.fte = 1;
  c.start_date = D(2022, 1, 1);
  OK(wf_builder_add_contract(b, &c, &err_));
  wf_error *err = NULL;
  wf_data *data = NULL;
  CHECK(wf_builder_build(b, true, &data, NULL, &err) == WF_STATUS_INVALID_DATA);
  CHECK(data == NULL);
  CHECK(eq(wf_error_column(err), "person_id"));
  CHECK(eq(wf_error_value(err), "NOBODY"));
  CHECK(wf_error_row(err) == 5);
  wf_error_free(err);

  data = build_org();
  wf_date ends[1] = {{2022, 9, 30}};
  wf_result *r = NULL;
  EXPECT(wf_data_csww(data, ends, 1, S("NO_SUCH_UNIT"), false, NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "NO_SUCH_UNIT");
  CHECK(r == NULL);
  wf_data_free(data);
  wf_builder_free(b);
}

static void test_results(void) {
  wf_data *data = build_org();
  wf_date ends[2] = {{2021, 9, 30}, {2022, 9, 30}};
  wf_result *r = NULL;
  OK(wf_data_csww(data, ends, 2, S(""), true, NULL, &r, &err_));
  /* C (the one root), T1, T2 for each year end. */
  CHECK(wf_result_num_columns(r) == 24);
  CHECK(wf_result_num_rows(r) == 6);
  CHECK(eq(wf_result_column_name(r, 0), "org_unit_id"));
  CHECK(eq(wf_result_column_name(r, 1), "year_end"));
  CHECK(wf_result_column_name(r, 24).data == NULL);
  CHECK(wf_result_column_type(r, 1) == WF_COLUMN_TYPE_DATE);
  CHECK(wf_result_column_type(r, 2) == WF_COLUMN_TYPE_FLOAT);
  CHECK(wf_result_column_type(r, 99) == WF_COLUMN_TYPE_NONE);
  size_t col = 0;
  OK(wf_result_column_index(r, S("inpost_headcount"), &col, &err_));
  EXPECT(wf_result_column_index(r, S("nope"), &col, &err_), WF_STATUS_INVALID_ARGUMENT,
         "no column named \"nope\"");
  /* Row 1: C at 2022-09-30: P1 and P3 in post (P2 and P4 left). */
  double v = 0;
  bool missing = true;
  char buf[32];
  size_t n;
  OK(wf_result_value(r, 1, col, &v, &missing, &err_));
  CHECK(!missing && v == 2.0);
  wf_date d;
  OK(wf_result_date(r, 1, 1, &d, &missing, &err_));
  CHECK(!missing && d.year == 2022 && d.month == 9 && d.day == 30);
  EXPECT(wf_result_date(r, 1, 2, &d, &missing, &err_), WF_STATUS_INVALID_ARGUMENT,
         "does not hold dates");
  OK(wf_result_text(r, 1, 0, buf, sizeof buf, &n, &err_));
  CHECK(strcmp(buf, "C") == 0 && n == 1);
  OK(wf_result_value(r, 1, 0, &v, &missing, &err_));
  CHECK(missing && isnan(v)); /* text columns have no number */
  EXPECT(wf_result_value(r, 6, 0, &v, &missing, &err_), WF_STATUS_OUT_OF_RANGE,
         "row 6 is out of range");
  EXPECT(wf_result_value(r, 0, 24, &v, &missing, &err_), WF_STATUS_OUT_OF_RANGE,
         "column 24 is out of range");
  n = 12345;
  EXPECT(wf_result_text(r, 1, 1, buf, 10, &n, &err_), WF_STATUS_BUFFER_TOO_SMALL,
         "needs 11 bytes");
  CHECK(n == 12345);
  OK(wf_result_text(r, 1, 1, buf, 11, &n, &err_));
  CHECK(strcmp(buf, "2022-09-30") == 0);
  CHECK(contains(wf_result_options_json(r), "\"turnover_denominator\":\"end_stock\""));
  wf_string *csv = NULL;
  OK(wf_result_to_csv(r, &csv, &err_));
  CHECK(contains(wf_string_str(csv), "org_unit_id,year_end,inpost_fte"));
  wf_string_free(csv);
  wf_string *json = NULL;
  OK(wf_result_to_json(r, &json, &err_));
  CHECK(contains(wf_string_str(json), "\"rows\""));
  wf_string_free(json);
  wf_result_free(r);

  /* Measures at a date and over a period; series. */
  OK(wf_data_measures(data, D(2021, 10, 1), D(2022, 9, 30), S("C"), false, S("csww"), NULL, &r,
                      &err_));
  CHECK(metric_value(r, "leavers_headcount") == 2.0);
  CHECK(metric_value(r, "agency_headcount") == 1.0);
  wf_result_free(r);

  /* By job family: the rows of family `*` are the whole workforce's measures. */
  OK(wf_data_measures(data, D(2021, 10, 1), D(2022, 9, 30), S(""), false, S("all"), NULL, &r,
                      &err_));
  size_t all_rows = wf_result_num_rows(r);
  wf_result_free(r);
  r = NULL;
  OK(wf_data_by_job_family(data, D(2021, 10, 1), D(2022, 9, 30), S(""), NULL, &r, &err_));
  size_t fam = 0, star = 0, len = 0;
  char fbuf[64];
  OK(wf_result_column_index(r, S("job_family"), &fam, &err_));
  for (size_t row = 0; row < wf_result_num_rows(r); row++) {
    if (wf_result_text(r, row, fam, fbuf, sizeof fbuf, &len, NULL) == WF_STATUS_OK &&
        strcmp(fbuf, "*") == 0) star++;
  }
  CHECK(all_rows > 0 && star == all_rows && wf_result_num_rows(r) > all_rows);
  wf_result_free(r);
  r = NULL;
  EXPECT(wf_data_by_job_family(NULL, D(2021, 10, 1), D(2022, 9, 30), S(""), NULL, &r, &err_),
         WF_STATUS_NULL_PARAMETER, "data is NULL");
  EXPECT(wf_data_by_job_family(data, D(2021, 10, 1), D(2022, 2, 30), S(""), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "not a valid date");
  CHECK(r == NULL);
  OK(wf_data_series(data, D(2022, 1, 1), D(2022, 6, 30), S(""), S(""), NULL, &r, &err_));
  CHECK(wf_result_num_rows(r) == 6);
  wf_result_free(r);
  OK(wf_data_agency_by_unit(data, D(2022, 9, 30), S(""), S(""), NULL, &r, &err_));
  CHECK(wf_result_num_rows(r) >= 3);
  wf_result_free(r);
  OK(wf_data_agency_length_bands(data, D(2022, 9, 30), S(""), S(""), NULL, &r, &err_));
  CHECK(wf_result_num_rows(r) == 3);
  wf_result_free(r);
  OK(wf_data_explain(data, S("leavers_headcount"), D(2021, 10, 1), D(2022, 9, 30), S(""), S(""),
                     NULL, &r, &err_));
  CHECK(wf_result_num_rows(r) >= 2);
  wf_result_free(r);
  wf_data_free(data);
}

static void test_options(void) {
  wf_data *data = build_org();
  wf_options *o = NULL;
  /* The defaults are the library's (consecutive agency assignments merged), and every
   * option is settable by name. */
  wf_options *d = wf_options_new();
  wf_string *dj = NULL;
  OK(wf_options_to_json(d, &dj, &err_));
  CHECK(contains(wf_string_str(dj), "\"agency_merge_consecutive\":true"));
  wf_string_free(dj);
  const char *set[][2] = {
      {"basis", "headcount"}, {"turnover_denominator", "average_monthly"},
      {"rejoin_grace_days", "7"}, {"working_days_per_year", "220.5"},
      {"absence_denominator", "person_available_days"}, {"long_term_threshold", "20"},
      {"long_term_unit", "working"}, {"vacancy_denominator", "funded_establishment"},
      {"agency_scope", "covering_vacancies"}, {"agency_headcount", "records"},
      {"end_date_inclusive", "true"}, {"exclude_casual", "true"},
      {"caseload_basis", "headcount"}, {"caseload_include_agency", "false"},
      {"agency_length_bands", "[13, 26, 52]"}, {"agency_length_basis", "contracted"},
      {"agency_merge_consecutive", "false"}, {"rounding", "bankers"}};
  for (size_t i = 0; i < sizeof set / sizeof set[0]; i++) {
    OK(wf_options_set(d, S(set[i][0]), S(set[i][1]), &err_));
  }
  OK(wf_options_to_json(d, &dj, &err_));
  CHECK(contains(wf_string_str(dj), "\"agency_merge_consecutive\":false"));
  CHECK(contains(wf_string_str(dj), "\"agency_length_bands\":[13,26,52]"));
  CHECK(contains(wf_string_str(dj), "\"rounding\":\"bankers\""));
  wf_string_free(dj);
  wf_options_free(d);
  EXPECT(wf_options_from_json(S("{\"nope\": 1}"), &o, &err_), WF_STATUS_INVALID_ARGUMENT,
         "unknown field");
  CHECK(o == NULL);
  EXPECT(wf_options_from_json(S("{\"working_days_per_year\": 0}"), &o, &err_),
         WF_STATUS_INVALID_ARGUMENT, "working_days_per_year must be a positive number");
  OK(wf_options_from_json(S("{\"turnover_denominator\": \"average_start_end\"}"), &o, &err_));
  EXPECT(wf_options_set(o, S("no_such_option"), S("1"), &err_), WF_STATUS_INVALID_ARGUMENT,
         "unknown option");
  EXPECT(wf_options_set(o, S("basis"), S("furlongs"), &err_), WF_STATUS_INVALID_ARGUMENT,
         "basis");
  OK(wf_options_set(o, S("rejoin_grace_days"), S("7"), &err_));
  OK(wf_options_set(o, S("agency_scope"), S("covering_vacancies"), &err_));
  wf_string *js = NULL;
  OK(wf_options_to_json(o, &js, &err_));
  CHECK(contains(wf_string_str(js), "\"rejoin_grace_days\":7"));
  CHECK(contains(wf_string_str(js), "\"turnover_denominator\":\"average_start_end\""));
  CHECK(contains(wf_string_str(js), "\"basis\":\"fte\"")); /* unchanged by the failed set */
  wf_string_free(js);
  wf_result *r = NULL;
  OK(wf_data_measures(data, D(2021, 10, 1), D(2022, 9, 30), S(""), false, S(""), o, &r, &err_));
  CHECK(contains(wf_result_options_json(r), "\"agency_scope\":\"covering_vacancies\""));
  wf_result_free(r);
  wf_options_free(o);
  wf_data_free(data);
}

static void test_arrow(void) {
  wf_data *data = build_org();
  wf_date ends[1] = {{2022, 9, 30}};
  wf_result *r = NULL;
  OK(wf_data_csww(data, ends, 1, S(""), true, NULL, &r, &err_));
  struct ArrowArrayStream stream;
  OK(wf_result_export_arrow(r, &stream, &err_));
  wf_result_free(r); /* the stream owns its own copy */
  wf_data_free(data);
  struct ArrowSchema schema;
  CHECK(stream.get_schema(&stream, &schema) == 0);
  CHECK(schema.n_children == 24);
  CHECK(strcmp(schema.format, "+s") == 0);
  CHECK(strcmp(schema.children[0]->name, "org_unit_id") == 0);
  CHECK(strcmp(schema.children[0]->format, "u") == 0);
  CHECK(strcmp(schema.children[1]->format, "tdD") == 0);
  CHECK(strcmp(schema.children[2]->format, "g") == 0);
  schema.release(&schema);
  struct ArrowArray array;
  CHECK(stream.get_next(&stream, &array) == 0);
  CHECK(array.release != NULL && array.length == 3 && array.n_children == 24);
  array.release(&array);
  CHECK(stream.get_next(&stream, &array) == 0);
  CHECK(array.release == NULL); /* end of stream */
  stream.release(&stream);
  EXPECT(wf_result_export_arrow(NULL, &stream, &err_), WF_STATUS_NULL_PARAMETER,
         "result is NULL");
}

static void test_load_dir(void) {
  wf_data *data = NULL;
  wf_report *report = NULL;
  EXPECT(wf_data_load_dir(S("/no/such/folder"), false, &data, &report, &err_), WF_STATUS_IO,
         "/no/such/folder");
  CHECK(data == NULL && report == NULL);
  OK(wf_data_load_dir(S(WF_TEST_DATA "/io_good"), true, &data, &report, &err_));
  CHECK(wf_report_rejected_count(report) == 0);
  wf_result *summary = NULL;
  OK(wf_report_table(report, WF_REPORT_PART_SUMMARY, &summary, &err_));
  CHECK(wf_result_num_rows(summary) == 10);
  wf_result_free(summary);
  wf_report_free(report);
  wf_data_free(data);

  /* A folder with one bad date (test.sh makes it): strict fails on that row, naming it. */
  data = NULL;
  report = NULL;
  wf_error *err = NULL;
  CHECK(wf_data_load_dir(S(WF_TEST_BAD_DIR), true, &data, &report, &err) ==
        WF_STATUS_INVALID_DATA);
  CHECK(data == NULL && report == NULL && wf_error_status(err) == WF_STATUS_INVALID_DATA);
  CHECK(eq(wf_error_file(err), "contracts.csv") && wf_error_row(err) == 2);
  CHECK(eq(wf_error_column(err), "start_date") && eq(wf_error_value(err), "2019-02-30"));
  CHECK(contains(wf_error_message(err), "contracts.csv, row 2, column start_date"));
  wf_error_free(err);
  /* Not strict: the row is left out and reported. */
  OK(wf_data_load_dir(S(WF_TEST_BAD_DIR), false, &data, &report, &err_));
  CHECK(wf_report_rejected_count(report) == 1);
  wf_report_free(report);
  wf_data_free(data);
}

/* HR measures through the one entry point wf_data_hr. */
static void test_hr(void) {
  wf_data *data = build_org();
  wf_result *r = NULL;
  OK(wf_data_hr(data, S("survival"), S("{\"from\": \"2020-10-01\", \"to\": \"2022-09-30\"}"),
                NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) > 0);
  wf_result_free(r);
  r = NULL;
  OK(wf_data_hr(data, S("survival"),
                S("{\"from\": \"2020-10-01\", \"to\": \"2022-09-30\", \"medians\": true, "
                  "\"conf_type\": \"log-log\", \"unit\": \"T1\", \"scope\": \"all\"}"),
                NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) == 1);
  wf_result_free(r);
  r = NULL;
  OK(wf_data_hr(data, S("leavers"),
                S("{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\", \"by\": [\"reason\"]}"),
                NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) > 0);
  wf_result_free(r);
  r = NULL;
  OK(wf_data_hr(data, S("agency-churn"), S("{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\"}"),
                NULL, &r, &err_));
  wf_result_free(r);
  r = NULL;
  OK(wf_data_hr(data, S("pay"), NONE_STR, NULL, &r, &err_));
  wf_result_free(r);

  /* Unknown measure, bad JSON, bad keys: nothing written. */
  r = NULL;
  EXPECT(wf_data_hr(data, S("horoscope"), S("{}"), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "unknown HR measure");
  EXPECT(wf_data_hr(data, S(""), S("{}"), NULL, &r, &err_), WF_STATUS_INVALID_ARGUMENT,
         "unknown HR measure");
  EXPECT(wf_data_hr(data, S("survival"), S("{\"from\": "), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "not valid JSON");
  EXPECT(wf_data_hr(data, S("survival"), S("[1, 2]"), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "must be a JSON object");
  EXPECT(wf_data_hr(data, S("survival"), S("{\"to\": \"2022-09-30\"}"), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "from is required");
  EXPECT(wf_data_hr(data, S("survival"),
                    S("{\"from\": \"2022-02-30\", \"to\": \"2022-09-30\"}"), NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "from");
  EXPECT(wf_data_hr(data, S("sickness"),
                    S("{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\", \"view\": \"x\"}"),
                    NULL, &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "view");
  EXPECT(wf_data_hr(data, S("caseload"), S("{\"date\": \"2022-09-30\", \"colour\": 1}"), NULL,
                    &r, &err_),
         WF_STATUS_INVALID_ARGUMENT, "colour");
  /* No ER cases were given. */
  EXPECT(wf_data_hr(data, S("casework"), S("{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\"}"),
                    NULL, &r, &err_),
         WF_STATUS_MISSING_DATA, "er_cases");
  CHECK(r == NULL);
  OK(wf_data_hr(data, S("caseload"), S("{\"date\": \"2022-09-30\", \"group_by\": \"team\"}"),
                NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) > 0);
  wf_result_free(r);
  r = NULL;

  /* NULL pointers and strings. */
  EXPECT(wf_data_hr(NULL, S("pay"), S("{}"), NULL, &r, &err_), WF_STATUS_NULL_PARAMETER, "data");
  EXPECT(wf_data_hr(data, S("pay"), S("{}"), NULL, NULL, &err_), WF_STATUS_NULL_PARAMETER,
         "result_out");
  EXPECT(wf_data_hr(data, NONE_STR, S("{}"), NULL, &r, &err_), WF_STATUS_NULL_PARAMETER,
         "measure");
  wf_str bad = {NULL, 3};
  EXPECT(wf_data_hr(data, S("pay"), bad, NULL, &r, &err_), WF_STATUS_NULL_PARAMETER,
         "args_json");
  wf_str latin1 = {"{\"\xe9\": 1}", 7};
  EXPECT(wf_data_hr(data, S("pay"), latin1, NULL, &r, &err_), WF_STATUS_INVALID_UTF8,
         "args_json");
  CHECK(r == NULL);
  CHECK(wf_data_hr(data, S("pay"), S("{}"), NULL, &r, NULL) == WF_STATUS_OK);
  wf_result_free(r);
  wf_data_free(data);
}

/* A `const wf_data *` may be used from several threads at once. */
struct job {
  const wf_data *data;
  double leavers;
};
static void *compute(void *arg) {
  struct job *j = (struct job *)arg;
  wf_result *r = NULL;
  if (wf_data_measures(j->data, D(2021, 10, 1), D(2022, 9, 30), S(""), false, S(""), NULL, &r,
                       NULL) == WF_STATUS_OK) {
    j->leavers = metric_value(r, "leavers_headcount");
    wf_result_free(r);
  }
  return NULL;
}
static void test_threads(void) {
  wf_data *data = build_org();
  struct job jobs[4];
  pthread_t threads[4];
  for (int i = 0; i < 4; i++) {
    jobs[i].data = data;
    jobs[i].leavers = -1;
    pthread_create(&threads[i], NULL, compute, &jobs[i]);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(threads[i], NULL);
    CHECK(jobs[i].leavers == 2.0);
  }
  wf_data_free(data);
}

/* Care periods pushed give child_changes its looked-after cohort; a bad one is rejected like a
 * bad row of care_periods.csv. */
static void test_care_periods(void) {
  const char *args = "{\"year_end\": \"2022-03-31\"}";
  wf_data *data = build_org();
  wf_result *r = NULL;
  EXPECT(wf_data_hr(data, S("child_changes"), S(args), NULL, &r, &err_), WF_STATUS_MISSING_DATA,
         "care_periods.csv");
  wf_data_free(data);
  wf_builder *b = wf_builder_new();
  push_org(b);
  size_t before = wf_builder_len(b);
  wf_care_period cp = {S("CH1"), {2021, 6, 1}, {0, 0, 0}};
  OK(wf_builder_add_care_period(b, &cp, &err_));
  wf_care_period bad = {S("CH2"), {2022, 2, 30}, {0, 0, 0}};
  OK(wf_builder_add_care_period(b, &bad, &err_));
  EXPECT(wf_builder_add_care_period(b, NULL, &err_), WF_STATUS_NULL_PARAMETER, "record is NULL");
  CHECK(wf_builder_len(b) == before + 2);
  wf_report *report = NULL;
  data = NULL;
  OK(wf_builder_build(b, false, &data, &report, &err_));
  CHECK(wf_report_rejected_count(report) == 1);
  wf_result *rej = NULL;
  char buf[64];
  size_t n = 0;
  OK(wf_report_table(report, WF_REPORT_PART_REJECTIONS, &rej, &err_));
  CHECK(wf_result_text(rej, 0, 0, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "care_periods.csv") == 0);
  CHECK(wf_result_text(rej, 0, 1, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "2") == 0);
  wf_result_free(rej);
  OK(wf_data_hr(data, S("child_changes"), S(args), NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) > 0);
  wf_result_free(r);
  wf_report_free(report);
  wf_data_free(data);
  wf_builder_free(b);
}

/* The value in column `column` of the row whose `case_type` is `type` (casework table). */
static double casework_value(const wf_result *r, const char *type, const char *column) {
  size_t col_type = 0, col = 0;
  char buf[64];
  size_t n;
  if (wf_result_column_index(r, S("case_type"), &col_type, NULL) != WF_STATUS_OK) return NAN;
  if (wf_result_column_index(r, S(column), &col, NULL) != WF_STATUS_OK) return NAN;
  for (size_t row = 0; row < wf_result_num_rows(r); row++) {
    if (wf_result_text(r, row, col_type, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, type) == 0) {
      double v;
      bool missing;
      if (wf_result_value(r, row, col, &v, &missing, NULL) != WF_STATUS_OK) return NAN;
      return missing ? NAN : v;
    }
  }
  return NAN;
}

/* ER cases pushed give the casework measure its input; a bad one is rejected like a bad row
 * of er_cases.csv (rows numbered by push order from 1). */
static void push_er_cases(wf_builder *b) {
  struct {
    const char *id, *person;
    uint8_t type;
    wf_date opened, closed;
    const char *outcome;
  } cs[7] = {
      /* Open at the start of the period (2021-10-01 to 2022-09-30), closed in it. */
      {"ER1", "P1", WF_ER_CASE_TYPE_LONG_TERM_ABSENCE, {2021, 6, 1}, {2021, 11, 15}, "returned"},
      /* Opened in the period, still open at its end (P2 left on 2022-06-30). */
      {"ER2", "P2", WF_ER_CASE_TYPE_GRIEVANCE, {2022, 1, 10}, {0, 0, 0}, NULL},
      /* Opened and closed in the period. */
      {"ER3", "P3", WF_ER_CASE_TYPE_DISCIPLINARY, {2022, 2, 1}, {2022, 4, 30}, "warning"},
      /* Closed before the period. */
      {"ER4", "P4", WF_ER_CASE_TYPE_CAPABILITY, {2020, 1, 1}, {2021, 3, 31}, NULL},
      /* Opened after the period. */
      {"ER5", "P1", WF_ER_CASE_TYPE_GRIEVANCE, {2022, 10, 5}, {0, 0, 0}, NULL},
      /* Rejected: closed before it opened. */
      {"ER6", "P3", WF_ER_CASE_TYPE_SHORT_TERM_ABSENCE, {2022, 5, 1}, {2022, 4, 1}, NULL},
      /* Rejected: no such case type. */
      {"ER7", "P3", 7, {2022, 5, 1}, {0, 0, 0}, NULL},
  };
  for (int i = 0; i < 7; i++) {
    wf_er_case e;
    memset(&e, 0, sizeof e);
    e.case_id = S(cs[i].id);
    e.person_id = S(cs[i].person);
    e.case_type = cs[i].type;
    e.opened_date = cs[i].opened;
    e.closed_date = cs[i].closed;
    e.outcome = cs[i].outcome ? S(cs[i].outcome) : NONE_STR;
    OK(wf_builder_add_er_case(b, &e, &err_));
  }
}

static void test_er_cases(void) {
  const char *args = "{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\"}";
  wf_builder *b = wf_builder_new();
  push_org(b);
  size_t before = wf_builder_len(b);

  /* NULL pointers and strings that are not UTF-8: refused, nothing added. */
  wf_er_case e;
  memset(&e, 0, sizeof e);
  e.case_id = S("ERX");
  e.person_id = S("P1");
  e.case_type = WF_ER_CASE_TYPE_OTHER;
  e.opened_date = D(2022, 1, 1);
  EXPECT(wf_builder_add_er_case(NULL, &e, &err_), WF_STATUS_NULL_PARAMETER, "builder is NULL");
  EXPECT(wf_builder_add_er_case(b, NULL, &err_), WF_STATUS_NULL_PARAMETER, "record is NULL");
  CHECK(wf_builder_add_er_case(b, NULL, NULL) == WF_STATUS_NULL_PARAMETER);
  e.case_id.data = NULL;
  e.case_id.len = 3;
  EXPECT(wf_builder_add_er_case(b, &e, &err_), WF_STATUS_NULL_PARAMETER, "case_id.data is NULL");
  e.case_id = S("ERX");
  e.person_id.data = NULL;
  e.person_id.len = 2;
  EXPECT(wf_builder_add_er_case(b, &e, &err_), WF_STATUS_NULL_PARAMETER,
         "person_id.data is NULL");
  e.person_id = S("P1");
  e.outcome.data = NULL;
  e.outcome.len = 4;
  EXPECT(wf_builder_add_er_case(b, &e, &err_), WF_STATUS_NULL_PARAMETER, "outcome.data is NULL");
  e.outcome = NONE_STR;
  e.case_id = S("ER\xff");
  EXPECT(wf_builder_add_er_case(b, &e, &err_), WF_STATUS_INVALID_UTF8,
         "case_id is not valid UTF-8");
  e.case_id = S("ERX");
  e.outcome = S("\xc3(");
  EXPECT(wf_builder_add_er_case(b, &e, &err_), WF_STATUS_INVALID_UTF8,
         "outcome is not valid UTF-8");
  CHECK(wf_builder_len(b) == before);

  /* Strict: the first bad case fails the build, naming its file, row, column and value. */
  push_er_cases(b);
  CHECK(wf_builder_len(b) == before + 7);
  wf_error *err = NULL;
  wf_data *data = NULL;
  CHECK(wf_builder_build(b, true, &data, NULL, &err) == WF_STATUS_INVALID_DATA);
  CHECK(data == NULL);
  CHECK(eq(wf_error_file(err), "er_cases.csv") && wf_error_row(err) == 6);
  CHECK(eq(wf_error_column(err), "closed_date") && eq(wf_error_value(err), "2022-04-01"));
  CHECK(contains(wf_error_message(err), "er_cases.csv, row 6, column closed_date"));
  CHECK(contains(wf_error_message(err), "closed_date is before opened_date"));
  wf_error_free(err);
  CHECK(wf_builder_len(b) == 0);

  /* Not strict: the two bad cases are left out and reported. */
  push_org(b);
  push_er_cases(b);
  wf_report *report = NULL;
  OK(wf_builder_build(b, false, &data, &report, &err_));
  CHECK(wf_report_rejected_count(report) == 2);
  wf_result *rej = NULL;
  char buf[128];
  size_t n = 0;
  OK(wf_report_table(report, WF_REPORT_PART_REJECTIONS, &rej, &err_));
  CHECK(wf_result_num_rows(rej) == 2);
  CHECK(wf_result_text(rej, 0, 0, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "er_cases.csv") == 0);
  CHECK(wf_result_text(rej, 0, 1, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "6") == 0);
  CHECK(wf_result_text(rej, 0, 2, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "closed_date") == 0);
  CHECK(wf_result_text(rej, 0, 3, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "2022-04-01") == 0);
  CHECK(wf_result_text(rej, 1, 0, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "er_cases.csv") == 0);
  CHECK(wf_result_text(rej, 1, 1, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "7") == 0);
  CHECK(wf_result_text(rej, 1, 2, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "case_type") == 0);
  CHECK(wf_result_text(rej, 1, 4, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strstr(buf, "must be one of") != NULL);
  wf_result_free(rej);
  wf_result *summary = NULL;
  OK(wf_report_table(report, WF_REPORT_PART_SUMMARY, &summary, &err_));
  size_t col_file = 0, col_read = 0, col_acc = 0;
  OK(wf_result_column_index(summary, S("file"), &col_file, &err_));
  OK(wf_result_column_index(summary, S("rows_read"), &col_read, &err_));
  OK(wf_result_column_index(summary, S("rows_accepted"), &col_acc, &err_));
  int found = 0;
  for (size_t row = 0; row < wf_result_num_rows(summary); row++) {
    double read = 0, acc = 0;
    bool missing = true;
    if (wf_result_text(summary, row, col_file, buf, sizeof buf, &n, NULL) == WF_STATUS_OK &&
        strcmp(buf, "er_cases.csv") == 0) {
      found = wf_result_value(summary, row, col_read, &read, &missing, NULL) == WF_STATUS_OK &&
              read == 7.0 &&
              wf_result_value(summary, row, col_acc, &acc, &missing, NULL) == WF_STATUS_OK &&
              acc == 5.0;
    }
  }
  CHECK(found);
  wf_result_free(summary);

  /* Casework over 2021-10-01 to 2022-09-30, worked by hand from the five cases kept:
   * ER1 open at the start and closed; ER2 opened and open at the end; ER3 opened and closed;
   * ER4 closed before and ER5 opened after the period count nowhere. */
  wf_result *r = NULL;
  OK(wf_data_hr(data, S("casework"), S(args), NULL, &r, &err_));
  CHECK(r != NULL && wf_result_num_rows(r) == 7);
  CHECK(casework_value(r, "long_term_absence", "open_at_start") == 1.0);
  CHECK(casework_value(r, "long_term_absence", "opened") == 0.0);
  CHECK(casework_value(r, "long_term_absence", "closed") == 1.0);
  CHECK(casework_value(r, "long_term_absence", "open_at_end") == 0.0);
  CHECK(casework_value(r, "long_term_absence", "active") == 1.0);
  CHECK(casework_value(r, "short_term_absence", "active") == 0.0);
  CHECK(casework_value(r, "capability", "active") == 0.0);
  CHECK(casework_value(r, "capability", "closed") == 0.0);
  CHECK(casework_value(r, "grievance", "opened") == 1.0);
  CHECK(casework_value(r, "grievance", "open_at_end") == 1.0);
  CHECK(casework_value(r, "grievance", "active") == 1.0);
  CHECK(casework_value(r, "disciplinary", "opened") == 1.0);
  CHECK(casework_value(r, "disciplinary", "closed") == 1.0);
  CHECK(casework_value(r, "disciplinary", "open_at_end") == 0.0);
  CHECK(casework_value(r, "total", "open_at_start") == 1.0);
  CHECK(casework_value(r, "total", "opened") == 2.0);
  CHECK(casework_value(r, "total", "closed") == 2.0);
  CHECK(casework_value(r, "total", "open_at_end") == 1.0);
  CHECK(casework_value(r, "total", "active") == 3.0);
  wf_result_free(r);
  r = NULL;
  /* Team T2 only: P3's disciplinary case (P4's capability case closed before). */
  OK(wf_data_hr(data, S("casework"),
                S("{\"from\": \"2021-10-01\", \"to\": \"2022-09-30\", \"unit\": \"T2\"}"), NULL,
                &r, &err_));
  CHECK(casework_value(r, "total", "active") == 1.0);
  CHECK(casework_value(r, "disciplinary", "active") == 1.0);
  wf_result_free(r);
  wf_report_free(report);
  wf_data_free(data);
  wf_builder_free(b);
}

int main(void) {
  test_version_and_free_null();
  test_null_parameters();
  test_invalid_utf8();
  test_null_every_function();
  test_invalid_utf8_arguments();
  test_invalid_dates();
  test_unknown_ids();
  test_results();
  test_options();
  test_arrow();
  test_load_dir();
  test_threads();
  test_hr();
  test_care_periods();
  test_er_cases();
  printf("C API: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
