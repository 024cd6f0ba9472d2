import eventbridge_structs


def test_version() -> None:
    assert eventbridge_structs.__version__ == "0.1.0"
