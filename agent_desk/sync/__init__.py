"""The sync engine: connectors into the store, page by page, resumable."""
