// Where the user is, shared by the screens that send them elsewhere: the dashboard opens the
// competitor screen, a price move opens the sightings behind it, a search hit opens its record.
import type { ObservationFilter } from './bindings/ObservationFilter';

export type Screen = 'dashboard' | 'competitors' | 'campaigns' | 'training' | 'budget' | 'settings';
export type CompetitorTab = 'observations' | 'import' | 'moves' | 'intel' | 'brands';
export type CampaignTab = 'list' | 'calendar' | 'timeline' | 'import';
export type TrainingTab = 'schedule' | 'programs' | 'staff' | 'completion' | 'import';
export type BudgetTab = 'overview' | 'requests' | 'plan' | 'import';
export type CampaignPageTab = 'overview' | 'tasks' | 'materials' | 'offers' | 'compliance' | 'position' | 'review';

/** Where the user is in the campaign calendar: a tab, or one campaign's page. */
export const campaignNav = $state<{ tab: CampaignTab; open: number | null; pageTab: CampaignPageTab; month: string; timelineFrom: string }>({
  tab: 'list',
  open: null,
  pageTab: 'overview',
  // The month the calendar and timeline show (YYYY-MM-01); empty until first shown.
  month: '',
  timelineFrom: '',
});

/** Open one campaign's page (from the list, the calendar or the timeline). */
export function openCampaign(id: number, tab: CampaignPageTab = 'overview') {
  campaignNav.open = id;
  campaignNav.pageTab = tab;
  nav.screen = 'campaigns';
}

export const nav = $state<{
  screen: Screen;
  tab: CompetitorTab;
  /** A filter for the sightings table to start with (consumed when the table opens). */
  sightings: ObservationFilter | null;
  /** Set by the search dialog: the sightings table focuses its search box, then clears it. */
  search: boolean;
}>({ screen: 'dashboard', tab: 'observations', sightings: null, search: false });

/**
 * The price-move window the user last asked for; kept while they look at the sightings.
 * `picked` stays false until Rust has proposed the latest holiday with sightings around it.
 */
export const movesParams = $state({ picked: false, choice: '', from: '', to: '', baselineDays: 14, threshold: 5 });

export function emptyFilter(): ObservationFilter {
  return {
    brand_id: null, product_id: null, region_id: null, channel_id: null, batch_id: null,
    from: null, to: null, text: null,
  };
}

/** Open the sightings table with a filter (a price move's group and dates, say). */
export function openSightings(filter: ObservationFilter) {
  nav.sightings = filter;
  nav.tab = 'observations';
  nav.screen = 'competitors';
}


/** Where the user is in the training schedule: a tab, the week or month shown, a session. */
export const trainingNav = $state<{
  tab: TrainingTab;
  view: 'week' | 'month';
  /** The day the schedule is around (YYYY-MM-DD); empty: today. */
  anchor: string;
  session: number | null;
  importKind: 'staff' | 'sessions' | 'attendance';
}>({ tab: 'schedule', view: 'week', anchor: '', session: null, importKind: 'staff' });

/** Where the user is in the budget: a tab, a request open, the requests a figure opened. */
export const budgetNav = $state<{
  tab: BudgetTab;
  year: number;
  expense: number | null;
  /** The requests behind a figure (null: all, by the list's filters). */
  ids: number[] | null;
  idsLabel: string;
  importKind: 'budget' | 'expenses';
}>({ tab: 'overview', year: 0, expense: null, ids: null, idsLabel: '', importKind: 'budget' });
