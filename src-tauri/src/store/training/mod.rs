//! 培训 Training tables: roles, staff, categories and programs here; sessions and enrolment in
//! `sessions`, attendance and the completion inputs in `attendance`, the import batches and
//! their undo in `sheets`. This module alone writes these tables.

mod attendance;
mod sessions;
mod sheets;

pub use attendance::*;
pub use sessions::*;
pub use sheets::*;

use super::batches::{self, UndoReport};
use super::{day_at, now_text, Store};
use crate::domain::training::forms::{ValidProgram, ValidStaff};
use crate::domain::training::StaffKey;
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// A role (岗位) or a program category (类别): a named choice the user can extend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Choice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StaffMember {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number")]
    pub role_id: i64,
    pub role: String,
    pub phone: String,
    pub employee_no: Option<String>,
    pub hire_on: Option<NaiveDate>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Program {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    #[ts(type = "number")]
    pub category_id: i64,
    pub category: String,
    pub description: String,
    #[ts(type = "number | null")]
    pub pass_mark: Option<i64>,
    #[ts(type = "Array<number>")]
    pub role_ids: Vec<i64>,
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    pub campaign: Option<String>,
    pub due_on: Option<NaiveDate>,
    #[ts(type = "number")]
    pub sessions: i64,
}

fn choices(store: &Store, table: &str) -> AppResult<Vec<Choice>> {
    store.query_all(
        &format!("SELECT id, local_name(name, name_en) FROM {table} ORDER BY id"),
        |r| {
            Ok(Choice {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        },
    )
}

pub fn roles(store: &Store) -> AppResult<Vec<Choice>> {
    choices(store, "staff_roles")
}

pub fn categories(store: &Store) -> AppResult<Vec<Choice>> {
    choices(store, "training_categories")
}

/// A role or category by any of its names (区域经理, Regional manager), case aside.
fn choice_id_in(conn: &Connection, table: &str, name: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT id FROM {table} WHERE name = ?1 COLLATE NOCASE OR (name_en <> '' AND name_en = ?1 COLLATE NOCASE)"
            ),
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn role_id_in(conn: &Connection, name: &str) -> AppResult<Option<i64>> {
    choice_id_in(conn, "staff_roles", name)
}

pub fn category_id_in(conn: &Connection, name: &str) -> AppResult<Option<i64>> {
    choice_id_in(conn, "training_categories", name)
}

/// A role by name, added when there is none yet (roles are user-extensible).
pub fn role_in(tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
    if let Some(id) = role_id_in(tx, name)? {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO staff_roles (name, created_at) VALUES (?1, ?2)",
        params![name.trim(), now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A category by name, added when there is none yet.
pub fn category_in(tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
    if let Some(id) = category_id_in(tx, name)? {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO training_categories (name, created_at) VALUES (?1, ?2)",
        params![name.trim(), now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn add_role(store: &mut Store, name: &str) -> AppResult<Choice> {
    let name = crate::domain::value::required("name", name, "岗位名称", "role name")?;
    store.write(|tx| {
        let id = role_in(tx, &name)?;
        Ok(Choice { id, name })
    })
}

const STAFF_COLUMNS: &str =
    "s.id, s.name, s.region_id, local_name(g.short_name, g.name_en), s.role_id,
    local_name(o.name, o.name_en), s.phone, s.employee_no, s.hire_on, s.active
    FROM staff s JOIN regions g ON g.id = s.region_id JOIN staff_roles o ON o.id = s.role_id";

fn staff_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffMember> {
    Ok(StaffMember {
        id: r.get(0)?,
        name: r.get(1)?,
        region_id: r.get(2)?,
        region: r.get(3)?,
        role_id: r.get(4)?,
        role: r.get(5)?,
        phone: r.get(6)?,
        employee_no: r.get(7)?,
        hire_on: day_at(r, 8)?,
        active: r.get(9)?,
    })
}

/// The staff, by region then name; only one region's when given.
pub fn list_staff(store: &Store, region_id: Option<i64>) -> AppResult<Vec<StaffMember>> {
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {STAFF_COLUMNS} WHERE ?1 IS NULL OR s.region_id = ?1
         ORDER BY g.code IS NULL, g.code, g.id, s.name, s.id"
    ))?;
    let rows = st.query_map([region_id], staff_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_staff(conn: &Connection, id: i64) -> AppResult<StaffMember> {
    conn.query_row(
        &format!("SELECT {STAFF_COLUMNS} WHERE s.id = ?1"),
        [id],
        staff_row,
    )
    .optional()?
    .ok_or_else(|| AppError::not_found("这名员工已不存在。", "This person no longer exists."))
}

/// Everyone on the roster by how they are recognised (employee number, else name + phone).
pub fn staff_keys_in(conn: &Connection) -> AppResult<HashMap<StaffKey, i64>> {
    let mut st = conn.prepare("SELECT id, name, phone, coalesce(employee_no, '') FROM staff")?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, name, phone, no) = row?;
        // Someone with an employee number can still be found by name + phone.
        out.insert(StaffKey::of(&name, &phone, ""), id);
        if !no.is_empty() {
            out.insert(StaffKey::of(&name, &phone, &no), id);
        }
    }
    Ok(out)
}

pub fn insert_staff_in(
    tx: &Transaction<'_>,
    v: &ValidStaff,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO staff (name, region_id, role_id, phone, employee_no, hire_on, active, created_batch_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            v.name,
            v.region_id,
            v.role_id,
            v.phone,
            v.employee_no,
            v.hire_on.map(|d| d.to_string()),
            v.active,
            batch_id,
            now_text()
        ],
    )
    .map_err(taken_employee_no)?;
    Ok(tx.last_insert_rowid())
}

pub fn update_staff_in(tx: &Transaction<'_>, id: i64, v: &ValidStaff) -> AppResult<()> {
    let n = tx
        .execute(
            "UPDATE staff SET name = ?2, region_id = ?3, role_id = ?4, phone = ?5, employee_no = ?6,
               hire_on = ?7, active = ?8 WHERE id = ?1",
            params![
                id,
                v.name,
                v.region_id,
                v.role_id,
                v.phone,
                v.employee_no,
                v.hire_on.map(|d| d.to_string()),
                v.active
            ],
        )
        .map_err(taken_employee_no)?;
    if n == 0 {
        return Err(AppError::not_found(
            "这名员工已不存在。",
            "This person no longer exists.",
        ));
    }
    Ok(())
}

fn taken_employee_no(e: rusqlite::Error) -> AppError {
    if e.to_string().contains("staff.employee_no") {
        AppError::conflict(
            Some("employee_no"),
            "这个工号已经属于另一名员工。",
            "This employee number already belongs to someone else.",
        )
    } else {
        e.into()
    }
}

/// Add or change a person from the form.
pub fn save_staff(store: &mut Store, id: Option<i64>, v: &ValidStaff) -> AppResult<StaffMember> {
    let id = store.write(|tx| match id {
        Some(id) => update_staff_in(tx, id, v).map(|()| id),
        None => insert_staff_in(tx, v, None),
    })?;
    get_staff(store.conn(), id)
}

/// The programs, by title.
pub fn list_programs(store: &Store) -> AppResult<Vec<Program>> {
    let mut st = store.conn().prepare_cached(
        "SELECT p.id, p.title, p.category_id, local_name(c.name, c.name_en), p.description, p.pass_mark,
                p.campaign_id, k.name, p.due_on,
                (SELECT count(*) FROM training_sessions s WHERE s.program_id = p.id),
                (SELECT coalesce(json_group_array(role_id), '[]') FROM (SELECT role_id FROM program_roles WHERE program_id = p.id ORDER BY role_id)),
                (SELECT coalesce(json_group_array(region_id), '[]') FROM (SELECT region_id FROM program_regions WHERE program_id = p.id ORDER BY region_id))
         FROM training_programs p JOIN training_categories c ON c.id = p.category_id
         LEFT JOIN campaigns k ON k.id = p.campaign_id
         ORDER BY p.title, p.id",
    )?;
    let rows = st.query_map([], |r| {
        let ids = |i: usize| -> rusqlite::Result<Vec<i64>> {
            let text: String = r.get(i)?;
            Ok(serde_json::from_str(&text).unwrap_or_default())
        };
        Ok(Program {
            id: r.get(0)?,
            title: r.get(1)?,
            category_id: r.get(2)?,
            category: r.get(3)?,
            description: r.get(4)?,
            pass_mark: r.get(5)?,
            campaign_id: r.get(6)?,
            campaign: r.get(7)?,
            due_on: day_at(r, 8)?,
            sessions: r.get(9)?,
            role_ids: ids(10)?,
            region_ids: ids(11)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get_program(store: &Store, id: i64) -> AppResult<Program> {
    list_programs(store)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::not_found("这个课程已不存在。", "This program no longer exists."))
}

pub fn program_id_in(conn: &Connection, title: &str) -> AppResult<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM training_programs WHERE title = ?1",
            [title.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

fn taken_title(e: rusqlite::Error) -> AppError {
    if e.to_string().contains("training_programs.title") {
        AppError::conflict(
            Some("title"),
            "已有同名课程。",
            "There is already a program with this title.",
        )
    } else {
        e.into()
    }
}

fn write_mandate(tx: &Transaction<'_>, id: i64, v: &ValidProgram) -> AppResult<()> {
    tx.execute("DELETE FROM program_roles WHERE program_id = ?1", [id])?;
    tx.execute("DELETE FROM program_regions WHERE program_id = ?1", [id])?;
    for role in &v.role_ids {
        tx.execute(
            "INSERT INTO program_roles (program_id, role_id) VALUES (?1, ?2)",
            params![id, role],
        )?;
    }
    for region in &v.region_ids {
        tx.execute(
            "INSERT INTO program_regions (program_id, region_id) VALUES (?1, ?2)",
            params![id, region],
        )?;
    }
    Ok(())
}

pub fn insert_program_in(
    tx: &Transaction<'_>,
    v: &ValidProgram,
    batch_id: Option<i64>,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO training_programs (title, category_id, description, pass_mark, campaign_id, due_on,
           created_batch_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            v.title,
            v.category_id,
            v.description,
            v.pass_mark,
            v.campaign_id,
            v.due_on.map(|d| d.to_string()),
            batch_id,
            now_text()
        ],
    )
    .map_err(taken_title)?;
    let id = tx.last_insert_rowid();
    write_mandate(tx, id, v)?;
    Ok(id)
}

pub fn save_program(store: &mut Store, id: Option<i64>, v: &ValidProgram) -> AppResult<Program> {
    let id = store.write(|tx| match id {
        None => insert_program_in(tx, v, None),
        Some(id) => {
            let n = tx
                .execute(
                    "UPDATE training_programs SET title = ?2, category_id = ?3, description = ?4, pass_mark = ?5,
                       campaign_id = ?6, due_on = ?7 WHERE id = ?1",
                    params![
                        id,
                        v.title,
                        v.category_id,
                        v.description,
                        v.pass_mark,
                        v.campaign_id,
                        v.due_on.map(|d| d.to_string())
                    ],
                )
                .map_err(taken_title)?;
            if n == 0 {
                return Err(AppError::not_found(
                    "这个课程已不存在。",
                    "This program no longer exists.",
                ));
            }
            write_mandate(tx, id, v)?;
            Ok(id)
        }
    })?;
    get_program(store, id)
}
