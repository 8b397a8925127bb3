//! Budget sheets through the import engine: the budget plan 预算表 and the expense ledger
//! 费用台账. Each has its schema and row checks here; the rows go to `store::budget` as one
//! batch.

use super::engine::{
    self, sheet_fields, Field, Money, RegionNames, Rejection, RowReader, Run, Schema, SheetReport,
    Tally,
};
use super::read::{Cell, Sheet};
use crate::domain::budget::forms::{ValidExpense, ValidLine};
use crate::domain::budget::{Amounts, ExpenseStatus, Period};
use crate::domain::value::MAX_AMOUNT_FEN;
use crate::error::AppResult;
use crate::store::batches::BatchKind;
use crate::store::budget::{self as store_b, BudgetRow, ExpenseRecord, LedgerRow};
use crate::store::Store;
use chrono::Datelike;
use std::collections::HashMap;

sheet_fields! {
    /// The budget plan's columns.
    pub enum BudgetCol {
        Year = Field {
            zh: "年度",
            en: "year",
            aliases: &["年度", "预算年度", "年份", "year", "fiscalyear"],
            required: false,
        },
        Period = Field {
            zh: "期间",
            en: "period",
            aliases: &["期间", "预算期间", "月份", "季度", "period"],
            required: false,
        },
        Category = Field {
            zh: "类别",
            en: "category",
            aliases: &["类别", "科目", "费用类别", "预算科目", "费用科目", "category"],
            required: true,
        },
        Region = Field {
            zh: "区域",
            en: "region",
            aliases: &["区域", "省份", "地区", "region"],
            required: false,
        },
        Campaign = Field {
            zh: "活动",
            en: "campaign",
            aliases: &["活动", "活动名称", "促销活动", "campaign"],
            required: false,
        },
        Amount = Field {
            zh: "金额",
            en: "amount",
            aliases: &["金额", "预算金额", "预算", "预算额", "amount", "budget"],
            required: true,
        },
        Note = Field {
            zh: "备注",
            en: "note",
            aliases: &["备注", "说明", "note", "notes"],
            required: false,
        },
    }
}

pub const BUDGET: Schema = Schema {
    fields: BudgetCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是预算表：前 10 行里找不到表头（需要 年度或期间、类别、金额 等列）。",
    not_this_en: "This is not a budget plan: no header in the first 10 rows (expected columns such as year or period, category, amount).",
};

/// Campaigns by name, case aside.
struct CampaignNames(HashMap<String, i64>);

impl CampaignNames {
    fn new(store: &Store) -> AppResult<CampaignNames> {
        Ok(CampaignNames(
            crate::store::campaigns::list(store)?
                .into_iter()
                .map(|c| (c.name.trim().to_lowercase(), c.id))
                .collect(),
        ))
    }

    fn get(&self, name: &str) -> Option<i64> {
        self.0.get(&name.trim().to_lowercase()).copied()
    }
}

fn region_of(
    r: &RowReader<'_>,
    f: impl Into<usize> + Copy,
    regions: &RegionNames,
) -> Result<Option<i64>, Rejection> {
    let text = r.text(f);
    if text.is_empty() {
        return Ok(None);
    }
    regions.get(&text).map(Some).ok_or_else(|| {
        r.reject(
            f,
            format!("“{text}”既不是省份，也不是已建的销售区域（请先在设置里添加）"),
            format!("“{text}” is neither a province nor one of your sales regions (add it in Settings first)"),
        )
    })
}

fn campaign_of(
    r: &RowReader<'_>,
    f: impl Into<usize> + Copy,
    campaigns: &CampaignNames,
) -> Result<Option<i64>, Rejection> {
    let text = r.text(f);
    if text.is_empty() {
        return Ok(None);
    }
    campaigns.get(&text).map(Some).ok_or_else(|| {
        r.reject(
            f,
            format!("没有名为“{text}”的活动（请先在活动日历里建立，或留空）"),
            format!("there is no campaign called “{text}” (create it in the calendar first, or leave it empty)"),
        )
    })
}

