"""A headless Chromium driven over the DevTools protocol (through a pipe, no port), for the browser tests.

It opens a local page, records every request the page makes and every console message, evaluates
JavaScript for measurements, and prints to PDF. Only the standard library is used."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from riskscore.pdf.chromium import browser_command, find_chromium

TIMEOUT = 60.0


class Browser:
    """One Chromium process with one page; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        exe = find_chromium()
        if exe is None:
            raise RuntimeError("no Chromium")
        self.tmp = tempfile.TemporaryDirectory(prefix="riskscore-browser-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def plug() -> None:  # in the child: the browser reads commands on fd 3 and writes replies on fd 4
            ours = os.dup(to_browser_r), os.dup(from_browser_w)  # copies first: a pipe may already sit on 3 or 4
            os.dup2(ours[0], 3)
            os.dup2(ours[1], 4)

        cmd = browser_command(exe, Path(self.tmp.name) / "profile", "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank")
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=plug,
            start_new_session=True,  # its own process group, so close() can end its helpers too
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank", newWindow=False)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height, deviceScaleFactor=1, mobile=False)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the browser (and its helper processes, which share its process group) and remove its profile."""
        try:
            self.call("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # helpers left behind by the browser we started
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        for _ in range(20):  # a helper may still be closing files in the profile
            try:
                self.tmp.cleanup()
                break
            except OSError:
                time.sleep(0.1)


    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result; events that arrive meanwhile are kept."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The next event of that name (or one already received)."""
        for e in self.events:
            if e.get("method") == event:
                self.events.remove(e)
                return e
        deadline = time.monotonic() + TIMEOUT
        while True:
            e = self._read_message(deadline)
            if e.get("method") == event:
                return e
            self.events.append(e)

    def open(self, path: Path) -> None:
        """Load a local file and wait until it has loaded."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def set_width(self, width: int, height: int = 900) -> None:
        """Resize the viewport."""
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height, deviceScaleFactor=1, mobile=False)

    def requests(self) -> list[str]:
        """Addresses of every request the page made since it was opened."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def console_errors(self) -> list[str]:
        """Console errors and browser log errors since the page was opened."""
        out = []
        for e in self.events:
            if e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") == "error":
                out.append(" ".join(str(a.get("value")) for a in e["params"].get("args", [])))
            elif e.get("method") == "Runtime.exceptionThrown":
                out.append(str(e["params"]["exceptionDetails"].get("text")))
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error":
                out.append(str(e["params"]["entry"].get("text")))
        return out

    def print_pdf(self, **options: Any) -> bytes:
        """The page printed to PDF with its own @page size and margin boxes."""
        import base64

        result = self.call("Page.printToPDF", session=True, preferCSSPageSize=True, printBackground=True, **options)
        return base64.b64decode(result["data"])
