//! Who issues the documents: the authority, province, place and signatory the
//! minutes, decisions and certificates print, and the logo.

use super::{CouncilState, dialogs, hinted_edit, labelled_edit};
use crate::app::doc_settings::DocSettings;
use crate::app::request::DocumentsRequest;
use crate::ui::{Action, Ctx, fonts, theme::size};

pub(super) fn settings_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    state: &mut CouncilState,
    actions: &mut Vec<Action>,
) {
    ui.label(
        egui::RichText::new(view.tr("Cơ quan ban hành văn bản", "Who issues the documents"))
            .font(fonts::bold(size::SUBHEADING)),
    );
    if !loaded_ui(ui, view, state, actions) {
        return;
    }
    let Some(form) = &mut state.form else {
        return;
    };
    fields_ui(ui, view, form, &mut state.logo);
    save_button_ui(ui, view, round, form, &state.logo, actions);
}

/// Whether the settings are loaded (else a button to load them); says when they
/// could not be read or are not set yet.
fn loaded_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    state: &CouncilState,
    actions: &mut Vec<Action>,
) -> bool {
    match &state.loaded {
        None => {
            if ui
                .button(view.tr("Mở cài đặt văn bản", "Open the document settings"))
                .clicked()
            {
                actions.push(Action::send(DocumentsRequest::LoadDocSettings));
            }
            return false;
        }
        Some(Err(e)) => {
            ui.colored_label(view.palette.danger, e);
        }
        Some(Ok(None)) => {
            ui.colored_label(
                view.palette.warn,
                view.tr(
                    "Chưa có cài đặt: điền rồi lưu.",
                    "Not set yet: fill in and save.",
                ),
            );
        }
        Some(Ok(Some(_))) => {}
    }
    true
}

/// The fields, each with an example shown greyed while it is empty.
fn fields_ui(ui: &mut egui::Ui, view: &Ctx<'_>, form: &mut DocSettings, logo: &mut String) {
    hinted_edit(
        ui,
        view.tr("Cơ quan:", "Authority:"),
        &mut form.authority,
        false,
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG",
    );
    hinted_edit(
        ui,
        view.tr("Tỉnh:", "Province:"),
        &mut form.province,
        false,
        "Sóc Trăng",
    );
    hinted_edit(
        ui,
        view.tr("Địa danh:", "Place:"),
        &mut form.place_name,
        false,
        "Sóc Trăng",
    );
    hinted_edit(
        ui,
        view.tr("Chức danh người ký:", "Signatory title:"),
        &mut form.signatory_title,
        true,
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    );
    hinted_edit(
        ui,
        view.tr("Người ký:", "Signatory:"),
        &mut form.signatory_name,
        false,
        "Nguyễn Văn A",
    );
    labelled_edit(
        ui,
        view.tr("Logo (đường dẫn PNG/JPEG):", "Logo (PNG/JPEG path):"),
        logo,
        false,
    );
}

/// *Lưu cài đặt*, once every field holds real text (not an example).
fn save_button_ui(
    ui: &mut egui::Ui,
    view: &Ctx<'_>,
    round: crate::domain::ids::RoundId,
    form: &DocSettings,
    logo: &str,
    actions: &mut Vec<Action>,
) {
    let real = [
        &form.authority,
        &form.province,
        &form.place_name,
        &form.signatory_title,
        &form.signatory_name,
    ]
    .into_iter()
    .all(|f| dialogs::is_real_text(f));
    if ui
        .add_enabled(
            real,
            egui::Button::new(view.tr("Lưu cài đặt", "Save settings")),
        )
        .on_disabled_hover_text(view.tr(
            "Điền mọi ô bằng nội dung thật (các chữ mờ chỉ là ví dụ).",
            "Fill in every field with the real text (the grey text is only an example).",
        ))
        .clicked()
    {
        let mut settings = form.clone();
        settings.logo_path = (!logo.trim().is_empty()).then(|| logo.trim().into());
        actions.push(Action::send(DocumentsRequest::SaveDocSettings {
            round,
            settings: Box::new(settings),
        }));
    }
}
