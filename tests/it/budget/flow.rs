use super::{category, empty_core, plan_with_line, region, request};
use marketdesk_lib::core::budget::{ExpenseStep, ReportBy};
use marketdesk_lib::domain::budget::forms::{ExpenseInput, LineInput};
use marketdesk_lib::domain::budget::{EvidenceKind, ExpenseAction, ExpenseStatus, Policy};
use marketdesk_lib::i18n::Lang;
use marketdesk_lib::store::budget::ExpenseFilter;
use marketdesk_tests::{fixture, Sandbox};

fn step(action: ExpenseAction, amount: &str) -> ExpenseStep {
    ExpenseStep {
        action,
        amount: amount.into(),
        approver: "市场部 李经理".into(),
        date: String::new(),
        reason: "超标".into(),
    }
}

#[test]
fn request_approve_less_attach_evidence_reimburse_and_see_available_change() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let (plan, line) = plan_with_line(&core, Policy::Warn);
    let id = request(&core, "济南历下江森专卖店", "1.2万", "促销");
    let figures = |core: &marketdesk_lib::core::AppCore| {
        core.budget_lines(plan)
            .unwrap()
            .into_iter()
            .find(|l| l.line.id == line)
            .unwrap()
            .figures
    };
    // A draft commits nothing.
    assert_eq!(figures(&core).available_fen, 1_000_000);
    // Reimbursing a draft is refused with the reason; nothing changes.
    let e = core
        .expense_step(id, step(ExpenseAction::Reimburse, ""))
        .unwrap_err();
    assert!(
        e.message(Lang::ZhCn).contains("未经批准的费用一律不予报销"),
        "{e}"
    );
    assert_eq!(
        core.expense_detail(id).unwrap().view.expense.status,
        ExpenseStatus::Draft
    );
    // Submitting ¥12,000 against ¥10,000 under "warn": allowed, with the shortfall named.
    let r = core
        .expense_step(id, step(ExpenseAction::Submit, ""))
        .unwrap();
    let warning = r.warning.unwrap();
    assert!(warning.contains("缺口 ¥2,000.00"), "{warning}");
    assert_eq!(figures(&core).committed_fen, 1_200_000);
    assert_eq!(figures(&core).available_fen, -200_000);
    // Approving more than requested is refused; less is kept.
    let e = core
        .expense_step(id, step(ExpenseAction::Approve, "12,000.01"))
        .unwrap_err();
    assert_eq!(e.field(), Some("amount"));
    let r = core
        .expense_step(id, step(ExpenseAction::Approve, "9000"))
        .unwrap();
    assert_eq!(r.view.expense.approved_fen, Some(900_000));
    assert_eq!(figures(&core).committed_fen, 900_000);
    assert_eq!(figures(&core).available_fen, 100_000);
    // 促销 needs evidence: reimbursing without it is refused with that reason.
    let e = core
        .expense_step(id, step(ExpenseAction::Reimburse, ""))
        .unwrap_err();
    assert_eq!(e.field(), Some("evidence"));
    assert!(e.message(Lang::En).contains("needs its evidence"), "{e}");
    assert!(core.expense_list(ExpenseFilter::default()).unwrap()[0].evidence_missing);
    // A photo attached: kept inside the data file, with a thumbnail.
    let ev = core
        .attach_evidence(id, &fixture("shopfront.png"), Some(EvidenceKind::Photo))
        .unwrap();
    assert_eq!(ev.file_name, "shopfront.png");
    let d = core.expense_detail(id).unwrap();
    assert!(d.evidence[0].thumb.starts_with("data:image/png;base64,"));
    assert_eq!(d.requested_capitals, "壹万贰仟元整");
    let copy = core.evidence_copy(ev.id).unwrap();
    assert_eq!(
        std::fs::read(copy).unwrap(),
        std::fs::read(fixture("shopfront.png")).unwrap()
    );
    // Paid more than approved is refused; the approved amount is paid.
    assert!(core
        .expense_step(id, step(ExpenseAction::Reimburse, "9000.01"))
        .is_err());
    let r = core
        .expense_step(id, step(ExpenseAction::Reimburse, ""))
        .unwrap();
    assert_eq!(r.view.expense.status, ExpenseStatus::Reimbursed);
    assert_eq!(r.view.expense.paid_fen, Some(900_000));
    let f = figures(&core);
    assert_eq!(
        (f.plan_fen, f.committed_fen, f.actual_fen, f.available_fen),
        (1_000_000, 0, 900_000, 100_000)
    );
    // A reimbursed request's evidence stays.
    assert!(core.remove_evidence(ev.id).is_err());
}

