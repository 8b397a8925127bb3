// Typed calls into Rust. The UI never builds SQL or does money math: it asks and renders.
import { invoke } from '@tauri-apps/api/core';
import type { AppStatus } from './bindings/AppStatus';
import type { Brand } from './bindings/Brand';
import type { BrandInput } from './bindings/BrandInput';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Lang } from './bindings/Lang';
import type { Region } from './bindings/Region';
import type { RegionInput } from './bindings/RegionInput';
import type { ChartSvg } from './bindings/ChartSvg';
import type { ImportOptions } from './bindings/ImportOptions';
import type { Channel } from './bindings/Channel';
import type { ChannelInput } from './bindings/ChannelInput';
import type { Holiday } from './bindings/Holiday';
import type { HolidayCalendar } from './bindings/HolidayCalendar';
import type { ImportBatch } from './bindings/ImportBatch';
import type { ImportReport } from './bindings/ImportReport';
import type { MovesQuery } from './bindings/MovesQuery';
import type { MovesResult } from './bindings/MovesResult';
import type { ObservationPage } from './bindings/ObservationPage';
import type { ObservationPageQuery } from './bindings/ObservationPageQuery';
import type { PriceChartQuery } from './bindings/PriceChartQuery';
import type { UndoReport } from './bindings/UndoReport';
import type { Product } from './bindings/Product';
import type { Activity } from './bindings/Activity';
import type { ActivityInput } from './bindings/ActivityInput';
import type { Battlecard } from './bindings/Battlecard';
import type { SegmentView } from './bindings/SegmentView';
import type { DashboardSummary } from './bindings/DashboardSummary';
import type { ProductInput } from './bindings/ProductInput';
import type { SightingInput } from './bindings/SightingInput';

export const api = {
  status: () => invoke<AppStatus>('app_status'),
  startEmpty: () => invoke<AppStatus>('start_empty'),
  setLang: (lang: Lang) => invoke<AppStatus>('set_lang', { lang }),
  listRegions: () => invoke<Region[]>('list_regions'),
  saveRegion: (input: RegionInput) => invoke<Region>('save_region', { input }),
  deleteRegion: (id: number) => invoke<null>('delete_region', { id }),
  listBrands: () => invoke<Brand[]>('list_brands'),
  saveBrand: (input: BrandInput) => invoke<Brand>('save_brand', { input }),
  deleteBrand: (id: number) => invoke<null>('delete_brand', { id }),
  startDemo: () => invoke<AppStatus>('start_demo'),
  pickImportFile: () => invoke<string | null>('pick_import_file'),
  previewImport: (choices: ImportOptions) => invoke<ImportReport>('preview_import', { choices }),
  runImport: (choices: ImportOptions) => invoke<ImportReport>('run_import', { choices }),
  cancelImport: () => invoke<null>('cancel_import'),
  listBatches: () => invoke<ImportBatch[]>('list_batches'),
  undoBatch: (id: number) => invoke<UndoReport>('undo_batch', { id }),
  observationPage: (query: ObservationPageQuery) => invoke<ObservationPage>('observation_page', { query }),
  listProducts: () => invoke<Product[]>('list_products'),
  listChannels: () => invoke<Channel[]>('list_channels'),
  saveChannel: (input: ChannelInput) => invoke<number>('save_channel', { input }),
  deleteChannel: (id: number) => invoke<null>('delete_channel', { id }),
  priceMoves: (query: MovesQuery) => invoke<MovesResult>('price_moves', { query }),
  holidayCalendar: () => invoke<HolidayCalendar>('holiday_calendar'),
  defaultMovesHoliday: () => invoke<Holiday | null>('default_moves_holiday'),
  priceChart: (query: PriceChartQuery) => invoke<ChartSvg>('price_chart', { query }),
  listActivities: () => invoke<Activity[]>('list_activities'),
  saveActivity: (input: ActivityInput) => invoke<number>('save_activity', { input }),
  deleteActivity: (id: number) => invoke<null>('delete_activity', { id }),
  listBattlecards: () => invoke<Battlecard[]>('list_battlecards'),
  saveBattlecard: (card: Battlecard) => invoke<null>('save_battlecard', { card }),
  addSighting: (input: SightingInput) => invoke<number>('add_sighting', { input }),
  repeatSighting: (id: number) => invoke<number>('repeat_sighting', { id }),
  segmentViews: () => invoke<SegmentView[]>('segment_views'),
  saveProduct: (input: ProductInput) => invoke<number>('save_product', { input }),
  exportMoves: (query: MovesQuery) => invoke<string | null>('export_moves', { query }),
  importHolidays: () => invoke<number | null>('import_holidays'),
  dashboard: () => invoke<DashboardSummary>('dashboard'),
};

export function asError(e: unknown): ErrorDto {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as ErrorDto;
  return { code: 'internal', message: String(e) };
}
