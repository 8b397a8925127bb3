use super::{category, day, empty_core, region, role};
use marketdesk_lib::core::campaigns::StatusInput;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::campaigns::forms::CampaignInput;
use marketdesk_lib::domain::campaigns::{CampaignKind, Status};
use marketdesk_lib::domain::training::forms::{
    AttendanceInput, ProgramInput, SessionInput, StaffInput,
};
use marketdesk_lib::domain::training::{Clash, Mark, Repeat, SessionStatus};
use marketdesk_tests::Sandbox;

fn person(core: &AppCore, name: &str, region_id: i64, role_id: i64, phone: &str) -> i64 {
    core.save_staff(StaffInput {
        id: None,
        name: name.into(),
        region_id: Some(region_id),
        role_id: Some(role_id),
        phone: phone.into(),
        employee_no: String::new(),
        hire_on: String::new(),
        active: true,
    })
    .unwrap()
    .id
}

fn session(program: i64, date: &str, starts: &str, ends: &str) -> SessionInput {
    SessionInput {
        id: None,
        program_id: Some(program),
        date: date.into(),
        starts: starts.into(),
        ends: ends.into(),
        region_id: None,
        location: "济南".into(),
        trainer: "李老师".into(),
        capacity: String::new(),
        status: None,
        repeat: None,
        times: String::new(),
    }
}

fn mark(core: &AppCore, session: i64, staff: i64, mark: Mark, score: &str) {
    core.mark_attendance(AttendanceInput {
        session_id: session,
        staff_id: staff,
        mark,
        score: score.into(),
        remark: String::new(),
    })
    .unwrap();
}

/// A hand-computed case for the completion rule and the report: in 山东 A (业务员) and B
/// (导购), in 河南 C (业务员); the policy course (pass mark 80) is mandatory for 业务员 and 导购,
/// the ethics course (no pass mark) for 业务员 in 山东 only.
#[test]
fn completion_counts_late_not_excused_takes_the_best_score_and_rounds_half_up() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let (sd, hn) = (region(&core, "山东"), region(&core, "河南"));
    let (rep, promoter) = (role(&core, "业务员"), role(&core, "导购"));
    let a = person(&core, "王强", sd, rep, "13805310003");
    let b = person(&core, "李娜", sd, promoter, "13805310012");
    let c = person(&core, "赵敏", hn, rep, "13903710021");
    let policy = core
        .save_program(ProgramInput {
            title: "五一促销政策".into(),
            category_id: Some(category(&core, "营销知识")),
            pass_mark: "80".into(),
            role_ids: vec![rep, promoter],
            ..Default::default()
        })
        .unwrap()
        .id;
    let ethics = core
        .save_program(ProgramInput {
            title: "职业道德".into(),
            category_id: Some(category(&core, "销售人员职业道德")),
            role_ids: vec![rep],
            region_ids: vec![sd],
            ..Default::default()
        })
        .unwrap()
        .id;
    let s1 = core
        .save_session(session(policy, "2026-04-20", "09:00", "11:00"))
        .unwrap()[0];
    let s2 = core
        .save_session(session(policy, "2026-04-22", "09:00", "11:00"))
        .unwrap()[0];
    let s3 = core
        .save_session(session(ethics, "2026-04-21", "09:00", "10:00"))
        .unwrap()[0];
    // A: 72 at the first try, 85 late at the second → completed (best score counts).
    mark(&core, s1, a, Mark::Present, "72");
    mark(&core, s2, a, Mark::Late, "85");
    // B: excused with a 95 written by mistake → not completed.
    mark(&core, s1, b, Mark::Excused, "95");
    // C: present, 80 → completed (the pass mark passes).
    mark(&core, s2, c, Mark::Present, "80");
    // A at ethics: late, no pass mark → completed.
    mark(&core, s3, a, Mark::Late, "");
    let by_region = core.completion_by_region(None).unwrap();
    let row = |name: &str| {
        by_region
            .iter()
            .find(|r| r.region == name)
            .map(|r| (r.staff, r.required, r.completed, r.completion_pct))
            .unwrap()
    };
    // 山东: A·policy ✓, A·ethics ✓, B·policy ✗ → 2 / 3 = 66.67 %.
    assert_eq!(row("山东"), (2, 3, 2, 66.67));
    assert_eq!(row("河南"), (1, 1, 1, 100.0));
    let policy_only = core.completion_by_region(Some(policy)).unwrap();
    assert_eq!(policy_only[0].region, "山东");
    assert_eq!(policy_only[0].completion_pct, 50.0);
    // Marking a session held it; cancelling the session of C's mark undoes C's completion.
    assert_eq!(
        core.session_roster(s2).unwrap().session.status,
        SessionStatus::Held
    );
    core.set_session_status(s2, SessionStatus::Cancelled)
        .unwrap();
    let after = core.completion_by_region(None).unwrap();
    assert_eq!(
        after.iter().find(|r| r.region == "河南").unwrap().completed,
        0
    );
    // A (72 present at s1 only now) no longer passes the policy: 山东 1 / 3 = 33.33 %.
    assert_eq!(
        after
            .iter()
            .find(|r| r.region == "山东")
            .unwrap()
            .completion_pct,
        33.33
    );
    // Who is missing, for the matrix cell 山东 × policy.
    let missing = core.missing(Some(sd), Some(policy)).unwrap();
    let names: Vec<&str> = missing.iter().map(|m| m.person.name.as_str()).collect();
    assert_eq!(names, ["李娜", "王强"]);
    // A person's record: both programs mandatory, ethics completed, best policy score 72.
    let rec = core.person_record(a).unwrap();
    let standing: Vec<(&str, bool, bool, Option<i64>)> = rec
        .programs
        .iter()
        .map(|p| (p.program.as_str(), p.mandatory, p.completed, p.best_score))
        .collect();
    assert_eq!(
        standing,
        [
            ("五一促销政策", true, false, Some(72)),
            ("职业道德", true, true, None)
        ]
    );
    assert_eq!(rec.sessions.len(), 3);
    // The matrix: 山东's row has both programs, 河南's only the policy.
    let m = core.completion_matrix().unwrap();
    assert_eq!(m.programs.len(), 2);
    let hn_row = m.rows.iter().find(|r| r.region == "河南").unwrap();
    assert_eq!(hn_row.cells.iter().filter(|c| c.is_some()).count(), 1);
}

