//! Frame CPU time of the desktop UI, headless: a round of 20,000 products in the
//! product list, then a 40-criterion sheet open on the desk. Each frame is what
//! eframe does on the CPU: run the UI, then tessellate the shapes (no GPU).
//! Prints the median and the 95th percentile in milliseconds.
//!
//! Run: `cargo bench --bench ui_frames`

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark code: a panic is the report

use std::sync::Arc;
use std::time::{Duration, Instant};

use ocop_council::app::prefs::{Identity, Lang, Prefs};
use ocop_council::domain::criteria::{
    Catalog, CriterionId, TranscriptionStatus, catalog::DEFAULT_CRITERIA_SET,
};
use ocop_council::domain::ids::{MemberId, ProductId};
use ocop_council::domain::member::Role;
use ocop_council::store::{Actor, NewProduct, NewRound, ProducerFacts, Store};
use ocop_council::ui::{Action, OcopApp, fonts};

const PRODUCTS: usize = 20_000;
const FRAMES: usize = 300;

/// A 40-criterion sheet: QĐ 148 set 1 (32 criteria) plus 8 copies of its last
/// sensory criterion, as an external criteria set (marked unverified: its sums
/// no longer add up, which is fine for a benchmark).
fn forty_criterion_set(dir: &std::path::Path) -> Catalog {
    let mut sheet = Catalog::embedded()
        .sheet(DEFAULT_CRITERIA_SET, 1)
        .unwrap()
        .sheet
        .clone();
    sheet.criteria_set.id = "bench-40".into();
    sheet.transcription.status = TranscriptionStatus::Unverified;
    let section = &mut sheet.parts[2].sections[0];
    let template = section.criteria.last().unwrap().clone();
    for letter in ["g", "h", "i", "k", "l", "m", "n", "o"] {
        let mut c = template.clone();
        c.letter = letter.into();
        c.id = CriterionId(format!("{}.{letter}", section.id));
        for (k, o) in c.options.iter_mut().enumerate() {
            o.id.0 = format!("{}.{}", c.id, k + 1);
        }
        section.criteria.push(c);
    }
    assert_eq!(sheet.criteria().count(), 40);
    let criteria_dir = dir.join("criteria/bench");
    std::fs::create_dir_all(&criteria_dir).unwrap();
    std::fs::write(
        criteria_dir.join("set-01.json"),
        serde_json::to_string(&sheet).unwrap(),
    )
    .unwrap();
    let catalog = Catalog::load(Some(&dir.join("criteria")));
    assert!(catalog.errors().is_empty(), "{:?}", catalog.errors());
    catalog
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = forty_criterion_set(dir.path());
    let mut store = Store::open(dir.path()).unwrap();
    let actor = Actor::secretariat(ocop_council::domain::actor::Channel::Api);
    let round = store
        .create_round(
            &NewRound::provincial(
                "Đợt thử tải 20.000 sản phẩm",
                catalog.set("bench-40").unwrap(),
            ),
            &actor,
        )
        .unwrap();
    store
        .add_member(round, "Chủ tịch", Role::Chair, true, &actor)
        .unwrap();
    let member = store
        .add_member(round, "Ủy viên Nguyễn Thị Ấu", Role::Member, true, &actor)
        .unwrap();
    let started = Instant::now();
    for i in 0..PRODUCTS {
        store
            .add_product(
                round,
                &NewProduct {
                    name: format!("Sản phẩm thử số {i} — bánh pía đậu xanh sầu riêng"),
                    product_set: 1,
                    product_code: Some(format!("94-941-{i:05}-2026")),
                    producer: ProducerFacts {
                        name: format!("Hợp tác xã số {}", i % 500),
                        commune: Some("Xã Hòa Tú".into()),
                        ..Default::default()
                    },
                },
                &actor,
            )
            .unwrap();
    }
    eprintln!(
        "setup: {PRODUCTS} products in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(store);
    let mut prefs = Prefs {
        lang: Lang::Vi,
        last_round: Some(round),
        ..Prefs::default()
    };
    prefs.set_identity(round, Identity::Member(member));
    prefs.save(dir.path()).unwrap();

    let ctx = egui::Context::default();
    fonts::install(&ctx);
    let mut app = OcopApp::with_waker(dir.path().to_path_buf(), Arc::new(|| {}));
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1400.0, 900.0));

    let vertices = std::cell::Cell::new(0usize);
    let mut frame = |app: &mut OcopApp, pointer: Option<egui::Pos2>| -> Duration {
        let mut input = egui::RawInput {
            screen_rect: Some(screen),
            ..Default::default()
        };
        if let Some(pos) = pointer {
            input.events.push(egui::Event::PointerMoved(pos));
        }
        let t = Instant::now();
        let mut output = ctx.run_ui(input, |ui| app.ui(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        let elapsed = t.elapsed();
        vertices.set(
            primitives
                .iter()
                .map(|p| match &p.primitive {
                    egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                    egui::epaint::Primitive::Callback(_) => 0,
                })
                .sum(),
        );
        // A real backend uploads these to the GPU; here they are just dropped.
        output.textures_delta.clear();
        elapsed
    };
    let settle =
        |app: &mut OcopApp, frame: &mut dyn FnMut(&mut OcopApp, Option<egui::Pos2>) -> Duration| {
            for _ in 0..10_000 {
                frame(app, None);
                if app.is_settled() {
                    frame(app, None);
                    frame(app, None);
                    if app.is_settled() {
                        return;
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            panic!("the app did not settle");
        };

    settle(&mut app, &mut frame);
    let list = measure(&mut app, &mut frame, "product list, 20,000 products");
    println!("  ({} vertices per frame)", vertices.get());

    app.apply(Action::OpenDesk {
        product: ProductId(1),
        member: MemberId(member.0),
    });
    settle(&mut app, &mut frame);
    let desk = measure(&mut app, &mut frame, "desk, 40-criterion sheet open");
    println!("  ({} vertices per frame)", vertices.get());
    println!(
        "goal ≤ 2 ms per frame: list {}, desk {}",
        if list <= 2.0 { "met" } else { "NOT met" },
        if desk <= 2.0 { "met" } else { "NOT met" }
    );
}

/// Times `FRAMES` frames with the pointer moving across the window; returns the median.
fn measure(
    app: &mut OcopApp,
    frame: &mut dyn FnMut(&mut OcopApp, Option<egui::Pos2>) -> Duration,
    what: &str,
) -> f64 {
    // Warm caches (text layout, fonts) first, as a running app has them.
    for i in 0..30 {
        frame(app, Some(egui::pos2(100.0 + i as f32, 300.0)));
    }
    let mut ms: Vec<f64> = (0..FRAMES)
        .map(|i| {
            let pos = egui::pos2(200.0 + (i % 900) as f32, 150.0 + (i % 600) as f32);
            frame(app, Some(pos)).as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p95 = ms[ms.len() * 95 / 100];
    println!("{what}: median {median:.3} ms, p95 {p95:.3} ms per frame ({FRAMES} frames)");
    median
}
