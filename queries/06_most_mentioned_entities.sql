-- Who and what do the texts talk about most?
-- The 20 most mentioned entities with their type, the span of dated articles that
-- mention them and the entities they share sentences with most.
SELECT name, entity_type, n_mentions, n_documents,
       first_dated_appearance, last_dated_appearance, top_cooccurring
FROM marts.entity_profile
WHERE n_mentions > 0
ORDER BY n_mentions DESC, name
LIMIT 20;
