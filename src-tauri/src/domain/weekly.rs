//! The week 周: ISO weeks starting Monday (2026-W18 is 27 April – 3 May 2026), the windows the
//! Monday dashboard and the weekly report 周报 look through, and the ranking of price moves by
//! size. Plain rules: no SQL.

use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An ISO week: the year it belongs to (which may differ from its Monday's year) and 1–53.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    pub fn of(day: NaiveDate) -> IsoWeek {
        let w = day.iso_week();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Reads 2026-W18, 2026W18, 2026-w18, 2026 W18 and 2026年第18周; refuses a week the year
    /// does not have (2026-W53) with a sentence.
    pub fn parse(raw: &str, field: &str) -> AppResult<IsoWeek> {
        let s = raw.trim();
        let bad = || {
            AppError::invalid(
                field,
                format!("周“{s}”无法识别，请按 2026-W18 的格式填写（ISO 周，周一开始）。"),
                format!("Week “{s}” is not understood: write it as 2026-W18 (ISO week, starting Monday)."),
            )
        };
        let digits: Vec<&str> = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .collect();
        let upper = s.to_uppercase();
        let looks_like_week = upper.contains('W') || s.contains('周');
        let [y, w] = digits.as_slice() else {
            return Err(bad());
        };
        if !looks_like_week || y.len() != 4 || w.len() > 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let week: u32 = w.parse().map_err(|_| bad())?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
            AppError::invalid(
                field,
                format!("{year} 年没有第 {week} 周。"),
                format!("{year} has no week {week}."),
            )
        })?;
        Ok(IsoWeek { year, week })
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    pub fn sunday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Sun).unwrap_or_default()
    }

    /// 2026-W18: the code the CLI takes and the table keeps.
    pub fn code(self) -> String {
        format!("{}-W{:02}", self.year, self.week)
    }

    /// 2026年第18周（4月27日–5月3日） / Week 18, 2026 (27 Apr – 3 May).
    pub fn label(self, lang: Lang) -> String {
        let (m, s) = (self.monday(), self.sunday());
        match lang {
            Lang::ZhCn => format!(
                "{}年第{}周（{}月{}日–{}月{}日）",
                self.year,
                self.week,
                m.month(),
                m.day(),
                s.month(),
                s.day()
            ),
            Lang::En => format!(
                "Week {}, {} ({} – {})",
                self.week,
                self.year,
                m.format("%-d %b"),
                s.format("%-d %b")
            ),
        }
    }
}

/// The days a view looks back over (the moves, the activities started, the violations) and
/// the week it plans in (work due, sessions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    /// The Monday dashboard: the 7 days ending today.
    pub fn last_seven_days(today: NaiveDate) -> Window {
        Window {
            from: today.checked_sub_days(Days::new(6)).unwrap_or(today),
            to: today,
        }
    }

    /// A weekly report: the week's Monday to Sunday.
    pub fn of_week(week: IsoWeek) -> Window {
        Window {
            from: week.monday(),
            to: week.sunday(),
        }
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whether [start, end] shares a day with the window.
    pub fn overlaps(self, start: NaiveDate, end: NaiveDate) -> bool {
        start <= self.to && end >= self.from
    }
}

/// The largest moves first: by |change| (basis points) descending, ties by the key given
/// (brand, product …) so the order is stable; `keep` of them.
pub fn largest_first<T, K: Ord>(
    mut moves: Vec<T>,
    bp: impl Fn(&T) -> i64,
    key: impl Fn(&T) -> K,
    keep: usize,
) -> Vec<T> {
    moves.sort_by(|a, b| {
        bp(b)
            .unsigned_abs()
            .cmp(&bp(a).unsigned_abs())
            .then_with(|| key(a).cmp(&key(b)))
    });
    moves.truncate(keep);
    moves
}

