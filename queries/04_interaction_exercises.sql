-- Every sentence that mentions the Interaction exercises.
-- Full-text search (BM25, English stemming) over search.sentences, joined back to the
-- article; provenance_ok proves the sentence is exactly those characters of its file.
SELECT d.published_on, d.title, s.sentence_no, hit.score, s.text,
       substr(f.content, s.char_start + 1, s.char_end - s.char_start) = s.text AS provenance_ok
FROM (SELECT doc_id, sentence_no, fts_search_sentences.match_bm25(sentence_key, 'Interaction') AS score
      FROM search.sentences) hit
JOIN core.sentences s USING (doc_id, sentence_no)
JOIN core.documents d USING (doc_id)
JOIN core.source_files f ON f.file_id = d.file_id
WHERE hit.score IS NOT NULL AND s.text LIKE '%Interaction%'
ORDER BY d.published_on NULLS LAST, s.sentence_no;
