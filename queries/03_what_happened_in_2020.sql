-- What happened in 2020?
-- Every distinct happening dated inside 2020 (merged across articles), in date order;
-- year-precision dates sort first as 2020-01-01.
SELECT date_start, date_end, date_precision, event_type, participant_names, summary, n_documents
FROM marts.timeline
WHERE date_start <= DATE '2020-12-31' AND date_end >= DATE '2020-01-01'
ORDER BY date_start, event_type;
