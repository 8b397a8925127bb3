//! The application core: everything the window (through IPC) or the CLI asks for, as plain
//! Rust methods. Each Tauri command is one call into a method here.

use crate::domain::reference::{Brand, BrandInput, Region, RegionInput};
use crate::error::{AppError, AppResult, ErrorDto};
use crate::i18n::{self, Lang};
use crate::store::{self, brands, regions, settings, OpenMode, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use ts_rs::TS;

pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the data lives unless `--db` or `MARKETDESK_DB` says otherwise: the OS app-data
/// directory (`~/.local/share`, `%APPDATA%`, `~/Library/Application Support`).
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("com.marketdesk.app")
        .join("marketdesk.db")
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    /// The data file this window works on.
    pub db_path: String,
    /// False on first run: the welcome screen offers to create it.
    pub db_exists: bool,
    /// The store is open and usable.
    pub open: bool,
    #[ts(type = "number | null")]
    pub schema_version: Option<i64>,
    #[ts(type = "number")]
    pub app_schema_version: i64,
    pub app_version: String,
    pub lang: Lang,
    /// Why an existing data file could not be opened (e.g. a newer schema).
    pub open_error: Option<ErrorDto>,
}

pub struct AppCore {
    db_path: PathBuf,
    inner: Mutex<Inner>,
}

struct Inner {
    store: Option<Store>,
    lang: Lang,
    open_error: Option<AppError>,
}

impl AppCore {
    /// Open the data file if it exists. A missing file is left missing: the welcome screen
    /// creates it when the user asks.
    pub fn new(db_path: PathBuf) -> AppCore {
        let mut inner = Inner {
            store: None,
            lang: Lang::ZhCn,
            open_error: None,
        };
        if db_path.exists() {
            match Store::open(&db_path, OpenMode::MustExist) {
                Ok(s) => {
                    inner.lang = stored_lang(&s);
                    inner.store = Some(s);
                }
                Err(e) => inner.open_error = Some(e),
            }
        }
        i18n::set_current(inner.lang);
        AppCore {
            db_path,
            inner: Mutex::new(inner),
        }
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> AppResult<T>) -> AppResult<T> {
        let mut inner = self.lock();
        match inner.store.as_mut() {
            Some(s) => f(s),
            None => Err(AppError::NotOpen),
        }
    }

    pub fn status(&self) -> AppResult<AppStatus> {
        let inner = self.lock();
        let schema_version = match &inner.store {
            Some(s) => Some(s.schema_version()?),
            None => None,
        };
        Ok(AppStatus {
            db_path: self.db_path.display().to_string(),
            db_exists: self.db_path.exists(),
            open: inner.store.is_some(),
            schema_version,
            app_schema_version: store::latest_version(),
            app_version: APP_VERSION.to_string(),
            lang: inner.lang,
            open_error: inner.open_error.as_ref().map(|e| e.to_dto(inner.lang)),
        })
    }

    /// First run: create the data file on purpose, empty but for the reference data.
    pub fn start_empty(&self) -> AppResult<AppStatus> {
        {
            let mut inner = self.lock();
            if inner.store.is_none() {
                if self.db_path.exists() {
                    // Never overwrite a file we could not open.
                    return Err(inner.open_error.take().unwrap_or(AppError::NotOpen));
                }
                let mut s = Store::open(&self.db_path, OpenMode::CreateIfMissing)?;
                settings::set(&mut s, settings::LANG, inner.lang.code())?;
                inner.store = Some(s);
                inner.open_error = None;
            }
        }
        self.status()
    }

    /// Switch the language; remembered in the data file when one is open.
    pub fn set_lang(&self, lang: Lang) -> AppResult<AppStatus> {
        {
            let mut inner = self.lock();
            if let Some(s) = inner.store.as_mut() {
                settings::set(s, settings::LANG, lang.code())?;
            }
            inner.lang = lang;
            i18n::set_current(lang);
        }
        self.status()
    }

    pub fn list_regions(&self) -> AppResult<Vec<Region>> {
        self.with_store(|s| regions::list(s))
    }

    pub fn save_region(&self, input: RegionInput) -> AppResult<Region> {
        self.with_store(|s| regions::save(s, &input))
    }

    pub fn delete_region(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| regions::delete(s, id))
    }

    pub fn list_brands(&self) -> AppResult<Vec<Brand>> {
        self.with_store(|s| brands::list(s))
    }

    pub fn save_brand(&self, input: BrandInput) -> AppResult<Brand> {
        self.with_store(|s| brands::save(s, &input))
    }

    pub fn delete_brand(&self, id: i64) -> AppResult<()> {
        self.with_store(|s| brands::delete(s, id))
    }
}

fn stored_lang(s: &Store) -> Lang {
    settings::get(s, settings::LANG)
        .ok()
        .flatten()
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_run_creates_only_on_purpose_and_remembers_language() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("data").join("m.db");
        let core = AppCore::new(path.clone());
        let st = core.status().unwrap();
        assert!(!st.db_exists && !st.open);
        assert!(!path.exists(), "opening the app must not create the file");
        assert_eq!(core.list_brands().err().unwrap().code(), "not_open");

        core.start_empty().unwrap();
        assert!(path.exists());
        core.set_lang(Lang::En).unwrap();
        drop(core);

        let again = AppCore::new(path);
        let st = again.status().unwrap();
        assert!(st.open);
        assert_eq!(st.lang, Lang::En);
        assert_eq!(st.schema_version, Some(store::latest_version()));
        assert_eq!(again.list_regions().unwrap().len(), 31);
    }
}
