"""`python -m carsi_cli` runs carsi."""

from carsi_cli.cli import main

main()
