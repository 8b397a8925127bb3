//! A Gantt picture of a campaign's plan for its brief: one bar per task (and the campaign
//! itself), a day axis with month ticks, holidays shaded. PNG for documents, SVG on screen.

use super::{ensure_font, font, render_png};
use crate::error::{AppError, AppResult};
use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

#[derive(Debug, Clone)]
pub struct GanttRow {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The campaign's own bar is drawn in the accent colour, done work lighter.
    pub emphasis: bool,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct GanttChart {
    pub title: String,
    pub rows: Vec<GanttRow>,
    /// Shaded spans (holidays) with their labels.
    pub shades: Vec<(String, NaiveDate, NaiveDate)>,
    pub width: u32,
}

const ROW: u32 = 22;
const LABEL_W: u32 = 260;

impl GanttChart {
    pub fn height(&self) -> u32 {
        60 + ROW * self.rows.len().max(1) as u32 + 30
    }

    fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.rows.iter().map(|r| r.start).min()?;
        let to = self.rows.iter().map(|r| r.end).max()?;
        Some((from, to.max(from)))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> AppResult<()>
    where
        DB::ErrorType: 'static,
    {
        let fail =
            |e: DrawingAreaErrorKind<DB::ErrorType>| AppError::Internal(format!("gantt: {e:?}"));
        root.fill(&WHITE).map_err(fail)?;
        root.draw_text(&self.title, &font(18.0).color(&BLACK), (10, 10))
            .map_err(fail)?;
        let Some((from, to)) = self.span() else {
            return root.present().map_err(fail);
        };
        let days = (to - from).num_days() + 1;
        let plot_w = self.width.saturating_sub(LABEL_W + 20).max(100) as f64;
        let x = |d: NaiveDate| {
            LABEL_W as i32 + (((d - from).num_days() as f64) * plot_w / days as f64) as i32
        };
        let top = 60i32;
        let bottom = top + (ROW * self.rows.len() as u32) as i32;
        let accent = RGBColor(200, 16, 46);
        let task = RGBColor(132, 173, 255);
        let done = RGBColor(190, 208, 250);
        for (label, a, b) in &self.shades {
            if *b < from || *a > to {
                continue;
            }
            let (a, b) = ((*a).max(from), (*b).min(to));
            root.draw(&Rectangle::new(
                [(x(a), top - 6), (x(b.succ_opt().unwrap_or(b)), bottom)],
                RGBColor(253, 232, 234).filled(),
            ))
            .map_err(fail)?;
            root.draw_text(label, &font(11.0).color(&accent), (x(a) + 2, top - 20))
                .map_err(fail)?;
        }
        // Month ticks along the bottom.
        let mut d = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).unwrap_or(from);
        while d <= to {
            if d >= from {
                root.draw(&PathElement::new(
                    vec![(x(d), top - 6), (x(d), bottom + 4)],
                    RGBColor(208, 213, 221),
                ))
                .map_err(fail)?;
                root.draw_text(
                    &d.format("%Y-%m").to_string(),
                    &font(11.0).color(&RGBColor(95, 103, 117)),
                    (x(d) + 2, bottom + 8),
                )
                .map_err(fail)?;
            }
            d = d
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(to.succ_opt().unwrap_or(to));
        }
        for (i, r) in self.rows.iter().enumerate() {
            let y = top + (i as u32 * ROW) as i32;
            let label: String = r.label.chars().take(22).collect();
            root.draw_text(&label, &font(12.0).color(&BLACK), (10, y + 4))
                .map_err(fail)?;
            let colour = if r.emphasis {
                accent
            } else if r.done {
                done
            } else {
                task
            };
            let (a, b) = (
                x(r.start),
                x(r.end.succ_opt().unwrap_or(r.end)).max(x(r.start) + 3),
            );
            root.draw(&Rectangle::new(
                [(a, y + 4), (b, y + ROW as i32 - 4)],
                colour.filled(),
            ))
            .map_err(fail)?;
        }
        root.present().map_err(fail)
    }

    pub fn to_png(&self) -> AppResult<Vec<u8>> {
        render_png(self.width, self.height(), |root| self.draw(root))
    }

    pub fn to_svg(&self) -> AppResult<String> {
        ensure_font()?;
        let mut out = String::new();
        {
            let root =
                SVGBackend::with_string(&mut out, (self.width, self.height())).into_drawing_area();
            self.draw(root)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_and_chinese_labels() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let g = GanttChart {
            title: "江森五一焕新季 计划".into(),
            rows: vec![
                GanttRow {
                    label: "活动方案策划".into(),
                    start: d("2026-03-01"),
                    end: d("2026-03-15"),
                    emphasis: false,
                    done: true,
                },
                GanttRow {
                    label: "江森五一焕新季".into(),
                    start: d("2026-04-28"),
                    end: d("2026-05-05"),
                    emphasis: true,
                    done: false,
                },
            ],
            shades: vec![("五一".into(), d("2026-05-01"), d("2026-05-05"))],
            width: 900,
        };
        let svg = g.to_svg().unwrap();
        assert!(svg.contains("活动方案策划") && svg.contains("五一"));
        let png = g.to_png().unwrap();
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!((img.width(), img.height()), (900, g.height()));
        // The campaign's accent bar is there.
        let red = img.pixels().filter(|p| p.0 == [200, 16, 46]).count();
        assert!(red > 100, "{red} accent pixels");
    }
}
