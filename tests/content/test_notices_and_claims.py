"""Every required notice is where the brief says; no forbidden claim appears."""
import copy
import re


from tests.conftest import PAGES


def _visible_text(node):
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _needs(notice, slug, page_text):
    """The brief's rules, read from data/notices.yml, applied to the built page."""
    rules = notice.get("rules", {})
    if rules.get("all") or slug in rules.get("pages", []):
        return True
    text = page_text
    for phrase in rules.get("ignore", []):
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return any(re.search(p, text, re.IGNORECASE) for p in rules.get("mentions", []))


def _wording(notice, slug):
    """The notice's words without Markdown or placeholders, for a loose match:
    its short line, if it has one and this is not the page that holds it whole."""
    shows_short = notice.get("short") and notice.get("full_on") != slug
    text = re.sub(r"\{\{.*?\}\}", "", notice["short" if shows_short else "text"])
    text = re.sub(r"\]\([^)]*\)", "", text).replace("[", "").replace("**", "")
    return [w for w in re.findall(r"[A-Za-z]{5,}", text)]


def _words(text):
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'")))


def test_every_page_carries_the_notices_its_rules_require(site, address, notice_spec):
    slug = PAGES[address]
    soup = site.soup(address)
    prose = soup.select_one(".app-prose")
    page_text = " ".join([soup.h1.get_text(" "), _visible_text(prose) if prose else ""])
    for notice in notice_spec:
        if not _needs(notice, slug, page_text):
            continue
        said = (notice.get("said_in_text") or {}).get(slug)
        if said:
            # The page's own text says it: no box, and the words are there.
            assert not soup.find_all(attrs={"data-notice": notice["id"]}), f"{address} says {notice['id']} twice"
            for sentence in [said] if isinstance(said, str) else said:
                assert _words(sentence) in _words(page_text), f"{address} no longer says {sentence!r}"
            continue
        shown = soup.find_all(attrs={"data-notice": notice["id"]})
        assert shown, f"{address} is missing the {notice['id']} notice"
        text = _visible_text(shown[0])
        missing = [w for w in _wording(notice, slug) if w not in text]
        assert not missing, f"{address}: {notice['id']} notice lacks {missing}"


def test_each_notice_is_shown_once_on_a_page(site, address):
    """A footer notice is not repeated in the page, nor any notice twice."""
    soup = site.soup(address)
    shown = [element["data-notice"] for element in soup.find_all(attrs={"data-notice": True})]
    assert sorted(shown) == sorted(set(shown)), f"{address} shows a notice twice: {shown}"


def test_a_notice_with_a_short_line_is_whole_on_one_page_and_linked_from_the_rest(site, notice_spec):
    for notice in (notice for notice in notice_spec if notice.get("short")):
        home = site.soup(f"/{notice['full_on']}/").find(id=notice["id"])
        assert home is not None and home.get("data-notice") == notice["id"], notice["full_on"]
        for address in PAGES:
            shown = site.soup(address).find(attrs={"data-notice": notice["id"]})
            if shown is None or address == f"/{notice['full_on']}/":
                continue
            link = shown.find("a", href=re.compile(f"{notice['full_on']}/#{notice['id']}$"))
            assert link is not None, f"{address}: the short {notice['id']} line has no link to the full wording"


def test_footer_notices_on_every_page(site, address):
    footer = site.soup(address).footer
    for notice_id in ("not-medical-advice", "licensure"):
        assert footer.find(attrs={"data-notice": notice_id}), notice_id


def test_booking_page_asks_for_no_health_details_by_email(site):
    assert "leave out diagnoses, medicines, and other health details" in _visible_text(
        site.soup("/book-a-consult/").select_one(".app-prose")).lower()


def test_pages_about_journeys_warn_against_driving(site):
    for address in ("/how-it-works/", "/faq/", "/treatment-options/"):
        soup = site.soup(address)
        said = re.search(r"\bdo not drive\b|\bbefore you drive\b", _visible_text(soup.select_one(".app-prose")), re.I)
        assert soup.find(attrs={"data-notice": "no-driving"}) or said, address


def test_no_forbidden_claim_anywhere(site, address, claims):
    text = _visible_text(site.soup(address))
    for rule in claims["forbidden"]:
        for allowed in rule.get("allowed_in", []):
            text = re.sub(re.escape(allowed), " ", text, flags=re.IGNORECASE)
        match = re.search(rule["pattern"], text, re.IGNORECASE)
        assert match is None, f"{address}: '{match.group(0)}' ({rule['why']})"


def test_every_fda_sentence_states_the_precise_status(site, address, claims):
    rule = claims["fda_sentence"]
    main = copy.copy(site.soup(address).main)
    # Reference lists quote the titles of sources; they are not our claims.
    for references in main.select("div.footnote"):
        references.extract()
    text = _visible_text(main)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(rule["mentions"], sentence, re.IGNORECASE):
            assert re.search(rule["must_also_match"], sentence, re.IGNORECASE), sentence
