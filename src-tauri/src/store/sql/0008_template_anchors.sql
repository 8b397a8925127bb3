-- 0008: template items anchored to a campaign's start, to its end, or spanning it, and the
-- dependencies between template items. The built-in template is corrected: daily price
-- monitoring spans the campaign, the review follows its end (for a 5-day 五一 the same days
-- as before), and its tasks depend on each other as the plan runs. Campaigns already created
-- keep their dates.
ALTER TABLE template_items ADD COLUMN anchor TEXT NOT NULL DEFAULT 'start'
    CHECK (anchor IN ('start', 'end', 'span'));

CREATE TABLE template_dependencies (
    item_id    INTEGER NOT NULL REFERENCES template_items (id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES template_items (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, depends_on),
    CHECK (item_id <> depends_on)
) STRICT, WITHOUT ROWID;

UPDATE template_items SET anchor = 'span', start_offset = 0, due_offset = 0
 WHERE template_id = 1 AND title = '每日价格监控';
UPDATE template_items SET anchor = 'end', start_offset = 1, due_offset = 3
 WHERE template_id = 1 AND title = '活动复盘';

WITH chain (task, on_task) AS (VALUES
    ('活动方案策划（主题、特价政策、终端限价）', '竞品调研与价格摸底'),
    ('方案审批', '活动方案策划（主题、特价政策、终端限价）'),
    ('物料设计', '方案审批'),
    ('经销商政策宣导', '方案审批'),
    ('销售培训（产品与话术）', '经销商政策宣导'),
    ('每日价格监控', '销售培训（产品与话术）'),
    ('活动复盘', '每日价格监控')
)
INSERT INTO template_dependencies (item_id, depends_on)
SELECT a.id, b.id FROM chain
JOIN template_items a ON a.template_id = 1 AND a.title = chain.task
JOIN template_items b ON b.template_id = 1 AND b.title = chain.on_task;
