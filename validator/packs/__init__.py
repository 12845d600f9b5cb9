"""Rule packs: loading, linting and documenting them (the model they load into is validator.rulepack)."""