#[test]
fn a_full_session_waitlists_and_promotes_in_order_and_mandatory_staff_are_enrolled() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let (sd, hn) = (region(&core, "山东"), region(&core, "河南"));
    let rep = role(&core, "业务员");
    let manager = role(&core, "区域经理");
    let ids: Vec<i64> = ["甲", "乙", "丙", "丁", "戊"]
        .iter()
        .enumerate()
        .map(|(i, n)| person(&core, n, sd, rep, &format!("1380531000{i}")))
        .collect();
    person(&core, "己", hn, rep, "13903710000");
    person(&core, "庚", sd, manager, "13805319999");
    let program = core
        .save_program(ProgramInput {
            title: "特价车规则".into(),
            category_id: Some(category(&core, "营销知识")),
            role_ids: vec![rep],
            ..Default::default()
        })
        .unwrap()
        .id;
    let s = core
        .save_session(SessionInput {
            region_id: Some(sd),
            capacity: "3".into(),
            ..session(program, "2026-04-20", "09:00", "11:00")
        })
        .unwrap()[0];
    // Everyone mandatory in 山东 (not 己 in 河南, not 庚 the manager): three places, two wait.
    let e = core.enrol_mandatory(s).unwrap();
    assert_eq!((e.placed, e.waiting), (3, 2));
    let waiting: Vec<(&str, Option<i64>)> = e
        .roster
        .lines
        .iter()
        .map(|l| (l.name.as_str(), l.waiting))
        .collect();
    assert_eq!(
        waiting,
        [
            ("甲", None),
            ("乙", None),
            ("丙", None),
            ("丁", Some(1)),
            ("戊", Some(2))
        ]
    );
    // Enrolling again adds nobody.
    assert_eq!(core.enrol_mandatory(s).unwrap().placed, 0);
    // 乙 withdraws: 丁, the first waiting, moves up; 戊 is first in line now.
    assert_eq!(core.withdraw(s, ids[1]).unwrap(), ["丁"]);
    let r = core.session_roster(s).unwrap();
    assert_eq!(r.session.placed, 3);
    assert_eq!(r.session.waiting, 1);
    assert_eq!(
        r.lines.iter().find(|l| l.name == "戊").unwrap().waiting,
        Some(1)
    );
    // Someone who already completed is not enrolled again in the next session.
    mark(&core, s, ids[0], Mark::Present, "");
    let s2 = core
        .save_session(SessionInput {
            region_id: Some(sd),
            ..session(program, "2026-04-27", "09:00", "11:00")
        })
        .unwrap()[0];
    let names: Vec<String> = core
        .enrol_mandatory(s2)
        .unwrap()
        .roster
        .lines
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, ["乙", "丙", "丁", "戊"]);
}

