"""Discover the observed organization from event logs (the ``discover`` extra).

Reads ticket and CRM event logs (CSV, Parquet, JSON Lines, Jira changelogs,
Zendesk ticket audits), computes the handover-of-work network with DuckDB
(embedded) or on a Dask cluster, maps resources to roles and hand-overs to
flows, writes an organization model of what was observed, and compares it
with the declared one (the drift report). See docs/discover.md.
"""

from __future__ import annotations
