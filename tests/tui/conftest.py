from pathlib import Path

import pytest

from mock_server.clock import Clock
from tests.tui.harness import MemoryKeyring


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def frozen(clock: Clock) -> Clock:
    return clock
