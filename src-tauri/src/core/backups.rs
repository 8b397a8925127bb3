//! Backups 备份, shared by every area: snapshots in the `backups` folder beside the data file
//! (daily while open, on exit, before an upgrade or a restore, and by hand), kept 7 daily and
//! 4 weekly; a copy exported where the user chooses; a restore that snapshots first and
//! refuses a damaged, foreign or newer file.

use super::{file_name, AppCore};
use crate::domain::backups::{self as rules, Reason};
use crate::error::{AppError, AppResult};
use crate::store::backups as b;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub file_name: String,
    /// Local time, `2026-12-07 21:30:00`.
    pub at: String,
    pub reason: Reason,
    pub reason_label: String,
    #[ts(type = "number")]
    pub size: u64,
}

/// What the start-up check found: whether the data file passes `quick_check`, and if not,
/// the newest backup that does (offered to the user; nothing is replaced without asking).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Health {
    pub ok: bool,
    /// What is wrong, in a sentence in the user's language.
    pub problem: Option<String>,
    pub latest_good: Option<BackupInfo>,
}

impl AppCore {
    /// The start-up check: `quick_check` on the data file through its own connection (the
    /// window has painted by then); when it fails, the newest backup that passes.
    pub fn health_check(&self) -> AppResult<Health> {
        if !self.db_path.exists() {
            return Ok(Health {
                ok: true,
                problem: None,
                latest_good: None,
            });
        }
        let n = b::problems_in(&self.db_path);
        if n == 0 {
            return Ok(Health {
                ok: true,
                problem: None,
                latest_good: None,
            });
        }
        let latest_good = self
            .list_backups()?
            .into_iter()
            .find(|x| b::check_file(&self.backup_dir().join(&x.file_name)).is_ok());
        let lang = self.lang();
        Ok(Health {
            ok: false,
            problem: Some(match lang {
                crate::i18n::Lang::ZhCn => format!(
                    "数据文件 {} 没有通过完整性检查（发现 {n} 处问题），部分记录可能已经读不出来。请从最近一份完好的备份恢复；损坏的原文件会先另存到备份文件夹，不会丢掉。",
                    self.db_path.display()
                ),
                crate::i18n::Lang::En => format!(
                    "The data file {} failed its integrity check ({n} problems found): some records may no longer be readable. Restore the latest good backup; the damaged file is first set aside in the backups folder, not thrown away.",
                    self.db_path.display()
                ),
            }),
            latest_good,
        })
    }

    /// Replace a damaged data file (open or not) with a backup from the folder: the damaged
    /// file is first copied as it is into the backups folder (`…-damaged.db`), the backup
    /// checked and put in its place, and the file opened again (upgraded if older).
    pub fn restore_damaged(&self, name: &str) -> AppResult<BackupInfo> {
        let backup = self.backup_path(name)?;
        b::check_file(&backup)?;
        // Close the data file and its readers: the file is about to be replaced underneath.
        self.lock().store = None;
        for slot in &self.readers {
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        let at = self.now();
        let aside = rules::file_name(at, Reason::Damaged);
        let dest = self.backup_dir().join(&aside);
        b::set_aside(&self.db_path, &dest)?;
        b::replace_closed(&self.db_path, &backup)?;
        self.reopen()?;
        Ok(BackupInfo {
            size: std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0),
            file_name: aside,
            at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            reason: Reason::Damaged,
            reason_label: Reason::Damaged.label(self.lang()).to_string(),
        })
    }

    pub fn backup_dir(&self) -> PathBuf {
        b::backup_dir(&self.db_path)
    }

    fn now(&self) -> chrono::NaiveDateTime {
        chrono::Local::now().naive_local()
    }

