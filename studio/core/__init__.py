"""Pure domain layer: models, rules, merge and diff. Imports nothing but the standard library."""