/// An amount in yuan as people type it (12,000.00 / ￥1.2万 / 1.2万元, or a number cell);
/// `zero_ok` for a plan line. Negative, too large and unreadable amounts are refused by name.
fn amount(
    r: &RowReader<'_>,
    f: impl Into<usize> + Copy,
    zh: &str,
    en: &str,
    zero_ok: bool,
) -> Result<Option<i64>, Rejection> {
    let shown = r.text(f);
    match r.money(f) {
        Money::Missing => Ok(None),
        Money::Bad(_) if shown.starts_with(['-', '−', '－']) => Err(r.reject(
            f,
            format!("{zh}不能为负数：{shown}"),
            format!("{en} cannot be negative: {shown}"),
        )),
        Money::Bad(_) => Err(r.reject(
            f,
            format!("{zh}无法识别：{shown}（请写成 12,000.00、￥1.2万 或 1.2万元）"),
            format!("{en} cannot be read: {shown} (write it like 12,000.00, ￥1.2万 or 1.2万元)"),
        )),
        Money::Fen(v) if v > MAX_AMOUNT_FEN => Err(r.reject(
            f,
            format!("{zh}过大：{shown}"),
            format!("{en} is too large: {shown}"),
        )),
        Money::Fen(0) if !zero_ok => Err(r.reject(
            f,
            format!("{zh}必须大于 0"),
            format!("{en} must be above 0"),
        )),
        Money::Fen(v) => Ok(Some(v)),
    }
}

/// The period of a plan row: the 期间 cell (text, a month Excel turned into a date, a year
/// as a number), else the 年度 as the whole year; it must lie in the 年度 when both are given.
fn period_of(r: &RowReader<'_>) -> Result<Period, Rejection> {
    let year = match r.cell(BudgetCol::Year) {
        Cell::Number(n) if n.fract() == 0.0 && (1990.0..=2100.0).contains(n) => Some(*n as i32),
        Cell::Empty => None,
        _ => {
            let t = r.text(BudgetCol::Year);
            if t.is_empty() {
                None
            } else {
                match Period::parse(&t) {
                    Some(Period::Year(y)) => Some(y),
                    _ => {
                        return Err(r.reject(
                            BudgetCol::Year,
                            format!("年度无法识别：{t}"),
                            format!("unreadable year: {t}"),
                        ))
                    }
                }
            }
        }
    };
    let period = match r.cell(BudgetCol::Period) {
        Cell::Date(d) => Some(Period::Month(d.year(), d.month())),
        Cell::Number(n) if n.fract() == 0.0 && (1990.0..=2100.0).contains(n) => {
            Some(Period::Year(*n as i32))
        }
        _ => {
            let t = r.text(BudgetCol::Period);
            if t.is_empty() {
                None
            } else {
                Some(Period::parse(&t).ok_or_else(|| {
                    r.reject(
                        BudgetCol::Period,
                        format!("期间无法识别：{t}（请写 2026、2026Q2、2026-05 或 2026年5月）"),
                        format!(
                            "unreadable period: {t} (write 2026, 2026Q2, 2026-05 or 2026年5月)"
                        ),
                    )
                })?)
            }
        }
    };
    match (year, period) {
        (Some(y), Some(p)) if p.year() != y => Err(r.reject(
            BudgetCol::Period,
            format!("期间 {} 不在 {y} 年度内", p.code()),
            format!("the period {} is not in the year {y}", p.code()),
        )),
        (_, Some(p)) => Ok(p),
        (Some(y), None) => Ok(Period::Year(y)),
        (None, None) => Err(r.reject(
            BudgetCol::Period,
            "缺少期间和年度",
            "the period and the year are missing",
        )),
    }
}

fn parse_budget_row(
    r: &RowReader<'_>,
    regions: &RegionNames,
    campaigns: &CampaignNames,
) -> Result<BudgetRow, Rejection> {
    let period = period_of(r)?;
    let category = r.required_text(BudgetCol::Category)?;
    let amount_fen = amount(r, BudgetCol::Amount, "金额", "amount", true)?
        .ok_or_else(|| r.reject(BudgetCol::Amount, "缺少金额", "the amount is missing"))?;
    Ok(BudgetRow {
        row: r.number(),
        category,
        line: ValidLine {
            period,
            category_id: 0,
            region_id: region_of(r, BudgetCol::Region, regions)?,
            campaign_id: campaign_of(r, BudgetCol::Campaign, campaigns)?,
            amount_fen,
            note: r.text(BudgetCol::Note),
            reason: String::new(),
        },
    })
}