#[test]
fn a_weekly_or_monthly_session_makes_separate_sessions_that_are_edited_one_by_one() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let program = core
        .save_program(ProgramInput {
            title: "周例会培训".into(),
            category_id: Some(category(&core, "必备素质")),
            ..Default::default()
        })
        .unwrap()
        .id;
    let ids = core
        .save_session(SessionInput {
            repeat: Some(Repeat::Weekly),
            times: "4".into(),
            ..session(program, "2026-03-02", "9:00", "10点半")
        })
        .unwrap();
    assert_eq!(ids.len(), 4);
    let view = core
        .training_sessions(day("2026-03-01"), day("2026-03-31"))
        .unwrap();
    let days: Vec<String> = view.sessions.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(
        days,
        ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]
    );
    assert!(view
        .sessions
        .iter()
        .all(|s| s.starts == "09:00" && s.ends == "10:30"));
    // The third moves to Tuesday; the others stay.
    core.save_session(SessionInput {
        id: Some(ids[2]),
        ..session(program, "2026-03-17", "14:00", "15:00")
    })
    .unwrap();
    let view = core
        .training_sessions(day("2026-03-01"), day("2026-03-31"))
        .unwrap();
    let days: Vec<String> = view.sessions.iter().map(|s| s.date.to_string()).collect();
    assert_eq!(
        days,
        ["2026-03-02", "2026-03-09", "2026-03-17", "2026-03-23"]
    );
    // Monthly from the 31st: the end of shorter months.
    let monthly = core
        .save_session(SessionInput {
            repeat: Some(Repeat::Monthly),
            times: "3".into(),
            ..session(program, "2026-01-31", "9:00", "10:00")
        })
        .unwrap();
    let view = core
        .training_sessions(day("2026-01-01"), day("2026-02-28"))
        .unwrap();
    assert_eq!(monthly.len(), 3);
    assert_eq!(view.sessions.last().unwrap().date, day("2026-02-28"));
    // Bad input writes nothing: an end before the start.
    let before = core
        .training_sessions(day("2026-01-01"), day("2026-12-31"))
        .unwrap()
        .sessions
        .len();
    let err = core
        .save_session(session(program, "2026-05-01", "11:00", "10:00"))
        .unwrap_err();
    assert_eq!(err.field(), Some("ends"));
    let after = core
        .training_sessions(day("2026-01-01"), day("2026-12-31"))
        .unwrap()
        .sessions
        .len();
    assert_eq!(before, after);
}

