//! App setup: plugins, state and the command list. With `ipc`, the only code that imports tauri.

use crate::context::Clock;
use crate::core::AppCore;
use crate::domain::backups::Reason;
use crate::ipc;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Manager, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Open the window on `db_path`; returns the process exit code.
pub fn run(
    db_path: PathBuf,
    clock: Clock,
    scripted_pick: Option<PathBuf>,
    scripted_save: Option<PathBuf>,
) -> i32 {
    #[cfg(target_os = "linux")]
    paint_on_the_cpu();
    // A data file that needs a schema upgrade is upgraded once the window is up, with its
    // progress on screen, not before the window opens.
    let mut core = AppCore::new_deferred(db_path);
    core.set_clock(clock);
    core.scripted_pick = scripted_pick;
    core.scripted_save = scripted_save;
    let core = Arc::new(core);
    let keeper = Arc::clone(&core);
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
        .setup({
            let core = Arc::clone(&core);
            move |app| {
                ipc::finish_upgrade(app.handle(), Arc::clone(&core));
                daily_backups(core);
                Ok(())
            }
        })
        .manage(core)
        .invoke_handler(tauri::generate_handler![
            ipc::app_status,
            ipc::screen_painted,
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
            ipc::competitors::preview_import,
            ipc::competitors::run_import,
            ipc::cancel_import,
            ipc::list_batches,
            ipc::list_backups,
            ipc::search,
            ipc::backup_now,
            ipc::export_backup,
            ipc::restore_backup,
            ipc::undo_batch,
            ipc::competitors::observation_page,
            ipc::competitors::list_products,
            ipc::competitors::list_channels,
            ipc::competitors::save_channel,
            ipc::competitors::delete_channel,
            ipc::competitors::price_moves,
            ipc::holiday_calendar,
            ipc::competitors::default_moves_holiday,
            ipc::competitors::price_chart,
            ipc::competitors::list_activities,
            ipc::competitors::save_activity,
            ipc::competitors::delete_activity,
            ipc::competitors::list_battlecards,
            ipc::competitors::save_battlecard,
            ipc::competitors::add_sighting,
            ipc::competitors::repeat_sighting,
            ipc::competitors::save_product,
            ipc::competitors::segment_views,
            ipc::competitors::export_moves,
            ipc::import_holidays,
            ipc::pick_holiday_file,
            ipc::dashboard,
            ipc::health_check,
            ipc::last_action,
            ipc::undo_last,
            ipc::quit,
            ipc::record_history,
            ipc::restore_damaged,
            ipc::weekly::week_at_a_glance,
            ipc::weekly::weekly_report,
            ipc::weekly::save_weekly_decisions,
            ipc::weekly::export_weekly_report,
            ipc::campaigns::campaign_labels,
            ipc::campaigns::list_campaigns,
            ipc::campaigns::campaign_page,
            ipc::campaigns::save_campaign,
            ipc::campaigns::delete_campaign,
            ipc::campaigns::set_campaign_status,
            ipc::campaigns::task_groups,
            ipc::campaigns::add_task_group,
            ipc::campaigns::save_task,
            ipc::campaigns::delete_task,
            ipc::campaigns::save_material,
            ipc::campaigns::delete_material,
            ipc::campaigns::due_lists,
            ipc::campaigns::campaign_templates,
            ipc::campaigns::save_as_template,
            ipc::campaigns::delete_template,
            ipc::campaigns::create_from_template,
            ipc::campaigns::copy_campaign_to_year,
            ipc::campaigns::save_offer,
            ipc::campaigns::delete_offer,
            ipc::campaigns::compliance,
            ipc::campaigns::price_position,
            ipc::campaigns::save_result,
            ipc::campaigns::campaign_review,
            ipc::campaigns::campaign_month,
            ipc::campaigns::campaign_timeline,
            ipc::campaigns::campaign_timeline_moves,
            ipc::campaigns::export_ics,
            ipc::campaigns::export_brief,
            ipc::campaigns::cancel_export,
            ipc::campaigns::import_schedule,
            ipc::campaigns::import_limits,
            ipc::training::training_setup,
            ipc::training::list_staff,
            ipc::training::save_staff,
            ipc::training::add_role,
            ipc::training::save_program,
            ipc::training::training_sessions,
            ipc::training::session_clashes,
            ipc::training::save_session,
            ipc::training::set_session_status,
            ipc::training::delete_session,
            ipc::training::session_roster,
            ipc::training::enrol,
            ipc::training::enrol_mandatory,
            ipc::training::withdraw,
            ipc::training::mark_attendance,
            ipc::training::completion_by_region,
            ipc::training::completion_matrix,
            ipc::training::training_missing,
            ipc::training::not_ready,
            ipc::training::person_record,
            ipc::training::import_training,
            ipc::training::training_charts,
            ipc::training::training_calendar,
            ipc::training::export_sign_in,
            ipc::training::export_training_xlsx,
            ipc::budget::budget_setup,
            ipc::budget::create_budget_plan,
            ipc::budget::set_budget_policy,
            ipc::budget::approve_budget_plan,
            ipc::budget::budget_lines,
            ipc::budget::save_budget_line,
            ipc::budget::delete_budget_line,
            ipc::budget::budget_line_revisions,
            ipc::budget::add_budget_category,
            ipc::budget::set_category_evidence,
            ipc::budget::budget_report,
            ipc::budget::budget_alerts,
            ipc::budget::budget_charts,
            ipc::budget::expense_list,
            ipc::budget::expense_detail,
            ipc::budget::save_expense,
            ipc::budget::delete_expense,
            ipc::budget::expense_step,
            ipc::budget::attach_evidence,
            ipc::budget::open_evidence,
            ipc::budget::remove_evidence,
            ipc::budget::import_budget,
            ipc::budget::campaign_costs,
            ipc::budget::export_budget_xlsx,
            ipc::budget::export_expense_form,
            ipc::budget::export_cost_report,
        ])
        .build(tauri::generate_context!());
    match result {
        Ok(app) => {
            // A snapshot when the window closes (the data file is still open here).
            app.run(move |_, event| {
                if let tauri::RunEvent::Exit = event {
                    if let Err(e) = keeper.backup_now(Reason::Exit) {
                        eprintln!("marketdesk: no backup on exit: {e}");
                    }
                }
            });
            0
        }
        Err(e) => {
            eprintln!("marketdesk: the window could not start: {e}");
            1
        }
    }
}

