//! The lifecycle table: every pair of states, every refusal, what each state allows.

use chrono::NaiveDate;

use super::*;
use crate::domain::council::ResultState;
use crate::domain::ids::{MemberId, ProductId, SheetId};

use RoundStatus as S;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ready() -> RoundFacts {
    RoundFacts {
        has_chair: true,
        voting_members: 7,
        products: 3,
        sheets: 0,
        unsettled: vec![],
        pending_resubmissions: vec![],
        decision_date: Some(date(2026, 6, 30)),
    }
}

fn decision() -> ApprovalDecision {
    ApprovalDecision {
        number: "1234/QĐ-UBND".into(),
        date: date(2026, 6, 30),
        signatory: "Nguyễn Văn An".into(),
    }
}

/// The request that performs `from → to` (or the plain advance when none does).
fn request_for(from: S, to: S, d: &ApprovalDecision) -> TransitionRequest<'_> {
    match transition_via(from, to) {
        Some(TransitionVia::Finalize) => TransitionRequest::Finalize(d),
        Some(TransitionVia::Reopen) => TransitionRequest::Reopen {
            reason: "Sai sót trong biên bản",
        },
        Some(TransitionVia::IssueCertificates) => TransitionRequest::IssueCertificates {
            authority: "UBND tỉnh Sóc Trăng",
            issued_on: date(2026, 7, 1),
        },
        _ => TransitionRequest::Advance { to },
    }
}

#[test]
fn the_transition_table_is_exactly_the_documented_one() {
    let allowed = [
        (S::Setup, S::Scoring, TransitionVia::Advance),
        (S::Scoring, S::Setup, TransitionVia::Advance),
        (S::Scoring, S::Deliberation, TransitionVia::Advance),
        (S::Deliberation, S::Scoring, TransitionVia::Advance),
        (S::Deliberation, S::Finalized, TransitionVia::Finalize),
        (S::Finalized, S::Deliberation, TransitionVia::Reopen),
        (
            S::Finalized,
            S::CertificatesIssued,
            TransitionVia::IssueCertificates,
        ),
    ];
    for from in S::ALL {
        for to in S::ALL {
            let want = allowed
                .iter()
                .find(|(f, t, _)| *f == from && *t == to)
                .map(|(_, _, via)| *via);
            assert_eq!(transition_via(from, to), want, "{from:?} → {to:?}");
        }
    }
}

#[test]
fn every_allowed_transition_passes_with_good_facts_and_every_other_is_refused() {
    let d = decision();
    for from in S::ALL {
        for to in S::ALL {
            let result = check_transition(from, &request_for(from, to, &d), &ready());
            if from == to {
                assert_eq!(result, Err(vec![TransitionRefusal::AlreadyThere(to)]));
            } else if transition_via(from, to).is_some() {
                assert_eq!(result, Ok(to), "{from:?} → {to:?}");
            } else {
                assert_eq!(
                    result,
                    Err(vec![TransitionRefusal::NotAllowed { from, to }]),
                    "{from:?} → {to:?}"
                );
            }
        }
    }
}

#[test]
fn skipping_states_is_refused_with_the_next_allowed_states_named() {
    let err = check_transition(
        S::Setup,
        &TransitionRequest::Advance {
            to: S::Deliberation,
        },
        &ready(),
    )
    .unwrap_err();
    assert_eq!(
        err[0].to_string(),
        "a round cannot go from setup to deliberation (from setup it can go to: scoring)"
    );
    let d = decision();
    let err = check_transition(S::Scoring, &TransitionRequest::Finalize(&d), &ready()).unwrap_err();
    assert!(
        err[0].to_string().contains("to: setup, deliberation"),
        "{}",
        err[0]
    );
    let err = check_transition(
        S::CertificatesIssued,
        &TransitionRequest::Reopen { reason: "x" },
        &ready(),
    )
    .unwrap_err();
    assert!(
        err[0].to_string().contains("it is the last state"),
        "{}",
        err[0]
    );
}

#[test]
fn a_plain_advance_cannot_finalize_reopen_or_issue() {
    let f = ready();
    let advance = |from, to| check_transition(from, &TransitionRequest::Advance { to }, &f);
    assert_eq!(
        advance(S::Deliberation, S::Finalized),
        Err(vec![TransitionRefusal::UseFinalize])
    );
    assert_eq!(
        advance(S::Finalized, S::Deliberation),
        Err(vec![TransitionRefusal::UseReopen])
    );
    assert_eq!(
        advance(S::Finalized, S::CertificatesIssued),
        Err(vec![TransitionRefusal::UseIssueCertificates])
    );
}

