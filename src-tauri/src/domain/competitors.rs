//! 竞品 Competitors: the rules for holiday price moves. Brands are reference data (see
//! `reference`); products, sightings, activities and battlecards live in the store.
//!
//! For a window [from, to], per product × region × channel:
//! - baseline = median effective price over [from − N days, from − 1] (an even count takes
//!   the mean of the two middle values, rounded half up to the fen);
//! - window price = the lowest effective price within [from, to];
//! - change % = (window − baseline) / baseline × 100, rounded half away from zero to 2 decimals;
//! - only groups with at least one sighting in both periods.

use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a competitor did: 特价促销 / 大店工程 / 终端广告 / 新品上市 / 其他.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActivityKind {
    SpecialPrice,
    BigStore,
    TerminalAds,
    NewProduct,
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::SpecialPrice,
        ActivityKind::BigStore,
        ActivityKind::TerminalAds,
        ActivityKind::NewProduct,
        ActivityKind::Other,
    ];

    /// As stored in `competitor_activities.kind`.
    pub fn code(self) -> &'static str {
        match self {
            ActivityKind::SpecialPrice => "special_price",
            ActivityKind::BigStore => "big_store",
            ActivityKind::TerminalAds => "terminal_ads",
            ActivityKind::NewProduct => "new_product",
            ActivityKind::Other => "other",
        }
    }

    /// The kind in words (the documents; the screens have the same words in their i18n).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        let (zh, en) = match self {
            ActivityKind::SpecialPrice => ("特价促销", "Special price"),
            ActivityKind::BigStore => ("大店工程", "Big-store drive"),
            ActivityKind::TerminalAds => ("终端广告", "In-store ads"),
            ActivityKind::NewProduct => ("新品上市", "New product"),
            ActivityKind::Other => ("其他", "Other"),
        };
        lang.pick(zh, en)
    }

    /// A stored code; anything unknown reads as Other.
    pub fn from_code(s: &str) -> ActivityKind {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s)
            .unwrap_or(ActivityKind::Other)
    }
}

/// One sighting as a price report gives it, checked but not yet matched to stored records:
/// the plain input the report's importer hands to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedSighting {
    /// The row in the file (1-based, as Excel shows it).
    pub row: usize,
    pub date: NaiveDate,
    pub region: String,
    pub brand: String,
    pub product: String,
    pub channel: String,
    pub regular_fen: i64,
    pub promo_fen: Option<i64>,
    pub reporter: String,
    pub note: String,
}

/// Median in fen; None for no values. Sorts in place.
pub fn median_fen(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    if n % 2 == 1 {
        Some(values[n / 2])
    } else {
        let sum = values[n / 2 - 1].checked_add(values[n / 2])?;
        // Prices are positive: half up.
        Some(sum.div_euclid(2) + sum.rem_euclid(2))
    }
}

/// Change in hundredths of a percent: (window − baseline) / baseline × 10 000, rounded half
/// away from zero. None for a non-positive baseline.
pub fn change_basis_points(baseline: i64, window: i64) -> Option<i64> {
    if baseline <= 0 {
        return None;
    }
    let num = (window as i128 - baseline as i128) * 10_000;
    let den = baseline as i128;
    let q = num / den;
    let r = num % den;
    let rounded = if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(rounded).ok()
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MovesQuery {
    /// First day of the window, as typed (2026-05-01, 2026/5/1, …).
    pub from: String,
    /// Last day of the window.
    pub to: String,
    /// Days before `from` that make the baseline (default 14).
    pub baseline_days: Option<u32>,
    /// |change %| at or above this is a move (default 5).
    pub threshold_pct: Option<f64>,
}

pub struct ValidMovesQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub baseline_from: NaiveDate,
    pub baseline_days: u32,
    /// Threshold in hundredths of a percent.
    pub threshold_bp: i64,
}

