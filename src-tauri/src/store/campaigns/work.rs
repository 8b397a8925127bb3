//! Tasks with their dependencies, materials, task groups, and the due lists across campaigns.

use super::*;
use crate::domain::campaigns::forms::{MaterialInput, TaskInput, ValidMaterial, ValidTask};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TaskGroup {
    #[ts(type = "number")]
    pub id: i64,
    /// In the store's language.
    pub name: String,
    pub builtin: bool,
}

pub fn list_groups(store: &Store) -> AppResult<Vec<TaskGroup>> {
    store.query_all(
        "SELECT id, local_name(name, name_en), builtin FROM task_groups ORDER BY builtin DESC, id",
        |r| {
            Ok(TaskGroup {
                id: r.get(0)?,
                name: r.get(1)?,
                builtin: r.get(2)?,
            })
        },
    )
}

/// Add a group of the user's own (企划 … 其他 are built in).
pub fn add_group(store: &mut Store, name: &str) -> AppResult<i64> {
    let name = rules::required("name", name, "分组名称", "group name")?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO task_groups (name, builtin) VALUES (?1, 0)",
            [&name],
        )
        .map_err(|e| {
            crate::store::unique_violation(
                e,
                "name",
                format!("已有分组“{name}”。"),
                format!("There is already a group “{name}”."),
            )
        })?;
        Ok(tx.last_insert_rowid())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Task {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub title: String,
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    pub owner: String,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<NaiveDate>,
    #[ts(type = "Array<number>")]
    pub depends_on: Vec<i64>,
}

const TASK_SQL: &str = "SELECT t.id, t.campaign_id, t.title, t.group_id, local_name(g.name, g.name_en), t.owner,
        t.start_on, t.due_on, t.status, t.done_on,
        coalesce((SELECT group_concat(depends_on) FROM task_dependencies d WHERE d.task_id = t.id), '')
     FROM campaign_tasks t JOIN task_groups g ON g.id = t.group_id";

fn task_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let deps: String = r.get(10)?;
    Ok(Task {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        title: r.get(2)?,
        group_id: r.get(3)?,
        group: r.get(4)?,
        owner: r.get(5)?,
        start: day_at(r, 6)?.unwrap_or_default(),
        due: day_at(r, 7)?.unwrap_or_default(),
        status: WorkStatus::from_code(&r.get::<_, String>(8)?),
        done_on: day_at(r, 9)?,
        depends_on: deps.split(',').filter_map(|s| s.parse().ok()).collect(),
    })
}

pub fn list_tasks(store: &Store, campaign_id: i64) -> AppResult<Vec<Task>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{TASK_SQL} WHERE t.campaign_id = ?1 ORDER BY t.start_on, t.due_on, t.id"
    ))?;
    let rows = st.query_map([campaign_id], task_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Tasks of the campaigns overlapping or due within [from, to].
pub fn list_tasks_between(store: &Store, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<Task>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{TASK_SQL} WHERE t.start_on <= ?2 AND t.due_on >= ?1 ORDER BY t.campaign_id, t.start_on, t.id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], task_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn done_on_for(
    tx: &Transaction<'_>,
    table: &str,
    id: Option<i64>,
    status: WorkStatus,
    today: NaiveDate,
) -> AppResult<Option<String>> {
    if status != WorkStatus::Done {
        return Ok(None);
    }
    // Keep the day it was first marked done.
    let kept: Option<Option<String>> = match id {
        Some(id) => tx
            .query_row(
                &format!("SELECT done_on FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    Ok(Some(kept.flatten().unwrap_or_else(|| today.to_string())))
}

pub fn save_task(store: &mut Store, input: &TaskInput, today: NaiveDate) -> AppResult<i64> {
    let ValidTask {
        title,
        group_id,
        start,
        due,
    } = input.validated()?;
    store.write(|tx| {
        let campaign_ok: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = ?1)",
            [input.campaign_id],
            |r| r.get(0),
        )?;
        if !campaign_ok {
            return Err(not_found());
        }
        let done_on = done_on_for(tx, "campaign_tasks", input.id, input.status, today)?;
        let id = match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE campaign_tasks SET title = ?2, group_id = ?3, owner = ?4, start_on = ?5, due_on = ?6,
                       status = ?7, done_on = ?8 WHERE id = ?1 AND campaign_id = ?9",
                    params![id, title, group_id, input.owner.trim(), start.to_string(), due.to_string(),
                        input.status.code(), done_on, input.campaign_id],
                )?;
                if n == 0 {
                    return Err(AppError::not_found("这个任务已不存在。", "This task no longer exists."));
                }
                id
            }
            None => insert_task_in(
                tx,
                &NewTask {
                    campaign_id: input.campaign_id,
                    title: &title,
                    group_id,
                    owner: input.owner.trim(),
                    start,
                    due,
                    status: input.status,
                    done_on: done_on.as_deref(),
                },
            )?,
        };
        set_dependencies(tx, id, input.campaign_id, &input.depends_on)?;
        Ok(id)
    })
}

