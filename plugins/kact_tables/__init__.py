from .tables import register

__all__ = ["register"]
