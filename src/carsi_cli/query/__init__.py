"""Queries, pure: a FactSheet and filters in, records out (lookups, funding and its notes,
search and ranking, completion)."""
