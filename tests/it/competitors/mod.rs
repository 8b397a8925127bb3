//! The competitors area: price reports in (`import`), and what is tracked from them —
//! price moves, activities, battlecards, the segment view, the dashboard (`tracking`).

mod import;
mod tracking;
