use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn at(mark: Mark, score: Option<i64>) -> Attempt {
    Attempt { mark, score }
}

#[test]
fn late_counts_excused_and_absent_do_not() {
    assert!(completed(None, &[at(Mark::Present, None)]));
    assert!(completed(None, &[at(Mark::Late, None)]));
    assert!(!completed(None, &[at(Mark::Excused, None)]));
    assert!(!completed(None, &[at(Mark::Absent, None)]));
    assert!(!completed(None, &[]));
}

#[test]
fn the_best_score_of_an_attended_session_counts_against_the_pass_mark() {
    let tries = [at(Mark::Present, Some(55)), at(Mark::Late, Some(82))];
    assert_eq!(best_score(&tries), Some(82));
    assert!(completed(Some(80), &tries));
    assert!(!completed(Some(85), &tries));
    // A score written against an absence does not count.
    let absent_high = [at(Mark::Present, Some(60)), at(Mark::Absent, Some(95))];
    assert_eq!(best_score(&absent_high), Some(60));
    assert!(!completed(Some(80), &absent_high));
    // With a pass mark, attending without a score is not enough …
    assert!(!completed(Some(60), &[at(Mark::Present, None)]));
    // … and the pass mark itself passes.
    assert!(completed(Some(60), &[at(Mark::Present, Some(60))]));
}

#[test]
fn marks_are_read_as_sign_in_sheets_write_them() {
    for (s, m) in [
        ("出席", Mark::Present),
        ("到", Mark::Present),
        ("√", Mark::Present),
        ("迟到", Mark::Late),
        ("缺席", Mark::Absent),
        ("未到", Mark::Absent),
        ("×", Mark::Absent),
        ("请假", Mark::Excused),
        (" P ", Mark::Present),
        ("e", Mark::Excused),
    ] {
        assert_eq!(Mark::parse(s), Some(m), "{s}");
    }
    assert_eq!(Mark::parse("早退"), None);
    for m in Mark::ALL {
        assert_eq!(Mark::from_code(m.code()), Some(m));
    }
}

#[test]
fn a_full_session_keeps_a_waitlist_and_promotes_in_order() {
    let order = [11, 12, 13, 14, 15];
    assert_eq!(places(Some(3), &order), (vec![11, 12, 13], vec![14, 15]));
    assert_eq!(places(None, &order), (order.to_vec(), vec![]));
    // 12 withdraws: 14, the first waiting, gets the place; 15 still waits.
    let after = [11, 13, 14, 15];
    assert_eq!(promoted(Some(3), &order, &after), vec![14]);
    assert_eq!(places(Some(3), &after).1, vec![15]);
    // Capacity raised to 5: both waiting move up, in order.
    assert_eq!(
        places(Some(5), &order).0,
        vec![11, 12, 13, 14, 15],
        "all have a place"
    );
    assert_eq!(promoted(Some(3), &order, &order), Vec::<i64>::new());
}

#[test]
fn recurrence_makes_weekly_and_monthly_dates() {
    assert_eq!(
        recur(d("2026-03-02"), Repeat::Weekly, 3),
        vec![d("2026-03-02"), d("2026-03-09"), d("2026-03-16")]
    );
    assert_eq!(
        recur(d("2026-01-31"), Repeat::Monthly, 3),
        vec![d("2026-01-31"), d("2026-02-28"), d("2026-03-31")]
    );
    assert_eq!(recur(d("2026-01-05"), Repeat::Weekly, 0).len(), 1);
    assert_eq!(recur(d("2026-01-05"), Repeat::Weekly, 500).len(), 52);
}

#[test]
fn completion_is_counted_over_mandatory_pairs_per_region() {
    // Region 1: A (role 1) and B (role 2); region 2: C (role 1); D (role 3) has nothing mandatory.
    let people = [
        Person {
            id: 1,
            region_id: 1,
            role_id: 1,
        },
        Person {
            id: 2,
            region_id: 1,
            role_id: 2,
        },
        Person {
            id: 3,
            region_id: 2,
            role_id: 1,
        },
        Person {
            id: 4,
            region_id: 2,
            role_id: 3,
        },
    ];
    let programs = [
        // P10: roles 1 and 2 everywhere; P20: role 1 in region 1 only; P30: optional.
        ProgramRule {
            id: 10,
            pass_mark: None,
            mandate: Mandate {
                role_ids: vec![1, 2],
                region_ids: vec![],
            },
        },
        ProgramRule {
            id: 20,
            pass_mark: Some(80),
            mandate: Mandate {
                role_ids: vec![1],
                region_ids: vec![1],
            },
        },
        ProgramRule {
            id: 30,
            pass_mark: None,
            mandate: Mandate::default(),
        },
    ];
    let mut attempts = HashMap::new();
    attempts.insert((1, 10), vec![at(Mark::Late, None)]);
    attempts.insert((1, 20), vec![at(Mark::Present, Some(79))]);
    attempts.insert((2, 10), vec![at(Mark::Excused, None)]);
    attempts.insert((3, 10), vec![at(Mark::Present, None)]);
    attempts.insert((4, 30), vec![at(Mark::Present, None)]);
    let done = completions(&programs, &attempts);
    assert_eq!(
        done,
        [(1, 10), (3, 10), (4, 30)]
            .into_iter()
            .collect::<HashSet<_>>()
    );
    let m = completion_matrix(&people, &programs, &done);
    let cell = |region: i64, program: Option<i64>| {
        m.iter()
            .find(|c| c.region_id == region && c.program_id == program)
            .map(|c| (c.staff, c.required, c.completed, c.pct_bp))
    };
    // Region 1: required A·P10, A·P20, B·P10 = 3; completed A·P10 = 1 → 33.33 %.
    assert_eq!(cell(1, None), Some((2, 3, 1, 3333)));
    assert_eq!(cell(1, Some(10)), Some((2, 2, 1, 5000)));
    assert_eq!(cell(1, Some(20)), Some((2, 1, 0, 0)));
    // Region 2: C·P10 only (D has nothing mandatory) → 100 %.
    assert_eq!(cell(2, None), Some((1, 1, 1, 10000)));
    assert_eq!(cell(2, Some(20)), None);
    assert!(m.iter().all(|c| c.program_id != Some(30)));
}

