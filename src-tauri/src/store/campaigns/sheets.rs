//! The batches of the schedule and price-limit imports, and their undo.

use super::*;
use crate::store::batches::{BatchKind, RecordKind};
use crate::store::{brands, competitors};

/// A campaign-schedule row, checked; regions already matched to stored ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledCampaign {
    pub row: usize,
    pub campaign: ValidCampaign,
}

/// What a schedule import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenCampaigns {
    pub created: Vec<String>,
    pub updated: Vec<String>,
}

/// Write a schedule: a campaign with the same name and start is updated (its old fields kept
/// for undo), anything else created as a draft.
pub fn write_schedule(
    tx: &Transaction<'_>,
    batch_id: i64,
    rows: &[ScheduledCampaign],
) -> AppResult<WrittenCampaigns> {
    let mut out = WrittenCampaigns::default();
    for r in rows {
        let v = &r.campaign;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM campaigns WHERE name = ?1 AND start_on = ?2 AND parent_id IS NULL",
                params![v.name, v.start.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                batches::keep_before(
                    tx,
                    batch_id,
                    "campaigns",
                    "SELECT id, json_object('kind', kind, 'end_on', end_on, 'owner', owner,
                       'theme', theme, 'target_units', target_units, 'target_revenue_fen', target_revenue_fen,
                       'regions', (SELECT json_group_array(region_id) FROM campaign_regions WHERE campaign_id = ?1))
                     FROM campaigns WHERE id = ?1",
                    [id],
                )?;
                tx.execute(
                    "UPDATE campaigns SET kind = ?2, end_on = ?3, owner = ?4, theme = ?5, target_units = ?6,
                       target_revenue_fen = ?7 WHERE id = ?1",
                    params![id, v.kind.code(), v.end.to_string(), v.owner, v.theme, v.target_units, v.target_revenue_fen],
                )?;
                tx.execute("DELETE FROM campaign_regions WHERE campaign_id = ?1", [id])?;
                for region in &v.region_ids {
                    tx.execute(
                        "INSERT INTO campaign_regions (campaign_id, region_id) VALUES (?1, ?2)",
                        params![id, region],
                    )?;
                }
                out.updated.push(v.name.clone());
            }
            None => {
                write_campaign(tx, None, v, Some(batch_id))?;
                out.created.push(v.name.clone());
            }
        }
    }
    Ok(out)
}

/// Undo a schedule import: remove the campaigns it created (unless the user has built on them
/// since), put back the fields of those it updated.
pub fn undo_campaign_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let mut names = batches::take_back(
        tx,
        batch_id,
        "campaigns",
        // What the user has built on since (a plan, offers, results, sub-activities, a status
        // change) stays: undo takes back the import, not the work.
        "SELECT c.id, c.name FROM campaigns c
         WHERE c.created_batch_id = ?1 AND c.status = 'draft'
           AND NOT EXISTS (SELECT 1 FROM campaign_tasks t WHERE t.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_materials m WHERE m.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_offers f WHERE f.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_results x WHERE x.campaign_id = c.id)
           AND NOT EXISTS (SELECT 1 FROM campaigns s WHERE s.parent_id = c.id)",
    )?;
    let replaced = batches::kept_before(tx, batch_id, "campaigns")?;
    for (id, before) in replaced {
        let n = tx.execute(
            "UPDATE campaigns SET kind = b.kind, end_on = b.end_on, owner = b.owner, theme = b.theme,
               target_units = b.target_units, target_revenue_fen = b.target_revenue_fen
             FROM (SELECT json_extract(?2, '$.kind') AS kind, json_extract(?2, '$.end_on') AS end_on,
                          json_extract(?2, '$.owner') AS owner, json_extract(?2, '$.theme') AS theme,
                          json_extract(?2, '$.target_units') AS target_units,
                          json_extract(?2, '$.target_revenue_fen') AS target_revenue_fen) AS b
             WHERE campaigns.id = ?1",
            params![id, before],
        )?;
        if n == 1 {
            tx.execute("DELETE FROM campaign_regions WHERE campaign_id = ?1", [id])?;
            tx.execute(
                "INSERT INTO campaign_regions (campaign_id, region_id)
                 SELECT ?1, value FROM json_each(json_extract(?2, '$.regions'))",
                params![id, before],
            )?;
            if let Some(name) = tx
                .query_row("SELECT name FROM campaigns WHERE id = ?1", [id], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
            {
                names.push(name);
            }
        }
    }
    Ok(UndoReport::new(
        BatchKind::Campaigns,
        names.len() as i64,
        [(RecordKind::Campaign, names)],
    ))
}

