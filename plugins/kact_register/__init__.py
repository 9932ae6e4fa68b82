from .page_functions import page_functions
from .register import Fact, Register, load_register
from .time_limits import TimeLimit, date_words, load_time_limits
from .usage import covers, facts_used, guarded_names

__all__ = ["Fact", "Register", "TimeLimit", "covers", "date_words", "facts_used", "guarded_names", "load_register",
           "load_time_limits", "page_functions"]
