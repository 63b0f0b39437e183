-- What did the last run read, and what did it refuse?
-- Per published run: files seen, loaded, quarantined and duplicate, and rows refused by
-- validation (details in core.source_files.status_reason and audit.rejected_rows).
SELECT run_id, finished_at, files_seen, files_loaded, files_quarantined, files_duplicate,
       rows_rejected, pipeline_version
FROM audit.runs
ORDER BY finished_at DESC;
