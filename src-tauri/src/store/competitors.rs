//! Competitor tables: products, channels, price sightings, import batches, activities and
//! battlecards; plus the queries behind the observations table and holiday price moves.

use super::batches::UndoReport;
use super::{day_at, now_text, Store};
use crate::domain::competitors::ReportedSighting;
use crate::domain::competitors::{
    change_basis_points, group_move, median_fen, summarize, GroupPrices, MovesQuery, MovesResult,
    PriceMove,
};
use crate::error::{AppError, AppResult};
use crate::import::CancelToken;
use rusqlite::Transaction;
use rusqlite::{params, params_from_iter, types::Value, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ObservationFilter {
    #[ts(type = "number | null")]
    pub brand_id: Option<i64>,
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub channel_id: Option<i64>,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Matches brand, model, reporter or note.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ObservationSort {
    #[default]
    DateDesc,
    DateAsc,
    PriceAsc,
    PriceDesc,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ObservationPageQuery {
    pub filter: ObservationFilter,
    pub sort: ObservationSort,
    #[ts(type = "number")]
    pub page: u32,
    #[ts(type = "number")]
    pub page_size: u32,
}

impl Default for ObservationPageQuery {
    /// The first 50 sightings, newest first, unfiltered.
    fn default() -> Self {
        ObservationPageQuery {
            filter: ObservationFilter::default(),
            sort: ObservationSort::DateDesc,
            page: 0,
            page_size: 50,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ObservationRow {
    #[ts(type = "number")]
    pub id: i64,
    pub observed_on: String,
    pub brand: String,
    pub own: bool,
    pub product: String,
    pub region: String,
    pub channel: String,
    #[ts(type = "number")]
    pub regular_fen: i64,
    #[ts(type = "number | null")]
    pub promo_fen: Option<i64>,
    #[ts(type = "number")]
    pub effective_fen: i64,
    pub reporter: String,
    pub note: String,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ObservationPage {
    pub rows: Vec<ObservationRow>,
    #[ts(type = "number")]
    pub total: i64,
    #[ts(type = "number")]
    pub page: u32,
    #[ts(type = "number")]
    pub page_size: u32,
}

/// A typed date filter ("2026/5/1" is fine too) as ISO text, or a clear error on its field.
fn date_filter(v: &Option<String>, field: &str) -> AppResult<Option<String>> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(
            crate::import::parse::date_input(s, field)?.to_string(),
        )),
    }
}

fn filter_sql(
    conn: &rusqlite::Connection,
    f: &ObservationFilter,
) -> AppResult<(String, Vec<Value>)> {
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    // `#` in the condition stands for the id's parameter.
    let mut by_id = |condition: &str, v: Option<i64>| {
        if let Some(v) = v {
            args.push(Value::Integer(v));
            clauses.push(condition.replace('#', &format!("?{}", args.len())));
        }
    };
    by_id(
        "o.product_id IN (SELECT id FROM products WHERE brand_id = #)",
        f.brand_id,
    );
    by_id("o.product_id = #", f.product_id);
    by_id("o.region_id = #", f.region_id);
    by_id("o.channel_id = #", f.channel_id);
    by_id("o.batch_id = #", f.batch_id);
    if let Some(from) = date_filter(&f.from, "from")? {
        args.push(Value::Text(from));
        clauses.push(format!("o.observed_on >= ?{}", args.len()));
    }
    if let Some(to) = date_filter(&f.to, "to")? {
        args.push(Value::Text(to));
        clauses.push(format!("o.observed_on <= ?{}", args.len()));
    }
    if let Some(t) = f.text.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        // Brand or model (any part) through the small products table, or the reporter by
        // name: both are index lookups, so a search stays fast on a million sightings.
        let like = format!(
            "%{}%",
            t.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        args.push(Value::Text(like));
        let n = args.len();
        let products = format!(
            "o.product_id IN (SELECT p2.id FROM products p2 JOIN brands b2 ON b2.id = p2.brand_id
                              WHERE b2.name LIKE ?{n} ESCAPE '\\' OR p2.model LIKE ?{n} ESCAPE '\\')"
        );
        // Only ask for the reporter when someone by that name reported (an index probe): an OR
        // across two indexes costs far more than one lookup.
        let is_reporter: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM price_observations WHERE reporter = ?1)",
            [t],
            |r| r.get(0),
        )?;
        if is_reporter {
            args.push(Value::Text(t.to_string()));
            clauses.push(format!("({products} OR o.reporter = ?{})", args.len()));
        } else {
            clauses.push(products);
        }
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

const OBS_FROM: &str = "FROM price_observations o
    JOIN products p ON p.id = o.product_id
    JOIN brands b ON b.id = p.brand_id
    JOIN regions r ON r.id = o.region_id
    JOIN channels c ON c.id = o.channel_id";

pub fn observation_page(store: &Store, q: &ObservationPageQuery) -> AppResult<ObservationPage> {
    let page_size = q.page_size.clamp(1, 500);
    let (where_sql, args) = filter_sql(store.conn(), &q.filter)?;
    let order = match q.sort {
        ObservationSort::DateDesc => "o.observed_on DESC, o.id DESC",
        ObservationSort::DateAsc => "o.observed_on ASC, o.id ASC",
        ObservationSort::PriceAsc => "o.effective_fen ASC, o.id ASC",
        ObservationSort::PriceDesc => "o.effective_fen DESC, o.id DESC",
    };
    // Every filter is on the sightings table itself (brands and models through product ids),
    // so counting needs no join.
    let count_from = "FROM price_observations o";
    let total: i64 = store.conn().query_row(
        &format!("SELECT count(*) {count_from} {where_sql}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    // Many matches: walk the sort order's index and stop after one page, instead of sorting
    // every match. Few matches: let SQLite start from the filter and sort the handful.
    let from = if total > 5_000 {
        let index = match q.sort {
            ObservationSort::PriceAsc | ObservationSort::PriceDesc => "price_observations_by_price",
            ObservationSort::DateAsc | ObservationSort::DateDesc => "price_observations_by_date",
        };
        OBS_FROM.replacen(
            "price_observations o",
            &format!("price_observations o INDEXED BY {index}"),
            1,
        )
    } else {
        OBS_FROM.to_string()
    };
    let sql = format!(
        "SELECT o.id, o.observed_on, b.name, b.is_own, p.model, local_name(r.short_name, r.name_en), local_name(c.name, c.name_en),
                o.regular_fen, o.promo_fen, o.effective_fen, o.reporter, o.note, o.batch_id
         {from} {where_sql} ORDER BY {order} LIMIT {page_size} OFFSET {}",
        u64::from(q.page) * u64::from(page_size)
    );
    let mut st = store.conn().prepare(&sql)?;
    let rows = st
        .query_map(params_from_iter(args.iter()), |r| {
            Ok(ObservationRow {
                id: r.get(0)?,
                observed_on: r.get(1)?,
                brand: r.get(2)?,
                own: r.get(3)?,
                product: r.get(4)?,
                region: r.get(5)?,
                channel: r.get(6)?,
                regular_fen: r.get(7)?,
                promo_fen: r.get(8)?,
                effective_fen: r.get(9)?,
                reporter: r.get(10)?,
                note: r.get(11)?,
                batch_id: r.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ObservationPage {
        rows,
        total,
        page: q.page,
        page_size,
    })
}

/// A name in the file mapped onto something already stored instead of creating it
/// (e.g. the file says “Yadi” and the user means the stored brand 雅迪).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct NameMapping {
    /// "brand" | "product" | "region" | "channel"
    pub kind: String,
    /// As listed under `created` in the preview ("雅迪 Q7" for a product).
    pub name: String,
    #[ts(type = "number")]
    pub to_id: i64,
}

/// What an import created (or would create) besides its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Created {
    pub brands: Vec<String>,
    pub products: Vec<String>,
    pub regions: Vec<String>,
    pub channels: Vec<String>,
}

/// Lookups that remember what they created, so a 100 k-row file asks SQLite once per name.
pub(crate) struct Resolver {
    mapped: Vec<NameMapping>,
    brands: HashMap<String, i64>,
    products: HashMap<(i64, String), i64>,
    regions: HashMap<String, i64>,
    channels: HashMap<String, i64>,
    pub(crate) created: Created,
    now: String,
    /// Records created here remember the batch, so undoing it can take them back.
    batch_id: i64,
}

impl Resolver {
    pub(crate) fn new(mapped: Vec<NameMapping>, batch_id: i64) -> Self {
        Resolver {
            mapped,
            brands: HashMap::new(),
            products: HashMap::new(),
            regions: HashMap::new(),
            channels: HashMap::new(),
            created: Created::default(),
            now: now_text(),
            batch_id,
        }
    }

    /// The stored record for a name: the user's mapping from the preview first, then a lookup.
    fn find(
        &self,
        tx: &Transaction<'_>,
        kind: &str,
        listed_as: &str,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> AppResult<Option<i64>> {
        if let Some(m) = self
            .mapped
            .iter()
            .find(|m| m.kind == kind && m.name == listed_as)
        {
            return Ok(Some(m.to_id));
        }
        Ok(tx
            .prepare_cached(sql)?
            .query_row(args, |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn brand(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        let key = name.to_lowercase();
        if let Some(id) = self.brands.get(&key) {
            return Ok(*id);
        }
        let sql = "SELECT id FROM brands WHERE name = ?1 COLLATE NOCASE";
        let id = match self.find(tx, "brand", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO brands (name, is_own, notes, created_at, created_batch_id) VALUES (?1, 0, '', ?2, ?3)",
                )?
                .execute(params![name, self.now, self.batch_id])?;
                self.created.brands.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.brands.insert(key, id);
        Ok(id)
    }

    pub(crate) fn product(
        &mut self,
        tx: &Transaction<'_>,
        brand: &str,
        brand_id: i64,
        model: &str,
    ) -> AppResult<i64> {
        let key = (brand_id, model.to_lowercase());
        if let Some(id) = self.products.get(&key) {
            return Ok(*id);
        }
        let listed_as = format!("{brand} {model}");
        let sql = "SELECT id FROM products WHERE brand_id = ?1 AND model = ?2 COLLATE NOCASE";
        let id = match self.find(tx, "product", &listed_as, sql, params![brand_id, model])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO products (brand_id, model, created_at, created_batch_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![brand_id, model, self.now, self.batch_id])?;
                self.created.products.push(listed_as);
                tx.last_insert_rowid()
            }
        };
        self.products.insert(key, id);
        Ok(id)
    }

    pub(crate) fn region(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        if let Some(id) = self.regions.get(name) {
            return Ok(*id);
        }
        let sql = "SELECT id FROM regions WHERE name = ?1 OR short_name = ?1 OR name_en = ?1 COLLATE NOCASE LIMIT 1";
        let id = match self.find(tx, "region", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO regions (name, short_name, name_en, kind, created_at, created_batch_id) VALUES (?1, ?1, '', 'sales_region', ?2, ?3)",
                )?
                .execute(params![name, self.now, self.batch_id])?;
                self.created.regions.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.regions.insert(name.to_string(), id);
        Ok(id)
    }

    pub(crate) fn channel(&mut self, tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
        let key = name.to_lowercase();
        if let Some(id) = self.channels.get(&key) {
            return Ok(*id);
        }
        let sql =
            "SELECT id FROM channels WHERE name = ?1 COLLATE NOCASE OR name_en = ?1 COLLATE NOCASE";
        let id = match self.find(tx, "channel", name, sql, [name])? {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO channels (name, builtin, created_batch_id) VALUES (?1, 0, ?2)",
                )?
                .execute(params![name, self.batch_id])?;
                self.created.channels.push(name.to_string());
                tx.last_insert_rowid()
            }
        };
        self.channels.insert(key, id);
        Ok(id)
    }
}

/// What writing a batch of sightings did.
pub struct Written {
    pub imported: usize,
    pub duplicates: usize,
    pub created: Created,
}

/// Sightings moved from the staging table into the sightings per statement: progress and
/// cancel come between chunks.
const STAGE_CHUNK: usize = 5000;

/// Write checked sightings as batch `batch_id`, creating the brands, products, regions and
/// channels they name (unless mapped onto stored ones), and bring the daily series up to date.
pub fn write_sightings(
    tx: &Transaction<'_>,
    batch_id: i64,
    rows: &[ReportedSighting],
    mapped: &[NameMapping],
    cancel: &CancelToken,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<Written> {
    let total = rows.len();
    let mut resolver = Resolver::new(mapped.to_vec(), batch_id);
    // The rows go first into a bare staging table, then into the sightings a few thousand at
    // a time. Row by row, each INSERT into the indexed, trigger- and key-checked table would
    // copy every page it touches into a statement journal (so that it alone can roll back),
    // and all of them are already dirty in this transaction: about 40 KB copied per sighting.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS sighting_stage (
             product_id INTEGER, region_id INTEGER, channel_id INTEGER, observed_on TEXT,
             regular_fen INTEGER, promo_fen INTEGER, reporter TEXT, note TEXT);
         DELETE FROM temp.sighting_stage;",
    )?;
    {
        // Resolved, then staged in the order of the same-sighting key (the file's order among
        // equal keys, so the first of a repeat is the one kept): the key's index then grows
        // at its end instead of at random pages.
        let mut resolved: Vec<(i64, i64, i64, chrono::NaiveDate, i64, i64, usize)> =
            Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if i % 2000 == 0 {
                if cancel.is_cancelled() {
                    return Err(AppError::Cancelled);
                }
                progress(i / 8, total);
            }
            let brand_id = resolver.brand(tx, &r.brand)?;
            let product_id = resolver.product(tx, &r.brand, brand_id, &r.product)?;
            let region_id = resolver.region(tx, &r.region)?;
            let channel_id = resolver.channel(tx, &r.channel)?;
            resolved.push((
                product_id,
                region_id,
                channel_id,
                r.date,
                r.regular_fen,
                r.promo_fen.unwrap_or(0),
                i,
            ));
        }
        resolved.sort_unstable();
        let mut stage = tx.prepare_cached(
            "INSERT INTO temp.sighting_stage VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (n, &(product_id, region_id, channel_id, date, regular_fen, _, i)) in
            resolved.iter().enumerate()
        {
            if n % 2000 == 0 {
                if cancel.is_cancelled() {
                    return Err(AppError::Cancelled);
                }
                progress(total / 8 + n / 8, total);
            }
            let r = &rows[i];
            stage.execute(params![
                product_id,
                region_id,
                channel_id,
                date.format("%Y-%m-%d").to_string(),
                regular_fen,
                r.promo_fen,
                r.reporter,
                r.note,
            ])?;
        }
    }
    // A batch larger than the sightings already stored goes in before the secondary indexes:
    // they are dropped and built again from the whole table afterwards (one sort each), which
    // costs less than updating them row by row. Inside this transaction, as everything else.
    let stored: i64 = tx.query_row(
        "SELECT coalesce(max(id), 0) FROM price_observations",
        [],
        |r| r.get(0),
    )?;
    let rebuild: Vec<(String, String)> = if total as i64 > stored {
        let mut st = tx.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'price_observations'
               AND sql IS NOT NULL AND name <> 'price_observations_same'",
        )?;
        let found = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        found.collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    for (name, _) in &rebuild {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    let mut imported = 0usize;
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO price_observations
               (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, batch_id, created_at)
             SELECT product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, ?3, ?4
             FROM temp.sighting_stage WHERE rowid BETWEEN ?1 AND ?2 ORDER BY rowid",
        )?;
        let mut done = 0usize;
        while done < total {
            if cancel.is_cancelled() {
                return Err(AppError::Cancelled);
            }
            progress(total / 4 + done * 3 / 4, total);
            let end = (done + STAGE_CHUNK).min(total);
            imported +=
                insert.execute(params![done as i64 + 1, end as i64, batch_id, resolver.now])?;
            done = end;
        }
    }
    for (_, sql) in &rebuild {
        if cancel.is_cancelled() {
            return Err(AppError::Cancelled);
        }
        tx.execute_batch(sql)?;
    }
    tx.execute("DELETE FROM temp.sighting_stage", [])?;
    let duplicates = total - imported;
    progress(total, total);
    // The chart's daily series, for the whole batch at once (see migration 0003).
    tx.execute(
        "INSERT INTO price_daily (product_id, region_id, observed_on, low_fen, sightings)
         SELECT product_id, region_id, observed_on, min(effective_fen), count(*)
         FROM price_observations WHERE id > ?1
         GROUP BY product_id, observed_on, region_id
         ON CONFLICT DO UPDATE SET low_fen = min(low_fen, excluded.low_fen),
                                   sightings = sightings + excluded.sightings",
        // This batch's sightings are exactly those numbered after the ones stored before it.
        [stored],
    )?;
    Ok(Written {
        imported,
        duplicates,
        created: resolver.created,
    })
}

/// Take back a price-report batch: every sighting it added, and the brands, products,
/// regions and channels it created — unless something else uses them now or the user has
/// filled them in since.
pub fn undo_sightings(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let sightings = tx.execute(
        "DELETE FROM price_observations WHERE batch_id = ?1",
        [batch_id],
    )? as i64;
    let take_back =
        |table: &str, select: &str| super::batches::take_back(tx, batch_id, table, select);
    let products = take_back(
        "products",
        "SELECT p.id, b.name || ' ' || p.model FROM products p JOIN brands b ON b.id = p.brand_id
             WHERE p.created_batch_id = ?1 AND p.segment = '' AND p.category = ''
               AND p.list_price_fen IS NULL AND p.launched_on IS NULL
               AND NOT EXISTS (SELECT 1 FROM price_observations o WHERE o.product_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM campaign_offers f WHERE f.product_id = p.id)",
    )?;
    let brands = take_back(
        "brands",
        "SELECT b.id, b.name FROM brands b
             WHERE b.created_batch_id = ?1 AND b.is_own = 0 AND b.notes = ''
               AND NOT EXISTS (SELECT 1 FROM products p WHERE p.brand_id = b.id)
               AND NOT EXISTS (SELECT 1 FROM competitor_activities a WHERE a.brand_id = b.id)
               AND NOT EXISTS (SELECT 1 FROM battlecards c WHERE c.brand_id = b.id)",
    )?;
    let regions = take_back(
            "regions",
            "SELECT r.id, r.name FROM regions r
             WHERE r.created_batch_id = ?1 AND r.name_en = ''
               AND NOT EXISTS (SELECT 1 FROM price_observations o WHERE o.region_id = r.id)
               AND NOT EXISTS (SELECT 1 FROM competitor_activity_regions a WHERE a.region_id = r.id)",
        )?;
    let channels = take_back(
        "channels",
        "SELECT c.id, c.name FROM channels c
             WHERE c.created_batch_id = ?1 AND c.name_en = ''
               AND NOT EXISTS (SELECT 1 FROM price_observations o WHERE o.channel_id = c.id)",
    )?;
    Ok(UndoReport {
        sightings,
        brands,
        products,
        regions,
        channels,
        ..UndoReport::default()
    })
}

/// Whether any sighting falls within [from, to] (an index probe).
pub fn has_sightings_between(
    store: &Store,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> AppResult<bool> {
    Ok(store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM price_observations WHERE observed_on BETWEEN ?1 AND ?2)",
        params![from.to_string(), to.to_string()],
        |r| r.get(0),
    )?)
}

/// Holiday price moves (rules in `domain::competitors`).
pub fn price_moves(store: &Store, q: &MovesQuery) -> AppResult<MovesResult> {
    let v = q.validated()?;
    let baseline_to = v.from.pred_opt().unwrap_or(v.from);
    let from_s = v.from.format("%Y-%m-%d").to_string();
    let mut st = store.conn().prepare_cached(
        "SELECT product_id, region_id, channel_id, observed_on >= ?2, effective_fen
         FROM price_observations WHERE observed_on BETWEEN ?1 AND ?3",
    )?;
    let mut groups: BTreeMap<(i64, i64, i64), GroupPrices> = BTreeMap::new();
    let mut rows = st.query(params![
        v.baseline_from.format("%Y-%m-%d").to_string(),
        from_s,
        v.to.format("%Y-%m-%d").to_string()
    ])?;
    while let Some(r) = rows.next()? {
        let key = (r.get(0)?, r.get(1)?, r.get(2)?);
        let in_window: bool = r.get(3)?;
        let price: i64 = r.get(4)?;
        let g = groups.entry(key).or_default();
        if in_window {
            g.window.push(price);
        } else {
            g.baseline.push(price);
        }
    }
    drop(rows);
    let mut all_bp = Vec::new();
    let mut moves = Vec::new();
    let mut names = store.conn().prepare_cached(
        "SELECT b.name, b.is_own, p.model, (SELECT local_name(short_name, name_en) FROM regions WHERE id = ?2),
                (SELECT local_name(name, name_en) FROM channels WHERE id = ?3)
         FROM products p JOIN brands b ON b.id = p.brand_id WHERE p.id = ?1",
    )?;
    for ((product_id, region_id, channel_id), mut g) in groups {
        let Some((baseline, window, bp, nb, nw)) = group_move(&mut g) else {
            continue;
        };
        all_bp.push(bp);
        if bp.abs() < v.threshold_bp {
            continue;
        }
        let (brand, own, product, region, channel): (String, bool, String, String, String) = names
            .query_row(params![product_id, region_id, channel_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        moves.push((
            bp,
            PriceMove {
                brand,
                product,
                region,
                channel,
                baseline_fen: baseline,
                window_fen: window,
                change_pct: bp as f64 / 100.0,
                baseline_obs: nb,
                window_obs: nw,
                product_id,
                region_id,
                channel_id,
                own,
            },
        ));
    }
    moves.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.brand.cmp(&b.1.brand))
            .then_with(|| a.1.product.cmp(&b.1.product))
    });
    Ok(MovesResult {
        from: from_s,
        to: v.to.format("%Y-%m-%d").to_string(),
        baseline_from: v.baseline_from.format("%Y-%m-%d").to_string(),
        baseline_to: baseline_to.format("%Y-%m-%d").to_string(),
        threshold_pct: v.threshold_bp as f64 / 100.0,
        moves: moves.into_iter().map(|(_, m)| m).collect(),
        summary: summarize(&all_bp, v.threshold_bp),
    })
}

/// A window to look for competitor price moves in: its dates and regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveWindow {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub region_ids: Vec<i64>,
}

/// A competitor price move of one window, by ids (named afterwards, and only where shown).
#[derive(Debug, Clone, Copy)]
struct RawMove {
    window: usize,
    product_id: i64,
    region_id: i64,
    channel_id: i64,
    baseline: i64,
    window_fen: i64,
    bp: i64,
    nb: i64,
    nw: i64,
}

/// The competitors' sightings in some regions (?3, a JSON array of ids) between two days
/// (?1, ?2), a series of one product, region and channel after another, each by day: read
/// through the same-sighting key alone (no table row, no sorter — a test holds the plan),
/// the effective price taken from the key's own columns.
pub const COMPETITOR_SERIES_SQL: &str = "SELECT o.product_id, o.region_id, o.channel_id, o.observed_on,
        CASE WHEN coalesce(o.promo_fen, 0) > 0 THEN coalesce(o.promo_fen, 0) ELSE o.regular_fen END
 FROM price_observations o INDEXED BY price_observations_same
 WHERE o.product_id IN (SELECT p.id FROM products p JOIN brands b ON b.id = p.brand_id WHERE b.is_own = 0)
   AND o.region_id IN (SELECT value FROM json_each(?3))
   AND o.channel_id IN (SELECT id FROM channels)
   AND o.observed_on BETWEEN ?1 AND ?2
 ORDER BY o.product_id, o.region_id, o.channel_id, o.observed_on";

/// The competitor moves of every window: one read of the competitors' sightings in the
/// windows' regions over the whole span, in runs of one product, region and channel as the
/// same-sighting key holds them; each window then takes its baseline and window days out of
/// a run by binary search — no per-sighting hashing, no per-group allocation.
fn raw_moves_in_windows(
    store: &Store,
    windows: &[MoveWindow],
    baseline_days: u32,
    threshold_bp: i64,
) -> AppResult<Vec<RawMove>> {
    use chrono::Datelike;
    let day_no = |d: chrono::NaiveDate| d.num_days_from_ce();
    let starts: Vec<i32> = windows
        .iter()
        .map(|w| day_no(w.from - chrono::Days::new(u64::from(baseline_days))))
        .collect();
    let (Some(first), Some(last)) = (
        windows
            .iter()
            .map(|w| w.from - chrono::Days::new(u64::from(baseline_days)))
            .min(),
        windows.iter().map(|w| w.to).max(),
    ) else {
        return Ok(Vec::new());
    };
    let regions = window_regions(windows);
    // The windows that read each region.
    let mut by_region: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, w) in windows.iter().enumerate() {
        for r in &w.region_ids {
            by_region.entry(*r).or_default().push(i);
        }
    }
    // Series by series through the same-sighting key (product, region, channel, day, …):
    // one seek per competitor product, region and channel, and the rows of a series come
    // out together, by day, with the effective price computed from the key's own columns —
    // no table row read, no hashing, no sorting of sightings (callgrind: ~80 M instructions
    // per timeline's bands against ~90 M through the region index and a sort; the larger gain
    // is that a region's series can be read on a connection of its own, see
    // `split_windows_by_region`).
    let mut st = store.conn().prepare_cached(COMPETITOR_SERIES_SQL)?;
    let region_list =
        serde_json::to_string(&regions).map_err(|e| AppError::Internal(e.to_string()))?;
    // A sighting is (day, price); a series is its (region, product, channel) and its run of
    // sightings.
    let mut seen: Vec<(i32, i64)> = Vec::new();
    let mut runs: Vec<((i64, i64, i64), std::ops::Range<usize>)> = Vec::new();
    let mut rows = st.query(params![first.to_string(), last.to_string(), region_list])?;
    while let Some(r) = rows.next()? {
        let Some(day) = day_at(r, 3)? else {
            continue;
        };
        let key = (r.get(1)?, r.get(0)?, r.get(2)?);
        match runs.last_mut() {
            Some((k, run)) if *k == key => run.end += 1,
            _ => runs.push((key, seen.len()..seen.len() + 1)),
        }
        seen.push((day_no(day), r.get(4)?));
    }
    drop(rows);
    // In (region, product, channel) order, so the first of equal moves is the same whatever
    // the key's order.
    runs.sort_unstable_by_key(|(k, _)| *k);
    let mut out = Vec::new();
    let mut scratch: Vec<i64> = Vec::new();
    for ((region_id, product_id, channel_id), range) in runs {
        let run = &seen[range];
        let Some(reading) = by_region.get(&region_id) else {
            continue;
        };
        for &i in reading {
            let w = &windows[i];
            let at = |d: i32| run.partition_point(|x| x.0 < d);
            let (b0, w0, w1) = (at(starts[i]), at(day_no(w.from)), at(day_no(w.to) + 1));
            let Some(window_fen) = run[w0..w1].iter().map(|x| x.1).min() else {
                continue;
            };
            scratch.clear();
            scratch.extend(run[b0..w0].iter().map(|x| x.1));
            let Some(baseline) = median_fen(&mut scratch) else {
                continue;
            };
            let Some(bp) = change_basis_points(baseline, window_fen) else {
                continue;
            };
            if bp.abs() < threshold_bp {
                continue;
            }
            out.push(RawMove {
                window: i,
                product_id,
                region_id,
                channel_id,
                baseline,
                window_fen,
                bp,
                nb: (w0 - b0) as i64,
                nw: (w1 - w0) as i64,
            });
        }
    }
    Ok(out)
}

