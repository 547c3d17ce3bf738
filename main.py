"""Run DMDesk from a source checkout: ``python main.py [--demo]``."""

from dmdesk.app import main

if __name__ == "__main__":
    raise SystemExit(main())
