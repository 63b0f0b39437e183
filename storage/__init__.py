"""Storage machinery of the warehouse, free of Dagster: tables passed between steps as
parts on disk, the extraction cache and the spaCy cache (content-addressed files under
$WAREHOUSE_DIR/.cache), the writer of the published DuckDB file with its comments and
full-text index, and giving freed heap back to the operating system. The asset modules
call it; it never imports them."""
