fn main() {
    std::process::exit(marketdesk_lib::main_entry());
}
