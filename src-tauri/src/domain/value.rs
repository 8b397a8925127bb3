//! The values people type — into spreadsheets, forms and the command line — read one way
//! everywhere: money in fen, counts, dates, in the many forms they arrive in. Pure functions;
//! they never panic (property-tested). The `*_input` helpers word a form field's error.

use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDate, NaiveTime};

/// Turn full-width digits and punctuation (１２３，．) into ASCII.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap_or(c),
            '\u{FF0E}' | '。' => '.',
            '\u{FF0C}' => ',',
            '\u{FF0D}' | '—' => '-',
            '\u{FF0F}' => '/',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parse a price as the user typed it ("￥3,399", "3399元", "1,999.50", "１９９９") into fen.
/// None when it is not a plain positive-or-zero amount with at most two decimals.
pub fn parse_price_text(raw: &str) -> Option<i64> {
    let s = to_half_width(raw);
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '¥' | '￥' | '元' | ',' | ' ' | '\t'))
        .collect();
    let s = s
        .strip_prefix("RMB")
        .or_else(|| s.strip_prefix("CNY"))
        .unwrap_or(&s);
    // 1.2万 / ￥1.2万元: ten-thousands, exact to the fen (up to six decimals).
    if let Some(wan) = s.strip_suffix('万') {
        return parse_wan(wan);
    }
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yuan: i64 = int.parse().ok()?;
    let mut fen_part: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    if frac.len() == 1 {
        fen_part *= 10;
    }
    yuan.checked_mul(100)?.checked_add(fen_part)
}

/// "1.2" of "1.2万" as fen: 1.2 × 10,000 yuan; more than six decimals would be below a fen.
fn parse_wan(s: &str) -> Option<i64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || int.len() > 9 || frac.len() > 6 {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_fen: i64 = format!("{frac:0<6}").parse().ok()?;
    int.parse::<i64>()
        .ok()?
        .checked_mul(1_000_000)?
        .checked_add(frac_fen)
}

/// An amount that must be there, in fen: refused with a sentence that says what is wrong —
/// negative, zero (unless `zero_ok`), too large, or unreadable.
pub fn amount_input(raw: &str, field: &str, zh: &str, en: &str, zero_ok: bool) -> AppResult<i64> {
    let t = raw.trim();
    let bad = |z: String, e: String| Err(AppError::invalid(field, z, e));
    if t.is_empty() {
        return bad(format!("请填写{zh}。"), format!("Enter the {en}."));
    }
    if t.starts_with(['-', '−', '－']) {
        return bad(
            format!("{zh}不能为负数：{t}。"),
            format!("The {en} cannot be negative: {t}."),
        );
    }
    match parse_price_text(t) {
        Some(v) if v > MAX_AMOUNT_FEN => bad(
            format!("{zh}“{t}”过大：单笔金额不能超过 ¥1,000,000,000,000.00。"),
            format!("The {en} “{t}” is too large: one amount cannot exceed ¥1,000,000,000,000.00."),
        ),
        Some(0) if !zero_ok => bad(
            format!("{zh}必须大于 0。"),
            format!("The {en} must be above 0."),
        ),
        Some(v) => Ok(v),
        None if t.chars().filter(char::is_ascii_digit).count() > 15 => bad(
            format!("{zh}“{t}”过大：单笔金额不能超过 ¥1,000,000,000,000.00。"),
            format!("The {en} “{t}” is too large: one amount cannot exceed ¥1,000,000,000,000.00."),
        ),
        None => bad(
            format!("{zh}“{t}”无法识别：请写成 12,000.00、￥1.2万 或 1.2万元 这样的金额，最多两位小数。"),
            format!("The {en} “{t}” cannot be read: write it like 12,000.00, ￥1.2万 or 1.2万元, at most two decimals."),
        ),
    }
}

/// The largest single amount a form or sheet may carry: ¥1 trillion, in fen. Sums of many
/// such amounts still go through checked arithmetic.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000_000_000;

/// A numeric cell as fen; rejects NaN, infinities, negatives and more than two decimals.
pub fn price_from_number(x: f64) -> Option<i64> {
    if !x.is_finite() || !(0.0..=1e13).contains(&x) {
        return None;
    }
    let fen = (x * 100.0).round();
    if (fen - x * 100.0).abs() > 1e-4 {
        return None;
    }
    Some(fen as i64)
}

/// Excel's serial day number (1900 date system, with its phantom 29 Feb 1900).
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 60 { days + 1 } else { days };
    base.checked_add_signed(Duration::days(days))
}

/// Dates as typed: 2026-05-01, 2026/5/1, 2026.5.1, 2026年5月1日, 20260501, with a time part
/// ignored. None for anything impossible (2026-04-31) or ambiguous.
pub fn parse_date_text(raw: &str) -> Option<NaiveDate> {
    let s = to_half_width(raw.trim());
    let s = s.split([' ', 'T']).next().unwrap_or("");
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y = s[0..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..8].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d));
    }
    let s = s.trim_end_matches('日').trim_end_matches('号');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if parts[0].len() != 4 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d))
}

