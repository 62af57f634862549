-- Search by word prefix: every word of a resident's folded search key (names,
-- BSN, postcode, birth date, e-mail) with the resident's municipality and
-- sort key (the first 24 characters of the search key: the name). A search walks this index in (word, sort_key) order and stops
-- after a page, so its cost does not grow with the number of residents that
-- match. It replaces the trigram index of 002, which had to collect and sort
-- every match. The rows are written by the store with each resident.
-- COLLATE "C" compares bytes, as SQLite does, so both stores order alike and
-- a prefix is a byte range.
DROP INDEX residents_search_trgm;

CREATE TABLE resident_words (
    word         TEXT COLLATE "C" NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    resident_id  BIGINT NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL,
    -- The municipality rides along in the index, so a search reads the
    -- index alone, as SQLite does in its WITHOUT ROWID table.
    PRIMARY KEY (word, sort_key, resident_id) INCLUDE (municipality)
);
CREATE INDEX resident_words_by_resident ON resident_words (resident_id, word);

-- The list without a search term, in name order.
CREATE INDEX residents_by_name ON residents (last_name, first_name, id);

-- The words of the residents there are: the search key split at its single
-- spaces (fold_search_key leaves no others), and hyphenated words once more
-- at their hyphens.
INSERT INTO resident_words (word, sort_key, resident_id, municipality)
SELECT DISTINCT w, substr(r.search_key, 1, 24), r.id, r.municipality
FROM residents r,
     unnest(string_to_array(r.search_key || ' ' || replace(r.search_key, '-', ' '), ' ')) AS w
WHERE w <> '';
ANALYZE resident_words;
