fn main() {
    // Only the window needs Tauri's build step (context, capabilities, icons).
    #[cfg(feature = "app")]
    tauri_build::build()
}
