"""Ops pages and actions: workflow state joined to the case records (issue #8)."""
