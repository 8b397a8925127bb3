-- 0002: competitor tracking — products, channels, price sightings with import batches,
-- competitor activities and battlecards. Prices are integer fen.

CREATE TABLE channels (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO channels (name, builtin) VALUES
    ('专卖店', 1), ('经销商', 1), ('商超', 1), ('电商', 1), ('其他', 1);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    brand_id       INTEGER NOT NULL REFERENCES brands (id) ON DELETE RESTRICT,
    model          TEXT NOT NULL COLLATE NOCASE,
    category       TEXT NOT NULL DEFAULT '',
    -- products in one segment are 同档次 and compared side by side
    segment        TEXT NOT NULL DEFAULT '',
    list_price_fen INTEGER CHECK (list_price_fen IS NULL OR list_price_fen > 0),
    launched_on    TEXT,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    UNIQUE (brand_id, model)
) STRICT;

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT
) STRICT;

CREATE TABLE price_observations (
    id            INTEGER PRIMARY KEY,
    product_id    INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    region_id     INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    channel_id    INTEGER NOT NULL REFERENCES channels (id) ON DELETE RESTRICT,
    observed_on   TEXT NOT NULL,
    regular_fen   INTEGER NOT NULL CHECK (regular_fen > 0),
    promo_fen     INTEGER CHECK (promo_fen IS NULL OR (promo_fen > 0 AND promo_fen <= regular_fen)),
    effective_fen INTEGER NOT NULL GENERATED ALWAYS AS (coalesce(promo_fen, regular_fen)) STORED,
    reporter      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    batch_id      INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- The same sighting twice is one sighting.
CREATE UNIQUE INDEX price_observations_same
    ON price_observations (product_id, region_id, channel_id, observed_on, regular_fen, coalesce(promo_fen, 0));
-- Covers the holiday-moves scan (date range → group → price) without touching the table.
CREATE INDEX price_observations_by_date
    ON price_observations (observed_on, product_id, region_id, channel_id, effective_fen);
CREATE INDEX price_observations_by_product ON price_observations (product_id, observed_on);
CREATE INDEX price_observations_by_region ON price_observations (region_id, observed_on);
CREATE INDEX price_observations_by_price ON price_observations (effective_fen);
CREATE INDEX price_observations_by_reporter ON price_observations (reporter);
CREATE INDEX price_observations_by_batch ON price_observations (batch_id);

CREATE TABLE competitor_activities (
    id          INTEGER PRIMARY KEY,
    brand_id    INTEGER NOT NULL REFERENCES brands (id) ON DELETE RESTRICT,
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL CHECK (end_on >= start_on),
    kind        TEXT NOT NULL CHECK (kind IN ('special_price', 'big_store', 'terminal_ads', 'new_product', 'other')),
    description TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE competitor_activity_regions (
    activity_id INTEGER NOT NULL REFERENCES competitor_activities (id) ON DELETE CASCADE,
    region_id   INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    PRIMARY KEY (activity_id, region_id)
) STRICT;

CREATE TABLE battlecards (
    brand_id       INTEGER PRIMARY KEY REFERENCES brands (id) ON DELETE CASCADE,
    selling_points TEXT NOT NULL DEFAULT '',
    strengths      TEXT NOT NULL DEFAULT '',
    weaknesses     TEXT NOT NULL DEFAULT '',
    our_strategy   TEXT NOT NULL DEFAULT '',
    as_of          TEXT NOT NULL
) STRICT;

-- Holiday calendars imported by the user for years the bundled data does not cover.
CREATE TABLE holidays (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL DEFAULT '',
    start_on        TEXT NOT NULL,
    end_on          TEXT NOT NULL CHECK (end_on >= start_on),
    kind            TEXT NOT NULL CHECK (kind IN ('official', 'promotion')),
    -- comma-separated ISO dates of 调休 make-up workdays
    makeup_workdays TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    UNIQUE (year, name_zh)
) STRICT;
