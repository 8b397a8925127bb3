//! History 历史 and undo 撤销: what a logged change is called in words (the record's kind and
//! name, which fields changed) and the kinds of action that can be undone. Plain rules: the
//! store keeps the log (triggers), the core takes an action back.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

/// A destructive action the user can take back with "undo last action".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActionKind {
    Delete,
    Status,
    Import,
    Restore,
}

impl ActionKind {
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Delete => "delete",
            ActionKind::Status => "status",
            ActionKind::Import => "import",
            ActionKind::Restore => "restore",
        }
    }

    pub fn from_code(s: &str) -> Option<ActionKind> {
        [
            ActionKind::Delete,
            ActionKind::Status,
            ActionKind::Import,
            ActionKind::Restore,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

/// The kind of record a logged table holds, in words.
pub fn noun(table: &str, lang: Lang) -> &'static str {
    let (zh, en) = match table {
        "brands" => ("品牌", "brand"),
        "products" => ("产品", "product"),
        "channels" => ("渠道", "channel"),
        "competitor_activities" => ("竞品活动", "competitor activity"),
        "battlecards" => ("竞品卡", "battlecard"),
        "campaigns" => ("活动", "campaign"),
        "campaign_tasks" => ("任务", "task"),
        "campaign_materials" => ("物料", "material"),
        "campaign_offers" => ("特价与限价", "offer"),
        "campaign_results" => ("活动结果", "result"),
        "campaign_status_log" => ("状态记录", "status entry"),
        "staff" => ("人员", "staff member"),
        "training_programs" => ("培训课程", "program"),
        "training_sessions" => ("培训场次", "session"),
        "enrolments" => ("报名", "enrolment"),
        "attendance" => ("签到", "attendance"),
        "budget_plans" => ("年度预算", "budget plan"),
        "budget_lines" => ("预算行", "budget line"),
        "budget_revisions" => ("预算调整", "revision"),
        "expenses" => ("费用申请", "expense request"),
        "expense_evidence" => ("凭证", "evidence"),
        _ => ("记录", "record"),
    };
    lang.pick(zh, en)
}

/// Tables that link or log rather than hold a record of their own (an action is named after
/// the record it touched, not after these).
pub fn is_link_table(table: &str) -> bool {
    matches!(
        table,
        "campaign_status_log"
            | "campaign_regions"
            | "competitor_activity_regions"
            | "task_dependencies"
            | "program_roles"
            | "program_regions"
            | "enrolments"
            | "budget_revisions"
    )
}

/// What a record is called, from its logged values: its name, title, item, payee, model or
/// date — the first it has.
pub fn record_name(values: &Map<String, Value>) -> Option<String> {
    [
        "name",
        "title",
        "item",
        "payee",
        "model",
        "file_name",
        "on_date",
        "period",
    ]
    .iter()
    .find_map(|k| values.get(*k).and_then(Value::as_str))
    .map(str::to_string)
}

/// "删除活动“江森五一焕新季”" / "Deleted campaign “…”": the label of an action from its
/// first logged row.
pub fn action_label(
    kind: ActionKind,
    table: &str,
    values: &Map<String, Value>,
    lang: Lang,
) -> String {
    let what = noun(table, lang);
    let name = record_name(values)
        .map(|n| format!("“{n}”"))
        .unwrap_or_default();
    match (kind, lang) {
        (ActionKind::Delete, Lang::ZhCn) => format!("删除{what}{name}"),
        (ActionKind::Delete, Lang::En) => format!("Deleted {what} {name}"),
        (ActionKind::Status, Lang::ZhCn) => format!("更改{what}{name}的状态"),
        (ActionKind::Status, Lang::En) => format!("Changed the status of {what} {name}"),
        (ActionKind::Import, Lang::ZhCn) => format!("导入{name}"),
        (ActionKind::Import, Lang::En) => format!("Imported {name}"),
        (ActionKind::Restore, Lang::ZhCn) => format!("从备份恢复{name}"),
        (ActionKind::Restore, Lang::En) => format!("Restored the backup {name}"),
    }
}

/// The fields an update changed: (field, old, new), in the row's column order; bookkeeping
/// stamps (updated_at) left out.
pub fn changed_fields(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Vec<(String, Value, Value)> {
    new.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "updated_at"))
        .filter_map(|(k, v)| {
            let before = old.get(k).cloned().unwrap_or(Value::Null);
            (before != *v).then(|| (k.clone(), before, v.clone()))
        })
        .collect()
}

