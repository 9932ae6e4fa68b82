"""The claims floor (plugins/kact_gate/claims_floor.py): each family of claims
is refused whatever data/claims.yml holds, in every sentence a reader sees,
footnotes included; and a required statement struck out or hidden does not count."""
from types import SimpleNamespace

import pytest

from kact_gate.checks import claims, required_statements
from kact_gate.site import Site

# data/claims.yml cut down to one dummy pattern: the floor must still hold.
DUMMY_CLAIMS = "forbidden:\n  - pattern: 'zzzz-never-written'\n    why: A dummy.\n"


def _site(tmp_path, body, claims_yml=DUMMY_CLAIMS, slug="one"):
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "theme" / "templates").mkdir(parents=True)
    (tmp_path / "data" / "claims.yml").write_text(claims_yml, encoding="utf-8")
    source = tmp_path / "content" / "pages" / f"{slug}.md"
    source.write_text(f"Title: {slug}\nSummary: s\n\nText.\n", encoding="utf-8")
    (tmp_path / "output" / slug).mkdir(parents=True)
    (tmp_path / "output" / slug / "index.html").write_text(
        f"<!doctype html><html><head><title>t</title></head><body><main><h1>t</h1>"
        f"<div class='app-prose'>{body}</div></main></body></html>", encoding="utf-8")
    page = SimpleNamespace(source_path=str(source), save_as=f"{slug}/index.html", slug=slug, title=slug,
                           required_notices=[], relative_source_path=f"pages/{slug}.md")
    settings = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
                "THEME": str(tmp_path / "theme"), "SITEURL": ""}
    return Site(settings, pages=[page])


CLAIMS = {
    "cure": ["This therapy cures depression.", "It heals trauma for good.", "We fix your marriage once and for all.",
             "Ketamine c&#x75;res anxiety.", "Ketamine cu&shy;res anxiety."],
    "guaranteed": ["Results are guaranteed.", "We guarantee a calmer home."],
    "percent safe": ["Ketamine is 100 percent safe.", "It is 100% safe.", "A completely safe treatment.", "A completely&#x200B; safe treatment.",
                     "Sessions are risk-free."],
    "no side effects": ["There are zero side effects.", "It has no side effects.", "Without any side-effects."],
    "clinically proven": ["A clinically proven method.", "A clinically-proven method.", "It is proven to work."],
    "not addictive": ["Ketamine is not addictive.", "Ketamine is non-addictive.", "There is no risk of addiction."],
    "permanent": ["Couples find permanent relief.", "The results are permanent.", "The change lasts forever."],
}
CASES = [(family, sentence) for family, sentences in CLAIMS.items() for sentence in sentences]


@pytest.mark.parametrize("family, sentence", CASES, ids=[f"{f}: {s}" for f, s in CASES])
def test_each_family_is_refused_even_when_the_data_file_lists_nothing(tmp_path, family, sentence):
    found = list(claims.check(_site(tmp_path, f"<p>{sentence}</p>")))
    assert found, f"{family}: {sentence!r} passed"
    assert "which the site must never say" in found[0].what


@pytest.mark.parametrize("family", sorted(CLAIMS))
def test_a_claim_in_a_footnote_is_refused_too(tmp_path, family):
    body = ("<p>Text.<sup id='fnref:1'><a class='footnote-ref' href='#fn:1'>[1]</a></sup></p>"
            f"<div class='footnote'><hr><ol><li id='fn:1'><p>{CLAIMS[family][0]}</p></li></ol></div>")
    assert list(claims.check(_site(tmp_path, body))), family


@pytest.mark.parametrize("sentence", [
    "Nothing is guaranteed.",
    "Ketamine has side effects, such as nausea and a faster heartbeat.",
    "Ketamine can be misused; it is a Schedule III controlled substance.",
    "The research on couples is early.",
])
def test_careful_sentences_pass(tmp_path, sentence):
    assert list(claims.check(_site(tmp_path, f"<p>{sentence}</p>"))) == []


def test_one_message_for_words_two_rules_match(tmp_path):
    data = DUMMY_CLAIMS + "  - pattern: '\\bcures\\b'\n    why: Again.\n"
    found = list(claims.check(_site(tmp_path, "<p>This cures it.</p>", claims_yml=data)))
    assert len(found) == 1, found


REQUIRED = DUMMY_CLAIMS + "required:\n  - pages: [one]\n    says: a sober adult\n    pattern: 'sober adult'\n" \
                          "    why: Needed.\n"


@pytest.mark.parametrize("body", [
    "<p><del>A sober adult must be in the home.</del> No one else needs to be there.</p>",
    "<p><s>A sober adult must be in the home.</s></p>",
    "<p hidden>A sober adult must be in the home.</p>",
    "<p><span aria-hidden='true'>A sober adult must be in the home.</span></p>",
])
def test_a_required_statement_struck_out_or_hidden_does_not_count(tmp_path, body):
    found = list(required_statements.check(_site(tmp_path, body, claims_yml=REQUIRED)))
    assert any("must say 'a sober adult'" in problem.what for problem in found), found


def test_a_required_statement_made_counts(tmp_path):
    body = "<p>A sober adult must be in the home.</p>"
    assert list(required_statements.check(_site(tmp_path, body, claims_yml=REQUIRED))) == []