#[test]
fn scoring_needs_a_chair_a_voter_and_a_product_all_reported_at_once() {
    let empty = RoundFacts::default();
    let err = check_transition(
        S::Setup,
        &TransitionRequest::Advance { to: S::Scoring },
        &empty,
    )
    .unwrap_err();
    assert_eq!(
        err,
        vec![
            TransitionRefusal::NoChair,
            TransitionRefusal::NoVotingMember,
            TransitionRefusal::NoProduct
        ]
    );
}

#[test]
fn back_to_setup_only_while_nothing_is_scored() {
    let mut f = ready();
    let back = TransitionRequest::Advance { to: S::Setup };
    assert_eq!(check_transition(S::Scoring, &back, &f), Ok(S::Setup));
    f.sheets = 2;
    assert_eq!(
        check_transition(S::Scoring, &back, &f),
        Err(vec![TransitionRefusal::SheetsExist(2)])
    );
}

#[test]
fn finalizing_lists_every_unsettled_product_and_pending_resubmission() {
    let mut f = ready();
    f.unsettled = vec![
        UnsettledProduct {
            product: ProductId(2),
            name: "Mắm tôm chua".into(),
            state: ResultState::NeedsDiscussion,
        },
        UnsettledProduct {
            product: ProductId(3),
            name: "Bánh pía".into(),
            state: ResultState::PendingQuorum,
        },
    ];
    f.pending_resubmissions = vec![PendingResubmission {
        product: ProductId(2),
        member: MemberId(4),
        sheet: SheetId(11),
    }];
    let mut d = decision();
    d.number = " ".into();
    d.signatory = String::new();
    let err = check_transition(S::Deliberation, &TransitionRequest::Finalize(&d), &f).unwrap_err();
    let lines: Vec<String> = err.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "the approval decision needs a number",
            "the approval decision needs a signatory",
            "product 2 (Mắm tôm chua) is not settled: needs discussion / re-score",
            "product 3 (Bánh pía) is not settled: pending quorum",
            "sheet 11 (product 2, member 4) was reopened and is not submitted again",
        ]
    );
}

#[test]
fn settled_means_final_or_disqualified() {
    for state in [
        ResultState::NotScored,
        ResultState::PendingQuorum,
        ResultState::NeedsDiscussion,
    ] {
        assert!(!is_settled(state), "{state:?}");
    }
    assert!(is_settled(ResultState::Final));
    assert!(is_settled(ResultState::Disqualified));
}

#[test]
fn reopening_a_finalized_round_needs_a_reason() {
    // Who may reopen it is the permission table's (domain/permissions.rs).
    let err = check_transition(
        S::Finalized,
        &TransitionRequest::Reopen { reason: "  " },
        &ready(),
    )
    .unwrap_err();
    assert_eq!(err, vec![TransitionRefusal::ReopenWithoutReason]);
}

#[test]
fn certificates_need_an_authority_and_a_date_not_before_the_decision() {
    let err = check_transition(
        S::Finalized,
        &TransitionRequest::IssueCertificates {
            authority: "",
            issued_on: date(2026, 6, 29),
        },
        &ready(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        vec![
            TransitionRefusal::NoAuthority,
            TransitionRefusal::IssuedBeforeDecision {
                issued_on: date(2026, 6, 29),
                decided_on: date(2026, 6, 30)
            }
        ]
    );
    // The decision's own date is fine.
    assert_eq!(
        check_transition(
            S::Finalized,
            &TransitionRequest::IssueCertificates {
                authority: "UBND tỉnh Sóc Trăng",
                issued_on: date(2026, 6, 30),
            },
            &ready(),
        ),
        Ok(S::CertificatesIssued)
    );
}

#[test]
fn what_each_state_allows() {
    use RoundAction as A;
    let table: [(S, &[A]); 5] = [
        (
            S::Setup,
            &[A::EditCouncil, A::EditProducts, A::Recuse, A::Disqualify],
        ),
        (
            S::Scoring,
            &[A::WriteSheets, A::ReopenSheet, A::Recuse, A::Disqualify],
        ),
        (
            S::Deliberation,
            &[
                A::WriteSheets,
                A::ReopenSheet,
                A::Rescore,
                A::Recuse,
                A::Disqualify,
            ],
        ),
        (S::Finalized, &[]),
        (S::CertificatesIssued, &[]),
    ];
    for (status, allowed) in table {
        assert_eq!(status.allowed_actions(), allowed.to_vec(), "{status:?}");
        assert_eq!(status.is_frozen(), allowed.is_empty(), "{status:?}");
    }
}
