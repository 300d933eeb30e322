//! Who may do what, through the store: every council action tried by every role
//! (README, "Who may do what"). An allowed one succeeds and the audit names the
//! actor; a refused one names the rule and leaves the database byte-identical.

use std::path::Path;

use ocop_council::domain::actor::Principal;
use ocop_council::domain::disqualify::{Disqualification, DisqualificationReason};
use ocop_council::domain::ids::MemberId;
use ocop_council::domain::member::Role;
use ocop_council::domain::permissions::{CouncilAction, Denial};
use ocop_council::domain::round::RoundStatus;
use ocop_council::store::{Actor, AnswerChange, SheetWrite, StoreError};

use crate::common::council::{Council, SET, council, decision};
use crate::common::{answers_totalling, as_member, office};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Chair,
    Vice,
    Member,
    Secretary,
    Advisor,
    Secretariat,
}

const EVERYONE: [Who; 6] = [
    Who::Chair,
    Who::Vice,
    Who::Member,
    Who::Secretary,
    Who::Advisor,
    Who::Secretariat,
];

/// A council fixture plus a non-voting advisor.
struct Case {
    c: Council,
    advisor: MemberId,
}

impl Case {
    fn id(&self, who: Who) -> Option<MemberId> {
        match who {
            Who::Chair => Some(self.c.chair),
            Who::Vice => Some(self.c.vice),
            Who::Member => Some(self.c.m1),
            Who::Secretary => Some(self.c.secretary),
            Who::Advisor => Some(self.advisor),
            Who::Secretariat => None,
        }
    }

    fn actor(&self, who: Who) -> Actor {
        self.id(who).map_or_else(office, as_member)
    }
}

/// The round in `status`: one product fully scored (chair, vice, m1, m2), the other
/// untouched; finalized and issued rounds have both scored.
fn case(status: RoundStatus) -> Case {
    let mut c = council(2);
    let advisor = c
        .store
        .add_member(c.round, "Cố Vấn", Role::Advisor, false, &office())
        .unwrap();
    let chair = as_member(c.chair);
    if status >= RoundStatus::Scoring {
        c.store
            .advance_round(c.round, RoundStatus::Scoring, &chair)
            .unwrap();
        let p = c.products[0];
        for (m, total) in [(c.chair, 80), (c.vice, 78), (c.m1, 76), (c.m2, 74)] {
            c.submit(p, m, total);
        }
    }
    if status >= RoundStatus::Deliberation {
        let p = c.products[1];
        for (m, total) in [(c.chair, 60), (c.vice, 62), (c.m1, 61), (c.m2, 60)] {
            c.submit(p, m, total);
        }
        c.store
            .advance_round(c.round, RoundStatus::Deliberation, &chair)
            .unwrap();
    }
    if status >= RoundStatus::Finalized {
        c.store
            .finalize_round(c.round, &decision(), &chair)
            .unwrap();
    }
    if status >= RoundStatus::CertificatesIssued {
        c.store
            .issue_certificates(
                c.round,
                &crate::certificates::issuer("UBND tỉnh Sóc Trăng"),
                None,
                &chair,
            )
            .unwrap();
    }
    Case { c, advisor }
}

/// The database file and its write-ahead log, as bytes (a checkpoint first folds the
/// log in where no reader holds it).
fn bytes_of(db: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(db).unwrap();
    let wal = db.with_extension("sqlite3-wal");
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    bytes
}

type Attempt = fn(&mut Case, &Actor, Option<MemberId>) -> Result<(), StoreError>;

/// Tries `attempt` as each person on a fresh round in `status`; `allowed` are those
/// the table lets through. Every refusal names `action` and changes no byte.
fn walk(status: RoundStatus, action: CouncilAction, allowed: &[Who], attempt: Attempt) {
    walk_among(&EVERYONE, status, action, allowed, attempt);
}

