"""Loopback servers that follow each vendor's documented API contract.

They serve the demo generator's output to the real connectors (``agent-desk demo load``) and
are what the connector contract tests run against. Only 127.0.0.1; no internet is ever used.
"""
