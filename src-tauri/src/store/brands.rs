//! `brands`: our own brand(s) and the competitors we track.

use super::{now_text, unique_violation, Store};
use crate::domain::reference::{Brand, BrandInput};
use crate::error::{AppError, AppResult};
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str = "id, name, is_own, notes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Brand> {
    Ok(Brand {
        id: r.get(0)?,
        name: r.get(1)?,
        is_own: r.get(2)?,
        notes: r.get(3)?,
    })
}

pub fn list(store: &Store) -> AppResult<Vec<Brand>> {
    store.query_all(
        &format!("SELECT {COLUMNS} FROM brands ORDER BY is_own DESC, name"),
        from_row,
    )
}

pub fn get(store: &Store, id: i64) -> AppResult<Brand> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM brands WHERE id = ?1"),
            [id],
            from_row,
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                AppError::not_found("这个品牌已不存在。", "This brand no longer exists.")
            }
            e => e.into(),
        })
}

pub fn save(store: &mut Store, input: &BrandInput) -> AppResult<Brand> {
    let v = input.validated()?;
    let id = store.write(|tx| {
        let clash = |e| {
            unique_violation(
                e,
                "name",
                format!("品牌“{}”已经存在。", v.name),
                format!("The brand “{}” already exists.", v.name),
            )
        };
        match input.id {
            Some(id) => {
                let n = tx
                    .execute(
                        "UPDATE brands SET name = ?2, is_own = ?3, notes = ?4 WHERE id = ?1",
                        params![id, v.name, v.is_own, v.notes],
                    )
                    .map_err(clash)?;
                if n == 0 {
                    return Err(AppError::not_found(
                        "这个品牌已不存在。",
                        "This brand no longer exists.",
                    ));
                }
                Ok(id)
            }
            None => insert_in(
                tx,
                &NewBrand {
                    name: &v.name,
                    is_own: v.is_own,
                    notes: &v.notes,
                    batch_id: None,
                },
            )
            .map_err(clash),
        }
    })?;
    get(store, id)
}

/// A brand to add. `batch_id` marks one an import created (taken back by its undo).
pub(crate) struct NewBrand<'a> {
    pub name: &'a str,
    pub is_own: bool,
    pub notes: &'a str,
    pub batch_id: Option<i64>,
}

/// The brands table's one INSERT: the form, the imports and the sample all add brands here.
pub(crate) fn insert_in(tx: &rusqlite::Connection, b: &NewBrand<'_>) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO brands (name, is_own, notes, created_at, created_batch_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![b.name, b.is_own, b.notes, now_text(), b.batch_id])?;
    Ok(tx.last_insert_rowid())
}

/// A brand's id by its name (any case).
pub(crate) fn id_by_name(tx: &rusqlite::Connection, name: &str) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM brands WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], |r| r.get(0))
        .optional()
}

pub fn delete(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let n = tx
            .execute("DELETE FROM brands WHERE id = ?1", [id])
            .map_err(|e| {
                unique_violation(
                    e,
                    "id",
                    "这个品牌下已有产品或记录，不能删除。",
                    "This brand still has products or records, so it cannot be deleted.",
                )
            })?;
        if n == 0 {
            return Err(AppError::not_found(
                "这个品牌已不存在。",
                "This brand no longer exists.",
            ));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenMode;

    #[test]
    fn brands_round_trip_and_reject_duplicates_case_insensitively() {
        let d = tempfile::tempdir().unwrap();
        let mut s = Store::open(&d.path().join("b.db"), OpenMode::CreateIfMissing).unwrap();
        let own = save(
            &mut s,
            &BrandInput {
                id: None,
                name: "江森".into(),
                is_own: true,
                notes: String::new(),
            },
        )
        .unwrap();
        save(
            &mut s,
            &BrandInput {
                id: None,
                name: "Yadea".into(),
                is_own: false,
                notes: "雅迪".into(),
            },
        )
        .unwrap();
        let dup = save(
            &mut s,
            &BrandInput {
                id: None,
                name: "yadea".into(),
                is_own: false,
                notes: String::new(),
            },
        )
        .err()
        .unwrap();
        assert_eq!(dup.code(), "conflict");
        assert_eq!(dup.field(), Some("name"));
        let all = list(&s).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].id, own.id, "own brand first");
        let bad = save(
            &mut s,
            &BrandInput {
                id: None,
                name: "  ".into(),
                is_own: false,
                notes: String::new(),
            },
        )
        .err()
        .unwrap();
        assert_eq!(bad.code(), "invalid");
        assert_eq!(list(&s).unwrap().len(), 2, "bad input writes nothing");
    }
}