    /// The snapshots in the backups folder, newest first.
    pub fn list_backups(&self) -> AppResult<Vec<BackupInfo>> {
        let lang = self.lang();
        let dir = self.backup_dir();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<BackupInfo> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let (at, reason) = rules::parse_name(&name)?;
                Some(BackupInfo {
                    at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    reason,
                    reason_label: reason.label(lang).to_string(),
                    size: e.metadata().map(|m| m.len()).unwrap_or(0),
                    file_name: name,
                })
            })
            .collect();
        out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
        Ok(out)
    }

    /// Take a snapshot now into the backups folder, then prune to 7 daily and 4 weekly.
    pub fn backup_now(&self, reason: Reason) -> AppResult<BackupInfo> {
        // Names are to the second: a second snapshot within the same second (a restore right
        // after another) takes the next free second rather than overwrite the first.
        let mut at = self.now();
        while self
            .backup_dir()
            .join(rules::file_name(at, reason))
            .exists()
        {
            at += chrono::Duration::seconds(1);
        }
        let name = rules::file_name(at, reason);
        let dest = self.backup_dir().join(&name);
        let size = self.with_store(|s| s.snapshot_to(&dest))?;
        self.prune_backups()?;
        Ok(BackupInfo {
            file_name: name,
            at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
            reason,
            reason_label: reason.label(self.lang()).to_string(),
            size,
        })
    }

    /// The day's first snapshot, while the window is open (none when one was taken today).
    pub fn daily_backup(&self) -> AppResult<Option<BackupInfo>> {
        let today = self.now().date().format("%Y%m%d").to_string();
        let taken = self
            .list_backups()?
            .iter()
            .any(|x| x.file_name.contains(&format!("-{today}-")));
        if taken {
            return Ok(None);
        }
        self.backup_now(Reason::Daily).map(Some)
    }

    /// Keep the newest snapshot of each of the last 7 days and of each of the last 4 weeks.
    pub fn prune_backups(&self) -> AppResult<usize> {
        let list = self.list_backups()?;
        let times: Vec<chrono::NaiveDateTime> = list
            .iter()
            .filter_map(|x| rules::parse_name(&x.file_name).map(|(t, _)| t))
            .collect();
        let keep = rules::keep(&times);
        let mut removed = 0;
        for (x, k) in list.iter().zip(keep) {
            if !k {
                let p = self.backup_dir().join(&x.file_name);
                std::fs::remove_file(&p).map_err(|e| AppError::io(&p, e))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// A copy of the data file where the user chose (the save dialog, or the CLI's --out),
    /// checked like every snapshot.
    pub fn export_backup(&self, path: &Path) -> AppResult<String> {
        self.with_store(|s| s.snapshot_to(path))?;
        Ok(file_name(path))
    }

    /// A snapshot in the backups folder by its name (from the list).
    pub fn backup_path(&self, name: &str) -> AppResult<PathBuf> {
        if rules::parse_name(name).is_none() || name.contains(['/', '\\']) {
            return Err(AppError::not_found(
                format!("备份文件夹里没有“{name}”。"),
                format!("There is no backup called “{name}”."),
            ));
        }
        Ok(self.backup_dir().join(name))
    }

    /// Restore the data file from `path`: the file is checked first (damaged, foreign or
    /// newer files are refused with nothing changed), the current data is snapshotted (so the
    /// restore can itself be undone), then replaced; an older file is brought up to date.
    pub fn restore_backup(&self, path: &Path) -> AppResult<BackupInfo> {
        let before = self.restore_backup_unrecorded(path)?;
        // Remembered in the restored data: "undo" restores the backup taken just before.
        self.record_action(
            crate::domain::audit::ActionKind::Restore,
            &file_name(path),
            &before.file_name,
        )?;
        Ok(before)
    }

    /// A restore that is not itself remembered as an undoable action (undoing a restore).
    pub(crate) fn restore_backup_unrecorded(&self, path: &Path) -> AppResult<BackupInfo> {
        b::check_file(path)?;
        let before = self.backup_now(Reason::Restore)?;
        let src = path.to_path_buf();
        self.with_store(|s| s.restore_from(&src))?;
        // The restored pages may be of an older schema: open the file again, which upgrades it.
        self.reopen()?;
        Ok(before)
    }
}