/// Every clash kind, with its reason, before saving — and the exception: a session of the
/// program that prepares the promotion.
#[test]
fn clashes_trainer_person_holiday_and_promotion_peak_are_warned_with_the_reason() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let sd = region(&core, "山东");
    let rep = role(&core, "业务员");
    let a = person(&core, "王强", sd, rep, "13805310003");
    let cat = category(&core, "营销知识");
    let mayday = core
        .save_campaign(CampaignInput {
            name: "江森五一焕新季".into(),
            kind: Some(CampaignKind::Holiday),
            start: "2026-04-28".into(),
            end: "2026-05-05".into(),
            region_ids: vec![sd],
            ..Default::default()
        })
        .unwrap();
    let p1 = core
        .save_program(ProgramInput {
            title: "终端执行标准".into(),
            category_id: Some(cat),
            ..Default::default()
        })
        .unwrap()
        .id;
    let prep = core
        .save_program(ProgramInput {
            title: "五一 T-7 销售培训".into(),
            category_id: Some(cat),
            campaign_id: Some(mayday),
            ..Default::default()
        })
        .unwrap()
        .id;
    // Another session on 4-30 from 10:00, taught by 李老师, with 王强 enrolled.
    let other = core
        .save_session(session(p1, "2026-04-30", "10:00", "12:00"))
        .unwrap()[0];
    core.enrol(other, a).unwrap();
    let mine = core
        .save_session(SessionInput {
            trainer: "张工".into(),
            ..session(p1, "2026-04-30", "08:00", "09:00")
        })
        .unwrap()[0];
    // Enrolling 王强 here warns at once: he is enrolled elsewhere at an overlapping time.
    let roster = core.enrol(mine, a).unwrap();
    assert!(
        roster.clashes.is_empty(),
        "08:00–09:00 does not overlap 10:00–12:00"
    );
    // Moved to 09:30–10:30 in 山东 and taught by 李老师: the trainer and 王强 are both busy.
    let input = SessionInput {
        id: Some(mine),
        region_id: Some(sd),
        trainer: "李老师".into(),
        ..session(p1, "2026-04-30", "09:30", "10:30")
    };
    core.save_session(SessionInput {
        id: Some(mine),
        ..session(p1, "2026-04-30", "09:30", "10:30")
    })
    .unwrap();
    let roster = core.session_roster(mine).unwrap();
    let warned: Vec<&str> = roster.clashes.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        warned,
        ["王强同一时间已报名“终端执行标准”（10:00–12:00）。"]
    );
    let found = core.session_clashes(input.clone()).unwrap();
    let kinds: Vec<&str> = found
        .iter()
        .map(|w| match w.clash {
            Clash::Trainer { .. } => "trainer",
            Clash::Person { .. } => "person",
            Clash::Holiday { .. } => "holiday",
            Clash::Campaign { .. } => "campaign",
        })
        .collect();
    // The promotion is still a draft: no peak yet.
    assert_eq!(kinds, ["trainer", "person"], "{found:?}");
    assert_eq!(
        found[0].message,
        "讲师李老师同一时间在讲“终端执行标准”（10:00–12:00）。"
    );
    assert_eq!(
        found[1].message,
        "王强同一时间已报名“终端执行标准”（10:00–12:00）。"
    );
    for to in [Status::Planned, Status::Approved] {
        core.set_campaign_status(StatusInput {
            id: mayday,
            to,
            note: String::new(),
        })
        .unwrap();
    }
    let on_holiday = SessionInput {
        date: "2026-05-01".into(),
        ..input.clone()
    };
    let found = core.session_clashes(on_holiday.clone()).unwrap();
    let messages: Vec<&str> = found.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[0], "这一天是法定节假日（五一）。");
    assert_eq!(
        messages[1],
        "这一天在本区域的促销“江森五一焕新季”期间（2026-04-28 至 2026-05-05），促销高峰不宜安排培训。"
    );
    // The promotion's own training is no clash with it; another region is none either.
    let own = core
        .session_clashes(SessionInput {
            program_id: Some(prep),
            ..on_holiday.clone()
        })
        .unwrap();
    assert!(own
        .iter()
        .all(|w| !matches!(w.clash, Clash::Campaign { .. })));
    let elsewhere = core
        .session_clashes(SessionInput {
            region_id: Some(region(&core, "河南")),
            ..on_holiday
        })
        .unwrap();
    assert!(elsewhere
        .iter()
        .all(|w| !matches!(w.clash, Clash::Campaign { .. })));
    // In English.
    core.set_lang(marketdesk_lib::i18n::Lang::En).unwrap();
    let en = core.session_clashes(input).unwrap();
    assert_eq!(
        en[0].message,
        "The trainer 李老师 teaches “终端执行标准” at the same time (10:00–12:00)."
    );
}

/// The demo: 40 people, 安徽 behind, the December refresher full with two waiting.
#[test]
fn the_demo_trains_forty_people_before_mayday_with_anhui_behind() {
    let sb = Sandbox::new();
    let core = AppCore::new(sb.db.clone());
    core.start_demo().unwrap();
    assert_eq!(core.list_staff(None).unwrap().len(), 40);
    let report = core.completion_by_region(None).unwrap();
    let pct = |r: &str| {
        report
            .iter()
            .find(|x| x.region == r)
            .unwrap()
            .completion_pct
    };
    assert!(pct("安徽") < 50.0, "{report:?}");
    for r in ["山东", "河南", "江苏"] {
        assert!(pct(r) > pct("安徽") + 20.0, "{report:?}");
    }
    let mayday = core.find_campaign("江森五一焕新季").unwrap();
    let not_ready = core.not_ready(mayday).unwrap();
    assert!(not_ready.iter().any(|m| m.person.region == "安徽"));
    let dec = core
        .training_sessions(day("2026-12-01"), day("2026-12-31"))
        .unwrap();
    assert_eq!(dec.sessions.len(), 1);
    assert_eq!((dec.sessions[0].placed, dec.sessions[0].waiting), (3, 2));
}
