//! The user's preferences, kept as `preferences.json` in the data folder so they
//! travel with the data (and tests on a temp folder see them): language, theme,
//! UI scale, the last round and who the user is in each round.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::ids::{MemberId, RoundId};

pub const PREFS_FILE: &str = "preferences.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks `vi` or `en` by language.
    pub fn tr(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Self::Vi => vi,
            Self::En => en,
        }
    }

    /// Vietnamese when the system locale is Vietnamese, English otherwise.
    pub fn from_system() -> Self {
        match sys_locale::get_locale() {
            Some(locale) if locale.to_ascii_lowercase().starts_with("vi") => Self::Vi,
            _ => Self::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    Light,
    Dark,
}

/// Who is at the keyboard for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "member")]
pub enum Identity {
    /// A council member: sees their own sheets (and results once opened).
    Member(MemberId),
    /// The secretariat: sets up the round and follows progress and results.
    Secretariat,
}

impl From<Identity> for crate::domain::actor::Principal {
    fn from(identity: Identity) -> Self {
        match identity {
            Identity::Member(id) => Self::Member(id),
            Identity::Secretariat => Self::Secretariat,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    pub theme: ThemeChoice,
    /// Multiplies egui's points per pixel (projectors in council meetings).
    pub ui_scale: f32,
    /// In a round that requires PINs, the screen locks after this many seconds
    /// without a key press or a mouse move.
    pub idle_lock_seconds: u32,
    pub last_round: Option<RoundId>,
    /// Keyed by round id as text, so the JSON stays a plain object.
    pub identities: BTreeMap<String, Identity>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            lang: Lang::from_system(),
            theme: ThemeChoice::Light,
            ui_scale: 1.0,
            idle_lock_seconds: 300,
            last_round: None,
            identities: BTreeMap::new(),
        }
    }
}

impl Prefs {
    pub const UI_SCALES: [f32; 5] = [0.9, 1.0, 1.25, 1.5, 2.0];

    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(PREFS_FILE)
    }

    /// Reads the preferences; a missing or unreadable file gives the defaults
    /// (preferences are a convenience, never a reason to refuse to start).
    pub fn load(data_dir: &Path) -> Self {
        crate::files::read_input(&Self::path(data_dir), crate::files::caps::SETTINGS_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Self>(&bytes).ok())
            .map(|p| Self {
                ui_scale: if p.ui_scale.is_finite() {
                    p.ui_scale.clamp(0.5, 3.0)
                } else {
                    1.0
                },
                ..p
            })
            .unwrap_or_default()
    }

    /// Writes to a temporary file and renames it over the old one.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(data_dir)?;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::files::write_atomic(&Self::path(data_dir), &json)
    }

    pub fn identity(&self, round: RoundId) -> Option<Identity> {
        self.identities.get(&round.to_string()).copied()
    }

    pub fn set_identity(&mut self, round: RoundId, identity: Identity) {
        self.identities.insert(round.to_string(), identity);
    }
}