/// Names the moves (once per product, region and channel) and sorts them into their windows.
fn name_moves(
    store: &Store,
    windows: usize,
    raw: impl IntoIterator<Item = RawMove>,
) -> AppResult<Vec<Vec<PriceMove>>> {
    use std::collections::hash_map::Entry;
    let mut out = vec![Vec::new(); windows];
    let mut product_names: HashMap<i64, (String, String)> = HashMap::new();
    let mut region_names: HashMap<i64, String> = HashMap::new();
    let mut channel_names: HashMap<i64, String> = HashMap::new();
    let conn = store.conn();
    for m in raw {
        if let Entry::Vacant(e) = product_names.entry(m.product_id) {
            e.insert(
                conn.prepare_cached("SELECT b.name, p.model FROM products p JOIN brands b ON b.id = p.brand_id WHERE p.id = ?1")?
                    .query_row([m.product_id], |r| Ok((r.get(0)?, r.get(1)?)))?,
            );
        }
        if let Entry::Vacant(e) = region_names.entry(m.region_id) {
            e.insert(
                conn.prepare_cached(
                    "SELECT local_name(short_name, name_en) FROM regions WHERE id = ?1",
                )?
                .query_row([m.region_id], |r| r.get(0))?,
            );
        }
        if let Entry::Vacant(e) = channel_names.entry(m.channel_id) {
            e.insert(
                conn.prepare_cached(
                    "SELECT local_name(name, name_en) FROM channels WHERE id = ?1",
                )?
                .query_row([m.channel_id], |r| r.get(0))?,
            );
        }
        let (brand, product) = &product_names[&m.product_id];
        out[m.window].push(PriceMove {
            brand: brand.clone(),
            product: product.clone(),
            region: region_names[&m.region_id].clone(),
            channel: channel_names[&m.channel_id].clone(),
            baseline_fen: m.baseline,
            window_fen: m.window_fen,
            change_pct: m.bp as f64 / 100.0,
            baseline_obs: m.nb,
            window_obs: m.nw,
            product_id: m.product_id,
            region_id: m.region_id,
            channel_id: m.channel_id,
            own: false,
        });
    }
    Ok(out)
}

