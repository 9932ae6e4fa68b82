"""Parts of the quality gate that content alone cannot reach: faults in the
theme (a missing stylesheet, a notice a template forgot), Pelican's own log
lines, and the report's form. Each is run on a small built folder made here."""
import logging
from types import SimpleNamespace

import pytest

from tests.site import ROOT
from tests.support import recording_log
from kact_gate.capture import LogCapture, problems_from_log
from kact_gate.checks import crisis_lines, html_safety, links, notices
from kact_gate.checks.markdown_safety import removed_by_sanitizer
from kact_gate.checks.metadata import missing_field_problem, unknown_field_problem
from kact_gate.gate import _unique
from kact_gate.preflight import SCHEMAS, data_schema
from kact_core.problem import ADVICE, Problem
from kact_core.report import format_report
from kact_gate.site import Site

NOTICES = [
    {"id": "everywhere", "place": "footer", "plain": "This site gives general information.", "rules": {"all": True}},
]


def _site(tmp_path, pages):
    """A project folder with content/pages/<slug>.md and output/<slug>/index.html for each page."""
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "output").mkdir()
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    page_objects = []
    for slug, html in pages.items():
        source = tmp_path / "content" / "pages" / f"{slug}.md"
        source.write_text(f"Title: {slug}\nSummary: s\n\nText.\n", encoding="utf-8")
        (tmp_path / "output" / slug).mkdir()
        (tmp_path / "output" / slug / "index.html").write_text(html, encoding="utf-8")
        page_objects.append(SimpleNamespace(
            source_path=str(source), save_as=f"{slug}/index.html", slug=slug, title=slug,
            required_notices=[], relative_source_path=f"pages/{slug}.md",
        ))
    settings = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
                "THEME": str(tmp_path / "theme"), "NOTICES": NOTICES, "SITEURL": ""}
    return Site(settings, pages=page_objects)


def _page(head="", body=""):
    return f"<!doctype html><html><head><title>t</title>{head}</head><body><header>{FLOOR_NOTICES}</header>" \
           f"<main><h1>t</h1><div class='app-prose'>{body}</div></main><footer>{FOOTER}</footer></body></html>"


FOOTER = "<div data-notice='everywhere'><p>This site gives general information.</p></div>"
# The notices every page needs whatever the spec says (plugins/kact_gate/notices_floor.py).
FLOOR_NOTICES = ("<div data-notice='urgent-help'>In a crisis? <a href='tel:988'>Call 988</a> or "
                 "<a href='sms:988'>text 988</a>. In danger? <a href='tel:911'>Call 911</a>.</div>"
                 "<div data-notice='not-medical-advice'>This is not medical advice.</div>")


def test_a_missing_stylesheet_from_the_theme_is_reported_once(tmp_path):
    head = "<link rel='stylesheet' href='../theme/css/gone.css'>"
    site = _site(tmp_path, {"one": _page(head), "two": _page(head)})
    found = list(links.check(site))
    assert len(found) == 1, found
    assert "gone.css" in found[0].what and found[0].path == "theme/templates"


def test_a_link_that_means_something_else_on_another_page_is_checked_there_too(tmp_path):
    # The check answers once for an address that means the same everywhere; "#here" does not.
    site = _site(tmp_path, {"one": _page(body="<h2 id='here'>Here</h2><p><a href='#here'>up</a></p>"),
                            "two": _page(body="<p><a href='#here'>up</a></p>")})
    found = list(links.check(site))
    assert [problem.what for problem in found] == ["The link #here goes to a section #here that does not exist on /two/."]


def test_a_notice_the_template_forgot_is_reported(tmp_path):
    page = _page().replace(FOOTER, "<p>No notice here.</p>")
    site = _site(tmp_path, {"one": page})
    found = list(notices.check(site))
    assert [p.path for p in found] == ["content/pages/one.md"]
    assert "does not show the everywhere notice" in found[0].what and "every page" in found[0].what


def test_a_notice_with_other_words_is_reported(tmp_path):
    page = _page().replace("general information", "medical advice")
    site = _site(tmp_path, {"one": page})
    assert any("wording in data/notices.yml" in p.what for p in notices.check(site))


def test_a_clean_small_site_has_no_problem(tmp_path):
    site = _site(tmp_path, {"one": _page(body="<p>See <a href='../two/'>two</a>.</p>"), "two": _page()})
    assert list(links.check(site)) + list(notices.check(site)) == []


