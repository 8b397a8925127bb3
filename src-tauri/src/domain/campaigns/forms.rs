//! The campaign and offer forms: what the user typed (dates and money as text), checked into
//! values ready to write. The store writes only what comes out of here.

use super::CampaignKind;
use crate::domain::value::{
    count_input, date_input, money_input, positive_money_input, signed_money_input,
};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

/// A campaign as typed in the form: dates and money as typed, parsed here.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct CampaignInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number | null")]
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: Option<CampaignKind>,
    pub start: String,
    pub end: String,
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    pub owner: String,
    pub theme: String,
    /// Units, as typed ("12,000").
    pub target_units: String,
    /// Yuan, as typed ("¥3,600,000").
    pub target_revenue: String,
    pub objectives: String,
    pub notes: String,
    pub holiday_year: Option<i32>,
    pub holiday_name: Option<String>,
}

/// A checked campaign, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCampaign {
    pub parent_id: Option<i64>,
    pub name: String,
    pub kind: CampaignKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub region_ids: Vec<i64>,
    pub owner: String,
    pub theme: String,
    pub target_units: Option<i64>,
    pub target_revenue_fen: Option<i64>,
    pub objectives: String,
    pub notes: String,
    pub holiday: Option<(i32, String)>,
}

impl CampaignInput {
    pub fn validated(&self) -> AppResult<ValidCampaign> {
        let name = super::required("name", &self.name, "活动名称", "campaign name")?;
        let kind = self.kind.ok_or_else(|| {
            AppError::invalid("kind", "请选择活动类型。", "Choose the campaign type.")
        })?;
        let start = date_input(&self.start, "start")?;
        let end = date_input(&self.end, "end")?;
        super::check_dates(start, end, "end")?;
        let mut region_ids = self.region_ids.clone();
        region_ids.sort_unstable();
        region_ids.dedup();
        Ok(ValidCampaign {
            parent_id: self.parent_id,
            name,
            kind,
            start,
            end,
            region_ids,
            owner: self.owner.trim().to_string(),
            theme: self.theme.trim().to_string(),
            target_units: count_input(&self.target_units, "target_units")?,
            target_revenue_fen: money_input(&self.target_revenue, "target_revenue")?,
            objectives: self.objectives.trim().to_string(),
            notes: self.notes.trim().to_string(),
            holiday: match (self.holiday_year, &self.holiday_name) {
                (Some(y), Some(n)) if !n.trim().is_empty() => Some((y, n.trim().to_string())),
                _ => None,
            },
        })
    }
}

/// An offer as typed in the form; an empty region list means every region of the campaign.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct OfferInput {
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number | null")]
    pub product_id: Option<i64>,
    #[ts(type = "Array<number>")]
    pub region_ids: Vec<i64>,
    pub regular: String,
    pub special: String,
    pub limit: String,
    pub tolerance: String,
    pub ratio: String,
    pub units: String,
    /// Target gap to the lowest same-segment competitor price, 元 (e.g. 50 and 100).
    pub gap_min: String,
    pub gap_max: String,
}

/// A checked offer for one or more regions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOffer {
    pub regular_fen: i64,
    pub special_fen: i64,
    pub limit_fen: i64,
    pub tolerance_fen: i64,
    pub ratio: Option<String>,
    pub units: Option<i64>,
    pub gap_min_fen: Option<i64>,
    pub gap_max_fen: Option<i64>,
}

impl OfferInput {
    pub fn validated(&self) -> AppResult<ValidOffer> {
        let regular_fen =
            positive_money_input(&self.regular, "regular", "零售价", "regular price")?;
        let special_fen = positive_money_input(&self.special, "special", "特价", "special price")?;
        let limit_fen =
            positive_money_input(&self.limit, "limit", "终端限价", "terminal price limit")?;
        let ratio = if self.ratio.trim().is_empty() {
            None
        } else {
            Some(super::parse_ratio(&self.ratio).ok_or_else(|| {
                AppError::invalid(
                    "ratio",
                    format!(
                        "配比“{}”无法识别，请写成 1:2 这样的形式。",
                        self.ratio.trim()
                    ),
                    format!(
                        "The ratio “{}” cannot be read; write it like 1:2.",
                        self.ratio.trim()
                    ),
                )
            })?)
        };
        let gap_min_fen = signed_money_input(&self.gap_min, "gap_min")?;
        let gap_max_fen = signed_money_input(&self.gap_max, "gap_max")?;
        if let (Some(a), Some(b)) = (gap_min_fen, gap_max_fen) {
            if b < a {
                return Err(AppError::invalid(
                    "gap_max",
                    "价差上限不能小于下限。",
                    "The upper gap cannot be below the lower one.",
                ));
            }
        }
        Ok(ValidOffer {
            regular_fen,
            special_fen,
            limit_fen,
            tolerance_fen: money_input(&self.tolerance, "tolerance")?.unwrap_or(0),
            ratio,
            units: count_input(&self.units, "units")?,
            gap_min_fen,
            gap_max_fen,
        })
    }
}
