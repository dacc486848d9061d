from cleantext import _command

_command()
