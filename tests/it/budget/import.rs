use marketdesk_lib::core::budget::ReportBy;
use marketdesk_lib::core::AppCore;
use marketdesk_lib::store::budget::ExpenseFilter;
use marketdesk_tests::{docx_text, fixture, pdf_text, stderr, stdout, Sandbox};
use serde_json::Value;

fn demo(sb: &Sandbox) -> AppCore {
    assert!(sb.cli(&["demo"]).status.success());
    AppCore::new(sb.db.clone())
}

fn json(o: &std::process::Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn a_budget_sheet_behind_its_instructions_comes_in_with_its_rejections_and_undo() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let file = fixture("budget_2027.xlsx");
    let dry = core.import_budget_file(&file, None, true).unwrap();
    assert_eq!(dry.sheet, "预算表");
    assert!(dry.batch_id.is_none());
    assert!(
        core.budget_plan_of_year(2027).unwrap().is_none(),
        "a preview writes nothing"
    );
    let r = core.import_budget_file(&file, None, false).unwrap();
    assert_eq!((r.rows_read, r.imported, r.duplicates), (12, 5, 1));
    let rejected: Vec<(usize, &str, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.row, x.column.as_str(), x.reason.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (7, "期间", "期间 2026-05 不在 2027 年度内"),
            (
                8,
                "期间",
                "期间无法识别：2027Q5（请写 2026、2026Q2、2026-05 或 2026年5月）"
            ),
            (
                9,
                "区域",
                "“火星”既不是省份，也不是已建的销售区域（请先在设置里添加）"
            ),
            (10, "预算金额", "金额不能为负数：-500"),
            (
                11,
                "预算金额",
                "金额无法识别：一万（请写成 12,000.00、￥1.2万 或 1.2万元）"
            ),
            (
                12,
                "活动",
                "没有名为“国庆2099”的活动（请先在活动日历里建立，或留空）"
            ),
        ]
    );
    assert!(
        r.created.contains(&"直播".to_string()),
        "a new category: {:?}",
        r.created
    );
    let plan = core.budget_plan_of_year(2027).unwrap().unwrap();
    let lines: Vec<(String, i64)> = core
        .budget_lines(plan.id)
        .unwrap()
        .into_iter()
        .map(|l| (l.label, l.line.amount_fen))
        .collect();
    assert_eq!(
        lines,
        [
            ("2027 · 广告".to_string(), 130_000_000),
            ("2027Q2 · 促销 · 山东".to_string(), 30_000_000),
            ("2027-05 · 物料".to_string(), 1_200_000),
            ("2027-06 · 培训 · 江苏".to_string(), 5_000_000),
            ("2027 · 直播".to_string(), 8_000_000),
        ]
    );
    // Undo takes the lines back.
    let undo = core.undo_batch(r.batch_id.unwrap()).unwrap();
    assert_eq!(undo.rows, 5);
    assert!(core.budget_lines(plan.id).unwrap().is_empty());
}

#[test]
fn a_re_imported_plan_updates_its_lines_and_an_approved_one_keeps_the_revision() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let file = fixture("budget_2027.xlsx");
    core.import_budget_file(&file, None, false).unwrap();
    let plan = core.budget_plan_of_year(2027).unwrap().unwrap();
    core.approve_budget_plan(plan.id, "总经理").unwrap();
    let line = core.budget_lines(plan.id).unwrap()[0].line.id;
    core.save_budget_line(marketdesk_lib::domain::budget::forms::LineInput {
        id: Some(line),
        plan_id: plan.id,
        period: "2027".into(),
        category_id: core.budget_lines(plan.id).unwrap()[0]
            .line
            .category_id
            .into(),
        amount: "1,000,000".into(),
        reason: "削减".into(),
        ..Default::default()
    })
    .unwrap();
    let again = core.import_budget_file(&file, None, false).unwrap();
    assert_eq!(again.updated.len(), 5, "{:?}", again.updated);
    let l = core.budget_lines(plan.id).unwrap().remove(0);
    assert_eq!(
        (l.line.baseline_fen, l.line.amount_fen),
        (Some(130_000_000), 130_000_000)
    );
    let revs = core.budget_line_revisions(line).unwrap();
    assert_eq!(revs.last().unwrap().reason, "导入 budget_2027.xlsx");
    // Undo puts the typed-in revision's amount back and drops the import's revisions.
    core.undo_batch(again.batch_id.unwrap()).unwrap();
    let l = core.budget_lines(plan.id).unwrap().remove(0);
    assert_eq!(l.line.amount_fen, 100_000_000);
    assert_eq!(core.budget_line_revisions(line).unwrap().len(), 1);
}

