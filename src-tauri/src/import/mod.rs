//! Everything the user keeps in a spreadsheet comes in here: `read` turns a file (xlsx, xls,
//! csv in any common encoding) into rows, `engine` finds the header and checks every row
//! against a kind's schema, and each area's file holds its sheets' schemas and row checks
//! (`competitors`: price reports; `campaigns`: schedules and price-limit tables; `training`:
//! rosters, plans, sign-in sheets; `budget`: budget plans and expense ledgers). The rows
//! go to the area's store writer through `engine::write_batch`, one batch in one transaction.

pub mod budget;
pub mod campaigns;
pub mod competitors;
pub mod engine;
pub mod evidence;
pub mod holidays;
pub mod read;
pub mod training;

/// A dry run of any kind of import over a file's bytes, as if the user had picked a file
/// holding them (an offers table goes to campaign `campaign_id`): reads, checks and writes
/// inside a transaction that is rolled back. The fuzz targets (`make fuzz`) and the importer
/// regression test feed it hostile input; it must only ever answer, never panic.
pub fn dry_run_bytes(
    store: &mut crate::store::Store,
    kind: crate::store::batches::BatchKind,
    bytes: &[u8],
    campaign_id: i64,
) -> crate::error::AppResult<()> {
    use crate::store::batches::BatchKind as K;
    let cancel = crate::context::CancelToken::default();
    let run = engine::Run {
        file_name: "fuzz",
        sheet: None,
        lang: crate::i18n::Lang::ZhCn,
        dry_run: true,
        cancel: &cancel,
    };
    if kind == K::Holidays {
        let text = String::from_utf8_lossy(bytes);
        return holidays::import_calendar(store, &run, &text).map(drop);
    }
    let sheets = read::read_sheets_bytes(bytes)?;
    match kind {
        K::Prices => competitors::import_rows(
            store,
            &run,
            &sheets,
            &competitors::ImportOptions::default(),
            &mut |_, _| {},
        )
        .map(drop),
        K::Campaigns => campaigns::import_schedule(store, &run, &sheets).map(drop),
        K::Offers => campaigns::import_limits(store, &run, campaign_id, &sheets).map(drop),
        K::Staff => training::import_staff(store, &run, &sheets).map(drop),
        K::Sessions => training::import_plan(store, &run, &sheets).map(drop),
        K::Attendance => training::import_sign_in(store, &run, &sheets).map(drop),
        K::Budget => budget::import_budget(store, &run, &sheets).map(drop),
        K::Expenses => budget::import_expenses(store, &run, &sheets).map(drop),
        K::Holidays => Ok(()),
    }
}
