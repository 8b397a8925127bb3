use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn periods_read_as_people_write_them() {
    for (raw, p) in [
        ("2026", Period::Year(2026)),
        ("2026年", Period::Year(2026)),
        ("2026年度", Period::Year(2026)),
        ("2026Q2", Period::Quarter(2026, 2)),
        ("2026-q2", Period::Quarter(2026, 2)),
        ("2026年Q2", Period::Quarter(2026, 2)),
        ("Q2 2026", Period::Quarter(2026, 2)),
        ("2026年第2季度", Period::Quarter(2026, 2)),
        ("2026年二季度", Period::Quarter(2026, 2)),
        ("2026-05", Period::Month(2026, 5)),
        ("2026/5", Period::Month(2026, 5)),
        ("2026.05", Period::Month(2026, 5)),
        ("2026年5月", Period::Month(2026, 5)),
        ("2026年5月份", Period::Month(2026, 5)),
        ("202605", Period::Month(2026, 5)),
        ("２０２６－０５", Period::Month(2026, 5)),
    ] {
        assert_eq!(Period::parse(raw), Some(p), "{raw}");
    }
    for bad in [
        "",
        "26",
        "2026Q5",
        "2026-13",
        "2026年13月",
        "五月",
        "2026-05-01x",
        "Q",
        "2026年第五季度",
    ] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
    assert_eq!(Period::Quarter(2026, 2).starts(), d("2026-04-01"));
    assert_eq!(Period::Quarter(2026, 2).ends(), d("2026-06-30"));
    assert_eq!(Period::Month(2026, 2).ends(), d("2026-02-28"));
    assert_eq!(Period::Year(2026).ends(), d("2026-12-31"));
    assert!(Period::Quarter(2026, 2).contains(d("2026-05-01")));
    assert!(!Period::Quarter(2026, 2).contains(d("2026-07-01")));
    assert_eq!(Period::Month(2026, 5).label(Lang::ZhCn), "2026年5月");
    assert_eq!(Period::Month(2026, 5).label(Lang::En), "May 2026");
    assert_eq!(Period::Quarter(2026, 2).code(), "2026Q2");
}

#[test]
fn statuses_read_as_ledgers_write_them() {
    use ExpenseStatus as S;
    for (raw, s) in [
        ("草稿", S::Draft),
        ("已提交", S::Submitted),
        ("待审批", S::Submitted),
        ("已批准", S::Approved),
        ("已核准", S::Approved),
        ("已报销", S::Reimbursed),
        ("已驳回", S::Rejected),
        ("已取消", S::Cancelled),
        ("Approved", S::Approved),
        (" reimbursed ", S::Reimbursed),
    ] {
        assert_eq!(ExpenseStatus::parse(raw), Some(s), "{raw}");
    }
    assert_eq!(ExpenseStatus::parse("随便"), None);
}

#[test]
fn nothing_is_reimbursed_without_approval() {
    use ExpenseAction as A;
    use ExpenseStatus as S;
    assert_eq!(transition(S::Draft, A::Submit).unwrap(), S::Submitted);
    assert_eq!(transition(S::Submitted, A::Approve).unwrap(), S::Approved);
    assert_eq!(
        transition(S::Approved, A::Reimburse).unwrap(),
        S::Reimbursed
    );
    for from in [
        S::Draft,
        S::Submitted,
        S::Rejected,
        S::Cancelled,
        S::Reimbursed,
    ] {
        let e = transition(from, A::Reimburse).unwrap_err();
        assert!(e.to_string().contains("cannot be reimbursed"), "{e}");
        assert!(e.message(Lang::ZhCn).contains("不予报销"));
    }
    assert!(transition(S::Reimbursed, A::Cancel).is_err());
    assert!(transition(S::Rejected, A::Approve).is_err());
}

#[test]
fn amounts_keep_the_ledger_rules() {
    use ExpenseStatus as S;
    let a = |r, ap, p| Amounts {
        requested: r,
        approved: ap,
        paid: p,
    };
    assert!(a(100, Some(80), Some(80))
        .check(S::Reimbursed, Lang::En)
        .is_ok());
    assert!(a(100, None, Some(80))
        .check(S::Reimbursed, Lang::En)
        .unwrap_err()
        .contains("without an approved"));
    assert!(a(100, Some(120), None)
        .check(S::Approved, Lang::En)
        .unwrap_err()
        .contains("above the requested"));
    assert!(a(100, Some(80), Some(90))
        .check(S::Reimbursed, Lang::En)
        .unwrap_err()
        .contains("above the approved"));
    assert!(a(100, Some(80), None)
        .check(S::Submitted, Lang::En)
        .is_err());
    assert_eq!(a(100, Some(80), None).committed(S::Approved), 80);
    assert_eq!(a(100, None, None).committed(S::Submitted), 100);
    assert_eq!(a(100, None, None).committed(S::Draft), 0);
    assert_eq!(a(100, Some(80), Some(70)).actual(S::Reimbursed), 70);
    assert_eq!(a(100, Some(80), Some(70)).committed(S::Reimbursed), 0);
}

