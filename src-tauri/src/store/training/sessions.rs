//! Sessions and who is enrolled in them (in the order they came; places and the waitlist are
//! `domain::training::places` of that order).

use super::*;
use crate::domain::training::forms::ValidSession;
use crate::domain::training::{self as rules, Booked, SessionStatus};
use chrono::NaiveTime;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Session {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub program_id: i64,
    pub program: String,
    pub category: String,
    pub date: NaiveDate,
    /// HH:MM
    pub starts: String,
    pub ends: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    pub region: Option<String>,
    pub location: String,
    pub trainer: String,
    #[ts(type = "number | null")]
    pub capacity: Option<i64>,
    pub status: SessionStatus,
    /// Enrolled with a place, and waiting.
    #[ts(type = "number")]
    pub placed: i64,
    #[ts(type = "number")]
    pub waiting: i64,
    /// Marked present or late.
    #[ts(type = "number")]
    pub attended: i64,
}

const SESSION_COLUMNS: &str = "s.id, s.program_id, p.title, local_name(c.name, c.name_en), s.on_date, s.starts_at,
    s.ends_at, s.region_id, local_name(g.short_name, g.name_en), s.location, s.trainer, s.capacity, s.status,
    (SELECT count(*) FROM enrolments e WHERE e.session_id = s.id),
    (SELECT count(*) FROM attendance a WHERE a.session_id = s.id AND a.mark IN ('present', 'late'))
    FROM training_sessions s JOIN training_programs p ON p.id = s.program_id
    JOIN training_categories c ON c.id = p.category_id LEFT JOIN regions g ON g.id = s.region_id";

fn session_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    let capacity: Option<i64> = r.get(11)?;
    let enrolled: i64 = r.get(13)?;
    let placed = capacity.map_or(enrolled, |c| enrolled.min(c));
    let status: String = r.get(12)?;
    Ok(Session {
        id: r.get(0)?,
        program_id: r.get(1)?,
        program: r.get(2)?,
        category: r.get(3)?,
        date: day_at(r, 4)?.unwrap_or_default(),
        starts: r.get(5)?,
        ends: r.get(6)?,
        region_id: r.get(7)?,
        region: r.get(8)?,
        location: r.get(9)?,
        trainer: r.get(10)?,
        capacity,
        status: SessionStatus::from_code(&status).unwrap_or(SessionStatus::Planned),
        placed,
        waiting: enrolled - placed,
        attended: r.get(14)?,
    })
}

/// Sessions from `from` to `to` (inclusive), by date and time.
pub fn list_sessions(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Session>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} WHERE s.on_date BETWEEN ?1 AND ?2 ORDER BY s.on_date, s.starts_at, s.id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], session_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_session(conn: &Connection, id: i64) -> AppResult<Session> {
    conn.query_row(
        &format!("SELECT {SESSION_COLUMNS} WHERE s.id = ?1"),
        [id],
        session_row,
    )
    .optional()?
    .ok_or_else(|| {
        AppError::not_found(
            "这场培训已不存在。",
            "This training session no longer exists.",
        )
    })
}

/// Sessions by (program, day): each one's id and start time (HH:MM).
pub type SessionDays = HashMap<(i64, NaiveDate), Vec<(i64, String)>>;

/// Every session that is not cancelled, by (program, day).
pub fn session_days(conn: &Connection) -> AppResult<SessionDays> {
    let mut st = conn.prepare_cached(
        "SELECT id, program_id, on_date, starts_at FROM training_sessions WHERE status <> 'cancelled'
         ORDER BY on_date, starts_at, id",
    )?;
    let mut rows = st.query([])?;
    let mut out = SessionDays::new();
    while let Some(r) = rows.next()? {
        if let Some(day) = day_at(r, 2)? {
            out.entry((r.get(1)?, day))
                .or_default()
                .push((r.get(0)?, r.get(3)?));
        }
    }
    Ok(out)
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

pub fn insert_session_in(
    tx: &Transaction<'_>,
    v: &ValidSession,
    date: NaiveDate,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO training_sessions (program_id, on_date, starts_at, ends_at, region_id, location, trainer,
           capacity, status, created_batch_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            v.program_id,
            date.to_string(),
            hm(v.starts),
            hm(v.ends),
            v.region_id,
            v.location,
            v.trainer,
            v.capacity,
            v.status.code(),
            batch_id,
            now_text()
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Write a session from the form: a change to one session, or a new one on each date.
pub fn save_session(
    store: &mut Store,
    id: Option<i64>,
    v: &ValidSession,
    dates: &[NaiveDate],
) -> AppResult<Vec<i64>> {
    store.write(|tx| match id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE training_sessions SET program_id = ?2, on_date = ?3, starts_at = ?4, ends_at = ?5,
                   region_id = ?6, location = ?7, trainer = ?8, capacity = ?9, status = ?10 WHERE id = ?1",
                params![
                    id,
                    v.program_id,
                    v.date.to_string(),
                    hm(v.starts),
                    hm(v.ends),
                    v.region_id,
                    v.location,
                    v.trainer,
                    v.capacity,
                    v.status.code()
                ],
            )?;
            if n == 0 {
                return Err(AppError::not_found(
                    "这场培训已不存在。",
                    "This training session no longer exists.",
                ));
            }
            Ok(vec![id])
        }
        None => dates
            .iter()
            .map(|d| insert_session_in(tx, v, *d, None))
            .collect(),
    })
}

