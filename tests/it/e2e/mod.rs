//! End-to-end: the real `marketdesk` window driven through tauri-driver → WebKitWebDriver.
//! Needs a display (`make test` runs under Xvfb) and `tauri-driver` on PATH or in ~/.cargo/bin.
//! Tests wait for elements (never sleep blindly), always close their session, and save a
//! screenshot per step to target/e2e-screens/.

mod backups;
mod budget;
mod campaigns;
mod history;
mod package;
mod training;
mod weekly;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use marketdesk_tests::{app_bin, fixture, target_profile_dir, Sandbox};
use serde_json::json;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One window at a time: WebKitWebDriver sessions on 2 cores are slow enough already.
static SERIAL: Mutex<()> = Mutex::new(());

const WAIT: Duration = Duration::from_secs(20);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn tauri_driver_path() -> PathBuf {
    if let Ok(p) = std::env::var("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"))
        .join("bin")
        .join("tauri-driver");
    if home_bin.exists() {
        home_bin
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// A running tauri-driver; killed on drop.
struct Driver {
    child: Child,
    port: u16,
    native: u16,
}

impl Driver {
    fn start(sb: &Sandbox) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "end-to-end tests need a display: run them through `make test` (Xvfb)"
        );
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver_path());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (k, v) in sb.env() {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            port,
            native,
        }
    }
}

