//! The council tab (chair and secretary): the round's state and the steps it
//! allows (start scoring, deliberation, approve with the decision, reopen, issue
//! certificates), recusals, the official documents and who issues them.

use crate::app::request::{DocumentsRequest, PeopleRequest};

use super::{Action, Ctx, fonts, theme::size, widgets};
use crate::app::doc_settings::DocSettings;
use crate::app::prefs::Lang;
use crate::app::views::RoundData;
use crate::app::worker::Request;
use crate::domain::certificate::IssuePreview;
use crate::domain::round::RoundStatus;

mod dialogs;
mod minutes;
mod presiding;
mod settings;
mod setup;
use dialogs::{Dialog, Step, dialog_ui};
use minutes::{MinutesForm, minutes_dialog_ui};
use settings::settings_ui;
use setup::setup_ui;

#[derive(Debug, Default)]
pub struct CouncilState {
    dialog: Dialog,
    /// The open dialog's step (filling in, confirming, sent).
    step: Step,
    /// The minutes dialog, while open.
    minutes: Option<MinutesForm>,
    new_member: String,
    new_role: Option<crate::domain::member::Role>,
    /// The settings as loaded (None before the reply, Some(None) when not set).
    loaded: Option<Result<Option<DocSettings>, String>>,
    form: Option<DocSettings>,
    logo: String,
    /// What issuing would write, for the certificate dialog's confirmation (None:
    /// asked, not answered yet), or why it cannot be foreseen.
    issue_preview: Option<Result<IssuePreview, String>>,
}

impl CouncilState {
    /// A change went through: the dialog that asked for it closes.
    pub fn change_done(&mut self) {
        if self.step == Step::Sent {
            self.dialog = Dialog::None;
            self.step = Step::Filling;
        }
    }

    /// A change was refused (or its PIN prompt cancelled): the dialog stays, with
    /// what was typed, to correct and send again.
    pub fn change_refused(&mut self) {
        if self.step == Step::Sent {
            self.step = Step::Filling;
        }
    }

    pub fn set_issue_preview(&mut self, preview: Result<IssuePreview, String>) {
        self.issue_preview = Some(preview);
    }

    pub fn set_doc_settings(&mut self, settings: Result<Option<DocSettings>, String>) {
        if let Ok(s) = &settings {
            let form = s.clone().unwrap_or_else(empty_settings);
            self.logo = form
                .logo_path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            self.form = Some(form);
        }
        self.loaded = Some(settings);
    }
}

fn empty_settings() -> DocSettings {
    DocSettings {
        format: crate::app::doc_settings::DOC_SETTINGS_FORMAT.into(),
        // Empty, with examples as hints: a placeholder must never reach a document.
        authority: String::new(),
        province: String::new(),
        place_name: String::new(),
        signatory_title: String::new(),
        signatory_name: String::new(),
        ..DocSettings::default()
    }
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%d/%m/%Y")
        .to_string()
}

fn labelled_edit(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool) {
    hinted_edit(ui, label, text, multiline, "");
}

/// A labelled field with an example shown greyed while it is empty (never a
/// default value: what is saved is only what was typed).
fn hinted_edit(ui: &mut egui::Ui, label: &str, text: &mut String, multiline: bool, hint: &str) {
    ui.horizontal(|ui| {
        let name = ui.label(label);
        let edit = if multiline {
            egui::TextEdit::multiline(text)
                .desired_rows(2)
                .desired_width(320.0)
        } else {
            egui::TextEdit::singleline(text).desired_width(320.0)
        };
        ui.add(edit.hint_text(hint)).labelled_by(name.id);
    });
}

