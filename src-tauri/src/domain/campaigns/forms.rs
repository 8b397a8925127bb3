//! The campaign and offer forms: what the user typed (dates and money as text), checked into
//! values ready to write. The store writes only what comes out of here.

use super::{CampaignKind, WorkStatus};
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

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct TaskInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    pub owner: String,
    pub start: String,
    pub due: String,
    pub status: WorkStatus,
    #[ts(type = "Array<number>")]
    pub depends_on: Vec<i64>,
}

/// A checked task: its title, group and dates (start defaults to the due day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTask {
    pub title: String,
    pub group_id: i64,
    pub start: NaiveDate,
    pub due: NaiveDate,
}

impl TaskInput {
    pub fn validated(&self) -> AppResult<ValidTask> {
        let title = super::required("title", &self.title, "任务名称", "task title")?;
        let group_id = self
            .group_id
            .ok_or_else(|| AppError::invalid("group_id", "请选择分组。", "Choose the group."))?;
        let due = date_input(&self.due, "due")?;
        let start = if self.start.trim().is_empty() {
            due
        } else {
            date_input(&self.start, "start")?
        };
        super::check_dates(start, due, "due")?;
        Ok(ValidTask {
            title,
            group_id,
            start,
            due,
        })
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MaterialInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub item: String,
    pub quantity: String,
    pub owner: String,
    pub due: String,
    pub status: WorkStatus,
}

/// A checked material: its name, quantity (0 when empty) and due day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMaterial {
    pub item: String,
    pub quantity: i64,
    pub due: NaiveDate,
}

impl MaterialInput {
    pub fn validated(&self) -> AppResult<ValidMaterial> {
        Ok(ValidMaterial {
            item: super::required("item", &self.item, "物料名称", "item")?,
            quantity: count_input(&self.quantity, "quantity")?.unwrap_or(0),
            due: date_input(&self.due, "due")?,
        })
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ResultInput {
    #[ts(type = "number")]
    pub campaign_id: i64,
    #[ts(type = "number")]
    pub region_id: i64,
    pub units: String,
    pub revenue: String,
}

impl ResultInput {
    /// Units and revenue in fen (0 when empty).
    pub fn validated(&self) -> AppResult<(i64, i64)> {
        Ok((
            count_input(&self.units, "units")?.unwrap_or(0),
            money_input(&self.revenue, "revenue")?.unwrap_or(0),
        ))
    }
}
