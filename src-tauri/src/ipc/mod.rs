//! The IPC layer: Tauri commands, each one call into `AppCore`. Only this module and
//! `app` import tauri. Commands that touch the store are async and run the work on a
//! blocking thread, so the UI thread never waits on SQLite.

use crate::core::{AppCore, AppStatus};
use crate::domain::reference::{Brand, BrandInput, Region, RegionInput};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use std::sync::Arc;
use tauri::State;

type Core<'a> = State<'a, Arc<AppCore>>;

async fn blocking<T, F>(core: &Core<'_>, f: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppCore) -> AppResult<T> + Send + 'static,
{
    let core = Arc::clone(core.inner());
    tauri::async_runtime::spawn_blocking(move || f(&core))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

#[tauri::command]
pub async fn app_status(core: Core<'_>) -> AppResult<AppStatus> {
    blocking(&core, |c| c.status()).await
}

#[tauri::command]
pub async fn start_empty(core: Core<'_>) -> AppResult<AppStatus> {
    blocking(&core, |c| c.start_empty()).await
}

#[tauri::command]
pub async fn set_lang(core: Core<'_>, lang: Lang) -> AppResult<AppStatus> {
    blocking(&core, move |c| c.set_lang(lang)).await
}

#[tauri::command]
pub async fn list_regions(core: Core<'_>) -> AppResult<Vec<Region>> {
    blocking(&core, |c| c.list_regions()).await
}

#[tauri::command]
pub async fn save_region(core: Core<'_>, input: RegionInput) -> AppResult<Region> {
    blocking(&core, move |c| c.save_region(input)).await
}

#[tauri::command]
pub async fn delete_region(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_region(id)).await
}

#[tauri::command]
pub async fn list_brands(core: Core<'_>) -> AppResult<Vec<Brand>> {
    blocking(&core, |c| c.list_brands()).await
}

#[tauri::command]
pub async fn save_brand(core: Core<'_>, input: BrandInput) -> AppResult<Brand> {
    blocking(&core, move |c| c.save_brand(input)).await
}

#[tauri::command]
pub async fn delete_brand(core: Core<'_>, id: i64) -> AppResult<()> {
    blocking(&core, move |c| c.delete_brand(id)).await
}
