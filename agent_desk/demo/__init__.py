"""Deterministic demo data: a legacy ERP export, Shopify orders and Zendesk tickets for N persons.

``generate(out_dir, customers, seed, as_of)`` writes the files the connectors read, plus
``truth.csv`` (which source record belongs to which person) for testing identity resolution.
See :mod:`agent_desk.demo.generator`.
"""

from agent_desk.demo.generator import generate
from agent_desk.demo.summary import DemoError, DemoSummary, GenerationCancelled

__all__ = ["DemoError", "DemoSummary", "GenerationCancelled", "generate"]