def test_pelican_log_lines_become_plain_problems_with_the_cause(tmp_path):
    site = _site(tmp_path, {"one": _page()})
    logger = logging.getLogger("pelican.generators")
    with recording_log(LogCapture(), logger.name) as capture:
        try:
            raise ValueError("near line 4: something is wrong")
        except ValueError:
            logger.warning("Could not process %s", "pages/one.md", exc_info=False)
        logger.warning("Unable to find '%s', skipping url replacement.", "x.md")  # a check reports this
        logger.warning("Something else happened in %s", "pages/one.md")
    found = problems_from_log(capture.entries, site)
    assert [(p.path, p.line) for p in found] == [("content/pages/one.md", 4), ("content/pages/one.md", None)]
    assert "something is wrong" in found[0].what
    assert "Something else happened" in found[1].what


def test_the_report_lists_errors_first_then_advice_with_file_line_and_fix():
    report = format_report([
        Problem("content/pages/b.md", None, "Advice words.", "Do this.", ADVICE),
        Problem("content/pages/a.md", 3, "Wrong words.", "Fix that."),
    ])
    lines = report.splitlines()
    assert lines[0] == "Quality check: 1 problem to fix before the site can be built and 1 piece of advice."
    assert lines[2] == "content/pages/a.md:3: Wrong words."
    assert lines[3] == "    How to fix: Fix that."
    assert lines[5] == "content/pages/b.md: Advice: Advice words."


@pytest.mark.parametrize("address, ok", [
    ("https://doi.org/10.1038/nature10130", True),
    ("tel:+18007997233", True),
    ("sms:988", True),
    ("mailto:hello@example.org", True),
    ("http://example.org/", False),
    ("https://exa mple.org/", False),
    ("https://localhost/", False),
    ("javascript:alert(1)", False),
    ("//example.org/x", False),
    ("tel:call-us", False),
])
def test_outside_addresses(address, ok):
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    assert (links._check_external(address, parts, parts.scheme.lower()) is None) == ok


@pytest.mark.parametrize("head, body, refused", [
    ("", "<p><a href='java\tscript:alert(1)'>x</a></p>", "address type javascript:"),
    ("", "<p><a href='&#x20;JAVASCRIPT:alert(1)'>x</a></p>", "address type javascript:"),
    ("", "<img src='//tracker.example/p.png' alt='x'>", "from another site"),
    ("", "<img src='/\\tracker.example/p.png' alt='x'>", "from another site"),
    ("", "<svg><image href='https://tracker.example/p.png'></image></svg>", "from another site"),
    ("", "<video poster='https://tracker.example/p.png'></video>", "poster loads"),
    ("<meta http-equiv='refresh' content='0;url=https://example.com/'>", "", 'http-equiv="refresh"'),
    ("<meta http-equiv='Content-Security-Policy' content='a'>" * 2, "", "more than one Content-Security-Policy"),
    ("<script>alert(1)</script>", "", "<script> element"),
    ("<link rel='stylesheet' href='https://cdn.example/x.css'>", "", "from another site"),
    ("", "<p onpointerenter='x()'>x</p>", "event handler (onpointerenter=...)"),
    ("", "<p><a href='#' target='_blank'>x</a></p>", "attribute target="),
    ("", "<table><tr><td style='color:red'>x</td></tr></table>", "style="),
    ("<base href='https://example.com/'>", "", "<base> element"),
    ("", "<form action='https://example.com/'><button>Send</button></form>", "<form> element"),
    ("", "<iframe srcdoc='hello'></iframe>", "<iframe> element"),
    ("", "<object data='movie.swf'></object>", "<object> element"),
    ("", "<embed src='movie.swf'>", "<embed> element"),
    ("", "<p><style>@import url(https://tracker.example/y.css);</style></p>", "style loads https://tracker.example"),
    ("<style>.a { background: image-set('https://tracker.example/a.png' 1x) }</style>", "", "style loads https://tracker"),
    ("<style>.a { background: \\75 rl(https://tracker.example/a.png) }</style>", "", "style loads https://tracker"),
    ("", "<svg><rect fill='url(https://tracker.example/p.svg#a)'/></svg>", "style loads https://tracker"),
    ("", "<a href='#' ping='https://tracker.example/'>x</a>", "ping loads https://tracker"),
    ("", "<p class='app-visually-hidden'>Not for sale.</p>", "class app-visually-hidden"),
    ("", "<div class='app-urgent'><a href='tel:5551212'>Call 988</a></div>", "class app-urgent"),
    # Issue 19, class 2: markup lxml reads as text that a browser makes live, outside the page's text.
    ("", "</div><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
     "event handler (onerror=...)"),
    ("", "</div><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
     "Browsers read this page's HTML differently"),
    ("", "</div><svg><style><img src=x onerror=alert(1)></style></svg>", "event handler (onerror=...)"),
    ("<link rel='alternate preconnect' href='https://tracker.example/'>", "", "from another site"),
    ("<link rel='ALTERNATE  dns-prefetch' href='//tracker.example/'>", "", "from another site"),
    ("", "</div><svg><a><animate attributeName='href' values='javascript:alert(1)'/></a></svg>",
     "<animate> element changes an href"),
    ("", "</div><svg><a><set attributeName='xlink:href' to='https://example.org/'/></a></svg>",
     "<set> element changes an xlink:href"),
    ("", "</div><svg><rect><animate attributeName='fill' to='url(https://tracker.example/p.svg#a)'/></rect></svg>",
     "style loads https://tracker.example"),
])
def test_the_built_page_allowlist_refuses(tmp_path, head, body, refused):
    site = _site(tmp_path, {"one": _page(head, body)})
    found = [problem.what for problem in html_safety.check(site)]
    assert any(refused in what for what in found), found


