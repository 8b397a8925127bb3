//! History and undo on real files: every change to a record is logged by the data file's own
//! triggers (whatever wrote it) with the values before and after; the last destructive action —
//! a delete with everything it took along, a status change, an import, a restore — is taken
//! back by `undo_last`, and refused with nothing written when its records changed since.

use marketdesk_lib::core::AppCore;
use marketdesk_lib::domain::campaigns::Status;
use marketdesk_tests::Sandbox;

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn demo(sb: &Sandbox) -> AppCore {
    assert!(sb.cli(&["demo"]).status.success());
    AppCore::new(sb.db.clone())
}

/// Undo what the menu offers, as the side bar does (it passes the action it showed).
fn undo(core: &AppCore) -> marketdesk_lib::error::AppResult<String> {
    let shown = core.last_action()?.expect("an action to undo");
    core.undo_last(shown.id)
}

#[test]
fn a_deleted_campaign_comes_back_whole_with_undo() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let tables = [
        "campaigns",
        "campaign_tasks",
        "campaign_materials",
        "campaign_offers",
        "campaign_regions",
        "campaign_status_log",
        "task_dependencies",
    ];
    // Every row of every table the campaign owns, as values, sorted.
    let snapshot = |db: &std::path::Path| -> Vec<Vec<String>> {
        let c = rusqlite::Connection::open(db).unwrap();
        tables
            .iter()
            .map(|t| {
                let mut st = c.prepare(&format!("SELECT * FROM {t}")).unwrap();
                let n = st.column_count();
                let mut rows: Vec<String> = st
                    .query_map([], |r| {
                        Ok((0..n)
                            .map(|i| {
                                format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap())
                            })
                            .collect::<Vec<_>>()
                            .join("|"))
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                rows.sort();
                rows
            })
            .map(|rows| rows.into_iter().collect())
            .collect()
    };
    // 五一 has requests and budget lines: refused with a sentence, nothing written.
    let e = core.delete_campaign(1).unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert!(e
        .message(marketdesk_lib::i18n::Lang::ZhCn)
        .contains("笔费用申请"));
    // Its copy for 2027 has its tasks, materials, regions and dependencies, and nothing else.
    core.import_holidays_file(&marketdesk_tests::fixture("holidays_2027.json"), false)
        .unwrap();
    let id = core.copy_campaign_to_year(1, 2027).unwrap();
    let name = core.campaign_page(id).unwrap().campaign.name;
    let before = snapshot(&sb.db);
    let tasks = count(
        &sb.db,
        &format!("SELECT count(*) FROM campaign_tasks WHERE campaign_id = {id}"),
    );
    assert!(tasks > 0);
    assert!(count(&sb.db, "SELECT count(*) FROM task_dependencies") > 0);
    core.delete_campaign(id).unwrap();
    assert_eq!(
        count(
            &sb.db,
            &format!("SELECT count(*) FROM campaign_tasks WHERE campaign_id = {id}")
        ),
        0
    );
    let last = core.last_action().unwrap().unwrap();
    assert_eq!(last.label, format!("删除活动“{name}”"));
    let said = undo(&core).unwrap();
    assert_eq!(said, format!("已撤销：删除活动“{name}”"));
    assert_eq!(snapshot(&sb.db), before, "every row back as it was");
    let c = rusqlite::Connection::open(&sb.db).unwrap();
    let fk: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // The campaign is found by search again (its index rows came back through the triggers).
    let hits = core.search(&name).unwrap();
    assert!(
        hits.iter().any(|g| g.hits.iter().any(|h| h.id == id)),
        "{hits:?}"
    );
    // Nothing left to undo of it: the next undo is the demo's… none.
    assert!(core.last_action().unwrap().is_none_or(|a| a.id != last.id));
}

#[test]
fn a_status_change_is_undone_and_the_history_shows_old_and_new_values() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    // 国庆 (id 3) is planned: approve it.
    core.set_campaign_status(marketdesk_lib::core::campaigns::StatusInput {
        id: 3,
        to: Status::Approved,
        note: "总经理同意".into(),
    })
    .unwrap();
    let history = core.record_history("campaigns", 3).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.op, "update");
    assert_eq!(last.op_label, "修改");
    let status = last.changes.iter().find(|c| c.field == "状态").unwrap();
    assert_eq!(
        (status.old.as_str(), status.new.as_str()),
        ("已策划", "已批准")
    );
    assert_eq!(history.first().unwrap().op, "insert");
    assert_eq!(
        core.last_action().unwrap().unwrap().label,
        "更改活动“江森国庆感恩季”的状态"
    );
    undo(&core).unwrap();
    assert_eq!(
        count(
            &sb.db,
            "SELECT count(*) FROM campaigns WHERE id = 3 AND status = 'planned'"
        ),
        1
    );
    assert_eq!(
        count(&sb.db, "SELECT count(*) FROM campaign_status_log WHERE campaign_id = 3 AND to_status = 'approved'"),
        0
    );
    // The undo is itself in the history.
    let after = core.record_history("campaigns", 3).unwrap();
    assert_eq!(after.len(), history.len() + 1);
}

/// Approve the planned 国庆 campaign (id 3); the status change the menu then offers.
fn approve_guoqing(core: &AppCore) -> marketdesk_lib::core::audit::ActionView {
    core.set_campaign_status(marketdesk_lib::core::campaigns::StatusInput {
        id: 3,
        to: Status::Approved,
        note: String::new(),
    })
    .unwrap();
    core.last_action().unwrap().unwrap()
}

