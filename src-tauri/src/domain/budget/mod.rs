//! 预算 Budget and 费用 expenses: a plan per fiscal year in lines (period × category ×
//! optional region × optional campaign), expense requests that move from draft to
//! reimbursement, and the rules that say which line a request spends, what it commits and
//! what it has cost, what is still available, when a plan's policy refuses an overspend, and
//! how an amount is written in capitals on a printed form. Plain Rust: no SQL, no tauri.

pub mod capitals;
mod checks;
pub mod forms;

pub use checks::*;

use crate::domain::value::format_yuan;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use ts_rs::TS;

/// A budget period: a year, a quarter or a month. Written `2026`, `2026Q2`, `2026-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

impl Period {
    /// As people write it: 2026, 2026年, 2026年度, 2026Q2, 2026-Q2, 2026年第2季度, 2026年二季度,
    /// 2026-05, 2026/5, 2026.05, 2026年5月, 202605.
    pub fn parse(raw: &str) -> Option<Period> {
        let s = crate::domain::value::to_half_width(raw.trim()).to_uppercase();
        let s = s.replace([' ', '\u{3000}'], "");
        let s = s.trim_end_matches("年度").trim_end_matches("全年");
        let year_of = |t: &str| -> Option<i32> {
            (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
                .filter(|y| (1990..=2100).contains(y))
        };
        let cn_digit = |t: &str| -> Option<u32> {
            match t {
                "一" | "1" => Some(1),
                "二" | "2" => Some(2),
                "三" | "3" => Some(3),
                "四" | "4" => Some(4),
                _ => None,
            }
        };
        if let Some(y) = year_of(s.trim_end_matches('年')) {
            return Some(Period::Year(y));
        }
        // Quarters: 2026Q2, 2026-Q2, 2026年Q2, 2026年第2季度, 2026年二季度, Q2 2026.
        if let Some((a, b)) = s.split_once('Q') {
            let y = year_of(a.trim_end_matches(['-', '/', '年'])).or_else(|| {
                if a.is_empty() {
                    year_of(&b[b.len().min(1)..])
                } else {
                    None
                }
            });
            let q = if a.is_empty() { b.get(..1) } else { Some(b) };
            return match (y, q.and_then(cn_digit)) {
                (Some(y), Some(q)) => Some(Period::Quarter(y, q)),
                _ => None,
            };
        }
        if let Some(rest) = s.strip_suffix("季度") {
            let (y, q) = rest.split_once('年')?;
            let q = q.trim_start_matches('第');
            return Some(Period::Quarter(year_of(y)?, cn_digit(q)?));
        }
        // Months.
        let t = s.trim_end_matches('月').trim_end_matches("份");
        let t = t.trim_end_matches('月');
        if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
            let m: u32 = t[4..].parse().ok()?;
            return (1..=12)
                .contains(&m)
                .then_some(Period::Month(year_of(&t[..4])?, m));
        }
        let (y, m) = t.split_once(['-', '/', '.', '年'])?;
        let m: u32 = m.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some(Period::Month(year_of(y)?, m))
    }

    pub fn code(&self) -> String {
        match *self {
            Period::Year(y) => format!("{y}"),
            Period::Quarter(y, q) => format!("{y}Q{q}"),
            Period::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn label(&self, lang: Lang) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        match (*self, lang) {
            (Period::Year(y), Lang::ZhCn) => format!("{y}年"),
            (Period::Year(y), Lang::En) => format!("{y}"),
            (Period::Quarter(y, q), Lang::ZhCn) => format!("{y}年第{q}季度"),
            (Period::Quarter(y, q), Lang::En) => format!("Q{q} {y}"),
            (Period::Month(y, m), Lang::ZhCn) => format!("{y}年{m}月"),
            (Period::Month(y, m), Lang::En) => {
                format!("{} {y}", MONTHS[(m.clamp(1, 12) - 1) as usize])
            }
        }
    }

    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// 0 for a year, 1 for a quarter, 2 for a month: the finer, the more specific.
    pub fn fineness(&self) -> u8 {
        match self {
            Period::Year(_) => 0,
            Period::Quarter(..) => 1,
            Period::Month(..) => 2,
        }
    }

    pub fn starts(&self) -> NaiveDate {
        let (y, m) = match *self {
            Period::Year(y) => (y, 1),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1),
            Period::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    pub fn ends(&self) -> NaiveDate {
        let months = match self {
            Period::Year(_) => 12,
            Period::Quarter(..) => 3,
            Period::Month(..) => 1,
        };
        self.starts()
            .checked_add_months(Months::new(months))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        match *self {
            Period::Year(y) => d.year() == y,
            Period::Quarter(y, q) => d.year() == y && (d.month() - 1) / 3 + 1 == q,
            Period::Month(y, m) => d.year() == y && d.month() == m,
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a period: {s}")))
    }
}

/// What a plan does when a request would take a line past its plan: warn (allowed, with a
/// visible warning) or stop (refused, naming the line and the shortfall).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Policy {
    Warn,
    Stop,
}

impl Policy {
    pub const ALL: [Policy; 2] = [Policy::Warn, Policy::Stop];

    pub fn code(self) -> &'static str {
        match self {
            Policy::Warn => "warn",
            Policy::Stop => "stop",
        }
    }

    pub fn from_code(s: &str) -> Option<Policy> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Policy::Warn => lang.pick("超支提醒（允许）", "Warn (allowed)"),
            Policy::Stop => lang.pick("超支禁止", "Stop (refused)"),
        }
    }
}

