"""Moving bytes: netcat.c's readwrite() loop, port for port.

Four poll entries, as nc has them: stdin, network out, network in, stdout
(the socket appears twice, once per direction).  Each turn of the loop
reads what is ready into one of two buffers and writes what the other side
can take, and the order of the checks below is nc's: it decides when the
socket is shut down (SHUT_WR after EOF on stdin with -N, SHUT_RD at EOF
from the network) and so what the peer sees and when.

The only liberty: a stream socket's buffers are 128 KiB where nc's are
16 KiB.  The bytes on the wire and their order are the same (TCP and unix
streams have no message boundaries); Python pays per call, not per byte.
Where a read is a message (UDP, unix datagrams) or nc counts reads (-W) or
works line by line (-C, -i) or per buffer (-t), the size stays nc's.
"""
from pynettools.kernel.netio import POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT

STDIN, NETOUT, NETIN, STDOUT = 0, 1, 2, 3
NC_BUFSIZE = 16384
STREAM_BUFSIZE = 131072

IAC, DONT, DO, WONT, WILL = 255, 254, 253, 252, 251
_AGAIN = -2  # drainbuf()/fillbuf(): EAGAIN or EINTR, not an error


def buffer_size(nc):
    if nc.uflag or nc.recvlimit or nc.Cflag or nc.iflag or nc.tflag:
        return NC_BUFSIZE
    return STREAM_BUFSIZE


