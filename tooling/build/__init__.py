"""Building the site: Pelican run into a staging folder and swapped in only when
clean, and the plain words for whatever stops a build.
"""
