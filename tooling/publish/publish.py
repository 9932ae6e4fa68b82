"""`make publish`: build the public site, run every check, and only then deploy it.

Nothing at the destination is touched until the build has passed every
check. The destination comes from DEST, else PUBLISH_DEST (the environment,
or publishconf.py). The whole run holds .publish/lock (publish_lock.py), so
what is deployed is what this run built and checked. A setting given to make
whose name is DRY_RUN misspelt (DRYRUN, dry_run, DRY-RUN...) stops publishing
before anything starts: it would otherwise be ignored and the site published.
So does CUSTOM_DOMAIN, which once set the CNAME: the address now comes from
PUBLIC_URL in pelicanconf.py only (publishconf.py).
"""
import re

from pelican.settings import read_settings

from tooling.build.build import ROOT
from tooling.publish.deploy_folder import deploy_to_folder
from tooling.publish.deploy_git import deploy_to_gh_pages
from tooling.publish.deploy_rsync import deploy_with_rsync
from tooling.publish.destination import FOLDER, GIT, DeployFailed, parse_destination
from tooling.publish.publish_lock import PublishFolderBusy, publish_folder_lock
from tooling.publish.publish_checks import PUBLIC_SETTINGS, ChecksFailed, build_checked_site

# The public build, kept apart from the preview in output/.
PUBLISH_BUILD = ROOT / ".publish" / "site"


class PublishStopped(Exception):
    """Publishing stopped; the message says why and what happened to the live site."""


def public_settings():
    return read_settings(str(ROOT / PUBLIC_SETTINGS))


def misspelt_dry_run(names):
    """The names that look like DRY_RUN without being it."""
    return sorted({name for name in names
                   if name != "DRY_RUN" and re.sub(r"[^A-Z]", "", name.upper()) == "DRYRUN"})


def publish(dest="", dry_run=False, given_names=()):
    if "CUSTOM_DOMAIN" in given_names:
        raise PublishStopped(
            "Nothing was published: CUSTOM_DOMAIN is no longer taken from the environment or the command "
            "line. The site's address is set in one place, PUBLIC_URL in pelicanconf.py; the CNAME that "
            "GitHub Pages reads is its host, so the site and its canonical addresses always agree.\n"
            "Remove CUSTOM_DOMAIN (in a terminal: unset CUSTOM_DOMAIN) and, to change the address, "
            "change PUBLIC_URL in pelicanconf.py and commit it (see docs/deploy.md)."
        )
    misspelt = misspelt_dry_run(given_names)
    if misspelt:
        raise PublishStopped(
            f"Nothing was published: {', '.join(misspelt)} is not a setting `make publish` knows, and "
            "publishing for real when you asked for a dry run could put an unchecked change online.\n"
            "To see what would change without publishing, write it exactly DRY_RUN=1 "
            "(capital letters, with an underscore); to publish, leave it out."
        )
    try:
        with publish_folder_lock(PUBLISH_BUILD.parent):
            _publish(dest, dry_run)
    except PublishFolderBusy as busy:
        raise PublishStopped(str(busy)) from None


def _publish(dest, dry_run):
    settings = public_settings()
    try:
        destination = parse_destination(dest or settings.get("PUBLISH_DEST", ""))
    except DeployFailed as problem:
        raise PublishStopped(f"Nothing was published. {problem}") from None
    print(f"Building the public site and checking it before publishing to {destination.describe()} ...")
    try:
        site = build_checked_site(PUBLISH_BUILD)
    except ChecksFailed:
        raise PublishStopped(
            "Publishing stopped: the site did not pass its checks (the problems are listed above).\n"
            f"Nothing was sent to {destination.describe()}; the live site is exactly as it was.\n"
            "Fix the problems and run the same command again."
        ) from None
    try:
        if destination.kind == GIT:
            changes = deploy_to_gh_pages(site, destination, settings.get("CUSTOM_DOMAIN", ""), dry_run)
            report_git(changes, destination, dry_run)
        else:
            deploy = deploy_to_folder if destination.kind == FOLDER else deploy_with_rsync
            copied, deleted = deploy(site, destination, dry_run)
            report_copy(copied, deleted, destination, dry_run)
    except DeployFailed as problem:
        raise PublishStopped(f"Publishing failed. {problem}") from None


def report_git(changes, destination, dry_run):
    if not changes:
        print(f"Nothing to publish: {destination.describe()} already holds this exact site.")
        return
    for status, path in changes:
        print(f"  {dict(A='new', M='changed', D='removed').get(status, status):8} {path}")
    verb = "Would publish" if dry_run else "Published"
    print(f"{verb} {len(changes)} changed file(s) to {destination.describe()}.")
    if dry_run:
        print("This was a dry run: nothing was changed.")


def report_copy(copied, deleted, destination, dry_run):
    for path in copied:
        print(f"  copy     {path}")
    for path in deleted:
        print(f"  remove   {path}")
    if not copied and not deleted:
        print(f"Nothing to publish: {destination.describe()} already holds this exact site.")
        return
    verb = "Would copy" if dry_run else "Copied"
    print(f"{verb} {len(copied)} file(s) and {'would remove' if dry_run else 'removed'} "
          f"{len(deleted)} from {destination.describe()}.")
    if dry_run:
        print("This was a dry run: nothing was changed.")
