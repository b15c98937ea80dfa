"""Quality signals and content-farm forensics, each with its evidence."""

from newssift.assess.assessment import Assessment, assess

__all__ = ["Assessment", "assess"]
