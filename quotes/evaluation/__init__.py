"""Figures against gold annotations (SPEC section 5)."""
