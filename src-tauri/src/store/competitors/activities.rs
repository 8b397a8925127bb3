//! Competitor intelligence beside the prices: activities (特价促销, 大店工程, …) with their
//! regions, battlecards per competitor brand, the segment view (同档次 side by side) and
//! products saved from the form.

use crate::domain::competitors::ActivityKind;
use crate::domain::value::parse_price_text;
use crate::error::{AppError, AppResult};
use crate::store::{now_text, Store};
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct Activity {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub brand_id: i64,
    pub brand: String,
    pub regions: Vec<String>,
    pub start_on: String,
    pub end_on: String,
    pub kind: ActivityKind,
    pub description: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ActivityInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub brand_id: Option<i64>,
    #[ts(type = "number[]")]
    pub region_ids: Vec<i64>,
    pub start_on: String,
    pub end_on: String,
    pub kind: Option<ActivityKind>,
    pub description: String,
    pub source: String,
}

pub(super) fn date_field(s: &str, field: &str) -> AppResult<String> {
    Ok(crate::domain::value::date_input(s, field)?.to_string())
}

pub fn list_activities(store: &Store) -> AppResult<Vec<Activity>> {
    const SQL: &str = "SELECT a.id, a.brand_id, b.name, a.start_on, a.end_on, a.kind, a.description, a.source,
                coalesce((SELECT group_concat(local_name(r.short_name, r.name_en), '、') FROM competitor_activity_regions ar
                          JOIN regions r ON r.id = ar.region_id WHERE ar.activity_id = a.id), '')
         FROM competitor_activities a JOIN brands b ON b.id = a.brand_id
         ORDER BY a.start_on DESC, a.id DESC";
    store.query_all(SQL, |r| {
        let regions: String = r.get(8)?;
        Ok(Activity {
            id: r.get(0)?,
            brand_id: r.get(1)?,
            brand: r.get(2)?,
            start_on: r.get(3)?,
            end_on: r.get(4)?,
            kind: ActivityKind::from_code(&r.get::<_, String>(5)?),
            description: r.get(6)?,
            source: r.get(7)?,
            regions: regions
                .split('、')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        })
    })
}

pub fn save_activity(store: &mut Store, input: &ActivityInput) -> AppResult<i64> {
    let brand_id = input.brand_id.ok_or_else(|| {
        AppError::invalid(
            "brand_id",
            "请选择竞品品牌。",
            "Choose the competitor brand.",
        )
    })?;
    let start = date_field(&input.start_on, "start_on")?;
    let end = date_field(&input.end_on, "end_on")?;
    if end < start {
        return Err(AppError::invalid(
            "end_on",
            "结束日期不能早于开始日期。",
            "The end date cannot be before the start date.",
        ));
    }
    let kind = input.kind.ok_or_else(|| {
        AppError::invalid("kind", "请选择活动类型。", "Choose the activity type.")
    })?;
    if input.description.trim().is_empty() {
        return Err(AppError::invalid(
            "description",
            "请简要描述竞品做了什么，例如“冠能Q7 直降 300 元”。",
            "Describe what the competitor did, e.g. “Q7 cut by ¥300”.",
        ));
    }
    store.write(|tx| {
        let id = match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE competitor_activities SET brand_id = ?2, start_on = ?3, end_on = ?4, kind = ?5,
                       description = ?6, source = ?7 WHERE id = ?1",
                    params![id, brand_id, start, end, kind.code(), input.description.trim(), input.source.trim()],
                )?;
                if n == 0 {
                    return Err(AppError::not_found("这条竞品活动已不存在。", "This activity no longer exists."));
                }
                tx.execute("DELETE FROM competitor_activity_regions WHERE activity_id = ?1", [id])?;
                id
            }
            None => insert_activity_in(
                tx,
                brand_id,
                &start,
                &end,
                kind,
                input.description.trim(),
                input.source.trim(),
            )?,
        };
        set_activity_regions_in(tx, id, &input.region_ids)?;
        Ok(id)
    })
}

