//! 预算 Budget and 费用 expenses: the plan and its lines, requests and their approval flow
//! (with the plan's overspend policy, the evidence a category needs and the price-limit
//! flag of the campaign's violations), evidence files — put together here from the budget
//! store, the staff roster and the campaigns' compliance.

use super::{labels, AppCore, Label};
use crate::domain::audit::ActionKind;
use crate::domain::budget::capitals::in_capitals;
use crate::domain::budget::forms::{
    reject_reason, ApproveInput, ExpenseInput, LineInput, PlanInput, ReimburseInput,
};
use crate::domain::budget::{
    self as rules, evidence_ready, overspend, EvidenceKind, ExpenseAction, ExpenseStatus,
    LimitBreach, Policy,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::import::budget as import_b;
use crate::import::engine::SheetReport;
use crate::store::budget::{
    self as b, BudgetCategory, Change, Evidence, Expense, ExpenseFilter, Line, NewEvidence, Plan,
    Revision,
};
use crate::store::campaigns::Violation;
use crate::store::training::Choice;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

mod exports;
mod report;

pub use report::*;

/// What the budget screen's forms choose from, with Rust's names for the statuses, policies
/// and evidence kinds (the screen keeps no second list).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BudgetSetup {
    pub year: i32,
    pub plans: Vec<Plan>,
    pub categories: Vec<BudgetCategory>,
    pub campaigns: Vec<Choice>,
    pub staff: Vec<Choice>,
    pub statuses: Vec<Label<ExpenseStatus>>,
    pub policies: Vec<Label<Policy>>,
    pub evidence_kinds: Vec<Label<EvidenceKind>>,
}

/// A request as the list shows it: the line it spends, its price-limit flags, whether its
/// evidence is missing, how long it has waited, and what can be done next.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExpenseView {
    pub expense: Expense,
    pub status_label: String,
    /// The plan line it spends ("2026-05 · 促销 · 山东"), None: unplanned.
    pub line: Option<String>,
    /// Price-limit violations of its campaign in its region or naming its payee.
    #[ts(type = "number")]
    pub flags: i64,
    pub evidence_missing: bool,
    /// Days since it was submitted, while it waits for approval.
    #[ts(type = "number | null")]
    pub waiting_days: Option<i64>,
    pub next: Vec<ExpenseAction>,
}

/// One request in full, for its page and its printed form.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExpenseDetail {
    pub view: ExpenseView,
    pub evidence: Vec<Evidence>,
    /// The violations that flag it ("违者将不予报销").
    pub violations: Vec<Violation>,
    /// The amount in capitals (大写).
    pub requested_capitals: String,
}

/// A step in the approval flow as typed: amounts and dates as text (empty: as requested or
/// approved, today).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ExpenseStep {
    pub action: ExpenseAction,
    pub amount: String,
    pub approver: String,
    pub date: String,
    pub reason: String,
}

/// What a step did, with the plan's warning when it took a line past its plan (policy warn)
/// or the request is unplanned.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepResult {
    pub view: ExpenseView,
    pub warning: Option<String>,
}

/// The budget sheets the import screen takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BudgetSheet {
    Budget,
    Expenses,
}

/// Price-limit violations by campaign, read once per campaign a list needs; they flag the
/// campaign's promotion costs (促销) in the region or naming the payee.
pub(crate) struct Breaches(HashMap<i64, Vec<Violation>>);

impl Breaches {
    pub(crate) fn read(
        store: &Store,
        campaigns: impl IntoIterator<Item = i64>,
    ) -> AppResult<Breaches> {
        let mut m = HashMap::new();
        for c in campaigns {
            if let std::collections::hash_map::Entry::Vacant(v) = m.entry(c) {
                v.insert(crate::store::campaigns::compliance(store, c)?.violations);
            }
        }
        Ok(Breaches(m))
    }

    pub(crate) fn of(&self, e: &Expense) -> Vec<Violation> {
        let Some(list) = e.campaign_id.and_then(|c| self.0.get(&c)) else {
            return Vec::new();
        };
        if e.category_id != b::PROMOTION_CATEGORY {
            return Vec::new();
        }
        list.iter()
            .filter(|v| {
                let text = format!("{} {} {}", v.reporter, v.channel, v.note);
                rules::breached(
                    e.region_id,
                    &e.payee,
                    &[LimitBreach {
                        region_id: v.region_id,
                        text: &text,
                    }],
                ) > 0
            })
            .cloned()
            .collect()
    }
}

fn next_actions(s: ExpenseStatus) -> Vec<ExpenseAction> {
    [
        ExpenseAction::Submit,
        ExpenseAction::Approve,
        ExpenseAction::Reimburse,
        ExpenseAction::Reject,
        ExpenseAction::Cancel,
    ]
    .into_iter()
    .filter(|a| rules::transition(s, *a).is_ok())
    .collect()
}

