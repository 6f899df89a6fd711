"""Source adapters: the legacy ERP, the order system and the ticket system.

Connectors know nothing of the store or of Qt (a test enforces it). Each is configured from a
TOML section and yields normalized records page by page, with the bookmark that resumes right
after each page. Connector types register through the entry-point group below, the same way a
call center adds its own.
"""

ENTRY_POINT_GROUP = "agent_desk.connectors"