#[test]
fn a_ledger_comes_in_as_it_happened_and_refuses_payments_without_approval() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let before = core.expense_list(ExpenseFilter::default()).unwrap().len();
    let r = core
        .import_expenses_file(&fixture("ledger_2026.xlsx"), None, false)
        .unwrap();
    assert_eq!((r.rows_read, r.imported, r.duplicates), (13, 5, 1));
    let rejected: Vec<(usize, &str)> = r
        .rejected
        .iter()
        .map(|x| (x.row, x.column.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (7, "实报金额"),
            (8, "核准金额"),
            (9, "实报金额"),
            (10, "状态"),
            (11, "申请金额"),
            (12, "区域"),
            (13, "经销商")
        ]
    );
    assert!(r.rejected[0].reason.contains("未经批准的费用不予报销"));
    let all = core.expense_list(ExpenseFilter::default()).unwrap();
    assert_eq!(all.len(), before + 5);
    let luoyang = all
        .iter()
        .find(|v| v.expense.payee == "洛阳涧西江森专卖店")
        .unwrap();
    assert_eq!(luoyang.expense.status.code(), "reimbursed");
    assert_eq!(luoyang.expense.paid_fen, Some(2_800_000));
    assert!(
        luoyang.evidence_missing,
        "a reimbursed 促销 row without evidence is marked"
    );
    assert!(luoyang.expense.staff_id.is_some(), "孙浩 is on the roster");
    let suzhou = all
        .iter()
        .find(|v| v.expense.payee == "苏州园区江森专卖店")
        .unwrap();
    assert_eq!(
        (suzhou.expense.status.code(), suzhou.expense.requested_fen),
        ("submitted", 1_500_000)
    );
    let undo = core.undo_batch(r.batch_id.unwrap()).unwrap();
    assert_eq!(undo.rows, 5);
    assert_eq!(
        core.expense_list(ExpenseFilter::default()).unwrap().len(),
        before
    );
}

