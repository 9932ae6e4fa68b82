from .minify import register

__all__ = ["register"]
