//! Where a template's work falls in a campaign of any length: each item is anchored to the
//! campaign's start (T-60 … from the first day), to its end (E+1 … from the last day) or spans
//! it (from the first day to the last, e.g. daily price monitoring). The same placement keeps
//! each item's distance to the start or to the end when a campaign is copied to another year
//! whose holiday is longer or shorter.

use super::offset_day;
use crate::error::AppResult;
use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a template item's day offsets count from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Anchor {
    /// Offsets from the campaign's first day.
    Start,
    /// Offsets from the campaign's last day.
    End,
    /// From the first day (plus the start offset) to the last day (plus the due offset).
    Span,
}

impl Anchor {
    pub const ALL: [Anchor; 3] = [Anchor::Start, Anchor::End, Anchor::Span];

    pub fn code(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::End => "end",
            Anchor::Span => "span",
        }
    }

    pub fn from_code(s: &str) -> Anchor {
        Self::ALL
            .into_iter()
            .find(|a| a.code() == s)
            .unwrap_or(Anchor::Start)
    }
}

/// An item's anchor and its day offsets (first day, last or due day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub anchor: Anchor,
    pub start_offset: i64,
    pub due_offset: i64,
}

impl Placement {
    /// The item's first and last day in a campaign from `start` to `end`.
    pub fn place(&self, start: NaiveDate, end: NaiveDate) -> AppResult<(NaiveDate, NaiveDate)> {
        let (from, to) = match self.anchor {
            Anchor::Start => (start, start),
            Anchor::End => (end, end),
            Anchor::Span => (start, end),
        };
        let first = offset_day(from, self.start_offset)?;
        let last = offset_day(to, self.due_offset)?;
        Ok((first, last.max(first)))
    }

    /// How an item from `first` to `last` of a campaign from `start` to `end` is kept: spanning
    /// the campaign when it covers exactly its days (a campaign of more than one day), anchored
    /// to the end when it begins after the last day, else to the start.
    pub fn of(first: NaiveDate, last: NaiveDate, start: NaiveDate, end: NaiveDate) -> Placement {
        let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days();
        if first == start && last == end && end > start {
            Placement {
                anchor: Anchor::Span,
                start_offset: 0,
                due_offset: 0,
            }
        } else if first > end {
            Placement {
                anchor: Anchor::End,
                start_offset: days(end, first),
                due_offset: days(end, last),
            }
        } else {
            Placement {
                anchor: Anchor::Start,
                start_offset: days(start, first),
                due_offset: days(start, last),
            }
        }
    }

    /// The item's place in words: 开始前 60 天至开始前 45 天 / 结束后 1 天至结束后 3 天 /
    /// 活动期间 (60 days before the start to 45 days before the start / … / during the campaign).
    pub fn describe(&self, lang: Lang) -> String {
        let word = |anchor: Anchor, d: i64| -> String {
            let (zh, en) = match anchor {
                Anchor::End => ("结束", "the end"),
                _ => ("开始", "the start"),
            };
            match (lang, d) {
                (Lang::ZhCn, 0) => format!("{zh}当天"),
                (Lang::ZhCn, d) if d < 0 => format!("{zh}前 {} 天", -d),
                (Lang::ZhCn, d) => format!("{zh}后 {d} 天"),
                (Lang::En, 0) => format!("on {en} day"),
                (Lang::En, d) if d < 0 => format!("{} {} before {en}", -d, days_word(-d)),
                (Lang::En, d) => format!("{d} {} after {en}", days_word(d)),
            }
        };
        let joined = |a: String, b: String| match lang {
            Lang::ZhCn => format!("{a}至{b}"),
            Lang::En => format!("{a} to {b}"),
        };
        match self.anchor {
            Anchor::Span if self.start_offset == 0 && self.due_offset == 0 => {
                lang.pick("活动期间", "during the campaign").to_string()
            }
            Anchor::Span => joined(
                word(Anchor::Start, self.start_offset),
                word(Anchor::End, self.due_offset),
            ),
            a if self.start_offset == self.due_offset => word(a, self.due_offset),
            a => joined(word(a, self.start_offset), word(a, self.due_offset)),
        }
    }
}

fn days_word(n: i64) -> &'static str {
    if n == 1 {
        "day"
    } else {
        "days"
    }
}

