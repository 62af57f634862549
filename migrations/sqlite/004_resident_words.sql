-- Search by word prefix: every word of a resident's folded search key (names,
-- BSN, postcode, birth date, e-mail) with the resident's municipality and
-- sort key (the first 24 characters of the search key: the name). A search walks this index in (word, sort_key) order and stops
-- after a page, so its cost does not grow with the number of residents that
-- match. It replaces the trigram index of 002, which had to collect and sort
-- every match. The rows are written by the store with each resident.
DROP TRIGGER residents_search_insert;
DROP TRIGGER residents_search_delete;
DROP TRIGGER residents_search_update;
DROP TABLE residents_search;

CREATE TABLE resident_words (
    word         TEXT NOT NULL,
    sort_key     TEXT NOT NULL,
    resident_id  INTEGER NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
    municipality TEXT NOT NULL,
    PRIMARY KEY (word, sort_key, resident_id)
) WITHOUT ROWID;
CREATE INDEX resident_words_by_resident ON resident_words (resident_id, word);

-- The list without a search term, in name order.
CREATE INDEX residents_by_name ON residents (last_name, first_name, id);

-- The words of the residents there are: the search key split at its single
-- spaces (fold_search_key leaves no others), and hyphenated words once more
-- at their hyphens.
INSERT OR IGNORE INTO resident_words (word, sort_key, resident_id, municipality)
WITH RECURSIVE split (id, municipality, sort_key, word, rest) AS (
    SELECT id, municipality, search_key, '',
           search_key || ' ' || replace(search_key, '-', ' ') || ' ' FROM residents
    UNION ALL
    SELECT id, municipality, sort_key, substr(rest, 1, instr(rest, ' ') - 1),
           substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> ''
)
SELECT word, substr(sort_key, 1, 24), id, municipality FROM split WHERE word <> ''
ORDER BY 1, 2, 3;
ANALYZE resident_words;
