"""The claims no page may ever make, whatever data/claims.yml says.

data/claims.yml adds rules (and the statements pages must make); it cannot take
one of these away or loosen it: a copy cut down to one dummy pattern once let
"cures depression ... guaranteed" publish. Each family has its own test
(tests/plugins/test_claims_floor.py). The patterns are read on text as a reader sees
it: entities decoded, ignorable marks removed, letters NFKC-normalised
(built.py), case ignored.
"""

FORBIDDEN_CLAIMS = [
    {
        "family": "cure",
        "pattern": r"\bcur(e|es|ed|ing)\b"
                   r"|\b(heal|heals|healed|healing|fix|fixes|fixed|fixing|resolve[sd]?|end(s|ed)?|eliminat(e|es|ed)"
                   r"|erase[sd]?)\b[^.!?]{0,60}\b(for good|forever|permanently|once and for all|for life)\b",
        "why": "Ketamine-assisted therapy does not cure anything, for good or otherwise; describe what it may help with.",
    },
    {
        "family": "guaranteed",
        "pattern": r"\bguarantee(d|s|ing)?\b",
        "why": "Nothing about treatment is guaranteed.",
        "allowed_in": ["nothing is guaranteed", "no one can guarantee", "there is no guarantee"],
    },
    {
        "family": "percent safe",
        "pattern": r"\b100\s*(%|percent|per cent)\s*(safe|effective|success)"
                   r"|\b(completely|totally|perfectly|entirely|absolutely|fully)\s+(safe|harmless)\b"
                   r"|\brisk[\s-]*free\b",
        "why": "No medicine is completely safe; describe the risks instead.",
    },
    {
        "family": "no side effects",
        "pattern": r"\b(no|zero|without|free of|free from)\s+(any\s+|known\s+|real\s+|serious\s+){0,2}side[\s-]*effects?\b"
                   r"|\bside[\s-]*effect[\s-]*free\b",
        "why": "Ketamine has side effects; list the common ones instead.",
    },
    {
        "family": "clinically proven",
        "pattern": r"\b(clinically|scientifically|medically)[\s-]+(proven|validated)\b"
                   r"|\bproven\s+to\s+(work|heal|cure|fix)\b",
        "why": "The research on ketamine with couples is early and limited.",
    },
    {
        "family": "not addictive",
        "pattern": r"\bnon[\s-]*addictive\b|\bnot\s+(habit[\s-]*forming|addictive)\b"
                   r"|\b(no|zero)\s+(risk\s+of\s+)?(addiction|dependence)\b|\bcan(not|'t|\u2019t)\s+be\s+addictive\b",
        "why": "Ketamine is a Schedule III controlled substance and can be misused.",
    },
    {
        "family": "permanent",
        "pattern": r"\bpermanent(ly)?\s+(relief|results?|cure|healing|fix|solution|recovery|remission|change)\b"
                   r"|\b(relief|results?|healing|changes?|benefits?)\s+(that\s+)?(is|are|will\s+be|lasts?)\s+"
                   r"(permanent|forever)\b|\blasts?\s+forever\b",
        "why": "No one can promise results that last; say what the research found and for how long.",
    },
    {
        "family": "miracle",
        "pattern": r"\bmiracle",
        "why": "Marketing words promise too much.",
    },
]
