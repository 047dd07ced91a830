"""ArtifactSwapper against the real server: loads in the background, swaps atomically,
keeps the old model when a load fails, and lets the last move win when loads race."""

import threading
import time

from arena import ArtifactSwapper, Client
from support.server import wait_for


def test_loads_in_background_keeps_old_on_failure_and_last_move_wins(server, sdk_token, program_name):
    server.program(program_name, versions=4)
    errors = []
    release = {2: threading.Event()}

    def load(target):
        if target.version == 3:
            raise RuntimeError("corrupt weights")
        gate = release.get(target.version)
        if gate is not None:
            gate.wait(30)  # v2 loads slowly
        return f"model-{target.version}"

    with Client(server.url, sdk_token, exposures=False, telemetry=False, on_error=errors.append) as arena:
        assert arena.ready(20.0)
        model = ArtifactSwapper(arena, program_name, "champion", load)
        assert model.ready(20.0)
        assert (model.current(), model.current_target().version) == ("model-1", 1)

        server.move(program_name, "champion", 3)  # its load fails: v1 keeps serving
        wait_for(lambda: any("corrupt weights" in e.message for e in errors), "the failed load to be reported")
        assert model.current() == "model-1"

        server.move(program_name, "champion", 2)  # slow load...
        wait_for(lambda: arena.target(program_name, "champion").version == 2, "the move to v2")
        assert model.current() == "model-1"  # still serving the old one while v2 loads
        server.move(program_name, "champion", 4)  # ...overtaken by a faster one
        wait_for(lambda: model.current() == "model-4", "v4 to serve")
        release[2].set()
        time.sleep(0.2)
        assert model.current() == "model-4"  # the late v2 load does not win
        model.close()
        server.move(program_name, "champion", 1)
        wait_for(lambda: arena.target(program_name, "champion").version == 1, "the move back")
        time.sleep(0.2)
        assert model.current() == "model-4"  # a closed swapper keeps its artifact, follows no more