#[test]
fn stop_refuses_an_overspend_naming_the_line_and_the_shortfall() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    plan_with_line(&core, Policy::Stop);
    let first = request(&core, "甲车行", "8000", "促销");
    core.expense_step(first, step(ExpenseAction::Submit, ""))
        .unwrap();
    let second = request(&core, "乙车行", "2000.01", "促销");
    let e = core
        .expense_step(second, step(ExpenseAction::Submit, ""))
        .unwrap_err();
    let msg = e.message(Lang::ZhCn);
    assert!(msg.contains("2026Q2 · 促销 · 山东"), "{msg}");
    assert!(msg.contains("可用 ¥2,000.00"), "{msg}");
    assert!(msg.contains("缺口 ¥0.01"), "{msg}");
    assert_eq!(
        core.expense_detail(second).unwrap().view.expense.status,
        ExpenseStatus::Draft
    );
    // Exactly what is left goes through.
    let third = request(&core, "丙车行", "2000", "促销");
    assert!(core
        .expense_step(third, step(ExpenseAction::Submit, ""))
        .unwrap()
        .warning
        .is_none());
}

#[test]
fn revisions_keep_the_baseline_and_every_change_with_its_reason() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let (plan, line) = plan_with_line(&core, Policy::Warn);
    core.approve_budget_plan(plan, "总经理").unwrap();
    let input = |amount: &str, reason: &str| LineInput {
        id: Some(line),
        plan_id: plan,
        period: "2026Q2".into(),
        category_id: Some(category(&core, "促销")),
        region_id: Some(region(&core, "山东")),
        amount: amount.into(),
        reason: reason.into(),
        ..Default::default()
    };
    // After approval a change needs its reason.
    let e = core.save_budget_line(input("15000", "")).unwrap_err();
    assert_eq!(e.field(), Some("reason"));
    core.save_budget_line(input("15000", "新增门店")).unwrap();
    core.save_budget_line(input("12000", "压缩")).unwrap();
    let l = core.budget_lines(plan).unwrap().remove(0);
    assert_eq!(l.line.baseline_fen, Some(1_000_000));
    assert_eq!(l.line.amount_fen, 1_200_000);
    let revs = core.budget_line_revisions(line).unwrap();
    let seen: Vec<(i64, i64, &str)> = revs
        .iter()
        .map(|r| (r.old_fen, r.new_fen, r.reason.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (1_000_000, 1_500_000, "新增门店"),
            (1_500_000, 1_200_000, "压缩")
        ]
    );
    // An approved plan's line is not deleted, and its key does not move.
    assert!(core.delete_budget_line(line).is_err());
    let mut moved = input("12000", "换区域");
    moved.region_id = Some(region(&core, "河南"));
    assert!(core.save_budget_line(moved).is_err());
}

