//! The one error type of MarketDesk. It crosses IPC as `{code, message, field?}` with the
//! message in the user's language; raw SQLite or I/O text is logged, never shown.

use crate::i18n::Lang;
use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input from the user; `field` names the form field (or file column) at fault.
    #[error("invalid {field}: {en}")]
    Invalid {
        field: String,
        zh: String,
        en: String,
    },
    #[error("not found: {en}")]
    NotFound { zh: String, en: String },
    /// The change clashes with stored data (a duplicate name, a record still in use).
    #[error("conflict: {en}")]
    Conflict {
        field: Option<String>,
        zh: String,
        en: String,
    },
    #[error("data file {path} has schema version {db}, newer than this app's {app}")]
    SchemaTooNew { path: PathBuf, db: i64, app: i64 },
    #[error("data file not found: {0}")]
    DbMissing(PathBuf),
    #[error("not a MarketDesk data file: {0}")]
    NotADatabase(PathBuf),
    #[error("no data file is open")]
    NotOpen,
    #[error("storage: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cancelled by the user")]
    Cancelled,
    #[error("internal: {0}")]
    Internal(String),
}

/// What the UI receives for any failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorDto {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl AppError {
    pub fn invalid(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn not_found(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::NotFound {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn conflict(field: Option<&str>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict {
            field: field.map(str::to_string),
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        AppError::Io {
            path: path.into(),
            source,
        }
    }

    /// Stable codes: only those the UI or CLI treats differently.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { .. } => "invalid",
            AppError::NotFound { .. } => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::SchemaTooNew { .. } => "schema_too_new",
            AppError::DbMissing(_) => "db_missing",
            AppError::NotADatabase(_) => "not_a_database",
            AppError::NotOpen => "not_open",
            AppError::Storage(_) | AppError::Migration(_) => match self.fault() {
                Some(Fault::Locked) => "locked",
                Some(Fault::ReadOnly) => "read_only",
                Some(Fault::DiskFull) => "disk_full",
                None => "storage",
            },
            AppError::Io { .. } => "io",
            AppError::Cancelled => "cancelled",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Invalid { field, .. } => Some(field),
            AppError::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// A sentence for the user: what went wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Invalid { zh, en, .. }
            | AppError::NotFound { zh, en }
            | AppError::Conflict { zh, en, .. } => lang.pick(zh, en).to_string(),
            AppError::SchemaTooNew { path, db, app } => match lang {
                Lang::ZhCn => format!(
                    "数据文件 {} 的结构版本是 {db}，比本程序支持的版本 {app} 新。请升级 MarketDesk 后再打开；文件未做任何改动。",
                    path.display()
                ),
                Lang::En => format!(
                    "The data file {} has schema version {db}, newer than version {app} that this MarketDesk supports. Update MarketDesk to open it; the file was not changed.",
                    path.display()
                ),
            },
            AppError::DbMissing(path) => match lang {
                Lang::ZhCn => format!(
                    "找不到数据文件 {}。请检查路径，或用 init 新建一个数据文件。",
                    path.display()
                ),
                Lang::En => format!(
                    "The data file {} does not exist. Check the path, or create one with init.",
                    path.display()
                ),
            },
            AppError::NotADatabase(path) => match lang {
                Lang::ZhCn => format!(
                    "{} 不是 MarketDesk 数据文件（也可能已损坏），未做任何改动。",
                    path.display()
                ),
                Lang::En => format!(
                    "{} is not a MarketDesk data file (or it is damaged); nothing was changed.",
                    path.display()
                ),
            },
            AppError::NotOpen => lang
                .pick(
                    "还没有打开数据文件。请先在欢迎页选择“从空白开始”。",
                    "No data file is open yet. Choose “Start empty” on the welcome page first.",
                )
                .to_string(),
            AppError::Storage(_) | AppError::Migration(_) if self.fault().is_some() => {
                let (zh, en) = match self.fault() {
                    Some(Fault::Locked) => (
                        "数据文件被另一个程序锁定（可能是另一个 MarketDesk 窗口、命令行或同步软件正在写它），等了 5 秒仍未释放，这次操作没有保存。请关闭占用它的程序后重试。",
                        "The data file is locked by another program (another MarketDesk window, a command or a sync tool writing it) and was not released within 5 seconds; nothing was saved. Close that program and try again.",
                    ),
                    Some(Fault::ReadOnly) => (
                        "数据文件或它所在的文件夹是只读的，这次操作没有保存。请把数据文件放到可写的文件夹，或检查文件权限。",
                        "The data file or its folder is read-only; nothing was saved. Move the data file to a folder you can write to, or check its permissions.",
                    ),
                    _ => (
                        "磁盘空间已满，这次操作没有保存，原有数据完好。请腾出空间后重试。",
                        "The disk is full; nothing was saved and the data already there is intact. Free some space and try again.",
                    ),
                };
                lang.pick(zh, en).to_string()
            }
            AppError::Storage(_) | AppError::Migration(_) => lang
                .pick(
                    "读写数据文件时出错，这次操作没有保存。请重试；如反复出现，请备份数据文件后联系技术支持。",
                    "Reading or writing the data file failed and nothing was saved. Try again; if it keeps happening, back up the data file and contact support.",
                )
                .to_string(),
            AppError::Io { path, source } => match lang {
                Lang::ZhCn => format!("无法读写文件 {}：{}", path.display(), io_reason_zh(source)),
                Lang::En => format!("Cannot read or write {}: {}", path.display(), io_reason_en(source)),
            },
            AppError::Cancelled => lang
                .pick("已取消，没有写入任何数据。", "Cancelled; nothing was written.")
                .to_string(),
            AppError::Internal(_) => lang
                .pick(
                    "程序内部出错，这次操作没有完成。请重试。",
                    "Something went wrong inside MarketDesk and the action did not finish. Please try again.",
                )
                .to_string(),
        }
    }

    pub fn to_dto(&self, lang: Lang) -> ErrorDto {
        ErrorDto {
            code: self.code().to_string(),
            message: self.message(lang),
            field: self.field().map(str::to_string),
        }
    }
}

/// Storage failures the user can do something about, told apart from the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Locked,
    ReadOnly,
    DiskFull,
}

