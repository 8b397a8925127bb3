//! Backups 备份: what a snapshot is called (when, why) and which snapshots are kept — the
//! newest of each of the last 7 days that have one, and of each of the last 4 ISO weeks.
//! Plain Rust: no SQL, no files.

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Reason {
    /// Before a schema upgrade.
    Upgrade,
    /// Before a restore (so the restore itself can be undone).
    Restore,
    /// Before an import writes its batch.
    Import,
    /// A damaged data file, set aside as it was before a backup replaced it.
    Damaged,
    /// When the window closed.
    Exit,
    /// The first of the day while the window is open.
    Daily,
    /// "Back up now", or the CLI's `backup`.
    Manual,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::Upgrade,
        Reason::Restore,
        Reason::Import,
        Reason::Damaged,
        Reason::Exit,
        Reason::Daily,
        Reason::Manual,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Upgrade => "before-upgrade",
            Reason::Restore => "before-restore",
            Reason::Import => "before-import",
            Reason::Damaged => "damaged",
            Reason::Exit => "exit",
            Reason::Daily => "daily",
            Reason::Manual => "manual",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Reason::Upgrade => lang.pick("升级前", "Before an upgrade"),
            Reason::Restore => lang.pick("恢复前", "Before a restore"),
            Reason::Import => lang.pick("导入前", "Before an import"),
            Reason::Damaged => lang.pick("损坏的原文件", "The damaged file, set aside"),
            Reason::Exit => lang.pick("关闭时", "On exit"),
            Reason::Daily => lang.pick("每日", "Daily"),
            Reason::Manual => lang.pick("手动", "By hand"),
        }
    }
}

/// `marketdesk-20261207-213000-daily.db`
pub fn file_name(at: NaiveDateTime, reason: Reason) -> String {
    format!(
        "marketdesk-{}-{}.db",
        at.format("%Y%m%d-%H%M%S"),
        reason.code()
    )
}

/// A snapshot's time and reason from its file name; None for any other file.
pub fn parse_name(name: &str) -> Option<(NaiveDateTime, Reason)> {
    let rest = name.strip_prefix("marketdesk-")?.strip_suffix(".db")?;
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    let code = rest.get(16..)?;
    let reason = Reason::ALL.into_iter().find(|r| r.code() == code)?;
    Some((at, reason))
}

/// How many snapshots of the most recent day are kept: a restore's own snapshot must outlive
/// the next one, and a day of many imports (one snapshot before each) must not fill the disk.
pub const LATEST_DAY_KEPT: usize = 5;

/// Which snapshots to keep (same order as given): the newest `LATEST_DAY_KEPT` of the most
/// recent day, the newest of each of the 7 most recent days that have one, and the newest of
/// each of the 4 most recent ISO weeks.
pub fn keep(times: &[NaiveDateTime]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|a, b| times[*b].cmp(&times[*a]));
    let mut kept = HashSet::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let mut latest_day = 0;
    for i in order {
        let t = times[i];
        let day = t.date();
        let week = (t.iso_week().year(), t.iso_week().week());
        if days.first().is_none_or(|d| *d == day) && latest_day < LATEST_DAY_KEPT {
            kept.insert(i);
            latest_day += 1;
        }
        if !days.contains(&day) && days.len() < 7 {
            days.push(day);
            kept.insert(i);
        }
        if !weeks.contains(&week) && weeks.len() < 4 {
            weeks.push(week);
            kept.insert(i);
        }
    }
    (0..times.len()).map(|i| kept.contains(&i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_read_back() {
        let t = at("2026-12-07 21:30");
        let name = file_name(t, Reason::Daily);
        assert_eq!(name, "marketdesk-20261207-213000-daily.db");
        assert_eq!(parse_name(&name), Some((t, Reason::Daily)));
        assert_eq!(
            parse_name("marketdesk-20261207-213000-before-restore.db"),
            Some((t, Reason::Restore))
        );
        assert_eq!(parse_name("notes.db"), None);
        assert_eq!(parse_name("marketdesk-20261307-213000-daily.db"), None);
    }

    #[test]
    fn seven_days_and_four_weeks_are_kept() {
        // Three a day for 40 days up to Monday 2026-12-07.
        let mut times = Vec::new();
        for d in 0..40 {
            for h in [9, 13, 18] {
                let day =
                    at("2026-12-07 00:00") - chrono::Duration::days(d) + chrono::Duration::hours(h);
                times.push(day);
            }
        }
        let keep = keep(&times);
        let kept: Vec<NaiveDateTime> = times
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| *t)
            .collect();
        // The newest of each of the last 7 days (12-01 … 12-07, all 18:00) and of the 4 weeks
        // ending then: week 50 (12-07), 49 (12-06 Sunday), 48 (11-29), 47 (11-22).
        let mut want: Vec<NaiveDateTime> = (0..7)
            .map(|d| at("2026-12-07 18:00") - chrono::Duration::days(d))
            .collect();
        // … and every snapshot of the latest day.
        want.push(at("2026-12-07 09:00"));
        want.push(at("2026-12-07 13:00"));
        want.push(at("2026-11-29 18:00"));
        want.push(at("2026-11-22 18:00"));
        want.sort();
        let mut got = kept.clone();
        got.sort();
        assert_eq!(got, want);
        assert!(
            keep[0] && keep[2] && !keep[3],
            "all of the latest day, then each day's newest"
        );
    }

    #[test]
    fn a_day_of_many_imports_keeps_its_newest_five() {
        let times: Vec<NaiveDateTime> = (0..12)
            .map(|m| at("2026-12-07 09:00") + chrono::Duration::minutes(m * 10))
            .chain([at("2026-12-06 18:00")])
            .collect();
        let keep = keep(&times);
        let kept: Vec<usize> = (0..times.len()).filter(|i| keep[*i]).collect();
        // The newest five of the day (10:10 … 10:50) and the day before's newest.
        assert_eq!(kept, vec![7, 8, 9, 10, 11, 12]);
    }
}
