"""Pure helpers that know nothing of the domain models."""