pub fn council_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    let status = data.round.status;
    egui::ScrollArea::vertical()
        .id_salt("council")
        .show(ui, |ui| {
            round_state_ui(ui, view, data);
            ui.horizontal_wrapped(|ui| transition_buttons_ui(ui, view, data, state));
            dialog_ui(ui, view, data, state, actions);
            if let Some(form) = &mut state.minutes
                && minutes_dialog_ui(ui, view, data, form, actions)
            {
                state.minutes = None;
            }
            ui.separator();
            if status.allows(crate::domain::round::RoundAction::EditCouncil) {
                setup_ui(ui, view, data, state, actions);
                ui.separator();
            }

            recusals_ui(ui, view, data, state);
            presiding::presiding_ui(ui, view, data, actions);
            ui.separator();

            documents_ui(ui, view, data, state, actions);
            ui.separator();
            pins_ui(ui, view, data, actions);
            ui.separator();
            settings_ui(ui, view, data.round.id, state, actions);
        });
}

/// The round's states with the current one marked, and the approval decision
/// once there is one.
fn round_state_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData) {
    let round = &data.round;
    let status = round.status;
    ui.label(
        egui::RichText::new(view.tr("Trạng thái đợt", "Round state"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    ui.horizontal_wrapped(|ui| {
        for s in RoundStatus::ALL {
            let text = match view.lang {
                Lang::Vi => s.label_vi(),
                Lang::En => s.label_en(),
            };
            if s == status {
                ui.label(
                    egui::RichText::new(format!("● {text}"))
                        .strong()
                        .color(view.palette.ok),
                );
            } else {
                ui.label(egui::RichText::new(text).color(view.palette.muted));
            }
            if s != RoundStatus::CertificatesIssued {
                ui.label("→");
            }
        }
    });
    if let (Some(no), Some(date)) = (&round.decision_no, &round.decision_date) {
        ui.label(format!(
            "{} {no} {} {}{}",
            view.tr("Quyết định phê duyệt", "Approval decision"),
            view.tr("ngày", "of"),
            super::format::when(date),
            round
                .signatory
                .as_ref()
                .map(|s| format!(" — {s}"))
                .unwrap_or_default()
        ));
    }
}

/// The recusals recorded, who recorded each, and *Ghi nhận tránh…* while the
/// round allows it.
fn recusals_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, state: &mut CouncilState) {
    ui.label(
        egui::RichText::new(view.tr("Tránh xung đột lợi ích", "Recusals"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    if data.recusals.is_empty() {
        ui.label(egui::RichText::new(view.tr("Chưa có.", "None.")).color(view.palette.muted));
    }
    for r in &data.recusals {
        // Who recorded it, with the role in the user's language (the
        // store's text names it in English).
        let by = r
            .recorded_by_member
            .and_then(|id| data.members.iter().find(|m| m.id == id))
            .map_or_else(
                || r.recorded_by.clone(),
                |m| {
                    let role = match view.lang {
                        Lang::Vi => m.role.label_vi(),
                        Lang::En => m.role.label_en(),
                    };
                    format!("{}, {role}", m.name)
                },
            );
        ui.add(
            egui::Label::new(format!(
                "• {} — {}: {} ({} {by})",
                r.product_name,
                r.member_name,
                r.reason,
                view.tr("ghi nhận bởi", "recorded by")
            ))
            .wrap(),
        );
    }
    if data
        .round
        .status
        .allows(crate::domain::round::RoundAction::Recuse)
        && widgets::council_button_ui(
            ui,
            view,
            data,
            crate::domain::permissions::CouncilAction::RecordRecusal,
            view.tr("Ghi nhận tránh…", "Record a recusal…"),
        )
        .clicked()
    {
        state.dialog = Dialog::Recuse {
            product: None,
            member: None,
            reason: String::new(),
        };
    }
}

/// The official documents: the minutes (through their dialog), the draft and the
/// final approval decision, the audit log.
fn documents_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    let round = &data.round;
    ui.label(
        egui::RichText::new(view.tr("Văn bản", "Documents")).font(fonts::bold(size::SUBHEADING)),
    );
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(view.tr("In biên bản họp (PDF)…", "Print the minutes (PDF)…"))
            .clicked()
        {
            state.minutes = Some(MinutesForm::new(today()));
        }
        if ui
            .button(view.tr(
                "Dự thảo quyết định phê duyệt (Word)…",
                "Draft approval decision (Word)…",
            ))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Quyết định phê duyệt kết quả",
                file_name: format!("du-thao-quyet-dinh-dot-{}.docx", round.id),
                filter: ("Word", &["docx"]),
                make: |path, round, _| {
                    Request::Documents(DocumentsRequest::PrintDecision { round, path })
                },
                round: round.id,
                member: None,
            });
        }
        if ui
            .button(view.tr("Quyết định phê duyệt (PDF)…", "Approval decision (PDF)…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Quyết định phê duyệt kết quả",
                file_name: format!("quyet-dinh-dot-{}.pdf", round.id),
                filter: ("PDF", &["pdf"]),
                make: |path, round, _| {
                    Request::Documents(DocumentsRequest::PrintDecision { round, path })
                },
                round: round.id,
                member: None,
            });
        }
        if ui
            .button(view.tr("Xuất nhật ký (CSV)…", "Export the audit log (CSV)…"))
            .clicked()
        {
            actions.push(Action::SaveAs {
                title: "Nhật ký thay đổi",
                file_name: format!("nhat-ky-dot-{}.csv", round.id),
                filter: ("CSV", &["csv"]),
                make: |path, round, _| {
                    Request::Documents(DocumentsRequest::ExportAudit { round, path })
                },
                round: round.id,
                member: None,
            });
        }
    });
}

