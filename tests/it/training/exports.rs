use super::{category, empty_core, region, role};
use marketdesk_lib::core::training::TrainingTable;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::training::forms::{ProgramInput, SessionInput, StaffInput};
use marketdesk_tests::{stderr, stdout, Sandbox};
use serde_json::Value;
use std::path::Path;

fn reader(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (make test-deps installs it): {e}"));
    assert!(out.status.success(), "{cmd}: {}", stderr(&out));
    stdout(&out)
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    reader(
        "pdftotext",
        &[
            "-enc",
            "UTF-8",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            "-",
        ],
    )
}

/// 65 people of 山东 in one session of a program mandatory for 业务员: its sign-in sheet.
fn big_session(core: &AppCore) -> i64 {
    let sd = region(core, "山东");
    let rep = role(core, "业务员");
    for i in 0..65 {
        core.save_staff(StaffInput {
            id: None,
            name: format!("业务员{:02}", i + 1),
            region_id: Some(sd),
            role_id: Some(rep),
            phone: format!("138053{:05}", i),
            employee_no: format!("JS-{:04}", i + 1),
            hire_on: String::new(),
            active: true,
        })
        .unwrap();
    }
    let program = core
        .save_program(ProgramInput {
            title: "五一促销政策与特价车规则".into(),
            category_id: Some(category(core, "营销知识")),
            pass_mark: "80".into(),
            role_ids: vec![rep],
            ..Default::default()
        })
        .unwrap()
        .id;
    let id = core
        .save_session(SessionInput {
            id: None,
            program_id: Some(program),
            date: "2026-04-20".into(),
            starts: "09:00".into(),
            ends: "11:30".into(),
            region_id: Some(sd),
            location: "济南分公司会议室".into(),
            trainer: "市场部 陈静".into(),
            capacity: "60".into(),
            status: None,
            repeat: None,
            times: String::new(),
        })
        .unwrap()[0];
    let e = core.enrol_mandatory(id).unwrap();
    assert_eq!((e.placed, e.waiting), (60, 5));
    id
}

/// The sign-in sheet as PDF: 30 names to an A4 page, the header on every page, a blank
/// signature column, the waitlist marked; every character in the bundled font. As Word: one
/// table a page, each with its header and rows of a fixed height. In English too.
#[test]
fn the_sign_in_sheet_prints_thirty_names_a_page_with_its_header_in_pdf_and_word() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let id = big_session(&core);
    let pdf = sb.dir.path().join("签到表.pdf");
    let done = core.export_sign_in(id, &pdf, &mut |_, _| {}).unwrap();
    assert_eq!(done.files, ["签到表.pdf"]);
    assert_eq!(
        done.missing_glyphs, "",
        "every character is in the bundled font"
    );
    let info = reader("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("Pages:           3"), "{info}");
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let p1 = page_text(&pdf, 1);
    assert!(p1.contains("培训签到表"), "{p1}");
    assert!(p1.contains("五一促销政策与特价车规则"));
    assert!(p1.contains("2026年4月20日 09:00–11:30"), "{p1}");
    assert!(p1.contains("山东 · 济南分公司会议室"));
    assert!(p1.contains("市场部 陈静"));
    for (page, first, last) in [(1, 1, 30), (2, 31, 60), (3, 61, 65)] {
        let text = page_text(&pdf, page);
        for h in ["序号", "姓名", "区域", "岗位", "签名", "备注"] {
            assert!(text.contains(h), "page {page} repeats the header: {text}");
        }
        let names: Vec<usize> = (1..=65)
            .filter(|n| text.contains(&format!("业务员{n:02}")))
            .collect();
        assert_eq!(names, (first..=last).collect::<Vec<_>>(), "page {page}");
    }
    let p3 = page_text(&pdf, 3);
    assert!(p3.contains("候补 1") && p3.contains("候补 5"), "{p3}");
    assert!(p3.contains("第 3 页，共 3 页"), "{p3}");

    core.set_lang(marketdesk_lib::i18n::Lang::En).unwrap();
    let docx = sb.dir.path().join("sign-in.docx");
    core.export_sign_in(id, &docx, &mut |_, _| {}).unwrap();
    let script = r#"
import sys, json, docx
d = docx.Document(sys.argv[1])
print(json.dumps({
  "text": "\n".join(p.text for p in d.paragraphs),
  "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
  "heights": [[None if r.height is None else round(r.height.mm, 1) for r in t.rows[1:]] for t in d.tables],
  "breaks": sum(1 for p in d.paragraphs for r in p.runs if 'w:br' in r._r.xml and 'type="page"' in r._r.xml),
}, ensure_ascii=False))
"#;
    let got: Value =
        serde_json::from_str(&reader("python3", &["-c", script, docx.to_str().unwrap()])).unwrap();
    let tables = got["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3);
    let rows: Vec<usize> = tables.iter().map(|t| t.as_array().unwrap().len()).collect();
    assert_eq!(rows, [31, 31, 6], "a header and 30, 30, 5 names");
    for t in tables {
        assert_eq!(
            t[0],
            serde_json::json!(["No.", "Name", "Region", "Role", "Signature", "Remark"])
        );
    }
    assert_eq!(
        tables[0][1],
        serde_json::json!(["1", "业务员01", "Shandong", "Sales representative", "", ""])
    );
    assert_eq!(tables[2][5][5], "waiting #5");
    assert_eq!(got["breaks"], 2);
    assert!(
        got["heights"][0]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h == 7.0),
        "{}",
        got["heights"]
    );
    let text = got["text"].as_str().unwrap();
    assert!(text.contains("Training sign-in sheet"), "{text}");
    assert!(text.contains("20 April 2026 09:00–11:30"), "{text}");
}

