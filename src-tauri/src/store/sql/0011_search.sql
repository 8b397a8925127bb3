-- 0011: one search across the areas (Ctrl+K). An FTS5 index with the trigram tokenizer
-- (Chinese has no spaces between words: any three characters in a row are findable), kept by
-- triggers on every table it covers. A record's row id in the index is its kind's base plus its
-- own id, so a change or a delete finds its entry without a scan.
--   1 brand · 2 product · 3 competitor activity · 4 battlecard · 5 campaign · 6 task
--   7 material · 8 person · 9 program · 10 session · 11 expense
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'trigram'
);

-- Brands.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 1000000000000 + id, 'brand', id, name, notes FROM brands;
CREATE TRIGGER search_brands_ai AFTER INSERT ON brands BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (1000000000000 + NEW.id, 'brand', NEW.id, NEW.name, NEW.notes);
END;
CREATE TRIGGER search_brands_au AFTER UPDATE OF name, notes ON brands BEGIN
    DELETE FROM search_index WHERE rowid = 1000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (1000000000000 + NEW.id, 'brand', NEW.id, NEW.name, NEW.notes);
END;
CREATE TRIGGER search_brands_ad AFTER DELETE ON brands BEGIN
    DELETE FROM search_index WHERE rowid = 1000000000000 + OLD.id;
END;

