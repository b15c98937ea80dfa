"""Extracted text → body without boilerplate lines, every removed line kept with its reason."""

from newssift.clean.cleaner import Cleaned, clean

__all__ = ["Cleaned", "clean"]