/// The competitor price moves of several windows at once: one read of the competitors'
/// sightings over the whole span, then the same rules as `price_moves` per window (baseline =
/// median of the `baseline_days` before it, window = its lowest price). Returns, per window,
/// the moves whose |change| reaches `threshold_bp`, own brands left out.
pub fn competitor_moves_in_windows(
    store: &Store,
    windows: &[MoveWindow],
    baseline_days: u32,
    threshold_bp: i64,
) -> AppResult<Vec<Vec<PriceMove>>> {
    let raw = raw_moves_in_windows(store, windows, baseline_days, threshold_bp)?;
    name_moves(store, windows.len(), raw)
}

/// The competitor moves of some windows, by ids: the reading half of
/// `competitor_move_bands`, which a caller may split by region over several connections
/// (each region's moves come from its own sightings only) before `name_move_bands`.
pub struct RawMoves(Vec<RawMove>);

pub fn competitor_raw_moves(
    store: &Store,
    windows: &[MoveWindow],
    baseline_days: u32,
    threshold_bp: i64,
) -> AppResult<RawMoves> {
    raw_moves_in_windows(store, windows, baseline_days, threshold_bp).map(RawMoves)
}

/// The regions any of `windows` reads, each once, in id order.
fn window_regions(windows: &[MoveWindow]) -> Vec<i64> {
    let mut regions: Vec<i64> = windows
        .iter()
        .flat_map(|w| w.region_ids.iter().copied())
        .collect();
    regions.sort_unstable();
    regions.dedup();
    regions
}

