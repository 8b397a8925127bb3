//! The budget part of the demo: the 2026 marketing plan, approved in March, with the 五一
//! promotion's lines by region; the 物料 line raised once (a revision with its reason) and
//! still over plan; and the 五一 requests in every state — reimbursed with photos of the shop
//! front, approved and waiting for its evidence, a 山东 dealer's request flagged by the broken
//! price limit, the regional manager's unapproved claim rejected, one unplanned.

use crate::domain::budget::forms::{ValidExpense, ValidLine};
use crate::domain::budget::{EvidenceKind, ExpenseStatus, Period, Policy};
use crate::error::{AppError, AppResult};
use crate::store::budget::{
    add_evidence_in, approve_plan_in, category_id_in, insert_expense_in, insert_line_in, plan_in,
    revise_line_in, ExpenseRecord, NewEvidence,
};
use crate::store::regions;
use chrono::NaiveDate;
use rusqlite::Transaction;

pub struct Loaded {
    pub lines: i64,
    pub expenses: i64,
}

fn d(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| AppError::Internal(e.to_string()))
}

fn region(tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
    regions::id_by_short_name_in(tx, name)?
        .ok_or_else(|| AppError::Internal(format!("region {name}")))
}

fn category(tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
    category_id_in(tx, name)?.ok_or_else(|| AppError::Internal(format!("category {name}")))
}

