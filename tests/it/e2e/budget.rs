//! End to end, the budget in the real window: on the demo (today fixed at 2026-12-07), see the
//! materials line over plan; enter a request for the 国庆 promotion, try to reimburse the draft
//! and read the refusal, attach a photo (Rust's dialog, answered by the test hook), submit,
//! approve less than requested, reimburse, and see what is available change; export the 五一
//! campaign's cost report from its review and read it back; the screens in English.

use super::{css, go, session_with_args, shot, switch_lang, tid, wait_contains, wait_text, TITLE};
use fantoccini::Client;
use marketdesk_tests::{fixture, Sandbox};
use std::time::{Duration, Instant};

async fn type_into(c: &Client, id: &str, text: &str) {
    let e = tid(c, id).await;
    e.clear().await.unwrap();
    if !text.is_empty() {
        e.send_keys(text).await.unwrap();
    }
}

async fn select_label(c: &Client, id: &str, label: &str) {
    tid(c, id).await.select_by_label(label).await.unwrap();
}

#[test]
fn request_attach_approve_less_reimburse_see_available_and_export_the_cost_report() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let report = sb.dir.path().join("五一费用分析.pdf");
    let args = [
        "--today".to_string(),
        "2026-12-07".to_string(),
        "--scripted-pick".to_string(),
        fixture("shopfront.png").display().to_string(),
        "--scripted-save".to_string(),
        report.display().to_string(),
    ];
    let saved = report.clone();
    session_with_args(&sb, &args, |c| async move {
        // Monday's dashboard: the materials line over plan, the approvals left waiting, 安徽
        // behind on training.
        wait_contains(
            &c,
            "[data-testid='dash-budget']",
            "2026Q2 · 物料 · 江森五一焕新季 · 110.67 %",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='dash-budget']",
            "3 笔申请等待审批超过 7 天",
        )
        .await;
        wait_contains(&c, "[data-testid='dash-training']", "安徽 · 34.21 %").await;
        shot(&c, "59-zh-dashboard-budget-training").await;
        go(&c, "budget", "预算与费用").await;
        // The overview by category: 物料 over plan, with the alert.
        wait_contains(
            &c,
            "[data-testid='bview-row'][data-key='物料']",
            "-¥16,000.00",
        )
        .await;
        wait_contains(&c, "[data-testid='bview-row'][data-key='物料']", "超支").await;
        wait_contains(&c, "[data-testid='bview-total-plan']", "¥3,180,000.00").await;
        wait_contains(
            &c,
            "[data-testid='bview-alerts']",
            "2026Q2 · 物料 · 江森五一焕新季",
        )
        .await;
        wait_contains(&c, "[data-testid='bview-alerts']", "济南天桥鑫源车行").await;
        wait_contains(&c, "[data-testid='bview-burnup']", "年度预算执行").await;
        shot(&c, "60-zh-budget-overview").await;
        // 物料's figure opens the two requests behind it.
        css(
            &c,
            "[data-testid='bview-row'][data-key='物料'] [data-testid='bview-open']",
        )
        .await
        .click()
        .await
        .unwrap();
        wait_contains(&c, "[data-testid='breq-behind']", "物料").await;
        wait_contains(&c, "[data-testid='breq-table']", "华彩印务").await;
        wait_contains(&c, "[data-testid='breq-table']", "鲁艺展示器材").await;
        let rows = c
            .find_all(fantoccini::Locator::Css("[data-testid='breq-row']"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);

        // A new request for the 国庆 promotion; a malformed amount is refused by its field.
        tid(&c, "breq-new").await.click().await.unwrap();
        type_into(&c, "bexp-date", "2026-10-02").await;
        select_label(&c, "bexp-staff", "刘洋").await;
        select_label(&c, "bexp-region", "河南").await;
        select_label(&c, "bexp-campaign", "江森国庆感恩季").await;
        select_label(&c, "bexp-category", "促销").await;
        type_into(&c, "bexp-payee", "郑州二七江森专卖店").await;
        type_into(&c, "bexp-description", "国庆特价车让利补贴").await;
        type_into(&c, "bexp-amount", "1.2.3万").await;
        tid(&c, "bexp-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='bexp-amount-error']", "无法识别").await;
        type_into(&c, "bexp-amount", "1.2万").await;
        tid(&c, "bexp-save").await.click().await.unwrap();
        // Its page: a draft of ¥12,000.00, in capitals, spending the 国庆 line.
        wait_text(&c, "[data-testid='bexp-status']", "草稿").await;
        wait_text(&c, "[data-testid='bexp-capitals']", "壹万贰仟元整").await;
        wait_contains(
            &c,
            "[data-testid='bexp-line']",
            "2026Q4 · 促销 · 江森国庆感恩季",
        )
        .await;
        // Reimbursing the draft is refused with the reason.
        tid(&c, "bexp-reimburse").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='bexp-refused']",
            "未经批准的费用一律不予报销",
        )
        .await;
        wait_text(&c, "[data-testid='bexp-status']", "草稿").await;
        // A photo of the shop front, through the dialog (answered by the test hook).
        select_label(&c, "bexp-evidence-kind", "活动照片").await;
        tid(&c, "bexp-attach").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='bexp-evidence']", "shopfront.png").await;
        css(&c, "[data-testid='bexp-thumb']").await;
        // Submit, approve ¥10,000 of the ¥12,000, reimburse.
        tid(&c, "bexp-submit").await.click().await.unwrap();
        wait_text(&c, "[data-testid='bexp-status']", "待审批").await;
        type_into(&c, "bexp-approver", "市场部 李经理").await;
        type_into(&c, "bexp-step-amount", "10000").await;
        tid(&c, "bexp-approve").await.click().await.unwrap();
        wait_text(&c, "[data-testid='bexp-status']", "已批准").await;
        wait_contains(
            &c,
            "[data-testid='bexp-approved']",
            "¥10,000.00 · 市场部 李经理",
        )
        .await;
        tid(&c, "bexp-reimburse").await.click().await.unwrap();
        wait_text(&c, "[data-testid='bexp-status']", "已报销").await;
        wait_text(&c, "[data-testid='bexp-paid']", "¥10,000.00").await;
        shot(&c, "61-zh-budget-request").await;

        // The 国庆 campaign's line: ¥600,000 − ¥10,000 paid.
        tid(&c, "bexp-back").await.click().await.unwrap();
        tid(&c, "btab-overview").await.click().await.unwrap();
        select_label(&c, "bview-by", "按活动").await;
        wait_contains(
            &c,
            "[data-testid='bview-row'][data-key='江森国庆感恩季']",
            "¥590,000.00",
        )
        .await;
        shot(&c, "62-zh-budget-by-campaign").await;

        // The plan: the materials line's baseline beside its revised amount, and its history.
        tid(&c, "btab-plan").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='bplan-approved']", "总经理 张总").await;
        // Below the fold, where the toast may sit: clicked from the page itself.
        tid(&c, "bplan-revisions").await;
        c.execute(
            "document.querySelector(\"[data-testid='bplan-revisions']\").click()",
            vec![],
        )
        .await
        .unwrap();
        wait_contains(
            &c,
            "[data-testid='bplan-history']",
            "新增 30 家门店门头更换",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='bplan-history']",
            "¥120,000.00 → ¥150,000.00",
        )
        .await;
        shot(&c, "63-zh-budget-plan").await;

        // The 五一 review: its costs, and the cost report through the save dialog.
        go(&c, "campaigns", "活动日历").await;
        css(&c, "[data-testid='campaign-open']").await;
        c.execute(
            "[...document.querySelectorAll(\"[data-testid='campaign-open']\")].find(e => e.textContent.trim() === '江森五一焕新季').click();",
            vec![],
        )
        .await
        .unwrap();
        wait_text(&c, "[data-testid='campaign-name']", "江森五一焕新季").await;
        tid(&c, "cpage-review").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='review-costs-figures']",
            "已报销 ¥195,600.00",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='review-costs-figures']",
            "单台费用 ¥18.63",
        )
        .await;
        tid(&c, "review-cost-report").await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while !saved.exists() {
            assert!(Instant::now() < deadline, "the cost report was not written");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        shot(&c, "64-zh-campaign-costs").await;

        // English.
        go(&c, "settings", "设置").await;
        switch_lang(&c, "lang-en", "Settings").await;
        go(&c, "budget", "Budget and expenses").await;
        tid(&c, "btab-overview").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='bview-row'][data-key='Materials']",
            "Over plan",
        )
        .await;
        wait_contains(&c, "[data-testid='bview-burnup']", "budget burn-up").await;
        shot(&c, "65-en-budget-overview").await;
        tid(&c, "btab-requests").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='breq-table']", "Price limit broken").await;
        wait_contains(&c, "[data-testid='breq-table']", "Evidence missing").await;
        shot(&c, "66-en-budget-requests").await;
        wait_text(&c, TITLE, "Budget and expenses").await;
    });
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", report.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("活动费用分析报告"), "{text}");
    assert!(text.contains("济南天桥鑫源车行"), "{text}");
}
