//! The training part of `make bench`: the region × program completion matrix over 2,000
//! staff, 50 programs, 2,000 held sessions and 100,000 attendance rows, against the same
//! figures as one SQL statement in the sqlite3 shell.

use super::{best_of, ms, record, Lcg, REGIONS};
use marketdesk_lib::core::AppCore;
use rusqlite::params;
use serde_json::{Map, Value};
use std::path::Path;

const MARKS: [&str; 4] = ["present", "late", "absent", "excused"];

/// Fill an empty data file (already migrated) with the training set.
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
    let roles: Vec<i64> = {
        let mut st = tx
            .prepare("SELECT id FROM staff_roles ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let mut rng = Lcg(16);
    for i in 0..2_000i64 {
        tx.execute(
            "INSERT INTO staff (name, region_id, role_id, phone, employee_no, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')",
            params![
                format!("员工{i:04}"),
                regions[rng.next(8) as usize],
                roles[rng.next(roles.len() as u64) as usize],
                format!("138{i:08}"),
                format!("B-{i:05}"),
                i % 50 != 0
            ],
        )
        .unwrap();
    }
    for p in 0..50i64 {
        tx.execute(
            "INSERT INTO training_programs (title, category_id, pass_mark, created_at)
             VALUES (?1, 1 + ?2 % 7, ?3, '')",
            params![
                format!("课程{p:02}"),
                p,
                if p % 3 == 0 { None } else { Some(60 + p % 25) }
            ],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        for k in 0..(1 + p % 3) {
            tx.execute(
                "INSERT OR IGNORE INTO program_roles (program_id, role_id) VALUES (?1, ?2)",
                params![id, roles[((p + k) % roles.len() as i64) as usize]],
            )
            .unwrap();
        }
        if p % 4 == 0 {
            for k in 0..3 {
                tx.execute(
                    "INSERT OR IGNORE INTO program_regions (program_id, region_id) VALUES (?1, ?2)",
                    params![id, regions[((p + k) % 8) as usize]],
                )
                .unwrap();
            }
        }
    }
    for s in 0..2_000i64 {
        tx.execute(
            "INSERT INTO training_sessions (program_id, on_date, starts_at, ends_at, region_id, status, created_at)
             VALUES (?1, ?2, '09:00', '11:00', ?3, 'held', '')",
            params![
                1 + s % 50,
                format!("2026-{:02}-{:02}", 1 + s % 12, 1 + s % 28),
                regions[(s % 8) as usize]
            ],
        )
        .unwrap();
        let session = tx.last_insert_rowid();
        // 50 people each: 100,000 rows.
        for k in 0..50i64 {
            let staff = 1 + (s * 37 + k * 41) % 2_000;
            let mark = MARKS[rng.next(10).min(3) as usize];
            tx.execute(
                "INSERT OR IGNORE INTO attendance (session_id, staff_id, mark, score) VALUES (?1, ?2, ?3, ?4)",
                params![session, staff, mark, 40 + rng.next(61) as i64],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// The matrix as one statement: mandatory pairs, their best attended score at held sessions,
/// counted per region and program. Prints `region|program|required|completed`.
const MATRIX_SQL: &str = "
WITH pairs AS (
  SELECT s.id AS staff_id, s.region_id, p.id AS program_id, p.pass_mark
  FROM staff s JOIN program_roles pr ON pr.role_id = s.role_id
  JOIN training_programs p ON p.id = pr.program_id
  WHERE s.active = 1
    AND (NOT EXISTS (SELECT 1 FROM program_regions x WHERE x.program_id = p.id)
         OR s.region_id IN (SELECT region_id FROM program_regions x WHERE x.program_id = p.id))
), done AS (
  SELECT a.staff_id, t.program_id, max(a.score) AS best
  FROM attendance a JOIN training_sessions t ON t.id = a.session_id
  WHERE t.status = 'held' AND a.mark IN ('present', 'late')
  GROUP BY a.staff_id, t.program_id
)
SELECT pairs.region_id, pairs.program_id, count(*),
  sum(done.staff_id IS NOT NULL AND (pairs.pass_mark IS NULL OR coalesce(done.best, -1) >= pairs.pass_mark))
FROM pairs LEFT JOIN done ON done.staff_id = pairs.staff_id AND done.program_id = pairs.program_id
GROUP BY pairs.region_id, pairs.program_id;";

pub fn run(out_dir: &Path, summary: &mut Map<String, Value>) {
    let db = out_dir.join(format!(
        "training-v{}.db",
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
    let (ours, m) = best_of(7, || core.completion_matrix().unwrap());
    let (required, completed) = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().flatten())
        .fold((0, 0), |(r, c), x| (r + x.required, c + x.completed));
    let (floor, shell) = best_of(7, || {
        let out = std::process::Command::new("sqlite3")
            .arg(&db)
            .arg(MATRIX_SQL)
            .output()
            .expect("sqlite3 shell (apt install sqlite3)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    });
    let (shell_required, shell_completed) = shell
        .lines()
        .filter_map(|l| {
            let f: Vec<i64> = l.split('|').filter_map(|x| x.parse().ok()).collect();
            (f.len() == 4).then(|| (f[2], f[3]))
        })
        .fold((0, 0), |(r, c), (a, b)| (r + a, c + b));
    println!(
        "(completion matrix: {} cells, {required} required, {completed} completed; the sqlite3 query: {}, {shell_required}, {shell_completed})",
        m.rows.iter().flat_map(|r| r.cells.iter().flatten()).count(),
        shell.lines().count()
    );
    assert_eq!(
        (required, completed),
        (shell_required, shell_completed),
        "both computations must count the same pairs"
    );
    record(
        summary,
        "training_completion_matrix",
        ms(ours),
        "ms",
        Some(ms(floor)),
        "<= 1.0x sqlite3 shell",
    );
}
