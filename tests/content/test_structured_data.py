"""JSON-LD: valid, complete, and never claiming to be a medical clinic."""
import json

import pytest
from pelican.settings import read_settings

from tests.conftest import PAGES
from tests.site import ROOT

# A content-only push runs these (make test-content, tooling/workflow/change_scope.py).
pytestmark = pytest.mark.content

PUBLIC_URL = read_settings(str(ROOT / "pelicanconf.py"))["PUBLIC_URL"]
FORBIDDEN_TYPES = {"Physician", "MedicalClinic"}
INNER_PAGES = sorted(address for address in PAGES if address not in ("/", "/404.html"))


def graph_of(site, address):
    scripts = site.soup(address).find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{address} has {len(scripts)} JSON-LD blocks; expected one"
    try:
        data = json.loads(scripts[0].string)
    except (TypeError, json.JSONDecodeError) as error:
        pytest.fail(f"{address}: the JSON-LD is not valid JSON ({error})")
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def of_type(graph, kind):
    return [item for item in graph if item.get("@type") == kind]


def all_types(value):
    if isinstance(value, dict):
        found = {value["@type"]} if isinstance(value.get("@type"), str) else set(value.get("@type") or [])
        return found.union(*(all_types(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(all_types(item) for item in value))
    return set()


def test_every_page_describes_the_practice(site, address, facts):
    services = of_type(graph_of(site, address), "ProfessionalService")
    assert len(services) == 1
    practice = services[0]
    assert practice["name"] == facts["practice"]["name"]
    assert practice["url"] == PUBLIC_URL + "/"
    assert practice["address"] == {
        "@type": "PostalAddress",
        "addressLocality": facts["practice"]["city"],
        "addressRegion": facts["practice"]["state_code"],
        "addressCountry": facts["practice"]["country"],
    }
    assert [area["name"] for area in practice["areaServed"]] == ["Arizona", "Wisconsin"]


def test_never_a_physician_or_medical_clinic(site, address):
    types = all_types(graph_of(site, address))
    assert not types & FORBIDDEN_TYPES, f"{address} declares {types & FORBIDDEN_TYPES}"


@pytest.mark.parametrize("inner", INNER_PAGES)
def test_inner_pages_have_breadcrumbs_to_themselves(site, inner):
    crumbs = of_type(graph_of(site, inner), "BreadcrumbList")
    assert len(crumbs) == 1, f"{inner} has no BreadcrumbList"
    items = crumbs[0]["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[0]["item"] == PUBLIC_URL + "/"
    assert items[-1]["item"] == PUBLIC_URL + inner
    assert items[-1]["name"] == site.soup(inner).h1.get_text(strip=True)


def test_home_and_404_have_no_breadcrumbs(site):
    for address in ("/", "/404.html"):
        assert not of_type(graph_of(site, address), "BreadcrumbList"), address


def test_faq_page_lists_every_question_with_an_answer(site):
    faqs = of_type(graph_of(site, "/faq/"), "FAQPage")
    assert len(faqs) == 1
    questions = faqs[0]["mainEntity"]
    headings = [h3.get_text(" ", strip=True) for h3 in site.soup("/faq/").select("main .app-prose h3")]
    assert headings, "the FAQ page has no ### questions"
    assert [question["name"] for question in questions] == headings
    for question in questions:
        assert question["@type"] == "Question"
        assert question["acceptedAnswer"]["@type"] == "Answer"
        assert len(question["acceptedAnswer"]["text"]) > 20, f"no answer for {question['name']!r}"


def test_only_the_faq_page_is_an_faq(site, address):
    if address != "/faq/":
        assert not of_type(graph_of(site, address), "FAQPage")