fn transition_buttons_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
) {
    use crate::domain::permissions::CouncilAction as A;
    let advance_to = match data.round.status {
        RoundStatus::Setup => step_button_ui(
            ui,
            view,
            data,
            A::MoveRound,
            "Bắt đầu chấm điểm",
            "Start scoring",
        )
        .clicked()
        .then_some(RoundStatus::Scoring),
        RoundStatus::Scoring => scoring_steps_ui(ui, view, data),
        RoundStatus::Deliberation => deliberation_steps_ui(ui, view, data, state),
        RoundStatus::Finalized => {
            finalized_steps_ui(ui, view, data, state);
            None
        }
        RoundStatus::CertificatesIssued => {
            ui.label(view.tr(
                "Đã cấp giấy chứng nhận: đợt không thay đổi được nữa.",
                "Certificates issued: the round can no longer change.",
            ));
            None
        }
    };
    if let Some(to) = advance_to {
        state.dialog = Dialog::Advance { to };
        state.step = Step::Filling;
    }
}

/// One step of the round: offered to whom the permission table allows; the
/// others see it disabled, with who may on hover.
fn step_button_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    action: crate::domain::permissions::CouncilAction,
    vi: &'static str,
    en: &'static str,
) -> egui::Response {
    widgets::council_button_ui(ui, view, data, action, view.tr(vi, en))
}

/// In scoring: on to deliberation, or back to setup while no sheet exists; returns
/// the state to move to.
fn scoring_steps_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData) -> Option<RoundStatus> {
    use crate::domain::permissions::CouncilAction as A;
    let mut advance_to = None;
    if step_button_ui(
        ui,
        view,
        data,
        A::MoveRound,
        "Chuyển sang họp thảo luận",
        "Move to deliberation",
    )
    .clicked()
    {
        advance_to = Some(RoundStatus::Deliberation);
    }
    // The store refuses once any sheet exists; say so before the click
    // (when the viewer can see the sheets at all).
    let sheets = data.all_sheets.len();
    if ui
        .add_enabled(
            sheets == 0 && data.may(A::MoveRound),
            egui::Button::new(view.tr("Quay lại chuẩn bị", "Back to setup")),
        )
        .on_disabled_hover_text(format!(
            "{sheets} {}",
            view.tr(
                "phiếu đã có: đợt không thể quay lại chuẩn bị.",
                "sheet(s) already exist: the round cannot go back to setup."
            )
        ))
        .clicked()
    {
        advance_to = Some(RoundStatus::Setup);
    }
    advance_to
}

