"""Builds the category model file from the corpus (and caseworker-confirmed categories)."""