/// A logged field's name in words (the columns people change; others as they are named).
pub fn field_label(field: &str, lang: Lang) -> String {
    let (zh, en) = match field {
        "name" => ("名称", "Name"),
        "title" => ("标题", "Title"),
        "item" => ("物料", "Item"),
        "status" => ("状态", "Status"),
        "owner" => ("负责人", "Owner"),
        "start_on" => ("开始日期", "Start"),
        "end_on" => ("结束日期", "End"),
        "due_on" => ("截止日期", "Due"),
        "done_on" => ("完成日期", "Done on"),
        "on_date" => ("日期", "Date"),
        "spent_on" => ("发生日期", "Date"),
        "starts_at" => ("开始时间", "Starts"),
        "ends_at" => ("结束时间", "Ends"),
        "location" => ("地点", "Place"),
        "trainer" => ("讲师", "Trainer"),
        "capacity" => ("名额", "Capacity"),
        "payee" => ("收款方", "Payee"),
        "requester" => ("申请人", "Requester"),
        "description" => ("说明", "Description"),
        "theme" => ("主题", "Theme"),
        "objectives" => ("目标", "Objectives"),
        "notes" | "note" => ("备注", "Note"),
        "reason" => ("原因", "Reason"),
        "approver" => ("审批人", "Approver"),
        "submitted_on" => ("提交日期", "Submitted on"),
        "approved_on" => ("批准日期", "Approved on"),
        "paid_on" => ("报销日期", "Paid on"),
        "requested_fen" => ("申请金额", "Requested"),
        "approved_fen" => ("批准金额", "Approved"),
        "paid_fen" => ("报销金额", "Paid"),
        "amount_fen" => ("金额", "Amount"),
        "target_units" => ("目标销量", "Target units"),
        "target_revenue_fen" => ("目标销售额", "Target revenue"),
        "quantity" => ("数量", "Quantity"),
        "limit_fen" => ("限价", "Limit"),
        "special_fen" => ("特价", "Special price"),
        "phone" => ("电话", "Phone"),
        _ => return field.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// A logged value as the history shows it: text as is, numbers as written, empty as —.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn labels_name_the_record_in_both_languages() {
        let c = map(json!({"id": 1, "name": "江森五一焕新季", "status": "done"}));
        assert_eq!(
            action_label(ActionKind::Delete, "campaigns", &c, Lang::ZhCn),
            "删除活动“江森五一焕新季”"
        );
        assert_eq!(
            action_label(ActionKind::Status, "campaigns", &c, Lang::En),
            "Changed the status of campaign “江森五一焕新季”"
        );
        let t = map(json!({"id": 3, "title": "门店海报"}));
        assert_eq!(record_name(&t).as_deref(), Some("门店海报"));
        assert_eq!(record_name(&map(json!({"id": 3}))), None);
        assert_eq!(
            action_label(ActionKind::Delete, "unknown", &map(json!({})), Lang::ZhCn),
            "删除记录"
        );
    }

    #[test]
    fn only_the_fields_that_changed_are_listed() {
        let old = map(json!({"id": 1, "status": "planned", "note": "", "updated_at": "a"}));
        let new = map(json!({"id": 1, "status": "running", "note": "", "updated_at": "b"}));
        assert_eq!(
            changed_fields(&old, &new),
            vec![("status".to_string(), json!("planned"), json!("running"))]
        );
        assert_eq!(show_value(&json!(null)), "—");
        assert_eq!(show_value(&json!("")), "—");
        assert_eq!(show_value(&json!(329900)), "329900");
        assert_eq!(ActionKind::from_code("import"), Some(ActionKind::Import));
        assert_eq!(ActionKind::from_code("x"), None);
    }
}
