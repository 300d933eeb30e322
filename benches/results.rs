//! Benchmark: a round's results for 500 products × 15 members × 40 criteria.
//!
//! Builds the round in a temporary database through the store (7,500 submitted
//! sheets, 300,000 answers), times `Store::round_results` (one query over the stored
//! per-product results and tallies, the rules applied to each tally) and, for
//! reference, `Store::round_results_recomputed` (every sheet scored from its
//! answers); in the same run times the bare aggregation done by the `sqlite3` shell
//! on the same file (per product the mean of the submitted totals, and per-criterion
//! sums), printing all and the ratio of `round_results` to the shell.
//!
//! Run: `cargo bench --bench results` (release profile; `--profile dev` for a quick
//! look, slower). Needs the `sqlite3` shell for the comparison (`apt-get install
//! sqlite3`); without it the store is timed alone.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a panic is the report

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ocop_council::domain::criteria::{
    Catalog, Choice, ChoiceId, CriteriaSet, CriteriaSheet, Criterion, CriterionId, LoadedSheet,
    Part, Section, SheetOrigin, catalog::DEFAULT_CRITERIA_SET,
};
use ocop_council::domain::ids::{MemberId, ProductId};
use ocop_council::domain::member::Role;
use ocop_council::domain::round::RoundStatus;
use ocop_council::domain::score::SheetAnswers;
use ocop_council::store::{Actor, NewProduct, NewRound, ProducerFacts, SheetWrite, Store};

const PRODUCTS: usize = 500;
const MEMBERS: usize = 15;
const CRITERIA: usize = 40;
const RUNS: usize = 5;

/// A 100-point sheet of 40 criteria (20 worth up to 3 points, 20 up to 2), shaped
/// like the official ones: parts A 40 / B 25 / C 35.
fn sheet_of_40() -> CriteriaSheet {
    let base = Catalog::embedded()
        .sheet(DEFAULT_CRITERIA_SET, 1)
        .expect("embedded set 1")
        .sheet
        .clone();
    // (part, criteria worth 3, criteria worth 2): A 8×3+8×2 = 40, B 5×3+5×2 = 25,
    // C 7×3+7×2 = 35.
    let layout = [("A", 8, 8), ("B", 5, 5), ("C", 7, 7)];
    let parts = layout
        .iter()
        .map(|(code, threes, twos)| {
            let maxima: Vec<u32> = std::iter::repeat_n(3, *threes)
                .chain(std::iter::repeat_n(2, *twos))
                .collect();
            let criteria: Vec<Criterion> = maxima
                .iter()
                .enumerate()
                .map(|(i, max)| {
                    let id = format!("{code}.1.c{i:02}");
                    Criterion {
                        id: CriterionId(id.clone()),
                        letter: format!("c{i}"),
                        title_vi: format!("Tiêu chí {id}"),
                        title_en: None,
                        max_points: Some(*max),
                        star_mark: None,
                        notes: vec![],
                        options: (0..=*max)
                            .map(|p| Choice {
                                id: ChoiceId(format!("{id}.{}", p + 1)),
                                label_vi: format!("{p} điểm"),
                                points: p,
                                star_mark: None,
                            })
                            .collect(),
                    }
                })
                .collect();
            let total = maxima.iter().sum();
            Part {
                code: (*code).into(),
                title_vi: format!("Phần {code}"),
                title_en: format!("Part {code}"),
                max_points: total,
                sections: vec![Section {
                    id: format!("{code}.1"),
                    number: 1,
                    title_vi: "Mục 1".into(),
                    title_en: "Section 1".into(),
                    max_points: total,
                    notes: vec![],
                    criteria,
                }],
            }
        })
        .collect();
    CriteriaSheet {
        parts,
        star_marks_binding: false,
        ..base
    }
}

