"""``accord opinion-groups DIR``: runs without Django and prints participant,group lines."""

from __future__ import annotations

import pytest

from accord import cli

COMMENTS = "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n"


def _conversation(folder):
    """Two camps of four (participants 10..13 and 20..23) on four statements; participant
    30 voted once and is not clustered."""
    (folder / "comments.csv").write_text(
        COMMENTS + "".join(f"1,x,{j},1,0,0,1,s\n" for j in range(4))
    )
    lines = []
    for pid, camp in [(p, (1, 1, -1, 1)) for p in range(10, 14)] + [
        (p, (-1, -1, 1, 1)) for p in range(20, 24)
    ]:
        lines += [f"{100 + pid},x,{j},{pid},{v}\n" for j, v in enumerate(camp)]
    lines.append("500,x,0,30,1\n")
    (folder / "votes.csv").write_text(VOTES + "".join(lines))
    return folder


def test_prints_one_line_per_clustered_participant(tmp_path, capsys):
    assert cli.main(["opinion-groups", str(_conversation(tmp_path))]) == 0
    out = capsys.readouterr().out.split()
    assert out == [f"{p},0" for p in range(10, 14)] + [f"{p},1" for p in range(20, 24)]


def test_compare_reports_the_adjusted_rand_index(tmp_path, capsys):
    folder = _conversation(tmp_path)
    rows = "".join(
        f"{p},{0 if p < 20 else 1},0,4,0,0,,\n" for p in [*range(10, 14), *range(20, 24)]
    )
    (folder / "participants-votes.csv").write_text(
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n" + rows
    )
    assert cli.main(["opinion-groups", str(folder), "--compare"]) == 0
    assert "adjusted Rand index against Pol.is' groups: 1.000 (8 participants" in (
        capsys.readouterr().err
    )


def test_help_and_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["opinion-groups", "--help"])
    assert exit_info.value.code == 0
    assert "participant,group" in capsys.readouterr().out
    (tmp_path / "comments.csv").write_text(COMMENTS)
    (tmp_path / "votes.csv").write_text(VOTES + "1,x,0,1,7\n")
    assert cli.main(["opinion-groups", str(tmp_path)]) == 2
    assert "votes.csv:2: vote must be -1, 0 or 1" in capsys.readouterr().err


def test_needs_no_django(tmp_path, capsys, monkeypatch):
    def no_django() -> None:
        raise AssertionError("accord opinion-groups must not set up Django")

    monkeypatch.setattr(cli, "_django_setup", no_django)
    assert cli.main(["opinion-groups", str(_conversation(tmp_path))]) == 0
    assert len(capsys.readouterr().out.split()) == 8
