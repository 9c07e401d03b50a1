"""Enrichment of attributed quotes: claim type (:mod:`.claims`) and statement date (:mod:`.dates`)."""
