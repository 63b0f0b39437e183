-- One row per distinct dated happening across all articles: the reports that
-- core.events links by happening_id (same type, same dates, agreeing participants)
-- are merged, with every article that attests it. Ordered by date.
--
-- Columns (become COMMENT ON COLUMN and the data dictionary; keep in step with the SELECT):
-- column happening_id: The happening (core.events.happening_id).
-- column date_start: First day of the happening (earliest over its reports).
-- column date_end: Last day of the happening (latest over its reports).
-- column date_precision: day, month or year.
-- column event_type: One of the 16 event types of the contract.
-- column summary: The shortest sentence that reports it.
-- column participant_names: Canonical names of the participants, sorted.
-- column date_texts: The words that gave the date in each report.
-- column doc_ids: The articles that attest it (core.documents.doc_id), sorted.
-- column n_documents: Number of articles that attest it.
-- column n_reports: Number of reports (core.events rows) merged into it.
CREATE VIEW marts.timeline AS
WITH reports AS (
    SELECT * FROM core.events WHERE date_start IS NOT NULL
),
names AS (
    SELECT r.happening_id, list(DISTINCT en.name ORDER BY en.name) AS participant_names
    FROM reports r
    CROSS JOIN LATERAL (SELECT unnest(r.participants) AS entity_id) p
    JOIN core.entities en ON en.entity_id = p.entity_id
    GROUP BY r.happening_id
)
SELECT
    r.happening_id,
    min(r.date_start) AS date_start,
    max(r.date_end) AS date_end,
    arg_min(r.date_precision, r.event_id) AS date_precision,
    arg_min(r.event_type, r.event_id) AS event_type,
    arg_min(r.summary, length(r.summary)) AS summary,
    coalesce(any_value(n.participant_names), []::VARCHAR[]) AS participant_names,
    list(DISTINCT r.date_text ORDER BY r.date_text) AS date_texts,
    list(DISTINCT r.doc_id ORDER BY r.doc_id) AS doc_ids,
    count(DISTINCT r.doc_id) AS n_documents,
    count(*) AS n_reports
FROM reports r
LEFT JOIN names n USING (happening_id)
GROUP BY r.happening_id
ORDER BY date_start, date_end, event_type, happening_id;
