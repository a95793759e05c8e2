//! CSWW table benchmarks at 600, 20,000 and 200,000 generated people: end to end (read the
//! folder, index, compute seven year ends for every unit) and warm (data already indexed).
//! Set `WF_BENCH_SIZES=600,20000` to choose sizes.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use workforce::io::{read_dir, LoadOptions};
use workforce::{Options, Workforce};
use workforce_benches::{data_folder, year_ends};

fn sizes() -> Vec<usize> {
    std::env::var("WF_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![600, 20_000, 200_000])
}

fn bench(c: &mut Criterion) {
    let ye = year_ends();
    let o = Options::default();
    for n in sizes() {
        let dir = data_folder(n);
        let mut g = c.benchmark_group(format!("people_{n}"));
        if n >= 100_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(60));
        } else if n >= 10_000 {
            g.sample_size(10);
        }
        g.bench_function("read", |b| {
            b.iter(|| read_dir(&dir, &LoadOptions::default()).unwrap())
        });
        g.bench_function("end_to_end", |b| {
            b.iter(|| {
                let (data, _) = read_dir(&dir, &LoadOptions::default()).unwrap();
                let wf = Workforce::new(data).unwrap();
                wf.csww(&ye, None, true, &o).unwrap().to_text(o.rounding)
            })
        });
        let (data, _) = read_dir(&dir, &LoadOptions::default()).unwrap();
        g.bench_function("index", |b| {
            b.iter(|| Workforce::new(data.clone()).unwrap())
        });
        let wf = Workforce::new(data).unwrap();
        g.bench_function("warm_csww_all_units_7_years", |b| {
            b.iter(|| wf.csww(&ye, None, true, &o).unwrap())
        });
        g.bench_function("warm_series_5_years", |b| {
            b.iter(|| {
                wf.series(ye[2], ye[6], None, &workforce::Scope::Csww, &o)
                    .unwrap()
            })
        });
        g.finish();
    }
    c.bench_function("demo_end_to_end", |b| {
        b.iter(|| {
            let wf = Workforce::new(workforce::generate::demo()).unwrap();
            wf.csww(&ye, None, true, &o).unwrap().to_text(o.rounding)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
