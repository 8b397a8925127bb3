-- The timeline's competitor bands and a campaign's compliance now read the sightings through
-- the same-sighting key (product, region, channel, day), one seek per series: nothing scans
-- the region index for prices any more. It goes back to what its lookups need (a region's
-- sightings by day: the sightings page filtered by region, counts), and an import builds or
-- updates a smaller index.
DROP INDEX price_observations_by_region;
CREATE INDEX price_observations_by_region ON price_observations (region_id, observed_on);
