//! The competitors part of the demo: 江森 against 爱玛, 雅迪 and 台铃 in 山东, 河南, 安徽 and
//! 江苏 around 五一 2026 — brands, products, sightings every 3–4 days from 10 April (the
//! holiday cuts of 雅迪 and 爱玛, 台铃's rise in 安徽), competitor activities and battlecards.
//! Written through the store's own functions.

use crate::domain::competitors::ActivityKind;
use crate::error::{AppError, AppResult};
use crate::store::brands::{self, NewBrand};
use crate::store::competitors::{
    self as comp, insert_activity_in, insert_sighting_in, set_activity_regions_in,
    upsert_battlecard_in, Battlecard, NewProduct, NewSighting,
};
use crate::store::regions;
use chrono::{Days, NaiveDate};
use rusqlite::Transaction;

struct P {
    brand: &'static str,
    model: &'static str,
    segment: &'static str,
    list_yuan: i64,
}

const BRANDS: [(&str, bool, &str); 4] = [
    ("江森", true, "我方品牌"),
    ("爱玛", false, "全国第一梯队，渠道最广"),
    ("雅迪", false, "高端定位，冠能系列主打续航"),
    ("台铃", false, "性价比路线，华东渠道强"),
];

const PRODUCTS: [P; 8] = [
    P {
        brand: "江森",
        model: "JS-M5",
        segment: "都市通勤 ¥3000–3500",
        list_yuan: 3299,
    },
    P {
        brand: "江森",
        model: "JS-L3",
        segment: "入门代步 ¥2000–2500",
        list_yuan: 2299,
    },
    P {
        brand: "爱玛",
        model: "A500",
        segment: "都市通勤 ¥3000–3500",
        list_yuan: 3399,
    },
    P {
        brand: "爱玛",
        model: "小帅Lite",
        segment: "入门代步 ¥2000–2500",
        list_yuan: 2399,
    },
    P {
        brand: "雅迪",
        model: "冠能Q7",
        segment: "都市通勤 ¥3000–3500",
        list_yuan: 3399,
    },
    P {
        brand: "雅迪",
        model: "DE2",
        segment: "入门代步 ¥2000–2500",
        list_yuan: 2199,
    },
    P {
        brand: "台铃",
        model: "超能T5",
        segment: "都市通勤 ¥3000–3500",
        list_yuan: 3199,
    },
    P {
        brand: "台铃",
        model: "T-Max",
        segment: "入门代步 ¥2000–2500",
        list_yuan: 1999,
    },
];

const REGIONS: [&str; 4] = ["山东", "河南", "安徽", "江苏"];
const CHANNELS: [&str; 2] = ["专卖店", "经销商"];
const REPORTERS: [&str; 4] = ["王磊", "李娜", "刘洋", "陈静"];

/// What each brand did in each region over 五一 (promo price as a share of list, in ‰).
fn holiday_promo_permille(brand: &str, region: &str) -> Option<i64> {
    match (brand, region) {
        ("雅迪", "河南") | ("雅迪", "山东") => Some(915),
        ("爱玛", "江苏") => Some(940),
        ("爱玛", _) => Some(975),
        ("江森", _) => Some(970),
        _ => None,
    }
}

/// What the competitors part wrote.
pub(super) struct Loaded {
    pub brands: i64,
    pub products: i64,
    pub sightings: i64,
    pub activities: i64,
}

fn region_id(tx: &Transaction<'_>, short: &str) -> AppResult<i64> {
    regions::id_by_short_name_in(tx, short)?
        .ok_or_else(|| AppError::Internal(format!("region {short}")))
}

fn channel_id(tx: &Transaction<'_>, name: &str) -> AppResult<i64> {
    comp::channel_id_in(tx, name)?.ok_or_else(|| AppError::Internal(format!("channel {name}")))
}

