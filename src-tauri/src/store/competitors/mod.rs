//! The competitors area's tables, a file per job: here products, channels and the price
//! history; `sightings` (the observations table, the import's writer and its undo), `entry`
//! (sightings typed in by hand), `moves` (holiday price moves and the timeline's bands, read
//! through the same-sighting key), `activities` (competitor activities, battlecards, the
//! segment view).

mod activities;
mod entry;
mod moves;
mod sightings;

pub use activities::*;
pub use entry::*;
pub use moves::*;
pub use sightings::*;

use super::batches::UndoReport;
use super::{day_at, now_text, Store};
use crate::context::CancelToken;
use crate::domain::competitors::ReportedSighting;
use crate::domain::competitors::{
    change_basis_points, group_move, median_fen, summarize, GroupPrices, MovesQuery, MovesResult,
    PriceMove,
};
use crate::domain::value::parse_price_text;
use crate::error::{AppError, AppResult};
use rusqlite::Transaction;
use rusqlite::{params, params_from_iter, types::Value, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct Product {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub brand_id: i64,
    pub brand: String,
    pub own: bool,
    pub model: String,
    pub category: String,
    pub segment: String,
    #[ts(type = "number | null")]
    pub list_price_fen: Option<i64>,
    pub launched_on: Option<String>,
    pub active: bool,
    #[ts(type = "number")]
    pub observations: i64,
}

pub fn list_products(store: &Store) -> AppResult<Vec<Product>> {
    const SQL: &str = "SELECT p.id, p.brand_id, b.name, b.is_own, p.model, p.category, p.segment, p.list_price_fen,
                p.launched_on, p.active,
                (SELECT count(*) FROM price_observations o WHERE o.product_id = p.id)
         FROM products p JOIN brands b ON b.id = p.brand_id
         ORDER BY p.segment, b.is_own DESC, b.name, p.model";
    store.query_all(SQL, |r| {
        Ok(Product {
            id: r.get(0)?,
            brand_id: r.get(1)?,
            brand: r.get(2)?,
            own: r.get(3)?,
            model: r.get(4)?,
            category: r.get(5)?,
            segment: r.get(6)?,
            list_price_fen: r.get(7)?,
            launched_on: r.get(8)?,
            active: r.get(9)?,
            observations: r.get(10)?,
        })
    })
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct Channel {
    #[ts(type = "number")]
    pub id: i64,
    /// As the user reads it (English when they read English and there is one).
    pub name: String,
    pub name_zh: String,
    pub name_en: String,
    /// 专卖店 / 经销商 / 商超 / 电商 / 其他: always there, not renamed or removed.
    pub builtin: bool,
    #[ts(type = "number")]
    pub sightings: i64,
}

pub fn list_channels(store: &Store) -> AppResult<Vec<Channel>> {
    // Only channels the user added are counted (through price_observations_by_channel):
    // built-in channels are never removed, so they need no count.
    const SQL: &str = "SELECT id, local_name(name, name_en), name, name_en, builtin,
                CASE WHEN builtin = 1 THEN 0
                     ELSE (SELECT count(*) FROM price_observations o WHERE o.channel_id = c.id) END
         FROM channels c ORDER BY builtin DESC, id";
    store.query_all(SQL, |r| {
        Ok(Channel {
            id: r.get(0)?,
            name: r.get(1)?,
            name_zh: r.get(2)?,
            name_en: r.get(3)?,
            builtin: r.get(4)?,
            sightings: r.get(5)?,
        })
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ChannelInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name_zh: String,
    pub name_en: String,
}

fn builtin_channel() -> AppError {
    AppError::conflict(
        None,
        "内置渠道（专卖店、经销商、商超、电商、其他）不能修改或删除。",
        "The built-in channels (brand store, dealer, supermarket, online, other) cannot be changed or removed.",
    )
}

fn channel_gone() -> AppError {
    AppError::not_found("这个渠道已不存在。", "This channel no longer exists.")
}

/// Add a channel, or rename one the user added.
pub fn save_channel(store: &mut Store, input: &ChannelInput) -> AppResult<i64> {
    let zh = input.name_zh.trim();
    let en = input.name_en.trim();
    if zh.is_empty() {
        return Err(AppError::invalid(
            "name_zh",
            "请填写渠道名称，例如“社区店”。",
            "Enter the channel name, e.g. “社区店” (community store).",
        ));
    }
    if zh.chars().count() > 20 || en.chars().count() > 40 {
        return Err(AppError::invalid(
            if zh.chars().count() > 20 {
                "name_zh"
            } else {
                "name_en"
            },
            "渠道名称最多 20 个字，英文名最多 40 个字符。",
            "A channel name has at most 20 characters, its English name at most 40.",
        ));
    }
    store.write(|tx| {
        let clash = |e| {
            crate::store::unique_violation(
                e,
                "name_zh",
                format!("渠道“{zh}”已经存在。"),
                format!("The channel “{zh}” already exists."),
            )
        };
        match input.id {
            Some(id) => {
                let builtin: Option<bool> = tx
                    .query_row("SELECT builtin FROM channels WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match builtin {
                    None => Err(channel_gone()),
                    Some(true) => Err(builtin_channel()),
                    Some(false) => {
                        tx.execute(
                            "UPDATE channels SET name = ?2, name_en = ?3 WHERE id = ?1",
                            params![id, zh, en],
                        )
                        .map_err(clash)?;
                        Ok(id)
                    }
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO channels (name, name_en, builtin) VALUES (?1, ?2, 0)",
                    params![zh, en],
                )
                .map_err(clash)?;
                Ok(tx.last_insert_rowid())
            }
        }
    })
}

/// Remove a channel the user added and no sighting uses.
pub fn delete_channel(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let found: Option<(bool, i64)> = tx
            .query_row(
                "SELECT builtin, (SELECT count(*) FROM price_observations WHERE channel_id = ?1)
                 FROM channels WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match found {
            None => Err(channel_gone()),
            Some((true, _)) => Err(builtin_channel()),
            Some((false, n)) if n > 0 => Err(AppError::conflict(
                None,
                format!("这个渠道已有 {n} 条价格观察，不能删除。"),
                format!("This channel has {n} sightings, so it cannot be removed."),
            )),
            Some((false, _)) => {
                tx.execute("DELETE FROM channels WHERE id = ?1", [id])?;
                Ok(())
            }
        }
    })
}

/// A product to add. `batch_id` marks one an import created (taken back by its undo).
pub(crate) struct NewProduct<'a> {
    pub brand_id: i64,
    pub model: &'a str,
    pub category: &'a str,
    pub segment: &'a str,
    pub list_price_fen: Option<i64>,
    pub launched_on: Option<chrono::NaiveDate>,
    pub active: bool,
    pub batch_id: Option<i64>,
}

impl NewProduct<'_> {
    /// A product known only by its brand and model (as a sheet names it).
    pub(crate) fn named(brand_id: i64, model: &str, batch_id: Option<i64>) -> NewProduct<'_> {
        NewProduct {
            brand_id,
            model,
            category: "",
            segment: "",
            list_price_fen: None,
            launched_on: None,
            active: true,
            batch_id,
        }
    }
}

