-- The timeline's competitor bands read the sightings of a campaign's few regions over a
-- season: the region index now carries what that scan needs (product, channel, price), so it
-- is read without touching the table (measured on 1 M sightings, 8 of 31 regions, 4 months:
-- 13 ms instead of 41 ms through the date index). It still serves every region lookup as before.
DROP INDEX price_observations_by_region;
CREATE INDEX price_observations_by_region
    ON price_observations (region_id, observed_on, product_id, channel_id, effective_fen);
