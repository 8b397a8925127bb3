//! The budget's figures: plan, committed, actual and available by category, region,
//! campaign or period (each row opening its lines and requests), the alerts for the
//! dashboard, the burn-up and variance charts, and a campaign's costs.

use super::*;
use crate::charts::budget::{BurnUpChart, VarianceChart};
use crate::domain::budget::{
    line_alert, waiting_too_long, Figures, LineAlert, LineKey, Spend, Tally,
};
use chrono::Datelike;

/// The key a report adds up by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportBy {
    Category,
    Region,
    Campaign,
    Period,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportRow {
    /// The category, region, campaign or period; "未列入预算" / "Unplanned" for requests that
    /// match no line.
    pub key: String,
    pub figures: Figures,
    pub alert: Option<LineAlert>,
    /// Committed and actual as a share of the plan, hundredths of a percent.
    #[ts(type = "number | null")]
    pub used_bp: Option<i64>,
    pub unplanned: bool,
    #[ts(type = "Array<number>")]
    pub line_ids: Vec<i64>,
    /// The requests that commit or have cost what the row shows.
    #[ts(type = "Array<number>")]
    pub request_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BudgetReport {
    pub year: i32,
    pub plan: Option<Plan>,
    pub by: ReportBy,
    pub rows: Vec<ReportRow>,
    pub total: Figures,
}

/// A plan line with its figures.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LineView {
    pub line: Line,
    pub label: String,
    pub period_label: String,
    pub figures: Figures,
    pub alert: Option<LineAlert>,
    #[ts(type = "number | null")]
    pub used_bp: Option<i64>,
    #[ts(type = "Array<number>")]
    pub request_ids: Vec<i64>,
}

/// What the dashboard and the budget screen warn about: lines at 90 % or over plan, requests
/// waiting more than seven days.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BudgetAlerts {
    pub year: i32,
    pub lines: Vec<LineView>,
    pub waiting: Vec<ExpenseView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BudgetCharts {
    pub burn_up_svg: String,
    pub variance_svg: String,
}

/// A campaign's money: its plan lines, what its requests commit and cost, by category,
/// region and payee; the requests its price-limit violations flag; the evidence missing; the
/// cost per unit sold against the review's results.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CampaignCosts {
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub campaign: String,
    pub figures: Figures,
    pub by_category: Vec<CostRow>,
    pub by_region: Vec<CostRow>,
    pub by_payee: Vec<CostRow>,
    pub flagged: Vec<ExpenseView>,
    pub evidence_missing: Vec<ExpenseView>,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    /// Actual cost per unit sold, fen (half up).
    #[ts(type = "number | null")]
    pub cost_per_unit_fen: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CostRow {
    pub key: String,
    #[ts(type = "number")]
    pub plan_fen: i64,
    #[ts(type = "number")]
    pub committed_fen: i64,
    #[ts(type = "number")]
    pub actual_fen: i64,
    #[ts(type = "number")]
    pub requests: i64,
    #[ts(type = "number | null")]
    pub units: Option<i64>,
    #[ts(type = "number | null")]
    pub cost_per_unit_fen: Option<i64>,
}

/// Everything a year's figures are computed from.
pub(crate) struct YearData {
    pub plan: Option<Plan>,
    pub lines: Vec<Line>,
    pub keys: Vec<LineKey>,
    pub spends: Vec<Spend>,
    pub tally: Tally,
}

pub(crate) fn year_data(s: &Store, year: i32) -> AppResult<YearData> {
    let plan = b::plan_of_year(s.conn(), year)?;
    let lines = match &plan {
        Some(p) => b::lines(s.conn(), p.id)?,
        None => Vec::new(),
    };
    let keys: Vec<LineKey> = lines.iter().map(Line::key).collect();
    let spends = b::spends(s.conn(), year)?;
    let tally = rules::tally(&keys, &spends)?;
    Ok(YearData {
        plan,
        lines,
        keys,
        spends,
        tally,
    })
}

