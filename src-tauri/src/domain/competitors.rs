//! 竞品 Competitors: brands are reference data (see `reference`); products, price sightings
//! and holiday price moves arrive with the competitor-tracking issue.