/// [`walk`] among `tried` only.
fn walk_among(
    tried: &[Who],
    status: RoundStatus,
    action: CouncilAction,
    allowed: &[Who],
    attempt: Attempt,
) {
    for &who in tried {
        let mut case = case(status);
        let actor = case.actor(who);
        let me = case.id(who);
        let before = bytes_of(&case.c.db);
        match attempt(&mut case, &actor, me) {
            Ok(()) => {
                assert!(allowed.contains(&who), "{action:?} by {who:?} went through");
                let last = case.c.store.audit_log(case.c.round).unwrap().pop().unwrap();
                let token = actor.principal.token();
                assert!(
                    last.actor.starts_with(&format!("{token};")),
                    "{action:?} by {who:?}: the audit says {}",
                    last.actor
                );
            }
            Err(StoreError::NotPermitted(refusal)) => {
                assert!(
                    !allowed.contains(&who),
                    "{action:?} by {who:?} refused: {refusal}"
                );
                assert_eq!(refusal.action, action, "{who:?}: {refusal}");
                assert_eq!(
                    bytes_of(&case.c.db),
                    before,
                    "{action:?} by {who:?} was refused but wrote"
                );
            }
            Err(other) => panic!("{action:?} by {who:?}: {other}"),
        }
    }
}

fn first_choice(case: &Case) -> (ocop_council::domain::criteria::CriterionId, AnswerChange) {
    let sheet = case.c.store.round_sheet(case.c.round, SET).unwrap();
    let (_, _, criterion) = sheet.criteria().next().unwrap();
    (
        criterion.id.clone(),
        AnswerChange::Choice(Some(criterion.options[0].id.clone())),
    )
}

#[test]
fn scoring_is_for_voting_members_on_their_own_sheet() {
    walk(
        RoundStatus::Scoring,
        CouncilAction::Score,
        &[Who::Chair, Who::Vice, Who::Member],
        |case, actor, me| {
            let (criterion, change) = first_choice(case);
            // The secretariat has no sheet: it tries a member's.
            let owner = me.unwrap_or(case.c.m3);
            let product = case.c.products[1];
            case.c
                .store
                .change_answer(product, owner, &criterion, &change, actor)
                .map(|_| ())
        },
    );
}

#[test]
fn nobody_scores_anothers_sheet_and_non_voters_never_score() {
    let mut case = case(RoundStatus::Scoring);
    let (criterion, change) = first_choice(&case);
    let product = case.c.products[1];
    let m3 = case.c.m3;
    let chair = as_member(case.c.chair);
    let err = case
        .c
        .store
        .change_answer(product, m3, &criterion, &change, &chair)
        .unwrap_err();
    match err {
        StoreError::NotPermitted(r) => assert_eq!(r.denial, Denial::NotTheirs),
        other => panic!("{other}"),
    }
    let secretary = case.c.secretary;
    let err = case
        .c
        .store
        .change_answer(
            product,
            secretary,
            &criterion,
            &change,
            &as_member(secretary),
        )
        .unwrap_err();
    match err {
        StoreError::NotPermitted(r) => assert_eq!(r.denial, Denial::DoesNotVote),
        other => panic!("{other}"),
    }
}

#[test]
fn a_member_declares_their_own_conflict_and_the_chair_records_anothers() {
    // Every member may declare their own (the secretariat has none to declare:
    // recording a member's is the chair's, below).
    let members = [
        Who::Chair,
        Who::Vice,
        Who::Member,
        Who::Secretary,
        Who::Advisor,
    ];
    walk_among(
        &members,
        RoundStatus::Scoring,
        CouncilAction::DeclareConflict,
        &members,
        |case, actor, me| {
            let p = case.c.products[1];
            let me = me.unwrap();
            case.c.store.record_recusal(p, me, "người nhà", actor)
        },
    );
    walk(
        RoundStatus::Scoring,
        CouncilAction::RecordRecusal,
        &[Who::Chair, Who::Vice],
        |case, actor, _| {
            let p = case.c.products[1];
            let m3 = case.c.m3;
            case.c.store.record_recusal(p, m3, "người nhà", actor)
        },
    );
}

#[test]
fn the_chair_or_the_vice_chair_orders_a_rescore() {
    walk(
        RoundStatus::Deliberation,
        CouncilAction::OrderRescore,
        &[Who::Chair, Who::Vice],
        |case, actor, _| {
            let p = case.c.products[0];
            let m2 = case.c.m2;
            case.c
                .store
                .rescore(p, &[m2], "chênh lệch", actor)
                .map(|_| ())
        },
    );
}

