//! The training part of the demo: 40 people of the sales force in 山东, 河南, 江苏 and 安徽;
//! the seven programs of the plan, with who must take them; sessions before 五一 2026 with
//! attendance and scores — 安徽 is behind (absences, scores under the pass mark) — and, in
//! December, a refresher that is full with two people waiting.

use crate::domain::training::forms::{ValidAttendance, ValidProgram, ValidSession, ValidStaff};
use crate::domain::training::{Mark, SessionStatus};
use crate::error::{AppError, AppResult};
use crate::store::regions;
use crate::store::training::{
    category_id_in, enrol_in, insert_program_in, insert_session_in, insert_staff_in, mark_in,
    role_id_in,
};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::Transaction;

pub struct Loaded {
    pub staff: i64,
    pub sessions: i64,
}

fn d(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| AppError::Internal(e.to_string()))
}

fn t(s: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|e| AppError::Internal(e.to_string()))
}

fn found(what: &str, id: Option<i64>) -> AppResult<i64> {
    id.ok_or_else(|| AppError::Internal(format!("sample: {what}")))
}

/// A region's short name, phone prefix, and its ten people (name, role).
type RegionSpec = (
    &'static str,
    &'static str,
    [(&'static str, &'static str); 10],
);

const PEOPLE: [RegionSpec; 4] = [
    (
        "山东",
        "1380531",
        [
            ("王强", "区域经理"),
            ("李娜", "业务员"),
            ("张磊", "业务员"),
            ("刘芳", "业务员"),
            ("陈涛", "督导"),
            ("杨洁", "督导"),
            ("赵亮", "导购"),
            ("黄丽", "导购"),
            ("周鹏", "导购"),
            ("吴婷", "市场专员"),
        ],
    ),
    (
        "河南",
        "1390371",
        [
            ("刘洋", "区域经理"),
            ("孙浩", "业务员"),
            ("马超", "业务员"),
            ("朱琳", "业务员"),
            ("胡斌", "督导"),
            ("郭敏", "督导"),
            ("何静", "导购"),
            ("高翔", "导购"),
            ("林雪", "导购"),
            ("罗凯", "市场专员"),
        ],
    ),
    (
        "江苏",
        "1380250",
        [
            ("陈静", "区域经理"),
            ("徐峰", "业务员"),
            ("宋佳", "业务员"),
            ("唐亮", "业务员"),
            ("许晴", "督导"),
            ("韩冰", "督导"),
            ("冯雷", "导购"),
            ("邓艳", "导购"),
            ("曹阳", "导购"),
            ("彭博", "市场专员"),
        ],
    ),
    (
        "安徽",
        "1370551",
        [
            ("曾伟", "区域经理"),
            ("萧然", "业务员"),
            ("田野", "业务员"),
            ("董亮", "业务员"),
            ("潘婷", "督导"),
            ("袁杰", "督导"),
            ("蒋丽", "导购"),
            ("蔡明", "导购"),
            ("余欢", "导购"),
            ("杜鹃", "市场专员"),
        ],
    ),
];

/// The seven programs: title, category, pass mark, mandatory roles, prepares 五一, due.
type ProgramSpec = (
    &'static str,
    &'static str,
    Option<i64>,
    &'static [&'static str],
    bool,
    Option<&'static str>,
);

const PROGRAMS: [ProgramSpec; 7] = [
    (
        "五一促销政策与特价车规则",
        "营销知识",
        Some(80),
        &["区域经理", "业务员", "督导", "导购"],
        true,
        Some("2026-04-27"),
    ),
    (
        "JS-M5 新品产品知识",
        "产品知识",
        Some(70),
        &["业务员", "导购"],
        true,
        Some("2026-04-25"),
    ),
    (
        "终端执行标准",
        "行业执行标准",
        None,
        &["督导", "导购"],
        false,
        None,
    ),
    (
        "企业自律守则",
        "企业自律守则",
        None,
        &["区域经理", "业务员", "督导", "导购", "市场专员"],
        false,
        None,
    ),
    (
        "销售人员职业道德",
        "销售人员职业道德",
        Some(60),
        &["业务员", "导购"],
        false,
        None,
    ),
    ("销售必备素质", "必备素质", None, &[], false, None),
    (
        "锂电池安全与应用技术",
        "应用技术及公司产品",
        Some(75),
        &["督导"],
        false,
        None,
    ),
];

/// A mark and score for person `i` of region `r` at a session of program `p`: 安徽 (r = 3)
/// misses more and scores lower.
fn outcome(r: usize, i: usize, p: usize) -> (Mark, Option<i64>) {
    let k = (r * 7 + i * 5 + p * 3) % 10;
    let behind = r == 3;
    let mark = match (behind, k) {
        (false, 0) => Mark::Late,
        (false, 9) if p.is_multiple_of(2) => Mark::Absent,
        (true, 0 | 4) => Mark::Absent,
        (true, 7) => Mark::Excused,
        (true, 2) => Mark::Late,
        _ => Mark::Present,
    };
    let base = if behind { 58 } else { 76 };
    let score = base + ((i * 13 + p * 11 + r * 5) % 22) as i64;
    (mark, Some(score.min(100)))
}