@pytest.mark.parametrize("wording, refused", [
    ("<svg><a><animate attributeName='href' values='javascript:alert(1)'/><text>988</text></a></svg>", "<svg>"),
    ("<svg><a><set attributeName='href' to='javascript:alert(1)'/><text>988</text></a></svg>", "<set>"),
    ("<style>.app-urgent{display:none}</style>", "<style>"),
    ("<span style=\"background: image-set('https://tracker.example/a.png' 1x)\">x</span>", "style="),
    ("<p hidden>Call 988</p>", "hidden="),
    ("<p class='app-visually-hidden'>Call 988</p>", "class app-visually-hidden"),
    ("<a href='#' ping='https://tracker.example/'>x</a>", "ping="),
    ("<meta name='referrer' content='unsafe-url'>", "<meta>"),
])
def test_the_notice_wording_is_held_to_the_page_text_list(tmp_path, wording, refused):
    """A notice's wording (Markdown from data/notices.yml) is shown outside the
    page's text, on every page; it may hold no more than page text may."""
    page = _page().replace("</footer>", f"<div data-notice='x'><div class='app-footer__text'>{wording}</div></div></footer>")
    found = [problem.what for problem in html_safety.check(_site(tmp_path, {"one": page}))]
    assert any(refused in what for what in found), found


def test_the_built_page_allowlist_accepts_what_the_site_writes(tmp_path):
    head = ("<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'\">"
            "<link rel='stylesheet' href='../theme/css/main.css'>"
            "<link rel='canonical' href='https://ketamine-couples.example/one/'>"
            "<script type='application/ld+json'>{}</script>")
    body = ("<h2 id='a'>A</h2><p><a href='https://example.org/'>x</a> <a href='tel:988'>988</a> "
            "<a href='sms:988'>988</a> <a href='mailto:a@example.org'>a</a> <a href='#a'>a</a></p>"
            "<table><tr><th scope='col' style='text-align: left;'>a</th><td data-label='a'>b</td></tr></table>"
            "<picture><source type='image/webp' srcset='../images/a.webp 480w' sizes='100vw'>"
            "<img src='../images/a.jpg' srcset='../images/a.jpg 480w' sizes='100vw' width='4' height='3' "
            "loading='lazy' decoding='async' alt='A'></picture>")
    site = _site(tmp_path, {"one": _page(head, body)})
    assert list(html_safety.check(site)) == []


def test_the_site_own_address_is_allowed_even_on_a_local_test_server(tmp_path):
    """A public build pointed at 127.0.0.1 (SITEURL) writes absolute http: addresses to itself."""
    own = "http://127.0.0.1:8123"
    head = f"<link rel='stylesheet' href='{own}/theme/css/main.css'><link rel='canonical' href='{own}/one/'>"
    site = _site(tmp_path, {"one": _page(head, f"<p><a href='{own}/two/'>two</a> <a href='http://[::1'>x</a></p>")})
    site.settings["SITEURL"] = own
    assert [problem.what for problem in html_safety.check(site)] == [
        "The <a> element's href uses the address type http:, which the site never allows "
        "(only https:, mailto:, tel:, sms: and the site's own pages)."
    ]


