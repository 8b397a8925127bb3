//! Templates (built-in and the user's own) and copying a campaign to another year.

use super::*;
use crate::domain::campaigns::templates::{reanchor, Anchor, Placement};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateItem {
    #[ts(type = "number")]
    pub id: i64,
    /// "task" | "material"
    pub item_type: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[ts(type = "number")]
    pub quantity: i64,
    /// What the offsets count from: the campaign's start, its end, or both (spanning it).
    pub anchor: Anchor,
    /// Days from the anchor to the first day (T-60 → -60) and to the due day.
    #[ts(type = "number")]
    pub start_offset: i64,
    #[ts(type = "number")]
    pub due_offset: i64,
    /// The template items (tasks) this one waits for.
    #[ts(type = "Array<number>")]
    pub depends_on: Vec<i64>,
    /// The placement in words, in the user's language (filled in by the core).
    pub when: String,
}

impl TemplateItem {
    pub fn placement(&self) -> Placement {
        Placement {
            anchor: self.anchor,
            start_offset: self.start_offset,
            due_offset: self.due_offset,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Template {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub builtin: bool,
    pub items: Vec<TemplateItem>,
}

pub fn list_templates(store: &Store) -> AppResult<Vec<Template>> {
    let mut out: Vec<Template> = store.query_all(
        "SELECT id, local_name(name, name_en), builtin FROM campaign_templates ORDER BY builtin DESC, id",
        |r| {
            Ok(Template {
                id: r.get(0)?,
                name: r.get(1)?,
                builtin: r.get(2)?,
                items: Vec::new(),
            })
        },
    )?;
    let items: Vec<(i64, TemplateItem)> = store.query_all(
        "SELECT i.template_id, i.id, i.item_type, local_name(i.title, i.title_en), i.group_id, i.quantity,
                i.anchor, i.start_offset, i.due_offset,
                coalesce((SELECT group_concat(depends_on) FROM template_dependencies d WHERE d.item_id = i.id), '')
         FROM template_items i
         ORDER BY i.template_id, CASE i.anchor WHEN 'end' THEN 2 WHEN 'span' THEN 1 ELSE 0 END, i.due_offset, i.id",
        |r| {
            let deps: String = r.get(9)?;
            Ok((
                r.get(0)?,
                TemplateItem {
                    id: r.get(1)?,
                    item_type: r.get(2)?,
                    title: r.get(3)?,
                    group_id: r.get(4)?,
                    quantity: r.get(5)?,
                    anchor: Anchor::from_code(&r.get::<_, String>(6)?),
                    start_offset: r.get(7)?,
                    due_offset: r.get(8)?,
                    depends_on: deps.split(',').filter_map(|x| x.parse().ok()).collect(),
                    when: String::new(),
                },
            ))
        },
    )?;
    for (tid, item) in items {
        if let Some(t) = out.iter_mut().find(|t| t.id == tid) {
            t.items.push(item);
        }
    }
    Ok(out)
}

/// Create a campaign with the template's tasks and materials placed by their anchors (the
/// campaign's start, its end, or its whole run), and the dependencies between the tasks.
pub fn create_from_template(
    store: &mut Store,
    input: &CampaignInput,
    template_id: i64,
) -> AppResult<i64> {
    let v = input.validated()?;
    let template = list_templates(store)?
        .into_iter()
        .find(|t| t.id == template_id)
        .ok_or_else(|| {
            AppError::not_found("这个模板已不存在。", "This template no longer exists.")
        })?;
    let other_group: i64 = store.conn().query_row(
        "SELECT id FROM task_groups WHERE name = '其他'",
        [],
        |r| r.get(0),
    )?;
    store.write(|tx| {
        check_regions(tx, &v)?;
        check_parent(tx, &v, None)?;
        let id = write_campaign(tx, None, &v, None)?;
        let mut tasks: HashMap<i64, i64> = HashMap::new();
        for item in &template.items {
            let (start, due) = item.placement().place(v.start, v.end)?;
            if item.item_type == "material" {
                let material = NewMaterial {
                    campaign_id: id,
                    item: &item.title,
                    quantity: item.quantity,
                    owner: "",
                    due,
                    status: WorkStatus::Todo,
                    done_on: None,
                };
                insert_material_in(tx, &material)?;
            } else {
                let task = NewTask {
                    campaign_id: id,
                    title: &item.title,
                    group_id: item.group_id.unwrap_or(other_group),
                    owner: "",
                    start,
                    due,
                    status: WorkStatus::Todo,
                    done_on: None,
                };
                tasks.insert(item.id, insert_task_in(tx, &task)?);
            }
        }
        for item in &template.items {
            for on in &item.depends_on {
                if let (Some(t), Some(o)) = (tasks.get(&item.id), tasks.get(on)) {
                    insert_dependency_in(tx, *t, *o)?;
                }
            }
        }
        Ok(id)
    })
}

fn insert_template_item(
    tx: &Transaction<'_>,
    template_id: i64,
    kind: &str,
    title: &str,
    group_id: Option<i64>,
    quantity: i64,
    p: Placement,
) -> AppResult<i64> {
    tx.execute(
        "INSERT INTO template_items (template_id, item_type, title, group_id, quantity, anchor, start_offset, due_offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![template_id, kind, title, group_id, quantity, p.anchor.code(), p.start_offset, p.due_offset],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Save a campaign's tasks (with their dependencies) and materials as a template of the user's
/// own, each anchored where it lies: spanning the campaign, after its end, or from its start.
pub fn save_as_template(store: &mut Store, campaign_id: i64, name: &str) -> AppResult<i64> {
    let name = rules::required("name", name, "模板名称", "template name")?;
    let c = get(store, campaign_id)?;
    let tasks = list_tasks(store, campaign_id)?;
    let materials = list_materials(store, campaign_id)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO campaign_templates (name, builtin) VALUES (?1, 0)",
            [&name],
        )
        .map_err(|e| {
            crate::store::unique_violation(
                e,
                "name",
                format!("已有模板“{name}”。"),
                format!("There is already a template “{name}”."),
            )
        })?;
        let id = tx.last_insert_rowid();
        let mut items: HashMap<i64, i64> = HashMap::new();
        for t in &tasks {
            let p = Placement::of(t.start, t.due, c.start, c.end);
            let item = insert_template_item(tx, id, "task", &t.title, Some(t.group_id), 0, p)?;
            items.insert(t.id, item);
        }
        for m in &materials {
            let p = Placement::of(m.due, m.due, c.start, c.end);
            insert_template_item(tx, id, "material", &m.item, None, m.quantity, p)?;
        }
        for t in &tasks {
            for on in &t.depends_on {
                if let (Some(a), Some(b)) = (items.get(&t.id), items.get(on)) {
                    tx.execute(
                        "INSERT OR IGNORE INTO template_dependencies (item_id, depends_on) VALUES (?1, ?2)",
                        params![a, b],
                    )?;
                }
            }
        }
        Ok(id)
    })
}

/// Remove a template of the user's own (the built-in one stays).
pub fn delete_template(store: &mut Store, id: i64) -> AppResult<()> {
    store.write(|tx| {
        let n = tx.execute(
            "DELETE FROM campaign_templates WHERE id = ?1 AND builtin = 0",
            [id],
        )?;
        if n == 0 {
            return Err(AppError::invalid(
                "template",
                "内置模板不能删除。",
                "The built-in template cannot be removed.",
            ));
        }
        Ok(())
    })
}

/// Copy a campaign (with its sub-activities, tasks, dependencies, materials and offers) to
/// new dates, `start` to `end` (the same holiday next year, perhaps longer or shorter): every
/// sub-activity, task and material keeps its distance to its campaign's start, or to its end,
/// or spans it (`domain::campaigns::templates::reanchor`); the copy starts as a draft.
pub fn copy_to(
    store: &mut Store,
    id: i64,
    start: NaiveDate,
    end: NaiveDate,
    holiday: Option<(i32, String)>,
) -> AppResult<i64> {
    rules::check_dates(start, end, "end")?;
    let src = get(store, id)?;
    let children: Vec<Campaign> = list(store)?
        .into_iter()
        .filter(|c| c.parent_id == Some(id))
        .collect();
    let mut work = HashMap::new();
    for c in std::iter::once(&src).chain(&children) {
        work.insert(
            c.id,
            (list_tasks(store, c.id)?, list_materials(store, c.id)?),
        );
    }
    store.write(|tx| {
        let valid = |c: &Campaign,
                     parent: Option<i64>,
                     (start, end): (NaiveDate, NaiveDate),
                     holiday: Option<(i32, String)>|
         -> ValidCampaign {
            ValidCampaign {
                parent_id: parent,
                name: c.name.clone(),
                kind: c.kind,
                start,
                end,
                region_ids: c.regions.iter().map(|r| r.id).collect(),
                owner: c.owner.clone(),
                theme: c.theme.clone(),
                target_units: c.target_units,
                target_revenue_fen: c.target_revenue_fen,
                objectives: c.objectives.clone(),
                notes: c.notes.clone(),
                holiday,
            }
        };
        let new_id = write_campaign(
            tx,
            None,
            &valid(&src, None, (start, end), holiday.clone()),
            None,
        )?;
        let mut pairs = vec![(&src, new_id, (start, end))];
        for c in &children {
            let dates = reanchor(c.start, c.end, (src.start, src.end), (start, end))?;
            let child = write_campaign(tx, None, &valid(c, Some(new_id), dates, None), None)?;
            pairs.push((c, child, dates));
        }
        for (old, new, dates) in pairs {
            if let Some((tasks, materials)) = work.get(&old.id) {
                let moved =
                    |a: NaiveDate, b: NaiveDate| reanchor(a, b, (old.start, old.end), dates);
                copy_work_in(tx, new, tasks, materials, moved)?;
            }
            copy_offers_in(tx, old.id, new)?;
        }
        Ok(new_id)
    })
}