/// In deliberation: back to scoring, or approve the results (their dialog).
fn deliberation_steps_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
) -> Option<RoundStatus> {
    use crate::domain::permissions::CouncilAction as A;
    let mut advance_to = None;
    if step_button_ui(
        ui,
        view,
        data,
        A::MoveRound,
        "Quay lại chấm điểm",
        "Back to scoring",
    )
    .clicked()
    {
        advance_to = Some(RoundStatus::Scoring);
    }
    if step_button_ui(
        ui,
        view,
        data,
        A::Finalize,
        "Phê duyệt kết quả…",
        "Approve the results…",
    )
    .clicked()
    {
        state.step = Step::Filling;
        state.dialog = Dialog::Finalize {
            number: String::new(),
            date: today(),
            signatory: data.round.signatory.clone().unwrap_or_default(),
        };
    }
    advance_to
}

/// Once finalized: issue the certificates, or reopen the round (their dialogs).
fn finalized_steps_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    data: &RoundData,
    state: &mut CouncilState,
) {
    use crate::domain::permissions::CouncilAction as A;
    if step_button_ui(
        ui,
        view,
        data,
        A::IssueCertificates,
        "Cấp giấy chứng nhận…",
        "Issue certificates…",
    )
    .clicked()
    {
        let authority = state
            .form
            .as_ref()
            .map(|f| f.authority.clone())
            .unwrap_or_default();
        state.step = Step::Filling;
        state.dialog = Dialog::Issue {
            // The settings' authority only when it is real (never a placeholder).
            authority: Some(authority)
                .filter(|a| dialogs::is_real_text(a))
                .unwrap_or_default(),
            date: data
                .round
                .decision_date
                .as_deref()
                .map(super::format::when)
                .unwrap_or_else(today),
        };
    }
    if step_button_ui(
        ui,
        view,
        data,
        A::ReopenRound,
        "Mở lại đợt…",
        "Reopen the round…",
    )
    .clicked()
    {
        state.step = Step::Filling;
        state.dialog = Dialog::Reopen {
            reason: String::new(),
        };
    }
}

/// PINs on a shared laptop: require them in this round, clear someone's.
fn pins_ui(ui: &mut egui::Ui, view: &Ctx<'_>, data: &RoundData, actions: &mut Vec<Action>) {
    use crate::domain::actor::Principal;
    use crate::domain::permissions::CouncilAction;
    let round = data.round.id;
    ui.label(
        egui::RichText::new(view.tr("Mã PIN trên máy dùng chung", "PINs on a shared laptop"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    ui.label(
        egui::RichText::new(view.tr(
            "Mỗi người đặt mã PIN của mình khi chọn tên lần đầu; chỉ lưu bản băm Argon2id. Mã PIN ngăn người khác dùng nhầm tên trên máy chung, không thay cho việc giữ tệp dữ liệu.",
            "Each person sets their own PIN the first time they pick their name; only an Argon2id hash is kept. A PIN stops casual misuse of a shared laptop; it does not protect the data file itself.",
        ))
        .color(view.palette.muted),
    );
    let mut required = data.round.pins_required;
    let toggle = ui.add_enabled(
        data.may(CouncilAction::ManagePins),
        egui::Checkbox::new(
            &mut required,
            view.tr("Yêu cầu mã PIN trong đợt này", "Require PINs in this round"),
        ),
    );
    let toggle =
        toggle.on_disabled_hover_text(widgets::who_may_text(view, CouncilAction::ManagePins));
    if toggle.changed() {
        actions.push(Action::send(PeopleRequest::RequirePins { round, required }));
    }
    if !data.round.pins_required || !data.may(CouncilAction::ManagePins) {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(view.tr("Đặt lại mã PIN:", "Reset the PIN of:"));
        let people = data
            .members
            .iter()
            .map(|m| (Principal::Member(m.id), m.name.clone()))
            .chain([(
                Principal::Secretariat,
                view.tr("Ban thư ký", "Secretariat").to_string(),
            )]);
        for (who, name) in people {
            if ui.button(name).clicked() {
                actions.push(Action::send(PeopleRequest::ResetPin { round, who }));
            }
        }
    });
}
