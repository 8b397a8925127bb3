// The names of the campaign area's enums (statuses, kinds, work status) come from Rust in
// the user's language, loaded at start and again when the language changes: the UI keeps no
// second list of them.
import { api } from './api';
import type { CampaignKind } from './bindings/CampaignKind';
import type { Status } from './bindings/Status';
import type { WorkStatus } from './bindings/WorkStatus';

export const campaignLabels = $state<{
  status: Partial<Record<Status, string>>;
  kind: Partial<Record<CampaignKind, string>>;
  work: Partial<Record<WorkStatus, string>>;
}>({ status: {}, kind: {}, work: {} });

export async function loadCampaignLabels() {
  const l = await api.campaignLabels();
  campaignLabels.status = Object.fromEntries(l.statuses.map((x) => [x.value, x.label]));
  campaignLabels.kind = Object.fromEntries(l.kinds.map((x) => [x.value, x.label]));
  campaignLabels.work = Object.fromEntries(l.work.map((x) => [x.value, x.label]));
}

export const statusLabel = (s: Status) => campaignLabels.status[s] ?? s;
export const kindLabel = (k: CampaignKind) => campaignLabels.kind[k] ?? k;
export const workLabel = (w: WorkStatus) => campaignLabels.work[w] ?? w;
