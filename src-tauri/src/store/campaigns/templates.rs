//! Templates (built-in and the user's own) and copying a campaign to another year.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateItem {
    /// "task" | "material"
    pub item_type: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub group_id: Option<i64>,
    #[ts(type = "number")]
    pub quantity: i64,
    /// Days from the launch day (T-60 → -60).
    #[ts(type = "number")]
    pub start_offset: i64,
    #[ts(type = "number")]
    pub due_offset: i64,
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
        "SELECT template_id, item_type, local_name(title, title_en), group_id, quantity, start_offset, due_offset
         FROM template_items ORDER BY template_id, due_offset, id",
        |r| {
            Ok((
                r.get(0)?,
                TemplateItem {
                    item_type: r.get(1)?,
                    title: r.get(2)?,
                    group_id: r.get(3)?,
                    quantity: r.get(4)?,
                    start_offset: r.get(5)?,
                    due_offset: r.get(6)?,
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

/// Create a campaign with the template's tasks and materials placed around its launch day
/// (the campaign's first day).
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
        for item in &template.items {
            let start = rules::offset_day(v.start, item.start_offset)?;
            let due = rules::offset_day(v.start, item.due_offset)?;
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
                insert_task_in(tx, &task)?;
            }
        }
        Ok(id)
    })
}

/// Save a campaign's tasks and materials as a template of the user's own, each placed by its
/// days from the campaign's first day (the launch day).
pub fn save_as_template(store: &mut Store, campaign_id: i64, name: &str) -> AppResult<i64> {
    let name = rules::required("name", name, "模板名称", "template name")?;
    let c = get(store, campaign_id)?;
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
        let launch = c.start.to_string();
        tx.execute(
            "INSERT INTO template_items (template_id, item_type, title, group_id, quantity, start_offset, due_offset)
             SELECT ?1, 'task', title, group_id, 0,
                    CAST(julianday(start_on) - julianday(?3) AS INTEGER), CAST(julianday(due_on) - julianday(?3) AS INTEGER)
             FROM campaign_tasks WHERE campaign_id = ?2 ORDER BY due_on, id",
            params![id, campaign_id, launch],
        )?;
        tx.execute(
            "INSERT INTO template_items (template_id, item_type, title, group_id, quantity, start_offset, due_offset)
             SELECT ?1, 'material', item, NULL, quantity,
                    CAST(julianday(due_on) - julianday(?3) AS INTEGER), CAST(julianday(due_on) - julianday(?3) AS INTEGER)
             FROM campaign_materials WHERE campaign_id = ?2 ORDER BY due_on, id",
            params![id, campaign_id, launch],
        )?;
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
/// another year, every date moved by `shift_days`; the copy starts as a draft.
pub fn copy_shifted(
    store: &mut Store,
    id: i64,
    shift_days: i64,
    holiday: Option<(i32, String)>,
) -> AppResult<i64> {
    let src = get(store, id)?;
    let children: Vec<Campaign> = list(store)?
        .into_iter()
        .filter(|c| c.parent_id == Some(id))
        .collect();
    let mv = |d: NaiveDate| rules::shift(d, shift_days);
    store.write(|tx| {
        let valid = |c: &Campaign,
                     parent: Option<i64>,
                     holiday: Option<(i32, String)>|
         -> AppResult<ValidCampaign> {
            Ok(ValidCampaign {
                parent_id: parent,
                name: c.name.clone(),
                kind: c.kind,
                start: mv(c.start)?,
                end: mv(c.end)?,
                region_ids: c.regions.iter().map(|r| r.id).collect(),
                owner: c.owner.clone(),
                theme: c.theme.clone(),
                target_units: c.target_units,
                target_revenue_fen: c.target_revenue_fen,
                objectives: c.objectives.clone(),
                notes: c.notes.clone(),
                holiday,
            })
        };
        let new_id = write_campaign(tx, None, &valid(&src, None, holiday.clone())?, None)?;
        let mut pairs = vec![(src.id, new_id)];
        for c in &children {
            let child = write_campaign(tx, None, &valid(c, Some(new_id), None)?, None)?;
            pairs.push((c.id, child));
        }
        for (old, new) in pairs {
            copy_work(tx, old, new, shift_days)?;
        }
        Ok(new_id)
    })
}

fn copy_work(tx: &Transaction<'_>, old: i64, new: i64, days: i64) -> AppResult<()> {
    copy_work_in(tx, old, new, days)?;
    copy_offers_in(tx, old, new)
}
