"""`make publish` refuses to start when it cannot do what was asked: a misspelt
DRY_RUN (which make would ignore, publishing for real), or another build or
publish using .publish/ at the same moment. Both stop before anything is built."""
import os
import subprocess
import sys

import pytest

from tests.site import ROOT
from tooling.publish.publish import PUBLISH_BUILD
from tooling.publish.publish_lock import PublishFolderBusy, publish_folder_lock


def make_publish(*words, env=None):
    return subprocess.run(["make", "--no-print-directory", "publish", *words], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("misspelt", ["DRYRUN", "dry_run", "DRY-RUN", "dryrun", "Dry_Run", "DRY_RUN_"])
def test_a_misspelt_dry_run_stops_publishing_with_a_message(tmp_path, misspelt):
    target = tmp_path / "live"
    target.mkdir()
    (target / "index.html").write_text("live site", encoding="utf-8")
    result = make_publish(f"DEST={target}", f"{misspelt}=1")
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert f"{misspelt} is not a setting" in said and "DRY_RUN=1" in said, said
    assert "Traceback" not in said
    assert [p.name for p in target.iterdir()] == ["index.html"], "nothing was published"


def test_a_misspelt_dry_run_in_the_environment_stops_publishing_too(tmp_path):
    result = make_publish(f"DEST={tmp_path}", env={"DRYRUN": "1"})
    assert result.returncode != 0 and "DRYRUN is not a setting" in result.stderr, result.stderr


def test_a_second_publish_does_not_start_while_the_publish_folder_is_in_use(tmp_path):
    with publish_folder_lock(PUBLISH_BUILD.parent):
        result = make_publish(f"DEST={tmp_path}", "DRY_RUN=1")
        with pytest.raises(PublishFolderBusy):
            with publish_folder_lock(PUBLISH_BUILD.parent):
                pass
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert "Another build or publish is using .publish/ right now" in said, said
    assert f"process {os.getpid()}" in said, "names the process that holds it"
    assert "Traceback" not in said
    with publish_folder_lock(PUBLISH_BUILD.parent):  # free again once the holder is done
        pass


def test_the_public_address_comes_from_the_settings_never_the_environment():
    """SITEURL=http://other.example make public-build built pages whose canonical
    and stylesheet addresses pointed at another site."""
    read = ("import sys; from pelican.settings import read_settings; s = read_settings(sys.argv[1]); "
            "print(s['SITEURL'], s['PUBLIC_URL'], s['CUSTOM_DOMAIN'])")
    env = {**os.environ, "SITEURL": "http://other.example", "PUBLIC_URL": "http://other.example",
           "CUSTOM_DOMAIN": "other.example"}
    result = subprocess.run([sys.executable, "-c", read, "publishconf.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    site_url, public_url, domain = result.stdout.split()
    assert site_url == public_url == "https://ketamine-couples.kaleidoscopeservicesllc.org"
    assert domain == "ketamine-couples.kaleidoscopeservicesllc.org"


@pytest.mark.parametrize("given", ["command line", "environment"])
def test_a_custom_domain_given_to_publish_stops_it_with_where_to_set_the_address(tmp_path, given):
    """CUSTOM_DOMAIN=other.example make publish wrote a CNAME for another host than
    the one the pages' canonical addresses name."""
    target = tmp_path / "live"
    target.mkdir()
    (target / "index.html").write_text("live site", encoding="utf-8")
    setting = {"CUSTOM_DOMAIN": "other.example"}
    if given == "command line":
        result = make_publish(f"DEST={target}", "CUSTOM_DOMAIN=other.example")
    else:
        result = make_publish(f"DEST={target}", env=setting)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said
    assert "CUSTOM_DOMAIN" in said and "PUBLIC_URL in pelicanconf.py" in said, said
    assert "Traceback" not in said
    assert [p.name for p in target.iterdir()] == ["index.html"], "nothing was published"
