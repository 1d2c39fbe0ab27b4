"""booking-sandbox: a stateful mock server and contract-test kit for booking APIs."""

import warnings

# Connexion imports starlette.testclient at import time, and Starlette warns there about
# httpx on every start and every CLI call: noise no user of the sandbox can act on.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
