-- One row per entity: its aliases, how often and where it is mentioned, the first and last
-- publication dates of the articles that mention it, and the entities named most often in
-- the same sentences.
--
-- Columns (become COMMENT ON COLUMN and the data dictionary; keep in step with the SELECT):
-- column entity_id: The entity (core.entities.entity_id).
-- column name: Canonical name.
-- column entity_type: PERSON, ORGANIZATION, COUNTRY, LOCATION, EXERCISE, OPERATION, FORCE, DOCUMENT or MEDIA.
-- column country_code: ISO 3166-1 alpha-3 code for countries; else NULL.
-- column aliases: Every surface form seen in the texts.
-- column n_mentions: Number of mentions in core.mentions (0 when none).
-- column n_documents: Number of articles that mention it (0 when none).
-- column doc_ids: The articles that mention it (core.documents.doc_id), sorted; NULL when none.
-- column first_dated_appearance: Earliest publication date of an article that mentions it; NULL when none is dated.
-- column last_dated_appearance: Latest publication date of an article that mentions it; NULL when none is dated.
-- column top_cooccurring: Up to five entities named most often in the same sentences, as 'name (n sentences)'.
CREATE OR REPLACE VIEW marts.entity_profile AS
WITH mention_docs AS (
    SELECT m.entity_id, m.doc_id, d.published_on
    FROM core.mentions m JOIN core.documents d USING (doc_id)
),
per_entity AS (
    SELECT entity_id,
           count(*) AS n_mentions,
           count(DISTINCT doc_id) AS n_documents,
           list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
           min(published_on) AS first_dated_appearance,
           max(published_on) AS last_dated_appearance
    FROM mention_docs GROUP BY entity_id
),
pairs AS (
    SELECT a.entity_id, b.entity_id AS other_id, count(DISTINCT (a.doc_id, a.sentence_no)) AS n_sentences
    FROM core.mentions a
    JOIN core.mentions b ON a.doc_id = b.doc_id AND a.sentence_no = b.sentence_no AND a.entity_id <> b.entity_id
    GROUP BY a.entity_id, b.entity_id
),
ranked AS (
    SELECT p.entity_id, e.name, p.n_sentences,
           row_number() OVER (PARTITION BY p.entity_id ORDER BY p.n_sentences DESC, e.name) AS rank
    FROM pairs p JOIN core.entities e ON e.entity_id = p.other_id
),
top_cooccurring AS (
    SELECT entity_id, list(name || ' (' || n_sentences || ')' ORDER BY rank) AS top_cooccurring
    FROM ranked WHERE rank <= 5 GROUP BY entity_id
)
SELECT e.entity_id, e.name, e.entity_type, e.country_code, e.aliases,
       coalesce(p.n_mentions, 0) AS n_mentions,
       coalesce(p.n_documents, 0) AS n_documents,
       p.doc_ids,
       p.first_dated_appearance,
       p.last_dated_appearance,
       t.top_cooccurring
FROM core.entities e
LEFT JOIN per_entity p USING (entity_id)
LEFT JOIN top_cooccurring t USING (entity_id)
ORDER BY n_mentions DESC, e.name