/// "2026-05 · 促销 · 山东 · 五一"
pub fn line_label(l: &Line) -> String {
    let mut parts = vec![l.period.code(), l.category.clone()];
    parts.extend(l.region.clone());
    parts.extend(l.campaign.clone());
    parts.join(" · ")
}

impl AppCore {
    pub fn budget_setup(&self) -> AppResult<BudgetSetup> {
        let lang = self.lang();
        let year = chrono::Datelike::year(&self.today());
        self.with_store(|s| {
            Ok(BudgetSetup {
                year,
                plans: b::plans(s)?,
                categories: b::categories(s)?,
                campaigns: crate::store::campaigns::list(s)?
                    .into_iter()
                    .filter(|c| c.parent_id.is_none())
                    .map(|c| Choice {
                        id: c.id,
                        name: c.name,
                    })
                    .collect(),
                staff: crate::store::training::list_staff(s, None)?
                    .into_iter()
                    .filter(|p| p.active)
                    .map(|p| Choice {
                        id: p.id,
                        name: p.name,
                    })
                    .collect(),
                statuses: labels(&ExpenseStatus::ALL, |v| v.label(lang)),
                policies: labels(&Policy::ALL, |v| v.label(lang)),
                evidence_kinds: labels(&EvidenceKind::ALL, |v| v.label(lang)),
            })
        })
    }

    pub fn create_budget_plan(&self, input: PlanInput) -> AppResult<Plan> {
        let (year, policy) = input.validated()?;
        self.with_store(|s| b::create_plan(s, year, policy))
    }

    /// The plan of a year by its year (the CLI's `--year`).
    pub fn budget_plan_of_year(&self, year: i32) -> AppResult<Option<Plan>> {
        self.with_store(|s| b::plan_of_year(s.conn(), year))
    }

    pub fn set_budget_policy(&self, plan_id: i64, policy: Policy) -> AppResult<Plan> {
        self.with_store(|s| b::set_policy(s, plan_id, policy))
    }

    pub fn approve_budget_plan(&self, plan_id: i64, by: &str) -> AppResult<Plan> {
        let by = crate::domain::value::required("approved_by", by, "批准人", "approver")?;
        let at = self.today().to_string();
        self.with_store(|s| b::approve_plan(s, plan_id, &by, &at))
    }

    pub fn save_budget_line(&self, input: LineInput) -> AppResult<Line> {
        self.with_store(|s| {
            let plan = b::plan(s.conn(), input.plan_id)?;
            let v = input.validated(plan.year)?;
            b::save_line(s, input.id, plan.id, &v)
        })
    }

