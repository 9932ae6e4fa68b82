"""The proof `make publish` runs in Chromium (tooling/publish/urgent_help_proof.py):
every page must show the urgent-help bar and its links to call 988, text 988
and call 911 on a phone's first screen. Each way of breaking it that the
HTML checks cannot see (a stylesheet that hides, moves or covers the bar, a
link that dials a number abroad) is shown failing here; a clean page passes."""
import pytest

from tooling.publish.urgent_help_proof import ProofFailed, prove_urgent_help

BAR = ('<aside class="bar" data-notice="urgent-help"><h2>Get help now</h2><p>'
       '<a href="{call}">Call 988</a> or <a href="sms:988">text 988</a>. '
       '<a href="tel:911">Call 911</a>.</p></aside>')
SITE_URL = "https://kact.example.org"
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        '<meta name="viewport" content="width=device-width"><style>{style}</style></head>'
        '<body>{before}{bar}<main><h1>A page</h1><p>Words.</p></main></body></html>')


def _site(tmp_path, style="", before="", call="tel:988"):
    (tmp_path / "faq").mkdir()
    good = PAGE.format(style="", before="", bar=BAR.format(call="tel:988"))
    (tmp_path / "index.html").write_text(good, encoding="utf-8")
    (tmp_path / "faq" / "index.html").write_text(
        PAGE.format(style=style, before=before, bar=BAR.format(call=call)), encoding="utf-8")
    return tmp_path


def test_a_page_showing_urgent_help_passes_and_the_time_is_measured(tmp_path):
    seconds = prove_urgent_help(_site(tmp_path), SITE_URL)
    assert 0 < seconds < 60


@pytest.mark.parametrize("style, before, call, says", [
    (".bar { display: none }", "", "tel:988", "/faq/: the urgent-help bar is hidden"),
    (".bar { margin-top: 900px }", "", "tel:988", "/faq/: the urgent-help bar is not in the first screen"),
    ("", '<div style="height: 640px">A long notice</div>', "tel:988", "link is not wholly in the first screen"),
    (".cover { position: fixed; top: 0; left: 0; right: 0; height: 300px; background: white }",
     '<div class="cover"></div>', "tel:988", "is covered by another part of the page"),
    ("a[href^=tel] { color: transparent }", "", "tel:988", "has see-through text"),
    ("", "", "tel:+988", "/faq/: the urgent-help bar has no tel:988 link (call 988)"),
])
def test_urgent_help_that_a_phone_would_not_show_stops_publishing(tmp_path, style, before, call, says):
    with pytest.raises(ProofFailed) as failed:
        prove_urgent_help(_site(tmp_path, style, before, call), SITE_URL)
    assert says in str(failed.value)
    assert "/: " not in str(failed.value).replace("/faq/: ", ""), "the good page was reported"


def test_the_stylesheet_is_read_from_the_site_address_as_it_will_be_online(tmp_path):
    """The public build links its stylesheet by its full https address: the
    proof answers that address from the built folder, so a rule there counts."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "main.css").write_text(".bar a[href^='sms'] { display: none }", encoding="utf-8")
    link = f'<link rel="stylesheet" href="{SITE_URL}/theme/main.css">'
    with pytest.raises(ProofFailed, match=r"/faq/: the bar's \"text 988\" link is hidden"):
        prove_urgent_help(_site(tmp_path, before=link), SITE_URL)


def test_the_built_site_shows_urgent_help_on_every_page(site):
    assert prove_urgent_help(site.output, SITE_URL) > 0


def test_make_publish_and_public_build_run_the_proof(tmp_path, monkeypatch, capsys):
    """build_checked_site (both commands) stops on a page a phone would show without urgent help."""
    from tooling.publish import publish_checks

    site = _site(tmp_path, style=".bar { visibility: hidden }")
    monkeypatch.setattr(publish_checks, "build_public_site", lambda _output: site)
    monkeypatch.setattr(publish_checks, "check_html", lambda _site: None)
    with pytest.raises(publish_checks.ChecksFailed):
        publish_checks.build_checked_site(tmp_path / "unused")
    said = capsys.readouterr().err
    assert "/faq/: the urgent-help bar is hidden" in said and "theme/static/css/" in said