fn unplanned_key(lang: Lang) -> String {
    lang.pick("未列入预算", "unplanned").to_string()
}

/// How a line sorts and is named under a key: categories in their order (built-in first),
/// regions by their code (then the user's, then "any"), campaigns by start (then "any"),
/// periods in time order.
fn sort_key(
    by: ReportBy,
    l: &Line,
    region_codes: &HashMap<i64, i64>,
    campaign_starts: &HashMap<i64, String>,
    lang: Lang,
) -> ((i64, String, i64), String) {
    match by {
        ReportBy::Category => ((l.category_id, String::new(), 0), l.category.clone()),
        ReportBy::Region => match (l.region_id, &l.region) {
            (Some(id), Some(name)) => {
                let code = region_codes.get(&id).copied().unwrap_or(i64::MAX / 2);
                ((0, String::new(), code.saturating_add(id)), name.clone())
            }
            _ => (
                (1, String::new(), 0),
                lang.pick("不限区域", "any region").to_string(),
            ),
        },
        ReportBy::Campaign => match (l.campaign_id, &l.campaign) {
            (Some(id), Some(name)) => (
                (0, campaign_starts.get(&id).cloned().unwrap_or_default(), id),
                name.clone(),
            ),
            _ => (
                (1, String::new(), 0),
                lang.pick("不限活动", "any campaign").to_string(),
            ),
        },
        ReportBy::Period => (
            (
                0,
                l.period.starts().to_string(),
                -i64::from(l.period.fineness()),
            ),
            l.period.code(),
        ),
    }
}

/// The requests that commit or have cost something, by the line they spend (None: unplanned),
/// in one pass.
fn requests_by_line(tally: &Tally, spends: &[Spend]) -> HashMap<Option<i64>, Vec<i64>> {
    let mut out: HashMap<Option<i64>, Vec<i64>> = HashMap::new();
    for s in spends {
        if s.status.commits() || s.status == ExpenseStatus::Reimbursed {
            let line = tally.request_line.get(&s.id).copied().flatten();
            out.entry(line).or_default().push(s.id);
        }
    }
    out
}

impl AppCore {
    /// The year's plan, committed, actual and available by `by`; every view adds up to the
    /// same totals, the unplanned requests in a row of their own.
    pub fn budget_report(&self, year: i32, by: ReportBy) -> AppResult<BudgetReport> {
        let lang = self.lang();
        self.with_store(|s| {
            let d = year_data(s, year)?;
            let region_codes: HashMap<i64, i64> = crate::store::regions::list(s)?
                .into_iter()
                .map(|r| (r.id, r.code.unwrap_or(1_000_000_000)))
                .collect();
            let campaign_starts: HashMap<i64, String> = crate::store::campaigns::list(s)?
                .into_iter()
                .map(|c| (c.id, c.start.to_string()))
                .collect();
            let named: HashMap<i64, ((i64, String, i64), String)> = d
                .lines
                .iter()
                .map(|l| (l.id, sort_key(by, l, &region_codes, &campaign_starts, lang)))
                .collect();
            let groups = rules::group(&d.keys, &d.tally, |k| named[&k.id].clone())?;
            let mut by_line = requests_by_line(&d.tally, &d.spends);
            let position: HashMap<&str, usize> = groups
                .iter()
                .enumerate()
                .map(|(i, ((_, label), _))| (label.as_str(), i))
                .collect();
            let mut ids: Vec<(Vec<i64>, Vec<i64>)> = vec![(Vec::new(), Vec::new()); groups.len()];
            for l in &d.lines {
                let i = position[named[&l.id].1.as_str()];
                ids[i].0.push(l.id);
                ids[i]
                    .1
                    .extend(by_line.remove(&Some(l.id)).unwrap_or_default());
            }
            let mut rows = Vec::new();
            for (((_, label), figures), (line_ids, request_ids)) in groups.into_iter().zip(ids) {
                rows.push(ReportRow {
                    key: label,
                    alert: line_alert(&figures),
                    used_bp: figures.used_bp(),
                    unplanned: false,
                    request_ids,
                    line_ids,
                    figures,
                });
            }
            if d.tally.unplanned != Figures::default() {
                rows.push(ReportRow {
                    key: unplanned_key(lang),
                    figures: d.tally.unplanned,
                    alert: None,
                    used_bp: None,
                    unplanned: true,
                    line_ids: Vec::new(),
                    request_ids: by_line.remove(&None).unwrap_or_default(),
                });
            }
            Ok(BudgetReport {
                year,
                total: d.tally.total()?,
                plan: d.plan,
                by,
                rows,
            })
        })
    }

