//! End to end, the training schedule in the real window: on the demo (today fixed at
//! 2026-12-07), create a program mandatory for 导购 and a session for it in 山东, enrol the
//! mandatory staff, mark attendance and scores from the keyboard (a bad score refused), and see
//! 山东's completion change; the same screens in English.

use super::{css, go, session_with_args, shot, switch_lang, tid, wait_contains, wait_text, TITLE};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use marketdesk_tests::Sandbox;
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

/// Keys to whatever has the focus.
async fn keys(c: &Client, text: &str) {
    let active = c.active_element().await.unwrap();
    active.send_keys(text).await.unwrap();
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// Wait until the element with this test id has the focus.
async fn wait_focus(c: &Client, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let focused = c
            .execute(
                "return document.activeElement && document.activeElement.dataset.testid",
                vec![],
            )
            .await
            .unwrap();
        if focused.as_str() == Some(id) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{id} never got the focus (it is on {focused})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn create_a_program_and_session_enrol_mark_from_the_keyboard_and_see_completion_change() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let sheet = sb.dir.path().join("签到表.pdf");
    let args = [
        "--today".to_string(),
        "2026-12-07".to_string(),
        "--scripted-save".to_string(),
        sheet.display().to_string(),
    ];
    let saved = sheet.clone();
    session_with_args(&sb, &args, |c| async move {
        go(&c, "training", "培训安排").await;
        // This week: the terminal-standards refresher in 郑州, full with two waiting.
        wait_contains(
            &c,
            "[data-testid='tsched-range']",
            "2026-12-07 至 2026-12-13",
        )
        .await;
        wait_contains(&c, "[data-testid='tday-2026-12-10']", "终端执行标准").await;
        wait_contains(&c, "[data-testid='tday-2026-12-10']", "3/3 人 · 候补 2").await;
        shot(&c, "50-zh-training-week").await;
        // Before: 山东 completed 36 of 38 mandatory (person, program) pairs.
        tid(&c, "ttab-completion").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='tdone-total-山东']", "94.74 % (36/38)").await;
        wait_contains(&c, "[data-testid='tdone-total-安徽']", "34.21 %").await;

        // A program for 导购, pass mark 70.
        tid(&c, "ttab-programs").await.click().await.unwrap();
        tid(&c, "tprog-new").await.click().await.unwrap();
        type_into(&c, "tprog-title", "双十二门店促销话术").await;
        select_label(&c, "tprog-category", "营销知识").await;
        type_into(&c, "tprog-pass", "101").await;
        tid(&c, "tprog-role-导购").await.click().await.unwrap();
        tid(&c, "tprog-save").await.click().await.unwrap();
        // A pass mark over 100 is refused next to its field, nothing saved.
        wait_contains(&c, "[data-testid='err-pass']", "分数应在 0 到 100 之间").await;
        type_into(&c, "tprog-pass", "70").await;
        tid(&c, "tprog-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='tprog-table']", "双十二门店促销话术").await;

        // A session of it in 山东 on Wednesday.
        tid(&c, "ttab-schedule").await.click().await.unwrap();
        tid(&c, "tsched-new").await.click().await.unwrap();
        select_label(&c, "tsess-program", "双十二门店促销话术").await;
        type_into(&c, "tsess-date", "2026-12-09").await;
        type_into(&c, "tsess-starts", "14:00").await;
        type_into(&c, "tsess-ends", "16:00").await;
        select_label(&c, "tsess-region", "山东").await;
        type_into(&c, "tsess-location", "济南分公司会议室").await;
        type_into(&c, "tsess-trainer", "市场部 陈静").await;
        type_into(&c, "tsess-capacity", "10").await;
        tid(&c, "tsess-save").await.click().await.unwrap();
        // 陈静 teaches the refresher on the 10th, not the 9th: no clash, saved at once.
        wait_contains(&c, "[data-testid='tday-2026-12-09']", "双十二门店促销话术").await;
        shot(&c, "51-zh-training-new-session").await;

        // Its roster: enrol everyone mandatory (山东's three 导购).
        css(
            &c,
            "[data-testid='tday-2026-12-09'] [data-testid='tsession']",
        )
        .await
        .click()
        .await
        .unwrap();
        wait_text(&c, "[data-testid='troster-title']", "双十二门店促销话术").await;
        tid(&c, "troster-enrol-mandatory")
            .await
            .click()
            .await
            .unwrap();
        wait_contains(
            &c,
            "[data-testid='troster-summary']",
            "正式 3 人 · 候补 0 人",
        )
        .await;
        let rows = c
            .find_all(Locator::Css("[data-testid='troster-row']"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 3);
        wait_contains(&c, "[data-testid='troster-table']", "赵亮").await;

        // From the keyboard: 赵亮 P, Tab, 85, Enter → 黄丽 L, Tab, 66, Enter → 周鹏 A.
        c.execute(
            "document.querySelector(\"[data-testid='mark-0']\").focus()",
            vec![],
        )
        .await
        .unwrap();
        wait_focus(&c, "mark-0").await;
        keys(&c, "p").await;
        wait_text(&c, "[data-testid='mark-0']", "出席").await;
        keys(&c, &key(Key::Tab)).await;
        wait_focus(&c, "score-0").await;
        keys(&c, "85").await;
        keys(&c, &key(Key::Enter)).await;
        wait_focus(&c, "mark-1").await;
        keys(&c, "l").await;
        wait_text(&c, "[data-testid='mark-1']", "迟到").await;
        keys(&c, &key(Key::Tab)).await;
        wait_focus(&c, "score-1").await;
        keys(&c, "66").await;
        keys(&c, &key(Key::Enter)).await;
        wait_focus(&c, "mark-2").await;
        keys(&c, "a").await;
        wait_text(&c, "[data-testid='mark-2']", "缺席").await;
        // A score over 100 is refused with the reason; the row keeps its earlier mark.
        type_into(&c, "score-2", "120").await;
        tid(&c, "score-2")
            .await
            .send_keys(&key(Key::Enter))
            .await
            .unwrap();
        wait_contains(&c, "[data-testid='score-error']", "分数应在 0 到 100 之间").await;
        type_into(&c, "score-2", "").await;
        wait_contains(&c, "[data-testid='troster-summary']", "出勤 2 人").await;
        wait_text(&c, "[data-testid='troster-status']", "已举办").await;
        let score0 = tid(&c, "score-0").await.prop("value").await.unwrap();
        assert_eq!(score0.as_deref(), Some("85"));
        let score1 = tid(&c, "score-1").await.prop("value").await.unwrap();
        assert_eq!(score1.as_deref(), Some("66"));
        shot(&c, "52-zh-training-roster").await;
        // Its sign-in sheet, through the save dialog (answered by the test hook).
        tid(&c, "troster-export").await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !saved.exists() {
            assert!(
                Instant::now() < deadline,
                "the sign-in sheet was not written"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // 山东 now: 41 required (3 more), 37 completed (赵亮 85 ≥ 70; 黄丽 66 and 周鹏 absent
        // not) → 90.24 %; the new program's cell 1/3 = 33.33 %.
        tid(&c, "troster-back").await.click().await.unwrap();
        tid(&c, "ttab-completion").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='tdone-total-山东']", "90.24 % (37/41)").await;
        wait_contains(&c, "[data-testid='tdone-matrix']", "33.33 % (1/3)").await;
        tid(&c, "tdone-total-安徽").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='tdone-missing']", "未完成：安徽 · 合计").await;
        wait_contains(&c, "[data-testid='tdone-chart']", "各区域培训完成率").await;
        shot(&c, "53-zh-training-completion").await;

        // English: the same screens.
        go(&c, "settings", "设置").await;
        switch_lang(&c, "lang-en", "Settings").await;
        go(&c, "training", "Training schedule").await;
        wait_contains(
            &c,
            "[data-testid='tdone-total-Shandong']",
            "90.24 % (37/41)",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='tdone-chart']",
            "Training completion by region",
        )
        .await;
        shot(&c, "54-en-training-completion").await;
        tid(&c, "ttab-schedule").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='tsched-range']",
            "2026-12-07 to 2026-12-13",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='tday-2026-12-10']",
            "3/3 people · 2 waiting",
        )
        .await;
        shot(&c, "55-en-training-week").await;
        wait_text(&c, TITLE, "Training schedule").await;
    });
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", sheet.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "培训签到表",
        "双十二门店促销话术",
        "赵亮",
        "黄丽",
        "周鹏",
        "签名",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}
