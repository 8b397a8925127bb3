-- 0010: budget 预算 and expenses 费用 — plans in lines, revisions, expense requests with
-- their approval and reimbursement, evidence kept inside the data file.
-- Money is integer fen; dates ISO-8601 TEXT.

INSERT INTO batch_kinds (kind) VALUES ('budget'), ('expenses');

-- 广告 / 促销 / 物料 / 培训 / 会议 / 调研 / 差旅 / 其他, and what the user adds. A category that
-- needs evidence cannot be reimbursed without it (促销 and 物料 by default).
CREATE TABLE budget_categories (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name_en        TEXT NOT NULL DEFAULT '',
    needs_evidence INTEGER NOT NULL DEFAULT 0 CHECK (needs_evidence IN (0, 1)),
    created_at     TEXT NOT NULL
) STRICT;

INSERT INTO budget_categories (name, name_en, needs_evidence, created_at) VALUES
    ('广告', 'Advertising', 0, '2026-01-01T00:00:00'),
    ('促销', 'Promotion', 1, '2026-01-01T00:00:00'),
    ('物料', 'Materials', 1, '2026-01-01T00:00:00'),
    ('培训', 'Training', 0, '2026-01-01T00:00:00'),
    ('会议', 'Meetings', 0, '2026-01-01T00:00:00'),
    ('调研', 'Research', 0, '2026-01-01T00:00:00'),
    ('差旅', 'Travel', 0, '2026-01-01T00:00:00'),
    ('其他', 'Other', 0, '2026-01-01T00:00:00');

-- One plan per fiscal year. Approving it locks the baseline; later changes are revisions.
CREATE TABLE budget_plans (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL UNIQUE,
    policy      TEXT NOT NULL DEFAULT 'warn' CHECK (policy IN ('warn', 'stop')),
    approved_at TEXT,
    approved_by TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;

-- A line: period (2026 / 2026Q2 / 2026-05, with its first and last day), category, region
-- and campaign (NULL: any). baseline_fen is the amount when the plan was approved (NULL for a
-- line added after).
CREATE TABLE budget_lines (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES budget_plans (id) ON DELETE CASCADE,
    period       TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    category_id  INTEGER NOT NULL REFERENCES budget_categories (id) ON DELETE RESTRICT,
    region_id    INTEGER REFERENCES regions (id) ON DELETE RESTRICT,
    campaign_id  INTEGER REFERENCES campaigns (id) ON DELETE RESTRICT,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    baseline_fen INTEGER CHECK (baseline_fen >= 0),
    note         TEXT NOT NULL DEFAULT '',
    batch_id     INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX budget_lines_key
    ON budget_lines (plan_id, period, category_id, ifnull(region_id, 0), ifnull(campaign_id, 0));

-- A change to a line of an approved plan: old and new amount, why, when.
CREATE TABLE budget_revisions (
    id         INTEGER PRIMARY KEY,
    line_id    INTEGER NOT NULL REFERENCES budget_lines (id) ON DELETE CASCADE,
    old_fen    INTEGER NOT NULL,
    new_fen    INTEGER NOT NULL,
    reason     TEXT NOT NULL CHECK (reason <> ''),
    batch_id   INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    revised_at TEXT NOT NULL
) STRICT;
CREATE INDEX budget_revisions_by_line ON budget_revisions (line_id);

-- An expense request. 一户一报: one payee per request. Nothing is paid without approval:
-- the CHECKs and the trigger below hold it whatever writes the row.
CREATE TABLE expenses (
    id            INTEGER PRIMARY KEY,
    spent_on      TEXT NOT NULL,
    staff_id      INTEGER REFERENCES staff (id) ON DELETE SET NULL,
    requester     TEXT NOT NULL,
    region_id     INTEGER REFERENCES regions (id) ON DELETE RESTRICT,
    campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE RESTRICT,
    category_id   INTEGER NOT NULL REFERENCES budget_categories (id) ON DELETE RESTRICT,
    payee         TEXT NOT NULL CHECK (payee <> ''),
    description   TEXT NOT NULL DEFAULT '',
    requested_fen INTEGER NOT NULL CHECK (requested_fen > 0),
    approved_fen  INTEGER CHECK (approved_fen IS NULL OR (approved_fen > 0 AND approved_fen <= requested_fen)),
    paid_fen      INTEGER CHECK (paid_fen IS NULL OR (paid_fen > 0 AND approved_fen IS NOT NULL AND paid_fen <= approved_fen)),
    status        TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'submitted', 'approved', 'reimbursed', 'rejected', 'cancelled')),
    submitted_on  TEXT,
    approver      TEXT NOT NULL DEFAULT '',
    approved_on   TEXT,
    paid_on       TEXT,
    reason        TEXT NOT NULL DEFAULT '',
    batch_id      INTEGER REFERENCES import_batches (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (status NOT IN ('approved', 'reimbursed') OR approved_fen IS NOT NULL),
    CHECK (status <> 'reimbursed' OR paid_fen IS NOT NULL),
    CHECK (status NOT IN ('draft', 'submitted', 'rejected') OR (approved_fen IS NULL AND paid_fen IS NULL)),
    CHECK (paid_fen IS NULL OR status = 'reimbursed')
) STRICT;
CREATE INDEX expenses_by_date ON expenses (spent_on);
CREATE INDEX expenses_by_campaign ON expenses (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX expenses_by_batch ON expenses (batch_id) WHERE batch_id IS NOT NULL;

-- A request becomes reimbursed only from approved (an import may write a reimbursed row as
-- it happened, with its approved amount; an update may not skip the approval).
CREATE TRIGGER expenses_reimbursed_only_when_approved
BEFORE UPDATE OF status ON expenses
WHEN NEW.status = 'reimbursed' AND OLD.status NOT IN ('approved', 'reimbursed')
BEGIN
    SELECT RAISE(ABORT, 'expense_not_approved');
END;

-- 凭证: invoices, receipts and photos of the activity, kept inside the data file (a backup of
-- the file carries them), with a small PNG thumbnail for pictures.
CREATE TABLE expense_evidence (
    id         INTEGER PRIMARY KEY,
    expense_id INTEGER NOT NULL REFERENCES expenses (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('invoice', 'receipt', 'photo', 'other')),
    file_name  TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    thumb_png  BLOB,
    added_at   TEXT NOT NULL
) STRICT;
CREATE INDEX expense_evidence_by_expense ON expense_evidence (expense_id);