/// An item's new days when its campaign moves from `old` (start, end) to `new`: the same
/// distance to the start, or to the end, or the same span, as `Placement::of` reads it.
pub fn reanchor(
    first: NaiveDate,
    last: NaiveDate,
    old: (NaiveDate, NaiveDate),
    new: (NaiveDate, NaiveDate),
) -> AppResult<(NaiveDate, NaiveDate)> {
    Placement::of(first, last, old.0, old.1).place(new.0, new.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const MONITOR: Placement = Placement {
        anchor: Anchor::Span,
        start_offset: 0,
        due_offset: 0,
    };
    const REVIEW: Placement = Placement {
        anchor: Anchor::End,
        start_offset: 1,
        due_offset: 3,
    };
    const PLAN: Placement = Placement {
        anchor: Anchor::Start,
        start_offset: -60,
        due_offset: -45,
    };

    #[test]
    fn monitoring_covers_the_campaign_and_the_review_follows_its_end_whatever_its_length() {
        // 五一, 5 days: as the launch-day offsets always gave.
        let (s, e) = (d("2026-05-01"), d("2026-05-05"));
        assert_eq!(MONITOR.place(s, e).unwrap(), (s, e));
        assert_eq!(
            REVIEW.place(s, e).unwrap(),
            (d("2026-05-06"), d("2026-05-08"))
        );
        // 618, 18 days: the review after the 18th, not on the 6th.
        let (s, e) = (d("2026-06-01"), d("2026-06-18"));
        assert_eq!(MONITOR.place(s, e).unwrap(), (s, e));
        assert_eq!(
            REVIEW.place(s, e).unwrap(),
            (d("2026-06-19"), d("2026-06-21"))
        );
        assert_eq!(
            PLAN.place(s, e).unwrap(),
            (d("2026-04-02"), d("2026-04-17"))
        );
        // One day.
        let day = d("2026-09-10");
        assert_eq!(MONITOR.place(day, day).unwrap(), (day, day));
        assert_eq!(
            REVIEW.place(day, day).unwrap(),
            (d("2026-09-11"), d("2026-09-13"))
        );
        // Across the year's end.
        let (s, e) = (d("2026-12-28"), d("2027-01-03"));
        assert_eq!(
            REVIEW.place(s, e).unwrap(),
            (d("2027-01-04"), d("2027-01-06"))
        );
        assert_eq!(
            PLAN.place(s, e).unwrap(),
            (d("2026-10-29"), d("2026-11-13"))
        );
    }

    #[test]
    fn an_item_is_read_back_by_where_it_lies_and_reanchored_to_a_longer_holiday() {
        let (s, e) = (d("2026-10-01"), d("2026-10-07"));
        assert_eq!(Placement::of(s, e, s, e), MONITOR);
        assert_eq!(
            Placement::of(d("2026-10-08"), d("2026-10-10"), s, e),
            REVIEW
        );
        assert_eq!(Placement::of(d("2026-08-02"), d("2026-08-17"), s, e), PLAN);
        // 国庆 2027 a day longer: the review still follows the end; the plan keeps T-60.
        let new = (d("2027-10-01"), d("2027-10-08"));
        assert_eq!(
            reanchor(d("2026-10-08"), d("2026-10-10"), (s, e), new).unwrap(),
            (d("2027-10-09"), d("2027-10-11"))
        );
        assert_eq!(reanchor(s, e, (s, e), new).unwrap(), new);
        assert_eq!(
            reanchor(d("2026-08-02"), d("2026-08-17"), (s, e), new).unwrap(),
            (d("2027-08-02"), d("2027-08-17"))
        );
    }

    #[test]
    fn placements_read_in_words() {
        assert_eq!(PLAN.describe(Lang::ZhCn), "开始前 60 天至开始前 45 天");
        assert_eq!(REVIEW.describe(Lang::ZhCn), "结束后 1 天至结束后 3 天");
        assert_eq!(MONITOR.describe(Lang::ZhCn), "活动期间");
        assert_eq!(
            PLAN.describe(Lang::En),
            "60 days before the start to 45 days before the start"
        );
        assert_eq!(
            REVIEW.describe(Lang::En),
            "1 day after the end to 3 days after the end"
        );
        assert_eq!(MONITOR.describe(Lang::En), "during the campaign");
        let on = Placement {
            anchor: Anchor::Start,
            start_offset: 0,
            due_offset: 0,
        };
        assert_eq!(on.describe(Lang::ZhCn), "开始当天");
    }
}
