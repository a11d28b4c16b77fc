"""What keeping the HTTP connection to Slack open saves, per Web API call.

slack_sdk's WebClient opens a new connection for every call (urllib closes it after each
request); bot.slack_http.KeepAliveWebClient reuses one per thread. Both post the same
question-sized message to the local Slack stand-in, one call after another:

    python bench/slack_client.py [--calls 500]

On loopback this is the TCP connect and the stand-in's per-connection thread; against
slack.com each new connection also costs a TLS handshake (one or more round trips more).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_sdk import WebClient

from bench.minimal_app import question
from bot.slack_http import KeepAliveWebClient
from sandbox.fake_slack import FakeSlack


def timed(client: WebClient, calls: int) -> list[float]:
    took = []
    for n in range(calls):
        began = time.perf_counter()
        client.chat_postMessage(channel="C0BENCH", blocks=question(n % 9 + 1), text="HOU")
        took.append((time.perf_counter() - began) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=500)
    args = parser.parse_args()
    with FakeSlack() as fake:
        token = "xoxb-sandbox"  # noqa: S105 - the stand-in's
        clients = {
            "slack_sdk WebClient (new connection per call)": WebClient(
                token=token, base_url=fake.base_url
            ),
            "KeepAliveWebClient (one connection)": KeepAliveWebClient(
                token=token, base_url=fake.base_url
            ),
        }
        for round_ in range(2):  # alternate, twice, against a noisy machine
            for name, client in clients.items():
                took = timed(client, args.calls)
                p50 = statistics.median(took)
                p99 = statistics.quantiles(took, n=100)[98]
                print(f"round {round_ + 1}  {name:48} p50 {p50:.2f} ms  p99 {p99:.2f} ms")


if __name__ == "__main__":
    main()