/// A program (index into PROGRAMS), its days (one per region, or one for everyone), start, end,
/// trainer, and the place of an online session.
type SessionSpec = (
    usize,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

pub fn load(tx: &Transaction<'_>, mayday: i64) -> AppResult<Loaded> {
    // People: JS-0001 … JS-0040.
    let mut staff: Vec<Vec<(i64, &str)>> = Vec::new();
    let mut n = 0;
    for (region, prefix, people) in PEOPLE {
        let region_id = found(region, regions::id_by_short_name_in(tx, region)?)?;
        let mut ids = Vec::new();
        for (i, (name, role)) in people.into_iter().enumerate() {
            n += 1;
            let v = ValidStaff {
                name: name.to_string(),
                region_id,
                role_id: found(role, role_id_in(tx, role)?)?,
                phone: format!("{prefix}{:04}", 10 + i * 7),
                employee_no: Some(format!("JS-{n:04}")),
                hire_on: Some(d("2019-03-01")? + chrono::Days::new((n * 53 % 2000) as u64)),
                active: true,
            };
            ids.push((insert_staff_in(tx, &v, None)?, role));
        }
        staff.push(ids);
    }
    // Programs.
    let mut programs = Vec::new();
    for (title, category, pass_mark, roles, prepares, due) in PROGRAMS {
        let mut role_ids = Vec::new();
        for role in roles {
            role_ids.push(found(role, role_id_in(tx, role)?)?);
        }
        let v = ValidProgram {
            title: title.to_string(),
            category_id: found(category, category_id_in(tx, category)?)?,
            description: String::new(),
            pass_mark,
            role_ids,
            region_ids: Vec::new(),
            campaign_id: prepares.then_some(mayday),
            due_on: due.map(d).transpose()?,
        };
        programs.push((insert_program_in(tx, &v, None)?, roles));
    }
    let mut sessions = 0;
    let regions = ["山东", "河南", "江苏", "安徽"];
    let places = [
        "济南分公司会议室",
        "郑州分公司培训室",
        "南京分公司会议室",
        "合肥分公司会议室",
    ];
    // Per region: 五一 policy (T-7 … T-10) and the JS-M5 product training, held; terminal
    // standards in March (not in 安徽); online sessions of the code of conduct and ethics for
    // everyone; the battery course for supervisors in 山东 and 河南.
    let plan: [SessionSpec; 6] = [
        (
            0,
            &["2026-04-20", "2026-04-21", "2026-04-19", "2026-04-18"],
            "09:00",
            "11:30",
            "市场部 陈静",
            "",
        ),
        (
            1,
            &["2026-04-13", "2026-04-14", "2026-04-15", "2026-04-16"],
            "14:00",
            "17:00",
            "产品部 张工",
            "",
        ),
        // Terminal standards in three regions; 安徽's session never happened.
        (
            2,
            &["2026-03-10", "2026-03-11", "2026-03-12"],
            "14:00",
            "17:00",
            "市场部 陈静",
            "",
        ),
        (
            3,
            &["2026-03-18"],
            "10:00",
            "11:30",
            "人力资源部 林老师",
            "线上（腾讯会议）",
        ),
        (
            4,
            &["2026-03-25"],
            "10:00",
            "11:30",
            "人力资源部 林老师",
            "线上（腾讯会议）",
        ),
        (
            6,
            &["2026-04-08", "2026-04-09"],
            "09:00",
            "12:00",
            "产品部 张工",
            "",
        ),
    ];
    for (p, days, starts, ends, trainer, online) in plan {
        let (program_id, roles) = programs[p];
        for (k, day) in days.iter().enumerate() {
            let one_region = days.len() > 1;
            let v = ValidSession {
                program_id,
                date: d(day)?,
                starts: t(starts)?,
                ends: t(ends)?,
                region_id: if one_region {
                    regions::id_by_short_name_in(tx, regions[k])?
                } else {
                    None
                },
                location: if one_region {
                    places[k].to_string()
                } else {
                    online.to_string()
                },
                trainer: trainer.to_string(),
                capacity: if one_region { Some(30) } else { None },
                status: SessionStatus::Held,
            };
            let id = insert_session_in(tx, &v, v.date, None)?;
            sessions += 1;
            for (r, people) in staff.iter().enumerate() {
                if one_region && r != k {
                    continue;
                }
                for (i, (person, role)) in people.iter().enumerate() {
                    if !roles.contains(role) {
                        continue;
                    }
                    enrol_in(tx, id, *person)?;
                    let (mark, score) = outcome(r, i, p);
                    let scored = programs_scored(p);
                    mark_in(
                        tx,
                        &ValidAttendance {
                            session_id: id,
                            staff_id: *person,
                            mark,
                            score: if scored && mark.attended() {
                                score
                            } else {
                                None
                            },
                            remark: match mark {
                                Mark::Excused => "门店值班".into(),
                                Mark::Late => "路上堵车".into(),
                                _ => String::new(),
                            },
                        },
                        None,
                    )?;
                }
            }
        }
    }
    // December: the terminal-standards refresher in 河南, full (three places, five people: two wait).
    let (program_id, roles) = programs[2];
    let v = ValidSession {
        program_id,
        date: d("2026-12-10")?,
        starts: t("14:00")?,
        ends: t("16:00")?,
        region_id: regions::id_by_short_name_in(tx, "河南")?,
        location: "郑州分公司培训室".into(),
        trainer: "市场部 陈静".into(),
        capacity: Some(3),
        status: SessionStatus::Planned,
    };
    let refresher = insert_session_in(tx, &v, v.date, None)?;
    sessions += 1;
    for (person, role) in &staff[1] {
        if roles.contains(role) {
            enrol_in(tx, refresher, *person)?;
        }
    }
    Ok(Loaded {
        staff: n as i64,
        sessions,
    })
}

/// Programs with a pass mark are scored.
fn programs_scored(p: usize) -> bool {
    PROGRAMS[p].2.is_some()
}