/// A decisions-needed list as the manager types it: one decision per line, bullets and
/// numbering (•, -, *, 1., 1、, （1）) taken off, blank lines dropped.
pub fn decision_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            let t = l.trim();
            let t = t.trim_start_matches(['•', '-', '*', '·']).trim_start();
            let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
            let rest = &t[digits..];
            let t = if digits > 0 && (rest.starts_with(['.', '、', ')', '）'])) {
                rest[rest.chars().next().map_or(0, char::len_utf8)..].trim_start()
            } else if let Some(r) = t.strip_prefix(['(', '（']) {
                let d = r.chars().take_while(|c| c.is_ascii_digit()).count();
                let after = &r[d..];
                if d > 0 && after.starts_with([')', '）']) {
                    after[after.chars().next().map_or(0, char::len_utf8)..].trim_start()
                } else {
                    t
                }
            } else {
                t
            };
            t.to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_wuyi_week_is_w18_monday_to_sunday() {
        let w = IsoWeek::of(d("2026-05-01"));
        assert_eq!(
            w,
            IsoWeek {
                year: 2026,
                week: 18
            }
        );
        assert_eq!(w.monday(), d("2026-04-27"));
        assert_eq!(w.sunday(), d("2026-05-03"));
        assert_eq!(w.code(), "2026-W18");
        assert_eq!(w.label(Lang::ZhCn), "2026年第18周（4月27日–5月3日）");
        assert_eq!(w.label(Lang::En), "Week 18, 2026 (27 Apr – 3 May)");
    }

    #[test]
    fn a_week_can_belong_to_the_next_or_previous_year() {
        assert_eq!(IsoWeek::of(d("2025-12-29")).code(), "2026-W01");
        assert_eq!(IsoWeek::of(d("2027-01-01")).code(), "2026-W53");
        assert_eq!(IsoWeek::of(d("2027-01-04")).code(), "2027-W01");
    }

    #[test]
    fn weeks_are_read_as_people_write_them() {
        for raw in [
            "2026-W18",
            "2026W18",
            "2026-w18",
            " 2026 W18 ",
            "2026年第18周",
        ] {
            assert_eq!(
                IsoWeek::parse(raw, "week").unwrap().code(),
                "2026-W18",
                "{raw}"
            );
        }
        assert_eq!(
            IsoWeek::parse("2026-W5", "week").unwrap().code(),
            "2026-W05"
        );
        // 2026 has 53 ISO weeks; 2027 has 52.
        assert!(IsoWeek::parse("2026-W53", "week").is_ok());
        let e = IsoWeek::parse("2027-W53", "week").unwrap_err();
        assert!(e.message(Lang::ZhCn).contains("2027 年没有第 53 周"));
        for bad in [
            "",
            "2026-05-01",
            "18",
            "2026-W",
            "W18",
            "2026-W180",
            "26-W18",
            "2026-W0",
        ] {
            let e = IsoWeek::parse(bad, "week").unwrap_err();
            assert_eq!(e.field(), Some("week"), "{bad}");
        }
    }

    #[test]
    fn the_dashboard_looks_back_seven_days_and_a_report_over_its_week() {
        let w = Window::last_seven_days(d("2026-05-04"));
        assert_eq!((w.from, w.to), (d("2026-04-28"), d("2026-05-04")));
        assert!(w.contains(d("2026-04-28")) && !w.contains(d("2026-04-27")));
        assert!(w.overlaps(d("2026-04-20"), d("2026-04-28")));
        assert!(!w.overlaps(d("2026-05-05"), d("2026-05-09")));
        let r = Window::of_week(IsoWeek::of(d("2026-05-01")));
        assert_eq!((r.from, r.to), (d("2026-04-27"), d("2026-05-03")));
    }

    #[test]
    fn largest_moves_come_first_whatever_their_sign() {
        let moves = vec![("a", -300), ("b", 1200), ("c", -1200), ("d", 50)];
        let ranked = largest_first(moves, |m| m.1, |m| m.0, 3);
        assert_eq!(ranked, vec![("b", 1200), ("c", -1200), ("a", -300)]);
    }

    #[test]
    fn decisions_are_one_per_line_without_their_bullets() {
        let text = "1. 是否跟进爱玛直降 300 元\n\n• 山东补训\n（2）物料超支追加 ¥16,000\n- 2026 年国庆预算\n3、批准\n10 台样车";
        assert_eq!(
            decision_lines(text),
            vec![
                "是否跟进爱玛直降 300 元",
                "山东补训",
                "物料超支追加 ¥16,000",
                "2026 年国庆预算",
                "批准",
                "10 台样车"
            ]
        );
    }
}
