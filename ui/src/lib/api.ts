// Typed calls into Rust. The UI never builds SQL or does money math: it asks and renders.
import { invoke } from '@tauri-apps/api/core';
import type { AppStatus } from './bindings/AppStatus';
import type { Brand } from './bindings/Brand';
import type { BrandInput } from './bindings/BrandInput';
import type { ErrorDto } from './bindings/ErrorDto';
import type { Lang } from './bindings/Lang';
import type { Region } from './bindings/Region';
import type { RegionInput } from './bindings/RegionInput';

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
};

export function asError(e: unknown): ErrorDto {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as ErrorDto;
  return { code: 'internal', message: String(e) };
}
