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
    /// Where it comes from: the bundled calendar's source, or the file it was imported from.
    #[serde(default)]
    pub source: String,
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

/// The names MarketDesk gives China's official holidays (those of the bundled calendar), from
/// the names feeds and notices use: 劳动节 is 五一, 国庆节 (and 中秋节、国庆节 together) is 国庆.
pub fn canonical_name(base: &str) -> Option<(&'static str, &'static str)> {
    let b: String = base.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match b.as_str() {
        "元旦" | "元旦节" | "新年" => ("元旦", "New Year's Day"),
        "春节" | "除夕" | "除夕春节" => ("春节", "Spring Festival"),
        "清明" | "清明节" => ("清明节", "Qingming Festival"),
        "劳动节" | "五一" | "五一劳动节" | "国际劳动节" => ("五一", "May Day"),
        "端午" | "端午节" => ("端午节", "Dragon Boat Festival"),
        "中秋" | "中秋节" => ("中秋节", "Mid-Autumn Festival"),
        "国庆" | "国庆节" | "中秋节、国庆节" | "国庆节、中秋节" | "中秋国庆" | "国庆中秋" => {
            ("国庆", "National Day")
        }
        _ => return None,
    })
}

/// A feed event's holiday name without its decoration (假期, 放假, 休, 补班, 上班,
/// 第1天/共5天 …), and whether it is a make-up workday (补班, 上班, 调休上班).
pub fn feed_name(summary: &str) -> (String, bool) {
    let workday = ["补班", "上班", "班"].iter().any(|w| summary.contains(w));
    // "第1天/共5天", "第 1 天", "共5天": cut from 第 or 共 to the next 天.
    let mut name = String::new();
    let mut skipping = false;
    for c in summary.chars() {
        if (c == '第' || c == '共') && !skipping {
            skipping = true;
            continue;
        }
        if skipping {
            if c == '天' {
                skipping = false;
            }
            continue;
        }
        name.push(c);
    }
    let mut name = name.replace(['（', '）', '(', ')', '/', '·'], " ");
    for word in [
        "调休上班",
        "补班",
        "上班",
        "调休",
        "假期",
        "放假",
        "休息",
        "休",
    ] {
        name = name.replace(word, " ");
    }
    (
        name.split_whitespace().collect::<Vec<_>>().join(""),
        workday,
    )
}

