from .facts import register, render_text, text_sandbox

__all__ = ["register", "render_text", "text_sandbox"]
