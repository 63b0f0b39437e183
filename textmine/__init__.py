PIPELINE_VERSION = "0.1.0"
"""Version of the extraction rules; bump it when output for the same input changes."""
