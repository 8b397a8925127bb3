//! Campaign sheets through the import engine: the campaign schedule 活动排期表 and a
//! campaign's price-limit table 限价表. Each has its schema and row checks here; the rows
//! go to `store::campaigns` as one batch.

use super::engine::{
    self, sheet_fields, Field, RegionNames, Rejection, RowReader, Run, Schema, SheetReport, Tally,
};
use super::read::Sheet;
use crate::domain::campaigns::forms::{ValidCampaign, ValidOffer};
use crate::domain::campaigns::{self as rules, CampaignKind};
use crate::error::AppResult;
use crate::store::batches::BatchKind;
use crate::store::campaigns::{self as store_c, LimitRow, ScheduledCampaign};
use crate::store::Store;

sheet_fields! {
    /// The campaign schedule's columns, in the schema's order.
    pub enum ScheduleCol {
        Name = Field {
                zh: "活动名称",
                en: "campaign",
                aliases: &["活动名称", "名称", "活动", "campaign", "name"],
                required: true,
        },
        Kind = Field {
                zh: "类型",
                en: "type",
                aliases: &["类型", "活动类型", "type", "kind"],
                required: false,
        },
        Start = Field {
                zh: "开始日期",
                en: "start",
                aliases: &["开始日期", "开始", "起始日期", "start", "startdate"],
                required: true,
        },
        End = Field {
                zh: "结束日期",
                en: "end",
                aliases: &["结束日期", "结束", "截止日期", "end", "enddate"],
                required: true,
        },
        Regions = Field {
                zh: "区域",
                en: "regions",
                aliases: &["区域", "地区", "省份", "regions", "region"],
                required: false,
        },
        Owner = Field {
                zh: "负责人",
                en: "owner",
                aliases: &["负责人", "owner"],
                required: false,
        },
        Theme = Field {
                zh: "主题",
                en: "theme",
                aliases: &["主题", "口号", "主题口号", "theme"],
                required: false,
        },
        Units = Field {
                zh: "目标销量",
                en: "target units",
                aliases: &["目标销量", "目标台数", "targetunits"],
                required: false,
        },
        Revenue = Field {
                zh: "目标销售额",
                en: "target revenue",
                aliases: &["目标销售额", "目标金额", "targetrevenue"],
                required: false,
        },
    }
}

pub const SCHEDULE: Schema = Schema {
    fields: ScheduleCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是活动排期表：前 10 行里找不到表头（需要 活动名称、开始日期、结束日期 等列）。",
    not_this_en: "This is not a campaign schedule: no header in the first 10 rows (expected columns such as campaign, start, end).",
};

fn parse_schedule_row(
    r: &RowReader<'_>,
    regions: &RegionNames,
) -> Result<ScheduledCampaign, Rejection> {
    let name = r.required_text(ScheduleCol::Name)?;
    let kind_text = r.text(ScheduleCol::Kind);
    let kind = if kind_text.is_empty() {
        CampaignKind::Holiday
    } else {
        CampaignKind::parse(&kind_text).ok_or_else(|| {
            r.reject(
                ScheduleCol::Kind,
                format!("类型“{kind_text}”不认识：请写 节日促销、新品上市、路演、科室会 或 其他"),
                format!(
                    "unknown type “{kind_text}”: use holiday, launch, roadshow, meeting or other"
                ),
            )
        })?
    };
    let start = r
        .date(ScheduleCol::Start)?
        .ok_or_else(|| r.reject(ScheduleCol::Start, "缺少开始日期", "start date is missing"))?;
    let end = r
        .date(ScheduleCol::End)?
        .ok_or_else(|| r.reject(ScheduleCol::End, "缺少结束日期", "end date is missing"))?;
    if end < start {
        return Err(r.reject(
            ScheduleCol::End,
            format!("结束日期 {end} 早于开始日期 {start}"),
            format!("end {end} is before start {start}"),
        ));
    }
    let mut region_ids = Vec::new();
    for name in engine::split_list(&r.text(ScheduleCol::Regions)) {
        match regions.get(&name) {
            Some(id) => region_ids.push(id),
            None => {
                return Err(r.reject(
                    ScheduleCol::Regions,
                    format!("“{name}”既不是省份，也不是已建的销售区域（请先在设置里添加）"),
                    format!("“{name}” is neither a province nor one of your sales regions (add it in Settings first)"),
                ))
            }
        }
    }
    region_ids.sort_unstable();
    region_ids.dedup();
    let target_revenue_fen =
        r.positive_money(ScheduleCol::Revenue, "目标销售额", "target revenue")?;
    Ok(ScheduledCampaign {
        row: r.number(),
        campaign: ValidCampaign {
            parent_id: None,
            name,
            kind,
            start,
            end,
            region_ids,
            owner: r.text(ScheduleCol::Owner),
            theme: r.text(ScheduleCol::Theme),
            target_units: r.count(ScheduleCol::Units)?,
            target_revenue_fen,
            objectives: String::new(),
            notes: String::new(),
            holiday: None,
        },
    })
}

