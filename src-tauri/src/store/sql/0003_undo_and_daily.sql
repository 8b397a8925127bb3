-- 0003: an undone import also takes back the brands, products, regions and channels it
-- created (when nothing else uses them any more); English names of the built-in channels;
-- a daily price series for the chart.

ALTER TABLE brands ADD COLUMN created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL;
ALTER TABLE products ADD COLUMN created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL;
ALTER TABLE regions ADD COLUMN created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL;
ALTER TABLE channels ADD COLUMN created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL;

-- The built-in channels in English (what users add keeps its own name in both languages).
ALTER TABLE channels ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
UPDATE channels SET name_en = CASE name
    WHEN '专卖店' THEN 'Brand store' WHEN '经销商' THEN 'Dealer' WHEN '商超' THEN 'Supermarket'
    WHEN '电商' THEN 'Online' WHEN '其他' THEN 'Other' ELSE '' END
WHERE builtin = 1;

-- How many sightings a channel has (the channel list, removing a channel, undo) without
-- walking the whole table.
CREATE INDEX price_observations_by_channel ON price_observations (channel_id);

-- The lowest effective price of a product per region and day, kept by the triggers below in
-- the same transaction as the sightings. The price chart reads this instead of the sightings,
-- so its cost follows days × regions, not the number of sightings.
CREATE TABLE price_daily (
    product_id  INTEGER NOT NULL,
    region_id   INTEGER NOT NULL,
    observed_on TEXT NOT NULL,
    low_fen     INTEGER NOT NULL,
    sightings   INTEGER NOT NULL,
    -- by day first: the chart reads one product's days in order, and our own products'
    -- lowest price of the day over all regions is a streamed GROUP BY.
    PRIMARY KEY (product_id, observed_on, region_id)
) STRICT, WITHOUT ROWID;

INSERT INTO price_daily (product_id, region_id, observed_on, low_fen, sightings)
SELECT product_id, region_id, observed_on, min(effective_fen), count(*)
FROM price_observations GROUP BY product_id, region_id, observed_on;

-- Sightings typed in one by one are added here; an import adds its whole batch in one
-- statement when it is done (`import::competitors::import_rows`), four times cheaper than a
-- trigger per row.
CREATE TRIGGER price_daily_after_insert AFTER INSERT ON price_observations
WHEN new.batch_id IS NULL BEGIN
    INSERT INTO price_daily (product_id, region_id, observed_on, low_fen, sightings)
    VALUES (new.product_id, new.region_id, new.observed_on, new.effective_fen, 1)
    ON CONFLICT DO UPDATE SET low_fen = min(low_fen, excluded.low_fen), sightings = sightings + 1;
END;

-- The day's low is looked up again only when the removed sighting was that low.
CREATE TRIGGER price_daily_after_delete AFTER DELETE ON price_observations BEGIN
    UPDATE price_daily
    SET sightings = sightings - 1,
        low_fen = CASE WHEN old.effective_fen > low_fen THEN low_fen ELSE coalesce(
            (SELECT min(effective_fen) FROM price_observations
             WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on),
            low_fen) END
    WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on;
    DELETE FROM price_daily
    WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on
      AND sightings <= 0;
END;

CREATE TRIGGER price_daily_after_update
AFTER UPDATE OF product_id, region_id, observed_on, regular_fen, promo_fen ON price_observations BEGIN
    UPDATE price_daily
    SET sightings = sightings - 1,
        low_fen = coalesce(
            (SELECT min(effective_fen) FROM price_observations
             WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on),
            low_fen)
    WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on;
    DELETE FROM price_daily
    WHERE product_id = old.product_id AND region_id = old.region_id AND observed_on = old.observed_on
      AND sightings <= 0;
    INSERT INTO price_daily (product_id, region_id, observed_on, low_fen, sightings)
    VALUES (new.product_id, new.region_id, new.observed_on, new.effective_fen, 1)
    ON CONFLICT DO UPDATE SET low_fen = min(low_fen, excluded.low_fen), sightings = sightings + 1;
END;
