//! The batches of the roster, training-plan and sign-in imports, and their undo.

use super::*;
use crate::domain::training::forms::{ValidAttendance, ValidSession};
use crate::domain::training::SessionStatus;
use crate::store::batches::{BatchKind, RecordKind};
use chrono::NaiveTime;

/// A roster row, checked; the region matched, the role by name (a new one is added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub row: usize,
    pub key: StaffKey,
    pub name: String,
    pub region_id: i64,
    pub role: String,
    pub phone: String,
    pub employee_no: Option<String>,
    pub hire_on: Option<NaiveDate>,
    pub active: bool,
}

/// What an import wrote: records created and updated, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: usize,
    pub created: Vec<String>,
    pub updated: Vec<String>,
}

const STAFF_BEFORE: &str = "SELECT id, json_object('name', name, 'region_id', region_id, 'role_id', role_id,
    'phone', phone, 'employee_no', employee_no, 'hire_on', hire_on, 'active', active) FROM staff WHERE id = ?1";

/// Write a roster: a person already on it (by employee number, else name + phone) is updated
/// (their fields before kept for undo), anyone else added.
pub fn write_roster(tx: &Transaction<'_>, batch_id: i64, rows: &[RosterRow]) -> AppResult<Written> {
    let known = staff_keys_in(tx)?;
    let mut out = Written::default();
    for r in rows {
        let v = ValidStaff {
            name: r.name.clone(),
            region_id: r.region_id,
            role_id: role_in(tx, &r.role)?,
            phone: r.phone.clone(),
            employee_no: r.employee_no.clone(),
            hire_on: r.hire_on,
            active: r.active,
        };
        let existing = known
            .get(&r.key)
            .or_else(|| known.get(&StaffKey::of(&r.name, &r.phone, "")))
            .copied();
        match existing {
            Some(id) => {
                batches::keep_before(tx, batch_id, "staff", STAFF_BEFORE, [id])?;
                update_staff_in(tx, id, &v)?;
                out.updated.push(r.name.clone());
            }
            None => {
                insert_staff_in(tx, &v, Some(batch_id))?;
                out.created.push(r.name.clone());
            }
        }
        out.rows += 1;
    }
    Ok(out)
}

/// Undo a roster import: people it added go unless they have been enrolled or marked since;
/// people it updated get their fields back.
pub fn undo_staff_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let mut names = batches::take_back(
        tx,
        batch_id,
        "staff",
        "SELECT s.id, s.name FROM staff s WHERE s.created_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.staff_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.staff_id = s.id)",
    )?;
    for (id, before) in batches::kept_before(tx, batch_id, "staff")? {
        tx.execute(
            "UPDATE staff SET name = json_extract(?2, '$.name'), region_id = json_extract(?2, '$.region_id'),
               role_id = json_extract(?2, '$.role_id'), phone = json_extract(?2, '$.phone'),
               employee_no = json_extract(?2, '$.employee_no'), hire_on = json_extract(?2, '$.hire_on'),
               active = json_extract(?2, '$.active')
             WHERE id = ?1",
            params![id, before],
        )?;
        if let Some(name) = tx
            .query_row("SELECT name FROM staff WHERE id = ?1", [id], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        {
            names.push(name);
        }
    }
    Ok(UndoReport::new(
        BatchKind::Staff,
        names.len() as i64,
        [(RecordKind::Person, names)],
    ))
}

/// A training-plan row, checked: the program by title (created with `category` when new).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub row: usize,
    pub program: String,
    pub category: Option<String>,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub region_id: Option<i64>,
    pub location: String,
    pub trainer: String,
    pub capacity: Option<i64>,
}

const SESSION_BEFORE: &str = "SELECT id, json_object('ends_at', ends_at, 'region_id', region_id,
    'location', location, 'trainer', trainer, 'capacity', capacity, 'status', status)
    FROM training_sessions WHERE id = ?1";

/// Write a training plan: a session of the same program, day and start is updated, others
/// added; a program not yet known is created in its category (a new category too).
pub fn write_plan(tx: &Transaction<'_>, batch_id: i64, rows: &[PlanRow]) -> AppResult<Written> {
    let mut out = Written::default();
    for r in rows {
        let program_id = match program_id_in(tx, &r.program)? {
            Some(id) => id,
            None => {
                let category = r.category.as_deref().unwrap_or("产品知识");
                let v = ValidProgram {
                    title: r.program.clone(),
                    category_id: category_in(tx, category)?,
                    description: String::new(),
                    pass_mark: None,
                    role_ids: Vec::new(),
                    region_ids: Vec::new(),
                    campaign_id: None,
                    due_on: None,
                };
                let id = insert_program_in(tx, &v, Some(batch_id))?;
                out.created.push(r.program.clone());
                id
            }
        };
        let starts = r.starts.format("%H:%M").to_string();
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM training_sessions WHERE program_id = ?1 AND on_date = ?2 AND starts_at = ?3",
                params![program_id, r.date.to_string(), starts],
                |row| row.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                batches::keep_before(tx, batch_id, "training_sessions", SESSION_BEFORE, [id])?;
                tx.execute(
                    "UPDATE training_sessions SET ends_at = ?2, region_id = ?3, location = ?4, trainer = ?5,
                       capacity = ?6 WHERE id = ?1",
                    params![
                        id,
                        r.ends.format("%H:%M").to_string(),
                        r.region_id,
                        r.location,
                        r.trainer,
                        r.capacity
                    ],
                )?;
                out.updated.push(format!("{} {}", r.date, r.program));
            }
            None => {
                let v = ValidSession {
                    program_id,
                    date: r.date,
                    starts: r.starts,
                    ends: r.ends,
                    region_id: r.region_id,
                    location: r.location.clone(),
                    trainer: r.trainer.clone(),
                    capacity: r.capacity,
                    status: SessionStatus::Planned,
                };
                insert_session_in(tx, &v, r.date, Some(batch_id))?;
            }
        }
        out.rows += 1;
    }
    Ok(out)
}

