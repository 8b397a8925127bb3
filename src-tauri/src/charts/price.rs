//! Price history: step lines per region (prices hold until the next sighting), our own
//! products of the same segment overlaid in bold red, holiday windows shaded. Series are
//! downsampled to the lowest and highest point per pixel column, so a million sightings
//! draw in about the time of ten thousand.

use super::{ensure_font, font, render_png};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use plotters::prelude::*;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone)]
pub struct PriceSeries {
    pub label: String,
    pub own: bool,
    /// (date, fen), in date order.
    pub points: Vec<(NaiveDate, i64)>,
}

#[derive(Debug, Clone)]
pub struct Shade {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct PriceChart {
    pub title: String,
    pub y_label: String,
    pub series: Vec<PriceSeries>,
    pub shades: Vec<Shade>,
    /// The dates to show; defaults to the data's own span.
    pub x_range: Option<(NaiveDate, NaiveDate)>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChartSvg {
    pub svg: String,
    #[ts(type = "number")]
    pub points: usize,
    #[ts(type = "number")]
    pub drawn_points: usize,
}

const PALETTE: [RGBColor; 8] = [
    RGBColor(0x2b, 0x6c, 0xb0),
    RGBColor(0xd9, 0x77, 0x06),
    RGBColor(0x2f, 0x85, 0x5a),
    RGBColor(0x8e, 0x44, 0xad),
    RGBColor(0x6b, 0x72, 0x80),
    RGBColor(0x0e, 0x7c, 0x86),
    RGBColor(0xa1, 0x62, 0x07),
    RGBColor(0x4c, 0x51, 0xbf),
];
const OWN: RGBColor = RGBColor(0xc8, 0x10, 0x2e);

/// Keep the lowest and highest point of each pixel column, in time order (so a step line
/// still reaches every extreme). Short series are returned as they are.
pub fn downsample(
    points: &[(NaiveDate, i64)],
    x0: NaiveDate,
    x1: NaiveDate,
    columns: u32,
) -> Vec<(NaiveDate, i64)> {
    let columns = i64::from(columns.max(1));
    if points.len() as i64 <= columns * 2 {
        return points.to_vec();
    }
    let span = (x1 - x0).num_days().max(1);
    let col_of = |d: NaiveDate| ((d - x0).num_days() * columns) / span;
    // First day that falls in column `col` (dates compare cheaply; date arithmetic does not).
    let column_start = |col: i64| {
        x0.checked_add_days(chrono::Days::new(
            ((col * span + columns - 1) / columns).max(0) as u64,
        ))
        .unwrap_or(NaiveDate::MAX)
    };
    let mut out = Vec::with_capacity(columns as usize * 2);
    let mut i = 0;
    while i < points.len() {
        let next = column_start(col_of(points[i].0) + 1);
        let (mut lo, mut hi, mut j) = (i, i, i);
        while j < points.len() && (points[j].0 < next || j == i) {
            if points[j].1 < points[lo].1 {
                lo = j;
            }
            if points[j].1 > points[hi].1 {
                hi = j;
            }
            j += 1;
        }
        out.push(points[lo.min(hi)]);
        if lo != hi {
            out.push(points[lo.max(hi)]);
        }
        i = j;
    }
    out
}

/// The dates shown and the points to draw per series.
type Prepared = (NaiveDate, NaiveDate, Vec<Vec<(NaiveDate, i64)>>);

impl PriceChart {
    /// The dates shown, and each series' visible points downsampled to the pixel columns
    /// (extremes kept, so the price axis can be taken from them). One pass over the data.
    fn prepared(&self) -> Option<Prepared> {
        let (x0, x1) = match self.x_range {
            Some(r) => r,
            None => {
                // Series are in date order: their ends give the span.
                let firsts = self
                    .series
                    .iter()
                    .filter_map(|s| s.points.first().map(|p| p.0));
                let lasts = self
                    .series
                    .iter()
                    .filter_map(|s| s.points.last().map(|p| p.0));
                (firsts.min()?, lasts.max()?)
            }
        };
        let x1 = if x1 <= x0 {
            x0.succ_opt().unwrap_or(x0)
        } else {
            x1
        };
        let columns = self.width.saturating_sub(100);
        let visible = self
            .series
            .iter()
            .map(|s| {
                let first = s.points.partition_point(|(d, _)| *d < x0);
                let last = s.points.partition_point(|(d, _)| *d <= x1);
                downsample(&s.points[first..last], x0, x1, columns)
            })
            .collect::<Vec<_>>();
        visible
            .iter()
            .any(|v| !v.is_empty())
            .then_some((x0, x1, visible))
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> AppResult<usize>
    where
        DB::ErrorType: 'static,
    {
        let fail =
            |e: DrawingAreaErrorKind<DB::ErrorType>| AppError::Internal(format!("chart: {e:?}"));
        root.fill(&WHITE).map_err(fail)?;
        let Some((x0, x1, visible)) = self.prepared() else {
            root.draw_text(&self.title, &font(18.0).color(&BLACK), (20, 20))
                .map_err(fail)?;
            return Ok(0);
        };
        let prices = || visible.iter().flatten().map(|p| p.1);
        let (y0, y1) = (prices().min().unwrap_or(0), prices().max().unwrap_or(0));
        let pad = ((y1 - y0) / 10).max(5_000);
        let (ylo, yhi) = ((y0 - pad).max(0) as f64 / 100.0, (y1 + pad) as f64 / 100.0);
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, font(20.0))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, ylo..yhi)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(0xe5, 0xe7, 0xeb))
            .label_style(font(13.0))
            .axis_desc_style(font(13.0))
            .y_desc(&self.y_label)
            .x_labels(8)
            .x_label_formatter(&|d: &NaiveDate| d.format("%m-%d").to_string())
            .y_label_formatter(&|v: &f64| format!("¥{v:.0}"))
            .draw()
            .map_err(fail)?;
        for s in &self.shades {
            let (a, b) = (s.from.max(x0), s.to.min(x1));
            if a > b {
                continue;
            }
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(a, ylo), (b.succ_opt().unwrap_or(b).min(x1), yhi)],
                    RGBColor(0xfd, 0xe6, 0x8a).mix(0.45).filled(),
                )))
                .map_err(fail)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    s.label.clone(),
                    (a, yhi - (yhi - ylo) * 0.04),
                    font(13.0).color(&RGBColor(0x92, 0x40, 0x0e)),
                )))
                .map_err(fail)?;
        }
        let mut drawn = 0;
        let mut competitor_i = 0;
        for (s, pts) in self.series.iter().zip(&visible) {
            drawn += pts.len();
            let mut step = Vec::with_capacity(pts.len() * 2);
            for (i, (d, p)) in pts.iter().enumerate() {
                if i > 0 {
                    step.push((*d, pts[i - 1].1 as f64 / 100.0));
                }
                step.push((*d, *p as f64 / 100.0));
            }
            let color = if s.own {
                OWN
            } else {
                let c = PALETTE[competitor_i % PALETTE.len()];
                competitor_i += 1;
                c
            };
            let style = ShapeStyle::from(&color).stroke_width(if s.own { 3 } else { 2 });
            if pts.len() <= 300 {
                // Mark the sightings themselves: the steps between them are held prices.
                chart
                    .draw_series(
                        pts.iter()
                            .map(|(d, p)| Circle::new((*d, *p as f64 / 100.0), 3, color.filled())),
                    )
                    .map_err(fail)?;
            }
            // Our products stand out by colour and weight. (Dashes cost time in proportion to
            // the path's length, which a dense zig-zag makes long.)
            chart
                .draw_series(LineSeries::new(step, style))
                .map_err(fail)?
                .label(s.label.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        }
        chart
            .configure_series_labels()
            .label_font(font(13.0))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .map_err(fail)?;
        root.present().map_err(fail)?;
        Ok(drawn)
    }

    pub fn to_svg(&self) -> AppResult<ChartSvg> {
        ensure_font()?;
        let mut svg = String::new();
        let drawn = {
            let root =
                SVGBackend::with_string(&mut svg, (self.width, self.height)).into_drawing_area();
            self.draw(root)?
        };
        Ok(ChartSvg {
            svg,
            points: self.series.iter().map(|s| s.points.len()).sum(),
            drawn_points: drawn,
        })
    }

    pub fn to_png(&self) -> AppResult<Vec<u8>> {
        render_png(self.width, self.height, |root| self.draw(root).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn downsampling_keeps_extremes_and_bounds_the_count() {
        let x0 = d(1, 1);
        let pts: Vec<(NaiveDate, i64)> = (0..100_000)
            .map(|i| {
                (
                    x0 + chrono::Days::new(i / 1000),
                    300_000 + (i as i64 * 7919) % 20_000,
                )
            })
            .collect();
        let x1 = pts.last().unwrap().0;
        let out = downsample(&pts, x0, x1, 50);
        assert!(out.len() <= 50 * 2 + 2, "{}", out.len());
        let min = pts.iter().map(|p| p.1).min().unwrap();
        let max = pts.iter().map(|p| p.1).max().unwrap();
        assert_eq!(out.iter().map(|p| p.1).min().unwrap(), min);
        assert_eq!(out.iter().map(|p| p.1).max().unwrap(), max);
        assert!(out.windows(2).all(|w| w[0].0 <= w[1].0), "time order kept");
    }

    #[test]
    fn price_chart_svg_has_labels_and_shading() {
        let chart = PriceChart {
            title: "雅迪 冠能Q7 价格走势".into(),
            y_label: "有效价（元）".into(),
            series: vec![
                PriceSeries {
                    label: "河南".into(),
                    own: false,
                    points: vec![(d(4, 17), 339_900), (d(4, 24), 339_900), (d(5, 1), 319_900)],
                },
                PriceSeries {
                    label: "江森 JS-M5".into(),
                    own: true,
                    points: vec![(d(4, 17), 329_900), (d(5, 2), 319_900)],
                },
            ],
            shades: vec![Shade {
                label: "五一".into(),
                from: d(5, 1),
                to: d(5, 5),
            }],
            x_range: Some((d(4, 17), d(5, 5))),
            width: 800,
            height: 420,
        };
        let out = chart.to_svg().unwrap();
        assert!(out.svg.contains("冠能Q7"));
        assert!(out.svg.contains("五一"));
        assert!(out.svg.contains("江森 JS-M5"));
        assert_eq!(out.points, 5);
        let png = chart.to_png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
