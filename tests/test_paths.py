"""Where files live: an explicit path, then the environment, then the platform's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platformdirs import user_cache_dir, user_config_dir, user_data_dir

from newsreader.paths import cache_dir, config_dir, config_file, data_dir, named_config_file


@pytest.mark.parametrize(
    ("choose", "variable", "platform"),
    [
        (data_dir, "NEWSREADER_DATA_DIR", user_data_dir),
        (cache_dir, "NEWSREADER_CACHE_DIR", user_cache_dir),
    ],
)
def test_explicit_beats_environment_beats_platform(
    choose: Callable[..., Path],
    variable: str,
    platform: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv(variable, raising=False)
    assert choose() == Path(platform("newsreader", appauthor=False))
    monkeypatch.setenv(variable, "")  # set but empty counts as not set
    assert choose() == Path(platform("newsreader", appauthor=False))
    monkeypatch.setenv(variable, str(tmp_path / "from-env"))
    assert choose() == tmp_path / "from-env"
    assert choose(tmp_path / "given") == tmp_path / "given"
    assert choose("~/given") == Path.home() / "given"
    assert not (tmp_path / "from-env").exists()  # choosing creates nothing


def test_config_file_is_named_by_option_then_environment_else_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    default = Path(user_config_dir("newsreader", appauthor=False)) / "config.toml"
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    assert config_dir() == default.parent
    assert named_config_file() is None
    assert config_file() == default
    monkeypatch.setenv("NEWSREADER_CONFIG", "")  # set but empty counts as not set
    assert named_config_file() is None
    assert config_file() == default
    # The variable names the file itself, not a folder for it.
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "env.toml"))
    assert named_config_file() == config_file() == tmp_path / "env.toml"
    assert config_file(tmp_path / "option.toml") == tmp_path / "option.toml"
    assert config_file("~/option.toml") == Path.home() / "option.toml"
    assert not (tmp_path / "env.toml").exists()  # choosing creates nothing
