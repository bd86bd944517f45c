"""Publish kinds register themselves when their module is imported; a look-up imports them
first, so a process that never opened a workspace still publishes every kind."""

from __future__ import annotations

from fresh_python import fresh_python


def test_a_look_up_finds_every_kind_in_a_fresh_process() -> None:
    code = (
        "import sys\n"
        "from studio.publish.kinds import known_kinds, publish_kind\n"
        "assert 'studio.publish.credits_kind' not in sys.modules\n"
        "print(publish_kind('credits').noun)\n"
        "print(sorted(known_kinds()))\n"
    )
    noun, kinds = fresh_python(code).strip().split("\n")
    assert noun
    assert kinds == str(sorted(["application", "artist", "cleanup", "credits", "pin", "user"]))


def test_the_package_names_load_on_first_use() -> None:
    code = (
        "import sys, studio.publish as p\n"
        "assert 'studio.publish.runner' not in sys.modules\n"
        "print(p.OutboxRunner.__module__, p.build_op.__module__)\n"
        "try:\n"
        "    p.nothing_here\n"
        "except AttributeError as exc:\n"
        "    print('AttributeError', exc)\n"
    )
    lines = fresh_python(code).strip().split("\n")
    assert lines[0] == "studio.publish.runner studio.publish.kinds"
    assert lines[1].startswith("AttributeError") and "nothing_here" in lines[1]
