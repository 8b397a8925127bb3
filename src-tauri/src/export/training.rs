//! The training area's exports: a session's sign-in sheet 签到表 (a document: PDF, Word or
//! Markdown; and as a workbook in the sign-in import's own columns, so the sheet filled in
//! comes back), attendance and the completion matrix as workbooks, and sessions as calendar
//! events beside the campaigns'.

use crate::document::text::long_date;
use crate::document::{Block, Document, Form, Section};
use crate::domain::training::{Completion, SessionStatus};
use crate::error::AppResult;
use crate::export::{write_row, xlsx_err};
use crate::i18n::Lang;
use crate::store::training::{AttendanceRow, RosterLine, Session};
use icalendar::{Component, Event, EventLike, EventStatus};
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

/// A sign-in sheet: 30 names to an A4 page, rows tall enough to sign in.
pub const SIGN_IN_FORM: Form = Form {
    rows_per_page: 30,
    row_height_mm: 7.0,
};

/// What a sign-in sheet shows: the session and the people enrolled (those with a place, then
/// those waiting).
#[derive(Debug, Clone)]
pub struct SignInData {
    pub session: Session,
    pub lines: Vec<RosterLine>,
}

fn place(s: &Session, lang: Lang) -> String {
    let region = s
        .region
        .clone()
        .unwrap_or_else(|| lang.pick("总部 / 线上", "Head office / online").to_string());
    if s.location.is_empty() {
        region
    } else {
        format!("{region} · {}", s.location)
    }
}

/// The sign-in sheet as a document: title, date, place and trainer; a numbered row per person
/// with region and role, and blank columns to sign and to remark.
pub fn sign_in(d: &SignInData, lang: Lang) -> Document {
    let s = &d.session;
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let facts = vec![
        (
            pick("日期", "Date"),
            format!("{} {}–{}", long_date(lang, s.date), s.starts, s.ends),
        ),
        (pick("地点", "Place"), place(s, lang)),
        (
            pick("讲师", "Trainer"),
            if s.trainer.is_empty() {
                "—".into()
            } else {
                s.trainer.clone()
            },
        ),
        (pick("课程类别", "Category"), s.category.clone()),
    ];
    let rows: Vec<Vec<String>> = d
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let remark = match l.waiting {
                Some(n) => match lang {
                    Lang::ZhCn => format!("候补 {n}"),
                    Lang::En => format!("waiting #{n}"),
                },
                None => String::new(),
            };
            vec![
                (i + 1).to_string(),
                l.name.clone(),
                l.region.clone(),
                l.role.clone(),
                String::new(),
                remark,
            ]
        })
        .collect();
    Document {
        title: pick("培训签到表", "Training sign-in sheet"),
        subtitle: s.program.clone(),
        kind: pick("签到表", "Sign-in sheet"),
        sections: vec![Section {
            title: String::new(),
            blocks: vec![
                Block::Facts(facts),
                Block::Table {
                    headers: vec![
                        pick("序号", "No."),
                        pick("姓名", "Name"),
                        pick("区域", "Region"),
                        pick("岗位", "Role"),
                        pick("签名", "Signature"),
                        pick("备注", "Remark"),
                    ],
                    right: vec![true, false, false, false, false, false],
                    rows,
                },
            ],
        }],
        form: Some(SIGN_IN_FORM),
    }
}

