-- 0004: the campaign calendar — campaigns and sub-activities, their status history, tasks
-- with dependencies, materials, templates, special-price offers with terminal price limits,
-- typed-in results; import batches of every kind.

ALTER TABLE import_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'prices'
    CHECK (kind IN ('prices', 'campaigns', 'offers'));

CREATE TABLE campaigns (
    id                 INTEGER PRIMARY KEY,
    -- a sub-activity (路演 within the 五一 promotion) names its parent; its dates lie inside
    parent_id          INTEGER REFERENCES campaigns (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('holiday', 'launch', 'roadshow', 'meeting', 'other')),
    start_on           TEXT NOT NULL,
    end_on             TEXT NOT NULL CHECK (end_on >= start_on),
    owner              TEXT NOT NULL DEFAULT '',
    theme              TEXT NOT NULL DEFAULT '',
    target_units       INTEGER CHECK (target_units IS NULL OR target_units >= 0),
    target_revenue_fen INTEGER CHECK (target_revenue_fen IS NULL OR target_revenue_fen >= 0),
    objectives         TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT '',
    -- tied to a holiday of the calendar (bundled or imported), by year and Chinese name
    holiday_year       INTEGER,
    holiday_name       TEXT,
    status             TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'planned', 'approved', 'running', 'done', 'cancelled')),
    created_batch_id   INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at         TEXT NOT NULL
) STRICT;

-- A schedule names a campaign by its name and start: re-importing updates it.
CREATE UNIQUE INDEX campaigns_same ON campaigns (name, start_on) WHERE parent_id IS NULL;
CREATE INDEX campaigns_by_dates ON campaigns (start_on, end_on);
CREATE INDEX campaigns_by_parent ON campaigns (parent_id);

