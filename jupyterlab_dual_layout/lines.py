"""Read a child process's output line by line, however long its lines are.

asyncio's ``StreamReader.readline`` gives up on a line longer than its buffer
limit (64 KiB): the reader raises, stops draining the pipe, and the helper then
blocks on its next write. Here the pipe is always drained in chunks, and only the
head of an overlong line is kept, so memory stays bounded whatever is written.
"""

CHUNK_BYTES = 64 * 1024
#: Bytes of one line kept for the log; the rest is counted, not stored.
MAX_LINE_BYTES = 8 * 1024


class _Line:
    def __init__(self):
        self.head = bytearray()
        self.dropped = 0

    def add(self, piece):
        room = MAX_LINE_BYTES - len(self.head)
        self.head += piece[:room]
        self.dropped += max(0, len(piece) - room)

    def text(self):
        text = self.head.decode("utf-8", "replace").rstrip()
        if self.dropped:
            text += f" … ({self.dropped} more bytes)"
        return text


async def read_lines(stream, on_line):
    """Call ``on_line(text)`` for every line of ``stream`` until it ends."""
    line = _Line()
    while chunk := await stream.read(CHUNK_BYTES):
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            line.add(chunk[start:end])
            on_line(line.text())
            line = _Line()
            start = end + 1
        line.add(chunk[start:])
    if line.head or line.dropped:
        on_line(line.text())
