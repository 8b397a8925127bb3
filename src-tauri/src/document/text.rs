//! Dates, amounts and percentages as a reader of a document expects them (PRODUCT.md's
//! conventions): 2026年5月1日 / 1 May 2026, ¥1,234.56, −15.39 % with the true minus sign.

use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};

/// 2026年4月28日 – 5月5日 / 28 April – 5 May 2026 (the year once when both share it).
pub fn date_range(lang: Lang, a: NaiveDate, b: NaiveDate) -> String {
    match lang {
        Lang::ZhCn => {
            let first = format!("{}年{}月{}日", a.year(), a.month(), a.day());
            let last = if a.year() == b.year() {
                format!("{}月{}日", b.month(), b.day())
            } else {
                format!("{}年{}月{}日", b.year(), b.month(), b.day())
            };
            format!("{first} – {last}")
        }
        Lang::En => {
            let day = |d: NaiveDate| format!("{} {}", d.day(), d.format("%B"));
            if a.year() == b.year() {
                format!("{} – {} {}", day(a), day(b), b.year())
            } else {
                format!("{} {} – {} {}", day(a), a.year(), day(b), b.year())
            }
        }
    }
}

/// 2026年5月1日 / 1 May 2026.
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => format!("{} {} {}", d.day(), d.format("%B"), d.year()),
    }
}

/// A signed percentage with two decimals and the true minus sign: −15.39 %, +3.20 %.
pub fn signed_pct(p: f64) -> String {
    if p < 0.0 {
        format!("\u{2212}{:.2} %", p.abs())
    } else if p > 0.0 {
        format!("+{p:.2} %")
    } else {
        "0.00 %".into()
    }
}

/// A signed amount: +¥250.00 / −¥149.00.
pub fn signed_yuan(fen: i64) -> String {
    let abs = crate::domain::value::format_yuan(fen.abs());
    match fen.signum() {
        1 => format!("+{abs}"),
        -1 => format!("\u{2212}{abs}"),
        _ => abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_money_and_percentages_as_the_user_reads_them() {
        assert_eq!(
            date_range(Lang::ZhCn, d("2026-05-01"), d("2026-05-05")),
            "2026年5月1日 – 5月5日"
        );
        assert_eq!(
            date_range(Lang::En, d("2026-05-01"), d("2026-05-05")),
            "1 May – 5 May 2026"
        );
        assert_eq!(
            date_range(Lang::En, d("2026-12-30"), d("2027-01-02")),
            "30 December 2026 – 2 January 2027"
        );
        assert_eq!(long_date(Lang::ZhCn, d("2026-12-01")), "2026年12月1日");
        assert_eq!(signed_pct(-15.391), "\u{2212}15.39 %");
        assert_eq!(signed_pct(3.2), "+3.20 %");
        assert_eq!(signed_yuan(-14_900), "\u{2212}¥149.00");
        assert_eq!(signed_yuan(25_000), "+¥250.00");
    }
}
