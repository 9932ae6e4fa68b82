from .references import ReturnLinksExtension, register

__all__ = ["ReturnLinksExtension", "register"]
