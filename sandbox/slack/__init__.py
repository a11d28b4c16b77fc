"""The stand-in for Slack's Web API: one module per method family (`chat`, `conversations`,
`views`, `files`, `users`, `scheduled`), the workspace they act on (`state`, `directory`,
`records`), Slack's limits (`limits`, `documented_limits`), and the HTTP server (`http`, `core`).
Tests, benchmarks and the sandbox import `FakeSlack` from here.
"""

from sandbox.slack.core import Call, FakeCore
from sandbox.slack.stand_in import FakeSlack

__all__ = ["Call", "FakeCore", "FakeSlack"]