    pub fn delete_budget_line(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| b::delete_line(s, id))
        })
    }

    pub fn budget_line_revisions(&self, line_id: i64) -> AppResult<Vec<Revision>> {
        self.with_store(|s| b::revisions(s, line_id))
    }

    pub fn add_budget_category(
        &self,
        name: &str,
        needs_evidence: bool,
    ) -> AppResult<BudgetCategory> {
        self.with_store(|s| b::add_category(s, name, needs_evidence))
    }

    pub fn set_category_evidence(&self, id: i64, needs_evidence: bool) -> AppResult<()> {
        self.with_store(|s| b::set_needs_evidence(s, id, needs_evidence))
    }

    /// Requests as the list shows them.
    pub fn expense_list(&self, filter: ExpenseFilter) -> AppResult<Vec<ExpenseView>> {
        let (lang, today) = (self.lang(), self.today());
        self.with_store(|s| {
            let list = b::expenses(s.conn(), &filter)?;
            views(s, list, lang, today)
        })
    }

    pub fn expense_detail(&self, id: i64) -> AppResult<ExpenseDetail> {
        let (lang, today) = (self.lang(), self.today());
        self.with_store(|s| {
            let e = b::expense(s.conn(), id)?;
            let breaches = Breaches::read(s, e.campaign_id)?;
            let violations = breaches.of(&e);
            let mut evidence = b::evidence_of(s.conn(), id)?;
            for v in &mut evidence {
                if let Some(png) = &v.thumb_png {
                    use base64::Engine;
                    v.thumb = format!(
                        "data:image/png;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(png)
                    );
                }
            }
            let requested_capitals = in_capitals(e.requested_fen).unwrap_or_default();
            let view = views(s, vec![e], lang, today)?
                .pop()
                .ok_or_else(|| AppError::Internal("expense view".into()))?;
            Ok(ExpenseDetail {
                view,
                evidence,
                violations,
                requested_capitals,
            })
        })
    }

    pub fn save_expense(&self, input: ExpenseInput) -> AppResult<ExpenseView> {
        let mut v = input.validated()?;
        let (lang, today) = (self.lang(), self.today());
        self.with_store(|s| {
            if let Some(staff_id) = v.staff_id {
                // A requester chosen from the roster is named as the roster names them.
                if let Some(p) = crate::store::training::list_staff(s, None)?
                    .into_iter()
                    .find(|p| p.id == staff_id)
                {
                    v.requester = p.name;
                }
            }
            let e = b::save_expense(s, input.id, &v)?;
            views(s, vec![e], lang, today)?
                .pop()
                .ok_or_else(|| AppError::Internal("expense view".into()))
        })
    }

    pub fn delete_expense(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| b::delete_expense(s, id))
        })
    }

    /// Submit, approve, reimburse, reject or cancel a request. Submitting checks the plan's
    /// line (stop refuses an overspend, warn warns); reimbursing needs the approval (the
    /// store refuses it too) and, for a category that needs it, the evidence.
    pub fn expense_step(&self, id: i64, step: ExpenseStep) -> AppResult<StepResult> {
        self.destructive(ActionKind::Status, |c| c.take_step(id, step))
    }

    fn take_step(&self, id: i64, step: ExpenseStep) -> AppResult<StepResult> {
        let (lang, today) = (self.lang(), self.today());
        let on = |raw: &str| -> AppResult<chrono::NaiveDate> {
            if raw.trim().is_empty() {
                Ok(today)
            } else {
                crate::domain::value::date_input(raw, "date")
            }
        };
        self.with_store(|s| {
            let e = b::expense(s.conn(), id)?;
            // The flow's rule first, so the refusal names what is wrong with the status.
            rules::transition(e.status, step.action)?;
            let mut warning = None;
            let change = match step.action {
                ExpenseAction::Submit => {
                    warning = budget_check(s, &e, e.requested_fen, lang)?;
                    Change::Submit {
                        on: on(&step.date)?,
                    }
                }
                ExpenseAction::Approve => {
                    let (amount, approver, on) = ApproveInput {
                        amount: step.amount.clone(),
                        approver: step.approver.clone(),
                        date: if step.date.trim().is_empty() {
                            today.to_string()
                        } else {
                            step.date.clone()
                        },
                    }
                    .validated(e.requested_fen)?;
                    Change::Approve {
                        amount,
                        approver,
                        on,
                    }
                }
                ExpenseAction::Reimburse => {
                    let approved = e.approved_fen.unwrap_or(0);
                    let (amount, on) = ReimburseInput {
                        amount: step.amount.clone(),
                        date: if step.date.trim().is_empty() {
                            today.to_string()
                        } else {
                            step.date.clone()
                        },
                    }
                    .validated(approved)?;
                    evidence_ready(e.needs_evidence, e.evidence as usize, &e.category)?;
                    Change::Reimburse { amount, on }
                }
                ExpenseAction::Reject => Change::Reject {
                    reason: reject_reason(&step.reason)?,
                },
                ExpenseAction::Cancel => Change::Cancel,
            };
            let e = s.write(|tx| b::change_in(tx, id, &change))?;
            let view = views(s, vec![e], lang, today)?
                .pop()
                .ok_or_else(|| AppError::Internal("expense view".into()))?;
            Ok(StepResult { view, warning })
        })
    }

    /// Attach a file the user chose (Rust's dialog) to a request.
    pub fn attach_evidence(
        &self,
        expense_id: i64,
        path: &Path,
        kind: Option<EvidenceKind>,
    ) -> AppResult<Evidence> {
        let f = crate::import::evidence::read_evidence(path)?;
        self.with_store(|s| {
            b::add_evidence(
                s,
                expense_id,
                &NewEvidence {
                    kind: kind.unwrap_or(f.kind_guess),
                    file_name: &f.file_name,
                    bytes: &f.bytes,
                    thumb_png: f.thumb_png.as_deref(),
                },
            )
        })
    }

    /// Attach the picked file.
    pub fn attach_picked_evidence(
        &self,
        expense_id: i64,
        kind: Option<EvidenceKind>,
    ) -> AppResult<Evidence> {
        let path = self.pending_import()?;
        self.attach_evidence(expense_id, &path, kind)
    }

    pub fn remove_evidence(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| b::remove_evidence(s, id))
        })
    }

    /// A copy of an evidence file in the temporary folder, for the system viewer to open (the
    /// file inside the data file is never handed out).
    pub fn evidence_copy(&self, id: i64) -> AppResult<PathBuf> {
        let (name, bytes) = self.with_store(|s| b::evidence_file(s.conn(), id))?;
        let dir = std::env::temp_dir().join("marketdesk-evidence");
        std::fs::create_dir_all(&dir).map_err(|e| AppError::io(&dir, e))?;
        let safe: String = name
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let path = dir.join(format!("{id}-{safe}"));
        crate::export::write_atomically(&path, &bytes)?;
        Ok(path)
    }

    pub fn import_budget_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_b::import_budget)
    }

    pub fn import_expenses_file(
        &self,
        path: &Path,
        sheet: Option<&str>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        self.import_sheet_file(path, sheet, dry_run, import_b::import_expenses)
    }

    /// The picked file as a budget sheet of `kind`; `dry_run` previews.
    pub fn import_budget_picked(
        &self,
        kind: BudgetSheet,
        sheet: Option<String>,
        dry_run: bool,
    ) -> AppResult<SheetReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        let sheet = sheet.as_deref();
        match kind {
            BudgetSheet::Budget => self.import_budget_file(&path, sheet, dry_run),
            BudgetSheet::Expenses => self.import_expenses_file(&path, sheet, dry_run),
        }
    }
}

