//! The budget part of `make bench`: the year's report by each key (category, region,
//! campaign, period) over 2,000 plan lines and 100,000 requests, against the same matching
//! and sums as one SQL statement in the sqlite3 shell.

use super::{best_of, ms, record, Lcg, REGIONS};
use marketdesk_lib::core::budget::ReportBy;
use marketdesk_lib::core::AppCore;
use rusqlite::params;
use serde_json::{Map, Value};
use std::path::Path;

const STATUSES: [&str; 6] = [
    "draft",
    "submitted",
    "approved",
    "reimbursed",
    "rejected",
    "cancelled",
];

/// Fill an empty data file (already migrated) with the budget set: the 2026 plan of 2,000
/// distinct lines and 100,000 requests in every state.
fn fill(db: &Path) {
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let regions: Vec<i64> = REGIONS
        .iter()
        .map(|r| {
            tx.query_row("SELECT id FROM regions WHERE short_name = ?1", [r], |x| {
                x.get(0)
            })
            .unwrap()
        })
        .collect();
    for k in 0..20i64 {
        tx.execute(
            "INSERT INTO campaigns (name, kind, start_on, end_on, status, created_at)
             VALUES (?1, 'holiday', ?2, ?3, 'approved', '')",
            params![
                format!("活动{k:02}"),
                format!("2026-{:02}-01", 1 + k % 12),
                format!("2026-{:02}-20", 1 + k % 12)
            ],
        )
        .unwrap();
    }
    let campaigns: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM campaigns ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    tx.execute(
        "INSERT INTO budget_plans (year, policy, created_at) VALUES (2026, 'warn', '')",
        [],
    )
    .unwrap();
    let plan = tx.last_insert_rowid();
    // Periods: the year, four quarters, twelve months.
    let mut periods: Vec<(String, String, String)> =
        vec![("2026".into(), "2026-01-01".into(), "2026-12-31".into())];
    for q in 1..=4u32 {
        let end = [31, 30, 30, 31][(q - 1) as usize];
        periods.push((
            format!("2026Q{q}"),
            format!("2026-{:02}-01", (q - 1) * 3 + 1),
            format!("2026-{:02}-{end}", q * 3),
        ));
    }
    for m in 1..=12u32 {
        let end = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize];
        periods.push((
            format!("2026-{m:02}"),
            format!("2026-{m:02}-01"),
            format!("2026-{m:02}-{end}"),
        ));
    }
    let mut rng = Lcg(17);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 2_000 {
        let p = rng.next(periods.len() as u64) as usize;
        let cat = 1 + rng.next(8) as i64;
        let region = (rng.next(3) != 0).then(|| regions[rng.next(8) as usize]);
        let campaign = (rng.next(4) == 0).then(|| campaigns[rng.next(20) as usize]);
        if !seen.insert((p, cat, region, campaign)) {
            continue;
        }
        let (code, from, to) = &periods[p];
        tx.execute(
            "INSERT INTO budget_lines (plan_id, period, starts_on, ends_on, category_id, region_id, campaign_id, amount_fen, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '')",
            params![plan, code, from, to, cat, region, campaign, 100_000 * (1 + rng.next(500) as i64)],
        )
        .unwrap();
    }
    {
        let mut ins = tx
            .prepare(
                "INSERT INTO expenses (spent_on, requester, region_id, campaign_id, category_id, payee, requested_fen,
                     approved_fen, paid_fen, status, created_at, updated_at)
                 VALUES (?1, '某人', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '', '')",
            )
            .unwrap();
        for i in 0..100_000i64 {
            let status = STATUSES[rng.next(6) as usize];
            let requested = 1_000 + rng.next(5_000_000) as i64;
            let approved = matches!(status, "approved" | "reimbursed" | "cancelled")
                .then(|| requested - rng.next(requested as u64 / 2) as i64);
            let paid = (status == "reimbursed")
                .then(|| approved.unwrap_or(requested) - rng.next(1_000) as i64);
            ins.execute(params![
                format!("2026-{:02}-{:02}", 1 + rng.next(12), 1 + rng.next(28)),
                (rng.next(5) != 0).then(|| regions[rng.next(8) as usize]),
                (rng.next(3) == 0).then(|| campaigns[rng.next(20) as usize]),
                1 + rng.next(8) as i64,
                format!("收款方{}", i % 997),
                requested,
                approved,
                paid.map(|p| p.max(1)),
                status
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// The same matching (the most specific line: campaign, then region, then the shorter period,
/// then the first entered) and the same sums, in one statement.
const REPORT_SQL: &str = "
WITH m AS (
  SELECT e.status, e.requested_fen, e.approved_fen, e.paid_fen,
    (SELECT l.id FROM budget_lines l
      WHERE l.plan_id = 1 AND l.category_id = e.category_id
        AND e.spent_on BETWEEN l.starts_on AND l.ends_on
        AND (l.region_id IS NULL OR l.region_id = e.region_id)
        AND (l.campaign_id IS NULL OR l.campaign_id = e.campaign_id)
      ORDER BY l.campaign_id IS NOT NULL DESC, l.region_id IS NOT NULL DESC,
               julianday(l.ends_on) - julianday(l.starts_on), l.id
      LIMIT 1) AS line_id
  FROM expenses e WHERE e.spent_on >= '2026-01-01' AND e.spent_on < '2027-01-01'
), s AS (
  SELECT line_id,
    sum(CASE status WHEN 'submitted' THEN requested_fen
                    WHEN 'approved' THEN coalesce(approved_fen, requested_fen) ELSE 0 END) AS c,
    sum(CASE status WHEN 'reimbursed' THEN paid_fen ELSE 0 END) AS a
  FROM m GROUP BY line_id
)
SELECT l.category_id, sum(l.amount_fen), sum(coalesce(s.c, 0)), sum(coalesce(s.a, 0))
FROM budget_lines l LEFT JOIN s ON s.line_id = l.id WHERE l.plan_id = 1 GROUP BY l.category_id
UNION ALL SELECT 'unplanned', 0, c, a FROM s WHERE line_id IS NULL;";

pub fn run(out_dir: &Path, summary: &mut Map<String, Value>) {
    let db = out_dir.join(format!(
        "budget-v{}.db",
        marketdesk_lib::store::latest_version()
    ));
    if !db.exists() {
        let core = AppCore::new(db.clone());
        core.start_empty().unwrap();
        drop(core);
        fill(&db);
    }
    let core = AppCore::new(db.clone());
    core.start_empty().unwrap();
    let mut slowest = std::time::Duration::ZERO;
    let mut totals = Vec::new();
    for by in [
        ReportBy::Category,
        ReportBy::Region,
        ReportBy::Campaign,
        ReportBy::Period,
    ] {
        let (t, r) = best_of(7, || core.budget_report(2026, by).unwrap());
        println!(
            "(budget report by {by:?}: {} rows, {:.2} ms)",
            r.rows.len(),
            ms(t)
        );
        slowest = slowest.max(t);
        totals.push((r.total.plan_fen, r.total.committed_fen, r.total.actual_fen));
    }
    assert!(
        totals.windows(2).all(|w| w[0] == w[1]),
        "every view adds up to the same totals"
    );
    let (floor, shell) = best_of(3, || {
        let out = std::process::Command::new("sqlite3")
            .arg(&db)
            .arg(REPORT_SQL)
            .output()
            .expect("sqlite3 shell (apt install sqlite3)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    let shell_total = shell
        .lines()
        .filter_map(|l| {
            let f: Vec<i64> = l
                .split('|')
                .skip(1)
                .filter_map(|x| x.parse().ok())
                .collect();
            (f.len() == 3).then(|| (f[0], f[1], f[2]))
        })
        .fold((0, 0, 0), |t, x| (t.0 + x.0, t.1 + x.1, t.2 + x.2));
    println!(
        "(budget totals {:?}; the sqlite3 query: {shell_total:?})",
        totals[0]
    );
    assert_eq!(
        totals[0], shell_total,
        "both computations must add up the same"
    );
    // The one search (Ctrl+K) over the same file: 100,000 expenses, 2,000 lines' campaigns.
    // A short word nothing contains is the worst case: LIKE reads the whole index.
    for (name, q, found) in [
        ("search_trigram", "收款方123", true),
        ("search_short_like", "某人", true),
        ("search_short_like_miss", "无此", false),
    ] {
        let (t, hits) = best_of(7, || core.search(q).unwrap());
        let n: usize = hits.iter().map(|g| g.hits.len()).sum();
        assert_eq!(n > 0, found, "{q}");
        println!("(search {q:?}: {n} hits shown, {:.2} ms)", ms(t));
        record(summary, name, ms(t), "ms", None, "<= 30 ms");
    }
    record(
        summary,
        "budget_report_slowest_key",
        ms(slowest),
        "ms",
        Some(ms(floor)),
        "<= 1.0x sqlite3 shell",
    );
}