/// The day's snapshot while the window is open: first half a minute after the start (out of
/// the way of the first screen), then checked every hour, so a window left open over
/// midnight takes the next day's too.
fn daily_backups(core: Arc<AppCore>) {
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(30));
        if let Err(e) = core.daily_backup() {
            if !matches!(e, crate::error::AppError::NotOpen) {
                eprintln!("marketdesk: the daily backup failed: {e}");
            }
        }
        std::thread::sleep(std::time::Duration::from_secs(3570));
    });
}

/// WebKitGTK paints pages through the GPU with Skia by default. Without a real GPU (a VM, a
/// remote desktop, a machine without its graphics driver) that GPU is Mesa's software
/// rasteriser, and every kind of shape on the first screen first compiles a shader program on
/// the CPU: measured 1.9-2.2 s to the first painted dashboard against 1.0-1.1 s painting on the
/// CPU (a bare Tauri window: 0.96-1.09 s). A form-and-table app gains nothing from GPU painting,
/// so the pages are painted on the CPU (composited as before), unless the user set the
/// variable (`WEBKIT_SKIA_ENABLE_CPU_RENDERING=0` asks for the GPU). Windows and macOS use
/// their own webviews and are not concerned.
#[cfg(target_os = "linux")]
fn paint_on_the_cpu() {
    const KEY: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
    if std::env::var_os(KEY).is_none() {
        // Before GTK, WebKit or any other thread starts: the web process inherits it.
        std::env::set_var(KEY, "1");
    }
}
