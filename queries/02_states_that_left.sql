-- Which states left the CSTO (or the Collective Security Treaty before it), and when?
-- Withdrawals and suspensions per state, in date order, with the articles that say so.
SELECT country_name, country_code, organization_name, action, date_start, date_precision, doc_ids
FROM marts.membership_history
WHERE action IN ('withdrew', 'suspended')
  AND organization_name ILIKE 'Collective Security Treaty%'
ORDER BY date_start NULLS LAST, country_name;
