//! The campaign part of the demo: 江森's 五一 2026 promotion (done: tasks and materials, some
//! late; a roadshow inside it; offers with terminal price limits in 山东 and 江苏 that dealers
//! broke by 150–300 元; results per region) and the 国庆 2026 promotion in planning.

use crate::domain::campaigns::forms::{ValidCampaign, ValidOffer};
use crate::domain::campaigns::{CampaignKind, Status, WorkStatus};
use crate::error::{AppError, AppResult};
use crate::store::campaigns::{
    backdate_draft_in, group_id_in, insert_dependency_in, insert_material_in, insert_task_in,
    set_status_in, upsert_result_in, write_campaign, write_offer, NewMaterial, NewTask,
};
use crate::store::competitors::{self, NewSighting};
use crate::store::{brands, regions};
use chrono::NaiveDate;
use rusqlite::Transaction;

fn d(s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| AppError::Internal(e.to_string()))
}

fn region_ids(tx: &Transaction<'_>, names: &[&str]) -> AppResult<Vec<i64>> {
    names
        .iter()
        .map(|n| {
            regions::id_by_short_name_in(tx, n)?
                .ok_or_else(|| AppError::Internal(format!("region {n}")))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn task(
    tx: &Transaction<'_>,
    campaign: i64,
    title: &str,
    grp: &str,
    owner: &str,
    start: &str,
    due: &str,
    status: &str,
    done_on: Option<&str>,
) -> AppResult<i64> {
    let group_id =
        group_id_in(tx, grp)?.ok_or_else(|| AppError::Internal(format!("group {grp}")))?;
    insert_task_in(
        tx,
        &NewTask {
            campaign_id: campaign,
            title,
            group_id,
            owner,
            start: d(start)?,
            due: d(due)?,
            status: WorkStatus::from_code(status),
            done_on,
        },
    )
}

#[allow(clippy::too_many_arguments)]
fn material(
    tx: &Transaction<'_>,
    campaign: i64,
    item: &str,
    quantity: i64,
    owner: &str,
    due: &str,
    status: &str,
    done_on: Option<&str>,
) -> AppResult<()> {
    insert_material_in(
        tx,
        &NewMaterial {
            campaign_id: campaign,
            item,
            quantity,
            owner,
            due: d(due)?,
            status: WorkStatus::from_code(status),
            done_on,
        },
    )?;
    Ok(())
}

fn depends(tx: &Transaction<'_>, task: i64, on: i64) -> AppResult<()> {
    insert_dependency_in(tx, task, on)
}

/// What the campaign part wrote: how many campaigns (sub-activities included), the sightings
/// it added, and the 五一 promotion (the training part prepares it).
pub struct Loaded {
    pub campaigns: i64,
    pub sightings: i64,
    pub mayday: i64,
    pub national: i64,
}

/// Load the campaigns.
pub fn load(tx: &Transaction<'_>) -> AppResult<Loaded> {
    let four = region_ids(tx, &["山东", "河南", "安徽", "江苏"])?;
    let mayday = write_campaign(
        tx,
        None,
        &ValidCampaign {
            parent_id: None,
            name: "江森五一焕新季".into(),
            kind: CampaignKind::Holiday,
            start: d("2026-04-28")?,
            end: d("2026-05-05")?,
            region_ids: four.clone(),
            owner: "张伟".into(),
            theme: "骑江森，五一焕新出发".into(),
            target_units: Some(12_000),
            target_revenue_fen: Some(3_600_000_000),
            objectives: "守住 JS-M5 终端限价；县级门店覆盖率 80%".into(),
            notes: "特价车须按终端限价销售，经销商不得截留补贴。".into(),
            holiday: Some((2026, "五一".into())),
        },
        None,
    )?;
    for (to, at) in [
        (Status::Planned, "2026-02-27T17:20:00"),
        (Status::Approved, "2026-03-20T10:05:00"),
        (Status::Running, "2026-04-28T08:00:00"),
        (Status::Done, "2026-05-06T18:30:00"),
    ] {
        let note = match to {
            Status::Approved => "总经理批准，特价车配比 1:2",
            Status::Done => "活动结束，进入复盘",
            _ => "",
        };
        set_status_in(tx, mayday, to, note, at)?;
    }
    backdate_draft_in(tx, mayday, "2026-02-20T09:00:00")?;
    let roadshow = write_campaign(
        tx,
        None,
        &ValidCampaign {
            parent_id: Some(mayday),
            name: "济南万达广场路演".into(),
            kind: CampaignKind::Roadshow,
            start: d("2026-05-01")?,
            end: d("2026-05-02")?,
            region_ids: region_ids(tx, &["山东"])?,
            owner: "王磊".into(),
            theme: "试骑 JS-M5，续航对比".into(),
            target_units: Some(150),
            target_revenue_fen: None,
            objectives: String::new(),
            notes: String::new(),
            holiday: None,
        },
        None,
    )?;
    // The roadshow ran inside the promotion, approved with it.
    for (to, at) in [
        (Status::Planned, "2026-03-10T10:00:00"),
        (Status::Approved, "2026-03-20T10:05:00"),
        (Status::Running, "2026-05-01T09:00:00"),
        (Status::Done, "2026-05-02T19:00:00"),
    ] {
        set_status_in(tx, roadshow, to, "", at)?;
    }
    let research = task(
        tx,
        mayday,
        "竞品调研与价格摸底",
        "研究",
        "刘洋",
        "2026-02-17",
        "2026-02-27",
        "done",
        Some("2026-02-26"),
    )?;
    let plan = task(
        tx,
        mayday,
        "活动方案策划（主题、特价政策、终端限价）",
        "企划",
        "张伟",
        "2026-02-27",
        "2026-03-13",
        "done",
        Some("2026-03-16"),
    )?;
    let approval = task(
        tx,
        mayday,
        "方案审批",
        "企划",
        "张伟",
        "2026-03-16",
        "2026-03-20",
        "done",
        Some("2026-03-20"),
    )?;
    let design = task(
        tx,
        mayday,
        "物料设计",
        "设计",
        "赵敏",
        "2026-03-23",
        "2026-04-07",
        "done",
        Some("2026-04-12"),
    )?;
    let dealers = task(
        tx,
        mayday,
        "经销商政策宣导",
        "区域",
        "李娜",
        "2026-04-07",
        "2026-04-18",
        "done",
        Some("2026-04-18"),
    )?;
    let training = task(
        tx,
        mayday,
        "销售培训（产品与话术）",
        "推广",
        "陈静",
        "2026-04-18",
        "2026-04-21",
        "done",
        Some("2026-04-24"),
    )?;
    let monitor = task(
        tx,
        mayday,
        "每日价格监控",
        "区域",
        "李娜",
        "2026-04-28",
        "2026-05-05",
        "done",
        Some("2026-05-05"),
    )?;
    let review = task(
        tx,
        mayday,
        "活动复盘",
        "企划",
        "张伟",
        "2026-05-06",
        "2026-05-08",
        "done",
        Some("2026-05-12"),
    )?;
    for (t, on) in [
        (plan, research),
        (approval, plan),
        (design, approval),
        (dealers, approval),
        (training, dealers),
        (monitor, training),
        (review, monitor),
    ] {
        depends(tx, t, on)?;
    }
    material(
        tx,
        mayday,
        "门店海报",
        500,
        "赵敏",
        "2026-04-14",
        "done",
        Some("2026-04-24"),
    )?;
    material(
        tx,
        mayday,
        "横幅",
        200,
        "赵敏",
        "2026-04-14",
        "done",
        Some("2026-04-14"),
    )?;
    material(
        tx,
        mayday,
        "宣传单页",
        20_000,
        "赵敏",
        "2026-04-18",
        "done",
        Some("2026-04-21"),
    )?;
    material(
        tx,
        mayday,
        "展架",
        100,
        "孙强",
        "2026-04-21",
        "done",
        Some("2026-05-01"),
    )?;

    // The special-price policy: JS-M5 in 山东 and 江苏.
    let js_m5 = brands::id_by_name(tx, "江森")?
        .map(|b| competitors::product_id_in(tx, b, "JS-M5"))
        .transpose()?
        .flatten()
        .ok_or_else(|| AppError::Internal("demo product JS-M5".into()))?;
    for (region, units) in [("山东", 300), ("江苏", 200)] {
        write_offer(
            tx,
            mayday,
            js_m5,
            &region_ids(tx, &[region])?,
            &ValidOffer {
                regular_fen: 329_900,
                special_fen: 299_900,
                limit_fen: 304_900,
                tolerance_fen: 0,
                ratio: Some("1:2".into()),
                units: Some(units),
                gap_min_fen: Some(5_000),
                gap_max_fen: Some(10_000),
            },
            None,
        )?;
    }
    let mut added = 0i64;
    // Brand stores kept the limit; dealers kept the regular price and pocketed the subsidy.
    for (region, day, channel, regular, promo, reporter, note) in [
        (
            "山东",
            "2026-05-02",
            "专卖店",
            329_900,
            Some(304_900),
            "王磊",
            "按限价执行",
        ),
        (
            "江苏",
            "2026-05-03",
            "专卖店",
            329_900,
            Some(304_900),
            "陈静",
            "按限价执行",
        ),
        (
            "山东",
            "2026-05-02",
            "经销商",
            329_900,
            None,
            "王磊",
            "经销商按原价销售，未执行特价",
        ),
        (
            "江苏",
            "2026-05-04",
            "经销商",
            329_900,
            Some(319_900),
            "陈静",
            "只让利 100 元",
        ),
    ] {
        let channel_id = competitors::channel_id_in(tx, channel)?
            .ok_or_else(|| AppError::Internal(format!("channel {channel}")))?;
        let sighting = NewSighting {
            product_id: js_m5,
            region_id: region_ids(tx, &[region])?[0],
            channel_id,
            on: d(day)?,
            regular_fen: regular,
            promo_fen: promo,
            reporter,
            note,
        };
        added += i64::from(competitors::insert_sighting_in(tx, &sighting)?);
    }
    for (region, units, revenue_fen) in [
        ("山东", 3_200, 980_000_000),
        ("河南", 2_900, 870_000_000),
        ("安徽", 1_800, 530_000_000),
        ("江苏", 2_600, 810_000_000),
    ] {
        upsert_result_in(
            tx,
            mayday,
            region_ids(tx, &[region])?[0],
            units,
            revenue_fen,
        )?;
    }

    // 国庆 2026, in planning.
    let national = write_campaign(
        tx,
        None,
        &ValidCampaign {
            parent_id: None,
            name: "江森国庆感恩季".into(),
            kind: CampaignKind::Holiday,
            start: d("2026-09-28")?,
            end: d("2026-10-07")?,
            region_ids: four,
            owner: "张伟".into(),
            theme: "国庆出游，江森相伴".into(),
            target_units: Some(15_000),
            target_revenue_fen: Some(4_500_000_000),
            objectives: "新品 JS-M5 Pro 铺货；锁定终端限价".into(),
            notes: String::new(),
            holiday: Some((2026, "国庆".into())),
        },
        None,
    )?;
    backdate_draft_in(tx, national, "2026-07-20T09:00:00")?;
    set_status_in(
        tx,
        national,
        Status::Planned,
        "方案初稿",
        "2026-07-30T16:00:00",
    )?;
    task(
        tx,
        national,
        "竞品调研与价格摸底",
        "研究",
        "刘洋",
        "2026-07-20",
        "2026-07-30",
        "done",
        Some("2026-07-30"),
    )?;
    task(
        tx,
        national,
        "活动方案策划（主题、特价政策、终端限价）",
        "企划",
        "张伟",
        "2026-07-30",
        "2026-08-14",
        "doing",
        None,
    )?;
    task(
        tx,
        national,
        "方案审批",
        "企划",
        "张伟",
        "2026-08-19",
        "2026-08-29",
        "todo",
        None,
    )?;
    task(
        tx,
        national,
        "物料设计",
        "设计",
        "赵敏",
        "2026-08-29",
        "2026-09-07",
        "todo",
        None,
    )?;
    material(
        tx,
        national,
        "门店海报",
        600,
        "赵敏",
        "2026-09-14",
        "todo",
        None,
    )?;
    material(
        tx,
        national,
        "展架",
        120,
        "孙强",
        "2026-09-21",
        "todo",
        None,
    )?;
    Ok(Loaded {
        campaigns: 3,
        sightings: added,
        mayday,
        national,
    })
}
