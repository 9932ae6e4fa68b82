from .navigation import register

__all__ = ["register"]