impl AppError {
    /// A storage failure the user can act on (a lock, a read-only file, a full disk), also
    /// when it stopped a schema migration.
    fn fault(&self) -> Option<Fault> {
        match self {
            AppError::Storage(e) => storage_fault(e),
            AppError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                storage_fault(err)
            }
            _ => None,
        }
    }
}

fn storage_fault(e: &rusqlite::Error) -> Option<Fault> {
    match e.sqlite_error_code()? {
        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
            Some(Fault::Locked)
        }
        rusqlite::ErrorCode::ReadOnly => Some(Fault::ReadOnly),
        rusqlite::ErrorCode::DiskFull => Some(Fault::DiskFull),
        _ => None,
    }
}

fn io_reason_zh(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有权限",
        std::io::ErrorKind::AlreadyExists => "文件已存在",
        _ => "读写失败",
    }
}

fn io_reason_en(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        std::io::ErrorKind::AlreadyExists => "the file already exists",
        _ => "read/write failed",
    }
}

impl AppError {
    /// Storage, migration, internal and I/O failures carry detail for the log, never for the
    /// user: write it to stderr (the IPC layer calls this before answering).
    pub fn log_detail(&self) {
        if matches!(
            self,
            AppError::Storage(_)
                | AppError::Migration(_)
                | AppError::Internal(_)
                | AppError::Io { .. }
        ) {
            eprintln!("marketdesk: {self}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_error_json_is_pinned() {
        let e = AppError::invalid("name", "名称不能为空。", "The name cannot be empty.");
        let zh = serde_json::to_string(&e.to_dto(Lang::ZhCn)).unwrap();
        assert_eq!(
            zh,
            r#"{"code":"invalid","message":"名称不能为空。","field":"name"}"#
        );
        let en = serde_json::to_string(&e.to_dto(Lang::En)).unwrap();
        assert_eq!(
            en,
            r#"{"code":"invalid","message":"The name cannot be empty.","field":"name"}"#
        );
    }

    #[test]
    fn storage_error_hides_sqlite_text_and_has_no_field() {
        let e = AppError::Storage(rusqlite::Error::InvalidQuery);
        let json = serde_json::to_value(e.to_dto(Lang::En)).unwrap();
        assert_eq!(json["code"], "storage");
        assert!(json.get("field").is_none());
        let msg = json["message"].as_str().unwrap();
        assert!(!msg.contains("Query"), "{msg}");
        assert!(msg.contains("nothing was saved"));
    }

    #[test]
    fn schema_too_new_names_both_versions() {
        let e = AppError::SchemaTooNew {
            path: PathBuf::from("x.db"),
            db: 9,
            app: 1,
        };
        let m = e.message(Lang::ZhCn);
        assert!(
            m.contains('9') && m.contains('1') && m.contains("x.db"),
            "{m}"
        );
        assert_eq!(e.code(), "schema_too_new");
    }
}
