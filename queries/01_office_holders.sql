-- Who held which office when?
-- One row per person, position and body, with the earliest and latest date the corpus
-- attests the tenure and how many sentences say so (undated attestations last).
SELECT person_name, position, organization_name, qualifiers,
       earliest_attested, latest_attested, n_statements
FROM marts.office_holders
ORDER BY organization_name, position, earliest_attested NULLS LAST, person_name;
