-- Search at scale: a trigram index over the folded search column, so
-- LIKE '%word%' reads the index instead of every resident. (SQLite uses an
-- FTS5 trigram table for the same; search indexes are store-specific and
-- left out of the schema twin test.) pg_trgm is a trusted extension: the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX residents_search_trgm ON residents USING gin (search_key gin_trgm_ops);
