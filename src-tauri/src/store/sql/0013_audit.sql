-- History 历史: every change to a record, kept by triggers whatever wrote it (the window, the
-- CLI, an import): the table, the row, the values before and after as JSON (BLOBs as hex), and
-- the user's action it belonged to when it was a destructive one (a delete, a status change,
-- an import, a restore) — the one "undo last action" takes back. Sightings and the daily
-- series are not logged (an import's batch is their history and undo), nor the search index.
-- A migration that adds a column to a logged table recreates that table's three triggers.
-- Link tables WITHOUT ROWID (campaign_regions, task_dependencies, program_roles,
-- program_regions, enrolments) are logged with row_id 0: their values are their key.
CREATE TABLE audit_actions (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('delete', 'status', 'import', 'restore')),
    label     TEXT NOT NULL,
    -- An import's batch id; a restore's before-restore backup file.
    target    TEXT,
    -- 1 while the action's writes run: the triggers attach their rows to it.
    open      INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
    at        TEXT NOT NULL,
    undone_at TEXT
) STRICT;
CREATE INDEX audit_actions_open ON audit_actions (open) WHERE open = 1;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')),
    tbl       TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    old       TEXT,
    new       TEXT,
    action_id INTEGER REFERENCES audit_actions (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX audit_log_row ON audit_log (tbl, row_id);
CREATE INDEX audit_log_action ON audit_log (action_id) WHERE action_id IS NOT NULL;

CREATE TRIGGER audit_brands_insert AFTER INSERT ON brands BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('brands', NEW.rowid, 'insert', json_object('id', NEW.id, 'name', NEW.name, 'is_own', NEW.is_own, 'notes', NEW.notes, 'created_at', NEW.created_at, 'created_batch_id', NEW.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_brands_update AFTER UPDATE ON brands BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('brands', NEW.rowid, 'update', json_object('id', OLD.id, 'name', OLD.name, 'is_own', OLD.is_own, 'notes', OLD.notes, 'created_at', OLD.created_at, 'created_batch_id', OLD.created_batch_id), json_object('id', NEW.id, 'name', NEW.name, 'is_own', NEW.is_own, 'notes', NEW.notes, 'created_at', NEW.created_at, 'created_batch_id', NEW.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_brands_delete AFTER DELETE ON brands BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('brands', OLD.rowid, 'delete', json_object('id', OLD.id, 'name', OLD.name, 'is_own', OLD.is_own, 'notes', OLD.notes, 'created_at', OLD.created_at, 'created_batch_id', OLD.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_products_insert AFTER INSERT ON products BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('products', NEW.rowid, 'insert', json_object('id', NEW.id, 'brand_id', NEW.brand_id, 'model', NEW.model, 'category', NEW.category, 'segment', NEW.segment, 'list_price_fen', NEW.list_price_fen, 'launched_on', NEW.launched_on, 'active', NEW.active, 'created_at', NEW.created_at, 'created_batch_id', NEW.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_products_update AFTER UPDATE ON products BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('products', NEW.rowid, 'update', json_object('id', OLD.id, 'brand_id', OLD.brand_id, 'model', OLD.model, 'category', OLD.category, 'segment', OLD.segment, 'list_price_fen', OLD.list_price_fen, 'launched_on', OLD.launched_on, 'active', OLD.active, 'created_at', OLD.created_at, 'created_batch_id', OLD.created_batch_id), json_object('id', NEW.id, 'brand_id', NEW.brand_id, 'model', NEW.model, 'category', NEW.category, 'segment', NEW.segment, 'list_price_fen', NEW.list_price_fen, 'launched_on', NEW.launched_on, 'active', NEW.active, 'created_at', NEW.created_at, 'created_batch_id', NEW.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_products_delete AFTER DELETE ON products BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('products', OLD.rowid, 'delete', json_object('id', OLD.id, 'brand_id', OLD.brand_id, 'model', OLD.model, 'category', OLD.category, 'segment', OLD.segment, 'list_price_fen', OLD.list_price_fen, 'launched_on', OLD.launched_on, 'active', OLD.active, 'created_at', OLD.created_at, 'created_batch_id', OLD.created_batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_channels_insert AFTER INSERT ON channels BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('channels', NEW.rowid, 'insert', json_object('id', NEW.id, 'name', NEW.name, 'builtin', NEW.builtin, 'created_batch_id', NEW.created_batch_id, 'name_en', NEW.name_en), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_channels_update AFTER UPDATE ON channels BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('channels', NEW.rowid, 'update', json_object('id', OLD.id, 'name', OLD.name, 'builtin', OLD.builtin, 'created_batch_id', OLD.created_batch_id, 'name_en', OLD.name_en), json_object('id', NEW.id, 'name', NEW.name, 'builtin', NEW.builtin, 'created_batch_id', NEW.created_batch_id, 'name_en', NEW.name_en), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_channels_delete AFTER DELETE ON channels BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('channels', OLD.rowid, 'delete', json_object('id', OLD.id, 'name', OLD.name, 'builtin', OLD.builtin, 'created_batch_id', OLD.created_batch_id, 'name_en', OLD.name_en), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_competitor_activities_insert AFTER INSERT ON competitor_activities BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('competitor_activities', NEW.rowid, 'insert', json_object('id', NEW.id, 'brand_id', NEW.brand_id, 'start_on', NEW.start_on, 'end_on', NEW.end_on, 'kind', NEW.kind, 'description', NEW.description, 'source', NEW.source, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_competitor_activities_update AFTER UPDATE ON competitor_activities BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('competitor_activities', NEW.rowid, 'update', json_object('id', OLD.id, 'brand_id', OLD.brand_id, 'start_on', OLD.start_on, 'end_on', OLD.end_on, 'kind', OLD.kind, 'description', OLD.description, 'source', OLD.source, 'created_at', OLD.created_at), json_object('id', NEW.id, 'brand_id', NEW.brand_id, 'start_on', NEW.start_on, 'end_on', NEW.end_on, 'kind', NEW.kind, 'description', NEW.description, 'source', NEW.source, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_competitor_activities_delete AFTER DELETE ON competitor_activities BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('competitor_activities', OLD.rowid, 'delete', json_object('id', OLD.id, 'brand_id', OLD.brand_id, 'start_on', OLD.start_on, 'end_on', OLD.end_on, 'kind', OLD.kind, 'description', OLD.description, 'source', OLD.source, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_competitor_activity_regions_insert AFTER INSERT ON competitor_activity_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('competitor_activity_regions', NEW.rowid, 'insert', json_object('activity_id', NEW.activity_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_competitor_activity_regions_update AFTER UPDATE ON competitor_activity_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('competitor_activity_regions', NEW.rowid, 'update', json_object('activity_id', OLD.activity_id, 'region_id', OLD.region_id), json_object('activity_id', NEW.activity_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_competitor_activity_regions_delete AFTER DELETE ON competitor_activity_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('competitor_activity_regions', OLD.rowid, 'delete', json_object('activity_id', OLD.activity_id, 'region_id', OLD.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_battlecards_insert AFTER INSERT ON battlecards BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('battlecards', NEW.rowid, 'insert', json_object('brand_id', NEW.brand_id, 'selling_points', NEW.selling_points, 'strengths', NEW.strengths, 'weaknesses', NEW.weaknesses, 'our_strategy', NEW.our_strategy, 'as_of', NEW.as_of), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_battlecards_update AFTER UPDATE ON battlecards BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('battlecards', NEW.rowid, 'update', json_object('brand_id', OLD.brand_id, 'selling_points', OLD.selling_points, 'strengths', OLD.strengths, 'weaknesses', OLD.weaknesses, 'our_strategy', OLD.our_strategy, 'as_of', OLD.as_of), json_object('brand_id', NEW.brand_id, 'selling_points', NEW.selling_points, 'strengths', NEW.strengths, 'weaknesses', NEW.weaknesses, 'our_strategy', NEW.our_strategy, 'as_of', NEW.as_of), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_battlecards_delete AFTER DELETE ON battlecards BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('battlecards', OLD.rowid, 'delete', json_object('brand_id', OLD.brand_id, 'selling_points', OLD.selling_points, 'strengths', OLD.strengths, 'weaknesses', OLD.weaknesses, 'our_strategy', OLD.our_strategy, 'as_of', OLD.as_of), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaigns_insert AFTER INSERT ON campaigns BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaigns', NEW.rowid, 'insert', json_object('id', NEW.id, 'parent_id', NEW.parent_id, 'name', NEW.name, 'kind', NEW.kind, 'start_on', NEW.start_on, 'end_on', NEW.end_on, 'owner', NEW.owner, 'theme', NEW.theme, 'target_units', NEW.target_units, 'target_revenue_fen', NEW.target_revenue_fen, 'objectives', NEW.objectives, 'notes', NEW.notes, 'holiday_year', NEW.holiday_year, 'holiday_name', NEW.holiday_name, 'status', NEW.status, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaigns_update AFTER UPDATE ON campaigns BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaigns', NEW.rowid, 'update', json_object('id', OLD.id, 'parent_id', OLD.parent_id, 'name', OLD.name, 'kind', OLD.kind, 'start_on', OLD.start_on, 'end_on', OLD.end_on, 'owner', OLD.owner, 'theme', OLD.theme, 'target_units', OLD.target_units, 'target_revenue_fen', OLD.target_revenue_fen, 'objectives', OLD.objectives, 'notes', OLD.notes, 'holiday_year', OLD.holiday_year, 'holiday_name', OLD.holiday_name, 'status', OLD.status, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), json_object('id', NEW.id, 'parent_id', NEW.parent_id, 'name', NEW.name, 'kind', NEW.kind, 'start_on', NEW.start_on, 'end_on', NEW.end_on, 'owner', NEW.owner, 'theme', NEW.theme, 'target_units', NEW.target_units, 'target_revenue_fen', NEW.target_revenue_fen, 'objectives', NEW.objectives, 'notes', NEW.notes, 'holiday_year', NEW.holiday_year, 'holiday_name', NEW.holiday_name, 'status', NEW.status, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaigns_delete AFTER DELETE ON campaigns BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaigns', OLD.rowid, 'delete', json_object('id', OLD.id, 'parent_id', OLD.parent_id, 'name', OLD.name, 'kind', OLD.kind, 'start_on', OLD.start_on, 'end_on', OLD.end_on, 'owner', OLD.owner, 'theme', OLD.theme, 'target_units', OLD.target_units, 'target_revenue_fen', OLD.target_revenue_fen, 'objectives', OLD.objectives, 'notes', OLD.notes, 'holiday_year', OLD.holiday_year, 'holiday_name', OLD.holiday_name, 'status', OLD.status, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_regions_insert AFTER INSERT ON campaign_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_regions', 0, 'insert', json_object('campaign_id', NEW.campaign_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_regions_update AFTER UPDATE ON campaign_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_regions', 0, 'update', json_object('campaign_id', OLD.campaign_id, 'region_id', OLD.region_id), json_object('campaign_id', NEW.campaign_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_regions_delete AFTER DELETE ON campaign_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_regions', 0, 'delete', json_object('campaign_id', OLD.campaign_id, 'region_id', OLD.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_tasks_insert AFTER INSERT ON campaign_tasks BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_tasks', NEW.rowid, 'insert', json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'title', NEW.title, 'group_id', NEW.group_id, 'owner', NEW.owner, 'start_on', NEW.start_on, 'due_on', NEW.due_on, 'status', NEW.status, 'done_on', NEW.done_on, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_tasks_update AFTER UPDATE ON campaign_tasks BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_tasks', NEW.rowid, 'update', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'title', OLD.title, 'group_id', OLD.group_id, 'owner', OLD.owner, 'start_on', OLD.start_on, 'due_on', OLD.due_on, 'status', OLD.status, 'done_on', OLD.done_on, 'created_at', OLD.created_at), json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'title', NEW.title, 'group_id', NEW.group_id, 'owner', NEW.owner, 'start_on', NEW.start_on, 'due_on', NEW.due_on, 'status', NEW.status, 'done_on', NEW.done_on, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_tasks_delete AFTER DELETE ON campaign_tasks BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_tasks', OLD.rowid, 'delete', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'title', OLD.title, 'group_id', OLD.group_id, 'owner', OLD.owner, 'start_on', OLD.start_on, 'due_on', OLD.due_on, 'status', OLD.status, 'done_on', OLD.done_on, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_task_dependencies_insert AFTER INSERT ON task_dependencies BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('task_dependencies', 0, 'insert', json_object('task_id', NEW.task_id, 'depends_on', NEW.depends_on), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_task_dependencies_update AFTER UPDATE ON task_dependencies BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('task_dependencies', 0, 'update', json_object('task_id', OLD.task_id, 'depends_on', OLD.depends_on), json_object('task_id', NEW.task_id, 'depends_on', NEW.depends_on), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_task_dependencies_delete AFTER DELETE ON task_dependencies BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('task_dependencies', 0, 'delete', json_object('task_id', OLD.task_id, 'depends_on', OLD.depends_on), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_materials_insert AFTER INSERT ON campaign_materials BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_materials', NEW.rowid, 'insert', json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'item', NEW.item, 'quantity', NEW.quantity, 'owner', NEW.owner, 'due_on', NEW.due_on, 'status', NEW.status, 'done_on', NEW.done_on, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_materials_update AFTER UPDATE ON campaign_materials BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_materials', NEW.rowid, 'update', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'item', OLD.item, 'quantity', OLD.quantity, 'owner', OLD.owner, 'due_on', OLD.due_on, 'status', OLD.status, 'done_on', OLD.done_on, 'created_at', OLD.created_at), json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'item', NEW.item, 'quantity', NEW.quantity, 'owner', NEW.owner, 'due_on', NEW.due_on, 'status', NEW.status, 'done_on', NEW.done_on, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_materials_delete AFTER DELETE ON campaign_materials BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_materials', OLD.rowid, 'delete', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'item', OLD.item, 'quantity', OLD.quantity, 'owner', OLD.owner, 'due_on', OLD.due_on, 'status', OLD.status, 'done_on', OLD.done_on, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_offers_insert AFTER INSERT ON campaign_offers BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_offers', NEW.rowid, 'insert', json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'product_id', NEW.product_id, 'region_id', NEW.region_id, 'regular_fen', NEW.regular_fen, 'special_fen', NEW.special_fen, 'limit_fen', NEW.limit_fen, 'tolerance_fen', NEW.tolerance_fen, 'ratio', NEW.ratio, 'units', NEW.units, 'gap_min_fen', NEW.gap_min_fen, 'gap_max_fen', NEW.gap_max_fen, 'batch_id', NEW.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_offers_update AFTER UPDATE ON campaign_offers BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_offers', NEW.rowid, 'update', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'product_id', OLD.product_id, 'region_id', OLD.region_id, 'regular_fen', OLD.regular_fen, 'special_fen', OLD.special_fen, 'limit_fen', OLD.limit_fen, 'tolerance_fen', OLD.tolerance_fen, 'ratio', OLD.ratio, 'units', OLD.units, 'gap_min_fen', OLD.gap_min_fen, 'gap_max_fen', OLD.gap_max_fen, 'batch_id', OLD.batch_id), json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'product_id', NEW.product_id, 'region_id', NEW.region_id, 'regular_fen', NEW.regular_fen, 'special_fen', NEW.special_fen, 'limit_fen', NEW.limit_fen, 'tolerance_fen', NEW.tolerance_fen, 'ratio', NEW.ratio, 'units', NEW.units, 'gap_min_fen', NEW.gap_min_fen, 'gap_max_fen', NEW.gap_max_fen, 'batch_id', NEW.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_offers_delete AFTER DELETE ON campaign_offers BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_offers', OLD.rowid, 'delete', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'product_id', OLD.product_id, 'region_id', OLD.region_id, 'regular_fen', OLD.regular_fen, 'special_fen', OLD.special_fen, 'limit_fen', OLD.limit_fen, 'tolerance_fen', OLD.tolerance_fen, 'ratio', OLD.ratio, 'units', OLD.units, 'gap_min_fen', OLD.gap_min_fen, 'gap_max_fen', OLD.gap_max_fen, 'batch_id', OLD.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_results_insert AFTER INSERT ON campaign_results BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_results', NEW.rowid, 'insert', json_object('campaign_id', NEW.campaign_id, 'region_id', NEW.region_id, 'units', NEW.units, 'revenue_fen', NEW.revenue_fen), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_results_update AFTER UPDATE ON campaign_results BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_results', NEW.rowid, 'update', json_object('campaign_id', OLD.campaign_id, 'region_id', OLD.region_id, 'units', OLD.units, 'revenue_fen', OLD.revenue_fen), json_object('campaign_id', NEW.campaign_id, 'region_id', NEW.region_id, 'units', NEW.units, 'revenue_fen', NEW.revenue_fen), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_results_delete AFTER DELETE ON campaign_results BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_results', OLD.rowid, 'delete', json_object('campaign_id', OLD.campaign_id, 'region_id', OLD.region_id, 'units', OLD.units, 'revenue_fen', OLD.revenue_fen), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_campaign_status_log_insert AFTER INSERT ON campaign_status_log BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('campaign_status_log', NEW.rowid, 'insert', json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'from_status', NEW.from_status, 'to_status', NEW.to_status, 'at', NEW.at, 'note', NEW.note), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_status_log_update AFTER UPDATE ON campaign_status_log BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('campaign_status_log', NEW.rowid, 'update', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'from_status', OLD.from_status, 'to_status', OLD.to_status, 'at', OLD.at, 'note', OLD.note), json_object('id', NEW.id, 'campaign_id', NEW.campaign_id, 'from_status', NEW.from_status, 'to_status', NEW.to_status, 'at', NEW.at, 'note', NEW.note), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_campaign_status_log_delete AFTER DELETE ON campaign_status_log BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('campaign_status_log', OLD.rowid, 'delete', json_object('id', OLD.id, 'campaign_id', OLD.campaign_id, 'from_status', OLD.from_status, 'to_status', OLD.to_status, 'at', OLD.at, 'note', OLD.note), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_staff_insert AFTER INSERT ON staff BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('staff', NEW.rowid, 'insert', json_object('id', NEW.id, 'name', NEW.name, 'region_id', NEW.region_id, 'role_id', NEW.role_id, 'phone', NEW.phone, 'employee_no', NEW.employee_no, 'hire_on', NEW.hire_on, 'active', NEW.active, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_staff_update AFTER UPDATE ON staff BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('staff', NEW.rowid, 'update', json_object('id', OLD.id, 'name', OLD.name, 'region_id', OLD.region_id, 'role_id', OLD.role_id, 'phone', OLD.phone, 'employee_no', OLD.employee_no, 'hire_on', OLD.hire_on, 'active', OLD.active, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), json_object('id', NEW.id, 'name', NEW.name, 'region_id', NEW.region_id, 'role_id', NEW.role_id, 'phone', NEW.phone, 'employee_no', NEW.employee_no, 'hire_on', NEW.hire_on, 'active', NEW.active, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_staff_delete AFTER DELETE ON staff BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('staff', OLD.rowid, 'delete', json_object('id', OLD.id, 'name', OLD.name, 'region_id', OLD.region_id, 'role_id', OLD.role_id, 'phone', OLD.phone, 'employee_no', OLD.employee_no, 'hire_on', OLD.hire_on, 'active', OLD.active, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_training_programs_insert AFTER INSERT ON training_programs BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('training_programs', NEW.rowid, 'insert', json_object('id', NEW.id, 'title', NEW.title, 'category_id', NEW.category_id, 'description', NEW.description, 'pass_mark', NEW.pass_mark, 'campaign_id', NEW.campaign_id, 'due_on', NEW.due_on, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_training_programs_update AFTER UPDATE ON training_programs BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('training_programs', NEW.rowid, 'update', json_object('id', OLD.id, 'title', OLD.title, 'category_id', OLD.category_id, 'description', OLD.description, 'pass_mark', OLD.pass_mark, 'campaign_id', OLD.campaign_id, 'due_on', OLD.due_on, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), json_object('id', NEW.id, 'title', NEW.title, 'category_id', NEW.category_id, 'description', NEW.description, 'pass_mark', NEW.pass_mark, 'campaign_id', NEW.campaign_id, 'due_on', NEW.due_on, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_training_programs_delete AFTER DELETE ON training_programs BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('training_programs', OLD.rowid, 'delete', json_object('id', OLD.id, 'title', OLD.title, 'category_id', OLD.category_id, 'description', OLD.description, 'pass_mark', OLD.pass_mark, 'campaign_id', OLD.campaign_id, 'due_on', OLD.due_on, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_program_roles_insert AFTER INSERT ON program_roles BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('program_roles', 0, 'insert', json_object('program_id', NEW.program_id, 'role_id', NEW.role_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_program_roles_update AFTER UPDATE ON program_roles BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('program_roles', 0, 'update', json_object('program_id', OLD.program_id, 'role_id', OLD.role_id), json_object('program_id', NEW.program_id, 'role_id', NEW.role_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_program_roles_delete AFTER DELETE ON program_roles BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('program_roles', 0, 'delete', json_object('program_id', OLD.program_id, 'role_id', OLD.role_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_program_regions_insert AFTER INSERT ON program_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('program_regions', 0, 'insert', json_object('program_id', NEW.program_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_program_regions_update AFTER UPDATE ON program_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('program_regions', 0, 'update', json_object('program_id', OLD.program_id, 'region_id', OLD.region_id), json_object('program_id', NEW.program_id, 'region_id', NEW.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_program_regions_delete AFTER DELETE ON program_regions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('program_regions', 0, 'delete', json_object('program_id', OLD.program_id, 'region_id', OLD.region_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_training_sessions_insert AFTER INSERT ON training_sessions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('training_sessions', NEW.rowid, 'insert', json_object('id', NEW.id, 'program_id', NEW.program_id, 'on_date', NEW.on_date, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'region_id', NEW.region_id, 'location', NEW.location, 'trainer', NEW.trainer, 'capacity', NEW.capacity, 'status', NEW.status, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_training_sessions_update AFTER UPDATE ON training_sessions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('training_sessions', NEW.rowid, 'update', json_object('id', OLD.id, 'program_id', OLD.program_id, 'on_date', OLD.on_date, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'region_id', OLD.region_id, 'location', OLD.location, 'trainer', OLD.trainer, 'capacity', OLD.capacity, 'status', OLD.status, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), json_object('id', NEW.id, 'program_id', NEW.program_id, 'on_date', NEW.on_date, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'region_id', NEW.region_id, 'location', NEW.location, 'trainer', NEW.trainer, 'capacity', NEW.capacity, 'status', NEW.status, 'created_batch_id', NEW.created_batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_training_sessions_delete AFTER DELETE ON training_sessions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('training_sessions', OLD.rowid, 'delete', json_object('id', OLD.id, 'program_id', OLD.program_id, 'on_date', OLD.on_date, 'starts_at', OLD.starts_at, 'ends_at', OLD.ends_at, 'region_id', OLD.region_id, 'location', OLD.location, 'trainer', OLD.trainer, 'capacity', OLD.capacity, 'status', OLD.status, 'created_batch_id', OLD.created_batch_id, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_enrolments_insert AFTER INSERT ON enrolments BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('enrolments', 0, 'insert', json_object('session_id', NEW.session_id, 'staff_id', NEW.staff_id, 'seq', NEW.seq), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_enrolments_update AFTER UPDATE ON enrolments BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('enrolments', 0, 'update', json_object('session_id', OLD.session_id, 'staff_id', OLD.staff_id, 'seq', OLD.seq), json_object('session_id', NEW.session_id, 'staff_id', NEW.staff_id, 'seq', NEW.seq), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_enrolments_delete AFTER DELETE ON enrolments BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('enrolments', 0, 'delete', json_object('session_id', OLD.session_id, 'staff_id', OLD.staff_id, 'seq', OLD.seq), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('attendance', NEW.rowid, 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'staff_id', NEW.staff_id, 'mark', NEW.mark, 'score', NEW.score, 'remark', NEW.remark, 'batch_id', NEW.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_attendance_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('attendance', NEW.rowid, 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'staff_id', OLD.staff_id, 'mark', OLD.mark, 'score', OLD.score, 'remark', OLD.remark, 'batch_id', OLD.batch_id), json_object('id', NEW.id, 'session_id', NEW.session_id, 'staff_id', NEW.staff_id, 'mark', NEW.mark, 'score', NEW.score, 'remark', NEW.remark, 'batch_id', NEW.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_attendance_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('attendance', OLD.rowid, 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'staff_id', OLD.staff_id, 'mark', OLD.mark, 'score', OLD.score, 'remark', OLD.remark, 'batch_id', OLD.batch_id), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_budget_plans_insert AFTER INSERT ON budget_plans BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('budget_plans', NEW.rowid, 'insert', json_object('id', NEW.id, 'year', NEW.year, 'policy', NEW.policy, 'approved_at', NEW.approved_at, 'approved_by', NEW.approved_by, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_plans_update AFTER UPDATE ON budget_plans BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('budget_plans', NEW.rowid, 'update', json_object('id', OLD.id, 'year', OLD.year, 'policy', OLD.policy, 'approved_at', OLD.approved_at, 'approved_by', OLD.approved_by, 'created_at', OLD.created_at), json_object('id', NEW.id, 'year', NEW.year, 'policy', NEW.policy, 'approved_at', NEW.approved_at, 'approved_by', NEW.approved_by, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_plans_delete AFTER DELETE ON budget_plans BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('budget_plans', OLD.rowid, 'delete', json_object('id', OLD.id, 'year', OLD.year, 'policy', OLD.policy, 'approved_at', OLD.approved_at, 'approved_by', OLD.approved_by, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_budget_lines_insert AFTER INSERT ON budget_lines BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('budget_lines', NEW.rowid, 'insert', json_object('id', NEW.id, 'plan_id', NEW.plan_id, 'period', NEW.period, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'category_id', NEW.category_id, 'region_id', NEW.region_id, 'campaign_id', NEW.campaign_id, 'amount_fen', NEW.amount_fen, 'baseline_fen', NEW.baseline_fen, 'note', NEW.note, 'batch_id', NEW.batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_lines_update AFTER UPDATE ON budget_lines BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('budget_lines', NEW.rowid, 'update', json_object('id', OLD.id, 'plan_id', OLD.plan_id, 'period', OLD.period, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'category_id', OLD.category_id, 'region_id', OLD.region_id, 'campaign_id', OLD.campaign_id, 'amount_fen', OLD.amount_fen, 'baseline_fen', OLD.baseline_fen, 'note', OLD.note, 'batch_id', OLD.batch_id, 'created_at', OLD.created_at), json_object('id', NEW.id, 'plan_id', NEW.plan_id, 'period', NEW.period, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'category_id', NEW.category_id, 'region_id', NEW.region_id, 'campaign_id', NEW.campaign_id, 'amount_fen', NEW.amount_fen, 'baseline_fen', NEW.baseline_fen, 'note', NEW.note, 'batch_id', NEW.batch_id, 'created_at', NEW.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_lines_delete AFTER DELETE ON budget_lines BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('budget_lines', OLD.rowid, 'delete', json_object('id', OLD.id, 'plan_id', OLD.plan_id, 'period', OLD.period, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'category_id', OLD.category_id, 'region_id', OLD.region_id, 'campaign_id', OLD.campaign_id, 'amount_fen', OLD.amount_fen, 'baseline_fen', OLD.baseline_fen, 'note', OLD.note, 'batch_id', OLD.batch_id, 'created_at', OLD.created_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_budget_revisions_insert AFTER INSERT ON budget_revisions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('budget_revisions', NEW.rowid, 'insert', json_object('id', NEW.id, 'line_id', NEW.line_id, 'old_fen', NEW.old_fen, 'new_fen', NEW.new_fen, 'reason', NEW.reason, 'batch_id', NEW.batch_id, 'revised_at', NEW.revised_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_revisions_update AFTER UPDATE ON budget_revisions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('budget_revisions', NEW.rowid, 'update', json_object('id', OLD.id, 'line_id', OLD.line_id, 'old_fen', OLD.old_fen, 'new_fen', OLD.new_fen, 'reason', OLD.reason, 'batch_id', OLD.batch_id, 'revised_at', OLD.revised_at), json_object('id', NEW.id, 'line_id', NEW.line_id, 'old_fen', NEW.old_fen, 'new_fen', NEW.new_fen, 'reason', NEW.reason, 'batch_id', NEW.batch_id, 'revised_at', NEW.revised_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_budget_revisions_delete AFTER DELETE ON budget_revisions BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('budget_revisions', OLD.rowid, 'delete', json_object('id', OLD.id, 'line_id', OLD.line_id, 'old_fen', OLD.old_fen, 'new_fen', OLD.new_fen, 'reason', OLD.reason, 'batch_id', OLD.batch_id, 'revised_at', OLD.revised_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_expenses_insert AFTER INSERT ON expenses BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('expenses', NEW.rowid, 'insert', json_object('id', NEW.id, 'spent_on', NEW.spent_on, 'staff_id', NEW.staff_id, 'requester', NEW.requester, 'region_id', NEW.region_id, 'campaign_id', NEW.campaign_id, 'category_id', NEW.category_id, 'payee', NEW.payee, 'description', NEW.description, 'requested_fen', NEW.requested_fen, 'approved_fen', NEW.approved_fen, 'paid_fen', NEW.paid_fen, 'status', NEW.status, 'submitted_on', NEW.submitted_on, 'approver', NEW.approver, 'approved_on', NEW.approved_on, 'paid_on', NEW.paid_on, 'reason', NEW.reason, 'batch_id', NEW.batch_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_expenses_update AFTER UPDATE ON expenses BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('expenses', NEW.rowid, 'update', json_object('id', OLD.id, 'spent_on', OLD.spent_on, 'staff_id', OLD.staff_id, 'requester', OLD.requester, 'region_id', OLD.region_id, 'campaign_id', OLD.campaign_id, 'category_id', OLD.category_id, 'payee', OLD.payee, 'description', OLD.description, 'requested_fen', OLD.requested_fen, 'approved_fen', OLD.approved_fen, 'paid_fen', OLD.paid_fen, 'status', OLD.status, 'submitted_on', OLD.submitted_on, 'approver', OLD.approver, 'approved_on', OLD.approved_on, 'paid_on', OLD.paid_on, 'reason', OLD.reason, 'batch_id', OLD.batch_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'spent_on', NEW.spent_on, 'staff_id', NEW.staff_id, 'requester', NEW.requester, 'region_id', NEW.region_id, 'campaign_id', NEW.campaign_id, 'category_id', NEW.category_id, 'payee', NEW.payee, 'description', NEW.description, 'requested_fen', NEW.requested_fen, 'approved_fen', NEW.approved_fen, 'paid_fen', NEW.paid_fen, 'status', NEW.status, 'submitted_on', NEW.submitted_on, 'approver', NEW.approver, 'approved_on', NEW.approved_on, 'paid_on', NEW.paid_on, 'reason', NEW.reason, 'batch_id', NEW.batch_id, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_expenses_delete AFTER DELETE ON expenses BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('expenses', OLD.rowid, 'delete', json_object('id', OLD.id, 'spent_on', OLD.spent_on, 'staff_id', OLD.staff_id, 'requester', OLD.requester, 'region_id', OLD.region_id, 'campaign_id', OLD.campaign_id, 'category_id', OLD.category_id, 'payee', OLD.payee, 'description', OLD.description, 'requested_fen', OLD.requested_fen, 'approved_fen', OLD.approved_fen, 'paid_fen', OLD.paid_fen, 'status', OLD.status, 'submitted_on', OLD.submitted_on, 'approver', OLD.approver, 'approved_on', OLD.approved_on, 'paid_on', OLD.paid_on, 'reason', OLD.reason, 'batch_id', OLD.batch_id, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), (SELECT id FROM audit_actions WHERE open = 1));
END;

CREATE TRIGGER audit_expense_evidence_insert AFTER INSERT ON expense_evidence BEGIN
    INSERT INTO audit_log (tbl, row_id, op, new, action_id)
    VALUES ('expense_evidence', NEW.rowid, 'insert', json_object('id', NEW.id, 'expense_id', NEW.expense_id, 'kind', NEW.kind, 'file_name', NEW.file_name, 'bytes', hex(NEW.bytes), 'thumb_png', hex(NEW.thumb_png), 'added_at', NEW.added_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_expense_evidence_update AFTER UPDATE ON expense_evidence BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, new, action_id)
    VALUES ('expense_evidence', NEW.rowid, 'update', json_object('id', OLD.id, 'expense_id', OLD.expense_id, 'kind', OLD.kind, 'file_name', OLD.file_name, 'bytes', hex(OLD.bytes), 'thumb_png', hex(OLD.thumb_png), 'added_at', OLD.added_at), json_object('id', NEW.id, 'expense_id', NEW.expense_id, 'kind', NEW.kind, 'file_name', NEW.file_name, 'bytes', hex(NEW.bytes), 'thumb_png', hex(NEW.thumb_png), 'added_at', NEW.added_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
CREATE TRIGGER audit_expense_evidence_delete AFTER DELETE ON expense_evidence BEGIN
    INSERT INTO audit_log (tbl, row_id, op, old, action_id)
    VALUES ('expense_evidence', OLD.rowid, 'delete', json_object('id', OLD.id, 'expense_id', OLD.expense_id, 'kind', OLD.kind, 'file_name', OLD.file_name, 'bytes', hex(OLD.bytes), 'thumb_png', hex(OLD.thumb_png), 'added_at', OLD.added_at), (SELECT id FROM audit_actions WHERE open = 1));
END;
