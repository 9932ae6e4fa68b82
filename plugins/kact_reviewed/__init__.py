from .reviewed import register

__all__ = ["register"]