/// 草稿 → 已提交 → 已批准 → 已报销, or 已驳回 / 已取消.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExpenseStatus {
    Draft,
    Submitted,
    Approved,
    Reimbursed,
    Rejected,
    Cancelled,
}

impl ExpenseStatus {
    pub const ALL: [ExpenseStatus; 6] = [
        ExpenseStatus::Draft,
        ExpenseStatus::Submitted,
        ExpenseStatus::Approved,
        ExpenseStatus::Reimbursed,
        ExpenseStatus::Rejected,
        ExpenseStatus::Cancelled,
    ];

    /// As stored, and as the CLI prints it: the English word in lower case.
    pub fn code(self) -> &'static str {
        match self {
            ExpenseStatus::Draft => "draft",
            ExpenseStatus::Submitted => "submitted",
            ExpenseStatus::Approved => "approved",
            ExpenseStatus::Reimbursed => "reimbursed",
            ExpenseStatus::Rejected => "rejected",
            ExpenseStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Option<ExpenseStatus> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ExpenseStatus::Draft => ("草稿", "Draft"),
            ExpenseStatus::Submitted => ("待审批", "Submitted"),
            ExpenseStatus::Approved => ("已批准", "Approved"),
            ExpenseStatus::Reimbursed => ("已报销", "Reimbursed"),
            ExpenseStatus::Rejected => ("已驳回", "Rejected"),
            ExpenseStatus::Cancelled => ("已取消", "Cancelled"),
        };
        lang.pick(zh, en)
    }

    /// As a ledger writes it: 草稿 / 已提交·待审批 / 已批准·已核准 / 已报销 / 已驳回 /
    /// 已取消, or the English words (an empty cell is left to the caller).
    pub fn parse(s: &str) -> Option<ExpenseStatus> {
        let t = s.trim().to_lowercase();
        Some(match t.as_str() {
            "草稿" | "draft" => ExpenseStatus::Draft,
            "已提交" | "待审批" | "审批中" | "提交" | "submitted" | "pending" => {
                ExpenseStatus::Submitted
            }
            "已批准" | "已核准" | "已审批" | "批准" | "核准" | "approved" => {
                ExpenseStatus::Approved
            }
            "已报销" | "已支付" | "已付款" | "报销" | "reimbursed" | "paid" => {
                ExpenseStatus::Reimbursed
            }
            "已驳回" | "驳回" | "不予报销" | "rejected" => ExpenseStatus::Rejected,
            "已取消" | "取消" | "作废" | "cancelled" | "canceled" => {
                ExpenseStatus::Cancelled
            }
            _ => return None,
        })
    }

    /// A submitted or approved request holds budget.
    pub fn commits(self) -> bool {
        matches!(self, ExpenseStatus::Submitted | ExpenseStatus::Approved)
    }
}

/// What the user does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExpenseAction {
    Submit,
    Approve,
    Reimburse,
    Reject,
    Cancel,
}

