//! 竞品 Competitor tracking: price-report imports, sightings, price moves, activities,
//! battlecards, segments and the price chart.

use super::{file_name, AppCore};
use crate::charts::price::{ChartSvg, PriceChart, Shade};
use crate::domain::audit::ActionKind;
use crate::domain::competitors::{MovesQuery, MovesResult};
use crate::domain::holidays::Holiday;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::import::competitors::{ImportOptions, ImportReport};
use crate::import::read;
use crate::store::competitors::{
    self as comp, Channel, ObservationPage, ObservationPageQuery, Product,
};
use crate::store::competitors::{
    Activity, ActivityInput, Battlecard, ProductInput, SegmentView, SightingInput,
};
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
pub struct PriceChartQuery {
    #[ts(type = "number")]
    pub product_id: i64,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub width: Option<u32>,
}

impl AppCore {
    /// Read the picked file and check every row with the user's choices; writes nothing.
    pub fn preview_import(&self, choices: ImportOptions) -> AppResult<ImportReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        let opts = ImportOptions {
            dry_run: true,
            ..choices
        };
        self.import_file(&path, &opts, &mut |_, _| {})
    }

    /// Import the picked file as one batch, reporting progress; cancellable.
    pub fn run_import(
        &self,
        choices: ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<ImportReport> {
        let path = self.pending_import()?;
        self.import_cancel.reset();
        let opts = ImportOptions {
            dry_run: false,
            ..choices
        };
        self.import_file(&path, &opts, progress)
    }

    /// The import used by both the window and the CLI.
    pub fn import_file(
        &self,
        path: &Path,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> AppResult<ImportReport> {
        let sheets = read::read_sheets(path)?;
        let name = file_name(path);
        let run = self.import_run(&name, opts.sheet.as_deref(), opts.dry_run)?;
        let report = self.with_store(|s| {
            s.with_cache_mib(crate::store::IMPORT_CACHE_MIB, |s| {
                crate::import::competitors::import_rows(s, &run, &sheets, opts, progress)
            })
        })?;
        self.imported(&name, report.batch_id)?;
        Ok(report)
    }

    pub fn observation_page(&self, q: ObservationPageQuery) -> AppResult<ObservationPage> {
        self.with_store(|s| comp::observation_page(s, &q))
    }

    pub fn list_products(&self) -> AppResult<Vec<Product>> {
        self.with_store(|s| comp::list_products(s))
    }

    pub fn list_channels(&self) -> AppResult<Vec<Channel>> {
        self.with_store(|s| comp::list_channels(s))
    }

    pub fn save_channel(&self, input: comp::ChannelInput) -> AppResult<i64> {
        self.with_store(|s| comp::save_channel(s, &input))
    }

    pub fn delete_channel(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| comp::delete_channel(s, id))
        })
    }

    pub fn price_moves(&self, q: MovesQuery) -> AppResult<MovesResult> {
        self.with_store(|s| comp::price_moves(s, &q))
    }

    pub fn list_activities(&self) -> AppResult<Vec<Activity>> {
        self.with_store(|s| comp::list_activities(s))
    }

    pub fn save_activity(&self, input: ActivityInput) -> AppResult<i64> {
        self.with_store(|s| comp::save_activity(s, &input))
    }

    pub fn delete_activity(&self, id: i64) -> AppResult<()> {
        self.destructive(ActionKind::Delete, |c| {
            c.with_store(|s| comp::delete_activity(s, id))
        })
    }

    pub fn list_battlecards(&self) -> AppResult<Vec<Battlecard>> {
        self.with_store(|s| comp::list_battlecards(s))
    }

    pub fn save_battlecard(&self, card: Battlecard) -> AppResult<()> {
        self.with_store(|s| comp::save_battlecard(s, &card))
    }

    pub fn add_sighting(&self, input: SightingInput) -> AppResult<i64> {
        self.with_store(|s| comp::add_sighting(s, &input))
    }

    /// "Price unchanged" with today's date.
    pub fn repeat_sighting(&self, observation_id: i64) -> AppResult<i64> {
        let today = self.today();
        self.with_store(|s| comp::repeat_sighting(s, observation_id, today))
    }

    pub fn save_product(&self, input: ProductInput) -> AppResult<i64> {
        self.with_store(|s| comp::save_product(s, &input))
    }

    pub fn segment_views(&self) -> AppResult<Vec<SegmentView>> {
        self.with_store(|s| comp::segment_views(s))
    }

    /// Write the moves table for `q` to `path` as xlsx.
    pub fn export_moves_xlsx(&self, q: MovesQuery, path: &Path) -> AppResult<String> {
        let lang = self.lock().lang;
        let result = self.price_moves(q)?;
        crate::export::competitors::moves_xlsx(&result, lang, path)?;
        Ok(file_name(path))
    }

    /// The holiday the price-moves view opens on: the latest begun one with sightings around it.
    pub fn default_moves_holiday(&self) -> AppResult<Option<Holiday>> {
        let calendar = self.holiday_calendar()?;
        let today = self.today();
        self.with_store(|s| {
            Ok(
                crate::domain::holidays::latest_with_data(
                    &calendar.holidays,
                    today,
                    14,
                    |a, b| comp::has_sightings_between(s, a, b),
                )?
                .cloned(),
            )
        })
    }

    pub fn price_chart(&self, q: PriceChartQuery) -> AppResult<ChartSvg> {
        self.price_chart_spec(q)?.to_svg()
    }

    /// The price chart of one product (daily lows, holidays shaded), ready to draw as SVG or
    /// PNG (the campaign brief draws it as PNG).
    pub fn price_chart_spec(&self, q: PriceChartQuery) -> AppResult<PriceChart> {
        let lang = self.lock().lang;
        let calendar = self.holiday_calendar()?;
        let (name, series) =
            self.with_store(|s| comp::price_history(s, q.product_id, q.from, q.to))?;
        let shades = calendar
            .holidays
            .iter()
            .map(|h| Shade {
                label: lang.pick(&h.name_zh, &h.name_en).to_string(),
                from: h.start,
                to: h.end,
            })
            .collect();
        Ok(PriceChart {
            title: match lang {
                Lang::ZhCn => format!("{name} 价格走势（每日最低有效价）"),
                Lang::En => format!("{name} price history (lowest effective price per day)"),
            },
            y_label: lang.pick("元", "CNY").to_string(),
            series,
            shades,
            x_range: q.from.zip(q.to).filter(|(a, b)| a < b),
            width: q.width.unwrap_or(960).clamp(400, 2400),
            height: 380,
        })
    }
}
