"""Negotiation tracker: a dated timeline of meetings, agreements, demands, proposals, conditions
and disputes between parties, read from canonical events (see tracker.py)."""
from whimbrel.negotiation.parties import party_problem, store_countries
from whimbrel.negotiation.tracker import negotiation_timeline

__all__ = ["negotiation_timeline", "party_problem", "store_countries"]
