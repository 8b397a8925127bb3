//! 周报, the week's report for the general manager: a pure builder from the week's view to the
//! document model (the document module renders it as PDF, Word or Markdown).

use crate::charts::Chart;
use crate::core::weekly::{CampaignLine, MovesCard, WeeklyReport};
use crate::document::text::long_date;
use crate::document::{Block, Document, Section};
use crate::domain::value::format_yuan;
use crate::domain::weekly::decision_lines;
use crate::i18n::Lang;

fn pct(change: f64) -> String {
    format!("{change:+.2} %")
}

fn moves_table(card: &MovesCard, lang: Lang) -> Block {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let mut moves = card.window.moves.clone();
    // By region, then the largest first within it (the card's order is by size alone).
    moves.sort_by(|a, b| {
        a.region_id.cmp(&b.region_id).then_with(|| {
            b.change_pct
                .abs()
                .total_cmp(&a.change_pct.abs())
                .then_with(|| a.brand.cmp(&b.brand))
        })
    });
    Block::Table {
        headers: vec![
            pick("区域", "Region"),
            pick("品牌", "Brand"),
            pick("型号", "Model"),
            pick("渠道", "Channel"),
            pick("基准价（中位）", "Baseline (median)"),
            pick("期内最低", "Lowest in window"),
            pick("变动", "Change"),
            pick("报价条数（前 + 期内）", "Sightings (before + in)"),
        ],
        right: vec![false, false, false, false, true, true, true, true],
        rows: moves
            .iter()
            .map(|m| {
                vec![
                    m.region.clone(),
                    m.brand.clone(),
                    m.product.clone(),
                    m.channel.clone(),
                    format_yuan(m.baseline_fen),
                    format_yuan(m.window_fen),
                    pct(m.change_pct),
                    format!("{} + {}", m.baseline_obs, m.window_obs),
                ]
            })
            .collect(),
    }
}

fn moves_blocks(card: &MovesCard, lang: Lang) -> Vec<Block> {
    let w = &card.window;
    let mut blocks = vec![Block::Para(match lang {
        Lang::ZhCn => format!(
            "{} 至 {} 各区域、渠道的最低有效价，对比前 14 天（{} 至 {}）的中位价：竞品变动 {} 项（幅度 ≥ {} %）。",
            w.from, w.to, w.baseline_from, w.baseline_to, card.total, w.threshold_pct
        ),
        Lang::En => format!(
            "The lowest effective price per region and channel from {} to {} against the median of the 14 days before ({} to {}): {} competitor moves of {} % or more.",
            w.from, w.to, w.baseline_from, w.baseline_to, card.total, w.threshold_pct
        ),
    })];
    if !w.moves.is_empty() {
        if card.total > w.moves.len() as i64 {
            blocks.push(Block::Para(match lang {
                Lang::ZhCn => format!("以下为幅度最大的 {} 项。", w.moves.len()),
                Lang::En => format!("The {} largest are shown.", w.moves.len()),
            }));
        }
        blocks.push(moves_table(card, lang));
    }
    blocks
}

fn campaign_rows(list: &[CampaignLine], lang: Lang) -> Block {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    Block::Table {
        headers: vec![
            pick("活动", "Campaign"),
            pick("日期", "Dates"),
            pick("区域", "Regions"),
            pick("状态", "Status"),
            pick("限价违规", "Price-limit violations"),
        ],
        right: vec![false, false, false, false, true],
        rows: list
            .iter()
            .map(|k| {
                vec![
                    k.name.clone(),
                    format!("{} – {}", k.start, k.end),
                    k.regions.join(lang.pick("、", ", ")),
                    k.status_label.clone(),
                    k.violations.to_string(),
                ]
            })
            .collect(),
    }
}