/// Whether taking `amount` more for this request fits its line: the plan's policy refuses
/// or warns; an unplanned request is allowed with a note.
fn budget_check(s: &Store, e: &Expense, amount: i64, lang: Lang) -> AppResult<Option<String>> {
    let year = chrono::Datelike::year(&e.date);
    let Some(plan) = b::plan_of_year(s.conn(), year)? else {
        return Ok(Some(unplanned_note(year, lang)));
    };
    let lines = b::lines(s.conn(), plan.id)?;
    let keys: Vec<_> = lines.iter().map(Line::key).collect();
    let spends = b::spends(s.conn(), year)?;
    let tally = rules::tally(&keys, &spends)?;
    let Some(line_id) = tally.request_line.get(&e.id).copied().flatten() else {
        return Ok(Some(unplanned_note(year, lang)));
    };
    let line = lines
        .iter()
        .find(|l| l.id == line_id)
        .ok_or_else(|| AppError::Internal("matched line".into()))?;
    let available = tally.lines.get(&line_id).map_or(0, |f| f.available_fen);
    let warn = overspend(plan.policy, &line_label(line), available, amount)?;
    Ok(warn.map(|(zh, en)| lang.pick(&zh, &en).to_string()))
}

fn unplanned_note(year: i32, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("这笔申请不在 {year} 年度预算的任何一行内，将计入“未列入预算”。"),
        Lang::En => {
            format!("This request matches no line of the {year} plan; it counts as unplanned.")
        }
    }
}

/// The line each request of a year spends, and the lines' names.
struct YearLines {
    matched: HashMap<i64, Option<i64>>,
    names: HashMap<i64, String>,
}

fn year_lines(s: &Store, year: i32) -> AppResult<YearLines> {
    let mut out = YearLines {
        matched: HashMap::new(),
        names: HashMap::new(),
    };
    if let Some(plan) = b::plan_of_year(s.conn(), year)? {
        let lines = b::lines(s.conn(), plan.id)?;
        let keys: Vec<_> = lines.iter().map(Line::key).collect();
        let index = rules::LineIndex::new(&keys);
        for sp in &b::spends(s.conn(), year)? {
            out.matched.insert(sp.id, index.line_of(sp));
        }
        out.names = lines.iter().map(|l| (l.id, line_label(l))).collect();
    }
    Ok(out)
}

/// Requests with what the list shows beside them.
pub(crate) fn views(
    s: &Store,
    list: Vec<Expense>,
    lang: Lang,
    today: chrono::NaiveDate,
) -> AppResult<Vec<ExpenseView>> {
    let breaches = Breaches::read(s, list.iter().filter_map(|e| e.campaign_id))?;
    let mut line_names: HashMap<i32, YearLines> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for e in list {
        let year = chrono::Datelike::year(&e.date);
        if let std::collections::hash_map::Entry::Vacant(slot) = line_names.entry(year) {
            slot.insert(year_lines(s, year)?);
        }
        let YearLines { matched, names } = &line_names[&year];
        let line = matched
            .get(&e.id)
            .copied()
            .flatten()
            .and_then(|l| names.get(&l).cloned());
        let waiting_days = (e.status == ExpenseStatus::Submitted)
            .then(|| e.submitted_on.map(|d| (today - d).num_days()))
            .flatten();
        out.push(ExpenseView {
            status_label: e.status.label(lang).to_string(),
            line,
            flags: breaches.of(&e).len() as i64,
            evidence_missing: e.evidence_missing(),
            waiting_days,
            next: next_actions(e.status),
            expense: e,
        });
    }
    Ok(out)
}
