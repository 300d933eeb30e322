use chrono::NaiveDate;

use super::report::Share;
use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn names_compare_without_diacritics() {
    assert_eq!(normalise("  Hợp tác xã  Đồng-Tâm "), "hop tac xa dong tam");
    assert_eq!(
        producer_key("HTX Đồng Tâm", Some("Xã Hòa Tú"), None),
        "htx dong tam | xa hoa tu"
    );
}

#[test]
fn legal_forms_from_the_usual_words() {
    let f = LegalForm::from_text;
    assert_eq!(f("Hợp tác xã"), Some(LegalForm::Cooperative));
    assert_eq!(f("HTX"), Some(LegalForm::Cooperative));
    assert_eq!(f("Tổ hợp tác"), Some(LegalForm::CooperativeGroup));
    assert_eq!(f("Doanh nghiệp nhỏ và vừa"), Some(LegalForm::Sme));
    assert_eq!(f("DNNVV"), Some(LegalForm::Sme));
    assert_eq!(f("Công ty TNHH Kim Long"), Some(LegalForm::Enterprise));
    assert_eq!(f("Hộ kinh doanh"), Some(LegalForm::Household));
    assert_eq!(f("cơ sở sản xuất"), Some(LegalForm::Household));
    assert_eq!(f("cooperative"), Some(LegalForm::Cooperative));
    assert_eq!(f("khác"), Some(LegalForm::Other));
    assert_eq!(f("xyz"), None);
}

#[test]
fn groups_from_names() {
    use crate::domain::completeness::ProductGroup as G;
    assert_eq!(group_from_text("Thực phẩm"), Some(G::Food));
    assert_eq!(group_from_text("Du lịch cộng đồng"), Some(G::Tourism));
    assert_eq!(
        group_from_text("Hàng thủ công mỹ nghệ"),
        Some(G::Handicraft)
    );
    assert_eq!(group_from_text("?"), None);
}

#[test]
fn shares_keep_their_pair_and_round_half_up() {
    assert_eq!(Share::new(326, 200).percent_vi(), "163%");
    assert_eq!(Share::new(56, 186).percent_vi(), "30,1%");
    assert_eq!(Share::new(28, 186).percent_vi(), "15,1%");
    assert_eq!(Share::new(195, 200).percent_vi(), "97,5%");
    assert_eq!(Share::new(1, 0).percent_vi(), "–");
}

fn entry(id: i64, issued: NaiveDate, previous: Option<i64>) -> CatalogueEntry {
    CatalogueEntry {
        id,
        record: CatalogueRecord {
            product_name: "Gạo ST25".into(),
            product_code: None,
            producer_name: "HTX A".into(),
            producer_key: "htx a |".into(),
            legal_form: LegalForm::Cooperative,
            address: None,
            commune: None,
            district: None,
            province: None,
            product_set: None,
            product_set_no: None,
            product_group: None,
            stars: 3,
            score: None,
            authority: "UBND tỉnh Sóc Trăng".into(),
            certificate_number: format!("{id}"),
            decision_no: "1/QĐ-UBND".into(),
            decision_date: issued,
            issued_on: issued,
            valid_until: crate::domain::certificate::valid_until(issued).unwrap(),
            registration_type: RegistrationType::New,
            round_label: None,
            revoked: false,
            revoked_on: None,
        },
        source: EntrySource::Import,
        source_detail: String::new(),
        certificate_id: None,
        previous_entry_id: previous,
        next_entry_id: None,
        app_revoked_on: None,
        recorded_by: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

#[test]
fn an_entry_stands_in_force_expiring_lapsed_superseded_or_revoked() {
    let first = entry(1, day(2021, 3, 1), None);
    let again = entry(2, day(2024, 2, 20), Some(1));
    let list = vec![first.clone(), again.clone()];
    assert_eq!(statuses(&list, day(2022, 1, 1))[0], EntryStatus::InForce);
    assert_eq!(
        statuses(&list, day(2024, 1, 31))[0],
        EntryStatus::Expiring { days_left: 30 }
    );
    assert_eq!(statuses(&list, day(2024, 3, 2))[0], EntryStatus::Superseded);
    assert_eq!(
        statuses(std::slice::from_ref(&first), day(2024, 3, 2))[0],
        EntryStatus::Lapsed
    );
    let mut gone = first;
    gone.record.revoked = true;
    assert_eq!(statuses(&[gone], day(2022, 1, 1))[0], EntryStatus::Revoked);
}