class Relay:
    """One readwrite(net_fd) call."""

    def __init__(self, nc, net_fd):
        self.nc = nc
        self.calls = nc.calls
        self.net_fd = net_fd
        self.size = buffer_size(nc)
        # nc's two buffers and how full they are (stdinbufpos, netinbufpos)
        self.stdin_buf = Buffer(self.size)
        self.netin_buf = Buffer(self.size)
        stdin_fd = -1 if nc.dflag else 0
        # [fd, events] per entry, as struct pollfd
        self.pfd = [[stdin_fd, POLLIN], [net_fd, 0], [net_fd, POLLIN], [1, 0]]

    def run(self):
        nc = self.nc
        pfd = self.pfd
        while True:
            if self._finished():
                if nc.qflag <= 0:
                    return
                self._delay_exit()
            try:
                revents = self.calls.poll([(fd, events) for fd, events in pfd], nc.timeout)
            except OSError as error:
                nc.err("polling error", error.errno)
            if not any(revents):
                return  # the -w timeout
            self._conditions(revents)
            self._read_stdin(revents)
            self._write_net(revents)
            self._read_net(revents)
            self._write_stdout(revents)
            self._after_transfers()

    def _finished(self):
        """nc's three reasons to leave (or, with -q N, to start the alarm)."""
        pfd = self.pfd
        stdin_gone, netin_gone = pfd[STDIN][0] == -1, pfd[NETIN][0] == -1
        empty = not self.stdin_buf.pos and not self.netin_buf.pos
        if stdin_gone and netin_gone and empty:
            return True
        if pfd[NETOUT][0] == -1 and pfd[STDOUT][0] == -1:
            return True
        return self.nc.lflag and netin_gone and empty

    def _delay_exit(self):
        """-q N: close the socket and let SIGALRM end nc (exit 0) N seconds
        later.  The loop goes on meanwhile; the next turn finds the same
        state and starts the alarm again (as nc does)."""
        try:
            self.calls.close(self.net_fd)
        except OSError:
            pass  # closed on an earlier turn: nc ignores close()'s EBADF
        self.calls.alarm(self.nc.qflag)

    def _conditions(self, revents):
        pfd = self.pfd
        for index in range(4):
            if revents[index] & (POLLERR | POLLNVAL):
                pfd[index][0] = -1
        # reading is possible after HUP: only a HUP without data ends an input
        for index in (STDIN, NETIN):
            if pfd[index][1] & POLLIN and revents[index] & POLLHUP and not revents[index] & POLLIN:
                pfd[index][0] = -1
        if revents[NETOUT] & POLLHUP:
            if self.nc.Nflag:
                self._shutdown(pfd[NETOUT][0], 1)
            pfd[NETOUT][0] = -1
        if revents[STDOUT] & POLLHUP:
            pfd[STDOUT][0] = -1
        if pfd[NETOUT][0] == -1:
            pfd[STDIN][0] = -1
        if pfd[STDOUT][0] == -1:
            if pfd[NETIN][0] != -1:
                self._shutdown(pfd[NETIN][0], 0)
            pfd[NETIN][0] = -1

    def _read_stdin(self, revents):
        pfd = self.pfd
        if not (revents[STDIN] & POLLIN and self.stdin_buf.pos < self.size):
            return
        got = self._fill(pfd[STDIN][0], self.stdin_buf)
        if got in (0, -1):
            pfd[STDIN][0] = -1
        if self.stdin_buf.pos:
            pfd[NETOUT][1] = POLLOUT
        if self.stdin_buf.pos == self.size:
            pfd[STDIN][1] = 0

    def _write_net(self, revents):
        pfd = self.pfd
        if not (revents[NETOUT] & POLLOUT and self.stdin_buf.pos):
            return
        nc = self.nc
        done = self._drain(pfd[NETOUT][0], self.stdin_buf, bool(nc.iflag or nc.Cflag))
        if done == -1:
            pfd[NETOUT][0] = -1
        if not self.stdin_buf.pos:
            pfd[NETOUT][1] = 0
        if self.stdin_buf.pos < self.size:
            pfd[STDIN][1] = POLLIN

    def _read_net(self, revents):
        pfd = self.pfd
        if not (revents[NETIN] & POLLIN and self.netin_buf.pos < self.size):
            return
        nc = self.nc
        got = self._fill(pfd[NETIN][0], self.netin_buf)
        if got == -1:
            pfd[NETIN][0] = -1
        if got == 0:
            self._shutdown(pfd[NETIN][0], 0)
            pfd[NETIN][0] = -1
        if nc.recvlimit > 0:
            nc.recvcount += 1
            if nc.recvcount >= nc.recvlimit:
                if pfd[NETIN][0] != -1:
                    self._shutdown(pfd[NETIN][0], 0)
                pfd[NETIN][0] = -1
                pfd[STDIN][0] = -1
        if self.netin_buf.pos:
            pfd[STDOUT][1] = POLLOUT
        if self.netin_buf.pos == self.size:
            pfd[NETIN][1] = 0
        if nc.tflag:
            self._telnet(pfd[NETIN][0])

    def _write_stdout(self, revents):
        pfd = self.pfd
        if not (revents[STDOUT] & POLLOUT and self.netin_buf.pos):
            return
        if self._drain(pfd[STDOUT][0], self.netin_buf, False) == -1:
            pfd[STDOUT][0] = -1
        if not self.netin_buf.pos:
            pfd[STDOUT][1] = 0
        if self.netin_buf.pos < self.size:
            pfd[NETIN][1] = POLLIN

    def _after_transfers(self):
        nc = self.nc
        pfd = self.pfd
        if pfd[STDIN][0] == -1 and not self.stdin_buf.pos:
            if pfd[NETOUT][0] != -1 and nc.Nflag:
                self._shutdown(pfd[NETOUT][0], 1)
            pfd[NETOUT][0] = -1
            # Debian #817050: UDP and -l with -q: stop reading the network too
            if (nc.lflag or nc.uflag) and pfd[NETIN][0] != -1 and nc.qflag >= 0 and not self.netin_buf.pos:
                self._shutdown(pfd[NETIN][0], 0)
                pfd[NETIN][0] = -1
                nc.kflag = False
        if pfd[NETIN][0] == -1 and not self.netin_buf.pos:
            pfd[STDOUT][0] = -1

    # ---- nc's helpers ---------------------------------------------------------

    def _shutdown(self, fd, how):
        try:
            self.calls.shutdown(fd, how)
        except OSError:
            pass  # nc does not look at shutdown()'s result

    def _fill(self, fd, buf):
        """fillbuf(): read what fits; the count, 0 at EOF, -1 on error, -2 to retry."""
        try:
            got = self.calls.readinto(fd, buf.view[buf.pos:])
        except (BlockingIOError, InterruptedError):
            return _AGAIN
        except OSError:
            return -1
        buf.pos += got
        return got

    def _drain(self, fd, buf, oneline):
        """drainbuf(): write from buf (a line at a time with -C/-i), keep the rest."""
        nc = self.nc
        mode = 0
        newline = buf.data.find(b"\n", 0, buf.pos) if oneline else -1
        if newline < 0:
            count = buf.pos
        elif nc.Cflag and (newline == 0 or buf.data[newline - 1] != 0x0D):
            count, mode = newline, 2  # the line without its LF, then CR LF
        else:
            count, mode = newline + 1, 1
        if count > 0:
            try:
                count = self.calls.write(fd, buf.view[:count])
            except (BlockingIOError, InterruptedError):
                return _AGAIN
            except OSError:
                return -1
        if mode == 2:
            count += 1
        if count <= 0:
            return count
        if mode == 2:
            sent, error = write_all(self.calls, fd, b"\r\n")
            if sent != 2:
                nc.err("write failed (%d/2)" % sent, error)
        if mode and nc.iflag:
            self.calls.sleep(nc.iflag)
        buf.consume(count)
        return count

    def _telnet(self, fd):
        """atelnet(): refuse every WILL/WONT (DONT) and DO/DONT (WONT) option
        found in the buffer.  nc scans the whole buffer, not just what this
        read added, and writes to the network-in descriptor even after EOF
        made it -1 (then "Write Error!")."""
        buf = self.netin_buf.data
        if self.netin_buf.pos < 3:
            return
        end = self.netin_buf.pos - 2
        index = 0
        while index < end:
            if buf[index] != IAC:
                index += 1
                continue
            verb = buf[index + 1]
            if verb in (WILL, WONT):
                answer = DONT
            elif verb in (DO, DONT):
                answer = WONT
            else:
                index += 2
                continue
            sent, error = write_all(self.calls, fd, bytes((IAC, answer, buf[index + 2])))
            if sent != 3:
                self.nc.warn("Write Error!", error)
            index += 3


