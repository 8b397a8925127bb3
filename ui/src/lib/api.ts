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
import type { WeekView } from './bindings/WeekView';
import type { WeeklyReport } from './bindings/WeeklyReport';
import type { ProductInput } from './bindings/ProductInput';
import type { SightingInput } from './bindings/SightingInput';
import type { Bar } from './bindings/Bar';
import type { Campaign } from './bindings/Campaign';
import type { CampaignInput } from './bindings/CampaignInput';
import type { CampaignPage } from './bindings/CampaignPage';
import type { DocumentExport } from './bindings/DocumentExport';
import type { Compliance } from './bindings/Compliance';
import type { DueLists } from './bindings/DueLists';
import type { MaterialInput } from './bindings/MaterialInput';
import type { MonthView } from './bindings/MonthView';
import type { OfferInput } from './bindings/OfferInput';
import type { PositionDay } from './bindings/PositionDay';
import type { ResultInput } from './bindings/ResultInput';
import type { Review } from './bindings/Review';
import type { SheetReport } from './bindings/SheetReport';
import type { StatusInput } from './bindings/StatusInput';
import type { TaskGroup } from './bindings/TaskGroup';
import type { TaskInput } from './bindings/TaskInput';
import type { Template } from './bindings/Template';
import type { TemplateUse } from './bindings/TemplateUse';
import type { Timeline } from './bindings/Timeline';
import type { TimelineQuery } from './bindings/TimelineQuery';
import type { TrainingSetup } from './bindings/TrainingSetup';
import type { CampaignLabels } from './bindings/CampaignLabels';
import type { BackupInfo } from './bindings/BackupInfo';
import type { Health } from './bindings/Health';
import type { ActionView } from './bindings/ActionView';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { SearchGroup } from './bindings/SearchGroup';
import type { BudgetSetup } from './bindings/BudgetSetup';
import type { PlanInput } from './bindings/PlanInput';
import type { Plan } from './bindings/Plan';
import type { Policy } from './bindings/Policy';
import type { LineView } from './bindings/LineView';
import type { LineInput } from './bindings/LineInput';
import type { Line } from './bindings/Line';
import type { Revision } from './bindings/Revision';
import type { BudgetCategory } from './bindings/BudgetCategory';
import type { BudgetReport } from './bindings/BudgetReport';
import type { ReportBy } from './bindings/ReportBy';
import type { BudgetAlerts } from './bindings/BudgetAlerts';
import type { BudgetCharts } from './bindings/BudgetCharts';
import type { ExpenseFilter } from './bindings/ExpenseFilter';
import type { ExpenseView } from './bindings/ExpenseView';
import type { ExpenseDetail } from './bindings/ExpenseDetail';
import type { ExpenseInput } from './bindings/ExpenseInput';
import type { ExpenseStep } from './bindings/ExpenseStep';
import type { StepResult } from './bindings/StepResult';
import type { Evidence } from './bindings/Evidence';
import type { EvidenceKind } from './bindings/EvidenceKind';
import type { BudgetSheet } from './bindings/BudgetSheet';
import type { CampaignCosts } from './bindings/CampaignCosts';
import type { StaffMember } from './bindings/StaffMember';
import type { StaffInput } from './bindings/StaffInput';
import type { Choice } from './bindings/Choice';
import type { Program } from './bindings/Program';
import type { ProgramInput } from './bindings/ProgramInput';
import type { SessionsView } from './bindings/SessionsView';
import type { SessionInput } from './bindings/SessionInput';
import type { ClashWarning } from './bindings/ClashWarning';
import type { Session } from './bindings/Session';
import type { SessionStatus } from './bindings/SessionStatus';
import type { Roster } from './bindings/Roster';
import type { Enrolled } from './bindings/Enrolled';
import type { AttendanceInput } from './bindings/AttendanceInput';
import type { RegionCompletion } from './bindings/RegionCompletion';
import type { CompletionMatrix } from './bindings/CompletionMatrix';
import type { Missing } from './bindings/Missing';
import type { PersonRecord } from './bindings/PersonRecord';
import type { TrainingSheet } from './bindings/TrainingSheet';
import type { TrainingCharts } from './bindings/TrainingCharts';
import type { TrainingCalendar } from './bindings/TrainingCalendar';
import type { CalendarView } from './bindings/CalendarView';
import type { TrainingTable } from './bindings/TrainingTable';

