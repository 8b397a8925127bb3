//! `regions`: provinces, municipalities and autonomous regions (preloaded) plus the user's
//! own sales regions.

use super::{now_text, unique_violation, Store};
use crate::domain::reference::{Region, RegionInput, RegionKind};
use crate::error::{AppError, AppResult};
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str = "id, name, short_name, name_en, kind, code";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Region> {
    let kind: String = r.get(4)?;
    Ok(Region {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        name_en: r.get(3)?,
        kind: RegionKind::from_db(&kind),
        code: r.get(5)?,
    })
}

pub fn list(store: &Store) -> AppResult<Vec<Region>> {
    store.query_all(
        &format!("SELECT {COLUMNS} FROM regions ORDER BY code IS NULL, code, name"),
        from_row,
    )
}

pub fn get(store: &Store, id: i64) -> AppResult<Region> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM regions WHERE id = ?1"),
            [id],
            from_row,
        )
        .map_err(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => {
                AppError::not_found("这个区域已不存在。", "This region no longer exists.")
            }
            e => e.into(),
        })
}

/// Find a region by its full or short name (山东 = 山东省).
pub fn find_by_name(store: &Store, name: &str) -> AppResult<Option<Region>> {
    let name = name.trim();
    let mut st = store.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM regions WHERE name = ?1 OR short_name = ?1 LIMIT 1"
    ))?;
    let mut rows = st.query_map([name], from_row)?;
    Ok(rows.next().transpose()?)
}

pub fn save(store: &mut Store, input: &RegionInput) -> AppResult<Region> {
    let v = input.validated()?;
    let id = store.write(|tx| {
        let clash = |e| {
            unique_violation(
                e,
                "name",
                format!("已有同名（或同简称）的区域“{}”。", v.name),
                format!(
                    "A region named “{}” (or with that short name) already exists.",
                    v.name
                ),
            )
        };
        match input.id {
            Some(id) => {
                let n = tx
                    .execute(
                        "UPDATE regions SET name = ?2, short_name = ?3, name_en = ?4 WHERE id = ?1",
                        params![id, v.name, v.short_name, v.name_en],
                    )
                    .map_err(clash)?;
                if n == 0 {
                    return Err(AppError::not_found(
                        "这个区域已不存在。",
                        "This region no longer exists.",
                    ));
                }
                Ok(id)
            }
            None => {
                insert_sales_region_in(tx, &v.name, &v.short_name, &v.name_en, None).map_err(clash)
            }
        }
    })?;
    get(store, id)
}

pub fn delete(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let n = tx
            .execute("DELETE FROM regions WHERE id = ?1", [id])
            .map_err(|e| {
                unique_violation(
                    e,
                    "id",
                    "这个区域已有记录在用，不能删除。",
                    "Records refer to this region, so it cannot be deleted.",
                )
            })?;
        if n == 0 {
            return Err(AppError::not_found(
                "这个区域已不存在。",
                "This region no longer exists.",
            ));
        }
        Ok(())
    })
}

/// A sales region of the user's own (the regions table's one INSERT; the 31 provinces come with
/// the schema). `batch_id` marks one an import created.
pub(crate) fn insert_sales_region_in(
    tx: &rusqlite::Connection,
    name: &str,
    short_name: &str,
    name_en: &str,
    batch_id: Option<i64>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO regions (name, short_name, name_en, kind, created_at, created_batch_id)
         VALUES (?1, ?2, ?3, 'sales_region', ?4, ?5)",
    )?
    .execute(params![name, short_name, name_en, now_text(), batch_id])?;
    Ok(tx.last_insert_rowid())
}

/// A region's id by its short name (山东).
pub(crate) fn id_by_short_name_in(
    tx: &rusqlite::Connection,
    short_name: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM regions WHERE short_name = ?1")?
        .query_row([short_name], |r| r.get(0))
        .optional()
}

/// Every region's short name in the store's language (山东 / Shandong), by id.
pub fn local_names(store: &Store) -> AppResult<std::collections::HashMap<i64, String>> {
    Ok(store
        .query_all(
            "SELECT id, local_name(short_name, name_en) FROM regions",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenMode;

    fn store() -> (tempfile::TempDir, Store) {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(&d.path().join("r.db"), OpenMode::CreateIfMissing).unwrap();
        (d, s)
    }

    #[test]
    fn preloaded_31_mainland_divisions_with_short_names() {
        let (_d, s) = store();
        let all = list(&s).unwrap();
        assert_eq!(all.len(), 31);
        let sd = find_by_name(&s, "山东").unwrap().unwrap();
        assert_eq!(sd.name, "山东省");
        assert_eq!(find_by_name(&s, "山东省").unwrap().unwrap().id, sd.id);
        assert_eq!(
            find_by_name(&s, " 广西 ").unwrap().unwrap().name,
            "广西壮族自治区"
        );
        assert!(find_by_name(&s, "火星").unwrap().is_none());
    }

    #[test]
    fn add_rename_and_delete_a_sales_region() {
        let (_d, mut s) = store();
        let r = save(
            &mut s,
            &RegionInput {
                id: None,
                name: "华东大区".into(),
                short_name: "华东".into(),
                name_en: "East China".into(),
            },
        )
        .unwrap();
        assert_eq!(r.kind, RegionKind::SalesRegion);
        let dup = save(
            &mut s,
            &RegionInput {
                id: None,
                name: "山东省".into(),
                short_name: "鲁".into(),
                name_en: String::new(),
            },
        )
        .err()
        .unwrap();
        assert_eq!(dup.code(), "conflict");
        assert_eq!(list(&s).unwrap().len(), 32);
        delete(&mut s, r.id).unwrap();
        assert_eq!(list(&s).unwrap().len(), 31);
    }
}