impl MovesQuery {
    pub fn validated(&self) -> AppResult<ValidMovesQuery> {
        let date = crate::domain::value::date_input;
        let from = date(&self.from, "from")?;
        let to = date(&self.to, "to")?;
        if to < from {
            return Err(AppError::invalid(
                "to",
                "结束日期不能早于开始日期。",
                "The end date cannot be before the start date.",
            ));
        }
        let baseline_days = self.baseline_days.unwrap_or(14);
        if !(1..=365).contains(&baseline_days) {
            return Err(AppError::invalid(
                "baseline_days",
                "基准期天数应在 1 到 365 之间。",
                "Baseline days must be between 1 and 365.",
            ));
        }
        let threshold = self.threshold_pct.unwrap_or(5.0);
        if !threshold.is_finite() || !(0.0..=1000.0).contains(&threshold) {
            return Err(AppError::invalid(
                "threshold_pct",
                "阈值应在 0% 到 1000% 之间。",
                "The threshold must be between 0 % and 1000 %.",
            ));
        }
        let baseline_from = from
            .checked_sub_days(chrono::Days::new(baseline_days.into()))
            .ok_or_else(|| {
                AppError::invalid("from", "开始日期太早。", "The start date is too early.")
            })?;
        Ok(ValidMovesQuery {
            from,
            to,
            baseline_from,
            baseline_days,
            threshold_bp: (threshold * 100.0).round() as i64,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PriceMove {
    pub brand: String,
    pub product: String,
    pub region: String,
    pub channel: String,
    #[ts(type = "number")]
    pub baseline_fen: i64,
    #[ts(type = "number")]
    pub window_fen: i64,
    /// Signed, 2 decimals.
    pub change_pct: f64,
    #[ts(type = "number")]
    pub baseline_obs: i64,
    #[ts(type = "number")]
    pub window_obs: i64,
    #[ts(type = "number")]
    pub product_id: i64,
    #[ts(type = "number")]
    pub region_id: i64,
    #[ts(type = "number")]
    pub channel_id: i64,
    pub own: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MovesSummary {
    #[ts(type = "number")]
    pub groups: i64,
    #[ts(type = "number")]
    pub rose: i64,
    #[ts(type = "number")]
    pub fell: i64,
    #[ts(type = "number")]
    pub stayed: i64,
    /// Mean change over all groups, 2 decimals; null when there are none.
    pub mean_change_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MovesResult {
    pub from: String,
    pub to: String,
    pub baseline_from: String,
    pub baseline_to: String,
    pub threshold_pct: f64,
    /// Groups whose |change| reaches the threshold, by change ascending.
    pub moves: Vec<PriceMove>,
    pub summary: MovesSummary,
}

/// One group's sightings, split by period.
#[derive(Debug, Default)]
pub struct GroupPrices {
    pub baseline: Vec<i64>,
    pub window: Vec<i64>,
}

/// (baseline, window, change in basis points, baseline count, window count).
pub fn group_move(g: &mut GroupPrices) -> Option<(i64, i64, i64, i64, i64)> {
    let window = *g.window.iter().min()?;
    let nb = g.baseline.len() as i64;
    let baseline = median_fen(&mut g.baseline)?;
    let bp = change_basis_points(baseline, window)?;
    Some((baseline, window, bp, nb, g.window.len() as i64))
}

pub fn summarize(all_bp: &[i64], threshold_bp: i64) -> MovesSummary {
    let rose = all_bp
        .iter()
        .filter(|b| **b >= threshold_bp && **b > 0)
        .count() as i64;
    let fell = all_bp
        .iter()
        .filter(|b| -**b >= threshold_bp && **b < 0)
        .count() as i64;
    let groups = all_bp.len() as i64;
    let mean = if all_bp.is_empty() {
        None
    } else {
        let sum: i128 = all_bp.iter().map(|b| *b as i128).sum();
        Some(((sum as f64 / groups as f64).round()) / 100.0)
    };
    MovesSummary {
        groups,
        rose,
        fell,
        stayed: groups - rose - fell,
        mean_change_pct: mean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_even_and_rounding() {
        assert_eq!(median_fen(&mut [300, 100, 200]), Some(200));
        assert_eq!(median_fen(&mut [100, 200, 300, 400]), Some(250));
        // 339 900 and 339 901 → 339 900.5 → half up to 339 901
        assert_eq!(median_fen(&mut [339_901, 339_900]), Some(339_901));
        assert_eq!(median_fen(&mut []), None);
    }

    #[test]
    fn change_is_rounded_to_two_decimals_both_ways() {
        // Henan Yadea Q7: baseline median(3399, 3399) = 3399, window 3199 → −5.88 %
        assert_eq!(change_basis_points(339_900, 319_900), Some(-588));
        // 2599 → 2399: −7.695… → −7.70 %
        assert_eq!(change_basis_points(259_900, 239_900), Some(-770));
        // A rise: 1999 → 2099 = +5.0025 % → +5.00 %
        assert_eq!(change_basis_points(199_900, 209_900), Some(500));
        assert_eq!(change_basis_points(0, 100), None);
        // exactly half a basis point rounds away from zero: 1/20000 = 0.005 %
        assert_eq!(change_basis_points(20_000, 20_001), Some(1));
        assert_eq!(change_basis_points(20_000, 19_999), Some(-1));
    }

    #[test]
    fn group_needs_both_periods_and_takes_the_lowest_window_price() {
        let mut g = GroupPrices {
            baseline: vec![300_000, 320_000],
            window: vec![290_000, 280_000, 310_000],
        };
        assert_eq!(group_move(&mut g), Some((310_000, 280_000, -968, 2, 3)));
        let mut only_base = GroupPrices {
            baseline: vec![1],
            window: vec![],
        };
        assert_eq!(group_move(&mut only_base), None);
    }

    #[test]
    fn summary_counts_rises_falls_and_stays() {
        let s = summarize(&[-588, -770, 500, 120, 0], 500);
        assert_eq!((s.groups, s.rose, s.fell, s.stayed), (5, 1, 2, 2));
        assert_eq!(s.mean_change_pct, Some(-1.48));
    }

    #[test]
    fn query_defaults_and_validation() {
        let q = MovesQuery {
            from: "2026-05-01".into(),
            to: "2026/5/5".into(),
            baseline_days: None,
            threshold_pct: None,
        };
        let v = q.validated().unwrap();
        assert_eq!(
            v.baseline_from,
            NaiveDate::from_ymd_opt(2026, 4, 17).unwrap()
        );
        assert_eq!(v.threshold_bp, 500);
        let bad = MovesQuery {
            to: "2026-04-01".into(),
            ..q.clone()
        };
        assert_eq!(bad.validated().err().unwrap().field(), Some("to"));
        let typo = MovesQuery {
            from: "2026-13-01".into(),
            ..q
        };
        assert_eq!(typo.validated().err().unwrap().field(), Some("from"));
    }
}
