"""The programs beyond Python 3.11+, git and make that some steps use, and how to install each.

Building and previewing the site need none of them. Written once here for
the messages of the tooling and the tests; README.md and docs/deploy.md
show the same commands. On Windows the project runs inside WSL (Ubuntu), since
make and its shell commands need it.
"""
import os
import shutil
from dataclasses import dataclass


@dataclass(frozen=True)
class Tool:
    command: str
    purpose: str
    debian: str  # Debian or Ubuntu, and Ubuntu inside WSL on Windows
    macos: str  # Homebrew

    def find(self):
        """The program's path, looked up on PATH (None when it is not installed)."""
        return shutil.which(self.command)

    def how_to_install(self):
        return (f"Debian/Ubuntu: `{self.debian}`; macOS (Homebrew): `{self.macos}`; "
                f"Windows: in WSL (Ubuntu) `{self.debian}`")


RSYNC = Tool("rsync", "copies the site to a server (make publish DEST=user@host:/path)",
             "sudo apt-get install rsync", "brew install rsync")
JAVA = Tool("java", "runs the W3C HTML checker (make check, make publish)",
            "sudo apt-get install default-jre-headless", "brew install openjdk")
NGINX = Tool("nginx", "tests the nginx settings shown in docs/deploy.md (tests only)",
             "sudo apt-get install nginx-light", "brew install nginx")
CHROMIUM = Tool("chromium", "proves urgent help is on a phone's first screen before publishing "
                "(make publish, make public-build) and runs the real-browser tests in tests/browser/",
                "sudo apt-get install chromium", "brew install --cask chromium")
TOOLS = {tool.command: tool for tool in (RSYNC, JAVA, NGINX, CHROMIUM)}


def chromium_path():
    """KACT_CHROMIUM, for a Chromium installed elsewhere (the macOS app), else `chromium` on PATH."""
    return os.environ.get("KACT_CHROMIUM") or CHROMIUM.find()
