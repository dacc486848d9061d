"""cleantext._struct, the dataclass stand-in: the constructor, defaults, equality, replace."""
from __future__ import annotations

import pytest

from cleantext._struct import dataclass, field, replace


@dataclass
class Point:
    x: int
    tags: list = field(default_factory=list)
    label: str = "p"


@dataclass
class Odd:  # a field without a default after one with a default: the generic constructor
    a: int = 1
    b: int  # type: ignore[misc]


def test_constructor_positional_keyword_and_defaults():
    assert Point(1) == Point(x=1, tags=[], label="p")
    assert Point(2, [3], label="q").tags == [3]
    first, second = Point(1), Point(1)
    first.tags.append(1)
    assert second.tags == []  # a fresh default per instance
    assert repr(Point(1)) == "Point(x=1, tags=[], label='p')"


def test_constructor_rejects_missing_and_unknown_arguments():
    with pytest.raises(TypeError):
        Point()
    with pytest.raises(TypeError):
        Point(1, nope=2)
    with pytest.raises(TypeError):
        Point(1, [], "a", "too many")


def test_replace_and_equality():
    p = Point(1, [2])
    q = replace(p, label="other")
    assert q.label == "other" and q.x == 1 and q != p
    assert Point(1) != "Point(1)"


def test_out_of_order_defaults_still_construct():
    assert Odd(b=2).a == 1 and Odd(5, 6).b == 6
    with pytest.raises(TypeError):
        Odd()


def test_pickles_as_the_field_values_and_round_trips():
    import pickle

    from cleantext.files import Source
    from cleantext.report import Outcome, Status

    assert Point(1, [2]).__reduce__() == (Point, (1, [2], "p"))
    outcome = Outcome("a.txt", Status.CHANGED, filters=["ads"], rules={"ads:placeholder": 2}, size=9)
    source = Source("/x/a.txt", "a.txt", "/x/a.txt", explicit=False)
    for value in (Point(1, [2], "q"), Odd(b=3), outcome, source):
        copy = pickle.loads(pickle.dumps(value, protocol=5))
        assert copy == value and copy is not value
    assert pickle.loads(pickle.dumps(outcome)).status is Status.CHANGED
