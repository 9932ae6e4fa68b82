"""What page Markdown may call besides the facts themselves:

- `{% if confirmed("costs") %} ... {% else %} ... {% endif %}` shows a
  section only once every fact in the group is filled in and confirmed;
- `{{ reference("fda_ketamine_alert") }}` writes a reference from
  data/sources.yml, so each outside address is typed once.
"""
import jinja2
import markupsafe


def page_functions(settings):
    status = settings.get("FACT_STATUS", {})
    sources = settings.get("FACT_SOURCES", {})

    def confirmed(name):
        found = [ok for path, ok in status.items() if path == name or path.startswith(name + ".")]
        if not found:
            raise jinja2.UndefinedError(f"no fact or group called {name} for confirmed()")
        return all(found)

    def reference(source_id):
        source = sources.get(source_id)
        if source is None:
            raise jinja2.UndefinedError(f"no source called {source_id} in data/sources.yml")
        parts = [source.get("publisher"), source["title"], source.get("date")]
        words = " ".join(f"{markupsafe.escape(part).rstrip('.')}." for part in parts if part)
        url = markupsafe.escape(source["url"])
        return markupsafe.Markup(f"{words} [{url}]({url})")

    return {"confirmed": confirmed, "reference": reference}