export const api = {
  status: () => invoke<AppStatus>('app_status'),
  screenPainted: () => invoke<null>('screen_painted'),
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
  pickHolidayFile: () => invoke<string | null>('pick_holiday_file'),
  importHolidays: (dryRun: boolean) => invoke<SheetReport>('import_holidays', { dryRun }),
  dashboard: () => invoke<DashboardSummary>('dashboard'),
  // 活动 Campaign calendar
  listCampaigns: () => invoke<Campaign[]>('list_campaigns'),
  campaignPage: (id: number) => invoke<CampaignPage>('campaign_page', { id }),
  saveCampaign: (input: CampaignInput) => invoke<number>('save_campaign', { input }),
  deleteCampaign: (id: number) => invoke<null>('delete_campaign', { id }),
  setCampaignStatus: (input: StatusInput) => invoke<null>('set_campaign_status', { input }),
  taskGroups: () => invoke<TaskGroup[]>('task_groups'),
  addTaskGroup: (name: string) => invoke<number>('add_task_group', { name }),
  saveTask: (input: TaskInput) => invoke<number>('save_task', { input }),
  deleteTask: (id: number) => invoke<null>('delete_task', { id }),
  saveMaterial: (input: MaterialInput) => invoke<number>('save_material', { input }),
  deleteMaterial: (id: number) => invoke<null>('delete_material', { id }),
  dueLists: () => invoke<DueLists>('due_lists'),
  campaignTemplates: () => invoke<Template[]>('campaign_templates'),
  saveAsTemplate: (id: number, name: string) => invoke<number>('save_as_template', { id, name }),
  deleteTemplate: (id: number) => invoke<null>('delete_template', { id }),
  createFromTemplate: (input: TemplateUse) => invoke<number>('create_from_template', { input }),
  copyCampaignToYear: (id: number, year: number) => invoke<number>('copy_campaign_to_year', { id, year }),
  saveOffer: (input: OfferInput) => invoke<number>('save_offer', { input }),
  deleteOffer: (id: number) => invoke<null>('delete_offer', { id }),
  compliance: (id: number) => invoke<Compliance>('compliance', { id }),
  pricePosition: (id: number) => invoke<PositionDay[]>('price_position', { id }),
  saveResult: (input: ResultInput) => invoke<null>('save_result', { input }),
  campaignLabels: () => invoke<CampaignLabels>('campaign_labels'),
  listBackups: () => invoke<BackupInfo[]>('list_backups'),
  search: (q: string) => invoke<SearchGroup[]>('search', { q }),
  backupNow: () => invoke<BackupInfo>('backup_now'),
  exportBackup: () => invoke<string | null>('export_backup'),
  restoreBackup: (name: string | null) => invoke<BackupInfo | null>('restore_backup', { name }),
  healthCheck: () => invoke<Health>('health_check'),
  restoreDamaged: (name: string) => invoke<BackupInfo>('restore_damaged', { name }),
  lastAction: () => invoke<ActionView | null>('last_action'),
  undoLast: (id: number) => invoke<string>('undo_last', { id }),
  quit: () => invoke<null>('quit'),
  recordHistory: (table: string, id: number) => invoke<HistoryEntry[]>('record_history', { table, id }),
  campaignReview: (id: number) => invoke<Review>('campaign_review', { id }),
  campaignMonth: (year: number, month: number) => invoke<MonthView>('campaign_month', { year, month }),
  campaignTimeline: (query: TimelineQuery) => invoke<Timeline>('campaign_timeline', { query }),
  campaignTimelineMoves: (query: TimelineQuery) => invoke<Bar[]>('campaign_timeline_moves', { query }),
  exportBrief: (id: number, name: string) => invoke<DocumentExport | null>('export_brief', { id, name }),
  cancelExport: () => invoke<null>('cancel_export'),
  exportIcs: (from: string | null, to: string | null) => invoke<string | null>('export_ics', { from, to }),
  importSchedule: (dryRun: boolean, sheet: string | null = null) =>
    invoke<SheetReport>('import_schedule', { dryRun, sheet }),
  importLimits: (id: number, dryRun: boolean, sheet: string | null = null) =>
    invoke<SheetReport>('import_limits', { id, dryRun, sheet }),
  trainingSetup: () => invoke<TrainingSetup>('training_setup'),
  listStaff: (regionId: number | null = null) => invoke<StaffMember[]>('list_staff', { regionId }),
  saveStaff: (input: StaffInput) => invoke<StaffMember>('save_staff', { input }),
  addRole: (name: string) => invoke<Choice>('add_role', { name }),
  saveProgram: (input: ProgramInput) => invoke<Program>('save_program', { input }),
  trainingSessions: (from: string, to: string) => invoke<SessionsView>('training_sessions', { from, to }),
  sessionClashes: (input: SessionInput) => invoke<ClashWarning[]>('session_clashes', { input }),
  saveSession: (input: SessionInput) => invoke<number[]>('save_session', { input }),
  setSessionStatus: (id: number, status: SessionStatus) => invoke<Session>('set_session_status', { id, status }),
  deleteSession: (id: number) => invoke<null>('delete_session', { id }),
  sessionRoster: (id: number) => invoke<Roster>('session_roster', { id }),
  enrol: (sessionId: number, staffId: number) => invoke<Roster>('enrol', { sessionId, staffId }),
  enrolMandatory: (sessionId: number) => invoke<Enrolled>('enrol_mandatory', { sessionId }),
  withdraw: (sessionId: number, staffId: number) => invoke<string[]>('withdraw', { sessionId, staffId }),
  markAttendance: (input: AttendanceInput) => invoke<Roster>('mark_attendance', { input }),
  completionByRegion: (program: number | null = null) =>
    invoke<RegionCompletion[]>('completion_by_region', { program }),
  completionMatrix: () => invoke<CompletionMatrix>('completion_matrix'),
  trainingMissing: (regionId: number | null, programId: number | null) =>
    invoke<Missing[]>('training_missing', { regionId, programId }),
  notReady: (campaignId: number) => invoke<Missing[]>('not_ready', { campaignId }),
  personRecord: (staffId: number) => invoke<PersonRecord>('person_record', { staffId }),
  importTraining: (kind: TrainingSheet, dryRun: boolean, sheet: string | null = null) =>
    invoke<SheetReport>('import_training', { kind, dryRun, sheet }),
  trainingCalendar: (anchor: string | null, view: CalendarView) =>
    invoke<TrainingCalendar>('training_calendar', { anchor, view }),
  exportSignIn: (id: number, name: string) => invoke<DocumentExport | null>('export_sign_in', { id, name }),
  exportTrainingXlsx: (table: TrainingTable, name: string) =>
    invoke<string | null>('export_training_xlsx', { table, name }),
  trainingCharts: (program: number | null = null) => invoke<TrainingCharts>('training_charts', { program }),
  budgetSetup: () => invoke<BudgetSetup>('budget_setup'),
  createBudgetPlan: (input: PlanInput) => invoke<Plan>('create_budget_plan', { input }),
  setBudgetPolicy: (id: number, policy: Policy) => invoke<Plan>('set_budget_policy', { id, policy }),
  approveBudgetPlan: (id: number, by: string) => invoke<Plan>('approve_budget_plan', { id, by }),
  budgetLines: (planId: number) => invoke<LineView[]>('budget_lines', { planId }),
  saveBudgetLine: (input: LineInput) => invoke<Line>('save_budget_line', { input }),
  deleteBudgetLine: (id: number) => invoke<null>('delete_budget_line', { id }),
  budgetLineRevisions: (id: number) => invoke<Revision[]>('budget_line_revisions', { id }),
  addBudgetCategory: (name: string, needsEvidence: boolean) =>
    invoke<BudgetCategory>('add_budget_category', { name, needsEvidence }),
  setCategoryEvidence: (id: number, needsEvidence: boolean) =>
    invoke<null>('set_category_evidence', { id, needsEvidence }),
  budgetReport: (year: number, by: ReportBy) => invoke<BudgetReport>('budget_report', { year, by }),
  budgetAlerts: () => invoke<BudgetAlerts>('budget_alerts'),
  budgetCharts: (year: number) => invoke<BudgetCharts>('budget_charts', { year }),
  expenseList: (filter: ExpenseFilter) => invoke<ExpenseView[]>('expense_list', { filter }),
  expenseDetail: (id: number) => invoke<ExpenseDetail>('expense_detail', { id }),
  saveExpense: (input: ExpenseInput) => invoke<ExpenseView>('save_expense', { input }),
  deleteExpense: (id: number) => invoke<null>('delete_expense', { id }),
  expenseStep: (id: number, step: ExpenseStep) => invoke<StepResult>('expense_step', { id, step }),
  attachEvidence: (id: number, kind: EvidenceKind | null) => invoke<Evidence | null>('attach_evidence', { id, kind }),
  openEvidence: (id: number) => invoke<string>('open_evidence', { id }),
  removeEvidence: (id: number) => invoke<null>('remove_evidence', { id }),
  importBudget: (kind: BudgetSheet, dryRun: boolean, sheet: string | null = null) =>
    invoke<SheetReport>('import_budget', { kind, dryRun, sheet }),
  campaignCosts: (id: number) => invoke<CampaignCosts>('campaign_costs', { id }),
  exportBudgetXlsx: (year: number, name: string) => invoke<string | null>('export_budget_xlsx', { year, name }),
  exportExpenseForm: (id: number, name: string) =>
    invoke<DocumentExport | null>('export_expense_form', { id, name }),
  exportCostReport: (id: number, name: string) =>
    invoke<DocumentExport | null>('export_cost_report', { id, name }),
  weekAtAGlance: () => invoke<WeekView>('week_at_a_glance'),
  weeklyReport: (week: string | null = null) => invoke<WeeklyReport>('weekly_report', { week }),
  saveWeeklyDecisions: (week: string, text: string) => invoke<void>('save_weekly_decisions', { week, text }),
  exportWeeklyReport: (week: string) => invoke<DocumentExport | null>('export_weekly_report', { week }),
};


export function asError(e: unknown): ErrorDto {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as ErrorDto;
  return { code: 'internal', message: String(e) };
}
