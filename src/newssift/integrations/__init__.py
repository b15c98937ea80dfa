"""newssift inside other tools' pipelines (each integration is an optional extra)."""
