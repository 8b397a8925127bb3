//! The command list, written in three places — the `#[tauri::command]` functions in `ipc/`,
//! the handler list in `app.rs` and the `invoke` names in `ui/src/lib/api.ts` — read from the
//! source files and compared: a command added, renamed or dropped in one place only fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The function after every `#[tauri::command]` in the ipc files.
fn ipc_commands() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("src-tauri/src/ipc")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split("#[tauri::command]").skip(1) {
            let after_fn = part.split_once("fn ").unwrap().1;
            let name: String = after_fn
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

/// The last path segment of every entry in `generate_handler![…]`.
fn handler_list() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("src-tauri/src/app.rs")).unwrap();
    let list = text
        .split("generate_handler![")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap().to_string())
        .collect()
}

/// Every `invoke('name'` / `invoke<T>('name'` in the UI's sources (tests aside).
fn ui_invokes() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut dirs = vec![repo().join("ui/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if name != "bindings" {
                    dirs.push(path);
                }
                continue;
            }
            if name.contains(".test.") || !(name.ends_with(".ts") || name.ends_with(".svelte")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("invoke").skip(1) {
                // invoke<T>('name', …) or invoke('name', …); skip the import line.
                let rest = part.trim_start();
                let rest = if rest.starts_with('<') {
                    match rest.split_once(">(") {
                        Some((_, r)) => r,
                        None => continue,
                    }
                } else if let Some(r) = rest.strip_prefix('(') {
                    r
                } else {
                    continue;
                };
                if let Some(r) = rest.strip_prefix('\'') {
                    out.insert(r.split('\'').next().unwrap().to_string());
                }
            }
        }
    }
    out
}

#[test]
fn the_rust_commands_the_handler_list_and_the_ui_name_the_same_commands() {
    let commands = ipc_commands();
    let handlers = handler_list();
    let handler_set: BTreeSet<String> = handlers.iter().cloned().collect();
    assert_eq!(handlers.len(), handler_set.len(), "a command listed twice");
    assert!(commands.len() > 60, "{commands:?}");
    assert_eq!(
        commands, handler_set,
        "ipc/ commands vs the handler list in app.rs"
    );
    let invoked = ui_invokes();
    let unknown: Vec<&String> = invoked.difference(&commands).collect();
    assert!(
        unknown.is_empty(),
        "the UI invokes commands Rust lacks: {unknown:?}"
    );
    let unused: Vec<&String> = commands.difference(&invoked).collect();
    assert!(
        unused.is_empty(),
        "Rust commands no screen asks for: {unused:?}"
    );
}
