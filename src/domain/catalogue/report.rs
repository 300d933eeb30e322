//! The programme report's figures (báo cáo kết quả thực hiện Chương trình OCOP),
//! computed from the catalogue in one pass: the JSON (`ocop-programme-report/1`,
//! docs/programme-report-json.md), the PDF, the workbook and the dashboard all
//! show this one value, so numbers and charts cannot disagree.
//!
//! Every count is an integer and every share carries its exact pair
//! (`count` of `of`); percentages are derived from the pair when shown.
//! What is our reading, not a rule found in the sources, is listed in
//! [`ProgrammeReport::readings`].

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{
    CatalogueEntry, EntryStatus, LOOKAHEAD_DAYS, LegalForm, NOTICE_DAYS, group_label_vi,
    group_token, normalise, statuses,
};
use crate::domain::dossier::RegistrationType;

/// The JSON contract's name and version.
pub const REPORT_FORMAT: &str = "ocop-programme-report/1";

/// A share as its exact pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Share {
    pub count: u64,
    pub of: u64,
}

impl Share {
    pub fn new(count: u64, of: u64) -> Self {
        Self { count, of }
    }

    /// Tenths of a percent, rounded half up; `None` of nothing.
    pub fn per_mille(self) -> Option<u64> {
        (self.of > 0).then(|| (self.count * 2000 + self.of) / (2 * self.of))
    }

    /// "30,1%" (Vietnamese decimal comma; "163%" when whole); "–" of nothing. The
    /// one rule for a share, in the report's sentences and in its tables alike.
    pub fn percent_vi(self) -> String {
        match self.per_mille() {
            None => "–".into(),
            Some(t) if t % 10 == 0 => format!("{}%", t / 10),
            Some(t) => format!("{},{}%", t / 10, t % 10),
        }
    }
}

/// Products by stars.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StarCounts {
    pub total: u64,
    pub stars_3: u64,
    pub stars_4: u64,
    pub stars_5: u64,
}

impl StarCounts {
    fn add(&mut self, stars: u8) {
        self.total += 1;
        match stars {
            3 => self.stars_3 += 1,
            4 => self.stars_4 += 1,
            5 => self.stars_5 += 1,
            _ => {}
        }
    }

    pub fn of(&self, stars: u8) -> u64 {
        match stars {
            3 => self.stars_3,
            4 => self.stars_4,
            5 => self.stars_5,
            _ => 0,
        }
    }
}

/// One year of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// Certificates issued that year, by stars.
    pub certified: StarCounts,
    /// Certificates whose 36 months end that year.
    pub expiring: u64,
}

/// A count under a name (group, set, district, commune, round).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedCount {
    /// A stable token (group token) or the name without diacritics.
    pub key: String,
    /// As first written in the catalogue (or the group's Vietnamese name).
    pub label: String,
    pub count: u64,
}

/// Producers of one legal form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormRow {
    pub form: LegalForm,
    pub label_vi: &'static str,
    /// Distinct producers of this form among all distinct producers.
    pub producers: Share,
}

/// Registration types of the products certified in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Registrations {
    pub new: u64,
    pub upgrade: u64,
    pub re_evaluation: u64,
}

/// What the report is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportParams {
    pub as_of: NaiveDate,
    pub from_year: i32,
    pub to_year: i32,
    /// The plan's target number of products at 3 stars or more.
    pub target: Option<u64>,
}

/// The programme report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeReport {
    pub format: &'static str,
    #[serde(flatten)]
    pub params: ReportParams,
    /// Products whose certificate is in force on `as_of` (not lapsed, revoked or
    /// followed by a later certificate).
    pub in_force: StarCounts,
    /// In force against the plan target.
    pub against_target: Option<Share>,
    /// Distinct producers of the products in force.
    pub producers: u64,
    pub by_legal_form: Vec<FormRow>,
    /// Products in force by group (QĐ 148), set, district, commune; most first.
    pub by_group: Vec<NamedCount>,
    pub by_set: Vec<NamedCount>,
    pub by_district: Vec<NamedCount>,
    pub by_commune: Vec<NamedCount>,
    /// Certificates issued from `from_year` to `to_year`, by year, with expiries.
    pub by_year: Vec<YearRow>,
    /// Certificates issued in the period.
    pub certified_in_period: StarCounts,
    pub registrations: Registrations,
    /// Upgraded or re-evaluated among the certified in the period.
    pub upgraded_or_reevaluated: Share,
    /// On `as_of`: past 36 months without a later certificate.
    pub lapsed: u64,
    /// Revoked by `as_of` (all years).
    pub revoked: u64,
    /// In force and expiring within 30 and 90 days of `as_of`.
    pub expiring_within_30_days: u64,
    pub expiring_within_90_days: u64,
    /// Rounds (as the catalogue names them) that certified products in the period.
    pub rounds: Vec<NamedCount>,
    /// Where the figures rest on our reading, not on a quoted rule.
    pub readings: Vec<&'static str>,
}

