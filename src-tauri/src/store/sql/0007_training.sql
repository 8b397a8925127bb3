-- 0007: the training schedule 培训 — staff, programs, sessions, enrolment, attendance.
-- Dates are ISO-8601 TEXT, times of day 'HH:MM'.

-- Import batch kinds become rows of their own table: a new kind of sheet is one INSERT in its
-- area's migration, not another rebuild of import_batches. The rebuild is SQLite's twelve
-- steps: the store runs migrations with foreign keys off (so dropping the old table does not
-- null the batch of every sighting), and this step ends with a foreign-key check.
CREATE TABLE batch_kinds (
    kind TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT INTO batch_kinds (kind) VALUES
    ('prices'), ('campaigns'), ('offers'), ('staff'), ('sessions'), ('attendance');

CREATE TABLE import_batches_0007 (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_read   INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    undone_at   TEXT,
    kind        TEXT NOT NULL DEFAULT 'prices' REFERENCES batch_kinds (kind)
) STRICT;
INSERT INTO import_batches_0007 (id, file_name, imported_at, rows_read, imported, duplicates, rejected, undone_at, kind)
    SELECT id, file_name, imported_at, rows_read, imported, duplicates, rejected, undone_at, kind
    FROM import_batches;
DROP TABLE import_batches;
ALTER TABLE import_batches_0007 RENAME TO import_batches;

-- 区域经理 / 业务员 / 督导 / 导购 / 市场专员, and what the user adds.
CREATE TABLE staff_roles (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name_en    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO staff_roles (name, name_en, created_at) VALUES
    ('区域经理', 'Regional manager', '2026-01-01T00:00:00'),
    ('业务员', 'Sales representative', '2026-01-01T00:00:00'),
    ('督导', 'Supervisor', '2026-01-01T00:00:00'),
    ('导购', 'Store promoter', '2026-01-01T00:00:00'),
    ('市场专员', 'Marketing specialist', '2026-01-01T00:00:00');

-- The sales force. The same person is recognised by employee number, else by name + phone.
CREATE TABLE staff (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    region_id        INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    role_id          INTEGER NOT NULL REFERENCES staff_roles (id) ON DELETE RESTRICT,
    -- as written: a phone is text (13805310003), never a number
    phone            TEXT NOT NULL DEFAULT '',
    employee_no      TEXT UNIQUE,
    hire_on          TEXT,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX staff_by_name_phone ON staff (name, phone);
CREATE INDEX staff_by_region ON staff (region_id);

-- 产品知识 / 营销知识 / … and what the user adds.
CREATE TABLE training_categories (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name_en    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

INSERT INTO training_categories (name, name_en, created_at) VALUES
    ('产品知识', 'Product knowledge', '2026-01-01T00:00:00'),
    ('营销知识', 'Marketing knowledge', '2026-01-01T00:00:00'),
    ('行业执行标准', 'Industry execution standards', '2026-01-01T00:00:00'),
    ('企业自律守则', 'Corporate code of conduct', '2026-01-01T00:00:00'),
    ('销售人员职业道德', 'Sales ethics', '2026-01-01T00:00:00'),
    ('必备素质', 'Essential skills', '2026-01-01T00:00:00'),
    ('应用技术及公司产品', 'Applied technology and our products', '2026-01-01T00:00:00');

CREATE TABLE training_programs (
    id               INTEGER PRIMARY KEY,
    title            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    category_id      INTEGER NOT NULL REFERENCES training_categories (id) ON DELETE RESTRICT,
    description      TEXT NOT NULL DEFAULT '',
    -- NULL: attending is enough
    pass_mark        INTEGER CHECK (pass_mark BETWEEN 0 AND 100),
    -- the promotion this training prepares (the T-7 sales training of 五一)
    campaign_id      INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    -- mandatory staff must have completed it by then
    due_on           TEXT,
    created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL
) STRICT;

-- Mandatory for these roles (none: an optional program) …
CREATE TABLE program_roles (
    program_id INTEGER NOT NULL REFERENCES training_programs (id) ON DELETE CASCADE,
    role_id    INTEGER NOT NULL REFERENCES staff_roles (id) ON DELETE RESTRICT,
    PRIMARY KEY (program_id, role_id)
) STRICT, WITHOUT ROWID;

-- … in these regions (none: every region).
CREATE TABLE program_regions (
    program_id INTEGER NOT NULL REFERENCES training_programs (id) ON DELETE CASCADE,
    region_id  INTEGER NOT NULL REFERENCES regions (id) ON DELETE RESTRICT,
    PRIMARY KEY (program_id, region_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_sessions (
    id               INTEGER PRIMARY KEY,
    program_id       INTEGER NOT NULL REFERENCES training_programs (id) ON DELETE CASCADE,
    on_date          TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL CHECK (ends_at > starts_at),
    -- where it is held (NULL: head office / online)
    region_id        INTEGER REFERENCES regions (id) ON DELETE RESTRICT,
    location         TEXT NOT NULL DEFAULT '',
    trainer          TEXT NOT NULL DEFAULT '',
    capacity         INTEGER CHECK (capacity > 0),
    status           TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    created_batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX training_sessions_by_date ON training_sessions (on_date);
CREATE INDEX training_sessions_by_program ON training_sessions (program_id);

-- Who is enrolled, in the order they were (seq): the first `capacity` have a place, the rest
-- wait, and a freed place goes to the first waiting.
CREATE TABLE enrolments (
    session_id INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (session_id, staff_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX enrolments_by_staff ON enrolments (staff_id);

CREATE TABLE attendance (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
    staff_id   INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    mark       TEXT NOT NULL CHECK (mark IN ('present', 'late', 'absent', 'excused')),
    score      INTEGER CHECK (score BETWEEN 0 AND 100),
    remark     TEXT NOT NULL DEFAULT '',
    batch_id   INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    UNIQUE (session_id, staff_id)
) STRICT;
CREATE INDEX attendance_by_staff ON attendance (staff_id);
