from .page_functions import page_functions
from .register import Fact, Register, load_register

__all__ = ["Fact", "Register", "load_register", "page_functions"]
