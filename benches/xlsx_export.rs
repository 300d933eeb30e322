//! Export of a large round to XLSX: 500 products × 15 members, every sheet
//! submitted (one results sheet + 500 product sheets). Prints the time and size,
//! with CSV and JSON of the same round beside it.
//!
//! Run: `cargo bench --bench xlsx_export`

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is the report

use std::collections::BTreeMap;
use std::time::Instant;

use ocop_council::app::Session;
use ocop_council::app::export::{ExportFormat, export_round};
use ocop_council::domain::criteria::{Catalog, catalog::DEFAULT_CRITERIA_SET};
use ocop_council::domain::ids::MemberId;
use ocop_council::domain::member::Role;
use ocop_council::domain::score::SheetAnswers;
use ocop_council::store::{Actor, NewProduct, NewRound, ProducerFacts, SheetWrite, Store};

const PRODUCTS: usize = 500;
const MEMBERS: usize = 15;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::embedded();
    let set = catalog.set(DEFAULT_CRITERIA_SET).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let actor = Actor::secretariat(ocop_council::domain::actor::Channel::Api);
    let round = store
        .create_round(&NewRound::provincial("Đợt thử 500 sản phẩm", set), &actor)
        .unwrap();
    let mut members: Vec<MemberId> = Vec::new();
    for i in 0..MEMBERS {
        let role = if i == 0 { Role::Chair } else { Role::Member };
        members.push(
            store
                .add_member(
                    round,
                    &format!("Thành viên {i:02} Nguyễn Văn Ấn"),
                    role,
                    true,
                    &actor,
                )
                .unwrap(),
        );
    }
    let new: Vec<NewProduct> = (0..PRODUCTS)
        .map(|i| NewProduct {
            name: format!("Sản phẩm số {i} — đặc sản Sóc Trăng"),
            product_set: (i % 26) as u8 + 1,
            product_code: Some(format!("94-941-{i:03}-2026")),
            producer: ProducerFacts {
                name: format!("Hợp tác xã số {i}"),
                commune: Some("Xã Hòa Tú".into()),
                ..Default::default()
            },
        })
        .collect();
    let products = store.add_products(round, &new, &actor).unwrap();
    store
        .advance_round(
            round,
            ocop_council::domain::round::RoundStatus::Scoring,
            &Actor::member(members[0], ocop_council::domain::actor::Channel::Api),
        )
        .unwrap();
    let started = Instant::now();
    let mut writes = Vec::new();
    for (pi, product) in products.iter().enumerate() {
        let sheet = store.round_sheet(round, new[pi].product_set).unwrap();
        for (mi, member) in members.iter().enumerate() {
            // Deterministic, varied answers: option index from product and member.
            let choices: BTreeMap<_, _> = sheet
                .criteria()
                .enumerate()
                .map(|(ci, (_, _, c))| {
                    let k = (pi * 7 + mi * 3 + ci) % c.options.len();
                    (c.id.clone(), c.options[k].id.clone())
                })
                .collect();
            writes.push(SheetWrite {
                round,
                product: *product,
                member: *member,
                answers: SheetAnswers { choices },
                comments: BTreeMap::new(),
                submitted: true,
            });
        }
    }
    for chunk in writes.chunks(500) {
        store.write_sheets(chunk, &actor).unwrap();
    }
    eprintln!(
        "setup: {} sheets written in {:.1} s",
        writes.len(),
        started.elapsed().as_secs_f64()
    );
    drop(store);
    let session = Session::open(dir.path()).unwrap();
    for (format, name) in [
        (ExportFormat::Xlsx, "ket-qua.xlsx"),
        (ExportFormat::Csv, "ket-qua.csv"),
        (ExportFormat::Json, "ket-qua.json"),
    ] {
        let out = dir.path().join(name);
        let mut times = Vec::new();
        for _ in 0..3 {
            let t = Instant::now();
            export_round(&session, round, format, &out).unwrap();
            times.push(t.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        let size = std::fs::metadata(&out).unwrap().len();
        println!(
            "{name}: {PRODUCTS} products × {MEMBERS} members: median {:.3} s (of 3), {:.1} KB",
            times[1],
            size as f64 / 1024.0
        );
    }
}