/// Read a holiday calendar exported as iCalendar (.ics), in the shapes China's holiday feeds
/// publish: one all-day event per holiday, or one per day (`劳动节 假期 第1天/共5天`), with the
/// make-up workdays as events of their own (`劳动节 补班 第1天/共2天`, timed or all-day). The
/// events of one holiday become one holiday under its base name (the bundled calendar's name
/// where it has one: 劳动节 is 五一); a holiday belongs to the year most of its days fall in
/// (元旦 to the year of its 1 January); a make-up workday belongs to the holiday of its name
/// nearest to it.
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
    // (name, name_en, days) of the days off; (name, day) of the workdays.
    let mut off: Vec<(String, String, Vec<NaiveDate>)> = Vec::new();
    let mut work: Vec<(String, NaiveDate)> = Vec::new();
    for event in cal.events() {
        let summary = event.get_summary().unwrap_or_default().trim().to_string();
        let Some(start) = event.get_start() else {
            continue;
        };
        let timed = matches!(start, DatePerhapsTime::DateTime(_));
        let first = day(Some(start)).ok_or_else(bad)?;
        // DTEND of an all-day event is exclusive; a timed event is its own day.
        let last = if timed {
            first
        } else {
            day(event.get_end())
                .and_then(|e| e.pred_opt())
                .filter(|e| *e >= first)
                .unwrap_or(first)
        };
        let (base, workday) = feed_name(&summary);
        if base.is_empty() {
            continue;
        }
        let (name, name_en) = canonical_name(&base)
            .map(|(z, e)| (z.to_string(), e.to_string()))
            .unwrap_or((base, String::new()));
        let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        if workday {
            work.extend(days.into_iter().map(|d| (name.clone(), d)));
        } else {
            off.push((name, name_en, days));
        }
    }
    // Days off of one name, a week or less apart, are one holiday.
    off.sort_by(|a, b| (a.0.as_str(), a.2.first()).cmp(&(b.0.as_str(), b.2.first())));
    let mut holidays: Vec<Holiday> = Vec::new();
    let mut days_of: Vec<Vec<NaiveDate>> = Vec::new();
    for (name, name_en, days) in off {
        let (Some(&first), Some(&last)) = (days.first(), days.last()) else {
            continue;
        };
        match holidays.iter().position(|h| {
            h.name_zh == name
                && first <= h.end + chrono::Days::new(7)
                && last + chrono::Days::new(7) >= h.start
        }) {
            Some(i) => {
                holidays[i].start = holidays[i].start.min(first);
                holidays[i].end = holidays[i].end.max(last);
                days_of[i].extend(days);
            }
            None => {
                holidays.push(Holiday {
                    year: first.year(),
                    name_zh: name,
                    name_en,
                    start: first,
                    end: last,
                    kind: "official".into(),
                    makeup_workdays: Vec::new(),
                    source: source.to_string(),
                });
                days_of.push(days);
            }
        }
    }
    if holidays.is_empty() {
        return Err(bad());
    }
    for (h, days) in holidays.iter_mut().zip(&mut days_of) {
        days.sort();
        days.dedup();
        h.year = if h.name_zh == "元旦" {
            days.iter()
                .find(|d| d.month() == 1)
                .map_or(h.end.year(), |d| d.year())
        } else {
            let later = days.iter().filter(|d| d.year() == h.end.year()).count();
            if later * 2 >= days.len() {
                h.end.year()
            } else {
                h.start.year()
            }
        };
    }
    let distance = |h: &Holiday, w: NaiveDate| {
        if w < h.start {
            (h.start - w).num_days()
        } else {
            (w - h.end).num_days().max(0)
        }
    };
    work.sort();
    work.dedup();
    for (name, w) in work {
        let same_name = holidays
            .iter()
            .enumerate()
            .filter(|(_, h)| h.name_zh == name)
            .min_by_key(|(_, h)| distance(h, w))
            .map(|(i, _)| i);
        let nearest = same_name.or_else(|| {
            holidays
                .iter()
                .enumerate()
                .min_by_key(|(_, h)| distance(h, w))
                .map(|(i, _)| i)
        });
        if let Some(i) = nearest {
            holidays[i].makeup_workdays.push(w);
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
    for h in &mut holidays {
        h.source = b.source.clone();
    }
    // An imported holiday replaces the bundled one of its year that it names or overlaps
    // (one holiday, not two under different names).
    let mut replaced_years: Vec<i32> = Vec::new();
    for h in imported {
        let before = holidays.len();
        holidays.retain(|x| {
            !(x.year == h.year
                && (x.name_zh == h.name_zh
                    || (x.kind == h.kind && x.start <= h.end && h.start <= x.end)))
        });
        if holidays.len() < before && !replaced_years.contains(&h.year) {
            replaced_years.push(h.year);
        }
        holidays.push(h);
    }
    holidays.sort_by_key(|h| (h.start, h.end));
    let years = (first..=last)
        .map(|year| {
            let bundled_year = b.holidays.iter().any(|h| h.year == year);
            let imported = imported_source.iter().find(|(y, _)| *y == year);
            YearStatus {
                year,
                known: bundled_year || imported.is_some(),
                source: match (bundled_year, imported) {
                    (true, Some((_, s))) if replaced_years.contains(&year) => {
                        format!("{} + {s}", b.source)
                    }
                    (true, _) => b.source.clone(),
                    (false, i) => i.map(|(_, s)| s.clone()).unwrap_or_default(),
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
            source: String::new(),
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
        assert_eq!(
            (may.name_zh.as_str(), may.year),
            ("五一", 2027),
            "the bundled name"
        );
        assert_eq!(may.name_en, "May Day");
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

    fn feed(events: &[(&str, &str, Option<&str>, bool)]) -> String {
        let mut s = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//feed//CN\r\n");
        for (i, (summary, start, end, timed)) in events.iter().enumerate() {
            s.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{i}\r\nDTSTAMP:20230101T000000Z\r\n"
            ));
            if *timed {
                s.push_str(&format!(
                    "DTSTART:{start}T090000\r\nDTEND:{start}T180000\r\n"
                ));
            } else {
                s.push_str(&format!("DTSTART;VALUE=DATE:{start}\r\n"));
                if let Some(e) = end {
                    s.push_str(&format!("DTEND;VALUE=DATE:{e}\r\n"));
                }
            }
            s.push_str(&format!("SUMMARY:{summary}\r\nEND:VEVENT\r\n"));
        }
        s.push_str("END:VCALENDAR\r\n");
        s
    }

    /// The shape of the most used public China-holiday feeds: an all-day event per day off
    /// named `劳动节 假期 第1天/共5天`, make-up workdays as timed `补班` events, 元旦 beginning
    /// on 31 December.
    #[test]
    fn a_feed_of_one_event_per_day_becomes_one_holiday_per_holiday_in_its_year() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut events = vec![
            ("元旦 假期 第1天/共3天", "20221231", Some("20230101"), false),
            ("元旦 假期 第2天/共3天", "20230101", Some("20230102"), false),
            ("元旦 假期 第3天/共3天", "20230102", Some("20230103"), false),
            ("劳动节 补班 第1天/共2天", "20230423", None, true),
            ("劳动节 补班 第2天/共2天", "20230506", None, true),
            (
                "中秋节、国庆节 假期 第1天/共8天",
                "20230929",
                Some("20230930"),
                false,
            ),
        ];
        let days = ["20230429", "20230430", "20230501", "20230502", "20230503"];
        let names: Vec<String> = (1..=5)
            .map(|i| format!("劳动节 假期 第{i}天/共5天"))
            .collect();
        for (n, day) in names.iter().zip(days) {
            let next = (d(&format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]))
                + chrono::Days::new(1))
            .format("%Y%m%d")
            .to_string();
            events.push((
                n.as_str(),
                day,
                Some(Box::leak(next.into_boxed_str())),
                false,
            ));
        }
        events.push((
            "中秋节、国庆节 假期 第2天/共8天",
            "20230930",
            Some("20231007"),
            false,
        ));
        let f = parse_ics(&feed(&events), "ICS: feed").unwrap();
        let got: Vec<(i32, &str, String, String, usize)> = f
            .holidays
            .iter()
            .map(|h| {
                (
                    h.year,
                    h.name_zh.as_str(),
                    h.start.to_string(),
                    h.end.to_string(),
                    h.makeup_workdays.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (2023, "元旦", "2022-12-31".into(), "2023-01-02".into(), 0),
                (2023, "五一", "2023-04-29".into(), "2023-05-03".into(), 2),
                (2023, "国庆", "2023-09-29".into(), "2023-10-06".into(), 0),
            ]
        );
        assert_eq!(
            f.holidays[1].makeup_workdays,
            vec![d("2023-04-23"), d("2023-05-06")]
        );
        assert_eq!(
            feed_name("劳动节 假期 第1天/共5天"),
            ("劳动节".to_string(), false)
        );
        assert_eq!(
            feed_name("劳动节 补班 第1天/共2天"),
            ("劳动节".to_string(), true)
        );
        assert_eq!(
            canonical_name("中秋节、国庆节"),
            Some(("国庆", "National Day"))
        );
    }

    /// An imported holiday that overlaps a bundled one of its year replaces it; the year's
    /// source says both.
    #[test]
    fn an_imported_holiday_replaces_the_bundled_one_it_overlaps() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let labour = Holiday {
            year: 2026,
            name_zh: "劳动节".into(),
            name_en: String::new(),
            start: d("2026-05-01"),
            end: d("2026-05-05"),
            kind: "official".into(),
            makeup_workdays: vec![d("2026-04-26")],
            source: "ICS: feed".into(),
        };
        let c = calendar(vec![labour], &[(2026, "ICS: feed".into())], 2026, 2026).unwrap();
        let may: Vec<&Holiday> = c
            .holidays
            .iter()
            .filter(|h| h.year == 2026 && h.start <= d("2026-05-03") && d("2026-05-03") <= h.end)
            .collect();
        assert_eq!(may.len(), 1, "{may:?}");
        assert_eq!(may[0].name_zh, "劳动节");
        assert!(
            c.years[0].source.ends_with("+ ICS: feed"),
            "{}",
            c.years[0].source
        );
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(parse_file("{}").is_err());
        let backwards = r#"{"holidays":[{"year":2027,"name_zh":"五一","name_en":"May Day","start":"2027-05-05","end":"2027-05-01","kind":"official","makeup_workdays":[]}]}"#;
        assert_eq!(parse_file(backwards).unwrap_err().code(), "invalid");
    }
}