/// A small deterministic generator, so every run builds the same round.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("open store");
    let actor = Actor::secretariat(ocop_council::domain::actor::Channel::Api);
    let sheet = sheet_of_40();
    assert_eq!(sheet.criteria().count(), CRITERIA);
    let info = sheet.criteria_set.clone();
    let set = CriteriaSet {
        info: ocop_council::domain::criteria::CriteriaSetInfo {
            id: "bench-40".into(),
            ..info
        },
        sheets: BTreeMap::from([(
            1,
            Arc::new(LoadedSheet {
                sheet: sheet.clone(),
                warnings: vec![],
                origin: SheetOrigin::Embedded("bench"),
            }),
        )]),
    };

    let build = Instant::now();
    let round = store
        .create_round(
            &NewRound {
                star_marks_binding: false,
                ..NewRound::provincial("Benchmark", &set)
            },
            &actor,
        )
        .expect("round");
    let members: Vec<MemberId> = (0..MEMBERS)
        .map(|i| {
            let role = match i {
                0 => Role::Chair,
                1 | 2 => Role::ViceChair,
                _ => Role::Member,
            };
            store
                .add_member(round, &format!("Thành viên {i}"), role, true, &actor)
                .expect("member")
        })
        .collect();
    let products: Vec<ProductId> = (0..PRODUCTS)
        .map(|i| {
            store
                .add_product(
                    round,
                    &NewProduct {
                        name: format!("Sản phẩm {i}"),
                        product_set: 1,
                        product_code: None,
                        producer: ProducerFacts {
                            name: format!("Chủ thể {i}"),
                            ..Default::default()
                        },
                    },
                    &actor,
                )
                .expect("product")
        })
        .collect();
    store
        .advance_round(
            round,
            RoundStatus::Scoring,
            &Actor::member(members[0], ocop_council::domain::actor::Channel::Api),
        )
        .expect("scoring");
    let criteria: Vec<&Criterion> = sheet.criteria().map(|(_, _, c)| c).collect();
    let mut rng = Lcg(2026);
    for chunk in products.chunks(50) {
        let mut writes = Vec::new();
        for product in chunk {
            // Each product has a "true" level; members pick around it.
            let level = rng.below(4);
            for member in &members {
                let choices = criteria
                    .iter()
                    .map(|c| {
                        let max = u64::from(c.best_points());
                        let points = (level + rng.below(2)).min(max);
                        (c.id.clone(), c.options[points as usize].id.clone())
                    })
                    .collect();
                writes.push(SheetWrite {
                    round,
                    product: *product,
                    member: *member,
                    answers: SheetAnswers { choices },
                    comments: Default::default(),
                    submitted: true,
                });
            }
        }
        store.write_sheets(&writes, &actor).expect("sheets");
    }
    let built = build.elapsed();
    drop(store);
    let db = dir.path().join(ocop_council::store::DATABASE_FILE);
    let size_mib = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    println!(
        "round: {PRODUCTS} products × {MEMBERS} members × {CRITERIA} criteria = {} sheets, {} answers",
        PRODUCTS * MEMBERS,
        PRODUCTS * MEMBERS * CRITERIA
    );
    println!(
        "built through the store in {:.1} s ({size_mib:.1} MiB + WAL)",
        built.as_secs_f64()
    );

    // The store: a fresh open (as the app starts), then warm runs.
    let store = Store::open(dir.path()).expect("reopen");
    let cold = Instant::now();
    let results = store.round_results(round).expect("results");
    let cold = cold.elapsed();
    assert_eq!(results.products.len(), PRODUCTS);
    assert!(
        store
            .round_results_from_stored_rows(round)
            .expect("stored")
            .is_some(),
        "the stored results are in step (no fallback to recomputing)"
    );
    let time_runs = |f: &dyn Fn() -> usize| -> Duration {
        median(
            (0..RUNS)
                .map(|_| {
                    let t = Instant::now();
                    let n = f();
                    let e = t.elapsed();
                    assert_eq!(n, PRODUCTS);
                    e
                })
                .collect(),
        )
    };
    let store_median = time_runs(&|| store.round_results(round).expect("results").products.len());
    println!(
        "Store::round_results (stored results, one query): first call {} (parses the criteria snapshot), median of {RUNS} {}",
        ms(cold),
        ms(store_median)
    );
    let recomputed_median = time_runs(&|| {
        store
            .round_results_recomputed(round)
            .expect("recomputed")
            .products
            .len()
    });
    println!(
        "Store::round_results_recomputed (every answer re-scored, the read before schema 10): median of {RUNS} {}",
        ms(recomputed_median)
    );
    let fresh = store.round_results_recomputed(round).expect("recomputed");
    for (stored, fresh) in results.products.iter().zip(&fresh.products) {
        assert_eq!(stored.result, fresh.result, "stored = recomputed");
    }
    // Of which reading the answers: the same statement round_results runs, rows fetched
    // as it fetches them (ids and two strings per answer), nothing computed.
    let read: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let mut stmt = store
                .raw_connection()
                .prepare(
                    "SELECT s.product_id, s.id, s.member_id, a.criterion_id, a.choice_id
                     FROM sheets s LEFT JOIN answers a ON a.sheet_id = s.id
                     WHERE s.round_id = ?1 AND s.status = 'submitted'
                     ORDER BY s.product_id, s.member_id",
                )
                .expect("prepare");
            let mut rows = stmt.query([round.0]).expect("query");
            let mut n = 0usize;
            while let Some(r) = rows.next().expect("row") {
                let _: (i64, i64, i64, Option<String>, Option<String>) = (
                    r.get(0).expect("col"),
                    r.get(1).expect("col"),
                    r.get(2).expect("col"),
                    r.get(3).expect("col"),
                    r.get(4).expect("col"),
                );
                n += 1;
            }
            assert_eq!(n, PRODUCTS * MEMBERS * CRITERIA);
            t.elapsed()
        })
        .collect();
    println!(
        "  of which reading the 300,000 answer rows through rusqlite: median {}",
        ms(median(read))
    );

    // The sqlite3 shell on the same file.
    let sql = format!(
        ".timer on
SELECT product_id, avg(total_points), count(*) FROM sheets
 WHERE round_id = {r} AND status = 'submitted' GROUP BY product_id;
SELECT s.product_id, a.criterion_id, sum(a.points) FROM answers a JOIN sheets s ON s.id = a.sheet_id
 WHERE s.round_id = {r} AND s.status = 'submitted' GROUP BY s.product_id, a.criterion_id;",
        r = round.0
    );
    let version = Command::new("sqlite3")
        .arg("-version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(version) = version else {
        println!(
            "sqlite3 shell: NOT FOUND — install it (apt-get install sqlite3) to compare; only the store was timed"
        );
        return;
    };
    println!(
        "sqlite3 shell: {}",
        String::from_utf8_lossy(&version.stdout)
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    let mut wall = Vec::new();
    let mut inside = Vec::new();
    let mut output = String::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        // The script goes in on stdin: the shell reports ".timer" only for input it reads.
        let mut child = Command::new("sqlite3")
            .arg("-readonly")
            .arg(&db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run sqlite3");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(sql.as_bytes())
            .expect("write the script");
        let out = child.wait_with_output().expect("sqlite3 output");
        wall.push(t.elapsed());
        assert!(
            out.status.success(),
            "sqlite3 failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        output = String::from_utf8_lossy(&out.stdout).into_owned();
        // ".timer on" prints "Run Time: real 0.123 user … sys …" after each statement.
        let real: f64 = output
            .lines()
            .filter_map(|l| l.strip_prefix("Run Time: real "))
            .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
            .sum();
        inside.push(Duration::from_secs_f64(real));
    }
    let rows: Vec<&str> = output
        .lines()
        .filter(|l| !l.starts_with("Run Time"))
        .collect();
    assert_eq!(rows.len(), PRODUCTS + PRODUCTS * CRITERIA, "sqlite3 rows");
    // The two agree: the first product's criterion sums are the store's.
    let first = &results.products[0];
    let first_id = first.product.id.to_string();
    let mut checked = 0;
    for row in rows.iter().skip(PRODUCTS) {
        let fields: Vec<&str> = row.split('|').collect();
        if fields[0] == first_id {
            let ours = first.result.criterion_sums[&CriterionId(fields[1].into())];
            assert_eq!(fields[2].parse::<u64>().unwrap(), ours, "{}", fields[1]);
            checked += 1;
        }
    }
    assert_eq!(checked, CRITERIA, "criterion sums compared");
    let shell_wall = median(wall);
    let shell_inside = median(inside);
    println!(
        "sqlite3 shell, same aggregation (mean of submitted totals + per-criterion sums per product): median of {RUNS} {} wall (process start, open, queries, {} output rows), {} inside SQLite (.timer)",
        ms(shell_wall),
        rows.len(),
        ms(shell_inside)
    );
    println!(
        "ratio Store::round_results / sqlite3: {:.2}× the shell's wall time, {:.2}× its query time (goal ≤ 1.2×)",
        store_median.as_secs_f64() / shell_wall.as_secs_f64(),
        store_median.as_secs_f64() / shell_inside.as_secs_f64().max(1e-9)
    );
    println!(
        "ratio Store::round_results_recomputed / sqlite3: {:.2}× the shell's wall time",
        recomputed_median.as_secs_f64() / shell_wall.as_secs_f64(),
    );
    println!(
        "reading one round's results: {} (goal < 20 ms)",
        ms(store_median)
    );
}