    /// A plan's lines with their figures, in the plan's order.
    pub fn budget_lines(&self, plan_id: i64) -> AppResult<Vec<LineView>> {
        let lang = self.lang();
        self.with_store(|s| {
            let plan = b::plan(s.conn(), plan_id)?;
            let d = year_data(s, plan.year)?;
            Ok(line_views(&d, lang))
        })
    }

    pub fn budget_alerts(&self) -> AppResult<BudgetAlerts> {
        self.budget_alerts_on(self.today())
    }

    /// The alerts as they stand, requests' waiting counted up to `today` (a weekly report
    /// gives its Sunday) in `today`'s budget year.
    pub fn budget_alerts_on(&self, today: chrono::NaiveDate) -> AppResult<BudgetAlerts> {
        let lang = self.lang();
        let year = today.year();
        self.with_store(|s| {
            let d = year_data(s, year)?;
            let lines = line_views(&d, lang)
                .into_iter()
                .filter(|l| l.alert.is_some())
                .collect();
            let waiting: Vec<Expense> = b::expenses(
                s.conn(),
                &ExpenseFilter {
                    status: Some(ExpenseStatus::Submitted),
                    ..ExpenseFilter::default()
                },
            )?
            .into_iter()
            .filter(|e| e.submitted_on.is_some_and(|d| waiting_too_long(d, today)))
            .collect();
            Ok(BudgetAlerts {
                year,
                lines,
                waiting: views(s, waiting, lang, today)?,
            })
        })
    }

    pub fn budget_charts(&self, year: i32) -> AppResult<BudgetCharts> {
        let lang = self.lang();
        let (burn, variance) = self.with_store(|s| {
            let d = year_data(s, year)?;
            Ok((burn_up(&d, year, lang), variance(&d, lang)?))
        })?;
        Ok(BudgetCharts {
            burn_up_svg: burn.to_svg()?,
            variance_svg: variance.to_svg()?,
        })
    }

    pub fn campaign_costs(&self, campaign_id: i64) -> AppResult<CampaignCosts> {
        let (lang, today) = (self.lang(), self.today());
        self.with_store(|s| campaign_costs(s, campaign_id, lang, today))
    }
}

pub(crate) fn line_views(d: &YearData, lang: Lang) -> Vec<LineView> {
    let mut by_line = requests_by_line(&d.tally, &d.spends);
    d.lines
        .iter()
        .map(|l| {
            let figures = d.tally.lines.get(&l.id).copied().unwrap_or_default();
            LineView {
                label: line_label(l),
                period_label: l.period.label(lang),
                alert: line_alert(&figures),
                used_bp: figures.used_bp(),
                request_ids: by_line.remove(&Some(l.id)).unwrap_or_default(),
                figures,
                line: l.clone(),
            }
        })
        .collect()
}

