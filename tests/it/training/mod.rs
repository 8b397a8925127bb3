//! The training schedule on real SQLite files: programs, sessions with recurrence and clashes,
//! enrolment with the waitlist, attendance from the roster, completion by region on
//! hand-computed cases (`schedule`); the roster, training-plan and sign-in imports with their
//! rejections, re-import and undo, and the CLI (`import`).

mod exports;
mod import;
mod schedule;

use marketdesk_lib::core::AppCore;
use marketdesk_tests::Sandbox;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn empty_core(sb: &Sandbox) -> AppCore {
    let core = AppCore::new(sb.db.clone());
    core.start_empty().unwrap();
    core
}

fn region(core: &AppCore, short: &str) -> i64 {
    core.list_regions()
        .unwrap()
        .into_iter()
        .find(|r| r.short_name == short)
        .unwrap()
        .id
}

fn role(core: &AppCore, name: &str) -> i64 {
    core.training_setup()
        .unwrap()
        .roles
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
        .id
}

fn category(core: &AppCore, name: &str) -> i64 {
    core.training_setup()
        .unwrap()
        .categories
        .into_iter()
        .find(|r| r.name == name)
        .unwrap()
        .id
}
