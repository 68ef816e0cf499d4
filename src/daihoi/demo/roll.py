"""Demo loader for the roll; the data and the loading live with the organizations app."""

from daihoi.organizations.demo import load

__all__ = ["load"]
