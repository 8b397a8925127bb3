//! Sightings typed in by hand: the quick-entry form and "price unchanged".

use super::*;

/// One sighting typed in by hand. Prices arrive as typed ("3,399", "￥3399") and are parsed here.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SightingInput {
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub channel_id: Option<i64>,
    pub observed_on: String,
    pub regular: String,
    pub promo: String,
    pub reporter: String,
    pub note: String,
}

pub fn add_sighting(store: &mut Store, s: &SightingInput) -> AppResult<i64> {
    let need = |v: Option<i64>, field: &str, zh: &str, en: &str| {
        v.ok_or_else(|| AppError::invalid(field, zh, en))
    };
    let product_id = need(
        s.product_id,
        "product_id",
        "请选择产品。",
        "Choose the product.",
    )?;
    let region_id = need(
        s.region_id,
        "region_id",
        "请选择区域。",
        "Choose the region.",
    )?;
    let channel_id = need(
        s.channel_id,
        "channel_id",
        "请选择渠道。",
        "Choose the channel.",
    )?;
    let on = date_field(&s.observed_on, "observed_on")?;
    let regular = parse_price_text(&s.regular)
        .filter(|p| *p > 0)
        .ok_or_else(|| {
            AppError::invalid(
                "regular",
                "请填写大于 0 的零售价，例如 3399 或 3,399.00。",
                "Enter a regular price above 0, e.g. 3399 or 3,399.00.",
            )
        })?;
    let promo = if s.promo.trim().is_empty() {
        None
    } else {
        let p = parse_price_text(&s.promo)
            .filter(|p| *p > 0)
            .ok_or_else(|| {
                AppError::invalid(
                    "promo",
                    "促销价无法识别，请填写数字，例如 3199。",
                    "The promo price cannot be read; enter a number such as 3199.",
                )
            })?;
        if p > regular {
            return Err(AppError::invalid(
                "promo",
                "促销价不能高于零售价。",
                "The promo price cannot be above the regular price.",
            ));
        }
        Some(p)
    };
    store.write(|tx| {
        let added = insert_sighting_in(
            tx,
            &NewSighting {
                product_id,
                region_id,
                channel_id,
                on: crate::store::iso_day(&on).ok_or_else(|| AppError::Internal(format!("date {on}")))?,
                regular_fen: regular,
                promo_fen: promo,
                reporter: s.reporter.trim(),
                note: s.note.trim(),
            },
        )?;
        if !added {
            return Err(AppError::conflict(
                None,
                "同一产品、区域、渠道、日期和价格的观察已经记录过了。",
                "This sighting (same product, region, channel, date and prices) is already recorded.",
            ));
        }
        Ok(tx.last_insert_rowid())
    })
}

/// "Price unchanged": repeat the latest sighting of the same product, region and channel as
/// `observation_id`, dated `today`.
pub fn repeat_sighting(
    store: &mut Store,
    observation_id: i64,
    today: chrono::NaiveDate,
) -> AppResult<i64> {
    store.write(|tx| {
        let last: Option<(i64, i64, i64, i64, Option<i64>, String)> = tx
            .query_row(
                "SELECT o2.product_id, o2.region_id, o2.channel_id, o2.regular_fen, o2.promo_fen, o2.reporter
                 FROM price_observations o1
                 JOIN price_observations o2 ON o2.product_id = o1.product_id AND o2.region_id = o1.region_id
                      AND o2.channel_id = o1.channel_id
                 WHERE o1.id = ?1 ORDER BY o2.observed_on DESC, o2.id DESC LIMIT 1",
                [observation_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((p, r, c, regular, promo, reporter)) = last else {
            return Err(AppError::not_found("这条价格观察已不存在。", "This sighting no longer exists."));
        };
        let added = insert_sighting_in(
            tx,
            &NewSighting {
                product_id: p,
                region_id: r,
                channel_id: c,
                on: today,
                regular_fen: regular,
                promo_fen: promo,
                reporter: &reporter,
                note: "价格未变",
            },
        )?;
        if !added {
            return Err(AppError::conflict(
                None,
                "今天已经记录过这个价格了。",
                "Today's unchanged price is already recorded.",
            ));
        }
        Ok(tx.last_insert_rowid())
    })
}
