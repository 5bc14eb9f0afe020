from pathlib import Path

from csp_devtools.testing.layout import COMMON_FILES, find_cycle, imports_of, missing_common_files


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_a_module_imported_from_its_package_counts(tmp_path: Path) -> None:
    module = tmp_path / "a.py"
    module.write_text("from service import events\nfrom service.rebuild.service import x\n")
    assert {"service.events", "service.rebuild.service"} <= imports_of(module)


def test_the_common_files_a_package_lacks(tmp_path: Path) -> None:
    for name in COMMON_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    assert missing_common_files(tmp_path) == []
    (tmp_path / "problems.py").unlink()
    assert missing_common_files(tmp_path) == ["problems.py"]
