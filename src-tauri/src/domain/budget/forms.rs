//! The budget forms: a plan, a plan line (and its revision), an expense request, an approval,
//! a reimbursement, a rejection — as typed, checked into values ready to write.

use super::{Period, Policy};
use crate::domain::value::{amount_input, date_input, format_yuan, required};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

fn pick(field: &str, id: Option<i64>, zh: &str, en: &str) -> AppResult<i64> {
    id.ok_or_else(|| AppError::invalid(field, format!("请选择{zh}。"), format!("Choose the {en}.")))
}

/// A plan line as typed: period (2026, 2026Q2, 2026-05, 2026年5月), category, region and
/// campaign (none: any), the amount in yuan as people write it. After the plan is approved a
/// change needs its reason.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct LineInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    #[ts(type = "number")]
    pub plan_id: i64,
    pub period: String,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    pub amount: String,
    pub note: String,
    /// Why an approved plan's line changes (kept with the revision).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLine {
    pub period: Period,
    pub category_id: i64,
    pub region_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub amount_fen: i64,
    pub note: String,
    pub reason: String,
}

/// A period as typed, or a sentence saying how to write one.
pub fn period_input(raw: &str, field: &str) -> AppResult<Period> {
    Period::parse(raw).ok_or_else(|| {
        let s = raw.trim();
        AppError::invalid(
            field,
            format!("期间“{s}”无法识别：请写 2026（全年）、2026Q2（季度）或 2026-05（月份）。"),
            format!("The period “{s}” cannot be read: write 2026 (a year), 2026Q2 (a quarter) or 2026-05 (a month)."),
        )
    })
}

impl LineInput {
    /// Checked against the plan's year.
    pub fn validated(&self, plan_year: i32) -> AppResult<ValidLine> {
        let period = period_input(&self.period, "period")?;
        if period.year() != plan_year {
            return Err(AppError::invalid(
                "period",
                format!("期间 {} 不在 {plan_year} 年度预算内。", period.code()),
                format!(
                    "The period {} is not in the {plan_year} plan.",
                    period.code()
                ),
            ));
        }
        Ok(ValidLine {
            period,
            category_id: pick("category_id", self.category_id, "费用类别", "category")?,
            region_id: self.region_id,
            campaign_id: self.campaign_id,
            amount_fen: amount_input(&self.amount, "amount", "预算金额", "planned amount", true)?,
            note: self.note.trim().to_string(),
            reason: self.reason.trim().to_string(),
        })
    }
}

/// A new plan: its fiscal year and overspend policy.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PlanInput {
    pub year: i32,
    pub policy: Policy,
}

impl PlanInput {
    pub fn validated(&self) -> AppResult<(i32, Policy)> {
        if !(2000..=2100).contains(&self.year) {
            return Err(AppError::invalid(
                "year",
                format!("年度 {} 不合理，请填写 2000–2100 之间的年份。", self.year),
                format!(
                    "The year {} is not plausible; enter a year between 2000 and 2100.",
                    self.year
                ),
            ));
        }
        Ok((self.year, self.policy))
    }
}

/// An expense request as typed. 一户一报: one payee per request.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ExpenseInput {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub date: String,
    /// From the roster when chosen there (its name is then the requester).
    #[ts(type = "number | null")]
    pub staff_id: Option<i64>,
    pub requester: String,
    #[ts(type = "number | null")]
    pub region_id: Option<i64>,
    #[ts(type = "number | null")]
    pub campaign_id: Option<i64>,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub payee: String,
    pub description: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidExpense {
    pub date: NaiveDate,
    pub staff_id: Option<i64>,
    pub requester: String,
    pub region_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub category_id: i64,
    pub payee: String,
    pub description: String,
    pub requested_fen: i64,
}

impl ExpenseInput {
    pub fn validated(&self) -> AppResult<ValidExpense> {
        let payee = required(
            "payee",
            &self.payee,
            "收款方（经销商或供应商）",
            "payee (dealer or supplier)",
        )?;
        if payee.contains(['、', ';', '；']) {
            return Err(AppError::invalid(
                "payee",
                "一户一报：每张申请只能有一个收款方，请为每个经销商分别申请。",
                "One request per payee: make a separate request for each dealer.",
            ));
        }
        Ok(ValidExpense {
            date: date_input(&self.date, "date")?,
            staff_id: self.staff_id,
            requester: required("requester", &self.requester, "申请人", "requester")?,
            region_id: self.region_id,
            campaign_id: self.campaign_id,
            category_id: pick("category_id", self.category_id, "费用类别", "category")?,
            payee,
            description: self.description.trim().to_string(),
            requested_fen: amount_input(
                &self.amount,
                "amount",
                "申请金额",
                "requested amount",
                false,
            )?,
        })
    }
}

/// An approval: the amount granted (empty: as requested), by whom, on which day.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ApproveInput {
    pub amount: String,
    pub approver: String,
    pub date: String,
}

impl ApproveInput {
    pub fn validated(&self, requested: i64) -> AppResult<(i64, String, NaiveDate)> {
        let amount = if self.amount.trim().is_empty() {
            requested
        } else {
            amount_input(&self.amount, "amount", "核准金额", "approved amount", false)?
        };
        if amount > requested {
            return Err(AppError::invalid(
                "amount",
                format!(
                    "核准金额 {} 不能超过申请金额 {}。",
                    format_yuan(amount),
                    format_yuan(requested)
                ),
                format!(
                    "The approved amount {} cannot be above the requested {}.",
                    format_yuan(amount),
                    format_yuan(requested)
                ),
            ));
        }
        Ok((
            amount,
            required("approver", &self.approver, "审批人", "approver")?,
            date_input(&self.date, "date")?,
        ))
    }
}

/// A reimbursement: the amount paid (empty: as approved) and the day.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ReimburseInput {
    pub amount: String,
    pub date: String,
}

impl ReimburseInput {
    pub fn validated(&self, approved: i64) -> AppResult<(i64, NaiveDate)> {
        let amount = if self.amount.trim().is_empty() {
            approved
        } else {
            amount_input(&self.amount, "amount", "报销金额", "paid amount", false)?
        };
        if amount > approved {
            return Err(AppError::invalid(
                "amount",
                format!(
                    "报销金额 {} 不能超过核准金额 {}。",
                    format_yuan(amount),
                    format_yuan(approved)
                ),
                format!(
                    "The paid amount {} cannot be above the approved {}.",
                    format_yuan(amount),
                    format_yuan(approved)
                ),
            ));
        }
        Ok((amount, date_input(&self.date, "date")?))
    }
}

/// A rejection needs its reason.
pub fn reject_reason(raw: &str) -> AppResult<String> {
    required("reason", raw, "驳回原因", "reason for rejecting")
}