/// The weekly report: the week's competitor moves (with the price chart of the largest),
/// activities, campaigns and their status, price-limit violations, training readiness, budget
/// lines at risk, and the decisions needed.
pub fn weekly_report(r: &WeeklyReport, price_chart: Option<Chart>, lang: Lang) -> Document {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let v = &r.view;
    let none = || Block::Para(pick("无。", "None."));
    let decisions = decision_lines(&r.decisions);
    let violations: i64 = v.campaigns.iter().map(|k| k.violations).sum();
    let at_risk = v.budget.lines.len();

    let summary = vec![
        (pick("周次", "Week"), v.week_label.clone()),
        (
            pick("竞品价格变动", "Competitor price moves"),
            v.moves.total.to_string(),
        ),
        (
            pick("新开始的竞品活动", "Competitor activities begun"),
            v.activities.len().to_string(),
        ),
        (
            pick("在市活动", "Campaigns in the field"),
            v.campaigns.len().to_string(),
        ),
        (
            pick("限价违规", "Price-limit violations"),
            violations.to_string(),
        ),
        (
            pick("逾期任务与物料", "Work overdue"),
            v.overdue.len().to_string(),
        ),
        (
            pick("本周培训场次", "Training sessions this week"),
            v.sessions.len().to_string(),
        ),
        (
            pick("预算风险行", "Budget lines at risk"),
            at_risk.to_string(),
        ),
        (
            pick("待决策事项", "Decisions needed"),
            decisions.len().to_string(),
        ),
    ];

    // Competitors: moves of the week, the holiday window, the price chart, activities.
    let mut competitors = moves_blocks(&v.moves, lang);
    if let Some(chart) = price_chart {
        competitors.push(Block::Picture {
            name: "weekly-price".into(),
            caption: pick(
                "变动最大的竞品型号：每日最低有效价",
                "The competitor model that moved most: lowest effective price per day",
            ),
            chart,
        });
    }
    if let Some(h) = &v.holiday {
        competitors.push(Block::Para(match lang {
            Lang::ZhCn => format!("节日窗口 {}（{} 至 {}）：", h.holiday, h.from, h.to),
            Lang::En => format!("Holiday window {} ({} to {}):", h.holiday, h.from, h.to),
        }));
        competitors.extend(moves_blocks(&h.moves, lang));
    }
    let mut activities: Vec<_> = v.activities.iter().collect();
    activities.sort_by(|a, b| a.regions.cmp(&b.regions).then(a.start_on.cmp(&b.start_on)));
    competitors.push(Block::Para(pick(
        "本周开始的竞品活动：",
        "Competitor activities begun:",
    )));
    competitors.push(if activities.is_empty() {
        none()
    } else {
        Block::Table {
            headers: vec![
                pick("区域", "Regions"),
                pick("品牌", "Brand"),
                pick("类型", "Type"),
                pick("日期", "Dates"),
                pick("内容", "What"),
            ],
            right: vec![false; 5],
            rows: activities
                .iter()
                .map(|a| {
                    vec![
                        if a.regions.is_empty() {
                            pick("全国", "All regions")
                        } else {
                            a.regions.join(lang.pick("、", ", "))
                        },
                        a.brand.clone(),
                        a.kind.label(lang).to_string(),
                        format!("{} – {}", a.start_on, a.end_on),
                        a.description.clone(),
                    ]
                })
                .collect(),
        }
    });

    // Campaigns and work.
    let mut campaigns = vec![if v.campaigns.is_empty() {
        Block::Para(pick(
            "本周没有在市的活动。",
            "No campaign in the field this week.",
        ))
    } else {
        campaign_rows(&v.campaigns, lang)
    }];
    let work: Vec<String> = v
        .overdue
        .iter()
        .map(|w| match lang {
            Lang::ZhCn => format!(
                "逾期 {} 天：{} · {}（{}，{} 到期）",
                w.days_late, w.campaign, w.title, w.owner, w.due
            ),
            Lang::En => format!(
                "{} days late: {} · {} ({}, due {})",
                w.days_late, w.campaign, w.title, w.owner, w.due
            ),
        })
        .chain(v.due.iter().map(|w| match lang {
            Lang::ZhCn => format!(
                "本周到期：{} · {}（{}，{}）",
                w.campaign, w.title, w.owner, w.due
            ),
            Lang::En => format!(
                "Due this week: {} · {} ({}, {})",
                w.campaign, w.title, w.owner, w.due
            ),
        }))
        .collect();
    campaigns.push(Block::Para(pick("任务与物料：", "Tasks and materials:")));
    campaigns.push(if work.is_empty() {
        Block::Para(pick(
            "没有逾期或本周到期的工作。",
            "Nothing overdue or due this week.",
        ))
    } else {
        Block::List(work)
    });

    // Violations.
    let flagged: Vec<&CampaignLine> = v.campaigns.iter().filter(|k| k.violations > 0).collect();
    let violation_blocks = if flagged.is_empty() {
        vec![Block::Para(pick(
            "在市活动没有限价违规。",
            "No price-limit violation in the campaigns in the field.",
        ))]
    } else {
        let mut blocks = Vec::new();
        for k in flagged {
            blocks.push(Block::Para(match lang {
                Lang::ZhCn => format!(
                    "{}：截至 {} 违规 {} 条，差额最大的如下。",
                    k.name, v.looked_back.to, k.violations
                ),
                Lang::En => format!(
                    "{}: {} up to {}; the largest:",
                    k.name,
                    match k.violations {
                        1 => "1 violation".to_string(),
                        n => format!("{n} violations"),
                    },
                    v.looked_back.to
                ),
            }));
            blocks.push(Block::Table {
                headers: vec![
                    pick("日期", "Date"),
                    pick("区域", "Region"),
                    pick("渠道", "Channel"),
                    pick("型号", "Model"),
                    pick("成交价", "Price"),
                    pick("限价", "Limit"),
                    pick("差额", "Difference"),
                    pick("报告人", "Reporter"),
                ],
                right: vec![false, false, false, false, true, true, true, false],
                rows: k
                    .worst
                    .iter()
                    .map(|x| {
                        vec![
                            x.date.to_string(),
                            x.region.clone(),
                            x.channel.clone(),
                            x.product.clone(),
                            format_yuan(x.price_fen),
                            format_yuan(x.limit_fen),
                            format_yuan(x.diff_fen),
                            x.reporter.clone(),
                        ]
                    })
                    .collect(),
            });
        }
        blocks
    };

    // Training readiness.
    let rd = &v.readiness;
    let mut training = vec![Block::Para(match (&rd.campaign, rd.campaign_start, lang) {
        (Some(c), Some(start), Lang::ZhCn) => format!(
            "为 {}（{} 开始）准备的课程：{}。",
            c,
            long_date(lang, start),
            rd.programs.join("、")
        ),
        (Some(c), Some(start), Lang::En) => format!(
            "Programs preparing {} (starts {}): {}.",
            c,
            long_date(lang, start),
            rd.programs.join(", ")
        ),
        (_, _, Lang::ZhCn) => "前方没有活动：按全部课程统计。".to_string(),
        (_, _, Lang::En) => "No campaign ahead: all programs counted.".to_string(),
    })];
    training.push(if rd.regions.is_empty() {
        Block::Para(pick(
            "没有需要参训的人员。",
            "Nobody is required to attend.",
        ))
    } else {
        Block::Table {
            headers: vec![
                pick("区域", "Region"),
                pick("应训人次", "Required"),
                pick("已完成", "Completed"),
                pick("完成率", "Completion"),
            ],
            right: vec![false, true, true, true],
            rows: rd
                .regions
                .iter()
                .map(|r| {
                    vec![
                        r.region.clone(),
                        r.required.to_string(),
                        r.completed.to_string(),
                        format!("{:.2} %", r.completion_pct),
                    ]
                })
                .collect(),
        }
    });
    training.push(Block::Para(pick("本周培训：", "Sessions this week:")));
    training.push(if v.sessions.is_empty() {
        none()
    } else {
        Block::List(
            v.sessions
                .iter()
                .map(|s| {
                    format!(
                        "{} {}–{} · {} · {} · {}",
                        s.date,
                        s.starts,
                        s.ends,
                        s.program,
                        s.region
                            .clone()
                            .unwrap_or_else(|| pick("全国", "All regions")),
                        s.location
                    )
                })
                .collect(),
        )
    });

    // Budget.
    let mut budget = Vec::new();
    budget.push(if v.budget.lines.is_empty() {
        Block::Para(pick(
            "没有使用率达 90 % 或超支的预算行。",
            "No budget line at 90 % or over plan.",
        ))
    } else {
        Block::Table {
            headers: vec![
                pick("预算行", "Budget line"),
                pick("预算", "Plan"),
                pick("已占用", "Committed"),
                pick("已报销", "Actual"),
                pick("可用", "Available"),
                pick("使用率", "Used"),
            ],
            right: vec![false, true, true, true, true, true],
            rows: v
                .budget
                .lines
                .iter()
                .map(|l| {
                    vec![
                        l.label.clone(),
                        format_yuan(l.figures.plan_fen),
                        format_yuan(l.figures.committed_fen),
                        format_yuan(l.figures.actual_fen),
                        format_yuan(l.figures.available_fen),
                        l.used_bp.map_or("—".to_string(), |bp| {
                            format!("{:.2} %", bp as f64 / 100.0)
                        }),
                    ]
                })
                .collect(),
        }
    });
    if !v.budget.waiting.is_empty() {
        budget.push(Block::Para(match lang {
            Lang::ZhCn => format!("{} 笔申请等待审批超过 7 天：", v.budget.waiting.len()),
            Lang::En => match v.budget.waiting.len() {
                1 => "1 request waiting for approval more than 7 days:".to_string(),
                n => format!("{n} requests waiting for approval more than 7 days:"),
            },
        }));
        budget.push(Block::List(
            v.budget
                .waiting
                .iter()
                .map(|w| {
                    format!(
                        "{} · {} · {} · {}",
                        w.expense.payee,
                        w.expense.category,
                        format_yuan(w.expense.requested_fen),
                        match (w.waiting_days, lang) {
                            (Some(d), Lang::ZhCn) => format!("已等 {d} 天"),
                            (Some(d), Lang::En) => format!("{d} days waiting"),
                            (None, _) => String::new(),
                        }
                    )
                })
                .collect(),
        ));
    }

    Document {
        title: match lang {
            Lang::ZhCn => format!("市场部周报 {}", v.week),
            Lang::En => format!("Marketing weekly report {}", v.week),
        },
        subtitle: v.week_label.clone(),
        kind: pick("周报", "Weekly report"),
        sections: vec![
            Section {
                title: pick("本周概况", "The week at a glance"),
                blocks: vec![Block::Facts(summary)],
            },
            Section {
                title: pick("竞品动态", "Competitors"),
                blocks: competitors,
            },
            Section {
                title: pick("活动进展", "Campaigns"),
                blocks: campaigns,
            },
            Section {
                title: pick("限价违规", "Price-limit violations"),
                blocks: violation_blocks,
            },
            Section {
                title: pick("培训就绪", "Training readiness"),
                blocks: training,
            },
            Section {
                title: pick("预算风险", "Budget at risk"),
                blocks: budget,
            },
            Section {
                title: pick("待决策事项", "Decisions needed"),
                blocks: vec![if decisions.is_empty() {
                    none()
                } else {
                    Block::List(decisions)
                }],
            },
        ],
        form: None,
    }
}
