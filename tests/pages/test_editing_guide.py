"""The editing guides.

EDITING.md is the therapist's guide (the editor in the browser): short, her
route first, no git words, and every link other files make into it still leads
to a heading. docs/editing-reference.md is the reference for editing the files;
followed step by step on a copy of the project, it publishes nothing broken.
The test reads its examples out of the reference itself (the FAQ entry, the
new-page command, what the new file looks like, the finished page), so the
guide and the project cannot drift apart without this test failing.
"""
import re
import shlex
import subprocess
import sys

import pytest

from tooling.build.project_copy import BUILD_INPUTS, copy_project
from tests.site import ROOT, BuiltSite

GUIDE = ROOT / "docs" / "editing-reference.md"
HER_GUIDE = ROOT / "EDITING.md"
MOST_WORDS = 2500  # issue 18: her guide, read in one sitting
# Words of a developer's tools that her route must not need.
GIT_WORDS = re.compile(r"\b(git|commit|commits|push|pull|branch|merge|clone|terminal|YAML|repository)\b",
                       re.IGNORECASE)
# What `make` needs besides the content: the tasks and their code.
TOOLING = ["tooling", "tasks.py", "publishconf.py"]


def section(title):
    """The text under `## title`, up to the next `## ` heading outside a code block."""
    lines, inside, in_code = [], False, False
    for line in GUIDE.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("## "):
            if inside:
                break
            inside = line.strip() == f"## {title}"
            continue
        if inside:
            lines.append(line)
    assert lines, f"{GUIDE.name} has no section '## {title}'"
    return "".join(lines)


