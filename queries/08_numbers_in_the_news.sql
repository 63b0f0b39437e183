-- Which numbers do the texts state about troops, people and exercises?
-- Every quantity with its unit and what it counts, with the sentence that states it.
SELECT d.published_on, q.value, q.unit, q.about, q.quantity_text, s.text AS sentence
FROM core.quantities q
JOIN core.sentences s USING (doc_id, sentence_no)
JOIN core.documents d USING (doc_id)
WHERE q.unit IN ('people', 'troops', 'servicemen', 'exercises', 'personnel')
ORDER BY d.published_on NULLS LAST, q.value DESC;
