"""The browser editor: `make edit` on this computer, and its online mode in the
public site.
"""
