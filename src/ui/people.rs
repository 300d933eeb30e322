//! Who is at the keyboard, on a laptop shared at the meeting: the PIN dialog (to
//! pick oneself, to set a first PIN, to enter it again before a weighty step), the
//! lock screen, and the idle lock.
//!
//! The dialogs only collect the PIN: the worker checks it (Argon2id, in the store)
//! and the store refuses any write whose actor was not vouched for. Hiding the round
//! behind the lock screen keeps a passer-by from reading or clicking; it is not what
//! protects the record.

use crate::app::request::PeopleRequest;

use crate::app::prefs::Identity;
use crate::app::worker::Request;
use crate::domain::ids::RoundId;
use crate::domain::pin::{PinFormatProblem, PinRefusal, check_new_pin};

use super::Ctx;

/// What a PIN is asked for.
#[derive(Debug, Clone)]
pub enum PinPurpose {
    /// To become `identity` in `round`.
    Identify { round: RoundId, identity: Identity },
    /// `identity` has no PIN yet in a round that requires PINs: set one.
    FirstPin { round: RoundId, identity: Identity },
    /// A weighty step: the person enters their PIN again, then `request` runs.
    Again { request: Box<Request> },
}

/// Why the dialog shows a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    Refused(PinRefusal),
    Format(PinFormatProblem),
    Mismatch,
}

#[derive(Debug, Clone)]
pub struct PinPrompt {
    pub purpose: PinPurpose,
    pin: String,
    confirm: String,
    pub problem: Option<PinProblem>,
    /// Sent to the worker; the dialog waits for its answer.
    pub waiting: bool,
}

impl PinPrompt {
    pub fn new(purpose: PinPurpose) -> Self {
        Self {
            purpose,
            pin: String::new(),
            confirm: String::new(),
            problem: None,
            waiting: false,
        }
    }

    pub fn refused(&mut self, refusal: PinRefusal) {
        self.problem = Some(PinProblem::Refused(refusal));
        self.waiting = false;
        self.pin.clear();
        self.confirm.clear();
    }
}

/// What the dialog asks the app to do.
pub enum PinAnswer {
    /// Send this request (it carries the PIN) and wait for its answer.
    Send(Request),
    /// The person gave up: back to nobody picked (or the step is not taken).
    Cancel,
}

/// The PIN dialog, modal over the window. `name`: whom the PIN is for.
pub fn pin_dialog_ui(
    ctx: &egui::Context,
    view: &Ctx<'_>,
    prompt: &mut PinPrompt,
    name: &str,
) -> Option<PinAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("pin_dialog")).show(ctx, |ui| {
        ui.set_width(360.0);
        let first = matches!(prompt.purpose, PinPurpose::FirstPin { .. });
        ui.heading(match prompt.purpose {
            PinPurpose::Identify { .. } => view.tr("Nhập mã PIN", "Enter your PIN"),
            PinPurpose::FirstPin { .. } => view.tr("Đặt mã PIN của bạn", "Set your PIN"),
            PinPurpose::Again { .. } => view.tr("Xác nhận bằng mã PIN", "Confirm with your PIN"),
        });
        ui.label(name);
        // Which weighty step the PIN is for, in so many words.
        if let PinPurpose::Again { request } = &prompt.purpose
            && let Some(action) = request.council_action(None)
        {
            ui.strong(match view.lang {
                crate::app::prefs::Lang::Vi => capitalised(action.label_vi()),
                crate::app::prefs::Lang::En => capitalised(action.label_en()),
            });
        }
        ui.label(match prompt.purpose {
            PinPurpose::Identify { .. } => view.tr(
                "Đợt này yêu cầu mã PIN cho mỗi người.",
                "This round requires a PIN from everyone.",
            ),
            PinPurpose::FirstPin { .. } => view.tr(
                "Lần đầu: chọn 4–12 chữ số, hoặc một cụm mật khẩu từ 8 ký tự. Chỉ lưu bản băm.",
                "First time: choose 4–12 digits, or a passphrase of 8 or more characters. Only a hash is kept.",
            ),
            PinPurpose::Again { .. } => view.tr(
                "Bước này không thể tự hoàn tác: nhập lại mã PIN của bạn.",
                "This step cannot be undone lightly: enter your PIN again.",
            ),
        });
        let pin_label = ui.label(view.tr("Mã PIN:", "PIN:"));
        let pin_field = ui
            .add(egui::TextEdit::singleline(&mut prompt.pin).password(true).desired_width(200.0))
            .labelled_by(pin_label.id);
        if !prompt.waiting && !pin_field.has_focus() && prompt.pin.is_empty() {
            pin_field.request_focus();
        }
        let mut enter = pin_field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if first {
            let again_label = ui.label(view.tr("Nhập lại mã PIN:", "PIN again:"));
            let again = ui
                .add(egui::TextEdit::singleline(&mut prompt.confirm).password(true).desired_width(200.0))
                .labelled_by(again_label.id);
            enter = again.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        }
        if let Some(problem) = prompt.problem {
            ui.colored_label(view.palette.danger, problem_text(view, problem));
        }
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(!prompt.waiting, egui::Button::new(view.tr("Xác nhận", "Confirm")));
            if (ok.clicked() || enter) && !prompt.waiting {
                answer = submit(prompt);
            }
            if ui.button(view.tr("Hủy", "Cancel")).clicked() {
                answer = Some(PinAnswer::Cancel);
            }
            if prompt.waiting {
                ui.spinner();
            }
        });
    });
    answer
}