/// Replace a task's dependencies; a cycle is refused, naming it (A → B → A).
fn set_dependencies(
    tx: &Transaction<'_>,
    task: i64,
    campaign_id: i64,
    depends_on: &[i64],
) -> AppResult<()> {
    tx.execute("DELETE FROM task_dependencies WHERE task_id = ?1", [task])?;
    let mut edges: Vec<(i64, i64)> = {
        let mut st = tx.prepare(
            "SELECT d.task_id, d.depends_on FROM task_dependencies d
             JOIN campaign_tasks t ON t.id = d.task_id WHERE t.campaign_id = ?1",
        )?;
        let rows = st.query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    for dep in depends_on {
        let same_campaign: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM campaign_tasks WHERE id = ?1 AND campaign_id = ?2)",
            params![dep, campaign_id],
            |r| r.get(0),
        )?;
        if !same_campaign {
            return Err(AppError::invalid(
                "depends_on",
                "只能依赖同一活动里的任务。",
                "A task can only depend on tasks of the same campaign.",
            ));
        }
        if let Some(cycle) = rules::dependency_cycle(&edges, task, *dep) {
            let mut names = Vec::with_capacity(cycle.len());
            for id in &cycle {
                names.push(
                    tx.query_row(
                        "SELECT title FROM campaign_tasks WHERE id = ?1",
                        [id],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?
                    .unwrap_or_default(),
                );
            }
            let chain = names.join(" → ");
            return Err(AppError::invalid(
                "depends_on",
                format!("依赖关系成环：{chain}。请去掉其中一个依赖。"),
                format!("The dependencies form a cycle: {chain}. Remove one of them."),
            ));
        }
        tx.execute(
            "INSERT OR IGNORE INTO task_dependencies (task_id, depends_on) VALUES (?1, ?2)",
            params![task, dep],
        )?;
        edges.push((task, *dep));
    }
    Ok(())
}

