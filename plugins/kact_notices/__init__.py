from .notices import register

__all__ = ["register"]
