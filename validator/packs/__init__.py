"""Rule packs: loading, linting and documenting them (their model is validator.rulepack)."""
