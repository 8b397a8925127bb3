//! Attendance and scores per person per session, the session roster, and what the completion
//! figures are computed from (people, program rules, attempts at held sessions).

use super::*;
use crate::domain::training::forms::ValidAttendance;
use crate::domain::training::{Attempt, Mandate, Mark, Person, ProgramRule};

/// One line of a session's roster: an enrolled person (with a place or waiting), or someone
/// marked without being enrolled (they walked in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RosterLine {
    #[ts(type = "number")]
    pub staff_id: i64,
    pub name: String,
    pub region: String,
    pub role: String,
    pub phone: String,
    pub employee_no: Option<String>,
    /// 1-based place in the waitlist; None with a place (or not enrolled).
    #[ts(type = "number | null")]
    pub waiting: Option<i64>,
    pub enrolled: bool,
    pub mark: Option<Mark>,
    #[ts(type = "number | null")]
    pub score: Option<i64>,
    pub remark: String,
}

/// The roster of a session: the enrolled in their order, then walk-ins by name.
pub fn roster(conn: &Connection, session_id: i64) -> AppResult<Vec<RosterLine>> {
    let s = get_session(conn, session_id)?;
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.name, local_name(g.short_name, g.name_en), local_name(o.name, o.name_en), s.phone,
                e.seq, a.mark, a.score, coalesce(a.remark, ''), s.employee_no
         FROM staff s JOIN regions g ON g.id = s.region_id JOIN staff_roles o ON o.id = s.role_id
         LEFT JOIN enrolments e ON e.staff_id = s.id AND e.session_id = ?1
         LEFT JOIN attendance a ON a.staff_id = s.id AND a.session_id = ?1
         WHERE e.seq IS NOT NULL OR a.mark IS NOT NULL
         ORDER BY e.seq IS NULL, e.seq, s.name, s.id",
    )?;
    let rows = st.query_map([session_id], |r| {
        let mark: Option<String> = r.get(6)?;
        let seq: Option<i64> = r.get(5)?;
        Ok(RosterLine {
            staff_id: r.get(0)?,
            name: r.get(1)?,
            region: r.get(2)?,
            role: r.get(3)?,
            phone: r.get(4)?,
            employee_no: r.get(9)?,
            waiting: None,
            enrolled: seq.is_some(),
            mark: mark.as_deref().and_then(Mark::from_code),
            score: r.get(7)?,
            remark: r.get(8)?,
        })
    })?;
    let mut lines: Vec<RosterLine> = rows.collect::<Result<_, _>>()?;
    let order: Vec<i64> = lines
        .iter()
        .filter(|l| l.enrolled)
        .map(|l| l.staff_id)
        .collect();
    let (_, waiting) = crate::domain::training::places(s.capacity, &order);
    for l in &mut lines {
        l.waiting = waiting
            .iter()
            .position(|w| *w == l.staff_id)
            .map(|p| p as i64 + 1);
    }
    Ok(lines)
}

/// Mark one person at a session (replacing an earlier mark).
pub fn mark_in(tx: &Transaction<'_>, v: &ValidAttendance, batch_id: Option<i64>) -> AppResult<()> {
    tx.execute(
        "INSERT INTO attendance (session_id, staff_id, mark, score, remark, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (session_id, staff_id) DO UPDATE SET mark = excluded.mark, score = excluded.score,
           remark = excluded.remark, batch_id = excluded.batch_id",
        params![
            v.session_id,
            v.staff_id,
            v.mark.code(),
            v.score,
            v.remark,
            batch_id
        ],
    )?;
    Ok(())
}

/// Mark attendance from the roster; a session marked is a session held.
pub fn mark(store: &mut Store, v: &ValidAttendance) -> AppResult<()> {
    store.write(|tx| {
        let s = get_session(tx, v.session_id)?;
        get_staff(tx, v.staff_id)?;
        mark_in(tx, v, None)?;
        if s.status == crate::domain::training::SessionStatus::Planned {
            set_session_status_in(
                tx,
                v.session_id,
                crate::domain::training::SessionStatus::Held,
            )?;
        }
        Ok(())
    })
}