/// The sign-in sheet as a workbook in the sign-in import's columns (日期, 课程, 开始时间, 姓名,
/// 电话, 工号 …), one row per person with 出勤 and 成绩 left blank: filled in by the region,
/// it comes back through the sign-in import. Phones and numbers are text.
pub fn sign_in_xlsx(d: &SignInData, lang: Lang) -> AppResult<Vec<u8>> {
    let s = &d.session;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("签到表", "Sign-in sheet"))
        .map_err(xlsx_err)?;
    let head = XlsxFormat::new().set_bold();
    let headers: Vec<String> = match lang {
        Lang::ZhCn => [
            "日期",
            "课程",
            "开始时间",
            "姓名",
            "电话",
            "工号",
            "区域",
            "岗位",
            "出勤",
            "成绩",
            "备注",
        ],
        Lang::En => [
            "Date",
            "Program",
            "Start",
            "Name",
            "Phone",
            "Employee no.",
            "Region",
            "Role",
            "Attendance",
            "Score",
            "Remark",
        ],
    }
    .iter()
    .map(|h| h.to_string())
    .collect();
    write_row(sheet, 0, &headers, Some(&head))?;
    for (i, l) in d.lines.iter().enumerate() {
        let cells = [
            s.date.to_string(),
            s.program.clone(),
            s.starts.clone(),
            l.name.clone(),
            l.phone.clone(),
            l.employee_no.clone().unwrap_or_default(),
            l.region.clone(),
            l.role.clone(),
            String::new(),
            String::new(),
            String::new(),
        ];
        write_row(sheet, 1 + i as u32, &cells, None)?;
    }
    for (c, w) in [12, 24, 9, 10, 14, 10, 8, 10, 8, 8, 16]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, w).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// Every attendance mark in a workbook: date, program, person, region, role, mark, score.
pub fn attendance_xlsx(rows: &[AttendanceRow], lang: Lang) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("出勤记录", "Attendance"))
        .map_err(xlsx_err)?;
    let head = XlsxFormat::new().set_bold();
    let headers: Vec<String> = match lang {
        Lang::ZhCn => [
            "日期", "课程", "姓名", "工号", "区域", "岗位", "出勤", "成绩", "备注",
        ],
        Lang::En => [
            "Date",
            "Program",
            "Name",
            "Employee no.",
            "Region",
            "Role",
            "Attendance",
            "Score",
            "Remark",
        ],
    }
    .iter()
    .map(|h| h.to_string())
    .collect();
    write_row(sheet, 0, &headers, Some(&head))?;
    for (i, a) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        write_row(
            sheet,
            r,
            &[
                a.date.to_string(),
                a.program.clone(),
                a.name.clone(),
                a.employee_no.clone().unwrap_or_default(),
                a.region.clone(),
                a.role.clone(),
                a.mark.label(lang).to_string(),
            ],
            None,
        )?;
        if let Some(score) = a.score {
            sheet.write_number(r, 7, score as f64).map_err(xlsx_err)?;
        }
        sheet.write_string(r, 8, &a.remark).map_err(xlsx_err)?;
    }
    for (c, w) in [12, 24, 10, 10, 8, 10, 8, 8, 16].into_iter().enumerate() {
        sheet.set_column_width(c as u16, w).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// One row of the completion workbook: a region, its cell per program (None where the
/// program is not mandatory there) and its total.
pub struct MatrixLine<'a> {
    pub region: &'a str,
    pub cells: &'a [Option<Completion>],
    pub total: &'a Completion,
}

/// The region × program completion matrix in a workbook: the share as a percentage (Excel
/// computes nothing: the value written is completed / required, exact to the hundredth of a
/// percent as Rust rounded it), with completed and required beside each.
pub fn completion_xlsx(
    programs: &[String],
    lines: &[MatrixLine<'_>],
    lang: Lang,
) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("培训完成率", "Completion"))
        .map_err(xlsx_err)?;
    let head = XlsxFormat::new().set_bold().set_text_wrap();
    let pct = XlsxFormat::new().set_num_format("0.00%");
    let mut headers = vec![lang.pick("区域", "Region").to_string()];
    for p in programs
        .iter()
        .map(String::as_str)
        .chain([lang.pick("合计", "Total")])
    {
        headers.push(p.to_string());
        headers.push(format!(
            "{p} {}",
            lang.pick("已完成/应完成", "completed/required")
        ));
    }
    write_row(sheet, 0, &headers, Some(&head))?;
    for (i, l) in lines.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, l.region).map_err(xlsx_err)?;
        for (k, c) in l
            .cells
            .iter()
            .map(Option::as_ref)
            .chain([Some(l.total)])
            .enumerate()
        {
            let col = 1 + 2 * k as u16;
            if let Some(c) = c {
                sheet
                    .write_number_with_format(r, col, c.pct_bp as f64 / 10_000.0, &pct)
                    .map_err(xlsx_err)?;
                sheet
                    .write_string(r, col + 1, format!("{}/{}", c.completed, c.required))
                    .map_err(xlsx_err)?;
            }
        }
    }
    sheet.set_column_width(0, 10).map_err(xlsx_err)?;
    book.save_to_buffer().map_err(xlsx_err)
}

