# ``python -m eventbridge_structs``: the same as the ``eventbridge-structs`` command.
import sys

from .cli import main

sys.exit(main())