/// Processes whose command line contains all of `needles`.
fn pids_matching(needles: &[&str]) -> Vec<String> {
    std::fs::read_dir("/proc")
        .map(|rd| {
            rd.flatten()
                .filter(|e| {
                    std::fs::read(e.path().join("cmdline"))
                        .map(|c| {
                            let c = String::from_utf8_lossy(&c).replace('\0', " ");
                            needles.iter().all(|n| c.contains(n))
                        })
                        .unwrap_or(false)
                })
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGKILL on tauri-driver would leave WebKitWebDriver behind: stop both politely.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let port = format!("--port={}", self.native);
        for pid in pids_matching(&["WebKitWebDriver", &port]) {
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
        }
    }
}

async fn connect(driver: &Driver, sb: &Sandbox, app: &Path, extra_args: &[String]) -> Client {
    let mut args = vec!["--db".to_string(), sb.db.display().to_string()];
    args.extend_from_slice(extra_args);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("wry"));
    caps.insert(
        "tauri:options".into(),
        json!({
            "application": app.display().to_string(),
            "args": args,
        }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("WebDriver session")
}

/// Run one window session: the body's panic is re-raised after the session is closed.
fn session<F, Fut>(sb: &Sandbox, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    session_with_args(sb, &[], body)
}

fn session_with_args<F, Fut>(sb: &Sandbox, extra_args: &[String], body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    session_of(&app_bin(), sb, extra_args, body)
}

/// A window session of the program at `app` (the built binary, or an installed one).
fn session_of<F, Fut>(app: &Path, sb: &Sandbox, extra_args: &[String], body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let driver = Driver::start(sb);
    rt.block_on(async {
        let client = connect(&driver, sb, app, extra_args).await;
        let outcome = tokio::spawn(body(client.clone())).await;
        let _ = client.close().await;
        if let Err(e) = outcome {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            panic!("e2e body failed: {e}");
        }
    });
    drop(driver);
    // The app exits when its session closes; give the single-instance lock time to go.
    wait_until_gone(sb);
}

fn wait_until_gone(sb: &Sandbox) {
    let deadline = Instant::now() + WAIT;
    let needle = sb.db.display().to_string();
    while !pids_matching(&[&needle]).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn shot(c: &Client, name: &str) {
    let dir = target_profile_dir().parent().unwrap().join("e2e-screens");
    std::fs::create_dir_all(&dir).unwrap();
    // WebKit can hand back the previous frame: let two frames paint first.
    c.execute_async(
        "const done = arguments[arguments.length - 1];
         requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));",
        vec![],
    )
    .await
    .expect("wait for paint");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn css(c: &Client, sel: &str) -> fantoccini::elements::Element {
    match c.wait().at_most(WAIT).for_element(Locator::Css(sel)).await {
        Ok(e) => e,
        Err(e) => {
            shot(c, "FAILED").await;
            panic!("no element {sel}: {e} (screenshot: target/e2e-screens/FAILED.png)")
        }
    }
}

async fn tid(c: &Client, id: &str) -> fantoccini::elements::Element {
    css(c, &format!("[data-testid='{id}']")).await
}

/// Wait until the element's text equals `want` (or fail with what it was).
async fn wait_text(c: &Client, sel: &str, want: &str) {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(e) = c.find(Locator::Css(sel)).await {
            if let Ok(t) = e.text().await {
                if t.trim() == want {
                    return;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shot(c, "FAILED").await;
    panic!("{sel}: wanted {want:?}, last saw {last:?} (screenshot: target/e2e-screens/FAILED.png)");
}

async fn wait_contains(c: &Client, sel: &str, want: &str) {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(e) = c.find(Locator::Css(sel)).await {
            if let Ok(t) = e.text().await {
                if t.contains(want) {
                    return;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shot(c, "FAILED").await;
    panic!("{sel}: wanted text containing {want:?}, last saw {last:?} (screenshot: target/e2e-screens/FAILED.png)");
}

const TITLE: &str = "[data-testid='screen-title']";

/// Pick a language on the Settings screen and wait for the heading to follow. Once in a CI run
/// on a loaded 2-core box the radio click was not delivered (the radio stayed unchecked for
/// 20 s); a second click is made only when the first did not check the radio.
async fn switch_lang(c: &Client, radio: &str, heading: &str) {
    for _ in 0..3 {
        tid(c, radio).await.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(e) = c.find(Locator::Css(TITLE)).await {
                if e.text().await.unwrap_or_default().trim() == heading {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let checked = tid(c, radio).await.prop("checked").await.ok().flatten();
        if checked.as_deref() == Some("true") {
            break;
        }
    }
    wait_text(c, TITLE, heading).await;
}

/// Open a screen from the side bar and wait for its heading. Once in a CI run (loaded 2-core
/// box, just after the dashboard's first paint) the click on 设置 landed on the button above it
/// (预算与费用); a further click is made only when the heading is not the one asked for, and the
/// miss is printed so it stays visible in the log.
pub(crate) async fn go(c: &Client, screen: &str, heading: &str) {
    for attempt in 0..3 {
        tid(c, &format!("nav-{screen}"))
            .await
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = String::new();
        while Instant::now() < deadline {
            if let Ok(e) = c.find(Locator::Css(TITLE)).await {
                seen = e.text().await.unwrap_or_default();
                if seen.trim() == heading {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("nav-{screen} click {attempt}: the heading is {seen:?}, not {heading:?}");
    }
    wait_text(c, TITLE, heading).await;
}

/// Click an element and wait for what it opens; the click is made again (at most twice more)
/// only when that does not appear — a click on a button that a screen re-renders while its
/// data arrives can land on the element being replaced (seen once in CI on a loaded box).
pub(crate) async fn click_until(c: &Client, id: &str, opens: &str) {
    for attempt in 0..3 {
        if let Ok(e) = c.find(Locator::Css(&format!("[data-testid='{id}']"))).await {
            let _ = e.click().await;
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if c.find(Locator::Css(opens)).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("{id} click {attempt}: {opens} did not appear");
    }
    css(c, opens).await;
}

const SCREENS_ZH: [(&str, &str); 6] = [
    ("dashboard", "总览"),
    ("competitors", "竞品跟踪"),
    ("campaigns", "活动日历"),
    ("training", "培训安排"),
    ("budget", "预算与费用"),
    ("settings", "设置"),
];

const SCREENS_EN: [(&str, &str); 6] = [
    ("dashboard", "Dashboard"),
    ("competitors", "Competitor tracking"),
    ("campaigns", "Campaign calendar"),
    ("training", "Training schedule"),
    ("budget", "Budget and expenses"),
    ("settings", "Settings"),
];

#[test]
fn first_run_welcome_then_every_screen_in_chinese() {
    let sb = Sandbox::new();
    let db = sb.db.display().to_string();
    session(&sb, move |c| async move {
        assert_eq!(c.title().await.unwrap(), "MarketDesk 市场部工作台");
        wait_text(&c, TITLE, "欢迎使用 MarketDesk 市场部工作台").await;
        wait_text(&c, "[data-testid='welcome-db-path']", &db).await;
        shot(&c, "01-welcome").await;
        tid(&c, "start-empty").await.click().await.unwrap();
        for (id, heading) in SCREENS_ZH {
            go(&c, id, heading).await;
            if id != "settings" {
                // Every screen explains what will appear there.
                tid(&c, "empty-state").await;
            }
            shot(&c, &format!("02-zh-{id}")).await;
        }
        let version = marketdesk_lib::store::latest_version().to_string();
        wait_text(&c, "[data-testid='schema-version']", &version).await;
        wait_text(&c, "[data-testid='db-path']", &db).await;
        // 31 preloaded regions.
        let rows = c
            .find_all(Locator::Css("[data-testid='regions-table'] tbody tr"))
            .await
            .unwrap();
        assert_eq!(rows.len(), 31);
    });
    assert!(sb.db.exists(), "start empty created the data file");
}

#[test]
fn english_applies_live_and_survives_a_restart() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "总览").await;
        go(&c, "settings", "设置").await;
        switch_lang(&c, "lang-en", "Settings").await;
        for (id, heading) in SCREENS_EN {
            go(&c, id, heading).await;
        }
        shot(&c, "03-en-settings-before-restart").await;
    });
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "Dashboard").await;
        wait_contains(&c, "[data-testid='nav-competitors']", "Competitors").await;
        shot(&c, "04-en-after-restart").await;
        // Ctrl+K from the dashboard: the one search, focused; a hit opens its record, and the
        // dialog also offers the sightings search.
        c.perform_actions(
            KeyActions::new("keyboard".into())
                .then(KeyAction::Down {
                    value: Key::Control.into(),
                })
                .then(KeyAction::Down { value: 'k' })
                .then(KeyAction::Up { value: 'k' })
                .then(KeyAction::Up {
                    value: Key::Control.into(),
                }),
        )
        .await
        .unwrap();
        let deadline = Instant::now() + WAIT;
        loop {
            let focused = c
                .execute(
                    "return document.activeElement && document.activeElement.dataset.testid",
                    vec![],
                )
                .await
                .unwrap();
            if focused == json!("search-input") {
                break;
            }
            assert!(Instant::now() < deadline, "search not focused: {focused}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tid(&c, "search-input")
            .await
            .send_keys("五一焕新")
            .await
            .unwrap();
        wait_contains(
            &c,
            "[data-testid='search-group'][data-kind='campaign']",
            "Campaigns",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='search-group'][data-kind='campaign']",
            "江森五一焕新季",
        )
        .await;
        shot(&c, "04b-en-search").await;
        css(
            &c,
            "[data-testid='search-group'][data-kind='campaign'] [data-testid='search-hit']",
        )
        .await
        .click()
        .await
        .unwrap();
        wait_text(&c, "[data-testid='campaign-name']", "江森五一焕新季").await;
        go(&c, "competitors", "Competitor tracking").await;
        tid(&c, "tab-observations").await.click().await.unwrap();
        // Regions and the built-in channels in English; brand names stay as they are.
        wait_contains(&c, "[data-testid='observations-table']", "Shandong").await;
        wait_contains(&c, "[data-testid='observations-table']", "Brand store").await;
        wait_contains(&c, "[data-testid='filter-region']", "Jiangsu").await;
        shot(&c, "05-en-sightings").await;
        // Every competitor tab in English (looked at by a person; a few words checked here).
        for (tab, words) in [
            ("moves", "Holiday"),
            ("intel", "Selling points"),
            ("brands", "Channels"),
            ("import", "Choose file"),
        ] {
            tid(&c, &format!("tab-{tab}")).await.click().await.unwrap();
            wait_contains(&c, "main", words).await;
            shot(&c, &format!("05-en-{tab}")).await;
        }
        go(&c, "settings", "Settings").await;
        switch_lang(&c, "lang-zh", "设置").await;
    });
}

#[test]
fn brands_are_added_with_errors_next_to_the_field() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    session(&sb, |c| async move {
        go(&c, "competitors", "竞品跟踪").await;
        tid(&c, "tab-brands").await.click().await.unwrap();
        click_until(&c, "empty-state-action", "[data-testid='brand-save']").await;
        tid(&c, "brand-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='field-error-name']", "请填写品牌名称").await;
        shot(&c, "05-brand-field-error").await;
        tid(&c, "brand-name").await.send_keys("江森").await.unwrap();
        tid(&c, "brand-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='brands-table']", "江森").await;
        tid(&c, "brand-add").await.click().await.unwrap();
        tid(&c, "brand-name").await.send_keys("雅迪").await.unwrap();
        tid(&c, "brand-competitor").await.click().await.unwrap();
        tid(&c, "brand-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='brands-table']", "雅迪").await;
        wait_contains(&c, "[data-testid='brands-table']", "竞品品牌").await;
        shot(&c, "06-brands").await;
    });
    let out = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("SELECT group_concat(name || ':' || is_own, ',') FROM (SELECT * FROM brands ORDER BY name)", [], |r| r.get::<_, String>(0))
        .unwrap();
    assert!(out.contains("江森:1") && out.contains("雅迪:0"), "{out}");
}

/// Accept the browser's confirm() dialog that guards destructive actions.
async fn accept_confirm(c: &Client) {
    let deadline = Instant::now() + WAIT;
    while c.accept_alert().await.is_err() {
        assert!(Instant::now() < deadline, "no confirm dialog appeared");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[test]
fn import_a_report_see_rejections_table_and_mayday_move_then_undo() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let file = marketdesk_tests::fixture("prices_henan_mayday_mixed.csv");
    let args = ["--scripted-pick".to_string(), file.display().to_string()];
    session_with_args(&sb, &args, |c| async move {
        go(&c, "competitors", "竞品跟踪").await;
        // Empty sightings table offers the import.
        wait_contains(&c, "[data-testid='empty-state']", "还没有价格观察").await;
        click_until(&c, "empty-state-action", "[data-testid='import-pick']").await;
        tid(&c, "import-pick").await.click().await.unwrap();
        // Preview: counts, rejected rows with row, column (as in the file) and reason.
        wait_text(&c, "[data-testid='stat-read']", "5").await;
        wait_text(&c, "[data-testid='stat-import']", "3").await;
        wait_text(&c, "[data-testid='stat-rejected']", "2").await;
        wait_contains(&c, "[data-testid='rejected-table']", "缺少产品").await;
        wait_contains(
            &c,
            "[data-testid='rejected-table']",
            "日期无效或不存在：2026/4/31",
        )
        .await;
        wait_contains(&c, "[data-testid='created-list']", "雅迪").await;
        shot(&c, "07-import-preview").await;
        tid(&c, "import-confirm").await.click().await.unwrap();
        // Back on the sightings table with the three rows.
        wait_text(&c, "[data-testid='obs-total']", "共 3 条").await;
        wait_contains(&c, "[data-testid='observations-table']", "¥3,199.00").await;
        wait_contains(&c, "[data-testid='toast']", "已导入 3 条").await;
        shot(&c, "08-observations").await;
        // The batch in the import history opens its own sightings.
        tid(&c, "tab-import").await.click().await.unwrap();
        css(&c, "button[data-testid^='batch-']")
            .await
            .click()
            .await
            .unwrap();
        wait_contains(&c, "[data-testid='filter-batch']", "导入批次").await;
        wait_text(&c, "[data-testid='obs-total']", "共 3 条").await;
        // 五一 moves: Yadea Q7 in Henan at −5.88 % over 2 + 1 sightings.
        tid(&c, "tab-moves").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='moves-table']", "−5.88 %").await;
        wait_contains(&c, "[data-testid='moves-table']", "2 / 1").await;
        wait_contains(&c, "[data-testid='moves-summary']", "共 1 组").await;
        // The counts open the sightings behind the move: Q7, 河南, 经销商, 4-17 … 5-05.
        css(&c, "button[data-testid^='obs-']")
            .await
            .click()
            .await
            .unwrap();
        wait_text(&c, "[data-testid='obs-total']", "共 3 条").await;
        let from = tid(&c, "filter-from").await.prop("value").await.unwrap();
        assert_eq!(from.as_deref(), Some("2026-04-17"));
        let region = tid(&c, "filter-region").await;
        let region = region.prop("value").await.unwrap();
        assert_ne!(region.as_deref(), Some(""), "the region filter is set");
        shot(&c, "09a-move-sightings").await;
        tid(&c, "tab-moves").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='moves-table']", "−5.88 %").await;
        css(&c, "[data-testid^='chart-']")
            .await
            .click()
            .await
            .unwrap();
        let chart = tid(&c, "price-chart").await;
        let svg = chart.html(true).await.unwrap();
        assert!(
            svg.contains("<svg") && svg.contains("雅迪 Q7"),
            "chart: {}",
            &svg[..svg.len().min(300)]
        );
        shot(&c, "09-mayday-moves").await;
        // Undo the batch: the table is empty again.
        tid(&c, "tab-import").await.click().await.unwrap();
        css(&c, "[data-testid^='undo-']")
            .await
            .click()
            .await
            .unwrap();
        accept_confirm(&c).await;
        wait_contains(&c, "[data-testid='toast']", "删除 3 条").await;
        wait_contains(
            &c,
            "[data-testid='toast']",
            "价格观察。导入时新建的 雅迪、雅迪 Q7 也已移除",
        )
        .await;
        wait_contains(&c, "[data-testid='batches-table']", "已撤销").await;
        shot(&c, "10-undone").await;
        tid(&c, "tab-observations").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='empty-state']", "还没有价格观察").await;
    });
    let n: i64 = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("SELECT count(*) FROM price_observations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn sample_data_quick_entry_activity_battlecards_segments_and_export() {
    let sb = Sandbox::new();
    let export = sb.dir.path().join("五一价格变动.xlsx");
    let args = ["--scripted-save".to_string(), export.display().to_string()];
    session_with_args(&sb, &args, |c| async move {
        tid(&c, "start-demo").await.click().await.unwrap();
        // The dashboard summarises the sample.
        wait_text(&c, "[data-testid='sighting-count']", "488").await;
        wait_text(&c, "[data-testid='brand-count']", "4").await;
        shot(&c, "10b-dashboard-demo").await;
        go(&c, "competitors", "竞品跟踪").await;
        wait_contains(&c, "[data-testid='obs-total']", "共 488 条").await;
        // Quick entry: a bad price is refused next to the form, a good one is saved.
        tid(&c, "sighting-add").await.click().await.unwrap();
        let form = tid(&c, "sighting-form").await;
        let selects = form.find_all(Locator::Css("select")).await.unwrap();
        selects[0].select_by_index(1).await.unwrap();
        selects[1].select_by_index(15).await.unwrap();
        let inputs = form.find_all(Locator::Css("input")).await.unwrap();
        inputs[0].clear().await.unwrap();
        inputs[0].send_keys("2026-06-01").await.unwrap();
        inputs[1].send_keys("三千三").await.unwrap();
        form.find(Locator::Css("button[type='submit']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_contains(&c, "[data-testid='sighting-form'] .field-error", "零售价").await;
        inputs[1].clear().await.unwrap();
        inputs[1].send_keys("￥3,299").await.unwrap();
        form.find(Locator::Css("button[type='submit']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_contains(&c, "[data-testid='obs-total']", "共 489 条").await;
        wait_contains(
            &c,
            "[data-testid='observations-table'] tbody tr:first-child",
            "2026-06-01",
        )
        .await;
        wait_contains(
            &c,
            "[data-testid='observations-table'] tbody tr:first-child",
            "¥3,299.00",
        )
        .await;
        shot(&c, "11-quick-entry").await;
        // Price unchanged on the newest row: one more sighting, dated today.
        css(
            &c,
            "[data-testid='observations-table'] tbody tr:first-child button",
        )
        .await
        .click()
        .await
        .unwrap();
        wait_contains(&c, "[data-testid='obs-total']", "共 490 条").await;
        wait_contains(&c, "[data-testid='toast']", "价格未变").await;
        // Activities and battlecards.
        tid(&c, "tab-intel").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='activities-table']", "县级大店工程").await;
        wait_contains(&c, "[data-testid='battlecards']", "截至 2026-04-15").await;
        tid(&c, "activity-add").await.click().await.unwrap();
        tid(&c, "activity-description")
            .await
            .send_keys("618 冠能Q7 直降 400 元")
            .await
            .unwrap();
        tid(&c, "activity-save").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='activities-table']",
            "618 冠能Q7 直降 400 元",
        )
        .await;
        shot(&c, "12-activities-battlecards").await;
        // Same-segment view.
        tid(&c, "tab-brands").await.click().await.unwrap();
        wait_contains(&c, "main", "同档次对比（各区域最新有效价） · 都市通勤").await;
        wait_contains(&c, "main", "JS-M5").await;
        shot(&c, "13-segments").await;
        // Channels: a built-in name is refused next to the field, a new one is added.
        tid(&c, "channel-add").await.click().await.unwrap();
        tid(&c, "channel-name")
            .await
            .send_keys("专卖店")
            .await
            .unwrap();
        tid(&c, "channel-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='channel-error']", "已经存在").await;
        let name = tid(&c, "channel-name").await;
        name.clear().await.unwrap();
        name.send_keys("社区店").await.unwrap();
        tid(&c, "channel-save").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='channels-table']", "社区店").await;
        wait_contains(&c, "[data-testid='toast']", "渠道已保存").await;
        shot(&c, "13b-channels").await;
        // Moves export (the save dialog answered by --scripted-save).
        tid(&c, "tab-moves").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='moves-table']", "冠能Q7").await;
        tid(&c, "moves-export").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='toast']", "已导出").await;
        shot(&c, "14-moves-demo").await;
    });
    let mut book = calamine::open_workbook_auto(&export).unwrap();
    use calamine::Reader;
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    assert!(range.height() > 10, "exported {} rows", range.height());
}

#[test]
fn a_long_import_shows_progress_and_cancel_writes_nothing() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    // A report big enough that the import is still running when Cancel is pressed.
    let file = sb.dir.path().join("big.csv");
    let mut text = String::from("日期,地区,品牌,型号,渠道,零售价\n");
    for i in 0..60_000u32 {
        text.push_str(&format!(
            "2026-{:02}-{:02},山东,雅迪,M{},专卖店,{}\n",
            1 + i % 12,
            1 + i % 28,
            i % 50,
            2000 + i % 997
        ));
    }
    std::fs::write(&file, text).unwrap();
    let args = ["--scripted-pick".to_string(), file.display().to_string()];
    session_with_args(&sb, &args, |c| async move {
        go(&c, "competitors", "竞品跟踪").await;
        tid(&c, "tab-import").await.click().await.unwrap();
        tid(&c, "import-pick").await.click().await.unwrap();
        // The preview checks every row first (a dry run), which takes a while on 60 000.
        let deadline = Instant::now() + Duration::from_secs(120);
        while c
            .find(Locator::Css("[data-testid='import-confirm']"))
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "preview did not finish");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        wait_text(&c, "[data-testid='stat-read']", "60000").await;
        tid(&c, "import-confirm").await.click().await.unwrap();
        tid(&c, "import-cancel").await.click().await.unwrap();
        shot(&c, "15-import-cancelling").await;
        wait_contains(&c, "[data-testid='toast']", "已取消").await;
    });
    let n: i64 = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row("SELECT count(*) FROM price_observations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "a cancelled import writes nothing");
}

#[test]
fn a_workbook_of_several_sheets_is_previewed_and_the_other_report_chosen() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let file = fixture("prices_behind_instructions.xlsx");
    let args = ["--scripted-pick".to_string(), file.display().to_string()];
    session_with_args(&sb, &args, |c| async move {
        go(&c, "competitors", "竞品跟踪").await;
        tid(&c, "tab-import").await.click().await.unwrap();
        tid(&c, "import-pick").await.click().await.unwrap();
        // The instructions sheet is passed over: the first price report is previewed.
        wait_text(&c, "[data-testid='stat-read']", "3").await;
        tid(&c, "sheet-choice")
            .await
            .select_by_value("四月")
            .await
            .unwrap();
        wait_text(&c, "[data-testid='stat-read']", "2").await;
        shot(&c, "16-import-sheet-choice").await;
        tid(&c, "import-confirm").await.click().await.unwrap();
        wait_contains(&c, "[data-testid='toast']", "已导入 2 条").await;
    });
    let n: i64 = rusqlite::Connection::open(&sb.db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM price_observations WHERE observed_on < '2026-05-01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "the April sheet was imported");
}

#[test]
fn the_window_comes_back_with_its_size() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "总览").await;
        c.set_window_rect(40, 30, 1100, 700).await.unwrap();
    });
    let state = sb
        .dir
        .path()
        .join("config")
        .join(marketdesk_lib::core::APP_DIR)
        .join(".window-state.json");
    let saved = std::fs::read_to_string(&state).unwrap_or_default();
    assert!(
        saved.contains("1100") && saved.contains("700"),
        "window state: {saved:?}"
    );
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "总览").await;
        let (_, _, w, h) = c.get_window_rect().await.unwrap();
        assert_eq!((w, h), (1100, 700), "restored size");
    });
}

