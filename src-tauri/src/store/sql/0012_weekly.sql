-- The weekly report 周报: the manager's "decisions needed" list, kept with its ISO week.
CREATE TABLE weekly_notes (
    week       TEXT PRIMARY KEY CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-5][0-9]'),
    decisions  TEXT NOT NULL DEFAULT '' CHECK (length(decisions) <= 20000),
    updated_at TEXT NOT NULL
) STRICT;
