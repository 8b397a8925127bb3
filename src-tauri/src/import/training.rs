//! Training sheets through the import engine: the roster 花名册, the training plan 培训计划
//! and the sign-in sheet 签到表. Each has its schema and row checks here; the rows go to
//! `store::training` as one batch.

use super::engine::{
    self, sheet_fields, Field, RegionNames, Rejection, RowReader, Run, Schema, SheetReport, Tally,
};
use super::read::Sheet;
use crate::domain::training::forms::{phone_ok, ValidAttendance};
use crate::domain::training::{normalize_phone, Mark, StaffKey};
use crate::error::AppResult;
use crate::store::batches::BatchKind;
use crate::store::training::{self as store_t, PlanRow, RosterRow, SignInRow};
use crate::store::Store;
use std::collections::{HashMap, HashSet};

sheet_fields! {
    /// The roster's columns.
    pub enum StaffCol {
        Name = Field {
            zh: "姓名",
            en: "name",
            aliases: &["姓名", "名字", "员工姓名", "name"],
            required: true,
        },
        Region = Field {
            zh: "区域",
            en: "region",
            aliases: &["区域", "省份", "地区", "所属区域", "region", "province"],
            required: true,
        },
        Role = Field {
            zh: "岗位",
            en: "role",
            aliases: &["岗位", "职务", "角色", "职位", "role", "position"],
            required: true,
        },
        Phone = Field {
            zh: "电话",
            en: "phone",
            aliases: &["电话", "手机", "手机号", "手机号码", "联系电话", "phone", "mobile"],
            required: false,
        },
        EmployeeNo = Field {
            zh: "工号",
            en: "employee no.",
            aliases: &["工号", "员工编号", "员工号", "employeeno", "employeeno.", "employeeid"],
            required: false,
        },
        HireOn = Field {
            zh: "入职日期",
            en: "hire date",
            aliases: &["入职日期", "入职时间", "hiredate"],
            required: false,
        },
        Active = Field {
            zh: "在职",
            en: "active",
            aliases: &["在职", "在职状态", "状态", "active"],
            required: false,
        },
    }
}

pub const ROSTER: Schema = Schema {
    fields: StaffCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是花名册：前 10 行里找不到表头（需要 姓名、区域、岗位 等列）。",
    not_this_en: "This is not a roster: no header in the first 10 rows (expected columns such as name, region, role).",
};

/// 在职 as people write it: 是/在职/Y/1 (or empty) is active, 否/离职/N/0 is not.
fn parse_active(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "是" | "在职" | "y" | "yes" | "1" | "true" | "√" | "active" => Some(true),
        "否" | "离职" | "n" | "no" | "0" | "false" | "×" | "inactive" | "left" => Some(false),
        _ => None,
    }
}

fn parse_staff_row(r: &RowReader<'_>, regions: &RegionNames) -> Result<RosterRow, Rejection> {
    let name = r.required_text(StaffCol::Name)?;
    let region_text = r.required_text(StaffCol::Region)?;
    let region_id = regions.get(&region_text).ok_or_else(|| {
        r.reject(
            StaffCol::Region,
            format!("“{region_text}”既不是省份，也不是已建的销售区域（请先在设置里添加）"),
            format!("“{region_text}” is neither a province nor one of your sales regions (add it in Settings first)"),
        )
    })?;
    let role = r.required_text(StaffCol::Role)?;
    let phone = normalize_phone(&r.text(StaffCol::Phone));
    if !phone_ok(&phone) {
        return Err(r.reject(
            StaffCol::Phone,
            format!("电话无法识别：{phone}"),
            format!("unreadable phone: {phone}"),
        ));
    }
    let employee_no = r.text(StaffCol::EmployeeNo);
    let active_text = r.text(StaffCol::Active);
    let active = parse_active(&active_text).ok_or_else(|| {
        r.reject(
            StaffCol::Active,
            format!("在职状态“{active_text}”不认识：请写 是 或 否"),
            format!("“{active_text}” is not a yes or no"),
        )
    })?;
    Ok(RosterRow {
        row: r.number(),
        key: StaffKey::of(&name, &phone, &employee_no),
        name,
        region_id,
        role,
        phone,
        employee_no: (!employee_no.is_empty()).then_some(employee_no),
        hire_on: r.date(StaffCol::HireOn)?,
        active,
    })
}

