// Label keys for the codes Rust sends (status, type, work status): the UI only looks them up.
// Typed by the generated unions, so a code without its label in both languages fails the
// type check (no cast).
import type { Key } from '../../lib/i18n.svelte';
import type { CampaignKind } from '../../lib/bindings/CampaignKind';
import type { Status } from '../../lib/bindings/Status';
import type { WorkStatus } from '../../lib/bindings/WorkStatus';

export const statusKey = (s: Status) => `camp.status.${s}` as const;
export const kindKey = (k: CampaignKind) => `camp.kind.${k}` as const;
export const workKey = (w: WorkStatus) => `work.${w}` as const;

/** The timeline's bars and the month's items still carry kind and status as strings (a
 * campaign's status or a task's, by kind): their label key, until Rust sends them typed. */
export const itemStatusKey = (kind: string, status: string) =>
  (kind === 'campaign' || kind === 'sub' ? `camp.status.${status}` : `work.${status}`) as Key;
