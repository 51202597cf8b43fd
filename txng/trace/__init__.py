"""Trace back and forward along the lineage capture writes (issue: trace and recalls)."""