/// The active staff, as the completion figures need them.
pub fn people(conn: &Connection) -> AppResult<Vec<Person>> {
    let mut st =
        conn.prepare_cached("SELECT id, region_id, role_id FROM staff WHERE active = 1")?;
    let rows = st.query_map([], |r| {
        Ok(Person {
            id: r.get(0)?,
            region_id: r.get(1)?,
            role_id: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every program's pass mark and who it is mandatory for.
pub fn program_rules(conn: &Connection) -> AppResult<Vec<ProgramRule>> {
    let mut rules: Vec<ProgramRule> = {
        let mut st =
            conn.prepare_cached("SELECT id, pass_mark FROM training_programs ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok(ProgramRule {
                id: r.get(0)?,
                pass_mark: r.get(1)?,
                mandate: Mandate::default(),
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    let index: HashMap<i64, usize> = rules.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    for (table, column) in [
        ("program_roles", "role_id"),
        ("program_regions", "region_id"),
    ] {
        let mut st = conn.prepare(&format!("SELECT program_id, {column} FROM {table}"))?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (program, id) = row?;
            if let Some(&i) = index.get(&program) {
                let m = &mut rules[i].mandate;
                if column == "role_id" {
                    m.role_ids.push(id);
                } else {
                    m.region_ids.push(id);
                }
            }
        }
    }
    Ok(rules)
}

/// Every attempt at a held session, by (person, program).
pub fn attempts(conn: &Connection) -> AppResult<HashMap<(i64, i64), Vec<Attempt>>> {
    let mut st = conn.prepare_cached(
        "SELECT a.staff_id, s.program_id, a.mark, a.score
         FROM attendance a JOIN training_sessions s ON s.id = a.session_id
         WHERE s.status = 'held'",
    )?;
    let mut rows = st.query([])?;
    let mut out: HashMap<(i64, i64), Vec<Attempt>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let mark: String = r.get(2)?;
        let Some(mark) = Mark::from_code(&mark) else {
            continue;
        };
        out.entry((r.get(0)?, r.get(1)?))
            .or_default()
            .push(Attempt {
                mark,
                score: r.get(3)?,
            });
    }
    Ok(out)
}

/// A person's record: every session they were enrolled in or marked at, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordLine {
    #[ts(type = "number")]
    pub session_id: i64,
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub date: NaiveDate,
    pub status: crate::domain::training::SessionStatus,
    pub mark: Option<Mark>,
    #[ts(type = "number | null")]
    pub score: Option<i64>,
}

pub fn record(conn: &Connection, staff_id: i64) -> AppResult<Vec<RecordLine>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, s.program_id, p.title, s.on_date, s.status, a.mark, a.score
         FROM training_sessions s JOIN training_programs p ON p.id = s.program_id
         LEFT JOIN attendance a ON a.session_id = s.id AND a.staff_id = ?1
         WHERE a.staff_id IS NOT NULL
            OR EXISTS (SELECT 1 FROM enrolments e WHERE e.session_id = s.id AND e.staff_id = ?1)
         ORDER BY s.on_date DESC, s.starts_at DESC",
    )?;
    let rows = st.query_map([staff_id], |r| {
        let status: String = r.get(4)?;
        let mark: Option<String> = r.get(5)?;
        Ok(RecordLine {
            session_id: r.get(0)?,
            program_id: r.get(1)?,
            program: r.get(2)?,
            date: day_at(r, 3)?.unwrap_or_default(),
            status: crate::domain::training::SessionStatus::from_code(&status)
                .unwrap_or(crate::domain::training::SessionStatus::Planned),
            mark: mark.as_deref().and_then(Mark::from_code),
            score: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One attendance mark as the attendance workbook lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub date: NaiveDate,
    pub program: String,
    pub name: String,
    pub employee_no: Option<String>,
    pub region: String,
    pub role: String,
    pub mark: Mark,
    pub score: Option<i64>,
    pub remark: String,
}

/// Every mark, by date, program and name.
pub fn attendance_rows(conn: &Connection) -> AppResult<Vec<AttendanceRow>> {
    let mut st = conn.prepare_cached(
        "SELECT s.on_date, p.title, f.name, f.employee_no, local_name(g.short_name, g.name_en),
                local_name(o.name, o.name_en), a.mark, a.score, a.remark
         FROM attendance a JOIN training_sessions s ON s.id = a.session_id
         JOIN training_programs p ON p.id = s.program_id JOIN staff f ON f.id = a.staff_id
         JOIN regions g ON g.id = f.region_id JOIN staff_roles o ON o.id = f.role_id
         ORDER BY s.on_date, s.starts_at, p.title, f.name, f.id",
    )?;
    let rows = st.query_map([], |r| {
        let mark: String = r.get(6)?;
        Ok(AttendanceRow {
            date: day_at(r, 0)?.unwrap_or_default(),
            program: r.get(1)?,
            name: r.get(2)?,
            employee_no: r.get(3)?,
            region: r.get(4)?,
            role: r.get(5)?,
            mark: Mark::from_code(&mark).unwrap_or(Mark::Absent),
            score: r.get(7)?,
            remark: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
