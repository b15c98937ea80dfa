"""The scripts that train newssift's shipped models (``python -m train.train_lines``, from
the repository root); each model's card in ``docs/models.md`` names its data and licence."""
