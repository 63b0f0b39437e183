-- One row per distinct dated happening across all articles: the reports that
-- core.events links by happening_id (same type, dates that fit one another - a year
-- holds its days - and agreeing participants or the same named object) are merged, with
-- every article that attests it. The happening is dated by its most precise reports and,
-- when those disagree, by the date most of them give (date_conflict says so). Ordered by date.
--
-- Columns (become COMMENT ON COLUMN and the data dictionary; keep in step with the SELECT):
-- column happening_id: The happening (core.events.happening_id).
-- column date_start: First day of the happening's date: the most precise date its reports give (the one most of them give when they disagree).
-- column date_end: Last day of the happening's date (same report as date_start).
-- column date_precision: day, month or year: the finest precision any of its reports gives.
-- column event_type: One of the 16 event types of the contract: the one most of its reports give (an exercise some texts call a training is one happening).
-- column summary: The shortest sentence that reports it.
-- column participant_names: Canonical names of the participants, sorted.
-- column date_texts: The words that gave the date in each report.
-- column doc_ids: The articles that attest it (core.documents.doc_id), sorted.
-- column n_documents: Number of articles that attest it.
-- column n_reports: Number of reports (core.events rows) merged into it.
-- column date_conflict: True when its most precise reports give different dates (two different days; or, for the founding of one named thing, two years at most two apart); date_start is then the date most of them give (the earliest on a tie), dates_seen lists them all.
-- column dates_seen: Every date its reports give, at their own precision (YYYY-MM-DD, YYYY-MM or YYYY), sorted.
-- column n_dates_agreeing: Number of reports at the finest precision that give the happening's date.
CREATE VIEW marts.timeline AS
WITH reports AS (
    SELECT *,
           CASE date_precision WHEN 'day' THEN 0 WHEN 'month' THEN 1 ELSE 2 END AS precision_rank,
           CASE
               WHEN date_precision = 'day' THEN strftime(date_start, '%Y-%m-%d')
               WHEN date_precision = 'month' THEN strftime(date_start, '%Y-%m')
               WHEN year(date_start) = year(date_end) THEN strftime(date_start, '%Y')
               ELSE strftime(date_start, '%Y') || '/' || strftime(date_end, '%Y')
           END AS date_seen
    FROM core.events WHERE date_start IS NOT NULL
),
finest AS (
    SELECT happening_id, date_start, date_end, date_precision, count(*) AS n_agreeing,
           count(*) OVER (PARTITION BY happening_id) AS n_finest_dates,
           row_number() OVER (PARTITION BY happening_id ORDER BY count(*) DESC, date_start, date_end) AS pick
    FROM reports r
    WHERE precision_rank = (SELECT min(x.precision_rank) FROM reports x WHERE x.happening_id = r.happening_id)
    GROUP BY happening_id, date_start, date_end, date_precision
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
    any_value(f.date_start) AS date_start,
    any_value(f.date_end) AS date_end,
    any_value(f.date_precision) AS date_precision,
    mode(r.event_type ORDER BY r.event_type) AS event_type,
    arg_min(r.summary, length(r.summary)) AS summary,
    coalesce(any_value(n.participant_names), []::VARCHAR[]) AS participant_names,
    list(DISTINCT r.date_text ORDER BY r.date_text) AS date_texts,
    list(DISTINCT r.doc_id ORDER BY r.doc_id) AS doc_ids,
    count(DISTINCT r.doc_id) AS n_documents,
    count(*) AS n_reports,
    any_value(f.n_finest_dates) > 1 AS date_conflict,
    list(DISTINCT r.date_seen ORDER BY r.date_seen) AS dates_seen,
    any_value(f.n_agreeing) AS n_dates_agreeing
FROM reports r
JOIN finest f ON f.happening_id = r.happening_id AND f.pick = 1
LEFT JOIN names n ON n.happening_id = r.happening_id
GROUP BY r.happening_id
ORDER BY date_start, date_end, event_type, happening_id;