/// The products table's one INSERT: the form, the imports and the sample all add products here.
pub(crate) fn insert_product_in(
    tx: &rusqlite::Connection,
    p: &NewProduct<'_>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO products (brand_id, model, category, segment, list_price_fen, launched_on, active, created_at, created_batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        p.brand_id,
        p.model,
        p.category,
        p.segment,
        p.list_price_fen,
        p.launched_on.map(|d| d.to_string()),
        p.active,
        now_text(),
        p.batch_id
    ])?;
    Ok(tx.last_insert_rowid())
}

/// A product's id by brand and model (any case).
pub(crate) fn product_id_in(
    tx: &rusqlite::Connection,
    brand_id: i64,
    model: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM products WHERE brand_id = ?1 AND model = ?2 COLLATE NOCASE")?
        .query_row(params![brand_id, model], |r| r.get(0))
        .optional()
}

/// A channel's id by its name (built-in or the user's).
pub(crate) fn channel_id_in(
    tx: &rusqlite::Connection,
    name: &str,
) -> rusqlite::Result<Option<i64>> {
    tx.prepare_cached("SELECT id FROM channels WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
}

/// Daily lowest effective price of a product per region, and of our own products in the same
/// segment (all regions), for the price chart. Read from the daily series (`price_daily`), so
/// the cost follows days × regions, not the number of sightings.
pub fn price_history(
    store: &Store,
    product_id: i64,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> AppResult<(String, Vec<crate::charts::price::PriceSeries>)> {
    use crate::charts::price::PriceSeries;
    let (name, segment): (String, String) = store
        .conn()
        .query_row(
            "SELECT b.name || ' ' || p.model, p.segment FROM products p JOIN brands b ON b.id = p.brand_id WHERE p.id = ?1",
            [product_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| AppError::not_found("这个产品不存在。", "This product does not exist."))?;
    let from_s = from.map_or_else(
        || "0000-01-01".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let to_s = to.map_or_else(
        || "9999-12-31".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    // One series per region, in region order; the rows come by day, and each region's name
    // is looked up once.
    let mut regions: BTreeMap<i64, PriceSeries> = BTreeMap::new();
    let mut region_name = store
        .conn()
        .prepare_cached("SELECT local_name(short_name, name_en) FROM regions WHERE id = ?1")?;
    let mut st = store.conn().prepare_cached(
        "SELECT region_id, observed_on, low_fen FROM price_daily
         WHERE product_id = ?1 AND observed_on BETWEEN ?2 AND ?3 ORDER BY observed_on",
    )?;
    let mut rows = st.query(params![product_id, from_s, to_s])?;
    while let Some(r) = rows.next()? {
        let region_id: i64 = r.get(0)?;
        let Some(day) = day_at(r, 1)? else {
            continue;
        };
        let s = match regions.entry(region_id) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(PriceSeries {
                label: region_name.query_row([region_id], |r| r.get(0))?,
                own: false,
                points: Vec::new(),
            }),
        };
        s.points.push((day, r.get(2)?));
    }
    drop(rows);
    let mut series: Vec<PriceSeries> = regions.into_values().collect();
    if !segment.is_empty() {
        // Our own products of the segment: the lowest price of the day over all regions.
        let mut own = store.conn().prepare_cached(
            "SELECT p.id, b.name || ' ' || p.model FROM products p JOIN brands b ON b.id = p.brand_id
             WHERE p.segment = ?1 AND b.is_own = 1 AND p.id <> ?2 ORDER BY p.id",
        )?;
        let products = own
            .query_map(params![segment, product_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut days = store.conn().prepare_cached(
            "SELECT observed_on, min(low_fen) FROM price_daily
             WHERE product_id = ?1 AND observed_on BETWEEN ?2 AND ?3 GROUP BY observed_on",
        )?;
        for (id, label) in products {
            let mut points = Vec::new();
            let mut rows = days.query(params![id, from_s, to_s])?;
            while let Some(r) = rows.next()? {
                if let Some(day) = day_at(r, 0)? {
                    points.push((day, r.get::<_, i64>(1)?));
                }
            }
            if !points.is_empty() {
                series.push(PriceSeries {
                    label,
                    own: true,
                    points,
                });
            }
        }
    }
    Ok((name, series))
}
