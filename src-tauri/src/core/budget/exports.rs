//! The budget exports: the budget workbook, a request's printed form, a campaign's cost
//! report — the documents through the one document runner.

use super::*;
use crate::charts::budget::VarianceChart;
use crate::charts::Chart;
use crate::core::{file_name, DocumentExport};
use crate::export::budget as x;

impl AppCore {
    /// The year's budget as a workbook: a sheet per view, the lines, the requests.
    pub fn export_budget_xlsx(&self, year: i32, path: &Path) -> AppResult<String> {
        let is_xlsx = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if !is_xlsx {
            return Err(AppError::invalid(
                "out",
                "文件的扩展名应为 .xlsx。",
                "The file name must end in .xlsx.",
            ));
        }
        let lang = self.lang();
        let mut views = Vec::new();
        for (by, zh, en) in [
            (ReportBy::Category, "按类别", "By category"),
            (ReportBy::Region, "按区域", "By region"),
            (ReportBy::Campaign, "按活动", "By campaign"),
            (ReportBy::Period, "按期间", "By period"),
        ] {
            views.push((lang.pick(zh, en).to_string(), self.budget_report(year, by)?));
        }
        let lines = match self.budget_plan_of_year(year)? {
            Some(p) => self.budget_lines(p.id)?,
            None => Vec::new(),
        };
        let requests = self.expense_list(ExpenseFilter {
            year: Some(year),
            ..ExpenseFilter::default()
        })?;
        let bytes = x::budget_xlsx(&views, &lines, &requests, lang)?;
        crate::export::write_atomically(path, &bytes)?;
        Ok(file_name(path))
    }

    /// A request's printed form (.pdf, .docx or .md).
    pub fn export_expense_form(
        &self,
        id: i64,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<DocumentExport> {
        let lang = self.lang();
        self.export_document(path, progress, |core| {
            Ok(x::expense_form(&core.expense_detail(id)?, lang))
        })
    }

    /// A campaign's cost report (.pdf, .docx or .md).
    pub fn export_cost_report(
        &self,
        campaign_id: i64,
        path: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<DocumentExport> {
        let lang = self.lang();
        self.export_document(path, progress, |core| {
            let c = core.campaign_costs(campaign_id)?;
            let chart = (!c.by_category.is_empty()).then(|| {
                Chart::Variance(VarianceChart {
                    title: lang
                        .pick(
                            "各类别可用余额（负数为超支）",
                            "Available by category (below 0: over plan)",
                        )
                        .to_string(),
                    y_label: lang.pick("万元", "¥10k").to_string(),
                    bars: c
                        .by_category
                        .iter()
                        .map(|r| (r.key.clone(), r.plan_fen - r.committed_fen - r.actual_fen))
                        .collect(),
                    width: 760,
                    height: 320,
                })
            });
            Ok(x::cost_report(&c, chart, lang))
        })
    }
}