#[test]
fn a_sheet_is_reopened_by_the_chair_or_on_the_chairs_order() {
    let attempt: Attempt = |case, actor, _| {
        let p = case.c.products[0];
        let m2 = case.c.m2;
        case.c.store.reopen_sheet(p, m2, "gõ nhầm", actor)
    };
    walk(
        RoundStatus::Scoring,
        CouncilAction::ReopenSheet,
        &[Who::Chair, Who::Vice],
        attempt,
    );
    // The secretary records the chair's order; a member's order does not count.
    let mut case = case(RoundStatus::Scoring);
    let secretary = as_member(case.c.secretary);
    let by_member = secretary.clone().on_order_of(case.c.m1);
    assert!(matches!(
        attempt(&mut case, &by_member, None),
        Err(StoreError::NotPermitted(r)) if r.denial == Denial::NotChairsOrder
    ));
    let by_chair = secretary.on_order_of(case.c.chair);
    attempt(&mut case, &by_chair, None).unwrap();
}

#[test]
fn the_councils_decisions_are_the_chairs_or_the_secretarys() {
    let decisions: [(RoundStatus, CouncilAction, Attempt); 6] = [
        (
            RoundStatus::Scoring,
            CouncilAction::Disqualify,
            |case, actor, _| {
                let p = case.c.products[1];
                let d = Disqualification {
                    reason: DisqualificationReason::ForgedDossier,
                    note: "giả mạo".into(),
                };
                case.c.store.set_disqualification(p, Some(&d), actor)
            },
        ),
        (
            RoundStatus::Scoring,
            CouncilAction::MoveRound,
            |case, actor, _| {
                let round = case.c.round;
                case.c
                    .store
                    .advance_round(round, RoundStatus::Deliberation, actor)
            },
        ),
        (
            RoundStatus::Deliberation,
            CouncilAction::Finalize,
            |case, actor, _| {
                let round = case.c.round;
                case.c
                    .store
                    .finalize_round(round, &decision(), actor)
                    .map(|_| ())
            },
        ),
        (
            RoundStatus::Finalized,
            CouncilAction::ReopenRound,
            |case, actor, _| {
                let round = case.c.round;
                case.c
                    .store
                    .reopen_round(round, "sai tên", actor)
                    .map(|_| ())
            },
        ),
        (
            RoundStatus::Finalized,
            CouncilAction::IssueCertificates,
            |case, actor, _| {
                let round = case.c.round;
                let issuer = crate::certificates::issuer("UBND tỉnh Sóc Trăng");
                case.c
                    .store
                    .issue_certificates(round, &issuer, None, actor)
                    .map(|_| ())
            },
        ),
        (
            RoundStatus::CertificatesIssued,
            CouncilAction::RevokeCertificate,
            |case, actor, _| {
                let round = case.c.round;
                let certificate = case.c.store.certificates(round).unwrap()[0].id;
                case.c
                    .store
                    .revoke_certificate(
                        certificate,
                        "58/QĐ-UBND",
                        chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                        "vi phạm",
                        actor,
                    )
                    .map(|_| ())
            },
        ),
    ];
    for (status, action, attempt) in decisions {
        walk(status, action, &[Who::Chair, Who::Secretary], attempt);
    }
}

#[test]
fn the_secretariat_prepares_the_round_with_the_chair_and_the_secretary() {
    let preparing: [(RoundStatus, CouncilAction, Attempt); 5] = [
        (
            RoundStatus::Setup,
            CouncilAction::SetUpRound,
            |case, actor, _| {
                let round = case.c.round;
                case.c
                    .store
                    .add_member(round, "Ủy viên Bốn", Role::Member, true, actor)
                    .map(|_| ())
            },
        ),
        (
            RoundStatus::Setup,
            CouncilAction::RegisterKeys,
            |case, actor, _| {
                let m1 = case.c.m1;
                case.c.store.set_member_key(m1, &"ab".repeat(32), actor)
            },
        ),
        (
            RoundStatus::Scoring,
            CouncilAction::CollectSheets,
            |case, actor, _| {
                let sheet = case.c.store.round_sheet(case.c.round, SET).unwrap();
                let write = SheetWrite {
                    round: case.c.round,
                    product: case.c.products[1],
                    member: case.c.m3,
                    answers: answers_totalling(&sheet, 70),
                    comments: Default::default(),
                    submitted: true,
                };
                case.c.store.write_sheets(&[write], actor).map(|_| ())
            },
        ),
        (
            RoundStatus::Setup,
            CouncilAction::ManagePins,
            |case, actor, _| {
                let round = case.c.round;
                case.c.store.require_pins(round, true, actor)
            },
        ),
        (
            RoundStatus::Scoring,
            CouncilAction::EditDocumentSettings,
            |case, actor, _| {
                let round = case.c.round;
                case.c.store.record_settings_edit(round, actor)
            },
        ),
    ];
    for (status, action, attempt) in preparing {
        walk(
            status,
            action,
            &[Who::Chair, Who::Secretary, Who::Secretariat],
            attempt,
        );
    }
}

