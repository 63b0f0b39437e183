-- Who held which position in which organisation or state: the earliest and latest date at
-- which the corpus attests it (tenure start where stated, else the article's date) and the
-- articles that say so. One row per person, position and body.
--
-- Columns (become COMMENT ON COLUMN and the data dictionary; keep in step with the SELECT):
-- column holder_key: The person's entity_id, or 'name:' and the name when unresolved; groups the rows of one person.
-- column person_id: entity_id of the person, when resolved.
-- column person_name: Canonical name of the person.
-- column position: Normalised title, e.g. Secretary General.
-- column organization_id: entity_id of the organisation or state, when resolved.
-- column organization_name: Canonical name of the organisation or state.
-- column qualifiers: acting, former, deputy, elected or re-elected, as the texts qualify the tenure; NULL when none.
-- column earliest_attested: Earliest date the corpus attests the tenure (stated start, else the article's date).
-- column latest_attested: Latest date the corpus attests the tenure (the article's date, else the stated start).
-- column stated_start: Earliest start of tenure that a text states; NULL when none does.
-- column n_statements: Number of sentences that state it.
-- column doc_ids: The articles that state it (core.documents.doc_id), sorted.
CREATE VIEW marts.office_holders AS
SELECT
    coalesce(p.person_id, 'name:' || p.person_name)            AS holder_key,
    any_value(p.person_id)                                      AS person_id,
    coalesce(any_value(e.name), min(p.person_name))             AS person_name,
    p.position,
    any_value(p.organization_id)                                AS organization_id,
    p.organization_name,
    list(DISTINCT p.qualifier) FILTER (WHERE p.qualifier IS NOT NULL) AS qualifiers,
    min(coalesce(p.start_date, p.as_of))                        AS earliest_attested,
    max(coalesce(p.as_of, p.start_date))                        AS latest_attested,
    min(p.start_date)                                           AS stated_start,
    count(*)                                                    AS n_statements,
    list(DISTINCT p.doc_id ORDER BY p.doc_id)                   AS doc_ids
FROM core.positions p
LEFT JOIN core.entities e ON e.entity_id = p.person_id
GROUP BY holder_key, p.position, p.organization_name
ORDER BY person_name, earliest_attested NULLS LAST;
