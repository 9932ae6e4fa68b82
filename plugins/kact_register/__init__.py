from .page_functions import page_functions
from .register import Fact, Register, load_register
from .usage import covers, facts_used, guarded_names

__all__ = ["Fact", "Register", "covers", "facts_used", "guarded_names", "load_register", "page_functions"]
