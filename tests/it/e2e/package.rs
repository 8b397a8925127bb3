//! The .deb as users get it (`make package-test`): unpacked into a temporary root, the installed
//! program starts in a real window with a temp data file and shows its first screen. Ignored
//! in `make test` (building the package takes the optimised build); `make package-test` runs it
//! with MARKETDESK_DEB naming the package, and it fails without one.

use super::{session_of, shot, wait_text, TITLE};
use marketdesk_tests::Sandbox;
use std::process::Command;

#[test]
#[ignore = "needs the .deb from the optimised build: run `make package-test`"]
fn the_installed_deb_starts_and_shows_the_welcome_screen() {
    let deb = std::env::var_os("MARKETDESK_DEB")
        .expect("MARKETDESK_DEB names the .deb to check: run `make package-test`");
    let sb = Sandbox::new();
    let root = sb.dir.path().join("root");
    let out = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(&root)
        .output()
        .expect("dpkg-deb");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = Command::new("dpkg-deb")
        .arg("-f")
        .arg(&deb)
        .output()
        .unwrap();
    let control = String::from_utf8_lossy(&info.stdout).into_owned();
    let version = format!("Version: {}", env!("CARGO_PKG_VERSION"));
    assert!(control.contains(&version), "{control}");
    assert!(control.contains("libwebkit2gtk-4.1-0"), "{control}");
    let app = root.join("usr/bin/marketdesk");
    assert!(app.exists(), "the package installs /usr/bin/marketdesk");
    let desktop = std::fs::read_dir(root.join("usr/share/applications"))
        .expect("a desktop entry")
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "desktop"))
        .expect("a .desktop file");
    let entry = std::fs::read_to_string(desktop.path()).unwrap();
    assert!(entry.contains("Exec=marketdesk"), "{entry}");
    assert!(
        root.join("usr/share/icons/hicolor").exists(),
        "icons installed"
    );
    session_of(&app, &sb, &[], |c| async move {
        wait_text(&c, TITLE, "欢迎使用 MarketDesk 市场部工作台").await;
        shot(&c, "90-installed-deb-welcome").await;
    });
}
