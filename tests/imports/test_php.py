import pytest

from imports.php import PHPValueError, loads


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('a:2:{s:4:"like";i:7;s:7:"dislike";i:2;}', {"like": 7, "dislike": 2}),
        ("i:-3;", -3),
        ("b:1;", True),
        ("N;", None),
        ("d:0.5;", 0.5),
        ('s:6:"héllo";', "héllo"),  # PHP counts bytes: é is two
        ('s:4:"a;b}";', "a;b}"),
        ('a:1:{i:0;a:1:{i:0;s:0:"";}}', {0: {0: ""}}),
    ],
)
def test_scalars_and_arrays_are_read(text, value):
    assert loads(text) == value


@pytest.mark.parametrize(
    "text",
    [
        'O:8:"stdClass":1:{s:4:"like";i:9;}',  # an object: never built
        'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
        'a:1:{i:0;O:8:"stdClass":0:{}}',  # an object inside an array
        "a:1:{i:0;r:1;}",  # a reference
        's:10:"short";',  # the length lies
        "a:2:{i:0;i:1;}",  # fewer items than announced
        'a:1:{s:1:"x";i:1;}trailing',
        "i:1e9;",
        "",
        "a:1:{a:0:{};i:1;}",  # an array as a key
        "a:1:{" * 40 + "i:0;i:0;" + "}" * 40,  # too deep
    ],
)
def test_anything_else_is_refused(text):
    with pytest.raises(PHPValueError):
        loads(text)
