"""Near-duplicate clusters of syndicated copies, with a deterministic canonical original."""
