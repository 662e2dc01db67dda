"""Argument types shared by the management commands (argparse calls them on the text typed)."""


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number
