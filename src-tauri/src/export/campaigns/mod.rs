//! The campaigns area's exports: the brief (`brief`, a document) and the campaign calendar as
//! iCalendar (RFC 5545) for Outlook, Google and Apple Calendar:
//! campaigns as all-day events over their dates (DTEND the day after the last day), tasks and
//! materials as all-day events on their due dates. UIDs are derived from the record's kind and
//! id, so importing a newer export updates the events instead of duplicating them.

pub mod brief;

use crate::i18n::Lang;
use crate::store::campaigns::{Campaign, Material, Task};
use chrono::NaiveDate;
use icalendar::{Calendar, Component, Event, EventLike};
use std::collections::HashMap;

/// The stable UID of a record in every export.
pub fn uid(kind: &str, id: i64) -> String {
    format!("marketdesk-{kind}-{id}@marketdesk.local")
}

fn all_day(event: &mut Event, first: NaiveDate, last: NaiveDate) {
    event.starts(first);
    // RFC 5545 §3.6.1: an all-day DTEND is exclusive, the day after the last day.
    event.ends(last.succ_opt().unwrap_or(last));
}

/// Build the calendar (its text, `to_string()`, has CRLF lines folded at 75 octets by the
/// icalendar crate); other areas add their events (training sessions) before it is written.
pub fn calendar(
    campaigns: &[Campaign],
    tasks: &[Task],
    materials: &[Material],
    names: &HashMap<i64, String>,
    lang: Lang,
) -> Calendar {
    let mut cal = Calendar::new();
    cal.name(lang.pick("MarketDesk 活动日历", "MarketDesk campaign calendar"));
    for c in campaigns {
        let regions: Vec<&str> = c.regions.iter().map(|r| r.name.as_str()).collect();
        let mut e = Event::new();
        e.uid(&uid("campaign", c.id)).summary(&c.name);
        all_day(&mut e, c.start, c.end);
        let mut lines = vec![
            format!("{}{}", lang.pick("类型：", "Type: "), c.kind.label(lang)),
            format!(
                "{}{}",
                lang.pick("状态：", "Status: "),
                c.status.label(lang)
            ),
        ];
        if !regions.is_empty() {
            lines.push(format!(
                "{}{}",
                lang.pick("区域：", "Regions: "),
                regions.join(lang.pick("、", ", "))
            ));
        }
        if !c.owner.is_empty() {
            lines.push(format!("{}{}", lang.pick("负责人：", "Owner: "), c.owner));
        }
        if !c.theme.is_empty() {
            lines.push(format!("{}{}", lang.pick("主题：", "Theme: "), c.theme));
        }
        e.description(&lines.join("\n"));
        cal.push(e.done());
    }
    let campaign_of = |id: i64| names.get(&id).map(String::as_str).unwrap_or("");
    for t in tasks {
        let mut e = Event::new();
        e.uid(&uid("task", t.id)).summary(&format!(
            "{}{}{}{}{}",
            lang.pick("任务：", "Task: "),
            t.title,
            lang.pick("（", " ("),
            campaign_of(t.campaign_id),
            lang.pick("）", ")")
        ));
        all_day(&mut e, t.due, t.due);
        e.description(&format!(
            "{} · {} · {}",
            t.group,
            if t.owner.is_empty() { "—" } else { &t.owner },
            t.status.label(lang)
        ));
        cal.push(e.done());
    }
    for m in materials {
        let mut e = Event::new();
        e.uid(&uid("material", m.id)).summary(&format!(
            "{}{} × {}{}{}{}",
            lang.pick("物料：", "Material: "),
            m.item,
            m.quantity,
            lang.pick("（", " ("),
            campaign_of(m.campaign_id),
            lang.pick("）", ")")
        ));
        all_day(&mut e, m.due, m.due);
        e.description(&format!(
            "{} · {}",
            if m.owner.is_empty() { "—" } else { &m.owner },
            m.status.label(lang)
        ));
        cal.push(e.done());
    }
    cal
}
