//! Budget charts: the burn-up (cumulative plan, committed + actual, and actual over the year's
//! months) and the variance by category (available, signed: over plan below the axis).
//! Amounts are plotted in ten-thousands of yuan (万元), the unit a budget is read in.

use super::{ensure_font, font, render_png};
use crate::error::{AppError, AppResult};
use plotters::prelude::*;

/// Month by month (index 0 = January), cumulative, in fen.
#[derive(Debug, Clone)]
pub struct BurnUpChart {
    pub title: String,
    pub months: Vec<String>,
    pub series: Vec<(String, Vec<i64>)>,
    pub y_label: String,
    pub width: u32,
    pub height: u32,
}

const COLOURS: [RGBColor; 3] = [
    RGBColor(0x64, 0x74, 0x8b),
    RGBColor(0xd9, 0x77, 0x06),
    RGBColor(0x2b, 0x6c, 0xb0),
];

fn wan(fen: i64) -> f64 {
    fen as f64 / 1_000_000.0
}

impl BurnUpChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> AppResult<()>
    where
        DB::ErrorType: 'static,
    {
        let fail =
            |e: DrawingAreaErrorKind<DB::ErrorType>| AppError::Internal(format!("burn-up: {e:?}"));
        root.fill(&WHITE).map_err(fail)?;
        let n = self.months.len().max(1);
        let top = self
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .map_or(1.0, |m| wan(m).max(1.0) * 1.1);
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, font(20.0))
            .margin(14)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(0..(n - 1).max(1), 0.0..top)
            .map_err(fail)?;
        let labels = self.months.clone();
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&|i| labels.get(*i).cloned().unwrap_or_default())
            .y_desc(&self.y_label)
            .label_style(font(13.0))
            .axis_desc_style(font(13.0))
            .draw()
            .map_err(fail)?;
        for (k, (name, values)) in self.series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let style = ShapeStyle::from(&colour).stroke_width(if k == 0 { 2 } else { 3 });
            chart
                .draw_series(LineSeries::new(
                    values.iter().enumerate().map(|(i, v)| (i, wan(*v))),
                    style,
                ))
                .map_err(fail)?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .label_font(font(13.0))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(fail)?;
        root.present().map_err(fail)?;
        Ok(())
    }

    pub fn to_svg(&self) -> AppResult<String> {
        ensure_font()?;
        let mut out = String::new();
        {
            let root =
                SVGBackend::with_string(&mut out, (self.width, self.height)).into_drawing_area();
            self.draw(root)?;
        }
        Ok(out)
    }

    pub fn to_png(&self) -> AppResult<Vec<u8>> {
        render_png(self.width, self.height, |root| self.draw(root))
    }
}

/// One bar per category: what is still available (negative: over plan, drawn red below 0).
#[derive(Debug, Clone)]
pub struct VarianceChart {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<(String, i64)>,
    pub width: u32,
    pub height: u32,
}

impl VarianceChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> AppResult<()>
    where
        DB::ErrorType: 'static,
    {
        let fail =
            |e: DrawingAreaErrorKind<DB::ErrorType>| AppError::Internal(format!("variance: {e:?}"));
        root.fill(&WHITE).map_err(fail)?;
        let n = self.bars.len().max(1);
        let hi = self
            .bars
            .iter()
            .map(|(_, v)| wan(*v))
            .fold(0.0_f64, f64::max);
        let lo = self
            .bars
            .iter()
            .map(|(_, v)| wan(*v))
            .fold(0.0_f64, f64::min);
        let pad = ((hi - lo).max(1.0)) * 0.12;
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, font(20.0))
            .margin(14)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(
                (0..n).into_segmented(),
                (lo - if lo < 0.0 { pad } else { 0.0 })..(hi + pad),
            )
            .map_err(fail)?;
        let labels: Vec<String> = self.bars.iter().map(|(l, _)| l.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc(&self.y_label)
            .label_style(font(13.0))
            .axis_desc_style(font(13.0))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
                let colour = if *v < 0 {
                    RGBColor(0xc5, 0x30, 0x30)
                } else {
                    RGBColor(0x2f, 0x85, 0x5a)
                };
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), wan(*v)),
                    ],
                    colour.filled(),
                );
                bar.set_margin(0, 0, 10, 10);
                bar
            }))
            .map_err(fail)?;
        root.present().map_err(fail)?;
        Ok(())
    }

    pub fn to_svg(&self) -> AppResult<String> {
        ensure_font()?;
        let mut out = String::new();
        {
            let root =
                SVGBackend::with_string(&mut out, (self.width, self.height)).into_drawing_area();
            self.draw(root)?;
        }
        Ok(out)
    }

    pub fn to_png(&self) -> AppResult<Vec<u8>> {
        render_png(self.width, self.height, |root| self.draw(root))
    }
}
