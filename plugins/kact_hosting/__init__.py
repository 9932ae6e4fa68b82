from .hosting import register

__all__ = ["register"]