/// Month by month, cumulative: the plan as its periods spread it (a quarter's line a third
/// a month, the year's a twelfth, the remainder in the period's last month), committed +
/// actual and actual by the requests' dates.
pub(crate) fn burn_up(d: &YearData, year: i32, lang: Lang) -> BurnUpChart {
    let mut plan = [0i64; 12];
    for l in &d.lines {
        let (first, n) = match l.period {
            rules::Period::Year(_) => (0usize, 12usize),
            rules::Period::Quarter(_, q) => (((q - 1) * 3) as usize, 3),
            rules::Period::Month(_, m) => ((m - 1) as usize, 1),
        };
        let share = l.amount_fen / n as i64;
        for i in 0..n {
            plan[first + i] += share;
        }
        plan[first + n - 1] += l.amount_fen - share * n as i64;
    }
    let mut used = [0i64; 12];
    let mut actual = [0i64; 12];
    for s in &d.spends {
        if s.date.year() != year {
            continue;
        }
        let m = s.date.month0() as usize;
        used[m] += s.amounts.committed(s.status) + s.amounts.actual(s.status);
        actual[m] += s.amounts.actual(s.status);
    }
    let cumulative = |v: [i64; 12]| {
        v.iter()
            .scan(0i64, |acc, x| {
                *acc = acc.saturating_add(*x);
                Some(*acc)
            })
            .collect::<Vec<_>>()
    };
    BurnUpChart {
        title: match lang {
            Lang::ZhCn => format!("{year} 年度预算执行（累计）"),
            Lang::En => format!("{year} budget burn-up (cumulative)"),
        },
        months: (1..=12)
            .map(|m| match lang {
                Lang::ZhCn => format!("{m}月"),
                Lang::En => [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ][m - 1]
                    .to_string(),
            })
            .collect(),
        series: vec![
            (lang.pick("预算", "Plan").to_string(), cumulative(plan)),
            (
                lang.pick("已占用 + 已报销", "Committed + actual")
                    .to_string(),
                cumulative(used),
            ),
            (
                lang.pick("已报销", "Actual").to_string(),
                cumulative(actual),
            ),
        ],
        y_label: lang.pick("万元", "¥10k").to_string(),
        width: 760,
        height: 340,
    }
}

pub(crate) fn variance(d: &YearData, lang: Lang) -> AppResult<VarianceChart> {
    let by_cat = rules::group(&d.keys, &d.tally, |k| {
        let name = d
            .lines
            .iter()
            .find(|l| l.id == k.id)
            .map(|l| l.category.clone())
            .unwrap_or_default();
        (k.category_id, name)
    })?;
    Ok(VarianceChart {
        title: lang
            .pick(
                "各类别可用余额（负数为超支）",
                "Available by category (below 0: over plan)",
            )
            .to_string(),
        y_label: lang.pick("万元", "¥10k").to_string(),
        bars: by_cat
            .into_iter()
            .map(|((_, n), f)| (n, f.available_fen))
            .collect(),
        width: 760,
        height: 320,
    })
}

fn per_unit(actual: i64, units: Option<i64>) -> Option<i64> {
    units.filter(|u| *u > 0).map(|u| (actual * 2 + u) / (2 * u))
}

