// Label keys for the codes Rust sends (status, type, work status): the UI only looks them up.
import type { Key } from '../../lib/i18n.svelte';

export const statusKey = (s: string) => `camp.status.${s}` as Key;
export const kindKey = (k: string) => `camp.kind.${k}` as Key;
export const workKey = (w: string) => `work.${w}` as Key;
