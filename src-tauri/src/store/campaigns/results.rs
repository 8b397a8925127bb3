//! Results typed in for the review, per region.

use super::*;
use crate::domain::campaigns::forms::ResultInput;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegionResult {
    #[ts(type = "number")]
    pub region_id: i64,
    pub region: String,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    #[ts(type = "number | null")]
    pub revenue_fen: Option<i64>,
}

pub fn save_result(store: &mut Store, input: &ResultInput) -> AppResult<()> {
    let (units, revenue) = input.validated()?;
    store.write(|tx| {
        if !campaign_region_ids(tx, input.campaign_id)?.contains(&input.region_id) {
            return Err(AppError::invalid(
                "region_id",
                "这个区域不在活动范围内。",
                "This region is not one of the campaign's.",
            ));
        }
        upsert_result_in(tx, input.campaign_id, input.region_id, units, revenue)
    })
}

/// The campaign_results table's one write: a region's result, added or replaced.
pub(crate) fn upsert_result_in(
    tx: &Transaction<'_>,
    campaign_id: i64,
    region_id: i64,
    units: i64,
    revenue_fen: i64,
) -> AppResult<()> {
    tx.execute(
        "INSERT INTO campaign_results (campaign_id, region_id, units, revenue_fen) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (campaign_id, region_id) DO UPDATE SET units = excluded.units, revenue_fen = excluded.revenue_fen",
        params![campaign_id, region_id, units, revenue_fen],
    )?;
    Ok(())
}

/// Results per region of the campaign (None where nothing was typed in yet).
pub fn results(store: &Store, campaign_id: i64) -> AppResult<Vec<RegionResult>> {
    let mut st = store.conn().prepare_cached(
        "SELECT r.id, local_name(r.short_name, r.name_en), x.units, x.revenue_fen
         FROM campaign_regions cr JOIN regions r ON r.id = cr.region_id
         LEFT JOIN campaign_results x ON x.campaign_id = cr.campaign_id AND x.region_id = cr.region_id
         WHERE cr.campaign_id = ?1 ORDER BY r.code IS NULL, r.code, r.id",
    )?;
    let rows = st.query_map([campaign_id], |r| {
        Ok(RegionResult {
            region_id: r.get(0)?,
            region: r.get(1)?,
            units: r.get(2)?,
            revenue_fen: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
