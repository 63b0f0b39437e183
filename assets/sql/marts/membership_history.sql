-- Per state and organisation, the membership actions in date order (undated statements
-- last), each with the articles that state it.
CREATE VIEW marts.membership_history AS
SELECT
    m.country_code,
    any_value(m.country_id)                                     AS country_id,
    coalesce(any_value(c.name), m.country_code)                 AS country_name,
    m.organization_name,
    any_value(m.organization_id)                                AS organization_id,
    m.action,
    m.date_start,
    any_value(m.date_precision)                                 AS date_precision,
    row_number() OVER (PARTITION BY m.country_code, m.organization_name
                       ORDER BY m.date_start NULLS LAST, m.action) AS step,
    count(*)                                                    AS n_statements,
    list(DISTINCT m.doc_id ORDER BY m.doc_id)                   AS doc_ids
FROM core.memberships m
LEFT JOIN core.entities c ON c.entity_id = m.country_id
GROUP BY m.country_code, m.organization_name, m.action, m.date_start
ORDER BY m.country_code, m.organization_name, m.date_start NULLS LAST, m.action;
