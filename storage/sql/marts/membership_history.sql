-- Per state and organisation, the membership actions in date order (undated statements
-- last), each with the articles that state it.
--
-- Columns (become COMMENT ON COLUMN and the data dictionary; keep in step with the SELECT):
-- column country_code: ISO 3166-1 alpha-3 code of the state.
-- column country_id: entity_id of the state, when resolved.
-- column country_name: Canonical name of the state (its code when unresolved).
-- column organization_name: Canonical name of the treaty or organisation.
-- column organization_id: entity_id of the treaty or organisation, when resolved.
-- column action: founding_signatory, joined, withdrew, suspended, reduced_participation, observer, partner or member.
-- column date_start: When it happened, where stated; NULL when no article dates it.
-- column date_precision: day, month or year.
-- column step: 1-based order of the action for this state and organisation (dated actions first).
-- column n_statements: Number of sentences that state it.
-- column doc_ids: The articles that state it (core.documents.doc_id), sorted.
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
