from .reading_limit import register

__all__ = ["register"]