fn line(
    id: i64,
    period: Period,
    cat: i64,
    region: Option<i64>,
    campaign: Option<i64>,
    plan: i64,
) -> LineKey {
    LineKey {
        id,
        period,
        category_id: cat,
        region_id: region,
        campaign_id: campaign,
        plan_fen: plan,
    }
}

fn spend(id: i64, date: &str, cat: i64, region: Option<i64>, campaign: Option<i64>) -> Spend {
    Spend {
        id,
        date: d(date),
        category_id: cat,
        region_id: region,
        campaign_id: campaign,
        status: ExpenseStatus::Submitted,
        amounts: Amounts {
            requested: 100,
            approved: None,
            paid: None,
        },
    }
}

#[test]
fn a_request_spends_the_most_specific_line() {
    let lines = [
        line(1, Period::Year(2026), 2, None, None, 1_000),
        line(2, Period::Quarter(2026, 2), 2, Some(10), None, 1_000),
        line(3, Period::Year(2026), 2, None, Some(7), 1_000),
        line(4, Period::Month(2026, 5), 2, Some(10), None, 1_000),
        line(5, Period::Year(2026), 3, None, None, 1_000),
    ];
    let ix = LineIndex::new(&lines);
    // campaign beats region and month
    assert_eq!(
        ix.line_of(&spend(1, "2026-05-02", 2, Some(10), Some(7))),
        Some(3)
    );
    // region + month beats region + quarter
    assert_eq!(
        ix.line_of(&spend(2, "2026-05-02", 2, Some(10), None)),
        Some(4)
    );
    assert_eq!(
        ix.line_of(&spend(3, "2026-06-02", 2, Some(10), None)),
        Some(2)
    );
    // another region falls back to the any-region year line
    assert_eq!(
        ix.line_of(&spend(4, "2026-06-02", 2, Some(11), None)),
        Some(1)
    );
    assert_eq!(ix.line_of(&spend(5, "2026-06-02", 2, None, None)), Some(1));
    // another year or a category without lines: unplanned
    assert_eq!(ix.line_of(&spend(6, "2027-01-02", 2, None, None)), None);
    assert_eq!(ix.line_of(&spend(7, "2026-01-02", 9, None, None)), None);
}

#[test]
fn overspend_warns_or_stops() {
    assert_eq!(overspend(Policy::Stop, "促销", 500, 500).unwrap(), None);
    let (zh, en) = overspend(Policy::Warn, "促销", 500, 800).unwrap().unwrap();
    assert!(zh.contains("缺口 ¥3.00"), "{zh}");
    assert!(en.contains("¥3.00 short"), "{en}");
    let e = overspend(Policy::Stop, "促销 · 山东", 500, 800).unwrap_err();
    assert!(
        e.message(Lang::ZhCn).contains("“促销 · 山东”可用 ¥5.00"),
        "{e}"
    );
    assert!(e.message(Lang::ZhCn).contains("缺口 ¥3.00"));
    // already over: the whole amount is short
    assert!(overspend(Policy::Stop, "x", -200, 100)
        .unwrap_err()
        .message(Lang::En)
        .contains("¥1.00 short"));
}

#[test]
fn alerts_near_and_over() {
    let mut f = Figures::plan(10_000);
    f.spend(8_999, 0).unwrap();
    assert_eq!(line_alert(&f), None);
    f.spend(1, 0).unwrap();
    assert_eq!(line_alert(&f), Some(LineAlert::Near));
    f.spend(0, 1_001).unwrap();
    assert_eq!(line_alert(&f), Some(LineAlert::Over));
    assert_eq!(f.available_fen, -1);
    assert!(waiting_too_long(d("2026-04-20"), d("2026-04-28")));
    assert!(!waiting_too_long(d("2026-04-21"), d("2026-04-28")));
    assert!(evidence_ready(true, 0, "促销").is_err());
    assert!(evidence_ready(true, 1, "促销").is_ok());
    assert!(evidence_ready(false, 0, "差旅").is_ok());
}

