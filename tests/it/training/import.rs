use super::{category, role};
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::training::forms::ProgramInput;
use marketdesk_lib::store::batches::{BatchKind, RecordKind};
use marketdesk_tests::{fixture, stderr, stdout, Sandbox};
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", stderr(out));
    serde_json::from_str(&stdout(out)).unwrap()
}

fn import(sb: &Sandbox, kind: &str, file: &str, extra: &[&str]) -> Value {
    let path = fixture(file).display().to_string();
    let mut args = vec!["import", kind, path.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    json(&sb.cli(&args))
}

fn rejected(v: &Value) -> Vec<(u64, String, String)> {
    v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["column"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The roster: phones stored as numbers read as written, the same person twice is one
/// duplicate, an unknown region and a missing role are rejected with row and column, a new
/// role is added; a later roster updates people (by 工号, else name + phone) and undo puts
/// them back.
#[test]
fn roster_import_reads_phones_as_written_rejects_and_reimport_updates_then_undoes() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    // --strict with rejections writes nothing and exits 1.
    let strict = sb.cli(&[
        "import",
        "staff",
        fixture("roster_2026.xlsx").to_str().unwrap(),
        "--strict",
        "--format",
        "json",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        json(&sb.cli(&["staff", "--format", "json"])),
        Value::Array(vec![])
    );
    // A dry run counts and writes nothing.
    let dry = import(&sb, "staff", "roster_2026.xlsx", &["--dry-run"]);
    assert_eq!(dry["imported"], 6);
    assert_eq!(
        json(&sb.cli(&["staff", "--format", "json"])),
        Value::Array(vec![])
    );

    let r = import(&sb, "staff", "roster_2026.xlsx", &[]);
    assert_eq!(r["rows_read"], 9);
    assert_eq!(r["imported"], 6);
    assert_eq!(r["duplicates"], 1);
    assert_eq!(
        rejected(&r),
        [
            (
                9,
                "区域".to_string(),
                "“西域”既不是省份，也不是已建的销售区域（请先在设置里添加）".to_string()
            ),
            (10, "岗位".to_string(), "缺少岗位".to_string()),
        ]
    );
    let staff = json(&sb.cli(&["staff", "--region", "山东", "--format", "json"]));
    let wang = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "王强")
        .unwrap();
    assert_eq!(wang["phone"], "13805310003");
    assert_eq!(wang["employee_no"], "JS-0001");
    assert_eq!(wang["role"], "区域经理");
    assert_eq!(wang["active"], true);
    assert_eq!(
        wang.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "active",
            "employee_no",
            "id",
            "name",
            "phone",
            "region",
            "role"
        ]
    );
    let all = json(&sb.cli(&["staff", "--format", "json"]));
    let find = |v: &Value, name: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(find(&all, "周杰")["active"], false);
    assert_eq!(find(&all, "郑爽")["role"], "店长");
    assert_eq!(find(&all, "赵敏")["employee_no"], Value::Null);
    assert_eq!(find(&all, "陈静")["phone"], "13802500033");

    // May's roster: 李娜 moved (by 工号), 赵敏 got hers (by name + phone), 钱多 joined.
    let v2 = import(&sb, "staff", "roster_2026_v2.xlsx", &[]);
    assert_eq!(v2["imported"], 3);
    assert_eq!(v2["updated"], serde_json::json!(["李娜", "赵敏"]));
    assert_eq!(v2["created"]["people"], serde_json::json!(["钱多"]));
    let all = json(&sb.cli(&["staff", "--format", "json"]));
    assert_eq!(all.as_array().unwrap().len(), 7);
    assert_eq!(find(&all, "李娜")["region"], "江苏");
    assert_eq!(find(&all, "赵敏")["employee_no"], "JS-0003");

    // Undo May's roster: 钱多 goes, 李娜 is in 山东 again, 赵敏 without a number.
    let core = AppCore::new(sb.db.clone());
    let batch = core
        .list_batches()
        .unwrap()
        .into_iter()
        .find(|b| b.kind == BatchKind::Staff)
        .unwrap();
    assert_eq!(batch.file_name, "roster_2026_v2.xlsx");
    let undone = core.undo_batch(batch.id).unwrap();
    assert_eq!(undone.names(RecordKind::Person), ["钱多", "李娜", "赵敏"]);
    let all = core.list_staff(None).unwrap();
    assert_eq!(all.len(), 6);
    let li = all.iter().find(|p| p.name == "李娜").unwrap();
    assert_eq!(li.region, "山东");
    let zhao = all.iter().find(|p| p.name == "赵敏").unwrap();
    assert_eq!(zhao.employee_no, None);
}

/// The plan and the sign-in sheet: times as Excel times and text, a program the file
/// introduces then uses again, rejections with the reason; marks as people write them, a
/// score over 100, someone not on the roster and a session that does not exist rejected;
/// the same person twice is one duplicate; undo takes the marks back.
#[test]
fn plan_and_sign_in_imports_make_sessions_and_marks_with_rejections_then_undo() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    import(&sb, "staff", "roster_2026.xlsx", &[]);
    let plan = import(&sb, "sessions", "training_plan_2026.xlsx", &[]);
    assert_eq!(plan["rows_read"], 8);
    assert_eq!(plan["imported"], 3);
    assert_eq!(
        plan["created"]["programs"],
        serde_json::json!(["五一促销政策与特价车规则", "销售人员职业道德"])
    );
    let reasons: Vec<(u64, String)> = rejected(&plan)
        .into_iter()
        .map(|(row, col, _)| (row, col))
        .collect();
    assert_eq!(
        reasons,
        [
            (6, "结束时间".to_string()),
            (7, "类别".to_string()),
            (8, "日期".to_string()),
            (9, "区域".to_string()),
            (10, "人数上限".to_string()),
        ]
    );
    let core = AppCore::new(sb.db.clone());
    let view = core
        .training_sessions(super::day("2026-04-01"), super::day("2026-04-30"))
        .unwrap();
    type Line<'a> = (String, &'a str, &'a str, Option<&'a str>, Option<i64>);
    let sessions: Vec<Line<'_>> = view
        .sessions
        .iter()
        .map(|s| {
            (
                s.date.to_string(),
                s.starts.as_str(),
                s.ends.as_str(),
                s.region.as_deref(),
                s.capacity,
            )
        })
        .collect();
    assert_eq!(
        sessions,
        [
            (
                "2026-04-20".to_string(),
                "09:00",
                "11:30",
                Some("山东"),
                Some(20)
            ),
            (
                "2026-04-21".to_string(),
                "14:00",
                "16:30",
                Some("河南"),
                Some(15)
            ),
            ("2026-04-22".to_string(), "09:00", "10:00", None, None),
        ]
    );
    // Re-importing the plan updates the sessions instead of doubling them.
    let again = import(&sb, "sessions", "training_plan_2026.xlsx", &[]);
    assert_eq!(again["updated"].as_array().unwrap().len(), 3);
    assert_eq!(
        core.training_sessions(super::day("2026-04-01"), super::day("2026-04-30"))
            .unwrap()
            .sessions
            .len(),
        3
    );

    let sign = import(&sb, "attendance", "sign_in_0420.xlsx", &[]);
    assert_eq!(sign["rows_read"], 9);
    assert_eq!(sign["imported"], 4);
    assert_eq!(sign["duplicates"], 1);
    assert_eq!(
        rejected(&sign),
        [
            (
                7,
                "成绩".to_string(),
                "成绩应在 0 到 100 之间：105".to_string()
            ),
            (8, "姓名".to_string(), "花名册里没有张三".to_string()),
            (
                9,
                "日期".to_string(),
                "2026-04-25 没有“五一促销政策与特价车规则”的培训场次".to_string()
            ),
            (
                10,
                "出勤".to_string(),
                "出勤“早退”不认识：请写 出席、迟到、缺席 或 请假".to_string()
            ),
        ]
    );
    let jinan = view.sessions[0].id;
    let roster = core.session_roster(jinan).unwrap();
    assert_eq!(
        roster.session.status,
        marketdesk_lib::domain::training::SessionStatus::Held
    );
    let marks: Vec<(&str, Option<&str>, Option<i64>, &str)> = roster
        .lines
        .iter()
        .map(|l| {
            (
                l.name.as_str(),
                l.mark.map(|m| m.code()),
                l.score,
                l.remark.as_str(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("李娜", Some("late"), Some(78), "堵车"),
            ("王强", Some("present"), Some(92), ""),
        ]
    );
    // Completion follows: a mandate for 业务员 and 区域经理 everywhere, pass mark 80.
    let program = core
        .training_setup()
        .unwrap()
        .programs
        .into_iter()
        .find(|p| p.title == "五一促销政策与特价车规则")
        .unwrap();
    core.save_program(ProgramInput {
        id: Some(program.id),
        title: program.title.clone(),
        category_id: Some(category(&core, "营销知识")),
        pass_mark: "80".into(),
        role_ids: vec![
            role(&core, "业务员"),
            role(&core, "区域经理"),
            role(&core, "督导"),
        ],
        ..Default::default()
    })
    .unwrap();
    drop(core);
    // 山东: 王强 92 ✓, 李娜 78 < 80 ✗ → 1/2; 河南: 赵敏 88 ✓ → 1/1.
    let report = json(&sb.cli(&[
        "training",
        "report",
        "--program",
        "五一促销政策与特价车规则",
        "--format",
        "json",
    ]));
    assert_eq!(
        report,
        serde_json::json!([
            {"region": "山东", "staff": 2, "required": 2, "completed": 1, "completion_pct": 50.0},
            {"region": "河南", "staff": 1, "required": 1, "completed": 1, "completion_pct": 100.0},
        ])
    );
    let unknown = sb.cli(&["training", "report", "--program", "不存在的课程"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("没有名为“不存在的课程”的课程"));

    // Undo the sign-in: the marks go and the sessions are planned again.
    let core = AppCore::new(sb.db.clone());
    let batch = core
        .list_batches()
        .unwrap()
        .into_iter()
        .find(|b| b.kind == BatchKind::Attendance)
        .unwrap();
    assert_eq!(core.undo_batch(batch.id).unwrap().rows, 4);
    let roster = core.session_roster(jinan).unwrap();
    assert!(roster.lines.is_empty(), "{:?}", roster.lines);
    assert_eq!(
        roster.session.status,
        marketdesk_lib::domain::training::SessionStatus::Planned
    );
}

/// The engine reads every format for rosters too: a GBK CSV as WPS saves it, headers named
/// 省份 / 职务 / 手机号码 / 员工编号 / 在职状态.
#[test]
fn a_roster_saved_as_gbk_csv_comes_in_with_its_own_header_names() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let r = import(&sb, "staff", "roster_henan_gbk.csv", &[]);
    assert_eq!(r["imported"], 3, "{r}");
    assert_eq!(r["rejected"], Value::Array(vec![]));
    let all = json(&sb.cli(&["staff", "--region", "河南省", "--format", "json"]));
    let people: Vec<(String, String, bool)> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["phone"].as_str().unwrap().to_string(),
                p["active"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        people.contains(&("孙浩".into(), "13903710031".into(), true)),
        "{people:?}"
    );
    assert!(
        people.contains(&("朱琳".into(), "13903710045".into(), false)),
        "{people:?}"
    );
}