/// A price-limit row, checked: brand and model as written, regions matched (empty = all of
/// the campaign's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRow {
    pub row: usize,
    pub brand: String,
    pub product: String,
    pub region_ids: Vec<i64>,
    pub offer: ValidOffer,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenOffers {
    pub offers: usize,
    pub brands: Vec<String>,
    pub products: Vec<String>,
}

/// Find or create (as own) the brand and product of a price-limit row.
fn own_product(
    tx: &Transaction<'_>,
    batch_id: i64,
    brand: &str,
    model: &str,
    out: &mut WrittenOffers,
) -> AppResult<i64> {
    let brand_id = match brands::id_by_name(tx, brand)? {
        Some(id) => id,
        None => {
            let new = brands::NewBrand {
                name: brand,
                is_own: true,
                notes: "",
                batch_id: Some(batch_id),
            };
            let id = brands::insert_in(tx, &new)?;
            out.brands.push(brand.to_string());
            id
        }
    };
    Ok(match competitors::product_id_in(tx, brand_id, model)? {
        Some(id) => id,
        None => {
            let new = competitors::NewProduct::named(brand_id, model, Some(batch_id));
            let id = competitors::insert_product_in(tx, &new)?;
            out.products.push(format!("{brand} {model}"));
            id
        }
    })
}

/// Write a price-limit table for one campaign (competitor brands were rejected by the
/// importer; `write_offer` refuses them anyway).
pub fn write_limits(
    tx: &Transaction<'_>,
    batch_id: i64,
    campaign_id: i64,
    rows: &[LimitRow],
) -> AppResult<WrittenOffers> {
    let mut out = WrittenOffers::default();
    for r in rows {
        let product_id = own_product(tx, batch_id, &r.brand, &r.product, &mut out)?;
        out.offers += write_offer(
            tx,
            campaign_id,
            product_id,
            &r.region_ids,
            &r.offer,
            Some(batch_id),
        )?;
    }
    Ok(out)
}

/// Undo a price-limit import: offers it added go, offers it replaced get their old values
/// back, and the own brands and products it created go when nothing uses them.
pub fn undo_offer_batch(tx: &Transaction<'_>, batch_id: i64) -> AppResult<UndoReport> {
    let replaced = batches::kept_before(tx, batch_id, "campaign_offers")?;
    let mut restored = 0i64;
    for (id, before) in &replaced {
        restored += tx.execute(
            "UPDATE campaign_offers SET regular_fen = json_extract(?2, '$.regular_fen'),
               special_fen = json_extract(?2, '$.special_fen'), limit_fen = json_extract(?2, '$.limit_fen'),
               tolerance_fen = json_extract(?2, '$.tolerance_fen'), ratio = json_extract(?2, '$.ratio'),
               units = json_extract(?2, '$.units'), gap_min_fen = json_extract(?2, '$.gap_min_fen'),
               gap_max_fen = json_extract(?2, '$.gap_max_fen'), batch_id = json_extract(?2, '$.batch_id')
             WHERE id = ?1",
            params![id, before],
        )? as i64;
    }
    let removed = tx.execute(
        "DELETE FROM campaign_offers WHERE batch_id = ?1",
        [batch_id],
    )? as i64;
    let products = batches::take_back(
        tx,
        batch_id,
        "products",
        "SELECT p.id, b.name || ' ' || p.model FROM products p JOIN brands b ON b.id = p.brand_id
         WHERE p.created_batch_id = ?1 AND p.segment = '' AND p.category = ''
           AND p.list_price_fen IS NULL AND p.launched_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM price_observations o WHERE o.product_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM campaign_offers f WHERE f.product_id = p.id)",
    )?;
    let brands = batches::take_back(
        tx,
        batch_id,
        "brands",
        "SELECT b.id, b.name FROM brands b
         WHERE b.created_batch_id = ?1 AND b.notes = ''
           AND NOT EXISTS (SELECT 1 FROM products p WHERE p.brand_id = b.id)",
    )?;
    Ok(UndoReport::new(
        BatchKind::Offers,
        removed + restored,
        [(RecordKind::Brand, brands), (RecordKind::Product, products)],
    ))
}
