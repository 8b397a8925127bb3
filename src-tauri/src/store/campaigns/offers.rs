//! Special-price offers 特价政策 with their terminal price limits 终端限价.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Offer {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    pub brand: String,
    /// Always true today (only own products can have offers); compliance checks it anyway.
    pub brand_is_own: bool,
    pub product: String,
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number")]
    pub regular_fen: i64,
    #[ts(type = "number")]
    pub special_fen: i64,
    #[ts(type = "number")]
    pub limit_fen: i64,
    #[ts(type = "number")]
    pub tolerance_fen: i64,
    pub ratio: Option<String>,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_min_fen: Option<i64>,
    #[ts(type = "number | null")]
    pub gap_max_fen: Option<i64>,
}

pub(super) fn campaign_region_ids(
    tx: &rusqlite::Connection,
    campaign_id: i64,
) -> AppResult<Vec<i64>> {
    let mut st =
        tx.prepare_cached("SELECT region_id FROM campaign_regions WHERE campaign_id = ?1")?;
    let rows = st.query_map([campaign_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Write an offer for each region; returns how many rows were written. Only products of an
/// own brand, only regions of the campaign. An existing offer for the same product and
/// region is replaced (its old values kept for undo when `batch_id` is given).
pub(crate) fn write_offer(
    tx: &Transaction<'_>,
    campaign_id: i64,
    product_id: i64,
    region_ids: &[i64],
    v: &ValidOffer,
    batch_id: Option<i64>,
) -> AppResult<usize> {
    let own: Option<bool> = tx
        .query_row(
            "SELECT b.is_own FROM products p JOIN brands b ON b.id = p.brand_id WHERE p.id = ?1",
            [product_id],
            |r| r.get(0),
        )
        .optional()?;
    match own {
        None => {
            return Err(AppError::invalid(
                "product_id",
                "请选择产品。",
                "Choose the product.",
            ))
        }
        Some(false) => {
            return Err(AppError::invalid(
                "product_id",
                "只有我方品牌的产品才能设特价政策；这是竞品。",
                "Only products of an own brand can have offers; this is a competitor's.",
            ))
        }
        Some(true) => {}
    }
    let campaign_regions = campaign_region_ids(tx, campaign_id)?;
    let regions: Vec<i64> = if region_ids.is_empty() {
        campaign_regions.clone()
    } else {
        region_ids.to_vec()
    };
    if regions.is_empty() {
        return Err(AppError::invalid(
            "region_ids",
            "活动还没有区域：请先给活动选区域，或为特价政策指定区域。",
            "The campaign has no regions yet: give it regions first.",
        ));
    }
    if let Some(outside) = regions.iter().find(|r| !campaign_regions.contains(r)) {
        let name: String = tx
            .query_row(
                "SELECT local_name(short_name, name_en) FROM regions WHERE id = ?1",
                [outside],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        return Err(AppError::invalid(
            "region_ids",
            format!("{name}不在这个活动的区域内。"),
            format!("{name} is not one of this campaign's regions."),
        ));
    }
    for region in &regions {
        if let Some(batch) = batch_id {
            batches::keep_before(
                tx,
                batch,
                "campaign_offers",
                "SELECT id, json_object('regular_fen', regular_fen, 'special_fen', special_fen,
                   'limit_fen', limit_fen, 'tolerance_fen', tolerance_fen, 'ratio', ratio, 'units', units,
                   'gap_min_fen', gap_min_fen, 'gap_max_fen', gap_max_fen, 'batch_id', batch_id)
                 FROM campaign_offers WHERE campaign_id = ?1 AND product_id = ?2 AND region_id = ?3",
                params![campaign_id, product_id, region],
            )?;
        }
        tx.execute(
            "INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen,
               tolerance_fen, ratio, units, gap_min_fen, gap_max_fen, batch_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (campaign_id, product_id, region_id) DO UPDATE SET regular_fen = excluded.regular_fen,
               special_fen = excluded.special_fen, limit_fen = excluded.limit_fen, tolerance_fen = excluded.tolerance_fen,
               ratio = excluded.ratio, units = excluded.units, gap_min_fen = excluded.gap_min_fen,
               gap_max_fen = excluded.gap_max_fen, batch_id = excluded.batch_id",
            params![campaign_id, product_id, region, v.regular_fen, v.special_fen, v.limit_fen, v.tolerance_fen,
                v.ratio, v.units, v.gap_min_fen, v.gap_max_fen, batch_id],
        )?;
    }
    Ok(regions.len())
}

pub fn save_offer(store: &mut Store, input: &OfferInput) -> AppResult<usize> {
    let v = input.validated()?;
    let product_id = input
        .product_id
        .ok_or_else(|| AppError::invalid("product_id", "请选择产品。", "Choose the product."))?;
    store.write(|tx| {
        get_in(tx, input.campaign_id)?;
        write_offer(
            tx,
            input.campaign_id,
            product_id,
            &input.region_ids,
            &v,
            None,
        )
    })
}

pub fn delete_offer(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_offers WHERE id = ?1", [id])?;
        Ok(())
    })
}

pub fn list_offers(store: &Store, campaign_id: i64) -> AppResult<Vec<Offer>> {
    let mut st = store.conn().prepare_cached(
        "SELECT f.id, f.campaign_id, f.product_id, b.name, p.model, f.region_id, local_name(r.short_name, r.name_en),
                f.regular_fen, f.special_fen, f.limit_fen, f.tolerance_fen, f.ratio, f.units, f.gap_min_fen, f.gap_max_fen,
                b.is_own
         FROM campaign_offers f JOIN products p ON p.id = f.product_id JOIN brands b ON b.id = p.brand_id
         JOIN regions r ON r.id = f.region_id
         WHERE f.campaign_id = ?1 ORDER BY b.name, p.model, r.code IS NULL, r.code, r.id",
    )?;
    let rows = st.query_map([campaign_id], |r| {
        Ok(Offer {
            id: r.get(0)?,
            campaign_id: r.get(1)?,
            product_id: r.get(2)?,
            brand: r.get(3)?,
            product: r.get(4)?,
            region_id: r.get(5)?,
            region: r.get(6)?,
            regular_fen: r.get(7)?,
            special_fen: r.get(8)?,
            limit_fen: r.get(9)?,
            tolerance_fen: r.get(10)?,
            ratio: r.get(11)?,
            units: r.get(12)?,
            gap_min_fen: r.get(13)?,
            gap_max_fen: r.get(14)?,
            brand_is_own: r.get(15)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Copy a campaign's offers to another (same products, regions and prices).
pub(crate) fn copy_offers_in(tx: &Transaction<'_>, old: i64, new: i64) -> AppResult<()> {
    tx.execute(
        "INSERT INTO campaign_offers (campaign_id, product_id, region_id, regular_fen, special_fen, limit_fen,
           tolerance_fen, ratio, units, gap_min_fen, gap_max_fen)
         SELECT ?2, product_id, region_id, regular_fen, special_fen, limit_fen, tolerance_fen, ratio, units,
           gap_min_fen, gap_max_fen FROM campaign_offers WHERE campaign_id = ?1",
        params![old, new],
    )?;
    Ok(())
}