/// Import a budget plan as one batch: a line already planned (same period, category, region
/// and campaign) gets the sheet's amount, any other is added; the same line twice in the
/// file is a duplicate (the first row counts).
pub fn import_budget(store: &mut Store, run: &Run<'_>, sheets: &[Sheet]) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &BUDGET, run)?;
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    let campaigns = CampaignNames::new(store)?;
    let mut checked = engine::check_rows(&picked.sheet.rows, &BUDGET, None, run.lang, |r| {
        parse_budget_row(r, &regions, &campaigns)
    })?;
    let mut seen = std::collections::HashSet::new();
    let before = checked.valid.len();
    checked.valid.retain(|r| {
        seen.insert((
            r.line.period,
            r.category.to_lowercase(),
            r.line.region_id,
            r.line.campaign_id,
        ))
    });
    let duplicates = before - checked.valid.len();
    let kind = BatchKind::Budget;
    let file_name = run.file_name;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_b::write_budget(tx, id, file_name, valid)?;
        let imported = w.rows;
        Ok((
            w,
            Tally {
                imported,
                duplicates,
            },
        ))
    })?;
    Ok(SheetReport {
        imported: written.rows,
        duplicates,
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}

sheet_fields! {
    /// The expense ledger's columns.
    pub enum LedgerCol {
        Date = Field {
            zh: "日期",
            en: "date",
            aliases: &["日期", "申请日期", "费用日期", "发生日期", "date"],
            required: true,
        },
        Requester = Field {
            zh: "申请人",
            en: "requester",
            aliases: &["申请人", "经办人", "报销人", "requester", "applicant"],
            required: true,
        },
        Region = Field {
            zh: "区域",
            en: "region",
            aliases: &["区域", "省份", "地区", "region"],
            required: false,
        },
        Campaign = Field {
            zh: "活动",
            en: "campaign",
            aliases: &["活动", "活动名称", "促销活动", "campaign"],
            required: false,
        },
        Category = Field {
            zh: "类别",
            en: "category",
            aliases: &["类别", "科目", "费用类别", "费用科目", "category"],
            required: true,
        },
        Payee = Field {
            zh: "收款方",
            en: "payee",
            aliases: &["收款方", "经销商", "收款单位", "供应商", "payee", "dealer"],
            required: true,
        },
        Description = Field {
            zh: "说明",
            en: "description",
            aliases: &["说明", "事由", "摘要", "用途", "description"],
            required: false,
        },
        Requested = Field {
            zh: "申请金额",
            en: "requested",
            aliases: &["申请金额", "金额", "requested", "requestedamount", "amount"],
            required: true,
        },
        Approved = Field {
            zh: "核准金额",
            en: "approved",
            aliases: &["核准金额", "批准金额", "审批金额", "approved", "approvedamount"],
            required: false,
        },
        Paid = Field {
            zh: "报销金额",
            en: "paid",
            aliases: &["报销金额", "实报金额", "实付金额", "已付金额", "paid", "paidamount"],
            required: false,
        },
        Status = Field {
            zh: "状态",
            en: "status",
            aliases: &["状态", "审批状态", "status"],
            required: false,
        },
        Approver = Field {
            zh: "审批人",
            en: "approver",
            aliases: &["审批人", "批准人", "核准人", "approver"],
            required: false,
        },
    }
}

pub const LEDGER: Schema = Schema {
    fields: LedgerCol::FIELDS,
    min_match: 4,
    not_this_zh: "这不是费用台账：前 10 行里找不到表头（需要 日期、申请人、类别、收款方、申请金额 等列）。",
    not_this_en: "This is not an expense ledger: no header in the first 10 rows (expected columns such as date, requester, category, payee, requested amount).",
};

fn parse_ledger_row(
    r: &RowReader<'_>,
    regions: &RegionNames,
    campaigns: &CampaignNames,
    staff: &HashMap<String, Option<i64>>,
) -> Result<LedgerRow, Rejection> {
    let date = r
        .date(LedgerCol::Date)?
        .ok_or_else(|| r.reject(LedgerCol::Date, "缺少日期", "the date is missing"))?;
    let requester = r.required_text(LedgerCol::Requester)?;
    let category = r.required_text(LedgerCol::Category)?;
    let payee = r.required_text(LedgerCol::Payee)?;
    let requested = amount(
        r,
        LedgerCol::Requested,
        "申请金额",
        "requested amount",
        false,
    )?
    .ok_or_else(|| {
        r.reject(
            LedgerCol::Requested,
            "缺少申请金额",
            "the requested amount is missing",
        )
    })?;
    let approved = amount(r, LedgerCol::Approved, "核准金额", "approved amount", false)?;
    let paid = amount(r, LedgerCol::Paid, "报销金额", "paid amount", false)?;
    let status_text = r.text(LedgerCol::Status);
    let status = if status_text.is_empty() {
        match (approved, paid) {
            (_, Some(_)) => ExpenseStatus::Reimbursed,
            (Some(_), None) => ExpenseStatus::Approved,
            _ => ExpenseStatus::Submitted,
        }
    } else {
        ExpenseStatus::parse(&status_text).ok_or_else(|| {
            r.reject(
                LedgerCol::Status,
                format!("状态“{status_text}”不认识：请写 草稿、已提交、已批准、已报销、已驳回 或 已取消"),
                format!("unknown status “{status_text}”: write draft, submitted, approved, reimbursed, rejected or cancelled"),
            )
        })?
    };
    let amounts = Amounts {
        requested,
        approved,
        paid,
    };
    if let Err(reason) = amounts.check(status, r.lang) {
        let col = if paid.is_some() && (approved.is_none() || paid > approved) {
            LedgerCol::Paid
        } else if approved.is_some() {
            LedgerCol::Approved
        } else {
            LedgerCol::Status
        };
        return Err(r.reject(col, reason.clone(), reason));
    }
    let approver = r.text(LedgerCol::Approver);
    Ok(LedgerRow {
        row: r.number(),
        category,
        record: ExpenseRecord {
            v: ValidExpense {
                date,
                staff_id: staff.get(&requester).copied().flatten(),
                requester,
                region_id: region_of(r, LedgerCol::Region, regions)?,
                campaign_id: campaign_of(r, LedgerCol::Campaign, campaigns)?,
                category_id: 0,
                payee,
                description: r.text(LedgerCol::Description),
                requested_fen: requested,
            },
            status,
            approved_fen: approved,
            paid_fen: paid,
            submitted_on: (status != ExpenseStatus::Draft).then_some(date),
            approved_on: approved.map(|_| date),
            paid_on: paid.map(|_| date),
            approver,
            reason: String::new(),
        },
    })
}

/// Import an expense ledger as one batch: each row a request as it happened. Reimbursed rows
/// come in as they are; those of a category that needs evidence show "evidence missing".
pub fn import_expenses(
    store: &mut Store,
    run: &Run<'_>,
    sheets: &[Sheet],
) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &LEDGER, run)?;
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    let campaigns = CampaignNames::new(store)?;
    // A requester on the roster is linked to it (a name two people share is not).
    let mut staff: HashMap<String, Option<i64>> = HashMap::new();
    for s in crate::store::training::list_staff(store, None)? {
        staff
            .entry(s.name.clone())
            .and_modify(|v| *v = None)
            .or_insert(Some(s.id));
    }
    let checked = engine::check_rows(&picked.sheet.rows, &LEDGER, None, run.lang, |r| {
        parse_ledger_row(r, &regions, &campaigns, &staff)
    })?;
    let kind = BatchKind::Expenses;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_b::write_ledger(tx, id, valid)?;
        let tally = Tally {
            imported: w.rows,
            duplicates: w.duplicates,
        };
        Ok((w, tally))
    })?;
    Ok(SheetReport {
        imported: written.rows,
        duplicates: written.duplicates,
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}
