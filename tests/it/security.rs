//! What the webview may do, read from the app's own configuration: the capabilities (as
//! written, and as the build resolved them into `gen/schemas/capabilities.json`) grant only
//! listening to events — no fs, shell, dialog, http or opener permission, no remote URL —
//! and the content-security policy allows no remote origin, no inline or evaluated script.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("src-tauri")
}

/// The only permissions the main window has.
const ALLOWED: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

fn check_capability(name: &str, cap: &Value) {
    let perms = cap["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("{name}: no permissions list"));
    for p in perms {
        let id = p
            .as_str()
            .or_else(|| p["identifier"].as_str())
            .unwrap_or_default();
        for plugin in [
            "fs:", "shell:", "dialog:", "http:", "opener:", "process:", "updater:",
        ] {
            assert!(!id.starts_with(plugin), "{name} grants {id}");
        }
        assert!(
            ALLOWED.contains(&id),
            "{name} grants {id}, outside the allow-list {ALLOWED:?}"
        );
    }
    assert!(
        cap.get("remote").is_none(),
        "{name} lets remote pages call the app: {}",
        cap["remote"]
    );
    assert_ne!(
        cap["local"],
        Value::Bool(false),
        "{name} is not for the app's own pages"
    );
}

#[test]
fn the_webview_gets_no_file_system_shell_or_dialog_and_no_remote_origin() {
    let mut seen = 0;
    for entry in std::fs::read_dir(app_dir().join("capabilities")).unwrap() {
        let path = entry.unwrap().path();
        let cap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        check_capability(&path.display().to_string(), &cap);
        seen += 1;
    }
    assert_eq!(seen, 1, "one capability file, for the main window");
    // The build's resolved capabilities, when the app has been built (make test builds it).
    let resolved = app_dir().join("gen/schemas/capabilities.json");
    if let Ok(text) = std::fs::read_to_string(&resolved) {
        let all: Value = serde_json::from_str(&text).unwrap();
        for (name, cap) in all.as_object().unwrap() {
            check_capability(name, cap);
        }
    }

    let conf: Value =
        serde_json::from_str(&std::fs::read_to_string(app_dir().join("tauri.conf.json")).unwrap())
            .unwrap();
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false));
    let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP");
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        for source in v.split_whitespace() {
            let remote = source.starts_with("http:")
                || source.starts_with("https:")
                || source.starts_with("ws")
                || source == "*"
                || source.contains("*.");
            let allowed = directive == "connect-src"
                && (source == "http://ipc.localhost" || source == "ipc:");
            assert!(!remote || allowed, "{directive} allows {source}");
        }
        if directive == "script-src" || directive == "default-src" {
            assert!(
                !v.contains("unsafe-inline") && !v.contains("unsafe-eval"),
                "{directive}: {v}"
            );
        }
    }
    for d in ["default-src", "script-src", "object-src", "connect-src"] {
        assert!(csp.contains_key(d), "the CSP sets {d}");
    }
    assert_eq!(csp["object-src"], "'none'");
}