/// What this report takes as given (shown under the report, README).
pub const READINGS: [&str; 4] = [
    "Sản phẩm còn hiệu lực: giấy chứng nhận chưa quá 36 tháng, chưa bị thu hồi và chưa được thay bằng giấy chứng nhận mới (cách hiểu của phần mềm).",
    "Chủ thể được đếm một lần theo tên và địa bàn đã chuẩn hóa (hoặc mã chủ thể trong tệp), không tự gộp.",
    "Tỷ lệ nâng hạng, đánh giá lại tính trên số sản phẩm được công nhận trong kỳ.",
    "Số hết hạn và bị thu hồi là lũy kế đến ngày báo cáo.",
];

/// Counts under names compared without diacritics; the first spelling is shown.
#[derive(Default)]
struct Tally {
    counts: HashMap<String, (String, u64)>,
    /// Each spelling's key, normalised once (20,000 entries share a few hundred names).
    keys: HashMap<String, String>,
}

impl Tally {
    fn add(&mut self, key: String, label: &str) {
        self.counts
            .entry(key)
            .or_insert_with(|| (label.to_owned(), 0))
            .1 += 1;
    }

    fn add_name(&mut self, name: Option<&str>) {
        let name = name.map(str::trim).filter(|s| !s.is_empty());
        match name {
            Some(n) => {
                let key = match self.keys.get(n) {
                    Some(key) => key.clone(),
                    None => {
                        let key = normalise(n);
                        self.keys.insert(n.to_owned(), key.clone());
                        key
                    }
                };
                self.add(key, n);
            }
            None => self.add(String::new(), "(chưa ghi)"),
        }
    }

    fn sorted(self) -> Vec<NamedCount> {
        let mut out: Vec<NamedCount> = self
            .counts
            .into_iter()
            .map(|(key, (label, count))| NamedCount { key, label, count })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        out
    }
}

/// Computes the report over all entries.
pub fn compute(entries: &[CatalogueEntry], params: ReportParams) -> ProgrammeReport {
    let as_of = params.as_of;
    let status = statuses(entries, as_of);
    let standing = Standing::of(entries, &status);
    let by_legal_form = legal_form_rows(&standing.producers);
    let period = Period::of(entries, &params);
    let in_force = standing.in_force;
    let certified_in_period = period.certified_in_period;
    let registrations = period.registrations;
    let upgraded = registrations.upgrade + registrations.re_evaluation;
    ProgrammeReport {
        format: REPORT_FORMAT,
        params,
        in_force,
        against_target: params.target.map(|t| Share::new(in_force.total, t)),
        producers: standing.producers.len() as u64,
        by_legal_form,
        by_group: standing.groups.sorted(),
        by_set: standing.sets.sorted(),
        by_district: standing.districts.sorted(),
        by_commune: standing.communes.sorted(),
        by_year: period.years.into_values().collect(),
        certified_in_period,
        registrations,
        upgraded_or_reevaluated: Share::new(upgraded, certified_in_period.total),
        lapsed: standing.lapsed,
        revoked: standing.revoked,
        expiring_within_30_days: standing.within_30,
        expiring_within_90_days: standing.within_90,
        rounds: period
            .rounds
            .list
            .into_iter()
            .map(|(_, key, label, count)| NamedCount { key, label, count })
            .collect(),
        readings: READINGS.to_vec(),
    }
}

/// Where the entries stand on the day: what is in force (by stars, producer,
/// group, set, district and commune), lapsed, revoked, and expiring soon.
#[derive(Default)]
struct Standing<'a> {
    in_force: StarCounts,
    producers: HashMap<&'a str, LegalForm>,
    groups: Tally,
    sets: Tally,
    districts: Tally,
    communes: Tally,
    lapsed: u64,
    revoked: u64,
    within_30: u64,
    within_90: u64,
}