CREATE TABLE campaign_regions (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    region_id   INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    PRIMARY KEY (campaign_id, region_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX campaign_regions_by_region ON campaign_regions (region_id);

CREATE TABLE campaign_status_log (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX campaign_status_log_by_campaign ON campaign_status_log (campaign_id);

-- 企划 / 设计 / 推广 / 研究 / 区域 / 其他, and whatever groups the user adds.
CREATE TABLE task_groups (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name_en TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;
INSERT INTO task_groups (name, name_en, builtin) VALUES
    ('企划', 'Planning', 1), ('设计', 'Design', 1), ('推广', 'Promotion', 1),
    ('研究', 'Research', 1), ('区域', 'Regional', 1), ('其他', 'Other', 1);

CREATE TABLE campaign_tasks (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    group_id    INTEGER NOT NULL REFERENCES task_groups (id) ON DELETE RESTRICT,
    owner       TEXT NOT NULL DEFAULT '',
    start_on    TEXT NOT NULL,
    due_on      TEXT NOT NULL CHECK (due_on >= start_on),
    status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'blocked')),
    -- the day it was marked done: lateness in the review
    done_on     TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX campaign_tasks_by_campaign ON campaign_tasks (campaign_id);
CREATE INDEX campaign_tasks_by_due ON campaign_tasks (due_on, status);

CREATE TABLE task_dependencies (
    task_id    INTEGER NOT NULL REFERENCES campaign_tasks (id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES campaign_tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, depends_on),
    CHECK (task_id <> depends_on)
) STRICT, WITHOUT ROWID;

CREATE TABLE campaign_materials (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    item        TEXT NOT NULL,
    quantity    INTEGER NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    owner       TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'blocked')),
    done_on     TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX campaign_materials_by_campaign ON campaign_materials (campaign_id);
CREATE INDEX campaign_materials_by_due ON campaign_materials (due_on, status);

-- Tasks and materials with offsets from the launch day (T-60 plan … T+7 review).
CREATE TABLE campaign_templates (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

CREATE TABLE template_items (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES campaign_templates (id) ON DELETE CASCADE,
    item_type   TEXT NOT NULL CHECK (item_type IN ('task', 'material')),
    title       TEXT NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    group_id    INTEGER REFERENCES task_groups (id) ON DELETE SET NULL,
    quantity    INTEGER NOT NULL DEFAULT 0,
    -- days from the launch day to the start (tasks) and to the due day
    start_offset INTEGER NOT NULL,
    due_offset   INTEGER NOT NULL CHECK (due_offset >= start_offset)
) STRICT;

INSERT INTO campaign_templates (id, name, name_en, builtin) VALUES (1, '节日促销标准流程', 'Holiday promotion (standard)', 1);
WITH t (item_type, title, title_en, grp, quantity, s, d) AS (VALUES
    ('task', '竞品调研与价格摸底', 'Competitor research and price survey', '研究', 0, -70, -60),
    ('task', '活动方案策划（主题、特价政策、终端限价）', 'Plan: theme, special-price policy, price limits', '企划', 0, -60, -45),
    ('task', '方案审批', 'Approval by the general manager', '企划', 0, -40, -30),
    ('task', '物料设计', 'Design of materials', '设计', 0, -30, -21),
    ('task', '经销商政策宣导', 'Brief the dealers on the policy', '区域', 0, -21, -10),
    ('task', '销售培训（产品与话术）', 'Sales training (product and pitch)', '推广', 0, -10, -7),
    ('task', '每日价格监控', 'Daily price monitoring', '区域', 0, 0, 4),
    ('task', '活动复盘', 'Review', '企划', 0, 5, 7),
    ('material', '门店海报', 'Store posters', '设计', 500, -21, -14),
    ('material', '横幅', 'Banners', '设计', 200, -21, -14),
    ('material', '宣传单页', 'Leaflets', '设计', 20000, -21, -10),
    ('material', '展架', 'Display stands', '设计', 100, -21, -7)
)
INSERT INTO template_items (template_id, item_type, title, title_en, group_id, quantity, start_offset, due_offset)
SELECT 1, t.item_type, t.title, t.title_en, g.id, t.quantity, t.s, t.d
FROM t JOIN task_groups g ON g.name = t.grp;

-- The special-price policy: per own product and region, the terminal price limit.
CREATE TABLE campaign_offers (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    product_id    INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    region_id     INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    regular_fen   INTEGER NOT NULL CHECK (regular_fen > 0),
    special_fen   INTEGER NOT NULL CHECK (special_fen > 0),
    limit_fen     INTEGER NOT NULL CHECK (limit_fen > 0),
    tolerance_fen INTEGER NOT NULL DEFAULT 0 CHECK (tolerance_fen >= 0),
    -- 特价车:常规车, as written ("1:2"); NULL when the policy sets none
    ratio         TEXT,
    units         INTEGER CHECK (units IS NULL OR units >= 0),
    -- target gap to the lowest same-segment competitor price (+50 to +100 元), when set
    gap_min_fen   INTEGER,
    gap_max_fen   INTEGER CHECK (gap_max_fen IS NULL OR gap_min_fen IS NULL OR gap_max_fen >= gap_min_fen),
    batch_id      INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    UNIQUE (campaign_id, product_id, region_id)
) STRICT;
CREATE INDEX campaign_offers_by_product ON campaign_offers (product_id);
CREATE INDEX campaign_offers_by_batch ON campaign_offers (batch_id);

-- Objectives vs results: actual units and revenue per region, typed in.
CREATE TABLE campaign_results (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    region_id   INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    units       INTEGER NOT NULL DEFAULT 0 CHECK (units >= 0),
    revenue_fen INTEGER NOT NULL DEFAULT 0 CHECK (revenue_fen >= 0),
    PRIMARY KEY (campaign_id, region_id)
) STRICT;

-- What an import changed in a row that existed before it (JSON of the old values), so undo
-- can put it back.
CREATE TABLE import_replaced (
    batch_id  INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
    row_table TEXT NOT NULL,
    row_id    INTEGER NOT NULL,
    before    TEXT NOT NULL,
    PRIMARY KEY (batch_id, row_table, row_id)
) STRICT;