class Buffer:
    """A fixed buffer and how much of it holds data (nc's buf and bufpos)."""

    def __init__(self, size):
        self.data = bytearray(size)
        self.view = memoryview(self.data)
        self.pos = 0

    def consume(self, count):
        """Drop the first count bytes, moving the rest to the front (memmove)."""
        rest = self.pos - count
        if rest > 0:
            self.data[:rest] = bytes(self.view[count:self.pos])
        self.pos = rest


def write_all(calls, fd, data):
    """atomicio(vwrite, ...): write all of data, polling while the socket is
    full: (bytes sent, errno): short, with the errno, when a write fails."""
    done = 0
    view = memoryview(data)
    while done < len(data):
        try:
            sent = calls.write(fd, view[done:])
        except InterruptedError:
            continue
        except BlockingIOError:
            calls.poll([(fd, POLLOUT)], -1)
            continue
        except OSError as error:
            return done, error.errno
        done += sent
    return done, 0


def read_exactly(calls, fd, count):
    """atomicio(read, ...): (data, errno): short data at EOF (errno EPIPE) or error."""
    data = bytearray()
    while len(data) < count:
        try:
            chunk = calls.read(fd, count - len(data))
        except InterruptedError:
            continue
        except BlockingIOError:
            calls.poll([(fd, POLLIN)], -1)
            continue
        except OSError as error:
            return bytes(data), error.errno
        if not chunk:
            import errno

            return bytes(data), errno.EPIPE
        data += chunk
    return bytes(data), 0
