"""daihoi — run a Vietnamese Party organization's congress end to end."""

__version__ = "0.1.0"