/// The status an action leads to, or a sentence saying why it cannot be done from `from`.
/// Reimbursing is possible only from approved: nothing is paid without approval.
pub fn transition(from: ExpenseStatus, action: ExpenseAction) -> AppResult<ExpenseStatus> {
    use ExpenseAction as A;
    use ExpenseStatus as S;
    let to = match (from, action) {
        (S::Draft, A::Submit) => Some(S::Submitted),
        (S::Submitted, A::Approve) => Some(S::Approved),
        (S::Submitted, A::Reject) => Some(S::Rejected),
        (S::Approved, A::Reimburse) => Some(S::Reimbursed),
        (S::Draft | S::Submitted | S::Approved, A::Cancel) => Some(S::Cancelled),
        _ => None,
    };
    to.ok_or_else(|| {
        let (zh, en) = match action {
            A::Reimburse => (
                format!(
                    "“{}”的申请不能报销：未经批准的费用一律不予报销，请先提交并批准。",
                    from.label(Lang::ZhCn)
                ),
                format!(
                    "A request that is “{}” cannot be reimbursed: nothing is paid without approval — submit it and have it approved first.",
                    from.label(Lang::En).to_lowercase()
                ),
            ),
            _ => (
                format!(
                    "“{}”的申请不能{}。",
                    from.label(Lang::ZhCn),
                    action_word(action, Lang::ZhCn)
                ),
                format!(
                    "A request that is “{}” cannot be {}.",
                    from.label(Lang::En).to_lowercase(),
                    action_word(action, Lang::En)
                ),
            ),
        };
        AppError::conflict(Some("status"), zh, en)
    })
}

fn action_word(a: ExpenseAction, lang: Lang) -> &'static str {
    match a {
        ExpenseAction::Submit => lang.pick("提交", "submitted"),
        ExpenseAction::Approve => lang.pick("批准", "approved"),
        ExpenseAction::Reimburse => lang.pick("报销", "reimbursed"),
        ExpenseAction::Reject => lang.pick("驳回", "rejected"),
        ExpenseAction::Cancel => lang.pick("取消", "cancelled"),
    }
}

/// A request's amounts in fen: requested; approved (≤ requested) once approved; paid
/// (≤ approved) once reimbursed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    pub requested: i64,
    pub approved: Option<i64>,
    pub paid: Option<i64>,
}

impl Amounts {
    /// What the request holds of the budget: submitted, the requested amount; approved, the
    /// approved amount; otherwise nothing.
    pub fn committed(&self, status: ExpenseStatus) -> i64 {
        match status {
            ExpenseStatus::Submitted => self.requested,
            ExpenseStatus::Approved => self.approved.unwrap_or(self.requested),
            _ => 0,
        }
    }

    /// What it has cost: the paid amount of a reimbursed request.
    pub fn actual(&self, status: ExpenseStatus) -> i64 {
        match status {
            ExpenseStatus::Reimbursed => self.paid.unwrap_or(0),
            _ => 0,
        }
    }

    /// The ledger's and the store's rule: approved ≤ requested, paid only when approved and
    /// ≤ approved; a reimbursed request has both, an approved one its approved amount.
    pub fn check(&self, status: ExpenseStatus, lang: Lang) -> Result<(), String> {
        let y = format_yuan;
        if self.requested <= 0 {
            return Err(lang
                .pick("申请金额必须大于 0", "the requested amount must be above 0")
                .into());
        }
        if let Some(a) = self.approved {
            if a <= 0 {
                return Err(lang
                    .pick("核准金额必须大于 0", "the approved amount must be above 0")
                    .into());
            }
            if a > self.requested {
                return Err(match lang {
                    Lang::ZhCn => format!("核准金额 {} 超过申请金额 {}", y(a), y(self.requested)),
                    Lang::En => format!(
                        "the approved amount {} is above the requested {}",
                        y(a),
                        y(self.requested)
                    ),
                });
            }
        }
        if let Some(p) = self.paid {
            let Some(a) = self.approved else {
                return Err(lang
                    .pick(
                        "有报销金额却没有核准金额：未经批准的费用不予报销",
                        "a paid amount without an approved amount: nothing is paid without approval",
                    )
                    .into());
            };
            if p <= 0 {
                return Err(lang
                    .pick("报销金额必须大于 0", "the paid amount must be above 0")
                    .into());
            }
            if p > a {
                return Err(match lang {
                    Lang::ZhCn => format!("报销金额 {} 超过核准金额 {}", y(p), y(a)),
                    Lang::En => format!("the paid amount {} is above the approved {}", y(p), y(a)),
                });
            }
        }
        match status {
            ExpenseStatus::Approved if self.approved.is_none() => Err(lang
                .pick(
                    "已批准的申请须有核准金额",
                    "an approved request needs its approved amount",
                )
                .into()),
            ExpenseStatus::Reimbursed if self.paid.is_none() => Err(lang
                .pick(
                    "已报销的申请须有报销金额",
                    "a reimbursed request needs its paid amount",
                )
                .into()),
            ExpenseStatus::Draft | ExpenseStatus::Submitted
                if self.approved.is_some() || self.paid.is_some() =>
            {
                Err(lang
                    .pick(
                        "未批准的申请不能有核准或报销金额",
                        "a request not yet approved cannot have an approved or paid amount",
                    )
                    .into())
            }
            _ => Ok(()),
        }
    }
}