/// Checks what can be checked here (format, the two entries agree) and builds the
/// request that carries the PIN.
fn submit(prompt: &mut PinPrompt) -> Option<PinAnswer> {
    let pin = prompt.pin.clone();
    let request = match &prompt.purpose {
        PinPurpose::FirstPin { round, identity } => {
            let problem = match check_new_pin(&pin) {
                Err(problem) => Some(PinProblem::Format(problem)),
                Ok(()) if pin != prompt.confirm => Some(PinProblem::Mismatch),
                Ok(()) => None,
            };
            if problem.is_some() {
                // Both typed again from scratch.
                prompt.problem = problem;
                prompt.pin.clear();
                prompt.confirm.clear();
                return None;
            }
            Request::People(PeopleRequest::SetIdentity {
                round: *round,
                who: (*identity).into(),
                pin: Some(pin),
            })
        }
        PinPurpose::Identify { round, identity } => Request::People(PeopleRequest::SetIdentity {
            round: *round,
            who: (*identity).into(),
            pin: Some(pin),
        }),
        PinPurpose::Again { request } => Request::WithPin {
            pin,
            request: request.clone(),
        },
    };
    prompt.waiting = true;
    prompt.problem = None;
    Some(PinAnswer::Send(request))
}

pub fn problem_text(view: &Ctx<'_>, problem: PinProblem) -> String {
    match problem {
        PinProblem::Mismatch => view
            .tr("Hai lần nhập không giống nhau.", "The two entries differ.")
            .into(),
        PinProblem::Format(problem) => format_problem_text(view, problem),
        PinProblem::Refused(refusal) => refusal_text(view, refusal),
    }
}

fn format_problem_text(view: &Ctx<'_>, problem: PinFormatProblem) -> String {
    use crate::domain::pin::{DIGITS_MAX, DIGITS_MIN, PASSPHRASE_MAX, PASSPHRASE_MIN};
    match (view.lang, problem) {
        (crate::app::prefs::Lang::Vi, PinFormatProblem::TooFewDigits) => {
            format!("Mã PIN cần ít nhất {DIGITS_MIN} chữ số.")
        }
        (crate::app::prefs::Lang::Vi, PinFormatProblem::TooManyDigits) => {
            format!("Mã PIN có nhiều nhất {DIGITS_MAX} chữ số.")
        }
        (crate::app::prefs::Lang::Vi, PinFormatProblem::PassphraseTooShort) => {
            format!("Cụm mật khẩu cần ít nhất {PASSPHRASE_MIN} ký tự.")
        }
        (crate::app::prefs::Lang::Vi, PinFormatProblem::PassphraseTooLong) => {
            format!("Cụm mật khẩu có nhiều nhất {PASSPHRASE_MAX} ký tự.")
        }
        (crate::app::prefs::Lang::En, problem) => format!("{}.", capitalised(&problem.to_string())),
    }
}