#[test]
fn the_cli_reports_json_by_every_key_refuses_an_unapproved_payment_and_writes_the_documents() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let list = json(&sb.cli(&["expenses", "--status", "approved", "--format", "json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let keys: Vec<&str> = list[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "approved_fen",
            "campaign",
            "category",
            "date",
            "id",
            "paid_fen",
            "payee",
            "region",
            "requested_fen",
            "requester",
            "status"
        ]
    );
    assert!(list.iter().all(|e| e["status"] == "approved"));
    let mut totals = Vec::new();
    for by in ["category", "region", "campaign", "period"] {
        let rows = json(&sb.cli(&[
            "budget", "report", "--year", "2026", "--by", by, "--format", "json",
        ]));
        let rows = rows.as_array().unwrap();
        let sum = |k: &str| rows.iter().map(|r| r[k].as_i64().unwrap()).sum::<i64>();
        assert_eq!(rows.last().unwrap()["key"], "未列入预算");
        for r in rows {
            assert_eq!(
                r["available_fen"].as_i64().unwrap(),
                r["plan_fen"].as_i64().unwrap()
                    - r["committed_fen"].as_i64().unwrap()
                    - r["actual_fen"].as_i64().unwrap()
            );
        }
        totals.push((sum("plan_fen"), sum("committed_fen"), sum("actual_fen")));
    }
    assert!(totals.windows(2).all(|w| w[0] == w[1]), "{totals:?}");
    // Hand-computed from the demo: plan ¥3,180,000; committed 120,000 (山东 submitted) +
    // 60,000 (安徽 approved) + 68,000 (展架 approved) + 6,800 + 6,000 = ¥260,800; actual
    // 90,000 + 98,000 + 7,600 = ¥195,600.
    assert_eq!(totals[0], (318_000_000, 26_080_000, 19_560_000));
    let en = json(&sb.cli(&[
        "budget", "report", "--year", "2026", "--format", "json", "--lang", "en",
    ]));
    assert_eq!(en.as_array().unwrap().last().unwrap()["key"], "unplanned");

    // A draft cannot be reimbursed: exit 1 and the reason.
    let draft = list_id(&sb, "draft");
    let o = sb.cli(&["expense", "reimburse", &draft.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("未经批准的费用一律不予报销"),
        "{}",
        stderr(&o)
    );
    // The 安徽 request is approved but has no evidence: refused with that reason.
    let anhui = list
        .iter()
        .find(|e| e["payee"] == "合肥庐阳江森专卖店")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let o = sb.cli(&["expense", "reimburse", &anhui.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("须先上传凭证"), "{}", stderr(&o));
    // Unknown request: usage error.
    assert_eq!(
        sb.cli(&["expense", "submit", "9999"]).status.code(),
        Some(2)
    );

    // The request form: the amount in capitals.
    let form = sb.dir.path().join("form.pdf");
    assert!(sb
        .cli(&[
            "expense",
            "form",
            &anhui.to_string(),
            "--out",
            form.to_str().unwrap()
        ])
        .status
        .success());
    let text = pdf_text(&form);
    assert!(text.contains("陆万元整"), "{text}");
    assert!(text.contains("合肥庐阳江森专卖店"));
    // The cost report in the three formats.
    for ext in ["pdf", "docx", "md"] {
        let out = sb.dir.path().join(format!("cost.{ext}"));
        let o = sb.cli(&[
            "cost-report",
            "江森五一焕新季",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = match ext {
            "pdf" => pdf_text(&out),
            "docx" => docx_text(&out),
            _ => std::fs::read_to_string(&out).unwrap(),
        };
        for want in [
            "活动费用分析报告",
            "¥950,000.00",
            "¥195,600.00",
            "济南天桥鑫源车行",
            "合肥庐阳江森专卖店",
            "¥18.63",
        ] {
            assert!(text.contains(want), "{ext} lacks {want}: {text}");
        }
    }
    // Every character of the report, in both languages, is in the bundled font.
    let core = AppCore::new(sb.db.clone());
    for lang in [
        marketdesk_lib::i18n::Lang::ZhCn,
        marketdesk_lib::i18n::Lang::En,
    ] {
        core.set_lang(lang).unwrap();
        let out = sb.dir.path().join("cost-check.pdf");
        let done = core.export_cost_report(1, &out, &mut |_, _| {}).unwrap();
        assert!(
            done.missing_glyphs.is_empty(),
            "{lang:?}: {}",
            done.missing_glyphs
        );
        let done = core
            .export_expense_form(anhui, &out, &mut |_, _| {})
            .unwrap();
        assert!(
            done.missing_glyphs.is_empty(),
            "{lang:?}: {}",
            done.missing_glyphs
        );
    }
    // The workbook: a sheet per view, read back by calamine.
    let xlsx = sb.dir.path().join("budget.xlsx");
    assert!(sb
        .cli(&[
            "budget",
            "export",
            "--year",
            "2026",
            "--out",
            xlsx.to_str().unwrap()
        ])
        .status
        .success());
    use calamine::{DataType, Reader};
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["按类别", "按区域", "按活动", "按期间", "预算行", "费用明细"]
    );
    let sheet = book.worksheet_range("按类别").unwrap();
    let total = sheet
        .rows()
        .find(|r| r[0].as_string().as_deref() == Some("合计"))
        .unwrap()
        .to_vec();
    assert_eq!(total[1].as_f64(), Some(3_180_000.0));
    assert_eq!(total[3].as_f64(), Some(195_600.0));
}

fn list_id(sb: &Sandbox, status: &str) -> i64 {
    json(&sb.cli(&["expenses", "--status", status, "--format", "json"]))[0]["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn the_report_orders_regions_by_their_code() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let r = core.budget_report(2026, ReportBy::Region).unwrap();
    let keys: Vec<&str> = r.rows.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(
        keys,
        ["江苏", "安徽", "山东", "河南", "不限区域", "未列入预算"]
    );
}
