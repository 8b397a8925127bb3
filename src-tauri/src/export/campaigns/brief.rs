//! The campaign brief 活动方案简报 as a document: a pure function of what
//! `core::AppCore::campaign_brief_data` read — cover facts, theme and objectives, the
//! special-price policy, the timeline (tasks by group, materials, a Gantt chart), the
//! competitive situation in its regions (moves with a price chart, activities), compliance for
//! a running or finished campaign, risks and notes. `document` renders it.

use crate::charts::gantt::{GanttChart, GanttRow};
use crate::charts::price::PriceChart;
use crate::charts::Chart;
use crate::document::text::{date_range, long_date, signed_pct, signed_yuan};
use crate::document::{Block, Document, Section};
use crate::domain::campaigns as rules;
use crate::domain::competitors::PriceMove;
use crate::domain::holidays::Holiday;
use crate::domain::value::format_yuan;
use crate::i18n::Lang;
use crate::store::campaigns::{Campaign, Compliance, Material, Offer, Task};
use crate::store::competitors::Activity;
use chrono::NaiveDate;

/// What a brief is made of (read by `core::AppCore::campaign_brief_data`).
#[derive(Debug, Clone)]
pub struct BriefData {
    pub campaign: Campaign,
    pub children: Vec<Campaign>,
    pub tasks: Vec<Task>,
    pub materials: Vec<Material>,
    pub offers: Vec<Offer>,
    /// The holidays the Gantt chart shades.
    pub holidays: Vec<Holiday>,
    /// The days the competition is read over (during the campaign once it has begun, else the
    /// 30 days before it) and the competitor moves in its regions, largest first.
    pub moves_from: NaiveDate,
    pub moves_to: NaiveDate,
    pub moves: Vec<PriceMove>,
    /// The largest move and its product's price chart.
    pub price_chart: Option<(PriceMove, PriceChart)>,
    pub activities: Vec<Activity>,
    /// For a running or finished campaign with offers.
    pub compliance: Option<Compliance>,
    /// The campaign's money (its plan lines, what its requests commit and have cost).
    pub costs: Option<crate::domain::budget::Figures>,
    pub today: NaiveDate,
}