#[test]
fn an_undo_is_refused_when_the_record_changed_since_and_writes_nothing() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let status_change = approve_guoqing(&core).id;
    // A later edit of the same campaign (not an undoable action itself).
    rusqlite::Connection::open(&sb.db)
        .unwrap()
        .execute(
            "UPDATE campaigns SET owner = '市场部 王经理' WHERE id = 3",
            [],
        )
        .unwrap();
    // The toast's undo (it names the action) is refused with the reason …
    let e = core.undo_last(status_change).unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert!(e
        .message(marketdesk_lib::i18n::Lang::ZhCn)
        .contains("又被修改过"));
    // … and the menu no longer offers it.
    assert!(core
        .last_action()
        .unwrap()
        .is_none_or(|a| a.id != status_change));
    assert_eq!(
        count(
            &sb.db,
            "SELECT count(*) FROM campaigns WHERE id = 3 AND status = 'approved'"
        ),
        1
    );
}

#[test]
fn an_older_step_is_undone_only_after_the_newer_one_and_only_once() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let older = approve_guoqing(&core);
    let task: i64 = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row(
            "SELECT min(id) FROM campaign_tasks WHERE campaign_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    core.delete_task(task).unwrap();
    let newer = core.last_action().unwrap().unwrap();
    assert_ne!(older.id, newer.id);

    // An old toast's undo while a newer step stands: refused, naming it, nothing written.
    let e = core.undo_last(older.id).unwrap_err();
    assert_eq!(e.code(), "conflict");
    let said = e.message(marketdesk_lib::i18n::Lang::ZhCn);
    assert!(said.contains(&newer.label), "{said}");
    let approved = "SELECT count(*) FROM campaigns WHERE id = 3 AND status = 'approved'";
    assert_eq!(count(&sb.db, approved), 1);

    // Newest first, then the older one; a second undo of the same step is refused.
    core.undo_last(newer.id).unwrap();
    core.undo_last(older.id).unwrap();
    assert_eq!(count(&sb.db, approved), 0);
    assert_eq!(
        count(
            &sb.db,
            &format!("SELECT count(*) FROM campaign_tasks WHERE id = {task}")
        ),
        1
    );
    assert_eq!(core.undo_last(older.id).unwrap_err().code(), "not_found");
}

#[test]
fn imports_and_restores_are_undone_by_their_own_means() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let sightings = count(&sb.db, "SELECT count(*) FROM price_observations");
    let file = marketdesk_tests::fixture("prices_henan_gbk.csv");
    core.import_file(&file, &Default::default(), &mut |_, _| {})
        .unwrap();
    assert!(count(&sb.db, "SELECT count(*) FROM price_observations") > sightings);
    assert_eq!(
        core.last_action().unwrap().unwrap().label,
        "导入“prices_henan_gbk.csv”"
    );
    undo(&core).unwrap();
    assert_eq!(
        count(&sb.db, "SELECT count(*) FROM price_observations"),
        sightings
    );
    // Undone from the import history instead: "undo" then only closes the action.
    let r = core
        .import_file(&file, &Default::default(), &mut |_, _| {})
        .unwrap();
    core.undo_batch(r.batch_id.unwrap()).unwrap();
    let said = undo(&core).unwrap();
    assert_eq!(said, "已撤销：导入“prices_henan_gbk.csv”");
    assert_eq!(
        count(&sb.db, "SELECT count(*) FROM price_observations"),
        sightings
    );

    // A restore: undone by restoring what it replaced.
    let copy = sb.dir.path().join("copy.db");
    core.export_backup(&copy).unwrap();
    core.delete_expense(7).unwrap();
    let expenses = count(&sb.db, "SELECT count(*) FROM expenses");
    core.restore_backup(&copy).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses + 1);
    assert_eq!(
        core.last_action().unwrap().unwrap().label,
        "从备份恢复“copy.db”"
    );
    undo(&core).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses);
    // … and now the delete of request 7 is the last action: undone too.
    assert!(core
        .last_action()
        .unwrap()
        .unwrap()
        .label
        .starts_with("删除费用申请"));
    undo(&core).unwrap();
    assert_eq!(count(&sb.db, "SELECT count(*) FROM expenses"), expenses + 1);
}

#[test]
fn a_refused_step_leaves_no_action_behind() {
    let sb = Sandbox::new();
    let core = demo(&sb);
    let before = core.last_action().unwrap().map(|a| a.id);
    // Reimbursing a draft is refused: nothing written, nothing to undo.
    let draft: i64 = count(
        &sb.db,
        "SELECT min(id) FROM expenses WHERE status = 'draft'",
    );
    assert!(core
        .expense_step(
            draft,
            marketdesk_lib::core::budget::ExpenseStep {
                action: marketdesk_lib::domain::budget::ExpenseAction::Reimburse,
                amount: String::new(),
                approver: String::new(),
                date: String::new(),
                reason: String::new(),
            },
        )
        .is_err());
    assert_eq!(core.last_action().unwrap().map(|a| a.id), before);
    assert_eq!(
        count(&sb.db, "SELECT count(*) FROM audit_actions WHERE open = 1"),
        0
    );
}
