//! Compliance with the price limits and the price position against competitors, read from the sightings.

use super::*;

/// A sighting that broke the terminal price limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Violation {
    #[ts(type = "number")]
    pub observation_id: i64,
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub channel: String,
    pub brand: String,
    #[ts(type = "number")]
    pub product_id: i64,
    pub product: String,
    pub reporter: String,
    pub note: String,
    #[ts(type = "number")]
    pub price_fen: i64,
    #[ts(type = "number")]
    pub limit_fen: i64,
    #[ts(type = "number")]
    pub tolerance_fen: i64,
    /// price − limit
    #[ts(type = "number")]
    pub diff_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegionCompliance {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    /// Sightings of our offer products in this region within the campaign's dates.
    #[ts(type = "number")]
    pub checked: i64,
    #[ts(type = "number")]
    pub violations: i64,
    /// The violation furthest from the limit (signed), if any.
    #[ts(type = "number | null")]
    pub largest_diff_fen: Option<i64>,
    /// Mean signed difference of the violations, rounded half away from zero to the fen.
    #[ts(type = "number | null")]
    pub mean_diff_fen: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Compliance {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[ts(type = "number")]
    pub checked: i64,
    pub regions: Vec<RegionCompliance>,
    /// Sorted by date, region, product.
    pub violations: Vec<Violation>,
}

/// Every sighting of an offer's product in the offer's region between the campaign's start
/// and end, against the offer's limit ± tolerance (rules in `domain::campaigns::Limit`).
///
/// The campaign's dates are read from the covering date index (date, product, region,
/// channel, price: no table access) and matched to the offers in memory; only the violations
/// are then looked up for their reporter, note and names. Measured on 1 M sightings this is
/// several times cheaper than the same join done by SQLite (`make bench`).
pub fn compliance(store: &Store, campaign_id: i64) -> AppResult<Compliance> {
    let c = get(store, campaign_id)?;
    let offers: HashMap<(i64, i64), (Limit, String, String, String)> =
        list_offers(store, campaign_id)?
            .into_iter()
            .filter(|o| c.regions.iter().any(|r| r.id == o.region_id))
            .filter(|o| o.brand_is_own)
            .map(|o| {
                (
                    (o.product_id, o.region_id),
                    (
                        Limit {
                            limit_fen: o.limit_fen,
                            tolerance_fen: o.tolerance_fen,
                        },
                        o.region,
                        o.brand,
                        o.product,
                    ),
                )
            })
            .collect();
    let mut per_region: BTreeMap<i64, (String, i64, Vec<i64>)> = BTreeMap::new();
    for ((_, region_id), (_, region, _, _)) in &offers {
        per_region
            .entry(*region_id)
            .or_insert_with(|| (region.clone(), 0, Vec::new()));
    }
    let mut channels: HashMap<i64, String> = HashMap::new();
    {
        let mut st = store
            .conn()
            .prepare_cached("SELECT id, local_name(name, name_en) FROM channels")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            channels.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut violations = Vec::new();
    let mut checked = 0i64;
    // Offer by offer through the same-sighting key (product, region, channel, day, …): only the
    // sightings checked are read, the effective price from the key's own columns, reporter and
    // note from the same statement.
    let mut st = store.conn().prepare_cached(
        "SELECT o.id, o.observed_on, o.channel_id,
                CASE WHEN coalesce(o.promo_fen, 0) > 0 THEN coalesce(o.promo_fen, 0) ELSE o.regular_fen END,
                o.reporter, o.note
         FROM price_observations o INDEXED BY price_observations_same
         WHERE o.product_id = ?1 AND o.region_id = ?2 AND o.channel_id IN (SELECT id FROM channels)
           AND o.observed_on BETWEEN ?3 AND ?4",
    )?;
    let mut keys: Vec<(i64, i64)> = offers.keys().copied().collect();
    keys.sort_unstable();
    let (from, to) = (c.start.to_string(), c.end.to_string());
    for key in keys {
        let Some((limit, region, brand, product)) = offers.get(&key) else {
            continue;
        };
        let mut rows = st.query(params![key.0, key.1, from, to])?;
        while let Some(r) = rows.next()? {
            checked += 1;
            let price_fen: i64 = r.get(3)?;
            let entry = per_region
                .entry(key.1)
                .or_insert_with(|| (String::new(), 0, Vec::new()));
            entry.1 += 1;
            if let Some(diff) = limit.violation(price_fen) {
                entry.2.push(diff);
                let channel_id: i64 = r.get(2)?;
                violations.push(Violation {
                    observation_id: r.get(0)?,
                    date: day_at(r, 1)?.unwrap_or_default(),
                    region_id: key.1,
                    region: region.clone(),
                    channel: channels.get(&channel_id).cloned().unwrap_or_default(),
                    brand: brand.clone(),
                    product_id: key.0,
                    product: product.clone(),
                    reporter: r.get(4)?,
                    note: r.get(5)?,
                    price_fen,
                    limit_fen: limit.limit_fen,
                    tolerance_fen: limit.tolerance_fen,
                    diff_fen: price_fen - limit.limit_fen,
                });
            }
        }
    }
    violations.sort_by(|a, b| {
        (a.date, &a.region, &a.brand, &a.product, a.observation_id).cmp(&(
            b.date,
            &b.region,
            &b.brand,
            &b.product,
            b.observation_id,
        ))
    });
    let mut regions: Vec<RegionCompliance> = per_region
        .into_iter()
        .map(|(region_id, (region, n, diffs))| RegionCompliance {
            region_id,
            region,
            checked: n,
            violations: diffs.len() as i64,
            // The largest by size; of a tie (+250 and −250), the one above the limit.
            largest_diff_fen: diffs.iter().copied().max_by_key(|d| (d.abs(), *d)),
            mean_diff_fen: mean_half_away(&diffs),
        })
        .collect();
    let order: Vec<i64> = c.regions.iter().map(|r| r.id).collect();
    regions.sort_by_key(|r| order.iter().position(|id| *id == r.region_id));
    Ok(Compliance {
        campaign_id,
        from: c.start,
        to: c.end,
        checked,
        regions,
        violations,
    })
}

fn mean_half_away(v: &[i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    let sum: i128 = v.iter().map(|x| i128::from(*x)).sum();
    let n = v.len() as i128;
    let q = (sum.abs() * 2 + n) / (2 * n);
    i64::try_from(if sum < 0 { -q } else { q }).ok()
}

/// Our price against the lowest same-segment competitor price, one region and day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionDay {
    pub date: NaiveDate,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    pub product: String,
    #[ts(type = "number")]
    pub ours_fen: i64,
    /// The competitor product with the lowest price that day (brand and model).
    pub competitor: String,
    #[ts(type = "number")]
    pub competitor_fen: i64,
    #[ts(type = "number")]
    pub gap_fen: i64,
    /// The offer's target band (either end may be open).
    #[ts(type = "number | null")]
    pub gap_min_fen: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_max_fen: Option<i64>,
    pub outside: bool,
}

/// For offers with a target gap, each region and day in the campaign's dates on which both
/// our product and a same-segment competitor were sighted (lowest effective price per day).
pub fn price_position(store: &Store, campaign_id: i64) -> AppResult<Vec<PositionDay>> {
    let c = get(store, campaign_id)?;
    let mut st = store.conn().prepare_cached(
        "SELECT d.observed_on, f.region_id, local_name(r.short_name, r.name_en), b.name || ' ' || p.model, d.low_fen,
                (SELECT cb.name || ' ' || cp.model || char(31) || cd.low_fen
                 FROM products cp JOIN brands cb ON cb.id = cp.brand_id AND cb.is_own = 0
                 JOIN price_daily cd ON cd.product_id = cp.id AND cd.region_id = f.region_id AND cd.observed_on = d.observed_on
                 WHERE cp.segment = p.segment AND p.segment <> ''
                 ORDER BY cd.low_fen, cp.id LIMIT 1),
                f.gap_min_fen, f.gap_max_fen
         FROM campaign_offers f
         JOIN campaign_regions cr ON cr.campaign_id = f.campaign_id AND cr.region_id = f.region_id
         JOIN products p ON p.id = f.product_id JOIN brands b ON b.id = p.brand_id
         JOIN regions r ON r.id = f.region_id
         JOIN price_daily d ON d.product_id = f.product_id AND d.region_id = f.region_id
              AND d.observed_on BETWEEN ?2 AND ?3
         WHERE f.campaign_id = ?1 AND (f.gap_min_fen IS NOT NULL OR f.gap_max_fen IS NOT NULL)
         ORDER BY d.observed_on, r.code IS NULL, r.code, p.model",
    )?;
    let mut rows = st.query(params![campaign_id, c.start.to_string(), c.end.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(comp): Option<String> = r.get(5)? else {
            continue;
        };
        let Some((competitor, comp_fen)) = comp.split_once('\u{1f}') else {
            continue;
        };
        let Ok(competitor_fen) = comp_fen.parse::<i64>() else {
            continue;
        };
        let (gap_min_fen, gap_max_fen): (Option<i64>, Option<i64>) = (r.get(6)?, r.get(7)?);
        let band = GapBand {
            min_fen: gap_min_fen.unwrap_or(i64::MIN),
            max_fen: gap_max_fen.unwrap_or(i64::MAX),
        };
        let ours_fen: i64 = r.get(4)?;
        let (gap_fen, outside) = band.check(ours_fen, competitor_fen);
        out.push(PositionDay {
            date: day_at(r, 0)?.unwrap_or_default(),
            region_id: r.get(1)?,
            region: r.get(2)?,
            product: r.get(3)?,
            ours_fen,
            competitor: competitor.to_string(),
            competitor_fen,
            gap_fen,
            gap_min_fen,
            gap_max_fen,
            outside,
        });
    }
    Ok(out)
}