/// A shop-front photo for the demo's evidence: drawn here, so the sample needs no files.
fn photo() -> AppResult<Vec<u8>> {
    let img = image::RgbImage::from_fn(480, 320, |x, y| {
        if y < 70 {
            image::Rgb([0xc5, 0x30, 0x30])
        } else if (x / 60 + y / 60) % 2 == 0 {
            image::Rgb([0xf4, 0xf1, 0xea])
        } else {
            image::Rgb([0x2b, 0x6c, 0xb0])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageOutputFormat::Png)
        .map_err(|e| AppError::Internal(format!("sample photo: {e}")))?;
    Ok(out.into_inner())
}

pub fn load(tx: &Transaction<'_>, mayday: i64, national: i64) -> AppResult<Loaded> {
    let (plan, _) = plan_in(tx, 2026, Policy::Warn)?;
    let y = |yuan: i64| yuan * 100;
    let mut lines = 0i64;
    let mut material_line = 0i64;
    for (period, cat, reg, campaign, amount, note) in [
        (
            Period::Year(2026),
            "广告",
            None,
            None,
            y(1_200_000),
            "全年品牌投放",
        ),
        (
            Period::Quarter(2026, 2),
            "促销",
            Some("山东"),
            Some(mayday),
            y(300_000),
            "五一门店让利",
        ),
        (
            Period::Quarter(2026, 2),
            "促销",
            Some("江苏"),
            Some(mayday),
            y(200_000),
            "五一门店让利",
        ),
        (
            Period::Quarter(2026, 2),
            "促销",
            Some("河南"),
            Some(mayday),
            y(180_000),
            "五一门店让利",
        ),
        (
            Period::Quarter(2026, 2),
            "促销",
            Some("安徽"),
            Some(mayday),
            y(120_000),
            "五一门店让利",
        ),
        (
            Period::Quarter(2026, 2),
            "物料",
            None,
            Some(mayday),
            y(120_000),
            "海报、展架、门头",
        ),
        (
            Period::Year(2026),
            "培训",
            None,
            None,
            y(200_000),
            "销售培训场地与讲师",
        ),
        (Period::Year(2026), "差旅", None, None, y(150_000), ""),
        (
            Period::Year(2026),
            "会议",
            None,
            None,
            y(80_000),
            "经销商大会",
        ),
        (
            Period::Quarter(2026, 4),
            "促销",
            None,
            Some(national),
            y(600_000),
            "国庆促销",
        ),
    ] {
        let v = ValidLine {
            period,
            category_id: category(tx, cat)?,
            region_id: reg.map(|r| region(tx, r)).transpose()?,
            campaign_id: campaign,
            amount_fen: amount,
            note: note.to_string(),
            reason: String::new(),
        };
        let id = insert_line_in(tx, plan, &v, None)?;
        if cat == "物料" {
            material_line = id;
        }
        lines += 1;
    }
    approve_plan_in(tx, plan, "总经理 张总", "2026-03-02")?;
    // The materials line raised once after approval; what came in still went over it.
    let v = ValidLine {
        period: Period::Quarter(2026, 2),
        category_id: category(tx, "物料")?,
        region_id: None,
        campaign_id: Some(mayday),
        amount_fen: y(150_000),
        note: "海报、展架、门头".into(),
        reason: String::new(),
    };
    revise_line_in(
        tx,
        material_line,
        &v,
        Some(("新增 30 家门店门头更换", None)),
    )?;

    let photo = photo()?;
    let thumb = crate::import::evidence::thumbnail(&photo);
    let mut expenses = 0i64;
    #[allow(clippy::type_complexity)]
    let rows: [(
        &str,
        &str,
        Option<&str>,
        Option<i64>,
        &str,
        &str,
        &str,
        i64,
        ExpenseStatus,
        Option<i64>,
        Option<i64>,
        &str,
        &str,
        bool,
    ); 11] = [
        (
            "2026-04-22",
            "刘洋",
            Some("河南"),
            Some(mayday),
            "促销",
            "郑州金水江森专卖店",
            "五一特价车让利补贴",
            y(96_000),
            ExpenseStatus::Reimbursed,
            Some(y(90_000)),
            Some(y(90_000)),
            "市场部 李经理",
            "",
            true,
        ),
        (
            "2026-04-23",
            "曾伟",
            Some("安徽"),
            Some(mayday),
            "促销",
            "合肥庐阳江森专卖店",
            "五一特价车让利补贴",
            y(60_000),
            ExpenseStatus::Approved,
            Some(y(60_000)),
            None,
            "市场部 李经理",
            "",
            false,
        ),
        (
            "2026-04-20",
            "王强",
            Some("山东"),
            Some(mayday),
            "促销",
            "济南天桥鑫源车行",
            "五一经销商特价补贴",
            y(120_000),
            ExpenseStatus::Submitted,
            None,
            None,
            "",
            "",
            false,
        ),
        (
            "2026-05-08",
            "王强",
            Some("山东"),
            Some(mayday),
            "促销",
            "济南历下路演垫付",
            "五一路演场地与人员（事前未申请）",
            y(45_000),
            ExpenseStatus::Rejected,
            None,
            None,
            "",
            "事前未申请批准，按公司规定不予报销。",
            false,
        ),
        (
            "2026-04-10",
            "吴婷",
            None,
            Some(mayday),
            "物料",
            "华彩印务",
            "五一海报、单页",
            y(98_000),
            ExpenseStatus::Reimbursed,
            Some(y(98_000)),
            Some(y(98_000)),
            "市场部 李经理",
            "",
            true,
        ),
        (
            "2026-04-15",
            "吴婷",
            None,
            Some(mayday),
            "物料",
            "鲁艺展示器材",
            "展架与门头",
            y(72_000),
            ExpenseStatus::Approved,
            Some(y(68_000)),
            None,
            "市场部 李经理",
            "",
            true,
        ),
        (
            "2026-04-25",
            "陈静",
            Some("江苏"),
            Some(mayday),
            "物料",
            "金陵广告",
            "南京门店橱窗贴",
            y(25_000),
            ExpenseStatus::Draft,
            None,
            None,
            "",
            "",
            false,
        ),
        (
            "2026-04-18",
            "王强",
            Some("山东"),
            Some(mayday),
            "培训",
            "济南舜耕会议中心",
            "五一促销政策培训场地",
            y(8_000),
            ExpenseStatus::Reimbursed,
            Some(y(8_000)),
            Some(y(7_600)),
            "市场部 李经理",
            "",
            false,
        ),
        (
            "2026-05-06",
            "陈静",
            Some("江苏"),
            None,
            "差旅",
            "陈静",
            "五一巡店差旅",
            y(6_800),
            ExpenseStatus::Submitted,
            None,
            None,
            "",
            "",
            false,
        ),
        (
            "2026-03-20",
            "罗凯",
            None,
            None,
            "广告",
            "某信息流平台",
            "五一前加投（取消）",
            y(50_000),
            ExpenseStatus::Cancelled,
            None,
            None,
            "",
            "",
            false,
        ),
        (
            "2026-05-12",
            "彭博",
            Some("江苏"),
            Some(mayday),
            "调研",
            "问卷星",
            "五一后消费者回访",
            y(6_000),
            ExpenseStatus::Submitted,
            None,
            None,
            "",
            "",
            false,
        ),
    ];
    for (
        date,
        who,
        reg,
        campaign,
        cat,
        payee,
        what,
        requested,
        status,
        approved,
        paid,
        approver,
        reason,
        evidence,
    ) in rows
    {
        let date = d(date)?;
        let rec = ExpenseRecord {
            v: ValidExpense {
                date,
                staff_id: None,
                requester: who.into(),
                region_id: reg.map(|r| region(tx, r)).transpose()?,
                campaign_id: campaign,
                category_id: category(tx, cat)?,
                payee: payee.into(),
                description: what.into(),
                requested_fen: requested,
            },
            status,
            approved_fen: approved,
            paid_fen: paid,
            submitted_on: (status != ExpenseStatus::Draft).then_some(date),
            approver: approver.into(),
            approved_on: approved.map(|_| date + chrono::Duration::days(3)),
            paid_on: paid.map(|_| date + chrono::Duration::days(20)),
            reason: reason.into(),
        };
        let id = insert_expense_in(tx, &rec, None)?;
        if evidence {
            add_evidence_in(
                tx,
                id,
                &NewEvidence {
                    kind: EvidenceKind::Photo,
                    file_name: "门头照片.png",
                    bytes: &photo,
                    thumb_png: thumb.as_deref(),
                },
            )?;
            add_evidence_in(
                tx,
                id,
                &NewEvidence {
                    kind: EvidenceKind::Invoice,
                    file_name: "增值税发票.pdf",
                    bytes: b"%PDF-1.4\n% sample invoice\n",
                    thumb_png: None,
                },
            )?;
        }
        expenses += 1;
    }
    Ok(Loaded { lines, expenses })
}