pub(crate) fn campaign_costs(
    s: &Store,
    campaign_id: i64,
    lang: Lang,
    today: chrono::NaiveDate,
) -> AppResult<CampaignCosts> {
    let campaign = crate::store::campaigns::get(s, campaign_id)?;
    let list = b::expenses(
        s.conn(),
        &ExpenseFilter {
            campaign_id: Some(campaign_id),
            ..ExpenseFilter::default()
        },
    )?;
    let mut plan_fen = 0i64;
    let mut plan_by_cat: HashMap<String, i64> = HashMap::new();
    let mut plan_by_region: HashMap<String, i64> = HashMap::new();
    for p in b::plans(s)? {
        for l in b::lines(s.conn(), p.id)?
            .into_iter()
            .filter(|l| l.campaign_id == Some(campaign_id))
        {
            plan_fen = plan_fen
                .checked_add(l.amount_fen)
                .ok_or_else(|| AppError::Internal("plan sum".into()))?;
            *plan_by_cat.entry(l.category.clone()).or_default() += l.amount_fen;
            let region = l
                .region
                .clone()
                .unwrap_or_else(|| lang.pick("不限区域", "any region").to_string());
            *plan_by_region.entry(region).or_default() += l.amount_fen;
        }
    }
    let mut figures = Figures::plan(plan_fen);
    let results = crate::store::campaigns::results(s, campaign_id)?;
    let units_of = |region: &str| {
        results
            .iter()
            .find(|r| r.region == region)
            .and_then(|r| r.units)
    };
    let total_units: Option<i64> = {
        let u: Vec<i64> = results.iter().filter_map(|r| r.units).collect();
        (!u.is_empty()).then(|| u.iter().sum())
    };
    let mut rows: [HashMap<String, CostRow>; 3] = Default::default();
    let categories = b::categories(s)?;
    for e in &list {
        let (c, a) = (
            e.amounts().committed(e.status),
            e.amounts().actual(e.status),
        );
        figures.spend(c, a)?;
        if c == 0 && a == 0 {
            continue;
        }
        let region = e
            .region
            .clone()
            .unwrap_or_else(|| lang.pick("未填区域", "no region").to_string());
        for (i, key) in [e.category.clone(), region, e.payee.clone()]
            .into_iter()
            .enumerate()
        {
            let r = rows[i].entry(key.clone()).or_insert(CostRow {
                key,
                plan_fen: 0,
                committed_fen: 0,
                actual_fen: 0,
                requests: 0,
                units: None,
                cost_per_unit_fen: None,
            });
            r.committed_fen += c;
            r.actual_fen += a;
            r.requests += 1;
        }
    }
    for (k, p) in &plan_by_cat {
        rows[0]
            .entry(k.clone())
            .or_insert(CostRow {
                key: k.clone(),
                plan_fen: 0,
                committed_fen: 0,
                actual_fen: 0,
                requests: 0,
                units: None,
                cost_per_unit_fen: None,
            })
            .plan_fen = *p;
    }
    for (k, p) in &plan_by_region {
        rows[1]
            .entry(k.clone())
            .or_insert(CostRow {
                key: k.clone(),
                plan_fen: 0,
                committed_fen: 0,
                actual_fen: 0,
                requests: 0,
                units: None,
                cost_per_unit_fen: None,
            })
            .plan_fen = *p;
    }
    let [by_cat, by_region, by_payee] = rows;
    let cat_order = |k: &str| {
        categories
            .iter()
            .position(|c| c.name == k)
            .unwrap_or(usize::MAX)
    };
    let mut by_category: Vec<CostRow> = by_cat.into_values().collect();
    by_category.sort_by(|a, b| {
        cat_order(&a.key)
            .cmp(&cat_order(&b.key))
            .then(a.key.cmp(&b.key))
    });
    let mut by_region: Vec<CostRow> = by_region.into_values().collect();
    for r in &mut by_region {
        r.units = units_of(&r.key);
        r.cost_per_unit_fen = per_unit(r.actual_fen, r.units);
    }
    by_region.sort_by(|a, b| a.key.cmp(&b.key));
    let mut by_payee: Vec<CostRow> = by_payee.into_values().collect();
    by_payee.sort_by(|a, b| {
        (b.actual_fen + b.committed_fen)
            .cmp(&(a.actual_fen + a.committed_fen))
            .then(a.key.cmp(&b.key))
    });
    let all = views(s, list, lang, today)?;
    let flagged = all.iter().filter(|v| v.flags > 0).cloned().collect();
    let evidence_missing = all.iter().filter(|v| v.evidence_missing).cloned().collect();
    Ok(CampaignCosts {
        campaign_id,
        campaign: campaign.name,
        cost_per_unit_fen: per_unit(figures.actual_fen, total_units),
        units: total_units,
        figures,
        by_category,
        by_region,
        by_payee,
        flagged,
        evidence_missing,
    })
}
