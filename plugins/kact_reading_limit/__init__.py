from .reading_limit import TookTooLong, register, time_limit

__all__ = ["TookTooLong", "register", "time_limit"]
