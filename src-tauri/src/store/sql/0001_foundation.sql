-- 0001: settings and the reference data every feature uses (regions, brands).
-- Money is integer fen; dates are ISO-8601 TEXT.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE regions (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL UNIQUE,
    name_en    TEXT NOT NULL DEFAULT '',
    -- province | municipality | autonomous_region | sales_region (user-defined)
    kind       TEXT NOT NULL CHECK (kind IN ('province', 'municipality', 'autonomous_region', 'sales_region')),
    -- GB/T 2260 code for the preloaded divisions; NULL for user-defined regions.
    code       INTEGER UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE brands (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    is_own     INTEGER NOT NULL CHECK (is_own IN (0, 1)),
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO regions (code, name, short_name, name_en, kind, created_at) VALUES
    (11, '北京市', '北京', 'Beijing', 'municipality', '2026-01-01T00:00:00'),
    (12, '天津市', '天津', 'Tianjin', 'municipality', '2026-01-01T00:00:00'),
    (13, '河北省', '河北', 'Hebei', 'province', '2026-01-01T00:00:00'),
    (14, '山西省', '山西', 'Shanxi', 'province', '2026-01-01T00:00:00'),
    (15, '内蒙古自治区', '内蒙古', 'Inner Mongolia', 'autonomous_region', '2026-01-01T00:00:00'),
    (21, '辽宁省', '辽宁', 'Liaoning', 'province', '2026-01-01T00:00:00'),
    (22, '吉林省', '吉林', 'Jilin', 'province', '2026-01-01T00:00:00'),
    (23, '黑龙江省', '黑龙江', 'Heilongjiang', 'province', '2026-01-01T00:00:00'),
    (31, '上海市', '上海', 'Shanghai', 'municipality', '2026-01-01T00:00:00'),
    (32, '江苏省', '江苏', 'Jiangsu', 'province', '2026-01-01T00:00:00'),
    (33, '浙江省', '浙江', 'Zhejiang', 'province', '2026-01-01T00:00:00'),
    (34, '安徽省', '安徽', 'Anhui', 'province', '2026-01-01T00:00:00'),
    (35, '福建省', '福建', 'Fujian', 'province', '2026-01-01T00:00:00'),
    (36, '江西省', '江西', 'Jiangxi', 'province', '2026-01-01T00:00:00'),
    (37, '山东省', '山东', 'Shandong', 'province', '2026-01-01T00:00:00'),
    (41, '河南省', '河南', 'Henan', 'province', '2026-01-01T00:00:00'),
    (42, '湖北省', '湖北', 'Hubei', 'province', '2026-01-01T00:00:00'),
    (43, '湖南省', '湖南', 'Hunan', 'province', '2026-01-01T00:00:00'),
    (44, '广东省', '广东', 'Guangdong', 'province', '2026-01-01T00:00:00'),
    (45, '广西壮族自治区', '广西', 'Guangxi', 'autonomous_region', '2026-01-01T00:00:00'),
    (46, '海南省', '海南', 'Hainan', 'province', '2026-01-01T00:00:00'),
    (50, '重庆市', '重庆', 'Chongqing', 'municipality', '2026-01-01T00:00:00'),
    (51, '四川省', '四川', 'Sichuan', 'province', '2026-01-01T00:00:00'),
    (52, '贵州省', '贵州', 'Guizhou', 'province', '2026-01-01T00:00:00'),
    (53, '云南省', '云南', 'Yunnan', 'province', '2026-01-01T00:00:00'),
    (54, '西藏自治区', '西藏', 'Tibet', 'autonomous_region', '2026-01-01T00:00:00'),
    (61, '陕西省', '陕西', 'Shaanxi', 'province', '2026-01-01T00:00:00'),
    (62, '甘肃省', '甘肃', 'Gansu', 'province', '2026-01-01T00:00:00'),
    (63, '青海省', '青海', 'Qinghai', 'province', '2026-01-01T00:00:00'),
    (64, '宁夏回族自治区', '宁夏', 'Ningxia', 'autonomous_region', '2026-01-01T00:00:00'),
    (65, '新疆维吾尔自治区', '新疆', 'Xinjiang', 'autonomous_region', '2026-01-01T00:00:00');
