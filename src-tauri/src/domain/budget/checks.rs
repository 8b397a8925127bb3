//! What a request is checked against beside the flow: the evidence its category needs, the
//! alerts (a line at 90 % or over its plan, a request waiting too long), the price-limit flag,
//! and the kinds of evidence.

use super::Figures;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A category that needs evidence (促销, 物料 by default) cannot be reimbursed without it.
pub fn evidence_ready(needs_evidence: bool, evidence: usize, category: &str) -> AppResult<()> {
    if needs_evidence && evidence == 0 {
        return Err(AppError::conflict(
            Some("evidence"),
            format!("“{category}”类费用须先上传凭证（发票、收据或活动现场照片）才能报销。"),
            format!("A “{category}” expense needs its evidence (invoice, receipt or photos of the activity) before it can be reimbursed."),
        ));
    }
    Ok(())
}

/// Share of the plan at which a line is shown as nearly used (90 %), in hundredths of a percent.
pub const NEAR_BP: i64 = 9_000;
/// Days a submitted request may wait before it is an alert.
pub const WAITING_DAYS: i64 = 7;

/// A line near or over its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineAlert {
    Near,
    Over,
}

pub fn line_alert(f: &Figures) -> Option<LineAlert> {
    if f.available_fen < 0 {
        return Some(LineAlert::Over);
    }
    match f.used_bp() {
        Some(bp) if bp >= NEAR_BP => Some(LineAlert::Near),
        _ => None,
    }
}

/// Whether a request submitted on `submitted` has waited more than seven days by `today`.
pub fn waiting_too_long(submitted: NaiveDate, today: NaiveDate) -> bool {
    (today - submitted).num_days() > WAITING_DAYS
}

/// A price-limit violation as the flag sees it: where it was and what the reporter noted.
pub struct LimitBreach<'a> {
    pub region_id: i64,
    pub text: &'a str,
}

/// Whether a request for a campaign is flagged by its violations: one in the request's
/// region, or one whose note or reporter names the payee ("违者将不予报销").
pub fn breached(region_id: Option<i64>, payee: &str, breaches: &[LimitBreach<'_>]) -> usize {
    let payee = payee.trim();
    breaches
        .iter()
        .filter(|b| {
            region_id == Some(b.region_id) || (payee.chars().count() >= 2 && b.text.contains(payee))
        })
        .count()
}

/// 凭证 attached to a request: 发票 / 收据 / 照片 (门头、陈列、活动现场) / 其他.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EvidenceKind {
    Invoice,
    Receipt,
    Photo,
    Other,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::Invoice,
        EvidenceKind::Receipt,
        EvidenceKind::Photo,
        EvidenceKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Invoice => "invoice",
            EvidenceKind::Receipt => "receipt",
            EvidenceKind::Photo => "photo",
            EvidenceKind::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<EvidenceKind> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EvidenceKind::Invoice => lang.pick("发票", "Invoice"),
            EvidenceKind::Receipt => lang.pick("收据", "Receipt"),
            EvidenceKind::Photo => lang.pick("活动照片", "Photo"),
            EvidenceKind::Other => lang.pick("其他", "Other"),
        }
    }
}
