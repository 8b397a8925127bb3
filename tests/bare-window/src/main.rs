//! A bare Tauri 2 window with one command: the floor `make bench` sets MarketDesk's start-up
//! (to the first painted screen) and memory against. Built with the same profile as the app.

use std::time::Instant;

struct Started(Instant);

/// The page is painted: say so on stdout with the time since start, as MarketDesk does.
#[tauri::command]
fn screen_painted(started: tauri::State<'_, Started>) {
    println!(
        "first screen painted after {} ms",
        started.0.elapsed().as_millis()
    );
}

fn main() {
    let started = Started(Instant::now());
    let result = tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![screen_painted])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("bare-window: {e}");
        std::process::exit(1);
    }
}