/// The sign-in sheet as a workbook in the import's columns comes back filled in: marks and
/// scores written into it by the region are imported to the session.
#[test]
fn the_sign_in_workbook_filled_in_comes_back_through_the_sign_in_import() {
    use calamine::{open_workbook_auto, Data, Reader};
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let id = big_session(&core);
    let out = sb.dir.path().join("签到表.xlsx");
    core.export_sign_in(id, &out, &mut |_, _| {}).unwrap();
    let mut book = open_workbook_auto(&out).unwrap();
    let sheet = book.worksheet_range("签到表").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        [
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
            "备注"
        ]
    );
    assert_eq!(rows.len(), 66);
    assert_eq!(
        rows[1][..6],
        [
            "2026-04-20",
            "五一促销政策与特价车规则",
            "09:00",
            "业务员01",
            "13805300000",
            "JS-0001"
        ]
    );
    // The region fills it in: the first 40 present with 90, the next 10 late with 70, the rest
    // absent.
    let filled = sb.dir.path().join("签到表-已填.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, text).unwrap();
        }
        if r == 0 {
            continue;
        }
        let (mark, score) = match r {
            1..=40 => ("√", Some(90.0)),
            41..=50 => ("迟到", Some(70.0)),
            _ => ("缺席", None),
        };
        ws.write_string(r as u32, 8, mark).unwrap();
        if let Some(s) = score {
            ws.write_number(r as u32, 9, s).unwrap();
        }
    }
    wb.save(&filled).unwrap();
    let report = core.import_attendance_file(&filled, None, false).unwrap();
    assert_eq!(report.rejected, vec![], "{:?}", report.rejected);
    assert_eq!(report.imported, 65);
    let roster = core.session_roster(id).unwrap();
    assert_eq!(roster.session.attended, 50);
    // 40 passed (90 ≥ 80); the late ones scored 70.
    let by_region = core.completion_by_region(None).unwrap();
    assert_eq!(
        (
            by_region[0].required,
            by_region[0].completed,
            by_region[0].completion_pct
        ),
        (65, 40, 61.54)
    );

    // Attendance and the matrix as workbooks, read back.
    let att = sb.dir.path().join("出勤.xlsx");
    core.export_training_xlsx(TrainingTable::Attendance, &att)
        .unwrap();
    let mut book = open_workbook_auto(&att).unwrap();
    let sheet = book.worksheet_range("出勤记录").unwrap();
    assert_eq!(sheet.height(), 66);
    let first: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        first,
        [
            "2026-04-20",
            "五一促销政策与特价车规则",
            "业务员01",
            "JS-0001",
            "山东",
            "业务员",
            "出席",
            "90",
            ""
        ]
    );
    let matrix = sb.dir.path().join("完成率.xlsx");
    core.export_training_xlsx(TrainingTable::Completion, &matrix)
        .unwrap();
    let mut book = open_workbook_auto(&matrix).unwrap();
    let sheet = book.worksheet_range("培训完成率").unwrap();
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[0], "山东");
    assert_eq!(row[1], "0.6154");
    assert_eq!(row[2], "40/65");
    // A wrong extension writes nothing.
    let bad = sb.dir.path().join("完成率.csv");
    assert_eq!(
        core.export_training_xlsx(TrainingTable::Completion, &bad)
            .unwrap_err()
            .field(),
        Some("out")
    );
    assert!(!bad.exists());
}

/// Sessions join the calendar's .ics as timed events with stable UIDs; the CLI writes the
/// sign-in sheet and refuses an unknown session with exit 2.
#[test]
fn sessions_are_in_the_calendar_export_and_the_cli_writes_the_sign_in_sheet() {
    use icalendar::{Calendar, Component, EventLike};
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let ics = sb.dir.path().join("cal.ics");
    let out = sb.cli(&[
        "ics",
        "--out",
        ics.to_str().unwrap(),
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cal: Calendar = std::fs::read_to_string(&ics).unwrap().parse().unwrap();
    let sessions: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .filter(|e| e.get_uid().is_some_and(|u| u.contains("-session-")))
        .collect();
    assert_eq!(sessions.len(), 1);
    let e = sessions[0];
    assert_eq!(e.get_summary(), Some("培训：终端执行标准"));
    assert_eq!(e.get_location(), Some("河南 · 郑州分公司培训室"));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("DTSTART:20261210T140000"), "{text}");
    assert!(text.contains("DTEND:20261210T160000"), "{text}");

    let pdf = sb.dir.path().join("refresher.pdf");
    let core = AppCore::new(sb.db.clone());
    let id = core
        .training_sessions(super::day("2026-12-01"), super::day("2026-12-31"))
        .unwrap()
        .sessions[0]
        .id;
    drop(core);
    let ok = sb.cli(&[
        "training",
        "sign-in",
        &id.to_string(),
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let text = page_text(&pdf, 1);
    // Three with a place, two waiting, in the order they enrolled.
    assert!(text.contains("候补 1") && text.contains("候补 2"), "{text}");
    let missing = sb.cli(&[
        "training",
        "sign-in",
        "99999",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("这场培训已不存在"));
}
