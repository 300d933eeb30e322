//! `sheet-pdf`, `minutes`, `certificates` and `doc-settings`: the council's
//! documents as PDF and the settings they are issued under.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{CliResult, Failure};
use crate::app::doc_settings::{self, DocSettings};
use crate::app::{Session, certificates, documents};
use crate::domain::ids::{MemberId, ProductId, RoundId};
use crate::pdf::MinutesExtras;

#[derive(Debug, Args)]
pub struct SheetPdfArgs {
    #[arg(long)]
    pub round: i64,
    #[arg(long)]
    pub member: i64,
    /// The PDF to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct MinutesArgs {
    #[arg(long)]
    pub round: i64,
    /// The PDF to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// The meeting date (default: left blank to fill in by hand).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Where the meeting is held (default: left blank).
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// A note on a product's discussion and re-scoring, e.g. `3=Thống nhất chấm lại tiêu chí A.2.b`.
    #[arg(long = "rescore-note", value_name = "PRODUCT=TEXT")]
    pub rescore_notes: Vec<String>,
    /// Why a member did not score a product, e.g. `3:5=Là thành viên hợp tác xã`.
    #[arg(long = "recusal-reason", value_name = "PRODUCT:MEMBER=TEXT")]
    pub recusal_reasons: Vec<String>,
    /// A member absent from the meeting (repeatable); records attendance.
    #[arg(long = "absent", value_name = "MEMBER")]
    pub absent: Vec<i64>,
    /// Record attendance with everyone present (no --absent needed).
    #[arg(long)]
    pub attendance_taken: bool,
}

#[derive(Debug, Args)]
pub struct CertificatesArgs {
    #[arg(long)]
    pub round: i64,
    /// A folder (one file per certificate) or, with --one-file, the PDF to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// One PDF with a page per certificate, for the printer.
    #[arg(long)]
    pub one_file: bool,
}

#[derive(Debug, Args)]
pub struct DecisionArgs {
    #[arg(long)]
    pub round: i64,
    /// FILE.docx (to edit and sign) or FILE.pdf.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum DocSettingsCommand {
    /// Print the settings and whether they are valid.
    Show,
    /// Set fields (the others keep their value); refused, with nothing written,
    /// when the result is not valid.
    Set(Box<DocSettingsSetArgs>),
}

#[derive(Debug, Args)]
pub struct DocSettingsSetArgs {
    /// e.g. "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG".
    #[arg(long)]
    pub authority: Option<String>,
    /// The province, e.g. "Sóc Trăng".
    #[arg(long)]
    pub province: Option<String>,
    /// The place written before dates, e.g. "Sóc Trăng".
    #[arg(long)]
    pub place_name: Option<String>,
    /// One line per "\n", e.g. "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH".
    #[arg(long)]
    pub signatory_title: Option<String>,
    /// Who signs, e.g. "Nguyễn Văn A".
    #[arg(long)]
    pub signatory_name: Option<String>,
    /// A PNG or JPEG for certificates; an empty value removes it.
    #[arg(long, value_name = "PATH")]
    pub logo: Option<PathBuf>,
    /// A serif font pair replacing DejaVu Serif; empty values remove them.
    #[arg(long, value_name = "PATH")]
    pub serif_font: Option<PathBuf>,
    /// The bold face of that pair.
    #[arg(long, value_name = "PATH")]
    pub serif_bold_font: Option<PathBuf>,
    /// A legal basis of the approval decision ("Căn cứ …;"), repeatable, in order;
    /// replaces the list. `--decision-basis ""` returns to our inferred set.
    #[arg(long = "decision-basis", value_name = "LINE")]
    pub decision_bases: Vec<String>,
    /// A "Nơi nhận" line of the decision, repeatable; replaces the list.
    #[arg(long = "decision-recipient", value_name = "LINE")]
    pub decision_recipients: Vec<String>,
    /// The decision's last article (who implements it); empty: our inferred text.
    #[arg(long, value_name = "TEXT")]
    pub decision_implementers: Option<String>,
    /// Who issues a central round's documents (default "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG").
    #[arg(long)]
    pub central_authority: Option<String>,
    /// The place written before a central round's dates (default "Hà Nội").
    #[arg(long)]
    pub central_place_name: Option<String>,
    /// Default "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG".
    #[arg(long)]
    pub central_signatory_title: Option<String>,
    /// Needed to issue a central round's certificates and decision.
    #[arg(long)]
    pub central_signatory_name: Option<String>,
}