#[test]
fn dossiers_are_imported_by_the_secretariat_the_chair_or_the_secretary() {
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/05-mat-ong-cu-lao-dung");
    for who in EVERYONE {
        let case = case(RoundStatus::Setup);
        let actor = case.actor(who);
        let dir = case.c.db.parent().unwrap().to_path_buf();
        let mut session = ocop_council::app::Session::open(&dir).unwrap();
        let outcome = ocop_council::app::dossier::import_bundle(
            &mut session,
            &sample,
            case.c.round,
            &actor,
            &mut |_| {},
        );
        let allowed = matches!(who, Who::Chair | Who::Secretary | Who::Secretariat);
        match outcome {
            Ok(Ok(_)) => assert!(allowed, "{who:?} imported a dossier"),
            Ok(Err(report)) => panic!("{who:?}: {:?}", report.problems),
            Err(e) => {
                assert!(!allowed, "{who:?}: {e:#}");
                let refusal = e
                    .chain()
                    .find_map(|c| c.downcast_ref::<StoreError>())
                    .unwrap_or_else(|| panic!("{who:?}: {e:#}"));
                assert!(
                    matches!(refusal, StoreError::NotPermitted(r) if r.action == CouncilAction::ImportDossiers),
                    "{who:?}: {refusal}"
                );
            }
        }
    }
}

#[test]
fn verify_reports_a_forged_entry_where_a_member_re_scores() {
    let mut case = case(RoundStatus::Deliberation);
    let round = case.c.round;
    case.c
        .store
        .rescore(
            case.c.products[0],
            &[case.c.m2],
            "chênh lệch",
            &as_member(case.c.chair),
        )
        .unwrap();
    assert!(case.c.store.verify_round(round).unwrap().passed());
    // Raw SQL rewrites the re-score's actor as an ordinary member, hashes and all.
    let conn = case.c.raw();
    let (id, prev): (i64, String) = conn
        .query_row(
            "SELECT id, prev_hash FROM audit_log WHERE action = 'sheet.rescore'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged = format!(
        "member:{}; role=member; pin=none; via=gui; name=Ủy viên Một",
        case.c.m1
    );
    conn.execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update")
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET actor = ?1 WHERE id = ?2",
        rusqlite::params![forged, id],
    )
    .unwrap();
    let _ = prev;
    let report = case.c.store.verify_round(round).unwrap();
    let rights = report
        .checks
        .iter()
        .find(|c| c.kind.as_str() == "actors' rights")
        .unwrap();
    assert!(
        rights
            .problems
            .iter()
            .any(|p| p.contains(&format!("audit entry {id} (sheet.rescore)"))
                && p.contains("may not order a re-score")),
        "{:?}",
        rights.problems
    );
}