/// A plan line as the matching sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineKey {
    pub id: i64,
    pub period: Period,
    pub category_id: i64,
    pub region_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub plan_fen: i64,
}

impl LineKey {
    /// Campaign first, then region, then the finer period: the most specific line wins.
    fn specificity(&self) -> (bool, bool, u8) {
        (
            self.campaign_id.is_some(),
            self.region_id.is_some(),
            self.period.fineness(),
        )
    }

    fn covers(&self, s: &Spend) -> bool {
        self.category_id == s.category_id
            && self.period.contains(s.date)
            && self.region_id.is_none_or(|r| s.region_id == Some(r))
            && self.campaign_id.is_none_or(|c| s.campaign_id == Some(c))
    }
}

/// A request as the matching and the totals see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spend {
    pub id: i64,
    pub date: NaiveDate,
    pub category_id: i64,
    pub region_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub status: ExpenseStatus,
    pub amounts: Amounts,
}

/// The lines of a plan, indexed by category and region for matching many requests.
pub struct LineIndex<'a> {
    by_category_region: HashMap<(i64, Option<i64>), Vec<&'a LineKey>>,
}

impl<'a> LineIndex<'a> {
    pub fn new(lines: &'a [LineKey]) -> LineIndex<'a> {
        let mut by_category_region: HashMap<(i64, Option<i64>), Vec<&'a LineKey>> = HashMap::new();
        for l in lines {
            by_category_region
                .entry((l.category_id, l.region_id))
                .or_default()
                .push(l);
        }
        LineIndex { by_category_region }
    }

    /// The line a request spends: among the lines of its category whose period holds its date
    /// and whose region and campaign are the request's or "any", the most specific (campaign,
    /// then region, then the finer period; the first entered on a tie). None: unplanned.
    pub fn line_of(&self, s: &Spend) -> Option<i64> {
        let mut best: Option<&LineKey> = None;
        let own = s.region_id.map(|r| (s.category_id, Some(r)));
        for key in own.into_iter().chain([(s.category_id, None)]) {
            for l in self.by_category_region.get(&key).into_iter().flatten() {
                if !l.covers(s) {
                    continue;
                }
                best = match best {
                    Some(b)
                        if (b.specificity(), std::cmp::Reverse(b.id))
                            >= (l.specificity(), std::cmp::Reverse(l.id)) =>
                    {
                        Some(b)
                    }
                    _ => Some(l),
                };
            }
        }
        best.map(|l| l.id)
    }
}

/// Plan, committed and actual of a line or a group of lines, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct Figures {
    #[ts(type = "number")]
    pub plan_fen: i64,
    #[ts(type = "number")]
    pub committed_fen: i64,
    #[ts(type = "number")]
    pub actual_fen: i64,
    /// plan − committed − actual (negative: over plan).
    #[ts(type = "number")]
    pub available_fen: i64,
}

fn too_large() -> AppError {
    AppError::invalid(
        "amount",
        "合计金额超出可计算的范围。",
        "A total is beyond the range that can be computed.",
    )
}

impl Figures {
    pub fn plan(plan_fen: i64) -> Figures {
        Figures {
            plan_fen,
            available_fen: plan_fen,
            ..Figures::default()
        }
    }

    /// Add a request's committed and actual amounts.
    pub fn spend(&mut self, committed: i64, actual: i64) -> AppResult<()> {
        self.committed_fen = self
            .committed_fen
            .checked_add(committed)
            .ok_or_else(too_large)?;
        self.actual_fen = self.actual_fen.checked_add(actual).ok_or_else(too_large)?;
        self.settle()
    }

