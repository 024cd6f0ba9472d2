# ``python -m benchmarks [--quick]``: see _runner.py.
from ._runner import main

raise SystemExit(main())
