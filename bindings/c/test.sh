#!/usr/bin/env bash
# C tests of libworkforce (run by `cargo xtask test`). Needs cc, c++ and valgrind, which
# .ci/run installs. Builds the library, checks the header compiles alone as C11 and C++,
# compiles every C test and example with -Wall -Wextra -Werror, runs each under
# AddressSanitizer + UndefinedBehaviorSanitizer (static library) and under valgrind (shared
# library), and compares the C API's CSWW CSV with the Rust library's on the same folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CC=${CC:-cc}
CXX=${CXX:-c++}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
LIB=$TARGET/debug
OUT=$TARGET/capi-tests
INC=$ROOT/bindings/c/include
DATA=$ROOT/tests/data
mkdir -p "$OUT"

step() { echo "==> C: $*"; }

step "build libworkforce"
cargo build -q -p workforce-capi --lib --example csww_csv
cargo build -q -p workforce-cli --bin workforce
test -f "$LIB/libworkforce.so" && test -f "$LIB/libworkforce.a"

step "header alone as C11 and C++"
printf '#include "workforce.h"\n' > "$OUT/header_only.c"
"$CC" -std=c11 -Wall -Wextra -Werror -pedantic -I"$INC" -c "$OUT/header_only.c" -o "$OUT/h_c.o"
"$CXX" -std=c++11 -Wall -Wextra -Werror -pedantic -x c++ -I"$INC" -c "$OUT/header_only.c" -o "$OUT/h_cpp11.o"
"$CXX" -std=c++17 -Wall -Wextra -Werror -pedantic -x c++ -I"$INC" -c "$OUT/header_only.c" -o "$OUT/h_cpp17.o"

# A copy of io_good with one date that does not exist (contracts.csv, row 2, start_date).
BAD=$OUT/io_bad_date
rm -rf "$BAD" && cp -r "$DATA/io_good" "$BAD"
sed -i '2s/,2019-01-07,/,2019-02-30,/' "$BAD/contracts.csv"
grep -q ',2019-02-30,' "$BAD/contracts.csv"

CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -I"$INC" -DWF_TEST_DATA="\"$DATA\""
        -DWF_TEST_BAD_DIR="\"$BAD\"")
# The system libraries the Rust static library needs (rustc --print native-static-libs).
NATIVE=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
PROGRAMS=("$ROOT"/bindings/c/tests/*.c "$ROOT"/examples/c/*.c)
VALGRIND=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all
          --show-leak-kinds=all --suppressions="$ROOT/bindings/c/tests/valgrind.supp")

run_program() { # name binary [runner...]
  local name=$1 bin=$2; shift 2
  case $name in
    csww_csv) "$@" "$bin" "$DATA/io_good" 2021-09-30 2022-09-30 > /dev/null ;;
    *) "$@" "$bin" > "$OUT/$name.out" ;;
  esac
}

for src in "${PROGRAMS[@]}"; do
  name=$(basename "$src" .c)
  step "$name: compile (-Werror), ASan+UBSan run"
  "$CC" "${CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    "$src" -o "$OUT/$name.asan" "$LIB/libworkforce.a" "${NATIVE[@]}"
  nm "$OUT/$name.asan" | grep __asan_init > /dev/null || { echo "ASan is not linked into $name"; exit 1; }
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_program "$name" "$OUT/$name.asan"
  step "$name: valgrind run (shared library)"
  "$CC" "${CFLAGS[@]}" "$src" -o "$OUT/$name" -L"$LIB" -Wl,-rpath,"$LIB" -lworkforce -lpthread -lm
  run_program "$name" "$OUT/$name" "${VALGRIND[@]}"
done
grep -q "0 failed" "$OUT/test_capi.out"
cat "$OUT/test_capi.out"

step "C API results equal the Rust library's (CSWW CSV of tests/data/io_good)"
"$OUT/csww_csv" "$DATA/io_good" 2021-09-30 2022-09-30 > "$OUT/csww_c.csv"
"$TARGET/debug/examples/csww_csv" "$DATA/io_good" 2021-09-30 2022-09-30 > "$OUT/csww_rust.csv"
test -s "$OUT/csww_c.csv"
diff -u "$OUT/csww_rust.csv" "$OUT/csww_c.csv"
step "C API results equal the command-line tool's"
"$TARGET/debug/workforce" csww "$DATA/io_good" --year-end 2021-09-30 --year-end 2022-09-30 --by-unit --format csv > "$OUT/csww_cli.csv"
diff -u "$OUT/csww_cli.csv" "$OUT/csww_c.csv"

step "benchmark compiles (-Werror; run by hand, see benches/README.md)"
"$CC" "${CFLAGS[@]}" -O2 -c "$ROOT/bindings/c/bench/push_1m.c" -o "$OUT/push_1m.o"

step "payroll example output"
cat "$OUT/payroll_month_end.out"
grep -q "turnover rate" "$OUT/payroll_month_end.out"
echo "C API tests: all passed"
