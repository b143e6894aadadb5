#!/usr/bin/env python
import os
import sys

# Commands that only read or write the code (migrations, translations) sign nothing: they run
# with a throwaway key when SECRET_KEY is unset, so a developer needs no secret for them.
CODE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "showmigrations",
                 "sqlmigrate", "help"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_COMMANDS:
        os.environ.setdefault("PORTFOLIO_THROWAWAY_SECRET", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