    /// Add another line's or group's figures.
    pub fn add(&mut self, o: &Figures) -> AppResult<()> {
        self.plan_fen = self
            .plan_fen
            .checked_add(o.plan_fen)
            .ok_or_else(too_large)?;
        self.committed_fen = self
            .committed_fen
            .checked_add(o.committed_fen)
            .ok_or_else(too_large)?;
        self.actual_fen = self
            .actual_fen
            .checked_add(o.actual_fen)
            .ok_or_else(too_large)?;
        self.settle()
    }

    fn settle(&mut self) -> AppResult<()> {
        self.available_fen = self
            .plan_fen
            .checked_sub(self.committed_fen)
            .and_then(|v| v.checked_sub(self.actual_fen))
            .ok_or_else(too_large)?;
        Ok(())
    }

    /// Committed and actual as a share of the plan, in hundredths of a percent (half up);
    /// None without a plan.
    pub fn used_bp(&self) -> Option<i64> {
        if self.plan_fen <= 0 {
            return None;
        }
        let used = i128::from(self.committed_fen) + i128::from(self.actual_fen);
        let bp = (used * 20_000 + i128::from(self.plan_fen)) / (2 * i128::from(self.plan_fen));
        i64::try_from(bp).ok()
    }
}

/// Every line's figures and the line each request spends (None: unplanned).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub lines: HashMap<i64, Figures>,
    pub request_line: HashMap<i64, Option<i64>>,
    pub unplanned: Figures,
    pub unplanned_requests: usize,
}

impl Tally {
    /// The sum of every line and the unplanned requests.
    pub fn total(&self) -> AppResult<Figures> {
        let mut t = self.unplanned;
        for f in self.lines.values() {
            t.add(f)?;
        }
        Ok(t)
    }
}

/// Match every request to its line and add it up.
pub fn tally(lines: &[LineKey], spends: &[Spend]) -> AppResult<Tally> {
    let index = LineIndex::new(lines);
    let mut out = Tally {
        lines: lines
            .iter()
            .map(|l| (l.id, Figures::plan(l.plan_fen)))
            .collect(),
        ..Tally::default()
    };
    for s in spends {
        let line = index.line_of(s);
        out.request_line.insert(s.id, line);
        let (c, a) = (s.amounts.committed(s.status), s.amounts.actual(s.status));
        match line.and_then(|l| out.lines.get_mut(&l)) {
            Some(f) => f.spend(c, a)?,
            None => {
                if c != 0 || a != 0 {
                    out.unplanned_requests += 1;
                }
                out.unplanned.spend(c, a)?
            }
        }
    }
    Ok(out)
}

/// Group lines' figures under a key (category, region, campaign, period), in the order of
/// `order` (the keys' sort order); returns (key, figures) with the groups' sums.
pub fn group<K: Eq + std::hash::Hash + Clone + Ord>(
    lines: &[LineKey],
    tally: &Tally,
    key_of: impl Fn(&LineKey) -> K,
) -> AppResult<Vec<(K, Figures)>> {
    let mut groups: HashMap<K, Figures> = HashMap::new();
    for l in lines {
        let f = tally.lines.get(&l.id).copied().unwrap_or_default();
        groups.entry(key_of(l)).or_default().add(&f)?;
    }
    let mut out: Vec<(K, Figures)> = groups.into_iter().collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Whether a request that takes `amount` more of a line with `available` left is allowed:
/// under stop, refused with the line and the shortfall; under warn, allowed with the warning.
pub fn overspend(
    policy: Policy,
    line: &str,
    available: i64,
    amount: i64,
) -> AppResult<Option<(String, String)>> {
    if amount <= available {
        return Ok(None);
    }
    let short = amount.saturating_sub(available.max(0));
    let y = format_yuan;
    let zh = format!(
        "超出预算：“{line}”可用 {}，本次 {}，缺口 {}。",
        y(available),
        y(amount),
        y(short)
    );
    let en = format!(
        "Over budget: “{line}” has {} available, this takes {}, {} short.",
        y(available),
        y(amount),
        y(short)
    );
    match policy {
        Policy::Warn => Ok(Some((zh, en))),
        Policy::Stop => Err(AppError::conflict(
            Some("amount"),
            format!("{zh}本预算设为超支禁止，请先调整预算或减少金额。"),
            format!("{en} This plan stops overspending: revise the plan or lower the amount."),
        )),
    }
}

#[cfg(test)]
mod tests;