#[test]
fn flagged_by_region_or_payee() {
    let b = [
        LimitBreach {
            region_id: 10,
            text: "王磊 经销商按原价销售",
        },
        LimitBreach {
            region_id: 12,
            text: "陈静 济南历城区绿源车行未执行",
        },
    ];
    assert_eq!(breached(Some(10), "任意", &b), 1);
    assert_eq!(breached(Some(11), "济南历城区绿源车行", &b), 1);
    assert_eq!(breached(Some(11), "别家", &b), 0);
    assert_eq!(breached(None, "", &b), 0);
}

#[derive(Debug, Clone)]
enum Step {
    New {
        cat: i64,
        region: Option<i64>,
        month: u32,
        amount: i64,
    },
    Act {
        which: usize,
        action: ExpenseAction,
        share: u8,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            1..4i64,
            prop::option::of(1..4i64),
            1..13u32,
            1..1_000_000i64
        )
            .prop_map(|(cat, region, month, amount)| Step::New {
                cat,
                region,
                month,
                amount
            }),
        (
            0..40usize,
            prop::sample::select(vec![
                ExpenseAction::Submit,
                ExpenseAction::Approve,
                ExpenseAction::Reimburse,
                ExpenseAction::Reject,
                ExpenseAction::Cancel,
            ]),
            1..=100u8
        )
            .prop_map(|(which, action, share)| Step::Act {
                which,
                action,
                share
            }),
    ]
}

proptest! {
    /// For any sequence of requests and transitions: every total equals the sum of its lines,
    /// available = plan − committed − actual everywhere, and no reimbursed request lacks an
    /// approval.
    #[test]
    fn totals_are_the_sums_of_their_lines(
        plans in prop::collection::vec((1..4i64, prop::option::of(1..4i64), 0..3u8, 0..5_000_000i64), 1..12),
        steps in prop::collection::vec(step(), 1..80),
    ) {
        let lines: Vec<LineKey> = plans
            .iter()
            .enumerate()
            .map(|(i, (cat, region, p, plan))| {
                let period = match p {
                    0 => Period::Year(2026),
                    1 => Period::Quarter(2026, (i % 4) as u32 + 1),
                    _ => Period::Month(2026, (i % 12) as u32 + 1),
                };
                line(i as i64 + 1, period, *cat, *region, None, *plan)
            })
            .collect();
        let mut spends: Vec<Spend> = Vec::new();
        for s in steps {
            match s {
                Step::New { cat, region, month, amount } => spends.push(Spend {
                    id: spends.len() as i64 + 1,
                    date: NaiveDate::from_ymd_opt(2026, month, 3).unwrap(),
                    category_id: cat,
                    region_id: region,
                    campaign_id: None,
                    status: ExpenseStatus::Draft,
                    amounts: Amounts { requested: amount, approved: None, paid: None },
                }),
                Step::Act { which, action, share } => {
                    let n = spends.len();
                    if n == 0 { continue; }
                    let sp = &mut spends[which % n];
                    if let Ok(to) = transition(sp.status, action) {
                        match action {
                            ExpenseAction::Approve => {
                                sp.amounts.approved = Some((sp.amounts.requested * i64::from(share) / 100).max(1));
                            }
                            ExpenseAction::Reimburse => {
                                let a = sp.amounts.approved.unwrap_or(0);
                                sp.amounts.paid = Some((a * i64::from(share) / 100).max(1));
                            }
                            _ => {}
                        }
                        sp.status = to;
                    }
                }
            }
        }
        for s in &spends {
            prop_assert!(s.amounts.check(s.status, Lang::En).is_ok(), "{:?}", s);
            if s.status == ExpenseStatus::Reimbursed {
                prop_assert!(s.amounts.approved.is_some());
            }
        }
        let t = tally(&lines, &spends).unwrap();
        let total = t.total().unwrap();
        let committed: i64 = spends.iter().map(|s| s.amounts.committed(s.status)).sum();
        let actual: i64 = spends.iter().map(|s| s.amounts.actual(s.status)).sum();
        let plan: i64 = lines.iter().map(|l| l.plan_fen).sum();
        prop_assert_eq!(total.committed_fen, committed);
        prop_assert_eq!(total.actual_fen, actual);
        prop_assert_eq!(total.plan_fen, plan);
        prop_assert_eq!(total.available_fen, plan - committed - actual);
        for f in t.lines.values() {
            prop_assert_eq!(f.available_fen, f.plan_fen - f.committed_fen - f.actual_fen);
        }
        // Every view adds up to the same totals.
        for view in 0..3 {
            let groups = group(&lines, &t, |l| match view {
                0 => (l.category_id, 0),
                1 => (l.region_id.unwrap_or(0), 0),
                _ => (i64::from(l.period.fineness()), 0),
            }).unwrap();
            let mut sum = t.unplanned;
            for (_, f) in &groups { sum.add(f).unwrap(); }
            prop_assert_eq!(sum, total);
        }
    }
}
