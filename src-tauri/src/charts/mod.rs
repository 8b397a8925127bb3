//! Charts drawn in Rust with plotters: SVG for the screen, PNG for exports. All text uses the
//! bundled Simplified-Chinese font, so 中文 labels render on machines without CJK fonts.

pub mod budget;
pub mod gantt;
pub mod price;

/// A chart a document carries, drawn only in the form its format needs (SVG for a PDF,
/// PNG for Word and Markdown).
#[derive(Debug, Clone)]
pub enum Chart {
    Gantt(gantt::GanttChart),
    Price(price::PriceChart),
    Bars(BarChart),
    BurnUp(budget::BurnUpChart),
    Variance(budget::VarianceChart),
}

impl Chart {
    pub fn to_svg(&self) -> AppResult<String> {
        match self {
            Chart::Gantt(c) => c.to_svg(),
            Chart::Price(c) => c.to_svg().map(|s| s.svg),
            Chart::Bars(c) => c.to_svg(),
            Chart::BurnUp(c) => c.to_svg(),
            Chart::Variance(c) => c.to_svg(),
        }
    }

    pub fn to_png(&self) -> AppResult<Vec<u8>> {
        match self {
            Chart::Gantt(c) => c.to_png(),
            Chart::Price(c) => c.to_png(),
            Chart::Bars(c) => c.to_png(),
            Chart::BurnUp(c) => c.to_png(),
            Chart::Variance(c) => c.to_png(),
        }
    }
}

use crate::error::{AppError, AppResult};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::sync::OnceLock;

/// Noto Sans CJK SC (SIL OFL 1.1), subset; see assets/fonts/.
pub static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-MarketDesk.otf");

/// The family name charts use. The UI maps the same name to the same font with @font-face.
pub const FONT_FAMILY: &str = "MarketDesk Sans";

static FONT: OnceLock<Result<(), String>> = OnceLock::new();

/// Register the bundled font with plotters once per process.
pub fn ensure_font() -> AppResult<()> {
    FONT.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES)
            .map_err(|_| "the bundled font could not be loaded".to_string())
    })
    .clone()
    .map_err(AppError::Internal)
}

pub fn font(size: f64) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().into()
}

/// A bar chart: one bar per labelled value. Used for summaries (e.g. rises vs. falls).
#[derive(Debug, Clone)]
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<(String, f64)>,
    /// The top of the value axis (100 for percentages); None: a little above the highest bar.
    pub y_max: Option<f64>,
    pub width: u32,
    pub height: u32,
}

impl BarChart {
    fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) -> AppResult<()>
    where
        DB::ErrorType: 'static,
    {
        let fail =
            |e: DrawingAreaErrorKind<DB::ErrorType>| AppError::Internal(format!("chart: {e:?}"));
        root.fill(&WHITE).map_err(fail)?;
        let n = self.bars.len().max(1);
        let top = self.y_max.unwrap_or_else(|| {
            self.bars
                .iter()
                .map(|(_, v)| *v)
                .fold(0.0_f64, f64::max)
                .max(1.0)
                * 1.15
        });
        let mut chart = ChartBuilder::on(&root)
            .caption(&self.title, font(22.0))
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d((0..n).into_segmented(), 0.0..top)
            .map_err(fail)?;
        let labels: Vec<String> = self.bars.iter().map(|(l, _)| l.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc(&self.y_label)
            .label_style(font(14.0))
            .axis_desc_style(font(14.0))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(fail)?;
        chart
            .draw_series(self.bars.iter().enumerate().map(|(i, (_, v))| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ],
                    RGBColor(0x2b, 0x6c, 0xb0).filled(),
                );
                bar.set_margin(0, 0, 12, 12);
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

/// Draw onto an RGB bitmap of `width` × `height` and encode it as PNG (for exports).
pub fn render_png(
    width: u32,
    height: u32,
    draw: impl FnOnce(DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> AppResult<()>,
) -> AppResult<Vec<u8>> {
    ensure_font()?;
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    draw(BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area())?;
    encode_png(width, height, rgb)
}

fn encode_png(width: u32, height: u32, rgb: Vec<u8>) -> AppResult<Vec<u8>> {
    let img = image::RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| AppError::Internal("chart buffer size".into()))?;
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageOutputFormat::Png)
        .map_err(|e| AppError::Internal(format!("png: {e}")))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Render one string alone and return its dark pixels' positions.
    fn ink(text: &str) -> Vec<(u32, u32)> {
        ensure_font().unwrap();
        let (w, h) = (120u32, 80u32);
        let mut rgb = vec![0u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            root.fill(&WHITE).unwrap();
            root.draw_text(text, &font(48.0).color(&BLACK), (10, 10))
                .unwrap();
            root.present().unwrap();
        }
        let mut dark = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let i = ((y * w + x) * 3) as usize;
                if rgb[i] < 128 && rgb[i + 1] < 128 && rgb[i + 2] < 128 {
                    dark.push((x, y));
                }
            }
        }
        dark
    }

    #[test]
    fn chinese_glyphs_are_drawn_not_boxes() {
        let zhong = ink("中");
        let wen = ink("文");
        assert!(zhong.len() > 80, "中 drew {} pixels", zhong.len());
        assert!(wen.len() > 80, "文 drew {} pixels", wen.len());
        // A missing glyph draws the same .notdef box for both; real glyphs differ.
        assert_ne!(zhong, wen);
        // 中 has a full-height vertical stroke through its middle: a column with many dark pixels.
        let max_col = (0..120)
            .map(|x| zhong.iter().filter(|(px, _)| *px == x).count())
            .max()
            .unwrap();
        assert!(max_col >= 30, "tallest column {max_col}");
        assert!(ink("").is_empty());
    }

    #[test]
    fn bar_chart_png_and_svg_carry_chinese_labels() {
        let chart = BarChart {
            title: "五一价格变动 中文".into(),
            y_label: "组数".into(),
            bars: vec![
                ("上涨".into(), 3.0),
                ("下降".into(), 7.0),
                ("持平".into(), 2.0),
            ],
            y_max: None,
            width: 640,
            height: 400,
        };
        let png = chart.to_png().unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        // The caption band (top 40 px) must hold glyph pixels.
        let dark = (0..640)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0.iter().all(|c| *c < 100))
            .count();
        assert!(dark > 200, "caption drew {dark} dark pixels");
        let svg = chart.to_svg().unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("五一价格变动"));
        assert!(svg.contains("下降"));
    }
}