pub fn delete_task(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_tasks WHERE id = ?1", [id])?;
        Ok(())
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Material {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub item: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub owner: String,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<NaiveDate>,
}

fn material_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Material> {
    Ok(Material {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        item: r.get(2)?,
        quantity: r.get(3)?,
        owner: r.get(4)?,
        due: day_at(r, 5)?.unwrap_or_default(),
        status: WorkStatus::from_code(&r.get::<_, String>(6)?),
        done_on: day_at(r, 7)?,
    })
}

const MATERIAL_SQL: &str =
    "SELECT id, campaign_id, item, quantity, owner, due_on, status, done_on FROM campaign_materials";

pub fn list_materials(store: &Store, campaign_id: i64) -> AppResult<Vec<Material>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{MATERIAL_SQL} WHERE campaign_id = ?1 ORDER BY due_on, id"
    ))?;
    let rows = st.query_map([campaign_id], material_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn list_materials_between(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<Material>> {
    let mut st = store.conn().prepare_cached(&format!(
        "{MATERIAL_SQL} WHERE due_on BETWEEN ?1 AND ?2 ORDER BY due_on, id"
    ))?;
    let rows = st.query_map(params![from.to_string(), to.to_string()], material_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn save_material(store: &mut Store, input: &MaterialInput, today: NaiveDate) -> AppResult<i64> {
    let ValidMaterial {
        item,
        quantity,
        due,
    } = input.validated()?;
    store.write(|tx| {
        let done_on = done_on_for(tx, "campaign_materials", input.id, input.status, today)?;
        match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE campaign_materials SET item = ?2, quantity = ?3, owner = ?4, due_on = ?5, status = ?6, done_on = ?7
                     WHERE id = ?1 AND campaign_id = ?8",
                    params![id, item, quantity, input.owner.trim(), due.to_string(), input.status.code(), done_on, input.campaign_id],
                )?;
                if n == 0 {
                    return Err(AppError::not_found("这项物料已不存在。", "This material no longer exists."));
                }
                Ok(id)
            }
            None => {
                let campaign_ok: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = ?1)",
                    [input.campaign_id],
                    |r| r.get(0),
                )?;
                if !campaign_ok {
                    return Err(not_found());
                }
                insert_material_in(
                    tx,
                    &NewMaterial {
                        campaign_id: input.campaign_id,
                        item: &item,
                        quantity,
                        owner: input.owner.trim(),
                        due,
                        status: input.status,
                        done_on: done_on.as_deref(),
                    },
                )
            }
        }
    })
}

pub fn delete_material(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        tx.execute("DELETE FROM campaign_materials WHERE id = ?1", [id])?;
        Ok(())
    })
}

/// A task or material with its campaign, for the overdue and due-this-week lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WorkItem {
    /// "task" | "material"
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub campaign_id: i64,
    pub campaign: String,
    pub title: String,
    pub owner: String,
    pub due: NaiveDate,
    pub status: WorkStatus,
    /// Days past due (overdue list), 0 otherwise.
    #[ts(type = "number")]
    pub days_late: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DueLists {
    pub today: NaiveDate,
    pub overdue: Vec<WorkItem>,
    pub this_week: Vec<WorkItem>,
}

/// Open work across all campaigns (not cancelled): past due, and due from today to Sunday.
pub fn due_lists(store: &Store, today: NaiveDate) -> AppResult<DueLists> {
    use chrono::Datelike;
    let sunday = today + chrono::Days::new(u64::from(6 - today.weekday().num_days_from_monday()));
    let mut st = store.conn().prepare_cached(
        "SELECT 'task', t.id, t.campaign_id, c.name, t.title, t.owner, t.due_on, t.status
         FROM campaign_tasks t JOIN campaigns c ON c.id = t.campaign_id
         WHERE t.status <> 'done' AND c.status <> 'cancelled' AND t.due_on <= ?1
         UNION ALL
         SELECT 'material', m.id, m.campaign_id, c.name, m.item, m.owner, m.due_on, m.status
         FROM campaign_materials m JOIN campaigns c ON c.id = m.campaign_id
         WHERE m.status <> 'done' AND c.status <> 'cancelled' AND m.due_on <= ?1
         ORDER BY 7, 4, 5",
    )?;
    let rows = st.query_map([sunday.to_string()], |r| {
        let due = day_at(r, 6)?.unwrap_or_default();
        Ok(WorkItem {
            kind: r.get(0)?,
            id: r.get(1)?,
            campaign_id: r.get(2)?,
            campaign: r.get(3)?,
            title: r.get(4)?,
            owner: r.get(5)?,
            due,
            status: WorkStatus::from_code(&r.get::<_, String>(7)?),
            days_late: rules::days_between(due, today).max(0),
        })
    })?;
    let (overdue, this_week) = rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .partition(|w| w.due < today);
    Ok(DueLists {
        today,
        overdue,
        this_week,
    })
}

