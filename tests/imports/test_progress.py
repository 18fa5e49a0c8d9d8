import io

from django.core.management.base import OutputWrapper

from imports.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_terminal_sees_a_bar_that_fills_up():
    screen = Terminal()
    progress = Progress(OutputWrapper(screen), total_bytes=200, enabled=True)
    progress.update(100, "3 posts")
    progress.update(200, "6 posts")
    progress.close()
    assert "\r[###############               ]  50% 3 posts" in screen.getvalue()
    assert "\r[##############################] 100% 6 posts" in screen.getvalue()


def test_no_bar_when_the_output_is_not_a_terminal(run, data, capsys):
    out = run("import_wordpress", str(data / "mill-1.0.xml"))
    assert "\r" not in out
    assert "\r" not in capsys.readouterr().err
