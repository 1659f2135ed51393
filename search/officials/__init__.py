"""Officials: the registry (who is who, in every spelling), the matcher that finds them in text, lookups
over an index (who is mentioned, when, with whom), and suggestions of people the registry lacks."""

from .registry import Official, Registry, Role, default_registry, load_registry

__all__ = ["Official", "Registry", "Role", "default_registry", "load_registry"]
