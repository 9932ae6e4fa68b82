from .facts import register

__all__ = ["register"]