@pytest.mark.parametrize("data_file", sorted(path.name for path in (ROOT / "data").glob("*.yml")))
def test_every_data_file_has_a_schema(data_file):
    """A data file without a schema would be read with no check of its shape:
    a misspelt field would silently change the site."""
    schema = data_schema(ROOT / "data" / data_file)
    assert schema.is_file(), f"data/{data_file} needs {schema.relative_to(ROOT)} (see the others in {SCHEMAS.name}/)"


@pytest.mark.parametrize("link, refused", [
    ("<a href='t&#x09;el:5551212'>Call 988</a>", "dials 5551212"),
    ("<a href='tel:1988'>Call 988</a>", "dials 1988"),
    ("<a href='tel:+1911'>Call 911</a>", "dials 1911"),
    # Digits of any script are read as the number they are (Arabic-Indic 988 is 988).
    ("<a href='tel:988'>Call \u0669\u0668\u0668</a>", None),
    ("<a href='tel:988'>Call \u0669\u0669\u0668</a>", "shows \u0669\u0669\u0668"),
    ("<a href='tel:+988'>Call 988</a>", "dials +988"),
    ("<a href='sms:741741?&body=HOME'>text HOME to 741741</a>", None),
    ("<a href='tel:+1-800-799-7233'>call 1-800-799-7233</a>", None),
    ("<a href='tel:988'>Crisis Text Line: text 988</a>", "not the number of the Crisis Text Line"),
    ("<a href='tel:18007997233'>800-799-7233</a>", None),
    ("<a href='tel:988'>Call \uff19\uff18\uff18</a>", None),
])
def test_a_phone_link_dials_what_it_shows_as_the_browser_reads_it(tmp_path, link, refused):
    bar = "<aside data-notice='urgent-help'><a href='tel:988'>call 988</a><a href='sms:988'>text 988</a>" \
          "<a href='tel:911'>call 911</a></aside>"
    site = _site(tmp_path, {"one": _page(body=f"{bar}<p>{link}</p>")})
    found = [problem.what for problem in crisis_lines.check(site)]
    assert (found == []) if refused is None else any(refused in what for what in found), found


@pytest.mark.parametrize("html, removed", [
    ("<p>x</p></div><p>y</p>", [("unbalanced", "p", ())]),
    ("<div><p>never closed</p>", [("unbalanced", "hr", ())]),
    ("<p><img src=x onerror=alert(1)></p>", [("attributes", "img", ("onerror",))]),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
     [("element", "noscript", ()), ("attributes", "img", ("onerror",))]),
    ("<svg><style><img src=x onerror=alert(1)></style></svg>",
     [("element", "svg", ()), ("element", "style", ()), ("attributes", "img", ("onerror",))]),
    ('<p class="footnote app-urgent">x</p>', [("attributes", "p", ("class",))]),
    ('<p><a href="java&#x09;script:alert(1)">x</a></p>', [("attributes", "a", ("href",))]),
])
def test_the_sanitizer_names_what_it_would_remove(html, removed):
    assert removed_by_sanitizer(html) == removed


def test_the_sanitizer_keeps_what_markdown_and_the_site_write():
    html = ('<h2 id="a">A</h2><p>Call <a href="tel:988">988</a> or <a href="https://example.org/">x</a>'
            '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">[1]</a></sup></p>'
            '<table><thead><tr><th style="text-align: left;" scope="col">a</th></tr></thead>'
            '<tbody><tr><td data-label="a">b</td></tr></tbody></table>'
            '<ul class="app-crisis-lines"><li class="app-crisis-lines__item">x</li></ul>'
            '<picture><source type="image/webp" srcset="../images/a.webp 480w" sizes="100vw">'
            '<img src="../images/a.jpg" width="4" height="3" loading="lazy" decoding="async" alt="A"></picture>'
            '<div class="footnote"><hr><ol><li id="fn:1"><p>Ref. <a class="footnote-backref" '
            'href="#fnref:1" title="Back">&#8617;</a></p></li></ol></div>')
    assert removed_by_sanitizer(html) == []


