//! Holiday price moves and the timeline's competitor bands, read through the same-sighting key.

use super::*;

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
