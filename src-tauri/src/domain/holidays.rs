//! China's official holidays and make-up workdays (调休), plus the big shopping festivals
//! (618, 双11). 2024–2026 are bundled (assets/holidays, with source and licence); later years
//! are imported from JSON in the same shape. A year with no data is "unknown", never "no
//! holidays".

use crate::error::{AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub static BUNDLED_JSON: &str = include_str!("../../../assets/holidays/cn-2024-2026.json");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Holiday {
    pub year: i32,
    pub name_zh: String,
    pub name_en: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// "official" or "promotion"
    pub kind: String,
    pub makeup_workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct HolidayFile {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub licence: String,
    pub holidays: Vec<Holiday>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct YearStatus {
    pub year: i32,
    /// False: we have no calendar for this year — show "unknown".
    pub known: bool,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HolidayCalendar {
    pub years: Vec<YearStatus>,
    pub holidays: Vec<Holiday>,
}

pub fn bundled() -> AppResult<HolidayFile> {
    parse_file(BUNDLED_JSON)
}

/// Parse and check a holiday file (bundled or imported).
pub fn parse_file(json: &str) -> AppResult<HolidayFile> {
    let file: HolidayFile = serde_json::from_str(json).map_err(|e| {
        AppError::invalid(
            "file",
            format!("节假日文件格式不对：{e}"),
            format!("The holiday file is not in the expected format: {e}"),
        )
    })?;
    for h in &file.holidays {
        if h.end < h.start
            || h.name_zh.trim().is_empty()
            || !(h.kind == "official" || h.kind == "promotion")
        {
            return Err(AppError::invalid(
                "file",
                format!("节假日“{}”的日期或类型有误。", h.name_zh),
                format!("The holiday “{}” has wrong dates or kind.", h.name_en),
            ));
        }
        if h.start.year() != h.year && h.end.year() != h.year {
            return Err(AppError::invalid(
                "file",
                format!("节假日“{}”不在 {} 年。", h.name_zh, h.year),
                format!("The holiday “{}” is not in {}.", h.name_en, h.year),
            ));
        }
    }
    Ok(file)
}

/// Read a holiday calendar exported as iCalendar (.ics), as published for China's holidays:
/// all-day events named after the holiday (one per holiday or one per day), and events whose
/// name contains 班 for the make-up workdays (调休上班).
pub fn parse_ics(text: &str, source: &str) -> AppResult<HolidayFile> {
    use icalendar::{Calendar, Component, DatePerhapsTime};
    let bad = || {
        AppError::invalid(
            "file",
            "这个 .ics 文件无法读取，或者里面没有节假日。",
            "This .ics file cannot be read or holds no holidays.",
        )
    };
    let cal: Calendar = text.parse().map_err(|_| bad())?;
    let day = |d: Option<DatePerhapsTime>| d.map(|d| d.date_naive());
    let mut holidays: Vec<Holiday> = Vec::new();
    let mut workdays: Vec<NaiveDate> = Vec::new();
    for event in cal.events() {
        let summary = event.get_summary().unwrap_or_default().trim().to_string();
        let Some(start) = day(event.get_start()) else {
            continue;
        };
        // DTEND of an all-day event is exclusive.
        let end = day(event.get_end())
            .and_then(|e| e.pred_opt())
            .filter(|e| *e >= start)
            .unwrap_or(start);
        if summary.contains('班') {
            let mut d = start;
            loop {
                workdays.push(d);
                match d.succ_opt() {
                    Some(next) if next <= end => d = next,
                    _ => break,
                }
            }
            continue;
        }
        let name: String = summary
            .replace(['休', '（', '）', '(', ')'], "")
            .replace("放假", "")
            .replace("假期", "")
            .trim()
            .to_string();
        if name.is_empty() {
            continue;
        }
        match holidays
            .iter_mut()
            .find(|h| h.name_zh == name && h.year == start.year())
        {
            Some(h) => {
                h.start = h.start.min(start);
                h.end = h.end.max(end);
            }
            None => holidays.push(Holiday {
                year: start.year(),
                name_zh: name.clone(),
                name_en: String::new(),
                start,
                end,
                kind: "official".into(),
                makeup_workdays: Vec::new(),
            }),
        }
    }
    if holidays.is_empty() {
        return Err(bad());
    }
    // Each make-up workday belongs to the nearest holiday.
    workdays.sort();
    workdays.dedup();
    for w in workdays {
        let distance = |h: &Holiday| {
            if w < h.start {
                (h.start - w).num_days()
            } else {
                (w - h.end).num_days()
            }
        };
        if let Some(h) = holidays.iter_mut().min_by_key(|h| distance(h)) {
            h.makeup_workdays.push(w);
        }
    }
    holidays.sort_by_key(|h| h.start);
    Ok(HolidayFile {
        source: source.to_string(),
        licence: String::new(),
        holidays,
    })
}

/// Merge bundled and imported holidays, and say for each year from `first` to `last` whether
/// it is known.
pub fn calendar(
    imported: Vec<Holiday>,
    imported_source: &[(i32, String)],
    first: i32,
    last: i32,
) -> AppResult<HolidayCalendar> {
    let b = bundled()?;
    let mut holidays = b.holidays.clone();
    for h in imported {
        if !holidays
            .iter()
            .any(|x| x.year == h.year && x.name_zh == h.name_zh)
        {
            holidays.push(h);
        }
    }
    holidays.sort_by_key(|h| (h.start, h.end));
    let years = (first..=last)
        .map(|year| {
            let bundled_year = b.holidays.iter().any(|h| h.year == year);
            let imported = imported_source.iter().find(|(y, _)| *y == year);
            YearStatus {
                year,
                known: bundled_year || imported.is_some(),
                source: if bundled_year {
                    b.source.clone()
                } else {
                    imported.map(|(_, s)| s.clone()).unwrap_or_default()
                },
            }
        })
        .collect();
    Ok(HolidayCalendar { years, holidays })
}

/// The holiday whose price moves the user most likely wants to see: the latest one that has
/// begun by `today` and has sightings both in the `baseline_days` before it and during it;
/// failing that, the latest one that has begun.
pub fn latest_with_data(
    holidays: &[Holiday],
    today: NaiveDate,
    baseline_days: u32,
    mut has_sightings: impl FnMut(NaiveDate, NaiveDate) -> AppResult<bool>,
) -> AppResult<Option<&Holiday>> {
    let mut begun: Vec<&Holiday> = holidays.iter().filter(|h| h.start <= today).collect();
    begun.sort_by_key(|h| std::cmp::Reverse(h.start));
    for h in &begun {
        let baseline_from = h.start - chrono::Days::new(u64::from(baseline_days));
        let baseline_to = h.start.pred_opt().unwrap_or(h.start);
        if has_sightings(h.start, h.end)? && has_sightings(baseline_from, baseline_to)? {
            return Ok(Some(h));
        }
    }
    Ok(begun.first().copied())
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_default_holiday_is_the_latest_begun_one_with_sightings_around_it() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let h = |name: &str, a: &str, b: &str| Holiday {
            year: 2026,
            name_zh: name.into(),
            name_en: String::new(),
            start: d(a),
            end: d(b),
            kind: "official".into(),
            makeup_workdays: vec![],
        };
        let all = [
            h("五一", "2026-05-01", "2026-05-05"),
            h("国庆", "2026-10-01", "2026-10-07"),
            h("双11", "2026-11-01", "2026-11-11"),
            h("元旦", "2027-01-01", "2027-01-03"),
        ];
        // Sightings only around 五一: that is the answer in late November.
        let sighted = [d("2026-04-20"), d("2026-05-02")];
        let pick = |today: &str, sighted: &[NaiveDate]| {
            latest_with_data(&all, d(today), 14, |a, b| {
                Ok(sighted.iter().any(|x| (a..=b).contains(x)))
            })
            .unwrap()
            .map(|h| h.name_zh.clone())
        };
        assert_eq!(pick("2026-11-28", &sighted).as_deref(), Some("五一"));
        // Nothing sighted anywhere: the latest holiday that has begun (not 元旦 2027).
        assert_eq!(pick("2026-11-28", &[]).as_deref(), Some("双11"));
        // A window with sightings but none in its baseline does not count.
        assert_eq!(
            pick(
                "2026-11-28",
                &[d("2026-11-05"), d("2026-05-02"), d("2026-04-25")]
            )
            .as_deref(),
            Some("五一")
        );
        // Before any holiday has begun: none.
        assert_eq!(pick("2026-01-01", &sighted), None);
    }
    use super::*;

    #[test]
    fn bundled_data_covers_2024_to_2026_with_makeup_days() {
        let f = bundled().unwrap();
        assert!(f.source.contains("国办发明电"));
        assert!(!f.licence.is_empty());
        let may = f
            .holidays
            .iter()
            .find(|h| h.year == 2026 && h.name_zh == "五一")
            .unwrap();
        assert_eq!(may.start, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap());
        assert_eq!(may.end, NaiveDate::from_ymd_opt(2026, 5, 5).unwrap());
        assert_eq!(
            may.makeup_workdays,
            vec![NaiveDate::from_ymd_opt(2026, 5, 9).unwrap()]
        );
        for y in 2024..=2026 {
            assert!(
                f.holidays
                    .iter()
                    .filter(|h| h.year == y && h.kind == "official")
                    .count()
                    >= 6,
                "{y}"
            );
        }
    }

    #[test]
    fn a_year_without_data_is_unknown() {
        let c = calendar(vec![], &[], 2024, 2027).unwrap();
        let known: Vec<(i32, bool)> = c.years.iter().map(|y| (y.year, y.known)).collect();
        assert_eq!(
            known,
            vec![(2024, true), (2025, true), (2026, true), (2027, false)]
        );
    }

    #[test]
    fn ics_with_one_event_per_holiday_and_makeup_days() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270506\r\nSUMMARY:劳动节 休\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:2\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20270425\r\nDTEND;VALUE=DATE:20270426\r\nSUMMARY:劳动节 补班\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:3\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20271001\r\nDTEND;VALUE=DATE:20271002\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:4\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;VALUE=DATE:20271002\r\nDTEND;VALUE=DATE:20271008\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
        let f = parse_ics(ics, "test.ics").unwrap();
        assert_eq!(f.holidays.len(), 2);
        let may = &f.holidays[0];
        assert_eq!((may.name_zh.as_str(), may.year), ("劳动节", 2027));
        assert_eq!(
            may.end,
            NaiveDate::from_ymd_opt(2027, 5, 5).unwrap(),
            "DTEND is exclusive"
        );
        assert_eq!(
            may.makeup_workdays,
            vec![NaiveDate::from_ymd_opt(2027, 4, 25).unwrap()]
        );
        let oct = &f.holidays[1];
        assert_eq!(
            (oct.start.day(), oct.end.day()),
            (1, 7),
            "daily events merged"
        );
        assert!(parse_ics("not a calendar", "x").is_err());
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(parse_file("{}").is_err());
        let backwards = r#"{"holidays":[{"year":2027,"name_zh":"五一","name_en":"May Day","start":"2027-05-05","end":"2027-05-01","kind":"official","makeup_workdays":[]}]}"#;
        assert_eq!(parse_file(backwards).unwrap_err().code(), "invalid");
    }
}