@pytest.mark.parametrize("body, taken, says", [
    ("<p>Text.</p>", FLOOR_NOTICES.split("<div data-notice='not")[0], "urgent-help"),
    ("<p>Text.</p>", "In a crisis? <a href='tel:988'>Call 988</a> or <a href='sms:988'>text 988</a>. In danger? "
                     "<a href='tel:911'>Call 911</a>.", "urgent-help"),
    ("<p>Text.</p>", "This is not medical advice.", "not-medical-advice"),
    ("<p>We use ketamine.</p>", "", "fda-status"),
    ("<p>The results can help.</p>", "", "results-vary"),
])
def test_the_notices_floor_holds_whatever_the_spec_says(tmp_path, body, taken, says):
    """The spec (NOTICES) asks for none of these; the floor still does."""
    page = _page(body=body).replace(taken, "", 1) if taken else _page(body=body)
    found = [p.what for p in notices.check(_site(tmp_path, {"one": page}))]
    assert any(f"does not show the {says} notice" in what for what in found), found


@pytest.mark.parametrize("statement, holds", [
    ("<strong>Results vary:</strong> Research with couples is early.", False),
    ("<strong>Results vary:</strong> Results vary, and nothing is guaranteed.", True),
])
def test_the_results_vary_floor_needs_its_whole_statement_not_its_heading(tmp_path, statement, holds):
    """The notice's heading says "Results vary"; a data file that drops the
    statement itself ("nothing is guaranteed") no longer meets the floor."""
    page = _page(body=f"<div data-notice='results-vary'>{statement}</div><p>The results can help.</p>")
    found = [p.what for p in notices.check(_site(tmp_path, {"one": page}))]
    assert any("does not show the results-vary notice" in what for what in found) != holds, found


def test_a_short_line_linking_to_the_full_statement_meets_the_floor(tmp_path):
    short = ("<div data-notice='fda-status'><p>Ketamine is not FDA-approved to treat depression: its use is "
             "off-label. <a href='../the-science/#fda'>The FDA status in full</a></p></div>")
    page = _page(body=f"{short}<p>We use ketamine.</p>")
    assert list(notices.check(_site(tmp_path, {"one": page}))) == []


# --- Repeats are known by what a problem is about, not by its words ------------------



def test_two_problems_worded_alike_about_different_fields_are_both_kept():
    empty = dict(path="content/pages/faq.md", line=1, what="This header line is empty.", fix="Fill it in.",
                 check="metadata", rule="empty-field")
    kept = _unique([Problem(**empty, subject="title"), Problem(**empty, subject="summary")])
    assert [problem.subject for problem in kept] == ["title", "summary"]


def test_two_problems_about_one_field_by_one_rule_are_one_whatever_their_words():
    found = [unknown_field_problem("content/pages/faq.md", 4, "Nav_ordr"),
             unknown_field_problem("content/pages/faq.md", 4, "nav_ordr")]
    assert found[0].what != found[1].what
    assert _unique(found) == found[:1]


def test_problems_without_a_rule_are_still_told_apart_by_their_words():
    one = Problem("content/pages/faq.md", 3, "First thing.", "Fix it.")
    assert _unique([one, one, Problem("content/pages/faq.md", 3, "Second thing.", "Fix it.")]) == [
        one, Problem("content/pages/faq.md", 3, "Second thing.", "Fix it.")]


def test_header_problems_name_their_rule_and_field():
    missing = missing_field_problem("content/pages/faq.md", "summary")
    assert (missing.rule, missing.subject) == ("missing-field", "summary")


def test_an_address_type_the_links_check_named_is_left_out_of_the_safety_net_by_rule_not_words():
    from kact_gate.checks.links import refused_scheme
    from kact_gate.gate import _without_repeats

    def found(check, scheme, subject):
        return Problem("content/pages/faq.md", 7, "This address type is not allowed.", "Fix it.", check=check,
                       rule=refused_scheme(scheme), subject=subject)

    links_said = found("links", "javascript", "javascript:alert(1)")
    same = found("html_safety", "javascript", "<a href>")
    other = found("html_safety", "data", "<img src>")
    assert _without_repeats([links_said, same, other]) == [links_said, other]


def test_two_refused_addresses_of_one_type_on_one_line_are_both_reported():
    from kact_gate.checks.links import refused_scheme

    def found(address):
        return Problem("content/pages/faq.md", 7, f"The address {address} is refused.", "Fix it.", check="links",
                       rule=refused_scheme("javascript"), subject=address)

    assert _unique([found("javascript:alert(1)"), found(" javascript:alert(2)")]) == [
        found("javascript:alert(1)"), found(" javascript:alert(2)")]
