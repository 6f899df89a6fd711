"""Services: what the UI, the CLI and the reports call. Plain Python, no Qt."""