/// A date typed into a form field, or an error on that field saying how to write it.
pub fn date_input(raw: &str, field: &str) -> AppResult<NaiveDate> {
    parse_date_text(raw).ok_or_else(|| {
        let s = raw.trim();
        AppError::invalid(
            field,
            format!("日期“{s}”无法识别，请按 2026-05-01 的格式填写。"),
            format!("The date “{s}” cannot be read; use the form 2026-05-01."),
        )
    })
}

fn plausible(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&d.year())
}

/// A count as typed: "120", "120台", "1,200", "１２０人". None for anything else (negative,
/// fractional, or beyond 10^12).
pub fn parse_count_text(raw: &str) -> Option<i64> {
    let half = to_half_width(raw.trim());
    let digits: String = half
        .trim_end_matches(['台', '辆', '件', '个', '张', '套', '份', '人'])
        .trim()
        .chars()
        .filter(|c| *c != ',')
        .collect();
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| (0..1_000_000_000_000).contains(n))
}

/// A name that must not be empty, trimmed.
pub fn required(field: &str, value: &str, zh: &str, en: &str) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(
            field,
            format!("请填写{zh}。"),
            format!("Enter the {en}."),
        ));
    }
    if v.chars().count() > 200 {
        return Err(AppError::invalid(
            field,
            format!("{zh}太长（最多 200 个字）。"),
            format!("The {en} is too long (200 characters at most)."),
        ));
    }
    Ok(v.to_string())
}

/// A time of day as typed or stored: "9:00", "09:30", "9点", "9点半", "14时30分", "0930".
pub fn parse_time_text(raw: &str) -> Option<NaiveTime> {
    let t = to_half_width(raw.trim()).replace('：', ":");
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let (h, m) = if let Some((h, rest)) = t.split_once(['点', '时']) {
        let rest = rest.trim().trim_end_matches('分').trim();
        let m = match rest {
            "" | "整" => 0,
            "半" => 30,
            r => r.parse().ok()?,
        };
        (h.trim().parse().ok()?, m)
    } else if let Some((h, rest)) = t.split_once(':') {
        // 09:00:00 as well as 09:00
        let m = rest.split(':').next()?;
        (h.parse().ok()?, m.parse().ok()?)
    } else if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        (t[..2].parse().ok()?, t[2..].parse().ok()?)
    } else {
        (t.parse().ok()?, 0)
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A time of day stored by Excel as a fraction of a day (0.375 is 09:00), to the minute.
pub fn time_from_fraction(x: f64) -> Option<NaiveTime> {
    let frac = x.fract();
    if !(0.0..1.0).contains(&frac) || !x.is_finite() {
        return None;
    }
    let minutes = (frac * 1440.0).round() as u32;
    NaiveTime::from_hms_opt(minutes / 60 % 24, minutes % 60, 0)
}

/// A time typed into a form field, or an error on that field saying how to write it.
pub fn time_input(raw: &str, field: &str) -> AppResult<NaiveTime> {
    parse_time_text(raw).ok_or_else(|| {
        let s = raw.trim();
        AppError::invalid(
            field,
            format!("时间“{s}”无法识别，请按 09:30 的格式填写。"),
            format!("The time “{s}” cannot be read; use the form 09:30."),
        )
    })
}

/// An optional count in a form field (empty is None).
pub fn count_input(raw: &str, field: &str) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_count_text(raw).map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            format!("“{}”不是有效的数量，请填写整数，例如 12000。", raw.trim()),
            format!(
                "“{}” is not a valid number; enter a whole number such as 12000.",
                raw.trim()
            ),
        )
    })
}

/// An optional amount in a form field (empty is None), in fen.
pub fn money_input(raw: &str, field: &str) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_price_text(raw).map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            format!(
                "金额“{}”无法识别，请填写数字，例如 3,600,000 或 3299.00。",
                raw.trim()
            ),
            format!(
                "The amount “{}” cannot be read; enter a number such as 3,600,000 or 3299.00.",
                raw.trim()
            ),
        )
    })
}

/// An amount above zero that must be there, named `zh`/`en` in the error.
pub fn positive_money_input(raw: &str, field: &str, zh: &str, en: &str) -> AppResult<i64> {
    money_input(raw, field)?.filter(|v| *v > 0).ok_or_else(|| {
        AppError::invalid(
            field,
            format!("请填写大于 0 的{zh}，例如 3299。"),
            format!("Enter a {en} above 0, e.g. 3299."),
        )
    })
}

/// An optional amount that may be negative (a price gap: −200, +150).
pub fn signed_money_input(raw: &str, field: &str) -> AppResult<Option<i64>> {
    let t = raw.trim();
    if let Some(rest) = t.strip_prefix(['-', '−']) {
        return Ok(money_input(rest, field)?.map(|v| -v));
    }
    money_input(t.trim_start_matches('+'), field)
}

