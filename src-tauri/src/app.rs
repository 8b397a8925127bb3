//! App setup: plugins, state and the command list. With `ipc`, the only code that imports tauri.

use crate::core::AppCore;
use crate::ipc;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Open the window on `db_path`; returns the process exit code.
pub fn run(
    db_path: PathBuf,
    scripted_pick: Option<PathBuf>,
    scripted_save: Option<PathBuf>,
) -> i32 {
    let mut core = AppCore::new(db_path);
    core.scripted_pick = scripted_pick;
    core.scripted_save = scripted_save;
    let core = Arc::new(core);
    let result = tauri::Builder::default()
        // First: a second launch hands over to the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Remember size and position as they change, not only on a clean exit: a laptop that
        // is shut down with the window open still comes back the way it was.
        .on_window_event(|window, event| {
            if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
                let _ = window.app_handle().save_window_state(StateFlags::all());
            }
        })
        .manage(core)
        .invoke_handler(tauri::generate_handler![
            ipc::app_status,
            ipc::start_empty,
            ipc::set_lang,
            ipc::list_regions,
            ipc::save_region,
            ipc::delete_region,
            ipc::list_brands,
            ipc::save_brand,
            ipc::delete_brand,
            ipc::start_demo,
            ipc::pick_import_file,
            ipc::preview_import,
            ipc::run_import,
            ipc::cancel_import,
            ipc::list_batches,
            ipc::undo_batch,
            ipc::observation_page,
            ipc::list_products,
            ipc::list_channels,
            ipc::save_channel,
            ipc::delete_channel,
            ipc::price_moves,
            ipc::holiday_calendar,
            ipc::default_moves_holiday,
            ipc::price_chart,
            ipc::list_activities,
            ipc::save_activity,
            ipc::delete_activity,
            ipc::list_battlecards,
            ipc::save_battlecard,
            ipc::add_sighting,
            ipc::repeat_sighting,
            ipc::save_product,
            ipc::segment_views,
            ipc::export_moves,
            ipc::import_holidays,
            ipc::dashboard,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("marketdesk: the window could not start: {e}");
            1
        }
    }
}