#[test]
fn percentages_round_half_up_to_two_decimals() {
    assert_eq!(pct_bp(2, 3), 6667);
    assert_eq!(pct_bp(1, 3), 3333);
    assert_eq!(pct_bp(1, 8), 1250);
    // 1/16 = 6.25 %, 1/32 = 3.125 % → 3.13 (half up), 1/64 = 1.5625 → 1.56.
    assert_eq!(pct_bp(1, 32), 313);
    assert_eq!(pct_bp(1, 64), 156);
    assert_eq!(pct_bp(0, 0), 0);
    assert_eq!(pct_bp(5, 5), 10000);
}

fn slot() -> Slot {
    Slot {
        id: None,
        date: d("2026-04-30"),
        starts: t("09:00"),
        ends: t("11:00"),
        trainer: "李娜".into(),
        region_id: Some(1),
        campaign_id: None,
    }
}

#[test]
fn every_kind_of_clash_is_found_with_its_reason() {
    let booked = [
        Booked {
            id: 7,
            title: "终端销售技巧".into(),
            starts: t("10:30"),
            ends: t("12:00"),
            trainer: "李娜".into(),
            enrolled: vec![100, 101],
        },
        // Back to back is no clash.
        Booked {
            id: 8,
            title: "职业道德".into(),
            starts: t("11:00"),
            ends: t("12:00"),
            trainer: "李娜".into(),
            enrolled: vec![100],
        },
    ];
    let peaks = [Peak {
        id: 5,
        name: "江森五一焕新季".into(),
        start: d("2026-04-28"),
        end: d("2026-05-05"),
        region_ids: vec![1, 2],
    }];
    let enrolled = [(100, "王强".to_string()), (102, "赵敏".to_string())];
    let found = clashes(&slot(), &enrolled, &booked, Some("劳动节"), &peaks);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(matches!(&found[0], Clash::Trainer { other, .. } if other == "终端销售技巧"));
    assert!(matches!(&found[1], Clash::Person { name, .. } if name == "王强"));
    assert!(matches!(&found[2], Clash::Holiday { name } if name == "劳动节"));
    assert!(matches!(&found[3], Clash::Campaign { name, .. } if name == "江森五一焕新季"));
    assert_eq!(
        found[0].message(Lang::ZhCn),
        "讲师李娜同一时间在讲“终端销售技巧”（10:30–12:00）。"
    );
    assert!(found[3].message(Lang::En).contains("promotion peak"));
}

#[test]
fn a_campaigns_own_training_and_other_regions_do_not_clash_with_it() {
    let peaks = [Peak {
        id: 5,
        name: "江森五一焕新季".into(),
        start: d("2026-04-28"),
        end: d("2026-05-05"),
        region_ids: vec![1],
    }];
    let own = Slot {
        campaign_id: Some(5),
        ..slot()
    };
    assert!(clashes(&own, &[], &[], None, &peaks).is_empty());
    let elsewhere = Slot {
        region_id: Some(3),
        ..slot()
    };
    assert!(clashes(&elsewhere, &[], &[], None, &peaks).is_empty());
    let before = Slot {
        date: d("2026-04-21"),
        ..slot()
    };
    assert!(clashes(&before, &[], &[], None, &peaks).is_empty());
    // The session itself, when edited, is not its own clash.
    let booked = [Booked {
        id: 9,
        title: "x".into(),
        starts: t("09:00"),
        ends: t("11:00"),
        trainer: "李娜".into(),
        enrolled: vec![],
    }];
    let edited = Slot {
        id: Some(9),
        date: d("2026-04-21"),
        ..slot()
    };
    assert!(clashes(&edited, &[], &booked, None, &[]).is_empty());
}

#[test]
fn people_are_recognised_by_employee_number_else_name_and_phone() {
    assert_eq!(
        StaffKey::of("王强", "138 0531 0003", ""),
        StaffKey::of("王强 ", "138-0531-0003", " ")
    );
    assert_eq!(
        StaffKey::of("王强", "13805310003", "js-001"),
        StaffKey::of("王小强", "", "JS-001")
    );
    assert_ne!(
        StaffKey::of("王强", "13805310003", ""),
        StaffKey::of("王强", "13805310004", "")
    );
}

#[test]
fn weeks_start_on_monday() {
    assert_eq!(week_start(d("2026-04-30")), d("2026-04-27"));
    assert_eq!(week_start(d("2026-04-27")), d("2026-04-27"));
    assert_eq!(week_start(d("2026-05-03")), d("2026-04-27"));
}

#[test]
fn scores_fall_in_bands_of_ten_above_sixty() {
    assert_eq!(
        score_bands(&[0, 59, 60, 69, 70, 85, 89, 90, 100, 101]),
        [2, 2, 1, 2, 2]
    );
}
