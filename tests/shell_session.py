"""An interactive shell in a private tmux server, driven by keys as a person drives it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


class ShellSessionError(AssertionError):
    """The screen never showed what was waited for."""


class ShellSession:
    """``argv`` run in a tmux pane of its own server (its own socket), with
    exactly the environment ``env``; ``close()`` stops that server."""

    def __init__(self, argv: list[str], env: dict[str, str], *, cwd: Path, width: int = 200, height: int = 60) -> None:
        tmux = shutil.which("tmux")
        assert tmux is not None, "tmux is not installed"
        self._folder = tempfile.mkdtemp(prefix="carsi-tmux-")  # short: a socket path has a length limit
        self._tmux = [tmux, "-S", str(Path(self._folder) / "socket"), "-f", "/dev/null"]
        command = ["env", "-i", *(f"{name}={value}" for name, value in env.items()), *argv]
        self._run("new-session", "-d", "-x", str(width), "-y", str(height), "-c", str(cwd), *command)
        self._run("set-option", "-g", "remain-on-exit", "on")  # a shell that dies leaves its pane to inspect

    def _run(self, *args: str) -> str:
        done = subprocess.run([*self._tmux, *args], capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise ShellSessionError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def type(self, text: str) -> None:
        """Type ``text`` as it is (no key names)."""
        self._run("send-keys", "-l", text)

    def press(self, *keys: str) -> None:
        """Press keys by tmux's names: Tab, Enter, C-c."""
        self._run("send-keys", *keys)

    def screen(self) -> str:
        """What the pane shows now, a line the terminal wrapped joined again
        (a long temporary path must not cut the word a test waits for)."""
        return "\n".join(line.rstrip() for line in self._run("capture-pane", "-p", "-J").splitlines())

    def alive(self) -> bool:
        """Whether the shell is still running."""
        return self._run("display-message", "-p", "#{pane_dead}").strip() == "0"

    def wait_for(self, seen: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        """The screen, once ``seen`` holds of it; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if seen(screen):
                return screen
            if time.monotonic() > deadline:
                raise ShellSessionError(f"the screen never showed {what}:\n{screen}")
            time.sleep(0.1)

    def run(self, command: str, output: str, timeout: float = 20.0) -> None:
        """Type ``command`` and Enter, and wait until ``output`` appears as a line of its own."""
        self.type(command)
        self.press("Enter")
        self.wait_for(lambda screen: output in screen.splitlines(), repr(output), timeout)

    def clear(self) -> None:
        """An empty line on a cleared screen. Ctrl-C twice: once may only close a
        menu of completions (fish, zsh); tried again if the shell took "clear" as
        part of the line."""
        for attempt in range(3):
            for _ in range(2):
                self.press("C-c")
                time.sleep(0.3)
            self.type("clear")
            self.press("Enter")
            try:
                self.wait_for(lambda screen: "clear" not in screen, "a cleared screen", timeout=10)
                return
            except ShellSessionError:
                if attempt == 2:
                    raise

    def close(self) -> None:
        subprocess.run([*self._tmux, "kill-server"], capture_output=True, timeout=30, check=False)
        shutil.rmtree(self._folder, ignore_errors=True)
