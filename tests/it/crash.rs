//! Crash consistency, proven on every run: a child process imports sheets or a
//! dossier and is killed (SIGKILL) at a random moment; afterwards SQLite's
//! integrity check passes, the import is all there or not there at all, and an
//! import the child confirmed (exit 0 before the kill) is complete. Bounded: 30
//! kills of each kind. The seed is printed so a failure can be replayed
//! (`OCOP_CRASH_SEED`).

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::laptops::{Laptop, ids_by_uid, import_sheet, office};
use crate::common::{Pick, answers, sheet, sheet_file};
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::member::Role;
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::{DATABASE_FILE, NewProduct, NewRound, ProducerFacts, Store};

const KILLS: usize = 30;
const PRODUCTS: i64 = 12;
const MEMBERS: i64 = 3;

/// xorshift64: enough randomness for kill moments, replayable from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("OCOP_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64 | 1)
        })
}

/// A round in scoring with a chair and members and PRODUCTS products (set 4); the
/// store closed so the file is complete without its WAL. Returns the round id.
fn pristine(dir: &Path, scoring: bool) -> i64 {
    let mut store = Store::open(dir).unwrap();
    let actor = crate::common::office();
    let catalog = Catalog::embedded();
    let round = store
        .create_round(
            &NewRound::provincial("Đợt sập nguồn", catalog.set(DEFAULT_CRITERIA_SET).unwrap()),
            &actor,
        )
        .unwrap();
    store
        .add_member(round, "Chủ tịch", Role::Chair, true, &actor)
        .unwrap();
    for i in 1..MEMBERS {
        store
            .add_member(round, &format!("Ủy viên {i}"), Role::Member, true, &actor)
            .unwrap();
    }
    for i in 0..PRODUCTS {
        store
            .add_product(
                round,
                &NewProduct {
                    name: format!("Mật ong {i}"),
                    product_set: 4,
                    product_code: None,
                    producer: ProducerFacts {
                        name: format!("HTX {i}"),
                        ..Default::default()
                    },
                },
                &actor,
            )
            .unwrap();
    }
    if scoring {
        store
            .advance_round(
                round,
                RoundStatus::Scoring,
                &crate::common::chair_of(&store, round),
            )
            .unwrap();
    }
    round.0
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(from.join(DATABASE_FILE), to.join(DATABASE_FILE)).unwrap();
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "integrity_check after a kill");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Runs `args` on `dir`, killed after `after` unless it ends first; true when it
/// exited successfully on its own (the import was confirmed).
fn run_and_kill(dir: &Path, args: &[String], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop-council"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("OCOP_COUNCIL_DATA")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if start.elapsed() >= after {
            child.kill().unwrap(); // SIGKILL
            let status = child.wait().unwrap();
            return status.success();
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// Measures one uninterrupted run (to spread the kills over it) and checks it.
fn calibrate(base: &Path, work: &Path, args: &[String], table: &str, whole: i64) -> Duration {
    let dir = work.join("calibrate");
    copy_folder(base, &dir);
    let start = Instant::now();
    assert!(run_and_kill(&dir, args, Duration::from_secs(60)));
    assert_eq!(count(&dir.join(DATABASE_FILE), table), whole);
    start.elapsed()
}

fn kill_loop(
    base: &Path,
    work: &Path,
    args: &[String],
    table: &str,
    whole: i64,
    rng: &mut Rng,
    seed: u64,
) {
    let span = calibrate(base, work, args, table, whole);
    let mut outcomes = [0usize; 3]; // nothing, all (killed), all (confirmed)
    for i in 0..KILLS {
        let dir = work.join(format!("{table}-{i}"));
        copy_folder(base, &dir);
        let after = Duration::from_micros(rng.below(span.as_micros() as u64 * 6 / 5));
        let confirmed = run_and_kill(&dir, args, after);
        let n = count(&dir.join(DATABASE_FILE), table);
        assert!(
            n == 0 || n == whole,
            "seed {seed}, kill {i} after {after:?}: {n} of {whole} {table} rows (not all or nothing)"
        );
        if confirmed {
            assert_eq!(
                n, whole,
                "seed {seed}, kill {i}: a confirmed import is incomplete"
            );
        }
        outcomes[if n == 0 {
            0
        } else if confirmed {
            2
        } else {
            1
        }] += 1;
        std::fs::remove_dir_all(&dir).ok();
    }
    eprintln!(
        "{table}: run {span:?}; after {KILLS} kills: {} nothing, {} all (killed after the commit), {} confirmed (seed {seed})",
        outcomes[0], outcomes[1], outcomes[2]
    );
}

#[test]
fn killed_imports_leave_a_sound_database_with_all_or_nothing() {
    let seed = seed();
    let mut rng = Rng(seed);
    let work = tempfile::tempdir().unwrap();
    let base = work.path().join("base");
    std::fs::create_dir_all(&base).unwrap();
    let round = pristine(&base, true);

    // Sheets: every member's sheet for every product, in one all-or-nothing import.
    let inbox = work.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut args = vec!["sheet".to_string(), "import".to_string()];
    for product in 1..=PRODUCTS {
        for member in 1..=MEMBERS {
            let path: PathBuf = inbox.join(format!("p{product}-m{member}.json"));
            let file = sheet_file(
                round,
                product,
                member,
                answers(&sheet(4), Pick::Best, &[]),
                true,
            );
            std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
            args.push(path.display().to_string());
        }
    }
    kill_loop(
        &base,
        work.path(),
        &args,
        "sheets",
        PRODUCTS * MEMBERS,
        &mut rng,
        seed,
    );

    // A dossier: files into the attachment store, then the rows in one transaction.
    let bundle =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/05-mat-ong-cu-lao-dung");
    // Dossiers go into a round in setup (a dossier adds its product).
    let setup_base = work.path().join("setup-base");
    std::fs::create_dir_all(&setup_base).unwrap();
    let setup_round = pristine(&setup_base, false);
    let args: Vec<String> = vec![
        "dossier".into(),
        "import".into(),
        bundle.display().to_string(),
        "--round".into(),
        setup_round.to_string(),
    ];
    kill_loop(
        &setup_base,
        work.path(),
        &args,
        "dossiers",
        1,
        &mut rng,
        seed,
    );

    // Packages: a member's laptop imports the round package (killed: the round is
    // there whole or not at all); the office merges the member's signed sheets.
    let office = office("Đợt gói", 1, &[4, 4, 4, 4]);
    let laptop = Laptop::new();
    office.set_key(office.voting[0], &laptop.key);
    office.advance("scoring");
    let package = office.export_round("dot.ocop-round");
    let fresh = work.path().join("laptop-base");
    drop(Store::open(&fresh).unwrap());
    let args = vec![
        "package".to_string(),
        "import".into(),
        package.display().to_string(),
    ];
    kill_loop(&fresh, work.path(), &args, "rounds", 1, &mut rng, seed);

    laptop.import(&package);
    let round = laptop.round(&office.uid);
    let products = ids_by_uid(&laptop.cli, "product", round);
    let me: i64 = laptop
        .cli
        .ok(&["package", "whoami", "--round", &round.to_string()])
        .trim()
        .parse()
        .unwrap();
    for product in products.values() {
        import_sheet(&laptop.cli, round, *product, 4, me, 70, true);
    }
    let sheets = work.path().join("member.ocop-sheets");
    laptop.cli.ok(&[
        "package",
        "export-sheets",
        "--round",
        &round.to_string(),
        "--member",
        &me.to_string(),
        "--out",
        sheets.to_str().unwrap(),
    ]);
    let args = vec![
        "package".to_string(),
        "merge".into(),
        sheets.display().to_string(),
    ];
    kill_loop(
        office.cli.dir(),
        work.path(),
        &args,
        "sheets",
        4,
        &mut rng,
        seed,
    );
}
