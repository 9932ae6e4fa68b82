"""The notices no page may go without, whatever data/notices.yml says.

data/notices.yml words the notices and can ask for more of them; it cannot
take one of these off the pages that need it or empty it of its point. Each
rule: the notice's id, which pages need it (every page, or those whose text
mentions something), and what its words on the page must say. A short line
that links to the full statement (data/notices.yml `short`/`full_on`)
satisfies it as long as the short line says that much.
"""

REQUIRED_NOTICES = [
    {
        "id": "urgent-help",
        "pages": "all",
        "kind": "every page",
        "says": r"\b(crisis|emergenc|danger)",
        "links": "tel:",
        "gist": "where to get help in a crisis, with a number to call",
    },
    {
        "id": "not-medical-advice",
        "pages": "all",
        "kind": "every page",
        "says": r"\bnot medical advice\b",
        "gist": "that the site is not medical advice",
    },
    {
        "id": "fda-status",
        "mentions": r"\bketamine\b",
        "kind": "every page that mentions ketamine (beyond the service's name)",
        "ignore": ["Ketamine-Assisted Couples Therapy", "Ketamine-Assisted EMDR Resourcing"],
        "says": r"\bnot FDA[\s-]+approved\b|\boff[\s-]+label\b",
        "gist": "that ketamine is not FDA-approved for mental health conditions (its use is off-label)",
    },
    {
        "id": "results-vary",
        "mentions": r"\b(benefits?|outcomes?|results)\b",
        "kind": "every page that speaks of benefits, outcomes or results",
        # Both halves, anywhere in the notice as a reader sees it: its heading
        # ("Results vary:") alone must not stand for the whole statement.
        "says": r"(?s)(?=.*\bvary\b)(?=.*\bnothing is guaranteed\b)",
        "gist": "that results vary and nothing is guaranteed",
    },
]
