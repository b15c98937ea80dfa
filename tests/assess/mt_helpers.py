"""A tiny document-level MT model file, written the way the trainer writes one, for the tests."""

import numpy as np

from newssift.assess.mt_features import PROFILE_NAMES
from newssift.assess.mt_model import DocModel, lookup_file_arrays


def tiny_model(path, families, terms, stored: bool = False, with_profile: bool = False) -> DocModel:
    """Terms named ``w …`` (words), ``s …`` (skeleton), ``c…`` (chars); ``stored`` adds the
    lookup arrays of a current model file, ``with_profile`` the style-profile weights."""
    rng = np.random.default_rng(0)
    fam = np.array(
        [families.index({"w": "words", "s": "skeleton", "c": "chars"}[t[0]]) for t in terms]
    )
    extra = lookup_file_arrays(families, terms, fam) if stored else {}
    if with_profile:
        d = len(PROFILE_NAMES)
        extra.update(
            profile_names=np.array(PROFILE_NAMES, dtype=str),
            profile_mean=np.zeros(d),
            profile_scale=np.ones(d),
            profile_weights=np.random.default_rng(5).normal(0, 1, d),
            common_words=np.array(["the", "plan"], dtype=str),
        )
    np.savez_compressed(
        path,
        **extra,
        format=np.array(["doc-v2"]),
        families=np.array(families, dtype=str),
        terms=np.array(terms, dtype=str),
        family=fam.astype(np.int8),
        idf=rng.uniform(1, 3, len(terms)).astype(np.float32),
        weights=rng.normal(0, 1, len(terms)).astype(np.float32),
        bias=np.array([-0.2]),
        platt=np.array([1.0, 0.0]),
        note=np.array(["tiny"]),
    )
    return DocModel(path)
