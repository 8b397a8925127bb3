//! The budget area's exports: the budget workbook (a sheet per view, the lines and the
//! requests), the expense request form 费用申请单 (a document with the amount in capitals, the
//! evidence list and signature boxes) and the campaign cost report 活动费用分析报告.

use crate::charts::Chart;
use crate::core::budget::{
    BudgetReport, CampaignCosts, CostRow, ExpenseDetail, ExpenseView, LineView,
};
use crate::document::text::long_date;
use crate::document::{Block, Document, Section};
use crate::domain::budget::Figures;
use crate::domain::value::format_yuan;
use crate::error::AppResult;
use crate::export::{write_row, xlsx_err};
use crate::i18n::Lang;
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

fn money_format() -> XlsxFormat {
    XlsxFormat::new().set_num_format("#,##0.00")
}

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// The budget workbook: one sheet per view (category, region, campaign, period), then the
/// plan's lines and the requests. Amounts in yuan as numbers, two decimals.
pub fn budget_xlsx(
    views: &[(String, BudgetReport)],
    lines: &[LineView],
    requests: &[ExpenseView],
    lang: Lang,
) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let head = XlsxFormat::new().set_bold();
    let money = money_format();
    let figure_heads: Vec<String> = [
        lang.pick("预算", "Plan"),
        lang.pick("已占用", "Committed"),
        lang.pick("已报销", "Actual"),
        lang.pick("可用", "Available"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let write_figures =
        |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, f: &Figures| -> AppResult<()> {
            for (i, v) in [f.plan_fen, f.committed_fen, f.actual_fen, f.available_fen]
                .into_iter()
                .enumerate()
            {
                sheet
                    .write_number_with_format(r, c + i as u16, yuan(v), &money)
                    .map_err(xlsx_err)?;
            }
            Ok(())
        };
    for (name, report) in views {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(xlsx_err)?;
        let mut headers = vec![name.clone()];
        headers.extend(figure_heads.iter().cloned());
        write_row(sheet, 0, &headers, Some(&head))?;
        let mut r = 1u32;
        for row in &report.rows {
            sheet.write_string(r, 0, &row.key).map_err(xlsx_err)?;
            write_figures(sheet, r, 1, &row.figures)?;
            r += 1;
        }
        sheet
            .write_string_with_format(r, 0, lang.pick("合计", "Total"), &head)
            .map_err(xlsx_err)?;
        write_figures(sheet, r, 1, &report.total)?;
        sheet.set_column_width(0, 24).map_err(xlsx_err)?;
        for c in 1..5 {
            sheet.set_column_width(c, 16).map_err(xlsx_err)?;
        }
    }
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("预算行", "Plan lines"))
        .map_err(xlsx_err)?;
    let mut headers: Vec<String> = [
        lang.pick("期间", "Period"),
        lang.pick("类别", "Category"),
        lang.pick("区域", "Region"),
        lang.pick("活动", "Campaign"),
        lang.pick("原预算", "Baseline"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers.extend(figure_heads.iter().cloned());
    write_row(sheet, 0, &headers, Some(&head))?;
    for (i, l) in lines.iter().enumerate() {
        let r = 1 + i as u32;
        write_row(
            sheet,
            r,
            &[
                l.line.period.code(),
                l.line.category.clone(),
                l.line.region.clone().unwrap_or_default(),
                l.line.campaign.clone().unwrap_or_default(),
            ],
            None,
        )?;
        if let Some(b) = l.line.baseline_fen {
            sheet
                .write_number_with_format(r, 4, yuan(b), &money)
                .map_err(xlsx_err)?;
        }
        write_figures(sheet, r, 5, &l.figures)?;
    }
    let sheet = book.add_worksheet();
    sheet
        .set_name(lang.pick("费用明细", "Requests"))
        .map_err(xlsx_err)?;
    let headers: Vec<String> = [
        lang.pick("日期", "Date"),
        lang.pick("申请人", "Requester"),
        lang.pick("区域", "Region"),
        lang.pick("活动", "Campaign"),
        lang.pick("类别", "Category"),
        lang.pick("收款方", "Payee"),
        lang.pick("说明", "Description"),
        lang.pick("申请金额", "Requested"),
        lang.pick("核准金额", "Approved"),
        lang.pick("报销金额", "Paid"),
        lang.pick("状态", "Status"),
        lang.pick("审批人", "Approver"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    write_row(sheet, 0, &headers, Some(&head))?;
    for (i, v) in requests.iter().enumerate() {
        let e = &v.expense;
        let r = 1 + i as u32;
        write_row(
            sheet,
            r,
            &[
                e.date.to_string(),
                e.requester.clone(),
                e.region.clone().unwrap_or_default(),
                e.campaign.clone().unwrap_or_default(),
                e.category.clone(),
                e.payee.clone(),
                e.description.clone(),
            ],
            None,
        )?;
        for (c, v) in [
            (7u16, Some(e.requested_fen)),
            (8, e.approved_fen),
            (9, e.paid_fen),
        ] {
            if let Some(v) = v {
                sheet
                    .write_number_with_format(r, c, yuan(v), &money)
                    .map_err(xlsx_err)?;
            }
        }
        sheet
            .write_string(r, 10, &v.status_label)
            .map_err(xlsx_err)?;
        sheet.write_string(r, 11, &e.approver).map_err(xlsx_err)?;
    }
    for (c, w) in [12, 10, 8, 18, 8, 22, 24, 14, 14, 14, 8, 10]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, w).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// 费用申请单: the request's facts, the amount in figures and in capitals, the price-limit
/// flag, the evidence list, and boxes for the requester, the approver and finance to sign.
pub fn expense_form(d: &ExpenseDetail, lang: Lang) -> Document {
    let e = &d.view.expense;
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let mut facts = vec![
        (pick("申请编号", "Request no."), format!("FY-{:06}", e.id)),
        (pick("申请日期", "Date"), long_date(lang, e.date)),
        (pick("申请人", "Requester"), e.requester.clone()),
        (
            pick("区域", "Region"),
            dash(e.region.as_deref().unwrap_or("")),
        ),
        (
            pick("活动", "Campaign"),
            dash(e.campaign.as_deref().unwrap_or("")),
        ),
        (pick("费用类别", "Category"), e.category.clone()),
        (pick("收款方", "Payee"), e.payee.clone()),
        (pick("事由", "Description"), dash(&e.description)),
        (
            pick("申请金额（小写）", "Amount requested"),
            format_yuan(e.requested_fen),
        ),
        (
            pick("人民币（大写）", "In Chinese capitals"),
            d.requested_capitals.clone(),
        ),
        (pick("状态", "Status"), d.view.status_label.clone()),
    ];
    if let Some(a) = e.approved_fen {
        facts.push((pick("核准金额", "Approved"), format_yuan(a)));
    }
    if let Some(p) = e.paid_fen {
        facts.push((pick("报销金额", "Paid"), format_yuan(p)));
    }
    if let Some(l) = &d.view.line {
        facts.push((pick("预算行", "Plan line"), l.clone()));
    }
    let mut sections = vec![Section {
        title: pick("申请内容", "Request"),
        blocks: vec![Block::Facts(facts)],
    }];
    if !d.violations.is_empty() {
        let rows = d
            .violations
            .iter()
            .map(|v| {
                vec![
                    v.date.to_string(),
                    v.region.clone(),
                    v.channel.clone(),
                    v.product.clone(),
                    format_yuan(v.price_fen),
                    format_yuan(v.limit_fen),
                    v.note.clone(),
                ]
            })
            .collect();
        sections.push(Section {
            title: pick(
                "限价违规（违者将不予报销）",
                "Price-limit violations (no reimbursement for violators)",
            ),
            blocks: vec![Block::Table {
                headers: [
                    pick("日期", "Date"),
                    pick("区域", "Region"),
                    pick("渠道", "Channel"),
                    pick("产品", "Product"),
                    pick("成交价", "Price"),
                    pick("限价", "Limit"),
                    pick("说明", "Note"),
                ]
                .to_vec(),
                right: vec![false, false, false, false, true, true, false],
                rows,
            }],
        });
    }
    let evidence: Vec<String> = d
        .evidence
        .iter()
        .map(|v| {
            format!(
                "{} · {} ({:.0} KB)",
                v.kind.label(lang),
                v.file_name,
                v.size as f64 / 1024.0
            )
        })
        .collect();
    sections.push(Section {
        title: pick("凭证", "Evidence"),
        blocks: vec![if evidence.is_empty() {
            Block::Para(pick("尚未附凭证。", "No evidence attached yet."))
        } else {
            Block::List(evidence)
        }],
    });
    let line = "________________________".to_string();
    sections.push(Section {
        title: pick("签字", "Signatures"),
        blocks: vec![Block::Facts(vec![
            (
                pick("申请人", "Requester"),
                format!("{line}  {}", pick("日期", "Date")),
            ),
            (
                pick("审批人", "Approver"),
                format!("{line}  {}", pick("日期", "Date")),
            ),
            (
                pick("财务", "Finance"),
                format!("{line}  {}", pick("日期", "Date")),
            ),
        ])],
    });
    Document {
        title: format!("{} FY-{:06}", pick("费用申请单", "Expense request"), e.id),
        subtitle: format!("{} · {}", e.payee, format_yuan(e.requested_fen)),
        kind: pick("费用申请单", "Expense request form"),
        sections,
        form: None,
    }
}

fn cost_table(rows: &[CostRow], key: String, lang: Lang, units: bool) -> Block {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    // Payees have no plan of their own: their table leaves the column out.
    let plan = rows.iter().any(|r| r.plan_fen != 0);
    let mut headers = vec![key];
    if plan {
        headers.push(pick("预算", "Plan"));
    }
    headers.extend([
        pick("已占用", "Committed"),
        pick("已报销", "Actual"),
        pick("申请数", "Requests"),
    ]);
    if units {
        headers.push(pick("销量", "Units"));
        headers.push(pick("单台费用", "Cost per unit"));
    }
    let n = headers.len();
    Block::Table {
        right: (0..n).map(|i| i > 0).collect(),
        headers,
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![r.key.clone()];
                if plan {
                    row.push(format_yuan(r.plan_fen));
                }
                row.extend([
                    format_yuan(r.committed_fen),
                    format_yuan(r.actual_fen),
                    r.requests.to_string(),
                ]);
                if units {
                    row.push(r.units.map_or("—".into(), |u| u.to_string()));
                    row.push(r.cost_per_unit_fen.map_or("—".into(), format_yuan));
                }
                row
            })
            .collect(),
    }
}

fn request_rows(list: &[ExpenseView], lang: Lang) -> Block {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    Block::Table {
        headers: vec![
            pick("日期", "Date"),
            pick("区域", "Region"),
            pick("收款方", "Payee"),
            pick("类别", "Category"),
            pick("申请金额", "Requested"),
            pick("状态", "Status"),
        ],
        right: vec![false, false, false, false, true, false],
        rows: list
            .iter()
            .map(|v| {
                let e = &v.expense;
                vec![
                    e.date.to_string(),
                    e.region.clone().unwrap_or_default(),
                    e.payee.clone(),
                    e.category.clone(),
                    format_yuan(e.requested_fen),
                    v.status_label.clone(),
                ]
            })
            .collect(),
    }
}

/// 活动费用分析报告: plan, committed and actual; by category (with the variance chart), region
/// (with units sold and the cost per unit) and payee; the requests the price limit flags; the
/// evidence missing.
pub fn cost_report(c: &CampaignCosts, by_category: Option<Chart>, lang: Lang) -> Document {
    let pick = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let f = &c.figures;
    let mut summary = vec![
        (pick("预算", "Plan"), format_yuan(f.plan_fen)),
        (
            pick(
                "已占用（已提交、已批准）",
                "Committed (submitted, approved)",
            ),
            format_yuan(f.committed_fen),
        ),
        (
            pick("已报销", "Actual (reimbursed)"),
            format_yuan(f.actual_fen),
        ),
        (pick("可用", "Available"), format_yuan(f.available_fen)),
    ];
    if let Some(u) = c.units {
        summary.push((pick("销量（复盘）", "Units sold (review)"), u.to_string()));
    }
    if let Some(p) = c.cost_per_unit_fen {
        summary.push((pick("单台费用", "Cost per unit sold"), format_yuan(p)));
    }
    let mut first = vec![Block::Facts(summary)];
    if f.available_fen < 0 {
        first.push(Block::Para(match lang {
            Lang::ZhCn => format!("超出预算 {}。", format_yuan(-f.available_fen)),
            Lang::En => format!("Over plan by {}.", format_yuan(-f.available_fen)),
        }));
    }
    let mut by_cat = vec![cost_table(
        &c.by_category,
        pick("类别", "Category"),
        lang,
        false,
    )];
    if let Some(chart) = by_category {
        by_cat.push(Block::Picture {
            name: "cost-by-category".into(),
            caption: pick(
                "各类别可用余额（负数为超支）",
                "Available by category (below 0: over plan)",
            ),
            chart,
        });
    }
    let mut sections = vec![
        Section {
            title: pick("概况", "Summary"),
            blocks: first,
        },
        Section {
            title: pick("按类别", "By category"),
            blocks: by_cat,
        },
        Section {
            title: pick("按区域", "By region"),
            blocks: vec![cost_table(&c.by_region, pick("区域", "Region"), lang, true)],
        },
        Section {
            title: pick("按收款方", "By payee"),
            blocks: vec![cost_table(
                &c.by_payee,
                pick("收款方", "Payee"),
                lang,
                false,
            )],
        },
    ];
    sections.push(Section {
        title: pick(
            "限价违规涉及的申请（违者将不予报销）",
            "Requests flagged by price-limit violations",
        ),
        blocks: vec![if c.flagged.is_empty() {
            Block::Para(pick("没有。", "None."))
        } else {
            request_rows(&c.flagged, lang)
        }],
    });
    sections.push(Section {
        title: pick("缺少凭证", "Evidence missing"),
        blocks: vec![if c.evidence_missing.is_empty() {
            Block::Para(pick("没有。", "None."))
        } else {
            request_rows(&c.evidence_missing, lang)
        }],
    });
    Document {
        title: c.campaign.clone(),
        subtitle: pick("活动费用分析报告", "Campaign cost report"),
        kind: pick("活动费用分析报告", "Campaign cost report"),
        sections,
        form: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::budget::ExpenseDetail;
    use crate::domain::budget::{EvidenceKind, ExpenseStatus};
    use crate::store::budget::{Evidence, Expense};
    use chrono::NaiveDate;

    fn detail(lang: Lang) -> ExpenseDetail {
        let e = Expense {
            id: 7,
            date: NaiveDate::from_ymd_opt(2026, 4, 23).unwrap_or_default(),
            staff_id: None,
            requester: "曾伟".into(),
            region_id: Some(1),
            region: Some("安徽".into()),
            campaign_id: Some(1),
            campaign: Some("江森五一焕新季".into()),
            category_id: 2,
            category: "促销".into(),
            payee: "合肥庐阳江森专卖店".into(),
            description: "五一特价车让利补贴".into(),
            requested_fen: 6_000_000,
            approved_fen: Some(6_000_000),
            paid_fen: None,
            status: ExpenseStatus::Approved,
            submitted_on: None,
            approver: "市场部 李经理".into(),
            approved_on: None,
            paid_on: None,
            reason: String::new(),
            evidence: 1,
            needs_evidence: true,
            batch_id: None,
        };
        ExpenseDetail {
            view: ExpenseView {
                status_label: e.status.label(lang).into(),
                line: Some("2026Q2 · 促销 · 安徽 · 江森五一焕新季".into()),
                flags: 0,
                evidence_missing: false,
                waiting_days: None,
                next: Vec::new(),
                expense: e,
            },
            evidence: vec![Evidence {
                id: 1,
                expense_id: 7,
                kind: EvidenceKind::Photo,
                file_name: "门头照片.jpg".into(),
                size: 2_048_000,
                thumb_png: None,
                thumb: String::new(),
                added_at: "2026-04-24T10:00:00".into(),
            }],
            violations: Vec::new(),
            requested_capitals: "陆万元整".into(),
        }
    }

    #[test]
    fn the_request_form_carries_the_capitals_and_every_glyph_is_in_the_bundled_font() {
        for lang in [Lang::ZhCn, Lang::En] {
            let doc = expense_form(&detail(lang), lang);
            let text = doc.text();
            assert!(text.contains("陆万元整"), "{text}");
            assert!(text.contains("FY-000007"));
            // Every capital digit and unit a form can print, and every label of both languages.
            let all = format!("{text}零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整");
            let missing = crate::document::pdf::missing_glyphs(&all);
            assert!(missing.is_empty(), "not in the bundled font: {missing:?}");
        }
    }
}
