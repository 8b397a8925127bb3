//! History 历史 and undo 撤销, shared by every area: the log the triggers keep is shown on a
//! record, and the last destructive action (a delete, a status change, an import, a restore)
//! can be taken back from its toast or the side bar's menu.

use super::AppCore;
use crate::domain::audit::{self as rules, ActionKind};
use crate::error::{AppError, AppResult};
use crate::store::audit as log;
use serde::Serialize;
use ts_rs::TS;

/// The action "undo" would take back.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ActionView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ActionKind,
    pub label: String,
    pub at: String,
}

/// One field a change touched.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// One change of a record, as its history shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    /// 2026-12-08T09:30:00
    pub at: String,
    /// insert, update or delete
    pub op: String,
    pub op_label: String,
    pub changes: Vec<FieldChange>,
}

impl AppCore {
    /// Run a destructive action with its writes attached to one undoable action, labelled
    /// after the record it touched ("删除活动“江森五一焕新季”").
    pub(crate) fn destructive<T>(
        &self,
        kind: ActionKind,
        f: impl FnOnce(&AppCore) -> AppResult<T>,
    ) -> AppResult<T> {
        let id = self.with_store(|s| log::open_action(s, kind))?;
        let out = f(self);
        let lang = self.lang();
        self.with_store(|s| {
            let rows = log::rows_of(s, id)?;
            let main = rows
                .iter()
                .find(|r| !rules::is_link_table(&r.table))
                .or(rows.first());
            let label = main
                .and_then(|r| r.old.as_ref().or(r.new.as_ref()).map(|v| (r, v)))
                .map(|(r, v)| rules::action_label(kind, &r.table, v, lang))
                .unwrap_or_default();
            log::close_action(s, id, &label, None)
        })?;
        out
    }

    /// Remember an import (its batch is its undo) or a restore (its before-restore backup).
    pub(crate) fn record_action(
        &self,
        kind: ActionKind,
        name: &str,
        target: &str,
    ) -> AppResult<()> {
        let label =
            rules::action_label(kind, "", &Default::default(), self.lang()) + &format!("“{name}”");
        self.with_store(|s| log::record_action(s, kind, &label, target))
    }

    /// What "undo" would take back now: the newest action not undone, passing over a delete
    /// or a status change whose records were changed since (its undo would be refused, so it
    /// is not offered again).
    pub fn last_action(&self) -> AppResult<Option<ActionView>> {
        let found = self.with_store(|s| {
            for a in log::recent_actions(s, 50)? {
                let blocked = matches!(a.kind, ActionKind::Delete | ActionKind::Status)
                    && log::changed_since(s, a.id)?.is_some();
                if !blocked {
                    return Ok(Some(a));
                }
            }
            Ok(None)
        })?;
        Ok(found.map(|a| ActionView {
            id: a.id,
            kind: a.kind,
            label: a.label,
            at: a.at,
        }))
    }

    /// Take back the action `id` (the one the toast or the menu showed): a delete or a status
    /// change from the log (refused when its records changed since), an import by its batch's
    /// undo, a restore by restoring the backup taken just before it. Refused when it was undone
    /// already or a newer action would have to be undone first. Says what was undone.
    pub fn undo_last(&self, id: i64) -> AppResult<String> {
        let Some(a) = self.with_store(|s| log::action(s, id))? else {
            return Err(AppError::not_found(
                "这一步已经撤销过了，没有可以撤销的内容。",
                "That step has been undone already; there is nothing to undo.",
            ));
        };
        if let Some(newer) = self.last_action()?.filter(|n| n.id > a.id) {
            return Err(AppError::Conflict {
                field: None,
                zh: format!("之后还有一步操作（{}），请先撤销它。", newer.label),
                en: format!("A later step ({}) has to be undone first.", newer.label),
            });
        }
        let target = a.target.clone().unwrap_or_default();
        match a.kind {
            ActionKind::Delete | ActionKind::Status => {
                self.with_store(|s| log::undo_rows(s, a.id))?;
            }
            ActionKind::Import => {
                let batch: i64 = target.parse().map_err(|_| {
                    AppError::Internal(format!("import action without a batch: {target}"))
                })?;
                // Undone already from the import history: only the action is closed.
                let open = self
                    .list_batches()?
                    .iter()
                    .any(|b| b.id == batch && b.undone_at.is_none());
                if open {
                    self.undo_batch(batch)?;
                }
                self.with_store(|s| log::mark_undone(s, a.id))?;
            }
            ActionKind::Restore => {
                let path = self.backup_path(&target)?;
                self.restore_backup_unrecorded(&path)?;
                // The data is the one before the restore: its log never saw the restore.
            }
        }
        Ok(match self.lang() {
            crate::i18n::Lang::ZhCn => format!("已撤销：{}", a.label),
            crate::i18n::Lang::En => format!("Undone: {}", a.label),
        })
    }

    /// A record's history, oldest first: created, each change with the fields it touched
    /// (old → new), deleted.
    pub fn record_history(&self, table: &str, id: i64) -> AppResult<Vec<HistoryEntry>> {
        let lang = self.lang();
        let rows = self.with_store(|s| log::history(s, table, id))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let empty = serde_json::Map::new();
                let changes = match r.op.as_str() {
                    "update" => rules::changed_fields(
                        r.old.as_ref().unwrap_or(&empty),
                        r.new.as_ref().unwrap_or(&empty),
                    ),
                    _ => Vec::new(),
                };
                HistoryEntry {
                    op_label: match (r.op.as_str(), lang) {
                        ("insert", crate::i18n::Lang::ZhCn) => "新建".to_string(),
                        ("insert", crate::i18n::Lang::En) => "Created".to_string(),
                        ("update", crate::i18n::Lang::ZhCn) => "修改".to_string(),
                        ("update", crate::i18n::Lang::En) => "Changed".to_string(),
                        (_, crate::i18n::Lang::ZhCn) => "删除".to_string(),
                        (_, crate::i18n::Lang::En) => "Deleted".to_string(),
                    },
                    at: r.at,
                    op: r.op,
                    changes: changes
                        .into_iter()
                        .map(|(field, old, new)| FieldChange {
                            old: shown(table, &field, &old, lang),
                            new: shown(table, &field, &new, lang),
                            field: rules::field_label(&field, lang),
                        })
                        .collect(),
                }
            })
            .collect())
    }
}

/// A logged value in the user's words: money in yuan, a status by its label.
fn shown(table: &str, field: &str, v: &serde_json::Value, lang: crate::i18n::Lang) -> String {
    if let (Some(fen), true) = (v.as_i64(), field.ends_with("_fen")) {
        return crate::domain::value::format_yuan(fen);
    }
    if let (Some(code), "status") = (v.as_str(), field) {
        let label = match table {
            "campaigns" => Some(crate::domain::campaigns::Status::from_code(code).label(lang)),
            "campaign_tasks" | "campaign_materials" => {
                Some(crate::domain::campaigns::WorkStatus::from_code(code).label(lang))
            }
            "expenses" => {
                crate::domain::budget::ExpenseStatus::from_code(code).map(|s| s.label(lang))
            }
            "training_sessions" => {
                crate::domain::training::SessionStatus::from_code(code).map(|s| s.label(lang))
            }
            _ => None,
        };
        if let Some(l) = label {
            return l.to_string();
        }
    }
    rules::show_value(v)
}
