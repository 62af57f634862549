-- Search at scale: a trigram full-text index over the folded search column,
-- kept in step with residents by triggers. A name search then reads the
-- index instead of every resident. (PostgreSQL uses a pg_trgm index for the
-- same; search indexes are store-specific and left out of the schema twin
-- test.)
CREATE VIRTUAL TABLE residents_search USING fts5(
    search_key, content = 'residents', content_rowid = 'id', tokenize = 'trigram');

CREATE TRIGGER residents_search_insert AFTER INSERT ON residents BEGIN
    INSERT INTO residents_search (rowid, search_key) VALUES (new.id, new.search_key);
END;

CREATE TRIGGER residents_search_delete AFTER DELETE ON residents BEGIN
    INSERT INTO residents_search (residents_search, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
END;

CREATE TRIGGER residents_search_update AFTER UPDATE OF search_key ON residents BEGIN
    INSERT INTO residents_search (residents_search, rowid, search_key)
        VALUES ('delete', old.id, old.search_key);
    INSERT INTO residents_search (rowid, search_key) VALUES (new.id, new.search_key);
END;

INSERT INTO residents_search (residents_search) VALUES ('rebuild');
