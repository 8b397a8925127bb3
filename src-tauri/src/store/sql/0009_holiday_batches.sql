-- 0009: holiday calendars come in as import batches like every other file (preview, one
-- batch, undo): the holidays a batch added or changed carry it.
INSERT INTO batch_kinds (kind) VALUES ('holidays');
ALTER TABLE holidays ADD COLUMN batch_id INTEGER REFERENCES import_batches (id) ON DELETE SET NULL;