pub(super) fn load(tx: &Transaction<'_>) -> AppResult<Loaded> {
    let mut brand_ids = Vec::new();
    for (name, own, notes) in BRANDS {
        let id = match brands::id_by_name(tx, name)? {
            Some(id) => id,
            None => brands::insert_in(
                tx,
                &NewBrand {
                    name,
                    is_own: own,
                    notes,
                    batch_id: None,
                },
            )?,
        };
        brand_ids.push((name, id));
    }
    let brand_id = |n: &str| {
        brand_ids
            .iter()
            .find(|(b, _)| *b == n)
            .map(|(_, id)| *id)
            .unwrap_or(0)
    };
    let mut sightings = 0i64;
    let mut seed: u64 = 20_260_501;
    let mut rnd = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let start = date(2026, 4, 10);
    for p in &PRODUCTS {
        let product_id = comp::insert_product_in(
            tx,
            &NewProduct {
                brand_id: brand_id(p.brand),
                model: p.model,
                category: "电动自行车",
                segment: p.segment,
                list_price_fen: Some(p.list_yuan * 100),
                launched_on: Some(date(2025, 9, 1)),
                active: true,
                batch_id: None,
            },
        )?;
        for region in REGIONS {
            let region_id = region_id(tx, region)?;
            for (ci, channel) in CHANNELS.iter().enumerate() {
                let channel_id = channel_id(tx, channel)?;
                // A sighting every 3–4 days from 10 April to 5 May.
                let mut day = rnd(3);
                while day <= 25 {
                    let on = start
                        .checked_add_days(Days::new(day))
                        .ok_or_else(|| AppError::Internal("demo date".into()))?;
                    let list = p.list_yuan * 100;
                    // Dealers shave a little off the shelf price now and then.
                    let regular = if ci == 1 && rnd(3) == 0 {
                        list - 10_000
                    } else {
                        list
                    };
                    let in_holiday = on >= date(2026, 5, 1);
                    let promo = if in_holiday {
                        holiday_promo_permille(p.brand, region)
                            .map(|pm| (regular * pm / 1000) / 100 * 100)
                    } else {
                        None
                    };
                    // 台铃 raised the shelf price in 安徽 for the holiday.
                    let regular = if in_holiday && p.brand == "台铃" && region == "安徽" {
                        regular + 10_000
                    } else {
                        regular
                    };
                    let reporter = REPORTERS[rnd(4) as usize];
                    let added = insert_sighting_in(
                        tx,
                        &NewSighting {
                            product_id,
                            region_id,
                            channel_id,
                            on,
                            regular_fen: regular,
                            promo_fen: promo,
                            reporter,
                            note: "",
                        },
                    )?;
                    sightings += i64::from(added);
                    day += 3 + rnd(2);
                }
            }
        }
    }
    let mut activities = 0;
    for (brand, regions, from, to, kind, desc) in [
        (
            "雅迪",
            &["河南", "山东"][..],
            date(2026, 4, 28),
            date(2026, 5, 5),
            ActivityKind::SpecialPrice,
            "五一特价：冠能Q7 直降约 300 元，DE2 送头盔",
        ),
        (
            "爱玛",
            &["江苏"][..],
            date(2026, 4, 20),
            date(2026, 5, 10),
            ActivityKind::TerminalAds,
            "南京、苏州门店门头和公交站广告",
        ),
        (
            "台铃",
            &["安徽"][..],
            date(2026, 4, 25),
            date(2026, 5, 5),
            ActivityKind::NewProduct,
            "超能T5 升级款上市，零售价上调 100 元",
        ),
        (
            "爱玛",
            &["山东", "河南", "安徽", "江苏"][..],
            date(2026, 4, 15),
            date(2026, 6, 30),
            ActivityKind::BigStore,
            "县级大店工程：新开 40 家 300㎡ 以上门店",
        ),
    ] {
        let id = insert_activity_in(
            tx,
            brand_id(brand),
            &from.to_string(),
            &to.to_string(),
            kind,
            desc,
            "区域经理反馈",
        )?;
        let ids = regions
            .iter()
            .map(|r| region_id(tx, r))
            .collect::<AppResult<Vec<i64>>>()?;
        set_activity_regions_in(tx, id, &ids)?;
        activities += 1;
    }
    for (brand, sp, st, wk, ours) in [
        (
            "爱玛",
            "时尚外观，品牌认知度高",
            "门店数量最多，县乡覆盖广",
            "同价位续航偏短",
            "主打续航与售后，门店对比试骑",
        ),
        (
            "雅迪",
            "冠能系列长续航、高端形象",
            "品牌溢价高，广告投入大",
            "价格高，节日大幅让利伤价盘",
            "强调同配置价格优势，锁定终端限价",
        ),
        (
            "台铃",
            "“跑得更远”性价比",
            "华东经销商忠诚度高",
            "产品线老化，设计保守",
            "以新品和以旧换新争夺安徽、江苏经销商",
        ),
    ] {
        upsert_battlecard_in(
            tx,
            &Battlecard {
                brand_id: brand_id(brand),
                brand: brand.to_string(),
                selling_points: sp.into(),
                strengths: st.into(),
                weaknesses: wk.into(),
                our_strategy: ours.into(),
                as_of: "2026-04-15".into(),
            },
        )?;
    }
    Ok(Loaded {
        brands: BRANDS.len() as i64,
        products: PRODUCTS.len() as i64,
        sightings,
        activities,
    })
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