/// `windows` with their regions dealt into `parts` groups (every window in each, with only
/// its regions of that group), for `competitor_raw_moves` on `parts` connections at once.
pub fn split_windows_by_region(windows: &[MoveWindow], parts: usize) -> Vec<Vec<MoveWindow>> {
    let parts = parts.max(1);
    let regions = window_regions(windows);
    (0..parts)
        .map(|part| {
            windows
                .iter()
                .map(|w| MoveWindow {
                    from: w.from,
                    to: w.to,
                    region_ids: w
                        .region_ids
                        .iter()
                        .copied()
                        .filter(|r| regions.binary_search(r).unwrap_or(0) % parts == part)
                        .collect(),
                })
                .collect()
        })
        .collect()
}

/// The timeline's bands: per window, the largest competitor move of each brand in each region
/// (the first found on a tie), out of the same moves as `competitor_moves_in_windows`. Only
/// these are named, not the thousands of moves behind them.
pub fn competitor_move_bands(
    store: &Store,
    windows: &[MoveWindow],
    baseline_days: u32,
    threshold_bp: i64,
) -> AppResult<Vec<Vec<PriceMove>>> {
    let raw = competitor_raw_moves(store, windows, baseline_days, threshold_bp)?;
    name_move_bands(store, windows.len(), vec![raw])
}

/// The bands of `windows` windows out of their raw moves (read in parts, in any order of
/// parts split by region).
pub fn name_move_bands(
    store: &Store,
    windows: usize,
    parts: Vec<RawMoves>,
) -> AppResult<Vec<Vec<PriceMove>>> {
    let raw = parts.into_iter().flat_map(|p| p.0);
    let mut brand_of: HashMap<i64, i64> = HashMap::new();
    {
        let mut st = store
            .conn()
            .prepare_cached("SELECT id, brand_id FROM products")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            brand_of.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut best: BTreeMap<(usize, i64, i64), RawMove> = BTreeMap::new();
    for m in raw {
        let brand = brand_of.get(&m.product_id).copied().unwrap_or(0);
        match best.entry((m.window, brand, m.region_id)) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(m);
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                if m.bp.abs() > e.get().bp.abs() {
                    e.insert(m);
                }
            }
        }
    }
    name_moves(store, windows, best.into_values())
}

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
            super::unique_violation(
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