/// Import a roster as one batch: people already known are updated, the same person twice in
/// the file is a duplicate (the first row counts), an unknown region is rejected.
pub fn import_staff(store: &mut Store, run: &Run<'_>, sheets: &[Sheet]) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &ROSTER, run)?;
    let rows = &picked.sheet.rows;
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    let mut checked = engine::check_rows(rows, &ROSTER, None, run.lang, |r| {
        parse_staff_row(r, &regions)
    })?;
    let mut seen = HashSet::new();
    let before = checked.valid.len();
    checked.valid.retain(|r| seen.insert(r.key.clone()));
    let duplicates = before - checked.valid.len();
    let kind = BatchKind::Staff;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_t::write_roster(tx, id, valid)?;
        let imported = w.rows;
        Ok((
            w,
            Tally {
                imported,
                duplicates,
            },
        ))
    })?;
    Ok(SheetReport {
        imported: written.rows,
        duplicates,
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}

sheet_fields! {
    /// The training plan's columns.
    pub enum PlanCol {
        Program = Field {
            zh: "课程",
            en: "program",
            aliases: &["课程", "课程名称", "培训名称", "培训课程", "培训内容", "program", "course", "title"],
            required: true,
        },
        Category = Field {
            zh: "类别",
            en: "category",
            aliases: &["类别", "培训类别", "分类", "category"],
            required: false,
        },
        Date = Field {
            zh: "日期",
            en: "date",
            aliases: &["日期", "培训日期", "date"],
            required: true,
        },
        Starts = Field {
            zh: "开始时间",
            en: "start",
            aliases: &["开始时间", "开始", "起始时间", "start", "starts", "from"],
            required: true,
        },
        Ends = Field {
            zh: "结束时间",
            en: "end",
            aliases: &["结束时间", "结束", "end", "ends", "to"],
            required: true,
        },
        Region = Field {
            zh: "区域",
            en: "region",
            aliases: &["区域", "省份", "地区", "region"],
            required: false,
        },
        Location = Field {
            zh: "地点",
            en: "location",
            aliases: &["地点", "培训地点", "场地", "location", "place", "venue"],
            required: false,
        },
        Trainer = Field {
            zh: "讲师",
            en: "trainer",
            aliases: &["讲师", "培训师", "老师", "trainer"],
            required: false,
        },
        Capacity = Field {
            zh: "人数上限",
            en: "capacity",
            aliases: &["人数上限", "容量", "名额", "人数", "capacity"],
            required: false,
        },
    }
}

pub const PLAN: Schema = Schema {
    fields: PlanCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是培训计划：前 10 行里找不到表头（需要 课程、日期、开始时间、结束时间 等列）。",
    not_this_en: "This is not a training plan: no header in the first 10 rows (expected columns such as program, date, start, end).",
};

fn parse_plan_row(
    r: &RowReader<'_>,
    regions: &RegionNames,
    programs: &HashSet<String>,
) -> Result<PlanRow, Rejection> {
    let program = r.required_text(PlanCol::Program)?;
    let category = r.text(PlanCol::Category);
    if category.is_empty() && !programs.contains(&program.to_lowercase()) {
        return Err(r.reject(
            PlanCol::Category,
            format!("“{program}”是新课程，请填写类别（如 产品知识）"),
            format!("“{program}” is a new program: give its category (such as 产品知识)"),
        ));
    }
    let date = r
        .date(PlanCol::Date)?
        .ok_or_else(|| r.reject(PlanCol::Date, "缺少日期", "date is missing"))?;
    let starts = r
        .time(PlanCol::Starts)?
        .ok_or_else(|| r.reject(PlanCol::Starts, "缺少开始时间", "start time is missing"))?;
    let ends = r
        .time(PlanCol::Ends)?
        .ok_or_else(|| r.reject(PlanCol::Ends, "缺少结束时间", "end time is missing"))?;
    if ends <= starts {
        return Err(r.reject(
            PlanCol::Ends,
            format!(
                "结束时间 {} 不晚于开始时间 {}",
                ends.format("%H:%M"),
                starts.format("%H:%M")
            ),
            format!(
                "end {} is not after start {}",
                ends.format("%H:%M"),
                starts.format("%H:%M")
            ),
        ));
    }
    let region_text = r.text(PlanCol::Region);
    let region_id = if region_text.is_empty() {
        None
    } else {
        Some(regions.get(&region_text).ok_or_else(|| {
            r.reject(
                PlanCol::Region,
                format!("“{region_text}”既不是省份，也不是已建的销售区域"),
                format!("“{region_text}” is neither a province nor one of your sales regions"),
            )
        })?)
    };
    let capacity = r.count(PlanCol::Capacity)?;
    if capacity == Some(0) {
        return Err(r.reject(
            PlanCol::Capacity,
            "人数上限至少为 1（不限请留空）",
            "capacity is at least 1 (leave it empty for no limit)",
        ));
    }
    Ok(PlanRow {
        row: r.number(),
        program,
        category: (!category.is_empty()).then_some(category),
        date,
        starts,
        ends,
        region_id,
        location: r.text(PlanCol::Location),
        trainer: r.text(PlanCol::Trainer),
        capacity,
    })
}

/// Import a training plan as one batch: a session of the same program, day and start time is
/// updated; an unknown program is created in its category.
pub fn import_plan(store: &mut Store, run: &Run<'_>, sheets: &[Sheet]) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &PLAN, run)?;
    let rows = &picked.sheet.rows;
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    // Programs known: stored ones, and those an earlier row of the file introduces.
    let mut programs: HashSet<String> = store_t::list_programs(store)?
        .into_iter()
        .map(|p| p.title.to_lowercase())
        .collect();
    let checked = engine::check_rows(rows, &PLAN, None, run.lang, |r| {
        let row = parse_plan_row(r, &regions, &programs)?;
        programs.insert(row.program.to_lowercase());
        Ok(row)
    })?;
    let kind = BatchKind::Sessions;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_t::write_plan(tx, id, valid)?;
        let imported = w.rows;
        Ok((
            w,
            Tally {
                imported,
                duplicates: 0,
            },
        ))
    })?;
    Ok(SheetReport {
        imported: written.rows,
        duplicates: 0,
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}

sheet_fields! {
    /// The sign-in sheet's columns (the sheet MarketDesk prints comes back in this shape).
    pub enum SignInCol {
        Date = Field {
            zh: "日期",
            en: "date",
            aliases: &["日期", "培训日期", "date"],
            required: true,
        },
        Program = Field {
            zh: "课程",
            en: "program",
            aliases: &["课程", "课程名称", "培训名称", "培训课程", "program", "course"],
            required: true,
        },
        Starts = Field {
            zh: "开始时间",
            en: "start",
            aliases: &["开始时间", "开始", "start"],
            required: false,
        },
        Name = Field {
            zh: "姓名",
            en: "name",
            aliases: &["姓名", "名字", "员工姓名", "name"],
            required: true,
        },
        Phone = Field {
            zh: "电话",
            en: "phone",
            aliases: &["电话", "手机", "手机号", "手机号码", "联系电话", "phone", "mobile"],
            required: false,
        },
        EmployeeNo = Field {
            zh: "工号",
            en: "employee no.",
            aliases: &["工号", "员工编号", "员工号", "employeeno", "employeeno.", "employeeid"],
            required: false,
        },
        Mark = Field {
            zh: "出勤",
            en: "attendance",
            aliases: &["出勤", "签到", "出勤情况", "考勤", "attendance", "mark"],
            required: true,
        },
        Score = Field {
            zh: "成绩",
            en: "score",
            aliases: &["成绩", "分数", "得分", "考核成绩", "score"],
            required: false,
        },
        Remark = Field {
            zh: "备注",
            en: "remark",
            aliases: &["备注", "remark", "remarks", "note"],
            required: false,
        },
    }
}

pub const SIGN_IN: Schema = Schema {
    fields: SignInCol::FIELDS,
    min_match: 4,
    not_this_zh: "这不是签到表：前 10 行里找不到表头（需要 日期、课程、姓名、出勤 等列）。",
    not_this_en: "This is not a sign-in sheet: no header in the first 10 rows (expected columns such as date, program, name, attendance).",
};

/// What a sign-in row is checked against: programs, sessions and people as stored.
struct SignInLookup {
    programs: HashMap<String, i64>,
    /// (program, day) → sessions that are not cancelled, by start time.
    sessions: HashMap<(i64, chrono::NaiveDate), Vec<(i64, String)>>,
    keys: HashMap<StaffKey, i64>,
    by_name: HashMap<String, Vec<i64>>,
}

fn find_person(r: &RowReader<'_>, l: &SignInLookup, name: &str) -> Result<i64, Rejection> {
    let phone = normalize_phone(&r.text(SignInCol::Phone));
    let no = r.text(SignInCol::EmployeeNo);
    if !no.is_empty() {
        return l
            .keys
            .get(&StaffKey::of(name, &phone, &no))
            .copied()
            .ok_or_else(|| {
                r.reject(
                    SignInCol::EmployeeNo,
                    format!("花名册里没有工号为 {no} 的员工"),
                    format!("no one on the roster has the employee number {no}"),
                )
            });
    }
    if !phone.is_empty() {
        return l
            .keys
            .get(&StaffKey::of(name, &phone, ""))
            .copied()
            .ok_or_else(|| {
                r.reject(
                    SignInCol::Name,
                    format!("花名册里没有{name}（电话 {phone}）"),
                    format!("{name} (phone {phone}) is not on the roster"),
                )
            });
    }
    match l.by_name.get(name).map(Vec::as_slice) {
        Some([one]) => Ok(*one),
        Some([_, _, ..]) => Err(r.reject(
            SignInCol::Name,
            format!("花名册里有多名{name}：请填写电话或工号"),
            format!(
                "several people on the roster are called {name}: give a phone or employee number"
            ),
        )),
        _ => Err(r.reject(
            SignInCol::Name,
            format!("花名册里没有{name}"),
            format!("{name} is not on the roster"),
        )),
    }
}

fn parse_sign_in_row(r: &RowReader<'_>, l: &SignInLookup) -> Result<SignInRow, Rejection> {
    let date = r
        .date(SignInCol::Date)?
        .ok_or_else(|| r.reject(SignInCol::Date, "缺少日期", "date is missing"))?;
    let program = r.required_text(SignInCol::Program)?;
    let program_id = *l.programs.get(&program.to_lowercase()).ok_or_else(|| {
        r.reject(
            SignInCol::Program,
            format!("没有名为“{program}”的课程"),
            format!("there is no program called “{program}”"),
        )
    })?;
    let sessions = l
        .sessions
        .get(&(program_id, date))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let starts = r.time(SignInCol::Starts)?;
    let session_id = match (sessions, starts) {
        ([], _) => {
            return Err(r.reject(
                SignInCol::Date,
                format!("{date} 没有“{program}”的培训场次"),
                format!("there is no session of “{program}” on {date}"),
            ))
        }
        ([(id, _)], None) => *id,
        (several, Some(t)) => {
            let t = t.format("%H:%M").to_string();
            several
                .iter()
                .find(|(_, s)| *s == t)
                .map(|(id, _)| *id)
                .ok_or_else(|| {
                    r.reject(
                        SignInCol::Starts,
                        format!("{date} {t} 没有“{program}”的培训场次"),
                        format!("there is no session of “{program}” on {date} at {t}"),
                    )
                })?
        }
        (_, None) => {
            return Err(r.reject(
                SignInCol::Date,
                format!("{date} 有多场“{program}”：请填写开始时间"),
                format!("there are several sessions of “{program}” on {date}: give the start time"),
            ))
        }
    };
    let name = r.required_text(SignInCol::Name)?;
    let staff_id = find_person(r, l, &name)?;
    let mark_text = r.required_text(SignInCol::Mark)?;
    let mark = Mark::parse(&mark_text).ok_or_else(|| {
        r.reject(
            SignInCol::Mark,
            format!("出勤“{mark_text}”不认识：请写 出席、迟到、缺席 或 请假"),
            format!("unknown attendance “{mark_text}”: use present, late, absent or excused"),
        )
    })?;
    let score = match r.count(SignInCol::Score) {
        Ok(Some(s)) if s > 100 => Err(s.to_string()),
        Ok(s) => Ok(s),
        Err(_) => Err(r.text(SignInCol::Score)),
    }
    .map_err(|shown| {
        r.reject(
            SignInCol::Score,
            format!("成绩应在 0 到 100 之间：{shown}"),
            format!("a score is between 0 and 100: {shown}"),
        )
    })?;
    Ok(SignInRow {
        row: r.number(),
        attendance: ValidAttendance {
            session_id,
            staff_id,
            mark,
            score,
            remark: r.text(SignInCol::Remark),
        },
    })
}

/// Import a sign-in sheet as one batch: each row marks a person at a session of the named
/// program that day; a session that does not exist or a person not on the roster is rejected.
pub fn import_sign_in(
    store: &mut Store,
    run: &Run<'_>,
    sheets: &[Sheet],
) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &SIGN_IN, run)?;
    let rows = &picked.sheet.rows;
    let lookup = {
        let conn = store.conn();
        let programs = store_t::list_programs(store)?
            .into_iter()
            .map(|p| (p.title.to_lowercase(), p.id))
            .collect();
        let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
        for s in store_t::list_staff(store, None)? {
            by_name.entry(s.name).or_default().push(s.id);
        }
        SignInLookup {
            programs,
            sessions: store_t::session_days(conn)?,
            keys: store_t::staff_keys_in(conn)?,
            by_name,
        }
    };
    let mut checked = engine::check_rows(rows, &SIGN_IN, None, run.lang, |r| {
        parse_sign_in_row(r, &lookup)
    })?;
    // The same person at the same session twice: the first row counts.
    let mut seen = HashSet::new();
    let before = checked.valid.len();
    checked
        .valid
        .retain(|r| seen.insert((r.attendance.session_id, r.attendance.staff_id)));
    let duplicates = before - checked.valid.len();
    let kind = BatchKind::Attendance;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_t::write_sign_in(tx, id, valid)?;
        let imported = w.rows;
        Ok((
            w,
            Tally {
                imported,
                duplicates,
            },
        ))
    })?;
    Ok(SheetReport {
        imported: written.rows,
        duplicates,
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}