/// A task to add: the form, a template, a copy and the sample all add tasks here (the
/// campaign_tasks table's one INSERT).
pub(crate) struct NewTask<'a> {
    pub campaign_id: i64,
    pub title: &'a str,
    pub group_id: i64,
    pub owner: &'a str,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<&'a str>,
}

pub(crate) fn insert_task_in(tx: &Transaction<'_>, t: &NewTask<'_>) -> AppResult<i64> {
    tx.prepare_cached(
        "INSERT INTO campaign_tasks (campaign_id, title, group_id, owner, start_on, due_on, status, done_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        t.campaign_id,
        t.title,
        t.group_id,
        t.owner,
        t.start.to_string(),
        t.due.to_string(),
        t.status.code(),
        t.done_on,
        now_text()
    ])?;
    Ok(tx.last_insert_rowid())
}

/// A material to add (the campaign_materials table's one INSERT).
pub(crate) struct NewMaterial<'a> {
    pub campaign_id: i64,
    pub item: &'a str,
    pub quantity: i64,
    pub owner: &'a str,
    pub due: NaiveDate,
    pub status: WorkStatus,
    pub done_on: Option<&'a str>,
}

pub(crate) fn insert_material_in(tx: &Transaction<'_>, m: &NewMaterial<'_>) -> AppResult<i64> {
    tx.prepare_cached(
        "INSERT INTO campaign_materials (campaign_id, item, quantity, owner, due_on, status, done_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        m.campaign_id,
        m.item,
        m.quantity,
        m.owner,
        m.due.to_string(),
        m.status.code(),
        m.done_on,
        now_text()
    ])?;
    Ok(tx.last_insert_rowid())
}

/// `task` cannot start before `on` is done (the task_dependencies table's one INSERT).
pub(crate) fn insert_dependency_in(tx: &Transaction<'_>, task: i64, on: i64) -> AppResult<()> {
    tx.prepare_cached("INSERT INTO task_dependencies (task_id, depends_on) VALUES (?1, ?2)")?
        .execute(params![task, on])?;
    Ok(())
}

/// A task group's id by its (Chinese) name.
pub(crate) fn group_id_in(tx: &Transaction<'_>, name: &str) -> AppResult<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM task_groups WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Copy tasks (with the dependencies between them) and materials to the campaign `new`, each
/// task's days and each material's due day moved by `moved`; the copies start as to-do.
pub(crate) fn copy_work_in(
    tx: &Transaction<'_>,
    new: i64,
    tasks: &[Task],
    materials: &[Material],
    moved: impl Fn(NaiveDate, NaiveDate) -> AppResult<(NaiveDate, NaiveDate)>,
) -> AppResult<()> {
    let mut ids = HashMap::new();
    for t in tasks {
        let (start, due) = moved(t.start, t.due)?;
        let task = NewTask {
            campaign_id: new,
            title: &t.title,
            group_id: t.group_id,
            owner: &t.owner,
            start,
            due,
            status: WorkStatus::Todo,
            done_on: None,
        };
        ids.insert(t.id, insert_task_in(tx, &task)?);
    }
    for t in tasks {
        for on in &t.depends_on {
            if let (Some(a), Some(b)) = (ids.get(&t.id), ids.get(on)) {
                insert_dependency_in(tx, *a, *b)?;
            }
        }
    }
    for m in materials {
        let (_, due) = moved(m.due, m.due)?;
        let material = NewMaterial {
            campaign_id: new,
            item: &m.item,
            quantity: m.quantity,
            owner: &m.owner,
            due,
            status: WorkStatus::Todo,
            done_on: None,
        };
        insert_material_in(tx, &material)?;
    }
    Ok(())
}