/// Sessions as timed calendar events (floating local time: the user's own clock), cancelled
/// ones marked so; UIDs as stable as the campaigns'.
pub fn session_events(sessions: &[Session], lang: Lang) -> Vec<Event> {
    sessions
        .iter()
        .filter_map(|s| {
            let starts = crate::domain::value::parse_time_text(&s.starts)?;
            let ends = crate::domain::value::parse_time_text(&s.ends)?;
            let mut e = Event::new();
            e.uid(&super::campaigns::uid("session", s.id))
                .summary(&format!(
                    "{}{}",
                    lang.pick("培训：", "Training: "),
                    s.program
                ))
                .starts(s.date.and_time(starts))
                .ends(s.date.and_time(ends))
                .location(&place(s, lang));
            let mut lines = vec![format!(
                "{}{}",
                lang.pick("类别：", "Category: "),
                s.category
            )];
            if !s.trainer.is_empty() {
                lines.push(format!("{}{}", lang.pick("讲师：", "Trainer: "), s.trainer));
            }
            e.description(&lines.join("\n"));
            if s.status == SessionStatus::Cancelled {
                e.status(EventStatus::Cancelled);
            }
            Some(e.done())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn session() -> Session {
        Session {
            id: 7,
            program_id: 1,
            program: "五一促销政策".into(),
            category: "营销知识".into(),
            date: NaiveDate::from_ymd_opt(2026, 4, 20).unwrap(),
            starts: "09:00".into(),
            ends: "11:30".into(),
            region_id: Some(1),
            region: Some("山东".into()),
            location: "济南".into(),
            trainer: "李老师".into(),
            capacity: Some(2),
            status: SessionStatus::Planned,
            placed: 2,
            waiting: 1,
            attended: 0,
        }
    }

    fn line(name: &str, waiting: Option<i64>) -> RosterLine {
        RosterLine {
            staff_id: 1,
            name: name.into(),
            region: "山东".into(),
            role: "导购".into(),
            phone: String::new(),
            employee_no: None,
            waiting,
            enrolled: true,
            mark: None,
            score: None,
            remark: String::new(),
        }
    }

    #[test]
    fn the_sign_in_sheet_numbers_people_leaves_the_signature_blank_and_marks_the_waitlist() {
        let d = SignInData {
            session: session(),
            lines: vec![
                line("王强", None),
                line("李娜", None),
                line("赵敏", Some(1)),
            ],
        };
        let doc = sign_in(&d, Lang::ZhCn);
        assert_eq!(doc.form, Some(SIGN_IN_FORM));
        let Block::Table { headers, rows, .. } = &doc.sections[0].blocks[1] else {
            panic!("a table")
        };
        assert_eq!(headers[4], "签名");
        assert_eq!(rows[2], ["3", "赵敏", "山东", "导购", "", "候补 1"]);
        assert_eq!(
            crate::document::writing_columns(headers, rows),
            [false, false, false, false, true, false]
        );
        let Block::Facts(facts) = &doc.sections[0].blocks[0] else {
            panic!("facts")
        };
        assert_eq!(facts[0].1, "2026年4月20日 09:00–11:30");
        assert_eq!(facts[1].1, "山东 · 济南");
    }

    #[test]
    fn a_cancelled_session_is_a_cancelled_event_at_its_local_times() {
        let mut s = session();
        s.status = SessionStatus::Cancelled;
        let mut cal = icalendar::Calendar::new();
        for e in session_events(&[s], Lang::En) {
            cal.push(e);
        }
        let text = cal.done().to_string();
        assert!(
            text.contains("UID:marketdesk-session-7@marketdesk.local"),
            "{text}"
        );
        assert!(text.contains("DTSTART:20260420T090000"), "{text}");
        assert!(text.contains("DTEND:20260420T113000"), "{text}");
        assert!(text.contains("STATUS:CANCELLED"), "{text}");
        assert!(text.contains("SUMMARY:Training: 五一促销政策"), "{text}");
    }
}