#[test]
fn totals_by_every_key_add_up_and_an_unmatched_request_is_unplanned() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let (plan, _) = plan_with_line(&core, Policy::Warn);
    core.save_budget_line(LineInput {
        plan_id: plan,
        period: "2026".into(),
        category_id: Some(category(&core, "促销")),
        amount: "50000".into(),
        ..Default::default()
    })
    .unwrap();
    // 山东 in Q2 → the 山东 line; 河南 → the any-region year line; 调研 → no line.
    for (payee, amount, reg, cat) in [
        ("甲", "3000", "山东", "促销"),
        ("乙", "4000", "河南", "促销"),
        ("丙", "500", "河南", "调研"),
    ] {
        let id = core
            .save_expense(ExpenseInput {
                date: "2026-05-03".into(),
                requester: "王强".into(),
                region_id: Some(region(&core, reg)),
                category_id: Some(category(&core, cat)),
                payee: payee.into(),
                amount: amount.into(),
                ..Default::default()
            })
            .unwrap()
            .expense
            .id;
        core.expense_step(id, step(ExpenseAction::Submit, ""))
            .unwrap();
    }
    let mut totals = Vec::new();
    for by in [
        ReportBy::Category,
        ReportBy::Region,
        ReportBy::Campaign,
        ReportBy::Period,
    ] {
        let r = core.budget_report(2026, by).unwrap();
        let mut sum = (0, 0, 0, 0);
        for row in &r.rows {
            let f = &row.figures;
            assert_eq!(f.available_fen, f.plan_fen - f.committed_fen - f.actual_fen);
            sum = (
                sum.0 + f.plan_fen,
                sum.1 + f.committed_fen,
                sum.2 + f.actual_fen,
                sum.3 + f.available_fen,
            );
        }
        assert_eq!(
            sum,
            (
                r.total.plan_fen,
                r.total.committed_fen,
                r.total.actual_fen,
                r.total.available_fen
            )
        );
        let unplanned = r
            .rows
            .iter()
            .find(|x| x.unplanned)
            .expect("an unplanned row");
        assert_eq!(unplanned.key, "未列入预算");
        assert_eq!(unplanned.figures.committed_fen, 50_000);
        assert_eq!(unplanned.request_ids.len(), 1);
        totals.push(sum);
    }
    assert!(totals.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(totals[0], (6_000_000, 750_000, 0, 5_250_000));
    let by_region = core.budget_report(2026, ReportBy::Region).unwrap();
    let keys: Vec<&str> = by_region.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["山东", "不限区域", "未列入预算"]);
    assert_eq!(by_region.rows[0].figures.committed_fen, 300_000);
    assert_eq!(by_region.rows[1].figures.committed_fen, 400_000);
}

#[test]
fn the_store_itself_refuses_a_payment_without_approval() {
    let sb = Sandbox::new();
    let core = empty_core(&sb);
    let id = request(&core, "甲车行", "1000", "差旅");
    drop(core);
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    // A draft set to reimbursed by hand: the trigger refuses it.
    let e = conn
        .execute(
            "UPDATE expenses SET status = 'reimbursed' WHERE id = ?1",
            [id],
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("expense_not_approved") || e.to_string().contains("CHECK"),
        "{e}"
    );
    // A paid amount without an approved one, or above it: CHECK constraints refuse.
    assert!(conn
        .execute("UPDATE expenses SET paid_fen = 100 WHERE id = ?1", [id])
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO expenses (spent_on, requester, category_id, payee, requested_fen, approved_fen, paid_fen, status, created_at, updated_at)
             VALUES ('2026-05-01', 'x', 1, 'y', 1000, 900, 950, 'reimbursed', '', '')",
            [],
        )
        .is_err());
    let status: String = conn
        .query_row("SELECT status FROM expenses WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "draft");
}

#[test]
fn the_demo_tells_the_mayday_story_in_money() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let core = marketdesk_lib::core::AppCore::new(sb.db.clone());
    core.set_clock(marketdesk_lib::context::Clock::Fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
    ));
    let all = core.expense_list(ExpenseFilter::default()).unwrap();
    let statuses: std::collections::BTreeSet<_> =
        all.iter().map(|v| v.expense.status.code()).collect();
    assert_eq!(statuses.len(), 6, "every state: {statuses:?}");
    // The 山东 dealer's request is flagged by the broken price limit; the 安徽 one waits for
    // its evidence; the materials line is over plan.
    let flagged: Vec<&str> = all
        .iter()
        .filter(|v| v.flags > 0)
        .map(|v| v.expense.payee.as_str())
        .collect();
    assert!(flagged.contains(&"济南天桥鑫源车行"), "{flagged:?}");
    assert!(all
        .iter()
        .any(|v| v.evidence_missing && v.expense.payee == "合肥庐阳江森专卖店"));
    let alerts = core.budget_alerts().unwrap();
    assert!(alerts
        .lines
        .iter()
        .any(|l| l.label.contains("物料") && l.figures.available_fen == -1_600_000));
    assert!(alerts
        .waiting
        .iter()
        .any(|w| w.expense.payee == "济南天桥鑫源车行"));
    let costs = core.campaign_costs(1).unwrap();
    assert_eq!(costs.figures.actual_fen, 19_560_000);
    assert_eq!(costs.units, Some(10_500));
    assert_eq!(costs.cost_per_unit_fen, Some(1_863));
}