#[test]
fn pins_vouch_for_a_person_lock_after_five_wrong_tries_and_weighty_steps_ask_again() {
    use ocop_council::domain::actor::{Channel, PinCheck};
    use ocop_council::domain::pin::PinRefusal;
    let mut case = case(RoundStatus::Scoring);
    let round = case.c.round;
    let chair = Principal::Member(case.c.chair);
    case.c
        .store
        .require_pins(round, true, &as_member(case.c.chair))
        .unwrap();
    // Without a PIN, even the chair is refused now.
    let err = case
        .c
        .store
        .advance_round(round, RoundStatus::Deliberation, &as_member(case.c.chair))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(r) if r.denial == Denial::PinNotVerified));
    assert!(matches!(
        case.c
            .store
            .authenticate(round, chair, "1234", Channel::Api, false),
        Err(StoreError::Pin(PinRefusal::NotSet))
    ));
    assert!(matches!(
        case.c.store.set_own_pin(round, chair, "12", Channel::Api),
        Err(StoreError::Pin(PinRefusal::Format { .. }))
    ));
    let session = case
        .c
        .store
        .set_own_pin(round, chair, "2468", Channel::Api)
        .unwrap();
    assert_eq!(session.pin(), PinCheck::Verified);
    // Only a hash is stored.
    let phc: String = case
        .c
        .raw()
        .query_row("SELECT phc FROM pins", [], |r| r.get(0))
        .unwrap();
    assert!(phc.starts_with("$argon2id$") && !phc.contains("2468"));
    // A session PIN is not enough for a weighty step; the PIN entered again is.
    let err = case
        .c
        .store
        .advance_round(round, RoundStatus::Deliberation, &session)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotPermitted(r) if r.denial == Denial::PinNotReentered));
    for left in (1..5).rev() {
        assert!(matches!(
            case.c.store.authenticate(round, chair, "0000", Channel::Api, true),
            Err(StoreError::Pin(PinRefusal::Wrong { tries_left })) if tries_left == left
        ));
    }
    assert!(matches!(
        case.c
            .store
            .authenticate(round, chair, "0000", Channel::Api, true),
        Err(StoreError::Pin(PinRefusal::Locked { .. }))
    ));
    // Locked: even the right PIN waits out the minute.
    assert!(matches!(
        case.c
            .store
            .authenticate(round, chair, "2468", Channel::Api, true),
        Err(StoreError::Pin(PinRefusal::Locked { .. }))
    ));
    case.c
        .raw()
        .execute("UPDATE pins SET locked_until = NULL", [])
        .unwrap();
    let again = case
        .c
        .store
        .authenticate(round, chair, "2468", Channel::Api, true)
        .unwrap();
    case.c
        .store
        .advance_round(round, RoundStatus::Deliberation, &again)
        .unwrap();
    let last = case.c.store.audit_log(round).unwrap().pop().unwrap();
    assert!(
        last.actor.starts_with(&format!(
            "member:{}; role=chair; pin=reauthenticated; via=api",
            case.c.chair
        )),
        "{}",
        last.actor
    );
    // The lock was audited; the secretary resets the chair's PIN (with their own).
    let log = case.c.store.audit_log(round).unwrap();
    assert!(log.iter().any(|e| e.action == "pin.locked"));
    let secretary = Principal::Member(case.c.secretary);
    case.c
        .store
        .set_own_pin(round, secretary, "lúa gạo ST25", Channel::Api)
        .unwrap();
    let secretary_again = case
        .c
        .store
        .authenticate(round, secretary, "lúa gạo ST25", Channel::Api, true)
        .unwrap();
    case.c
        .store
        .reset_pin(round, chair, &secretary_again)
        .unwrap();
    assert!(!case.c.store.pin_state(round, chair).unwrap().pin_set);
    assert!(case.c.store.verify_round(round).unwrap().passed());
}

/// A round through the CLI: the chair (member 1), two members (2, 3), a secretary
/// (4), one honey product scored 80 and 60 by 1 and 2: the round in deliberation.
fn cli_round() -> crate::common::Cli {
    let cli = crate::common::Cli::new();
    cli.id(&["round", "create", "--name", "Đợt 4/2026"]);
    for (name, role) in [
        ("Lâm Văn Chủ", "chair"),
        ("Ủy viên Một", "member"),
        ("Ủy viên Hai", "member"),
        ("Thư Ký", "secretary"),
    ] {
        cli.id(&[
            "member", "add", "--round", "1", "--name", name, "--role", role,
        ]);
    }
    cli.id(&[
        "product",
        "add",
        "--round",
        "1",
        "--name",
        "Mật ong",
        "--set",
        "4",
        "--producer",
        "HTX",
    ]);
    cli.ok(&[
        "--by", "1", "round", "advance", "--round", "1", "--to", "scoring",
    ]);
    for (member, total) in [(1, 80), (2, 60)] {
        let answers = crate::common::answers_json_totalling(&crate::common::sheet(4), total);
        let file = cli.write(
            &format!("sheet-{member}.json"),
            &crate::common::sheet_file(1, 1, member, answers, true),
        );
        cli.ok(&["sheet", "import", file.to_str().unwrap()]);
    }
    cli.ok(&[
        "--by",
        "1",
        "round",
        "advance",
        "--round",
        "1",
        "--to",
        "deliberation",
    ]);
    cli
}