impl<'a> Standing<'a> {
    fn of(entries: &'a [CatalogueEntry], status: &[EntryStatus]) -> Self {
        let mut s = Self::default();
        for (entry, status) in entries.iter().zip(status) {
            let r = &entry.record;
            match status {
                EntryStatus::Lapsed => s.lapsed += 1,
                EntryStatus::Revoked => s.revoked += 1,
                _ => {}
            }
            if !status.in_force() {
                continue;
            }
            if let EntryStatus::Expiring { days_left } = status {
                s.within_90 += u64::from(*days_left <= LOOKAHEAD_DAYS);
                s.within_30 += u64::from(*days_left <= NOTICE_DAYS);
            }
            s.in_force.add(r.stars);
            s.producers.entry(&r.producer_key).or_insert(r.legal_form);
            count_places(
                &mut s.groups,
                &mut s.sets,
                &mut s.districts,
                &mut s.communes,
                entry,
            );
        }
        s
    }
}

/// The producers in force by legal form, each with its share.
fn legal_form_rows(producers: &HashMap<&str, LegalForm>) -> Vec<FormRow> {
    LegalForm::ALL
        .into_iter()
        .map(|form| FormRow {
            form,
            label_vi: form.label_vi(),
            producers: Share::new(
                producers.values().filter(|f| **f == form).count() as u64,
                producers.len() as u64,
            ),
        })
        .collect()
}

/// The report's period: certifications and expiries by year, what was certified
/// in it (by stars and registration type), and its rounds.
struct Period<'a> {
    years: BTreeMap<i32, YearRow>,
    certified_in_period: StarCounts,
    registrations: Registrations,
    rounds: RoundCounts<'a>,
}

impl<'a> Period<'a> {
    fn of(entries: &'a [CatalogueEntry], params: &ReportParams) -> Self {
        let period =
            |e: &CatalogueEntry| (params.from_year..=params.to_year).contains(&e.record.year());
        let mut years: BTreeMap<i32, YearRow> = (params.from_year..=params.to_year)
            .map(|year| {
                let row = YearRow {
                    year,
                    certified: StarCounts::default(),
                    expiring: 0,
                };
                (year, row)
            })
            .collect();
        let mut certified_in_period = StarCounts::default();
        let mut registrations = Registrations::default();
        let mut rounds = RoundCounts::default();
        for entry in entries {
            let r = &entry.record;
            if let Some(row) = years.get_mut(&r.valid_until.year()) {
                row.expiring += 1;
            }
            if !period(entry) {
                continue;
            }
            if let Some(row) = years.get_mut(&r.year()) {
                row.certified.add(r.stars);
            }
            certified_in_period.add(r.stars);
            match r.registration_type {
                RegistrationType::New => registrations.new += 1,
                RegistrationType::Upgrade => registrations.upgrade += 1,
                RegistrationType::ReEvaluation => registrations.re_evaluation += 1,
            }
            if let Some(label) = r
                .round_label
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                rounds.add(label, r.issued_on);
            }
        }
        rounds.list.sort();
        Self {
            years,
            certified_in_period,
            registrations,
            rounds,
        }
    }
}

/// The rounds named in the entries (the same round however its label is spelled):
/// first issue date, key, label as first written, and how many it certified.
#[derive(Default)]
struct RoundCounts<'a> {
    list: Vec<(NaiveDate, String, String, u64)>,
    index: HashMap<String, usize>,
    keys: HashMap<&'a str, String>,
}

impl<'a> RoundCounts<'a> {
    fn add(&mut self, label: &'a str, issued_on: NaiveDate) {
        let key = self
            .keys
            .entry(label)
            .or_insert_with(|| normalise(label))
            .clone();
        match self.index.get(&key) {
            Some(&i) => {
                self.list[i].0 = self.list[i].0.min(issued_on);
                self.list[i].3 += 1;
            }
            None => {
                self.index.insert(key.clone(), self.list.len());
                self.list.push((issued_on, key, label.to_owned(), 1));
            }
        }
    }
}

fn count_places(
    groups: &mut Tally,
    sets: &mut Tally,
    districts: &mut Tally,
    communes: &mut Tally,
    entry: &CatalogueEntry,
) {
    let r = &entry.record;
    match r.product_group {
        Some(g) => groups.add(group_token(g).to_owned(), group_label_vi(g)),
        None => groups.add(String::new(), "(chưa xác định nhóm)"),
    }
    sets.add_name(r.product_set.as_deref());
    districts.add_name(r.district.as_deref());
    communes.add_name(r.commune.as_deref());
}

/// The distinct producers among `entries` (by key), for checks.
pub fn distinct_producers<'a>(entries: impl IntoIterator<Item = &'a CatalogueEntry>) -> usize {
    entries
        .into_iter()
        .map(|e| e.record.producer_key.as_str())
        .collect::<HashSet<_>>()
        .len()
}
