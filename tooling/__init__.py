"""Helpers behind the invoke tasks in tasks.py: build, swap in, serve."""