/// Import a campaign schedule as one batch; same name and start updates the campaign.
pub fn import_schedule(
    store: &mut Store,
    run: &Run<'_>,
    sheets: &[Sheet],
) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &SCHEDULE, run)?;
    let rows = &picked.sheet.rows;
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    let checked = engine::check_rows(rows, &SCHEDULE, None, run.lang, |r| {
        parse_schedule_row(r, &regions)
    })?;
    let kind = BatchKind::Campaigns;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_c::write_schedule(tx, id, valid)?;
        let imported = w.created.len() + w.updated.len();
        Ok((
            w,
            Tally {
                imported,
                duplicates: 0,
            },
        ))
    })?;
    Ok(SheetReport {
        imported: written.created.len() + written.updated.len(),
        created: written.created,
        updated: written.updated,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}

sheet_fields! {
    /// The price-limit table's columns, in the schema's order.
    pub enum LimitCol {
        Brand = Field {
                zh: "品牌",
                en: "brand",
                aliases: &["品牌", "brand"],
                required: true,
        },
        Product = Field {
                zh: "产品",
                en: "product",
                aliases: &["产品", "型号", "产品型号", "车型", "product", "model"],
                required: true,
        },
        Region = Field {
                zh: "区域",
                en: "region",
                aliases: &["区域", "地区", "省份", "region"],
                required: false,
        },
        Regular = Field {
                zh: "零售价",
                en: "regular price",
                aliases: &["零售价", "常规价", "regularprice", "regular"],
                required: true,
        },
        Special = Field {
                zh: "特价",
                en: "special price",
                aliases: &["特价", "活动价", "specialprice", "special"],
                required: true,
        },
        Limit = Field {
                zh: "终端限价",
                en: "price limit",
                aliases: &["终端限价", "限价", "pricelimit", "limit"],
                required: true,
        },
        Tolerance = Field {
                zh: "容差",
                en: "tolerance",
                aliases: &["容差", "tolerance"],
                required: false,
        },
        Ratio = Field {
                zh: "配比",
                en: "ratio",
                aliases: &["配比", "特价车配比", "ratio"],
                required: false,
        },
        Units = Field {
                zh: "特价车数量",
                en: "units",
                aliases: &["特价车数量", "台数", "数量", "units"],
                required: false,
        },
    }
}

pub const LIMITS: Schema = Schema {
    fields: LimitCol::FIELDS,
    min_match: 3,
    not_this_zh: "这不是限价表：前 10 行里找不到表头（需要 品牌、产品、零售价、特价、终端限价 等列）。",
    not_this_en: "This is not a price-limit table: no header in the first 10 rows (expected columns such as brand, product, regular price, special price, price limit).",
};

fn parse_limit_row(
    r: &RowReader<'_>,
    regions: &RegionNames,
    campaign_regions: &[i64],
) -> Result<LimitRow, Rejection> {
    let brand = r.required_text(LimitCol::Brand)?;
    let product = r.required_text(LimitCol::Product)?;
    let mut region_ids = Vec::new();
    for name in engine::split_list(&r.text(LimitCol::Region)) {
        match regions
            .get(&name)
            .filter(|id| campaign_regions.contains(id))
        {
            Some(id) => region_ids.push(id),
            None => {
                return Err(r.reject(
                    LimitCol::Region,
                    format!("“{name}”不在这个活动的区域内"),
                    format!("“{name}” is not one of this campaign's regions"),
                ))
            }
        }
    }
    let need = |f: LimitCol, zh: &str, en: &str| -> Result<i64, Rejection> {
        r.positive_money(f, zh, en)?
            .ok_or_else(|| r.reject(f, format!("缺少{zh}"), format!("{en} is missing")))
    };
    let regular_fen = need(LimitCol::Regular, "零售价", "regular price")?;
    let special_fen = need(LimitCol::Special, "特价", "special price")?;
    let limit_fen = need(LimitCol::Limit, "终端限价", "price limit")?;
    let tolerance_fen = match r.money(LimitCol::Tolerance) {
        engine::Money::Missing => 0,
        engine::Money::Fen(v) => v,
        engine::Money::Bad(shown) => {
            return Err(r.reject(
                LimitCol::Tolerance,
                format!("容差无法识别：{shown}"),
                format!("tolerance cannot be read: {shown}"),
            ))
        }
    };
    let ratio_text = r.text(LimitCol::Ratio);
    let ratio = if ratio_text.is_empty() {
        None
    } else {
        Some(rules::parse_ratio(&ratio_text).ok_or_else(|| {
            r.reject(
                LimitCol::Ratio,
                format!("配比无法识别：{ratio_text}（应写成 1:2 这样的形式）"),
                format!("ratio cannot be read: {ratio_text} (write it like 1:2)"),
            )
        })?)
    };
    Ok(LimitRow {
        row: r.number(),
        brand,
        product,
        region_ids,
        offer: ValidOffer {
            regular_fen,
            special_fen,
            limit_fen,
            tolerance_fen,
            ratio,
            units: r.count(LimitCol::Units)?,
            gap_min_fen: None,
            gap_max_fen: None,
        },
    })
}

/// Import a price-limit table for one campaign as one batch.
pub fn import_limits(
    store: &mut Store,
    run: &Run<'_>,
    campaign_id: i64,
    sheets: &[Sheet],
) -> AppResult<SheetReport> {
    let picked = engine::pick_sheet(sheets, &LIMITS, run)?;
    let rows = &picked.sheet.rows;
    let campaign = store_c::get(store, campaign_id)?;
    let campaign_regions: Vec<i64> = campaign.regions.iter().map(|r| r.id).collect();
    let regions = RegionNames::new(&crate::store::regions::list(store)?);
    let competitors: Vec<String> = crate::store::brands::list(store)?
        .into_iter()
        .filter(|b| !b.is_own)
        .map(|b| b.name.to_lowercase())
        .collect();
    let checked = engine::check_rows(rows, &LIMITS, None, run.lang, |r| {
        let row = parse_limit_row(r, &regions, &campaign_regions)?;
        if competitors.contains(&row.brand.to_lowercase()) {
            return Err(r.reject(
                LimitCol::Brand,
                format!("“{}”是竞品品牌，不能设我方特价政策", row.brand),
                format!(
                    "“{}” is a competitor brand; offers are for own products",
                    row.brand
                ),
            ));
        }
        Ok(row)
    })?;
    let kind = BatchKind::Offers;
    let (batch_id, written) = engine::write_batch(store, kind, run, &checked, |tx, id, valid| {
        let w = store_c::write_limits(tx, id, campaign_id, valid)?;
        let imported = w.offers;
        Ok((
            w,
            Tally {
                imported,
                duplicates: 0,
            },
        ))
    })?;
    let mut created = written.brands;
    created.extend(written.products);
    Ok(SheetReport {
        imported: written.offers,
        created,
        ..SheetReport::read(run, &picked, kind, checked, batch_id)
    })
}