/// Format fen as ¥1,234.56.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    let cents = abs % 100;
    let digits = yuan.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}¥{grouped}.{cents:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_one_way_in_sheets_forms_and_the_cli() {
        assert_eq!(parse_count_text("1,200台"), Some(1200));
        assert_eq!(parse_count_text(" １２０人 "), Some(120));
        assert_eq!(parse_count_text("12000"), Some(12000));
        assert_eq!(parse_count_text("-3"), None);
        assert_eq!(parse_count_text("1.5"), None);
        assert_eq!(parse_count_text("1000000000000"), None);
        assert_eq!(count_input("", "units").unwrap(), None);
        assert_eq!(count_input("300辆", "units").unwrap(), Some(300));
        let e = count_input("三百", "units").unwrap_err();
        assert_eq!(e.field(), Some("units"));
        assert_eq!(signed_money_input("−200", "gap").unwrap(), Some(-20_000));
        assert_eq!(signed_money_input("+150", "gap").unwrap(), Some(15_000));
        assert!(positive_money_input("0", "regular", "零售价", "regular price").is_err());
    }
    use proptest::prelude::*;

    #[test]
    fn prices_in_every_accepted_form() {
        assert_eq!(parse_price_text("3399"), Some(339_900));
        assert_eq!(parse_price_text("￥3,399"), Some(339_900));
        assert_eq!(parse_price_text("¥3,399.5"), Some(339_950));
        assert_eq!(parse_price_text("3399元"), Some(339_900));
        assert_eq!(parse_price_text("１９９９"), Some(199_900));
        assert_eq!(parse_price_text("1，999．00"), Some(199_900));
        assert_eq!(parse_price_text(" 2599 "), Some(259_900));
        assert_eq!(parse_price_text("一千九"), None);
        assert_eq!(parse_price_text("￥1.2万"), Some(1_200_000));
        assert_eq!(parse_price_text("1.2万元"), Some(1_200_000));
        assert_eq!(parse_price_text("1.234567万"), Some(1_234_567));
        assert_eq!(parse_price_text("3万"), Some(3_000_000));
        assert_eq!(parse_price_text("1.2345678万"), None);
        assert_eq!(parse_price_text("万"), None);
        assert_eq!(parse_price_text("12,000.00"), Some(1_200_000));
        let e = |r: &str| {
            amount_input(r, "amount", "金额", "amount", false)
                .unwrap_err()
                .to_string()
        };
        assert!(e("-5").contains("negative"));
        assert!(e("0").contains("above 0"));
        assert!(e("99999999999999999").contains("too large"));
        assert!(e("2,000,000,000,000").contains("too large"));
        assert!(e("12.345").contains("cannot be read"));
        assert_eq!(amount_input("0", "a", "金额", "amount", true).unwrap(), 0);
        assert_eq!(parse_price_text("19.999"), None);
        assert_eq!(parse_price_text("-5"), None);
        assert_eq!(parse_price_text(""), None);
        assert_eq!(parse_price_text("元"), None);
        assert_eq!(price_from_number(1999.0), Some(199_900));
        assert_eq!(price_from_number(1999.99), Some(199_999));
        assert_eq!(price_from_number(1999.991), None);
        assert_eq!(price_from_number(f64::NAN), None);
    }

    #[test]
    fn dates_in_every_accepted_form() {
        let may1 = NaiveDate::from_ymd_opt(2026, 5, 1);
        for s in [
            "2026-05-01",
            "2026/5/1",
            "2026.5.1",
            "2026年5月1日",
            "20260501",
            "2026-05-01 00:00:00",
            "２０２６/5/1",
        ] {
            assert_eq!(parse_date_text(s), may1, "{s}");
        }
        assert_eq!(parse_date_text("2026-04-31"), None);
        assert_eq!(parse_date_text("2026-02-29"), None);
        assert_eq!(parse_date_text("5/1/2026"), None);
        assert_eq!(parse_date_text("昨天"), None);
        assert_eq!(date_from_serial(46143.0), may1);
        assert_eq!(date_from_serial(0.0), None);
    }

    #[test]
    fn yuan_formatting() {
        assert_eq!(format_yuan(123_456), "¥1,234.56");
        assert_eq!(format_yuan(5), "¥0.05");
        assert_eq!(format_yuan(-100_000_000), "-¥1,000,000.00");
    }

    proptest! {
        #[test]
        fn price_text_never_panics(s in "\\PC*") {
            let _ = parse_price_text(&s);
        }

        #[test]
        fn date_text_never_panics(s in "\\PC*") {
            let _ = parse_date_text(&s);
        }

        #[test]
        fn price_round_trips(fen in 0i64..10_000_000_000) {
            let text = format_yuan(fen);
            prop_assert_eq!(parse_price_text(&text), Some(fen));
            prop_assert_eq!(parse_price_text(&format!("{}.{:02}", fen / 100, fen % 100)), Some(fen));
        }

        #[test]
        fn date_round_trips(days in 0i64..36_000) {
            let d = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Duration::days(days);
            prop_assert_eq!(parse_date_text(&d.format("%Y-%m-%d").to_string()), Some(d));
            prop_assert_eq!(parse_date_text(&d.format("%Y/%-m/%-d").to_string()), Some(d));
            prop_assert_eq!(parse_date_text(&d.format("%Y年%-m月%-d日").to_string()), Some(d));
        }
    }
}
