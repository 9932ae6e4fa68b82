"""The plugins behind issue 21's design, on their own: return links in
references (kact_references), and the menu groups and section lists
(kact_navigation). The built site is checked in a browser by tests/browser/test_design.py."""
from types import SimpleNamespace

import markdown

from kact_navigation.navigation import contents_of, menus, page_contents
from kact_references.references import ReturnLinksExtension, _letter


def _convert(text):
    md = markdown.Markdown(extensions=["markdown.extensions.extra", ReturnLinksExtension()])
    return md.convert(text)


def test_a_source_cited_three_times_gets_one_lettered_link_per_citation():
    html = _convert("One.[^x] Two.[^x] Three.[^y] Four.[^x]\n\n[^x]: Source X.\n[^y]: Source Y.")
    assert '<p>↩ <a class="footnote-backref" href="#fnref:x" title="Back to citation 1a in the text">a</a> ' in html
    assert 'href="#fnref2:x" title="Back to citation 1b in the text">b</a>' in html
    assert 'href="#fnref3:x" title="Back to citation 1c in the text">c</a> Source X.</p>' in html
    assert html.count("footnote-backref") == 4


def test_a_source_cited_once_keeps_its_single_arrow_at_the_start():
    html = _convert("One.[^y]\n\n[^y]: Source Y.")
    assert '<p><a class="footnote-backref" href="#fnref:y" title="Back to citation 1 in the text">&#8617;</a> Source Y.</p>' in html


def test_letters_run_on_past_z():
    assert [_letter(index) for index in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]


def test_sections_come_from_the_headings_and_questions_sit_under_their_group():
    html = ('<h2 id="safety">Safety</h2><p>x</p><h3 id="is-it-safe">Is it <em>safe</em>?</h3>'
            '<h2 id="taking-part">Taking part</h2><h3 id="virtually">Virtually?</h3>')
    flat = contents_of(html)
    grouped = contents_of(html, with_subheadings=True)
    assert [(section.anchor, section.subsections) for section in flat] == [("safety", ()), ("taking-part", ())]
    assert [(section.anchor, [question.anchor for question in section.subsections]) for section in grouped] == [
        ("safety", ["is-it-safe"]), ("taking-part", ["virtually"])]
    assert grouped[0].subsections[0].title == "Is it safe?"
    # Text, not markup: an escaped < in a heading stays escaped in the list.
    assert contents_of('<h2 id="a">1 &lt; 2</h2>')[0].title == "1 < 2"
    assert not hasattr(contents_of('<h2 id="a">1 &lt; 2</h2>')[0].title, "__html__")


def _page(slug, words=300, headings=4, nav_order=None):
    body = "".join(f'<h2 id="part-{n}">Part {n}</h2>' for n in range(headings)) + "<p>" + "word " * words + "</p>"
    return SimpleNamespace(slug=slug, url=f"{slug}/", title=slug.title(), content=body, nav_order=nav_order,
                           footer_order=None)


def test_short_pages_and_skipped_pages_get_no_section_list():
    assert len(page_contents(_page("long"), {})) == 4
    assert page_contents(_page("short", words=100), {}) == []
    assert page_contents(_page("few", headings=2), {}) == []
    assert page_contents(_page("index"), {}) == []


def test_a_group_stands_for_its_pages_in_the_menu_and_home_is_left_out():
    pages = [_page("index", nav_order=1), _page("how-it-works", nav_order=5),
             _page("treatment-options", nav_order=4), _page("faq", nav_order=8)]
    main, footer = menus(pages, {"how-it-works": ["treatment-options"]})
    assert [item.slug for item in main] == ["how-it-works", "faq"]
    assert [member.slug for member in main[0].members] == ["treatment-options"]
    assert footer == []