/// A second launch hands over to the running window and exits (tauri-plugin-single-instance,
/// through the D-Bus session bus on Linux — `dbus-run-session` gives the test its own bus).
#[test]
fn a_second_launch_hands_over_to_the_running_window() {
    let _one = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "end-to-end tests need a display: run them through `make test` (Xvfb)"
    );
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let script = r#"
        "$APP" --db "$DB" 2>/dev/null & first=$!
        ready=no
        for _ in $(seq 1 300); do
          if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
               org.freedesktop.DBus.NameHasOwner string:com.marketdesk.desktop.SingleInstance 2>/dev/null \
             | grep -q 'boolean true'; then ready=yes; break; fi
          sleep 0.1
        done
        echo "first=$ready"
        start=$(date +%s%N)
        timeout 20 "$APP" --db "$DB" 2>/dev/null; second=$?
        echo "second=$second ms=$(( ($(date +%s%N) - start) / 1000000 ))"
        kill -0 $first 2>/dev/null && echo "first_alive=yes"
        kill $first; wait $first 2>/dev/null || true
    "#;
    let mut cmd = Command::new("dbus-run-session");
    cmd.args(["--", "sh", "-c", script])
        .env("APP", app_bin())
        .env("DB", &sb.db)
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    for (k, v) in sb.env() {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("dbus-run-session (apt package dbus) is needed for this test");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    println!("{text}");
    assert!(
        text.contains("first=yes"),
        "the first window never registered: {text}"
    );
    assert!(
        text.contains("second=0 "),
        "the second launch did not hand over and exit: {text}"
    );
    assert!(
        text.contains("first_alive=yes"),
        "the first window closed: {text}"
    );
}

