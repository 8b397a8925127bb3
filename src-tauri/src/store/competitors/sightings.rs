//! Price sightings: the observations table's page, the price report's writer (one batch, fast
//! path for large files) and its undo.

use super::*;
use crate::store::batches::RecordKind;

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
            crate::domain::value::date_input(s, field)?.to_string(),
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
                let id = crate::store::brands::insert_in(
                    tx,
                    &crate::store::brands::NewBrand {
                        name,
                        is_own: false,
                        notes: "",
                        batch_id: Some(self.batch_id),
                    },
                )?;
                self.created.brands.push(name.to_string());
                id
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
                let id = insert_product_in(
                    tx,
                    &NewProduct::named(brand_id, model, Some(self.batch_id)),
                )?;
                self.created.products.push(listed_as);
                id
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
                let id = crate::store::regions::insert_sales_region_in(
                    tx,
                    name,
                    name,
                    "",
                    Some(self.batch_id),
                )?;
                self.created.regions.push(name.to_string());
                id
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
        |table: &str, select: &str| crate::store::batches::take_back(tx, batch_id, table, select);
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
    Ok(UndoReport::new(
        crate::store::batches::BatchKind::Prices,
        sightings,
        [
            (RecordKind::Brand, brands),
            (RecordKind::Product, products),
            (RecordKind::Region, regions),
            (RecordKind::Channel, channels),
        ],
    ))
}

/// One sighting to add (a form, "price unchanged", the sample); an import's batches go in
/// through the staging table instead (`write_sightings`).
pub(crate) struct NewSighting<'a> {
    pub product_id: i64,
    pub region_id: i64,
    pub channel_id: i64,
    pub on: chrono::NaiveDate,
    pub regular_fen: i64,
    pub promo_fen: Option<i64>,
    pub reporter: &'a str,
    pub note: &'a str,
}

/// Add one sighting; false when the same sighting is already there (nothing written).
pub(crate) fn insert_sighting_in(tx: &Transaction<'_>, s: &NewSighting<'_>) -> AppResult<bool> {
    let n = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO price_observations
               (product_id, region_id, channel_id, observed_on, regular_fen, promo_fen, reporter, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            s.product_id,
            s.region_id,
            s.channel_id,
            s.on.to_string(),
            s.regular_fen,
            s.promo_fen,
            s.reporter,
            s.note,
            now_text()
        ])?;
    Ok(n == 1)
}

/// How many sightings the data file holds.
pub fn sighting_count(store: &Store) -> AppResult<i64> {
    Ok(store
        .conn()
        .query_row("SELECT count(*) FROM price_observations", [], |r| r.get(0))?)
}
