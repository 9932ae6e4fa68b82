"""What the plugins and tooling/ both use: the problem type and its report, the
YAML loader, text as a check reads it, the project root and the system programs.

The lowest layer: it imports no other package of the project, and is no
Pelican plugin of its own (it has no register()).
"""