pub fn set_session_status_in(
    tx: &Transaction<'_>,
    id: i64,
    status: SessionStatus,
) -> AppResult<()> {
    tx.execute(
        "UPDATE training_sessions SET status = ?2 WHERE id = ?1",
        params![id, status.code()],
    )?;
    Ok(())
}

pub fn set_session_status(store: &mut Store, id: i64, status: SessionStatus) -> AppResult<()> {
    store.write(|tx| {
        get_session(tx, id)?;
        set_session_status_in(tx, id, status)
    })
}

pub fn delete_session(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM training_sessions WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// The day's other sessions that are not cancelled, with who is enrolled (for the clash check).
pub fn booked_on(conn: &Connection, day: NaiveDate) -> AppResult<Vec<Booked>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id, p.title, s.starts_at, s.ends_at, s.trainer,
                (SELECT coalesce(json_group_array(staff_id), '[]') FROM enrolments e WHERE e.session_id = s.id)
         FROM training_sessions s JOIN training_programs p ON p.id = s.program_id
         WHERE s.on_date = ?1 AND s.status <> 'cancelled' ORDER BY s.starts_at, s.id",
    )?;
    let rows = st.query_map([day.to_string()], |r| {
        let time = |i: usize| -> rusqlite::Result<NaiveTime> {
            let t: String = r.get(i)?;
            Ok(crate::domain::value::parse_time_text(&t).unwrap_or_default())
        };
        let enrolled: String = r.get(5)?;
        Ok(Booked {
            id: r.get(0)?,
            title: r.get(1)?,
            starts: time(2)?,
            ends: time(3)?,
            trainer: r.get(4)?,
            enrolled: serde_json::from_str(&enrolled).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Who is enrolled in a session, in the order they came.
pub fn enrolled_in_order(conn: &Connection, session_id: i64) -> AppResult<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT staff_id FROM enrolments WHERE session_id = ?1 ORDER BY seq, staff_id",
    )?;
    let rows = st.query_map([session_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Enrol a person at the end of the order; false when they already were.
pub fn enrol_in(tx: &Transaction<'_>, session_id: i64, staff_id: i64) -> AppResult<bool> {
    let n = tx.execute(
        "INSERT OR IGNORE INTO enrolments (session_id, staff_id, seq)
         VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM enrolments WHERE session_id = ?1))",
        params![session_id, staff_id],
    )?;
    Ok(n == 1)
}

/// Take a person off a session; returns who moved up from the waitlist.
pub fn withdraw(store: &mut Store, session_id: i64, staff_id: i64) -> AppResult<Vec<i64>> {
    store.write(|tx| {
        let s = get_session(tx, session_id)?;
        let before = enrolled_in_order(tx, session_id)?;
        tx.execute(
            "DELETE FROM enrolments WHERE session_id = ?1 AND staff_id = ?2",
            params![session_id, staff_id],
        )?;
        let after = enrolled_in_order(tx, session_id)?;
        Ok(rules::promoted(s.capacity, &before, &after))
    })
}

/// Active people for whom the program is mandatory (its roles, in its regions).
pub fn mandatory_staff_in(conn: &Connection, program_id: i64) -> AppResult<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT s.id FROM staff s
         WHERE s.active = 1
           AND s.role_id IN (SELECT role_id FROM program_roles WHERE program_id = ?1)
           AND (NOT EXISTS (SELECT 1 FROM program_regions WHERE program_id = ?1)
                OR s.region_id IN (SELECT region_id FROM program_regions WHERE program_id = ?1))
         ORDER BY s.id",
    )?;
    let rows = st.query_map([program_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