fn restore_sessions(tx: &Transaction<'_>, batch_id: i64) -> AppResult<i64> {
    let mut n = 0;
    for (id, before) in batches::kept_before(tx, batch_id, "training_sessions")? {
        n += tx.execute(
            "UPDATE training_sessions SET
               ends_at = coalesce(json_extract(?2, '$.ends_at'), ends_at),
               region_id = CASE WHEN json_type(?2, '$.region_id') IS NULL THEN region_id ELSE json_extract(?2, '$.region_id') END,
               location = coalesce(json_extract(?2, '$.location'), location),
               trainer = coalesce(json_extract(?2, '$.trainer'), trainer),
               capacity = CASE WHEN json_type(?2, '$.capacity') IS NULL THEN capacity ELSE json_extract(?2, '$.capacity') END,
               status = coalesce(json_extract(?2, '$.status'), status)
             WHERE id = ?1",
            params![id, before],
        )? as i64;
    }
    Ok(n)
}

/// Undo a training-plan import: sessions it added go unless people have been enrolled or
/// marked since; sessions it updated get their fields back; programs it created go when no
/// session is left in them.
pub fn undo_session_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let removed = batches::take_back(
        tx,
        batch_id,
        "training_sessions",
        "SELECT s.id, s.on_date || ' ' || p.title FROM training_sessions s
           JOIN training_programs p ON p.id = s.program_id
         WHERE s.created_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.session_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id)",
    )?;
    let restored = restore_sessions(tx, batch_id)?;
    let programs = batches::take_back(
        tx,
        batch_id,
        "training_programs",
        "SELECT p.id, p.title FROM training_programs p WHERE p.created_batch_id = ?1
           AND NOT EXISTS (SELECT 1 FROM training_sessions s WHERE s.program_id = p.id)",
    )?;
    Ok(UndoReport::new(
        BatchKind::Sessions,
        removed.len() as i64 + restored,
        [
            (RecordKind::Session, removed),
            (RecordKind::Program, programs),
        ],
    ))
}

/// A sign-in row, checked: session and person found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInRow {
    pub row: usize,
    pub attendance: ValidAttendance,
}

const ATTENDANCE_BEFORE: &str =
    "SELECT id, json_object('mark', mark, 'score', score, 'remark', remark,
    'batch_id', batch_id) FROM attendance WHERE session_id = ?1 AND staff_id = ?2";

/// Write a sign-in sheet: each mark replaces the person's earlier one at that session (kept
/// for undo), and a planned session with marks is held.
pub fn write_sign_in(
    tx: &Transaction<'_>,
    batch_id: i64,
    rows: &[SignInRow],
) -> AppResult<Written> {
    let mut out = Written::default();
    for r in rows {
        let a = &r.attendance;
        batches::keep_before(
            tx,
            batch_id,
            "attendance",
            ATTENDANCE_BEFORE,
            params![a.session_id, a.staff_id],
        )?;
        let status: String = tx.query_row(
            "SELECT status FROM training_sessions WHERE id = ?1",
            [a.session_id],
            |r| r.get(0),
        )?;
        if status == SessionStatus::Planned.code() {
            batches::keep_before(
                tx,
                batch_id,
                "training_sessions",
                "SELECT id, json_object('status', status) FROM training_sessions WHERE id = ?1",
                [a.session_id],
            )?;
            set_session_status_in(tx, a.session_id, SessionStatus::Held)?;
        }
        mark_in(tx, a, Some(batch_id))?;
        out.rows += 1;
    }
    Ok(out)
}

/// Undo a sign-in import: marks it added go, marks it replaced come back, sessions it made
/// held are planned again.
pub fn undo_attendance_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let kept = batches::kept_before(tx, batch_id, "attendance")?;
    let mut rows = 0i64;
    for (id, before) in &kept {
        rows += tx.execute(
            "UPDATE attendance SET mark = json_extract(?2, '$.mark'), score = json_extract(?2, '$.score'),
               remark = json_extract(?2, '$.remark'), batch_id = json_extract(?2, '$.batch_id')
             WHERE id = ?1",
            params![id, before],
        )? as i64;
    }
    rows += tx.execute("DELETE FROM attendance WHERE batch_id = ?1", [batch_id])? as i64;
    restore_sessions(tx, batch_id)?;
    Ok(UndoReport::new(BatchKind::Attendance, rows, []))
}
