"""JSON-LD that tells search engines what each page is.

Every page describes the practice as a `ProfessionalService` (never
`Physician` or `MedicalClinic`: the practice offers therapy, and ketamine is
prescribed by separate medical providers). Inner pages add a
`BreadcrumbList`; the FAQ page adds a `FAQPage` built from its own `###`
questions and the text under each. All facts come from `data/practice.yml`
and all addresses from `PUBLIC_URL`, so nothing is typed twice.
"""
import json

from bs4 import BeautifulSoup
from markupsafe import Markup
from pelican import signals

DEFAULT_FAQ_SLUGS = ("faq",)
HOME_SLUG = "index"
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def absolute(public_url, page_url):
    return f"{public_url}/{page_url}"


def practice_entity(settings):
    facts = settings["FACTS"]
    practice, therapist = facts["practice"], facts["therapist"]
    public_url = settings["PUBLIC_URL"]
    return {
        "@type": "ProfessionalService",
        "@id": f"{public_url}/#practice",
        "name": practice["name"],
        "description": f"{practice['service']} ({practice['service_short']}) with {therapist['name']}, "
        f"{therapist['credentials']}.",
        "url": f"{public_url}/",
        "sameAs": [practice["website"]],
        "address": {
            "@type": "PostalAddress",
            "addressLocality": practice["city"],
            "addressRegion": practice["state_code"],
            "addressCountry": practice["country"],
        },
        "areaServed": [{"@type": "State", "name": state} for state in practice["states_served"]],
        "employee": {"@type": "Person", "name": therapist["name"], "jobTitle": therapist["credentials"]},
    }


def breadcrumbs(page, settings):
    public_url = settings["PUBLIC_URL"]
    home = {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{public_url}/"}
    here = {"@type": "ListItem", "position": 2, "name": _plain(page.title), "item": absolute(public_url, page.url)}
    return {"@type": "BreadcrumbList", "itemListElement": [home, here]}


def faq_entity(page):
    """One Question per question heading, answered by the text up to the next
    heading. The questions are the `###` headings when the page groups them
    under `##` headings (issue 21), else the `##` headings.

    Reads the page's HTML before Pelican resolves its links (`_content`):
    only the words matter here, and resolving links this early would happen
    before the static files are known.
    """
    soup = BeautifulSoup(page._content, "html.parser")
    questions = []
    level = "h3" if soup.find("h3") else "h2"
    for heading in soup.find_all(level):
        answer = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", level):
                break
            answer.append(sibling.get_text(" ", strip=True))
        questions.append(
            {
                "@type": "Question",
                "name": heading.get_text(" ", strip=True),
                "acceptedAnswer": {"@type": "Answer", "text": " ".join(part for part in answer if part)},
            }
        )
    return {"@type": "FAQPage", "mainEntity": questions}


def structured_data_for(page, settings):
    """The page's JSON-LD graph as Python data."""
    graph = [practice_entity(settings)]
    if page.slug != HOME_SLUG and getattr(page, "status", "published") == "published":
        graph.append(breadcrumbs(page, settings))
    if page.slug in settings.get("FAQ_PAGE_SLUGS", DEFAULT_FAQ_SLUGS):
        graph.append(faq_entity(page))
    return {"@context": "https://schema.org", "@graph": graph}


def as_script_text(data):
    """JSON safe to place inside <script>: no "</script>" or "<!--" can appear,
    and no line separator that older script parsers would end a line at."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(SCRIPT_SAFE))


def _plain(html):
    return Markup(html).striptags()


def add_structured_data(generator):
    for page in [*generator.pages, *generator.hidden_pages]:
        page.structured_data = as_script_text(structured_data_for(page, generator.settings))


def register():
    signals.page_generator_finalized.connect(add_structured_data)
