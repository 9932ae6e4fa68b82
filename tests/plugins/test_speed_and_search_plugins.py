"""The speed and search plugins, each on small inputs of its own."""
import json
from io import BytesIO
from types import SimpleNamespace

from bs4 import BeautifulSoup
from PIL import Image

from kact_minify.minify import minify_page
from kact_share_images.share_images import DEFAULT_COLOURS, draw_share_image, footer_line, share_picture
from kact_structured_data.structured_data import as_script_text, faq_entity, structured_data_for
from kact_stylesheet.stylesheet import combine, hashed_name, minify_css

PRACTICE = {"name": "Kaleidoscope Services", "city": "Chandler", "state": "Arizona", "state_code": "AZ",
            "states_served": ["Arizona", "Wisconsin"]}


def test_print_styles_are_kept_behind_their_media_query():
    css = minify_css(combine([("body { color: red; }", None), ("body { color: black; }", "print")]))
    assert css == "body{color:red}@media print{body{color:#000}}"


def test_stylesheet_name_changes_with_its_content():
    assert hashed_name("main", "a{}") != hashed_name("main", "b{}")
    assert hashed_name("main", "a{}") == hashed_name("main", "a{}")


def test_minified_pages_stay_readable_by_simple_parsers():
    html = "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>T</title>\n</head>\n<body>\n  <ul>\n    <li>One</li>\n    <li>Two</li>\n  </ul>\n</body>\n</html>\n"
    minified = minify_page(html)
    assert "\n" not in minified.strip()
    soup = BeautifulSoup(minified, "html.parser")
    assert soup.head is not None and soup.head.title.string == "T"
    assert [li.get_text() for li in soup.find_all("li")] == ["One", "Two"]
    assert not soup.find("li").find("li"), "closing tags were dropped"


def test_share_picture_is_1200_by_630_and_small():
    png = draw_share_image("A title long enough to wrap onto a second line of the picture", "Kicker", "Footer", DEFAULT_COLOURS)
    with Image.open(BytesIO(png)) as image:
        assert image.size == (1200, 630)
    assert len(png) < 60 * 1024


def test_share_picture_is_drawn_once_then_taken_from_the_cache(tmp_path):
    key, first = share_picture("Title", "Kicker", "Footer", DEFAULT_COLOURS, tmp_path)
    drawn_at = first.stat().st_mtime_ns
    again_key, again = share_picture("Title", "Kicker", "Footer", DEFAULT_COLOURS, tmp_path)
    assert (again_key, again, again.stat().st_mtime_ns) == (key, first, drawn_at)
    other_key, _ = share_picture("Other title", "Kicker", "Footer", DEFAULT_COLOURS, tmp_path)
    assert other_key != key


def test_share_picture_footer_comes_from_the_facts():
    assert footer_line(PRACTICE) == "Kaleidoscope Services · Chandler, AZ and online in Wisconsin"


def _page(slug, content, title="Questions", url=None, status="published"):
    return SimpleNamespace(slug=slug, title=title, url=f"{slug}/" if url is None else url, status=status, _content=content)


def test_faq_answers_are_the_text_under_each_question():
    page = _page("faq", "<p>Intro</p><h2>Is it safe?</h2><p>Mostly.</p><ul><li>Screened</li></ul><h2>Cost?</h2><p>Ask.</p>")
    entity = faq_entity(page)
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in entity["mainEntity"]] == [
        ("Is it safe?", "Mostly. Screened"), ("Cost?", "Ask.")]


def test_json_ld_cannot_close_its_script_element():
    text = as_script_text({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_structured_data_uses_the_public_address_and_facts():
    settings = {
        "PUBLIC_URL": "https://example.org",
        "FACTS": {"practice": {**PRACTICE, "service": "KACT", "service_short": "KACT", "country": "US",
                               "website": "https://practice.example"},
                  "therapist": {"name": "R", "credentials": "LMFT"}},
    }
    graph = structured_data_for(_page("about", "<p>Hi</p>", title="About"), settings)["@graph"]
    assert [item["@type"] for item in graph] == ["ProfessionalService", "BreadcrumbList"]
    assert graph[1]["itemListElement"][1]["item"] == "https://example.org/about/"
    home = structured_data_for(_page("index", "<p>Hi</p>", url=""), settings)["@graph"]
    assert [item["@type"] for item in home] == ["ProfessionalService"]


def test_share_picture_carries_the_kaleidoscope_mark():
    from kact_share_images.share_images import MOTIF_CENTRE

    png = draw_share_image("Title", "Kicker", "Footer", DEFAULT_COLOURS)
    with Image.open(BytesIO(png)) as image:
        rgb = image.convert("RGB")
        colours = {colour for _count, colour in rgb.getcolors(256)}
        assert rgb.getpixel(MOTIF_CENTRE) == (0xB8, 0x56, 0x6B), "the mark's centre is not drawn"
    assert (0x7F, 0xB3, 0xAE) in colours and (0xC9, 0x8A, 0x3C) in colours, "the mark's petals or facets are missing"
