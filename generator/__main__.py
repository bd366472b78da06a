"""The `regiekaart` command, and `python -m generator`."""

from . import interrupt


def main() -> None:
    interrupt.install()  # before the imports that take time: a Ctrl+C during them counts too
    try:
        from .cli import run
    except KeyboardInterrupt:
        raise SystemExit("Afgebroken.") from None  # as Click says it, without a traceback
    run()


if __name__ == "__main__":
    main()