pub fn delete_activity(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM competitor_activities WHERE id = ?1", [id])?;
        Ok(())
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct Battlecard {
    #[ts(type = "number")]
    pub brand_id: i64,
    pub brand: String,
    pub selling_points: String,
    pub strengths: String,
    pub weaknesses: String,
    pub our_strategy: String,
    /// The date the card was last true; shown wherever the card is.
    pub as_of: String,
}

pub fn list_battlecards(store: &Store) -> AppResult<Vec<Battlecard>> {
    const SQL: &str = "SELECT c.brand_id, b.name, c.selling_points, c.strengths, c.weaknesses, c.our_strategy, c.as_of
         FROM battlecards c JOIN brands b ON b.id = c.brand_id ORDER BY b.name";
    store.query_all(SQL, |r| {
        Ok(Battlecard {
            brand_id: r.get(0)?,
            brand: r.get(1)?,
            selling_points: r.get(2)?,
            strengths: r.get(3)?,
            weaknesses: r.get(4)?,
            our_strategy: r.get(5)?,
            as_of: r.get(6)?,
        })
    })
}

pub fn save_battlecard(store: &mut Store, card: &Battlecard) -> AppResult<()> {
    let as_of = date_field(&card.as_of, "as_of")?;
    let card = Battlecard {
        as_of,
        selling_points: card.selling_points.trim().to_string(),
        strengths: card.strengths.trim().to_string(),
        weaknesses: card.weaknesses.trim().to_string(),
        our_strategy: card.our_strategy.trim().to_string(),
        ..card.clone()
    };
    store.write(|tx| upsert_battlecard_in(tx, &card))
}

/// The battlecards table's one write: a brand's card, added or replaced.
pub(crate) fn upsert_battlecard_in(tx: &Transaction<'_>, card: &Battlecard) -> AppResult<()> {
    tx.execute(
        "INSERT INTO battlecards (brand_id, selling_points, strengths, weaknesses, our_strategy, as_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (brand_id) DO UPDATE SET selling_points = excluded.selling_points,
           strengths = excluded.strengths, weaknesses = excluded.weaknesses,
           our_strategy = excluded.our_strategy, as_of = excluded.as_of",
        params![card.brand_id, card.selling_points, card.strengths, card.weaknesses, card.our_strategy, card.as_of],
    )?;
    Ok(())
}

/// The competitor_activities table's one INSERT (dates as ISO text, already checked).
pub(crate) fn insert_activity_in(
    tx: &Transaction<'_>,
    brand_id: i64,
    start: &str,
    end: &str,
    kind: ActivityKind,
    description: &str,
    source: &str,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO competitor_activities (brand_id, start_on, end_on, kind, description, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![brand_id, start, end, kind.code(), description, source, now_text()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The regions an activity ran in (added to those it has).
pub(crate) fn set_activity_regions_in(
    tx: &Transaction<'_>,
    activity_id: i64,
    region_ids: &[i64],
) -> AppResult<()> {
    for r in region_ids {
        tx.execute(
            "INSERT OR IGNORE INTO competitor_activity_regions (activity_id, region_id) VALUES (?1, ?2)",
            params![activity_id, r],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct SegmentCell {
    pub region: String,
    #[ts(type = "number")]
    pub effective_fen: i64,
    pub observed_on: String,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct SegmentProduct {
    #[ts(type = "number")]
    pub product_id: i64,
    pub brand: String,
    pub model: String,
    pub own: bool,
    #[ts(type = "number | null")]
    pub list_price_fen: Option<i64>,
    /// Latest sighting per region (lowest effective price that day across channels).
    pub latest: Vec<SegmentCell>,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct SegmentView {
    pub segment: String,
    pub regions: Vec<String>,
    pub products: Vec<SegmentProduct>,
}

/// Products of one segment (同档次) side by side with their latest prices per region.
pub fn segment_views(store: &Store) -> AppResult<Vec<SegmentView>> {
    let mut st = store.conn().prepare(
        "WITH last AS (
            SELECT product_id, region_id, max(observed_on) AS on_day
            FROM price_daily GROUP BY product_id, region_id)
         SELECT p.segment, p.id, b.name, p.model, b.is_own, p.list_price_fen,
                local_name(r.short_name, r.name_en), l.on_day,
                (SELECT d.low_fen FROM price_daily d
                 WHERE d.product_id = l.product_id AND d.region_id = l.region_id AND d.observed_on = l.on_day)
         FROM products p JOIN brands b ON b.id = p.brand_id
         LEFT JOIN last l ON l.product_id = p.id
         LEFT JOIN regions r ON r.id = l.region_id
         WHERE p.segment <> '' AND p.active = 1
         ORDER BY p.segment, b.is_own DESC, b.name, p.model, r.code",
    )?;
    let mut views: Vec<SegmentView> = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let segment: String = r.get(0)?;
        let product_id: i64 = r.get(1)?;
        if views.last().map(|v| &v.segment) != Some(&segment) {
            views.push(SegmentView {
                segment: segment.clone(),
                regions: Vec::new(),
                products: Vec::new(),
            });
        }
        let Some(view) = views.last_mut() else {
            continue;
        };
        if view.products.last().map(|p| p.product_id) != Some(product_id) {
            view.products.push(SegmentProduct {
                product_id,
                brand: r.get(2)?,
                model: r.get(3)?,
                own: r.get(4)?,
                list_price_fen: r.get(5)?,
                latest: Vec::new(),
            });
        }
        let region: Option<String> = r.get(6)?;
        if let (Some(region), Some(on), Some(price)) = (
            region,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<i64>>(8)?,
        ) {
            if !view.regions.contains(&region) {
                view.regions.push(region.clone());
            }
            if let Some(p) = view.products.last_mut() {
                p.latest.push(SegmentCell {
                    region,
                    effective_fen: price,
                    observed_on: on,
                });
            }
        }
    }
    Ok(views)
}

/// A product as edited on the brands-and-products screen; the list price as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ProductInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub brand_id: Option<i64>,
    pub model: String,
    pub category: String,
    pub segment: String,
    pub list_price: String,
    pub launched_on: String,
    pub active: bool,
}

pub fn save_product(store: &mut Store, p: &ProductInput) -> AppResult<i64> {
    let brand_id = p
        .brand_id
        .ok_or_else(|| AppError::invalid("brand_id", "请选择品牌。", "Choose the brand."))?;
    let model = p.model.trim();
    if model.is_empty() {
        return Err(AppError::invalid(
            "model",
            "请填写型号，例如“冠能Q7”。",
            "Enter the model, e.g. “Q7”.",
        ));
    }
    let list_price = if p.list_price.trim().is_empty() {
        None
    } else {
        Some(
            parse_price_text(&p.list_price)
                .filter(|v| *v > 0)
                .ok_or_else(|| {
                    AppError::invalid(
                        "list_price",
                        "指导价无法识别，请填写数字，例如 3399。",
                        "The list price cannot be read; enter a number such as 3399.",
                    )
                })?,
        )
    };
    let launched = if p.launched_on.trim().is_empty() {
        None
    } else {
        Some(date_field(&p.launched_on, "launched_on")?)
    };
    store.write(|tx| {
        let clash = |e| {
            crate::store::unique_violation(
                e,
                "model",
                format!("这个品牌已有型号“{model}”。"),
                format!("This brand already has the model “{model}”."),
            )
        };
        match p.id {
            Some(id) => {
                let n = tx
                    .execute(
                        "UPDATE products SET brand_id = ?2, model = ?3, category = ?4, segment = ?5,
                           list_price_fen = ?6, launched_on = ?7, active = ?8 WHERE id = ?1",
                        params![id, brand_id, model, p.category.trim(), p.segment.trim(), list_price, launched, p.active],
                    )
                    .map_err(clash)?;
                if n == 0 {
                    return Err(AppError::not_found("这个产品已不存在。", "This product no longer exists."));
                }
                Ok(id)
            }
            None => {
                let new = super::NewProduct {
                    brand_id,
                    model,
                    category: p.category.trim(),
                    segment: p.segment.trim(),
                    list_price_fen: list_price,
                    launched_on: launched.as_deref().and_then(crate::store::iso_day),
                    active: p.active,
                    batch_id: None,
                };
                super::insert_product_in(tx, &new).map_err(clash)
            }
        }
    })
}