/// Multi-line errors become one `error:` line each.
fn lines(e: &anyhow::Error) -> Failure {
    Failure(format!("{e:#}").lines().map(str::to_owned).collect())
}

pub(super) fn decision(session: &Session, args: &DecisionArgs) -> CliResult {
    let rows = crate::app::decision::write_decision(session, RoundId(args.round), &args.out)
        .map_err(|e| lines(&e))?;
    out!(
        "{}: draft decision, annex of {rows} product(s)",
        args.out.display()
    );
    Ok(())
}

pub(super) fn sheet_pdf(session: &Session, args: &SheetPdfArgs) -> CliResult {
    let (sheets, bytes) = documents::write_member_sheets(
        session,
        RoundId(args.round),
        MemberId(args.member),
        &args.out,
    )
    .map_err(|e| lines(&e))?;
    out!("{}: {sheets} sheet(s), {bytes} bytes", args.out.display());
    Ok(())
}

pub(super) fn minutes(session: &Session, args: MinutesArgs) -> CliResult {
    let mut problems = Vec::new();
    let meeting_date = match args
        .date
        .as_deref()
        .map(|d| super::lifecycle::date_arg("--date", d))
    {
        Some(Err(Failure(mut e))) => {
            problems.append(&mut e);
            None
        }
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let mut rescore_notes = BTreeMap::new();
    for note in &args.rescore_notes {
        match note
            .split_once('=')
            .map(|(p, t)| (p.trim().parse::<i64>(), t))
        {
            Some((Ok(product), text)) => {
                rescore_notes.insert(ProductId(product), text.trim().to_owned());
            }
            _ => problems.push(format!("--rescore-note {note}: expected PRODUCT=TEXT")),
        }
    }
    let mut recusal_reasons = BTreeMap::new();
    for reason in &args.recusal_reasons {
        let parsed = reason.split_once('=').and_then(|(ids, text)| {
            let (p, m) = ids.split_once(':')?;
            Some((
                p.trim().parse::<i64>().ok()?,
                m.trim().parse::<i64>().ok()?,
                text,
            ))
        });
        match parsed {
            Some((p, m, text)) => {
                recusal_reasons.insert((ProductId(p), MemberId(m)), text.trim().to_owned());
            }
            None => problems.push(format!(
                "--recusal-reason {reason}: expected PRODUCT:MEMBER=TEXT"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Failure(problems));
    }
    let absent_members = (args.attendance_taken || !args.absent.is_empty()).then(|| {
        args.absent
            .iter()
            .map(|m| MemberId(*m))
            .collect::<BTreeSet<_>>()
    });
    let extras = MinutesExtras {
        meeting_date,
        meeting_place: args.place,
        rescore_notes,
        recusal_reasons,
        absent_members,
        ..MinutesExtras::default()
    };
    let bytes = documents::write_minutes(session, RoundId(args.round), extras, &args.out)
        .map_err(|e| lines(&e))?;
    out!("{}: {bytes} bytes", args.out.display());
    Ok(())
}

pub(super) fn certificates(session: &Session, args: CertificatesArgs) -> CliResult {
    let out = args.out.clone();
    let bar = super::progress::Bar::new();
    let report = certificates::write_round_certificates(
        session,
        RoundId(args.round),
        args.out,
        args.one_file,
        &mut |p| bar.show(&p),
    )
    .map_err(|e| lines(&e))?;
    drop(bar);
    out!(
        "{}: {} certificate(s) in {} file(s), {} bytes",
        out.display(),
        report.certificates,
        report.files.len(),
        report.bytes
    );
    Ok(())
}

pub(super) fn doc_settings(data_dir: &Path, command: DocSettingsCommand) -> CliResult {
    let path = doc_settings::settings_path(data_dir);
    match command {
        DocSettingsCommand::Show => show_doc_settings(&path, data_dir),
        DocSettingsCommand::Set(args) => set_doc_settings(&path, data_dir, *args),
    }
}

/// `doc-settings show`: the file as saved, whether it is valid, and the decision
/// bases inferred when none are set.
fn show_doc_settings(path: &Path, data_dir: &Path) -> CliResult {
    let text = crate::files::read_input_text(path, crate::files::caps::SETTINGS_BYTES)
        .map_err(std::io::Error::from)
        .map_err(|e| {
            Failure(vec![format!(
                "{}: {e}; create the settings with `doc-settings set`",
                path.display()
            )])
        })?;
    print!("{}", super::escape_controls(&text, true));
    let setup = doc_settings::load(data_dir).map_err(|e| Failure(e.lines()))?;
    out!("valid: yes");
    if setup.settings.decision_bases.is_empty() {
        out!(
            "decision bases (our inferred set for a decision dated today; edit with --decision-basis):"
        );
        let today = chrono::Local::now().date_naive();
        for line in crate::domain::decision::default_bases(Some(today), false, "…") {
            out!("  {line}");
        }
    }
    Ok(())
}

/// `doc-settings set`: the given fields over the saved ones; a member's edit is
/// checked (chair or secretary) and audited in their round.
fn set_doc_settings(path: &Path, data_dir: &Path, args: DocSettingsSetArgs) -> CliResult {
    let mut settings = match crate::files::read_input_text(path, crate::files::caps::SETTINGS_BYTES)
    {
        Ok(text) => serde_json::from_str::<DocSettings>(&text)
            .map_err(|e| Failure(vec![format!("{}: {e}", path.display())]))?,
        Err(_) => DocSettings::default(),
    };
    apply_set_args(&mut settings, args);
    // A member editing the settings is checked (the chair or the secretary)
    // and recorded in their round's audit log; the secretariat's office keeps
    // them without a round (README, "Who may do what").
    let audit = match super::people::named_member() {
        Some(member) => {
            let mut session = crate::app::Session::open(data_dir)?;
            let round = session.store.member(member)?.round_id;
            let actor = super::round_actor(&mut session, round)?;
            session.store.check_permission(
                round,
                &actor,
                crate::domain::permissions::CouncilAction::EditDocumentSettings,
            )?;
            Some((session, round, actor))
        }
        None => None,
    };
    doc_settings::save(data_dir, &settings).map_err(|e| Failure(e.lines()))?;
    if let Some((mut session, round, actor)) = audit {
        session.store.record_settings_edit(round, &actor)?;
    }
    out!("{}: saved", path.display());
    Ok(())
}

/// The fields given on the command line, over `settings` (`\n` typed in a text is
/// a new line; an empty path clears it, a relative one is made absolute).
fn apply_set_args(settings: &mut DocSettings, args: DocSettingsSetArgs) {
    let unescape = |s: String| s.replace("\\n", "\n");
    let set = |field: &mut String, value: Option<String>| {
        if let Some(v) = value {
            *field = unescape(v);
        }
    };
    set(&mut settings.authority, args.authority);
    set(&mut settings.province, args.province);
    set(&mut settings.place_name, args.place_name);
    set(&mut settings.signatory_title, args.signatory_title);
    set(&mut settings.signatory_name, args.signatory_name);
    let path_field = |field: &mut Option<PathBuf>, value: Option<PathBuf>| {
        // A path typed on the command line is relative to where it was typed.
        if let Some(v) = value {
            *field = (!v.as_os_str().is_empty()).then(|| std::path::absolute(&v).unwrap_or(v));
        }
    };
    path_field(&mut settings.logo_path, args.logo);
    path_field(&mut settings.serif_font_path, args.serif_font);
    path_field(&mut settings.serif_bold_font_path, args.serif_bold_font);
    let list = |field: &mut Vec<String>, lines: Vec<String>| {
        if !lines.is_empty() {
            *field = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
        }
    };
    list(&mut settings.decision_bases, args.decision_bases);
    list(&mut settings.decision_recipients, args.decision_recipients);
    let optional = |field: &mut Option<String>, value: Option<String>| {
        if let Some(v) = value {
            *field = Some(unescape(v)).filter(|v| !v.trim().is_empty());
        }
    };
    optional(
        &mut settings.decision_implementers,
        args.decision_implementers,
    );
    optional(&mut settings.central_authority, args.central_authority);
    optional(&mut settings.central_place_name, args.central_place_name);
    optional(
        &mut settings.central_signatory_title,
        args.central_signatory_title,
    );
    optional(
        &mut settings.central_signatory_name,
        args.central_signatory_name,
    );
}