-- Products (with their brand's name).
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 2000000000000 + p.id, 'product', p.id, p.model, b.name || ' ' || p.category || ' ' || p.segment
    FROM products p JOIN brands b ON b.id = p.brand_id;
CREATE TRIGGER search_products_ai AFTER INSERT ON products BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (2000000000000 + NEW.id, 'product', NEW.id, NEW.model,
            (SELECT name FROM brands WHERE id = NEW.brand_id) || ' ' || NEW.category || ' ' || NEW.segment);
END;
CREATE TRIGGER search_products_au AFTER UPDATE OF model, brand_id, category, segment ON products BEGIN
    DELETE FROM search_index WHERE rowid = 2000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (2000000000000 + NEW.id, 'product', NEW.id, NEW.model,
            (SELECT name FROM brands WHERE id = NEW.brand_id) || ' ' || NEW.category || ' ' || NEW.segment);
END;
CREATE TRIGGER search_products_ad AFTER DELETE ON products BEGIN
    DELETE FROM search_index WHERE rowid = 2000000000000 + OLD.id;
END;

-- Competitor activities.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 3000000000000 + a.id, 'activity', a.id, b.name || ' ' || a.start_on, a.description || ' ' || a.source
    FROM competitor_activities a JOIN brands b ON b.id = a.brand_id;
CREATE TRIGGER search_activities_ai AFTER INSERT ON competitor_activities BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (3000000000000 + NEW.id, 'activity', NEW.id,
            (SELECT name FROM brands WHERE id = NEW.brand_id) || ' ' || NEW.start_on,
            NEW.description || ' ' || NEW.source);
END;
CREATE TRIGGER search_activities_au AFTER UPDATE ON competitor_activities BEGIN
    DELETE FROM search_index WHERE rowid = 3000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (3000000000000 + NEW.id, 'activity', NEW.id,
            (SELECT name FROM brands WHERE id = NEW.brand_id) || ' ' || NEW.start_on,
            NEW.description || ' ' || NEW.source);
END;
CREATE TRIGGER search_activities_ad AFTER DELETE ON competitor_activities BEGIN
    DELETE FROM search_index WHERE rowid = 3000000000000 + OLD.id;
END;

-- Battlecards (one per brand).
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 4000000000000 + c.brand_id, 'battlecard', c.brand_id, b.name,
           c.selling_points || ' ' || c.strengths || ' ' || c.weaknesses || ' ' || c.our_strategy
    FROM battlecards c JOIN brands b ON b.id = c.brand_id;
CREATE TRIGGER search_battlecards_ai AFTER INSERT ON battlecards BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (4000000000000 + NEW.brand_id, 'battlecard', NEW.brand_id,
            (SELECT name FROM brands WHERE id = NEW.brand_id),
            NEW.selling_points || ' ' || NEW.strengths || ' ' || NEW.weaknesses || ' ' || NEW.our_strategy);
END;
CREATE TRIGGER search_battlecards_au AFTER UPDATE ON battlecards BEGIN
    DELETE FROM search_index WHERE rowid = 4000000000000 + OLD.brand_id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (4000000000000 + NEW.brand_id, 'battlecard', NEW.brand_id,
            (SELECT name FROM brands WHERE id = NEW.brand_id),
            NEW.selling_points || ' ' || NEW.strengths || ' ' || NEW.weaknesses || ' ' || NEW.our_strategy);
END;
CREATE TRIGGER search_battlecards_ad AFTER DELETE ON battlecards BEGIN
    DELETE FROM search_index WHERE rowid = 4000000000000 + OLD.brand_id;
END;

-- Campaigns.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 5000000000000 + id, 'campaign', id, name, theme || ' ' || objectives || ' ' || notes || ' ' || owner FROM campaigns;
CREATE TRIGGER search_campaigns_ai AFTER INSERT ON campaigns BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (5000000000000 + NEW.id, 'campaign', NEW.id, NEW.name,
            NEW.theme || ' ' || NEW.objectives || ' ' || NEW.notes || ' ' || NEW.owner);
END;
CREATE TRIGGER search_campaigns_au AFTER UPDATE OF name, theme, objectives, notes, owner ON campaigns BEGIN
    DELETE FROM search_index WHERE rowid = 5000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (5000000000000 + NEW.id, 'campaign', NEW.id, NEW.name,
            NEW.theme || ' ' || NEW.objectives || ' ' || NEW.notes || ' ' || NEW.owner);
END;
CREATE TRIGGER search_campaigns_ad AFTER DELETE ON campaigns BEGIN
    DELETE FROM search_index WHERE rowid = 5000000000000 + OLD.id;
END;

-- Tasks.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 6000000000000 + id, 'task', id, title, owner FROM campaign_tasks;
CREATE TRIGGER search_tasks_ai AFTER INSERT ON campaign_tasks BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (6000000000000 + NEW.id, 'task', NEW.id, NEW.title, NEW.owner);
END;
CREATE TRIGGER search_tasks_au AFTER UPDATE OF title, owner ON campaign_tasks BEGIN
    DELETE FROM search_index WHERE rowid = 6000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (6000000000000 + NEW.id, 'task', NEW.id, NEW.title, NEW.owner);
END;
CREATE TRIGGER search_tasks_ad AFTER DELETE ON campaign_tasks BEGIN
    DELETE FROM search_index WHERE rowid = 6000000000000 + OLD.id;
END;

-- Materials.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 7000000000000 + id, 'material', id, item, owner FROM campaign_materials;
CREATE TRIGGER search_materials_ai AFTER INSERT ON campaign_materials BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (7000000000000 + NEW.id, 'material', NEW.id, NEW.item, NEW.owner);
END;
CREATE TRIGGER search_materials_au AFTER UPDATE OF item, owner ON campaign_materials BEGIN
    DELETE FROM search_index WHERE rowid = 7000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (7000000000000 + NEW.id, 'material', NEW.id, NEW.item, NEW.owner);
END;
CREATE TRIGGER search_materials_ad AFTER DELETE ON campaign_materials BEGIN
    DELETE FROM search_index WHERE rowid = 7000000000000 + OLD.id;
END;

-- People.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 8000000000000 + id, 'person', id, name, phone || ' ' || coalesce(employee_no, '') FROM staff;
CREATE TRIGGER search_staff_ai AFTER INSERT ON staff BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (8000000000000 + NEW.id, 'person', NEW.id, NEW.name, NEW.phone || ' ' || coalesce(NEW.employee_no, ''));
END;
CREATE TRIGGER search_staff_au AFTER UPDATE OF name, phone, employee_no ON staff BEGIN
    DELETE FROM search_index WHERE rowid = 8000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (8000000000000 + NEW.id, 'person', NEW.id, NEW.name, NEW.phone || ' ' || coalesce(NEW.employee_no, ''));
END;
CREATE TRIGGER search_staff_ad AFTER DELETE ON staff BEGIN
    DELETE FROM search_index WHERE rowid = 8000000000000 + OLD.id;
END;

-- Programs.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 9000000000000 + id, 'program', id, title, description FROM training_programs;
CREATE TRIGGER search_programs_ai AFTER INSERT ON training_programs BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (9000000000000 + NEW.id, 'program', NEW.id, NEW.title, NEW.description);
END;
CREATE TRIGGER search_programs_au AFTER UPDATE OF title, description ON training_programs BEGIN
    DELETE FROM search_index WHERE rowid = 9000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (9000000000000 + NEW.id, 'program', NEW.id, NEW.title, NEW.description);
END;
CREATE TRIGGER search_programs_ad AFTER DELETE ON training_programs BEGIN
    DELETE FROM search_index WHERE rowid = 9000000000000 + OLD.id;
END;

-- Sessions (by their program's title and day, place and trainer).
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 10000000000000 + s.id, 'session', s.id, p.title || ' ' || s.on_date, s.location || ' ' || s.trainer
    FROM training_sessions s JOIN training_programs p ON p.id = s.program_id;
CREATE TRIGGER search_sessions_ai AFTER INSERT ON training_sessions BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (10000000000000 + NEW.id, 'session', NEW.id,
            (SELECT title FROM training_programs WHERE id = NEW.program_id) || ' ' || NEW.on_date,
            NEW.location || ' ' || NEW.trainer);
END;
CREATE TRIGGER search_sessions_au AFTER UPDATE OF program_id, on_date, location, trainer ON training_sessions BEGIN
    DELETE FROM search_index WHERE rowid = 10000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (10000000000000 + NEW.id, 'session', NEW.id,
            (SELECT title FROM training_programs WHERE id = NEW.program_id) || ' ' || NEW.on_date,
            NEW.location || ' ' || NEW.trainer);
END;
CREATE TRIGGER search_sessions_ad AFTER DELETE ON training_sessions BEGIN
    DELETE FROM search_index WHERE rowid = 10000000000000 + OLD.id;
END;

-- Expenses.
INSERT INTO search_index (rowid, kind, ref_id, title, body)
    SELECT 11000000000000 + id, 'expense', id, payee, description || ' ' || requester || ' ' || spent_on FROM expenses;
CREATE TRIGGER search_expenses_ai AFTER INSERT ON expenses BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (11000000000000 + NEW.id, 'expense', NEW.id, NEW.payee,
            NEW.description || ' ' || NEW.requester || ' ' || NEW.spent_on);
END;
CREATE TRIGGER search_expenses_au AFTER UPDATE OF payee, description, requester, spent_on ON expenses BEGIN
    DELETE FROM search_index WHERE rowid = 11000000000000 + OLD.id;
    INSERT INTO search_index (rowid, kind, ref_id, title, body)
    VALUES (11000000000000 + NEW.id, 'expense', NEW.id, NEW.payee,
            NEW.description || ' ' || NEW.requester || ' ' || NEW.spent_on);
END;
CREATE TRIGGER search_expenses_ad AFTER DELETE ON expenses BEGIN
    DELETE FROM search_index WHERE rowid = 11000000000000 + OLD.id;
END;