pub fn build(d: &BriefData, lang: Lang) -> Document {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let c = &d.campaign;
    let today = d.today;
    let regions: Vec<String> = c.regions.iter().map(|r| r.name.clone()).collect();
    let sep = lang.pick("、", ", ");
    let mut sections = Vec::new();
    sections.push(Section {
        title: pick("活动概况", "Campaign"),
        blocks: vec![Block::List(vec![
            format!("{}{}", pick("类型：", "Type: "), c.kind.label(lang)),
            format!(
                "{}{}",
                pick("日期：", "Dates: "),
                date_range(lang, c.start, c.end)
            ),
            format!(
                "{}{}",
                pick("区域：", "Regions: "),
                if regions.is_empty() {
                    "—".into()
                } else {
                    regions.join(sep)
                }
            ),
            format!(
                "{}{}",
                pick("负责人：", "Owner: "),
                if c.owner.is_empty() { "—" } else { &c.owner }
            ),
            format!("{}{}", pick("状态：", "Status: "), c.status.label(lang)),
            format!(
                "{}{}",
                pick("简报生成于：", "Brief made on: "),
                long_date(lang, today)
            ),
        ])],
    });
    let mut goals = vec![
        format!(
            "{}{}",
            pick("主题：", "Theme: "),
            if c.theme.is_empty() { "—" } else { &c.theme }
        ),
        format!(
            "{}{}",
            pick("目标销量：", "Target units: "),
            c.target_units.map_or("—".into(), |u| u.to_string())
        ),
        format!(
            "{}{}",
            pick("目标销售额：", "Target revenue: "),
            c.target_revenue_fen.map_or("—".into(), format_yuan)
        ),
    ];
    if !c.objectives.is_empty() {
        goals.push(format!(
            "{}{}",
            pick("目标说明：", "Objectives: "),
            c.objectives
        ));
    }
    for sub in &d.children {
        goals.push(format!(
            "{}{} · {}",
            pick("子活动：", "Sub-activity: "),
            sub.name,
            date_range(lang, sub.start, sub.end)
        ));
    }
    sections.push(Section {
        title: pick("主题与目标", "Theme and objectives"),
        blocks: vec![Block::List(goals)],
    });
    let offers = if d.offers.is_empty() {
        vec![Block::Para(pick(
            "尚未设置特价政策。",
            "No special-price policy yet.",
        ))]
    } else {
        vec![Block::Table {
            headers: vec![
                pick("产品", "Product"),
                pick("区域", "Region"),
                pick("零售价", "Regular price"),
                pick("特价", "Special price"),
                pick("终端限价", "Price limit"),
                pick("配比", "Ratio"),
                pick("特价车数量", "Units"),
            ],
            right: vec![false, false, true, true, true, false, true],
            rows: d
                .offers
                .iter()
                .map(|o| {
                    vec![
                        format!("{} {}", o.brand, o.product),
                        o.region.clone(),
                        format_yuan(o.regular_fen),
                        format_yuan(o.special_fen),
                        format_yuan(o.limit_fen),
                        o.ratio.clone().unwrap_or_else(|| "—".into()),
                        o.units.map_or("—".into(), |u| u.to_string()),
                    ]
                })
                .collect(),
        }]
    };
    sections.push(Section {
        title: pick(
            "特价政策与终端限价",
            "Special-price policy and price limits",
        ),
        blocks: offers,
    });
    let mut tasks = d.tasks.clone();
    tasks.sort_by(|a, b| (&a.group, a.due).cmp(&(&b.group, b.due)));
    let mut timeline = Vec::new();
    if !tasks.is_empty() {
        timeline.push(Block::Table {
            headers: vec![
                pick("分组", "Group"),
                pick("任务", "Task"),
                pick("负责人", "Owner"),
                pick("截止", "Due"),
                pick("状态", "Status"),
            ],
            right: vec![false; 5],
            rows: tasks
                .iter()
                .map(|t| {
                    vec![
                        t.group.clone(),
                        t.title.clone(),
                        t.owner.clone(),
                        t.due.to_string(),
                        t.status.label(lang).to_string(),
                    ]
                })
                .collect(),
        });
    }
    if !d.materials.is_empty() {
        timeline.push(Block::Table {
            headers: vec![
                pick("物料", "Material"),
                pick("数量", "Quantity"),
                pick("负责人", "Owner"),
                pick("截止", "Due"),
                pick("状态", "Status"),
            ],
            right: vec![false, true, false, false, false],
            rows: d
                .materials
                .iter()
                .map(|m| {
                    vec![
                        m.item.clone(),
                        m.quantity.to_string(),
                        m.owner.clone(),
                        m.due.to_string(),
                        m.status.label(lang).to_string(),
                    ]
                })
                .collect(),
        });
    }
    // A bar per task; a plan of more than 40 tasks gets a bar per group instead (from its
    // first start to its last due date), so that the picture stays readable on a page.
    let mut rows: Vec<GanttRow> = if d.tasks.len() <= 40 {
        d.tasks
            .iter()
            .map(|t| GanttRow {
                label: t.title.clone(),
                start: t.start,
                end: t.due,
                emphasis: false,
                done: t.status == rules::WorkStatus::Done,
            })
            .collect()
    } else {
        let mut groups: std::collections::BTreeMap<&str, (NaiveDate, NaiveDate, usize, bool)> =
            Default::default();
        for t in &d.tasks {
            let done = t.status == rules::WorkStatus::Done;
            let g = groups
                .entry(t.group.as_str())
                .or_insert((t.start, t.due, 0, true));
            g.0 = g.0.min(t.start);
            g.1 = g.1.max(t.due);
            g.2 += 1;
            g.3 &= done;
        }
        groups
            .into_iter()
            .map(|(name, (start, end, n, done))| GanttRow {
                label: format!("{name} ({n})"),
                start,
                end,
                emphasis: false,
                done,
            })
            .collect()
    };
    rows.push(GanttRow {
        label: c.name.clone(),
        start: c.start,
        end: c.end,
        emphasis: true,
        done: false,
    });
    let gantt = GanttChart {
        title: format!("{} · {}", c.name, pick("计划", "plan")),
        shades: d
            .holidays
            .iter()
            .map(|h| {
                (
                    lang.pick(&h.name_zh, &h.name_en).to_string(),
                    h.start,
                    h.end,
                )
            })
            .collect(),
        rows,
        width: 1100,
    };
    timeline.push(Block::Picture {
        name: "gantt".into(),
        caption: pick("甘特图", "Gantt chart"),
        chart: Chart::Gantt(gantt),
    });
    sections.push(Section {
        title: pick("时间安排", "Timeline"),
        blocks: timeline,
    });
    // The competition: during the window for a campaign that has begun, else the 30 days
    // before it.
    let (from, to) = (d.moves_from, d.moves_to);
    let moves = &d.moves;
    let mut competition = vec![Block::Para(format!(
        "{}{}",
        pick("观察期：", "Period: "),
        date_range(lang, from, to)
    ))];
    if moves.is_empty() {
        competition.push(Block::Para(pick(
            "活动区域内没有检测到竞品价格变动（±5% 以上）。",
            "No competitor price move of 5 % or more was detected in the campaign's regions.",
        )));
    } else {
        // The largest moves (the list comes sorted by size); the rest are one click away
        // on the competitors screen, not pages of a brief.
        const SHOWN: usize = 30;
        let listed = &moves[..moves.len().min(SHOWN)];
        competition.push(Block::Table {
            headers: vec![
                pick("品牌", "Brand"),
                pick("型号", "Product"),
                pick("区域", "Region"),
                pick("渠道", "Channel"),
                pick("基准价", "Baseline"),
                pick("窗口价", "Window"),
                pick("变动", "Change"),
            ],
            right: vec![false, false, false, false, true, true, true],
            rows: listed
                .iter()
                .map(|m| {
                    vec![
                        m.brand.clone(),
                        m.product.clone(),
                        m.region.clone(),
                        m.channel.clone(),
                        format_yuan(m.baseline_fen),
                        format_yuan(m.window_fen),
                        signed_pct(m.change_pct),
                    ]
                })
                .collect(),
        });
        if moves.len() > SHOWN {
            competition.push(Block::Para(match lang {
                Lang::ZhCn => format!(
                    "另有 {} 条较小的变动未列出，见“竞品 › 节日价格变动”。",
                    moves.len() - SHOWN
                ),
                Lang::En => format!(
                    "{} smaller moves are not listed: see Competitors › Holiday price moves.",
                    moves.len() - SHOWN
                ),
            }));
        }
        if let Some((top, chart)) = &d.price_chart {
            competition.push(Block::Picture {
                name: "price".into(),
                caption: format!(
                    "{} {} {}",
                    top.brand,
                    top.product,
                    pick("价格走势", "price history")
                ),
                chart: Chart::Price(chart.clone()),
            });
        }
    }
    let activities: Vec<String> = d
        .activities
        .iter()
        .map(|a| {
            format!(
                "{} · {} – {} · {} · {}",
                a.brand,
                a.start_on,
                a.end_on,
                a.regions.join(sep),
                a.description
            )
        })
        .collect();
    if !activities.is_empty() {
        competition.push(Block::Para(pick("竞品活动：", "Competitor activities:")));
        competition.push(Block::List(activities));
    }
    sections.push(Section {
        title: pick("竞争态势", "Competitive situation"),
        blocks: competition,
    });
    if let Some(comp) = &d.compliance {
        let mut blocks = vec![Block::Para(match lang {
            Lang::ZhCn => format!(
                "检查 {} 条我方价格观察，其中 {} 条违反终端限价。",
                comp.checked,
                comp.violations.len()
            ),
            Lang::En => format!(
                "{} sightings of our products checked; {} broke the terminal price limit.",
                comp.checked,
                comp.violations.len()
            ),
        })];
        blocks.push(Block::Table {
            headers: vec![
                pick("区域", "Region"),
                pick("检查", "Checked"),
                pick("违规", "Violations"),
                pick("最大偏差", "Largest difference"),
                pick("平均偏差", "Mean difference"),
            ],
            right: vec![false, true, true, true, true],
            rows: comp
                .regions
                .iter()
                .map(|r| {
                    vec![
                        r.region.clone(),
                        r.checked.to_string(),
                        r.violations.to_string(),
                        r.largest_diff_fen.map_or("—".into(), signed_yuan),
                        r.mean_diff_fen.map_or("—".into(), signed_yuan),
                    ]
                })
                .collect(),
        });
        let mut worst = comp.violations.clone();
        worst.sort_by_key(|v| std::cmp::Reverse(v.diff_fen.abs()));
        worst.truncate(10);
        if !worst.is_empty() {
            blocks.push(Block::Table {
                headers: vec![
                    pick("日期", "Date"),
                    pick("区域", "Region"),
                    pick("渠道", "Channel"),
                    pick("产品", "Product"),
                    pick("反馈人", "Reporter"),
                    pick("成交价", "Price"),
                    pick("终端限价", "Limit"),
                    pick("差额", "Difference"),
                ],
                right: vec![false, false, false, false, false, true, true, true],
                rows: worst
                    .iter()
                    .map(|v| {
                        vec![
                            v.date.to_string(),
                            v.region.clone(),
                            v.channel.clone(),
                            format!("{} {}", v.brand, v.product),
                            v.reporter.clone(),
                            format_yuan(v.price_fen),
                            format_yuan(v.limit_fen),
                            signed_yuan(v.diff_fen),
                        ]
                    })
                    .collect(),
            });
        }
        sections.push(Section {
            title: pick("终端限价执行", "Price-limit compliance"),
            blocks,
        });
    }
    let mut risks: Vec<String> = d
        .tasks
        .iter()
        .filter(|t| t.status != rules::WorkStatus::Done && t.due < today)
        .map(|t| {
            format!(
                "{}{}（{}）",
                pick("逾期任务：", "Overdue task: "),
                t.title,
                t.due
            )
        })
        .chain(
            d.materials
                .iter()
                .filter(|m| m.status != rules::WorkStatus::Done && m.due < today)
                .map(|m| {
                    format!(
                        "{}{}（{}）",
                        pick("逾期物料：", "Overdue material: "),
                        m.item,
                        m.due
                    )
                }),
        )
        .collect();
    if !c.notes.is_empty() {
        risks.push(c.notes.clone());
    }
    if risks.is_empty() {
        risks.push(pick("暂无。", "None recorded."));
    }
    if let Some(f) = d
        .costs
        .filter(|f| *f != crate::domain::budget::Figures::default())
    {
        let y = crate::domain::value::format_yuan;
        sections.push(Section {
            title: pick("预算与费用", "Budget and costs"),
            blocks: vec![Block::Facts(vec![
                (pick("预算", "Plan"), y(f.plan_fen)),
                (pick("已占用", "Committed"), y(f.committed_fen)),
                (pick("已报销", "Actual"), y(f.actual_fen)),
                (pick("可用", "Available"), y(f.available_fen)),
            ])],
        });
    }
    sections.push(Section {
        title: pick("风险与备注", "Risks and notes"),
        blocks: vec![Block::List(risks)],
    });
    Document {
        title: c.name.clone(),
        subtitle: format!(
            "{} · {}",
            pick("活动方案简报", "Campaign brief"),
            date_range(lang, c.start, c.end)
        ),
        kind: pick("活动方案简报", "Campaign brief"),
        sections,
        form: None,
    }
}
