-- How many exercises and operations were held or planned each year?
-- Counts of distinct happenings of type exercise, training or operation per year.
SELECT year(date_start) AS year, event_type, count(*) AS happenings
FROM marts.timeline
WHERE event_type IN ('exercise', 'training', 'operation')
GROUP BY ALL
ORDER BY year, event_type;