def code_blocks(text, language):
    """The fenced blocks of one language, with the list indentation taken off."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", text, re.MULTILINE | re.DOTALL)
    return ["".join(line[len(indent):] + "\n" for line in body.splitlines()) for indent, body in blocks]


def invoke(project, *arguments):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments], cwd=project,
        capture_output=True, text=True, timeout=900,
    )


@pytest.fixture(scope="module")
def followed(tmp_path_factory):
    """The project after following the guide: an FAQ added, a page added, the site built."""
    project = copy_project(tmp_path_factory.mktemp("editing-guide") / "project", [*BUILD_INPUTS, *TOOLING])
    steps = {}

    # "Add a question to the FAQ": paste the example at the end of the last group, just
    # before "## References", after a blank line.
    faq_entry = code_blocks(section("Add a question to the FAQ"), "markdown")[0]
    faq = project / "content" / "pages" / "faq.md"
    before, references = faq.read_text(encoding="utf-8").split("\n## References", 1)
    faq.write_text(before.rstrip("\n") + "\n\n" + faq_entry + "\n## References" + references, encoding="utf-8")
    steps["faq_question"] = faq_entry.splitlines()[0].removeprefix("### ").strip()

    # "Add a page": run the command it gives (make hands it to invoke).
    add_page = section("Add a page")
    command = code_blocks(add_page, "sh")[0].strip()
    title = re.fullmatch(r'make new-page TITLE=(".*")', command).group(1)
    created = invoke(project, "new-page", shlex.split(title)[0])
    assert created.returncode == 0, created.stdout + created.stderr
    steps["new_page_output"] = created.stdout
    path = project / "content" / "pages" / re.search(r"Created content/pages/(\S+\.md)", created.stdout).group(1)
    shown_new, finished = code_blocks(add_page, "markdown")[:2]
    steps["created_text"] = path.read_text(encoding="utf-8")
    steps["shown_new_text"] = shown_new

    # Replace every TODO (the guide's example), then add the Nav_order the command suggested.
    nav_order = re.search(r"`(Nav_order: \d+)`", created.stdout).group(1)
    finished = finished.replace("Slug: office-hours\n", f"Slug: office-hours\n{nav_order}\n")
    path.write_text(finished, encoding="utf-8")
    steps["slug"] = path.stem

    # "Check" and "Publish" both build and check; build as they do (the check,
    # which needs Java for the W3C checker, is its own test below).
    steps["build"] = invoke(project, "build")
    return project, steps


def test_the_new_page_file_is_what_the_guide_shows(followed):
    _, steps = followed
    reviewed = re.compile(r"^Reviewed: \d{4}-\d{2}-\d{2}$", re.MULTILINE)
    assert reviewed.sub("Reviewed: <today>", steps["created_text"]) == reviewed.sub(
        "Reviewed: <today>", steps["shown_new_text"]
    )


def test_the_site_builds_with_no_problem_and_no_advice(followed):
    _, steps = followed
    build = steps["build"]
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    assert "Traceback" not in output
    assert "Quality check" not in output, output


def test_make_check_passes_with_the_guides_new_page_and_question(java, followed):
    project, _ = followed
    check = invoke(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_new_faq_question_is_on_the_faq_page(followed):
    project, steps = followed
    site = BuiltSite(output=project / "output")
    soup = site.soup("/faq/")
    headings = {h.get_text(strip=True): h.get("id") for h in soup.select("main .app-prose h3")}
    assert steps["faq_question"] in headings
    assert headings[steps["faq_question"]] == "how-long-does-each-session-take"
    # The list of questions at the top picks it up by itself.
    assert soup.select_one('.app-side a[href="#how-long-does-each-session-take"]') is not None


def test_the_new_page_is_built_with_its_notices_review_date_and_menu_link(followed):
    project, steps = followed
    site = BuiltSite(output=project / "output")
    address = f"/{steps['slug']}/"
    soup = site.soup(address)
    assert soup.select_one("h1").get_text(strip=True) == "Office hours"
    assert "Chandler" in soup.select_one("main").get_text(), "the fact {{ practice.city }} was not filled in"
    assert "Page last reviewed" in soup.get_text()
    menu = [a.get("href") for a in soup.select("nav a")]
    assert any(href.rstrip("/").endswith(steps["slug"]) for href in menu), menu
    listed = re.findall(r"^  - (.+?) \(", steps["new_page_output"], re.MULTILINE)
    shown = {tag.get("data-notice") for tag in soup.select("[data-notice]")}
    headings = {n.select_one("h2, h3").get_text(" ", strip=True).removeprefix("Important:").strip()
                for n in soup.select("[data-notice]") if n.select_one("h2, h3")}
    assert listed, steps["new_page_output"]
    for heading in listed:
        assert any(heading in shown_heading for shown_heading in headings), (heading, headings, shown)


def headings(path):
    """GitHub's anchors of a Markdown file's headings."""
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    return {re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
            for title in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def test_her_guide_is_short_and_starts_with_the_browser():
    text = HER_GUIDE.read_text(encoding="utf-8")
    words = len(re.findall(r"\S+", text))
    assert words <= MOST_WORDS, f"EDITING.md has {words} words; at most {MOST_WORDS}"
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections[:2] == ["Contents", "Editing in the browser"], sections


def test_her_route_needs_no_git_words():
    text = HER_GUIDE.read_text(encoding="utf-8")
    route = text[:text.index("\n## Set up your computer")]  # the last section points developers elsewhere
    route = re.sub(r"\]\([^)]*\)|`[^`]*`", "", route)  # link targets and code are not words she reads as such
    found = sorted({word.lower() for word in GIT_WORDS.findall(route)})
    assert found == [], f"EDITING.md asks her to know: {found}"


def test_every_link_into_the_guides_leads_to_a_heading():
    targets = {"EDITING.md": HER_GUIDE, "editing-reference.md": GUIDE}
    broken = []
    for source in [ROOT / "README.md", HER_GUIDE, *sorted((ROOT / "docs").glob("*.md"))]:
        text = source.read_text(encoding="utf-8")
        for name, anchor in re.findall(r"\]\((?:\.\./|docs/)?(EDITING\.md|editing-reference\.md)#([\w-]+)\)", text):
            if anchor not in headings(targets[name]):
                broken.append(f"{source.relative_to(ROOT)} -> {name}#{anchor}")
        for anchor in re.findall(r"\]\(#([\w-]+)\)", text):
            if anchor not in headings(source):
                broken.append(f"{source.relative_to(ROOT)} -> #{anchor}")
    assert broken == []


# A pointer in a message, a comment or a guide: `EDITING.md, "Heading"` (the quote may be escaped in code).
POINTER = re.compile(r'(EDITING\.md|editing-reference\.md)\]?(?:\([^)]*\))?,?\s+\\?"([^"\\]+)\\?"')
# Everything that can send a reader to a guide: messages, comments and the other guides.
POINTING_FILES = ["plugins", "tooling", "docs", "README.md", "Makefile", "data", "editor/admin/config.yml"]
CODE_SUFFIXES = {".py", ".html", ".md", ".yml", ".yaml", ""}


def pointing_files():
    for name in POINTING_FILES:
        path = ROOT / name
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        yield from (file for file in found if file.is_file() and file.suffix in CODE_SUFFIXES
                    and "node_modules" not in file.parts and "__pycache__" not in file.parts)


def heading_titles(path):
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    return {title.strip() for title in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def test_every_named_heading_in_a_pointer_exists():
    titles = {"EDITING.md": heading_titles(HER_GUIDE), "editing-reference.md": heading_titles(GUIDE)}
    broken = []
    for path in pointing_files():
        text = path.read_text(encoding="utf-8")
        for name, title in POINTER.findall(text):
            title = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title).split())  # a link's words; one line
            if title not in titles[name]:
                broken.append(f'{path.relative_to(ROOT)}: {name}, "{title}"')
    assert broken == []


def test_messages_send_file_editors_to_the_reference():
    """Her guide covers the browser only: what the code says about the files and the
    commands names a section of EDITING.md that exists, or points to the reference."""
    bare = []
    for path in pointing_files():
        if path.parts[len(ROOT.parts)] not in ("plugins", "tooling"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            mentions = re.findall(r'EDITING\.md(?!")', line)  # "EDITING.md" alone is a file name
            if mentions and not POINTER.search(line):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bare == []


def test_her_guide_names_every_collection_of_the_editor_and_the_dated_statements_date():
    """Issue 18: the Dated statements form was in the editor but not in her guide,
    so when a date passed and publishing stopped she had nowhere to read what to do.
    Every collection the editor lists is in the guide's table, by the editor's label,
    and both guides name the box she moves."""
    import yaml

    settings = yaml.safe_load((ROOT / "editor" / "admin" / "config.yml").read_text(encoding="utf-8"))
    text = HER_GUIDE.read_text(encoding="utf-8")
    missing = [collection["label"] for collection in settings["collections"]
               if f"| **{collection['label']}** |" not in text]
    assert missing == []
    dated = next(collection for collection in settings["collections"] if collection["name"] == "dated")
    date_box = next(field["label"] for field in dated["files"][0]["fields"][0]["fields"] if field["name"] == "ends_on")
    for guide in (HER_GUIDE, ROOT / "docs" / "editing-in-the-browser.md"):
        assert f"**{date_box}**" in guide.read_text(encoding="utf-8"), guide.name
