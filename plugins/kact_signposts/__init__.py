from .signposts import register

__all__ = ["register"]
