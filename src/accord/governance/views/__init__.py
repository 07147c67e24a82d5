"""Governance pages, split by subject."""