/// With `MARKETDESK_REPORT_PAINT` set the window says on stdout when its first screen (the
/// dashboard with its figures) is painted — the moment `make bench` times start-up to — once.
#[test]
fn the_window_reports_its_first_painted_screen_once() {
    let _one = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "end-to-end tests need a display: run them through `make test` (Xvfb)"
    );
    let sb = Sandbox::new();
    assert!(sb.cli(&["demo"]).status.success());
    let mut cmd = Command::new(app_bin());
    cmd.args(["--db", sb.db.to_str().unwrap()])
        .env("MARKETDESK_REPORT_PAINT", "1")
        .stderr(std::process::Stdio::null());
    for (k, v) in sb.env() {
        cmd.env(k, v);
    }
    let (mut child, rx) = marketdesk_tests::spawn_reading_lines(&mut cmd);
    let first = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .map(|l| l.1);
    // Nothing more within two seconds: the report comes once.
    let more = rx.recv_timeout(std::time::Duration::from_secs(2));
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("no first-screen report within 60 s");
    let ms: u64 = first
        .strip_prefix("first screen painted after ")
        .and_then(|r| r.strip_suffix(" ms"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected line: {first}"));
    assert!(ms > 0 && ms < 60_000, "{first}");
    assert!(more.is_err(), "a second report: {more:?}");
}

/// The window opens on a data file of an older schema, upgrades it behind the upgrade screen
/// and goes on to the dashboard.
#[test]
fn an_older_data_file_is_upgraded_and_opens_on_the_dashboard() {
    let (sb, conn) = Sandbox::at_schema(3);
    drop(conn);
    session(&sb, |c| async move {
        wait_text(&c, TITLE, "总览").await;
        shot(&c, "05-after-upgrade").await;
    });
    let conn = rusqlite::Connection::open(&sb.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, marketdesk_lib::store::latest_version());
}

/// A holiday feed (.ics, one event per day, 补班 as timed events) through the import preview
/// on the price-moves tab: what would be added, then one batch.
#[test]
fn a_holiday_feed_is_previewed_and_imported_from_the_price_moves_tab() {
    let sb = Sandbox::new();
    assert!(sb.cli(&["init"]).status.success());
    let file = fixture("holidays_feed_2023.ics");
    let args = ["--scripted-pick".to_string(), file.display().to_string()];
    session_with_args(&sb, &args, |c| async move {
        go(&c, "competitors", "竞品跟踪").await;
        tid(&c, "tab-moves").await.click().await.unwrap();
        // Once the holiday calendar is in, the import link stays where it is.
        tid(&c, "holiday-sources").await;
        tid(&c, "moves-import-holidays")
            .await
            .click()
            .await
            .unwrap();
        tid(&c, "sheet-pick-holidays").await.click().await.unwrap();
        wait_text(&c, "[data-testid='sheet-will-import']", "3").await;
        wait_contains(
            &c,
            "[data-testid='sheet-created']",
            "2023 元旦、2023 五一、2023 国庆",
        )
        .await;
        shot(&c, "17-holiday-feed-preview").await;
        tid(&c, "sheet-confirm").await.click().await.unwrap();
        wait_contains(
            &c,
            "[data-testid='sheet-batches']",
            "holidays_feed_2023.ics",
        )
        .await;
        // Each year says where its holidays come from.
        css(&c, "[data-testid='holiday-sources'] summary")
            .await
            .click()
            .await
            .unwrap();
        wait_contains(
            &c,
            "[data-testid='holiday-sources']",
            "2023：ICS: holidays_feed_2023.ics",
        )
        .await;
        shot(&c, "18-holiday-sources").await;
    });
    let out = sb.cli(&["holidays", "--year", "2023", "--format", "json"]);
    let list: serde_json::Value =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(3), "{list}");
}