/// A PIN refusal in the user's language.
pub fn refusal_text(view: &Ctx<'_>, refusal: PinRefusal) -> String {
    match (view.lang, refusal) {
        (crate::app::prefs::Lang::Vi, PinRefusal::NotSet) => "Người này chưa đặt mã PIN.".into(),
        (crate::app::prefs::Lang::Vi, PinRefusal::AlreadySet) => {
            "Người này đã có mã PIN (Chủ tịch hoặc Thư ký có thể đặt lại).".into()
        }
        (crate::app::prefs::Lang::Vi, PinRefusal::Wrong { tries_left }) => {
            format!("Sai mã PIN. Còn {tries_left} lần thử trước khi bị khóa một phút.")
        }
        (crate::app::prefs::Lang::Vi, PinRefusal::Locked { seconds_left }) => {
            format!("Nhập sai quá nhiều lần: tạm khóa, thử lại sau {seconds_left} giây.")
        }
        (crate::app::prefs::Lang::Vi, PinRefusal::Format { problem }) => {
            format_problem_text(view, problem)
        }
        (crate::app::prefs::Lang::En, refusal) => format!("{}.", capitalised(&refusal.to_string())),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What hides the round while nobody vouched for is at the keyboard.
pub fn lock_screen_ui(ui: &mut egui::Ui, view: &Ctx<'_>, name: Option<&str>) -> bool {
    let mut unlock = false;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(80.0);
            ui.heading(view.tr("Màn hình đã khóa", "Screen locked"));
            ui.label(view.tr(
                "Đợt này yêu cầu mã PIN. Chọn tên của bạn ở trên, hoặc mở khóa bằng mã PIN.",
                "This round requires PINs. Pick your name above, or unlock with your PIN.",
            ));
            if let Some(name) = name
                && ui
                    .button(format!("{} {name}", view.tr("Mở khóa:", "Unlock:")))
                    .clicked()
            {
                unlock = true;
            }
        });
    });
    unlock
}

/// A refusal by the permission table, in the user's language.
pub fn permission_text(
    view: &Ctx<'_>,
    refusal: &crate::domain::permissions::PermissionRefusal,
) -> String {
    use crate::app::prefs::Lang;
    use crate::domain::permissions::{Acting, Denial};
    if view.lang == Lang::En {
        return format!("{}.", capitalised(&refusal.to_string()));
    }
    let who = match refusal.acting {
        Acting::Secretariat => "Ban thư ký".to_string(),
        Acting::Member { role, .. } => role.label_vi().to_string(),
    };
    let action = refusal.action.label_vi();
    let may = super::widgets::who_may_text(view, refusal.action);
    match refusal.denial {
        Denial::NoRight => format!("{who} không được {action}. {may}"),
        Denial::NotTheirs => format!("{who} không được {action} thay người khác. {may}"),
        Denial::DoesNotVote => format!("{who} không chấm điểm nên không được {action}."),
        Denial::NotChairsOrder => {
            format!("{who} chỉ được {action} theo yêu cầu của Chủ tịch, có ghi tên Chủ tịch.")
        }
        Denial::PinNotVerified => {
            format!("Đợt này yêu cầu mã PIN: {who} cần nhập mã PIN để {action}.")
        }
        Denial::PinNotReentered => {
            format!("Đợt này yêu cầu mã PIN: {who} cần nhập lại mã PIN để {action}.")
        }
        Denial::OrderNotConfirmed => {
            format!("Đợt này yêu cầu mã PIN: Chủ tịch cần xác nhận bằng mã PIN để {action}.")
        }
        Denial::MembersLaptop { .. } => format!(
            "Đây là máy riêng của một thành viên: chỉ chấm phiếu của chính thành viên đó ({who} không được {action} ở đây)."
        ),
    }
}
