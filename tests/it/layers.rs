//! The layers hold what ARCHITECTURE.md says, read from the source: SQL only in `store/`,
//! each table written by one store module, and no Rust file over 800 lines before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("src-tauri/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part of a file before its `#[cfg(test)]` module.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.split("#[cfg(test)]").next().unwrap().to_string()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(src())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Tables written by a statement (`INSERT [OR …] INTO t`, `UPDATE t SET`, `DELETE FROM t`).
fn written_tables(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let table = match *w {
            "INTO" if i > 0 && matches!(words[i - 1], "INSERT" | "IGNORE" | "REPLACE") => {
                words.get(i + 1)
            }
            "UPDATE" if words.get(i + 2) == Some(&"SET") => words.get(i + 1),
            "FROM" if i > 0 && words[i - 1] == "DELETE" => words.get(i + 1),
            _ => None,
        };
        if let Some(t) = table {
            if !t.starts_with("temp.") && !t.starts_with('{') {
                out.insert(t.to_string());
            }
        }
    }
    out
}

#[test]
fn sql_lives_in_the_store_and_each_table_is_written_by_one_store_module() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut writers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut outside = Vec::new();
    for path in &files {
        let rel = relative(path);
        let code = code_of(path);
        let tables = written_tables(&code);
        let reads = code.contains("\"SELECT ") || code.contains("\"WITH ");
        if !rel.starts_with("store/") {
            if !tables.is_empty() || reads {
                outside.push(format!("{rel}: {tables:?}"));
            }
            continue;
        }
        // The owner is the store's module: a file (`store/brands.rs`) or an area's folder
        // (`store/campaigns/…`).
        let owner = rel
            .trim_start_matches("store/")
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        for t in tables {
            writers.entry(t).or_default().insert(owner.clone());
        }
    }
    assert!(outside.is_empty(), "SQL outside store/: {outside:#?}");
    assert!(writers.len() > 20, "{writers:?}");
    let shared: Vec<_> = writers.iter().filter(|(_, w)| w.len() > 1).collect();
    assert!(
        shared.is_empty(),
        "tables written by more than one store module: {shared:#?}"
    );
}

#[test]
fn no_rust_file_is_over_800_lines_before_its_tests() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<(String, usize)> = files
        .iter()
        .map(|p| (relative(p), code_of(p).lines().count()))
        .filter(|(_, n)| *n > 800)
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

#[test]
fn the_table_finder_sees_every_form_of_write() {
    let code = r#"
        "INSERT INTO brands (name) VALUES (?1)"
        "INSERT OR IGNORE INTO price_observations SELECT 1"
        "UPDATE campaigns SET status = ?2"
        "DELETE FROM channels WHERE id = ?1"
        "INSERT INTO temp.sighting_stage VALUES (1)"
    "#;
    let t: Vec<String> = written_tables(code).into_iter().collect();
    assert_eq!(t, ["brands", "campaigns", "channels", "price_observations"]);
}
