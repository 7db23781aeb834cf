"""Where files live: an explicit path, then the environment, then the platform's folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from platformdirs import user_cache_dir, user_config_dir, user_data_dir

from newsreader.paths import cache_dir, config_dir, data_dir


@pytest.mark.parametrize(
    ("choose", "variable", "platform"),
    [
        (data_dir, "NEWSREADER_DATA_DIR", user_data_dir),
        (cache_dir, "NEWSREADER_CACHE_DIR", user_cache_dir),
        (config_dir, "NEWSREADER_CONFIG", user_config_dir),
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