#[test]
fn the_cli_refuses_council_actions_by_a_member_and_records_the_chair() {
    let cli = cli_round();
    let rescore = |by: &str| {
        cli.run(&[
            "--by",
            by,
            "rescore",
            "--round",
            "1",
            "--product",
            "1",
            "--members",
            "2",
            "--reason",
            "chênh lệch 20 điểm",
        ])
    };
    let refused = rescore("2");
    assert!(!refused.status.success());
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "error: member 2 (member) may not order a re-score: only the chair, or the vice-chair standing in for the chair may"
    );
    let stderr = cli.fails(&[
        "--by",
        "3",
        "product",
        "disqualify",
        "--product",
        "1",
        "--reason",
        "forged-dossier",
        "--note",
        "giả",
    ]);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "member 3 (member) may not disqualify a dossier: only the chair, or the secretary may"
        ),
        "{stderr}"
    );
    // Without --by the secretariat acts, and is told to name itself.
    let stderr = cli.fails(&[
        "product",
        "disqualify",
        "--product",
        "1",
        "--reason",
        "forged-dossier",
        "--note",
        "giả",
    ]);
    assert!(
        stderr.contains("name who you are with --by MEMBER"),
        "{stderr}"
    );
    // The chair may; the audit says the chair did it, through the CLI.
    assert!(rescore("1").status.success());
    let audit = cli.json(&["audit", "--round", "1", "--json"]);
    let entry = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "sheet.rescore")
        .unwrap();
    assert_eq!(
        entry["actor"],
        "member:1; role=chair; pin=none; via=cli; name=Lâm Văn Chủ"
    );
    // The document settings: a member may not edit them; the chair may, audited.
    let stderr = cli.fails(&[
        "--by",
        "2",
        "doc-settings",
        "set",
        "--authority",
        "UBND tỉnh Sóc Trăng",
    ]);
    assert!(
        stderr.contains("may not edit the document settings"),
        "{stderr}"
    );
    cli.ok(&[
        "--by",
        "1",
        "doc-settings",
        "set",
        "--authority",
        "UBND tỉnh Sóc Trăng",
        "--province",
        "Sóc Trăng",
        "--place-name",
        "Sóc Trăng",
        "--signatory-title",
        "KT. CHỦ TỊCH",
        "--signatory-name",
        "Lâm Văn Phó",
    ]);
    let audit = cli.json(&["audit", "--round", "1", "--json"]);
    assert!(audit["entries"].as_array().unwrap().iter().any(|e| {
        e["action"] == "documents.settings"
            && e["actor"]
                .as_str()
                .unwrap()
                .starts_with("member:1; role=chair")
    }));
    cli.ok(&["verify", "--round", "1"]);
}

#[test]
fn the_cli_reads_pins_from_the_environment_and_the_secretary_records_the_chairs_order() {
    let cli = cli_round();
    cli.ok(&["--by", "1", "pin", "require", "--round", "1", "on"]);
    // A round that requires PINs: no PIN, no terminal: a clear refusal.
    let stderr = cli.fails(&[
        "--by", "1", "round", "advance", "--round", "1", "--to", "scoring",
    ]);
    assert!(stderr.contains("set OCOP_COUNCIL_PIN"), "{stderr}");
    let with_env = |args: &[&str], vars: &[(&str, &str)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ocop-council"));
        command
            .arg("--data-dir")
            .arg(cli.dir())
            .args(args)
            .env_remove("OCOP_COUNCIL_DATA");
        for (k, v) in vars {
            command.env(k, v);
        }
        command.output().unwrap()
    };
    for (member, pin) in [("1", "1357"), ("4", "thư ký 2026")] {
        let out = with_env(
            &["--by", member, "pin", "set", "--round", "1"],
            &[("OCOP_COUNCIL_NEW_PIN", pin)],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let wrong = with_env(
        &[
            "--by", "1", "round", "advance", "--round", "1", "--to", "scoring",
        ],
        &[("OCOP_COUNCIL_PIN", "0000")],
    );
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.contains("wrong PIN (4 more wrong tries"), "{stderr}");
    // The secretary reopens member 2's sheet on the chair's order, both PINs given.
    let out = with_env(
        &[
            "--by",
            "4",
            "--ordered-by",
            "1",
            "sheet",
            "reopen",
            "--product",
            "1",
            "--member",
            "2",
            "--reason",
            "gõ nhầm ô A.1.a",
        ],
        &[
            ("OCOP_COUNCIL_PIN", "thư ký 2026"),
            ("OCOP_COUNCIL_ORDER_PIN", "1357"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = cli.json(&["audit", "--round", "1", "--json"]);
    let entry = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "sheet.reopen")
        .unwrap();
    assert_eq!(
        entry["actor"],
        "member:4; role=secretary; pin=reauthenticated; via=cli; ordered-by=member:1; order-pin=reauthenticated; name=Thư Ký"
    );
    cli.ok(&["verify", "--round", "1"]);
}
