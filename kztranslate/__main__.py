"""``python -m kztranslate`` runs the same CLI as the console script."""

from kztranslate.cli import main

if __name__ == "__main__":
    main()
