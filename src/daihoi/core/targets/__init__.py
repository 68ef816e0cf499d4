"""Targets of a congress resolution: extraction from text, yearly quality rating, progress (no Django)."""
