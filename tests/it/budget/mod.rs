//! Budget and expenses on real SQLite files: the approval flow with the plan's policy, the
//! evidence rule and the price-limit flag, totals against hand-computed figures, revisions, the
//! store's own refusal of a payment without approval (`flow`); the plan and ledger imports
//! with their rejections and undo, the CLI's JSON and the exports read back (`import`).

mod flow;
mod import;

use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::budget::forms::{ExpenseInput, LineInput, PlanInput};
use marketdesk_lib::domain::budget::Policy;
use marketdesk_tests::Sandbox;

fn empty_core(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    core.set_clock(marketdesk_lib::context::Clock::Fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
    ));
    core
}

fn region(core: &AppCore, short: &str) -> i64 {
    core.list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == short)
        .unwrap()
        .id
}

fn category(core: &AppCore, name: &str) -> i64 {
    core.budget_setup()
        .unwrap()
        .categories
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

/// A 2026 plan with one line: 2026Q2 · 促销 · 山东, ¥10,000.00.
fn plan_with_line(core: &AppCore, policy: Policy) -> (i64, i64) {
    let plan = core
        .create_budget_plan(PlanInput { year: 2026, policy })
        .unwrap();
    let line = core
        .save_budget_line(LineInput {
            plan_id: plan.id,
            period: "2026Q2".into(),
            category_id: Some(category(core, "促销")),
            region_id: Some(region(core, "山东")),
            amount: "10,000.00".into(),
            ..Default::default()
        })
        .unwrap();
    (plan.id, line.id)
}

fn request(core: &AppCore, payee: &str, amount: &str, cat: &str) -> i64 {
    core.save_expense(ExpenseInput {
        date: "2026-05-02".into(),
        requester: "王强".into(),
        region_id: Some(region(core, "山东")),
        category_id: Some(category(core, cat)),
        payee: payee.into(),
        description: "五一让利".into(),
        amount: amount.into(),
        ..Default::default()
    })
    .unwrap()
    .expense
    .id
}
