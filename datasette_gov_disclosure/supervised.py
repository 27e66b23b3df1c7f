"""Worker processes that may die or run away without taking the load with them.

``multiprocessing.Pool`` waits forever for the task of a worker that was killed (OOM killer, a
segfault in a C library); ``concurrent.futures.ProcessPoolExecutor`` notices (BrokenProcessPool)
but fails every task in flight and cannot tell which one the dead worker held, nor stop one
runaway task. Here each worker has its own pipe, so the supervisor knows which items it holds,
and writes the item it is working on, and since when, into shared memory. When a worker dies,
that item alone is lost; when one item runs past the time limit, its worker is killed the same
way. The other items it held go to a fresh worker, and the results still come out in input order.
"""
import collections
import gc
import itertools
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import wait

CRASHED = "crashed"
TIMED_OUT = "timeout"
def _die_with_parent():
    """Linux: the kernel kills this worker when the thread that started it ends, even by SIGKILL,
    so that a runaway item cannot outlive a killed load."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker(conn, slot, progress, job, initializer, initargs):
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    if initializer is not None:
        initializer(*initargs)
    # What the worker holds now (the modules, the supervisor's state copied by fork) lives as long
    # as it does: the garbage collector skips it, so a collection walks only what the items make
    # (and the pages shared with the supervisor are not copied for being walked).
    gc.freeze()
    parent = os.getppid()
    while True:
        # A forked worker holds copies of the supervisor's pipe ends, so the supervisor's death
        # (SIGKILL) does not close its pipe: it watches for being orphaned instead.
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            chunk = conn.recv()
        except EOFError:
            return
        if chunk is None:
            return
        results = []
        for seq, item in chunk:
            progress[2 * slot] = seq
            progress[2 * slot + 1] = time.monotonic()
            results.append(job(item))
            progress[2 * slot + 1] = 0.0
        conn.send(results)


class _Slot:
    def __init__(self, number):
        self.number, self.process, self.conn = number, None, None
        self.chunks = collections.deque()  # sent, results not received yet (oldest first)
        self.kill = None  # (seq, reason) when the supervisor killed it


class SupervisedPool:
    """``imap(items)`` yields ``(item, True, job(item))`` or ``(item, False, CRASHED | TIMED_OUT)``
    in input order. At most ``in_flight`` items are out ahead of the consumer."""

    def __init__(self, job, jobs, timeout=None, initializer=None, initargs=(), chunksize=32, in_flight=512):
        self.job, self.timeout = job, timeout
        self.initializer, self.initargs = initializer, initargs
        self.chunksize, self.in_flight = chunksize, in_flight
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.ctx = multiprocessing.get_context(method)
        self.progress = self.ctx.RawArray("d", 2 * jobs)
        self.slots = [_Slot(n) for n in range(jobs)]
        self.cond = threading.Condition()
        self.results = {}   # seq -> (item, ok, value), waiting for the consumer
        self.pending = 0    # items handed out and not yet consumed
        self.total = None   # number of items, once the input is exhausted
        self.handed = 0
        self.error = None
        self.stopping = False
        self.starved = False
        self.retry = collections.deque()
        self.wake_recv, self.wake_send = self.ctx.Pipe(duplex=False)
        self.deaths_without_culprit = 0
        self.thread = None

    # -- the consumer's side (the writer's thread) --------------------------------------------

    def imap(self, items):
        self.items = enumerate(items)
        for slot in self.slots:
            self._start(slot)
        self.thread = threading.Thread(target=self._supervise, name="gd-supervisor", daemon=True)
        self.thread.start()
        seq = 0
        while True:
            with self.cond:
                while seq not in self.results:
                    if self.error is not None:
                        raise self.error
                    if self.total is not None and seq >= self.total:
                        return
                    self.cond.wait(0.5)
                result = self.results.pop(seq)
                self.pending -= 1
                wake = self.starved and self.pending <= self.in_flight - self.chunksize
                if wake:
                    self.starved = False
            if wake:
                self.wake_send.send_bytes(b"")
            seq += 1
            yield result

    def close(self, abort=False):
        """Stop the supervisor and the workers (``abort``: kill them, work in progress is dropped)."""
        self.stopping = True
        if self.thread is not None:
            self.wake_send.send_bytes(b"")
            self.thread.join()
        for slot in self.slots:
            if slot.process is None:
                continue
            if not abort:
                try:
                    slot.conn.send(None)
                except OSError:
                    pass
                slot.process.join(5)
            if slot.process.is_alive():
                slot.process.kill()
            slot.process.join()
            slot.conn.close()
        self.wake_send.close()
        self.wake_recv.close()

    # -- the supervisor thread ------------------------------------------------------------------

    def _start(self, slot):
        here, there = self.ctx.Pipe()
        self.progress[2 * slot.number + 1] = 0.0
        slot.process = self.ctx.Process(target=_worker, daemon=True, args=(
            there, slot.number, self.progress, self.job, self.initializer, self.initargs))
        slot.process.start()
        there.close()
        slot.conn, slot.kill = here, None

    def _supervise(self):
        try:
            while not self.stopping:
                self._feed()
                if self.total is not None and not self.retry and not any(s.chunks for s in self.slots):
                    return
                busy = {}
                for slot in self.slots:
                    busy[slot.conn] = busy[slot.process.sentinel] = slot
                ready = wait(list(busy) + [self.wake_recv], timeout=0.2 if self.timeout else None)
                if self.wake_recv in ready:
                    while self.wake_recv.poll():
                        self.wake_recv.recv_bytes()
                for slot in {busy[r] for r in ready if r is not self.wake_recv}:
                    self._receive(slot)
                self._enforce_timeout()
        except BaseException as e:  # handed to the consumer, which raises it
            with self.cond:
                self.error = e
                self.cond.notify_all()

    def _next_chunk(self):
        if self.retry:  # one at a time: an item that fails again fails alone
            return [self.retry.popleft()]
        if self.total is not None:
            return None
        with self.cond:
            room = min(self.chunksize, self.in_flight - self.pending)
            if room <= 0:
                self.starved = True
                return None
        chunk = list(itertools.islice(self.items, room))
        with self.cond:
            self.pending += len(chunk)
            self.handed += len(chunk)
            if len(chunk) < room:
                self.total = self.handed
                self.cond.notify_all()
        return chunk or None

    def _feed(self):
        for slot in self.slots:
            while len(slot.chunks) < 2:
                chunk = self._next_chunk()
                if chunk is None:
                    return
                slot.chunks.append(chunk)
                try:
                    slot.conn.send(chunk)
                except OSError:
                    break  # it died: _receive finds out and hands the chunk on

    def _receive(self, slot):
        try:
            while slot.chunks and slot.conn.poll():
                values = slot.conn.recv()
                chunk = slot.chunks.popleft()
                self.deaths_without_culprit = 0
                self._deliver((seq, (item, True, value)) for (seq, item), value in zip(chunk, values))
        except (EOFError, OSError):
            pass
        if not slot.process.is_alive():
            self._replace(slot)

    def _deliver(self, results):
        with self.cond:
            self.results.update(results)
            self.cond.notify_all()

    def _replace(self, slot):
        """A worker died: the item it was on is lost, the others it held go to its successor."""
        slot.process.join()
        if slot.kill is not None:
            culprit, reason = slot.kill
        else:
            working = self.progress[2 * slot.number + 1] > 0
            culprit, reason = (int(self.progress[2 * slot.number]), CRASHED) if working else (None, None)
        held = [entry for chunk in slot.chunks for entry in chunk]
        slot.chunks.clear()
        slot.conn.close()
        lost = [(seq, (item, False, reason)) for seq, item in held if seq == culprit]
        if lost:
            self.deaths_without_culprit = 0
            self._deliver(lost)
        else:
            self.deaths_without_culprit += 1
            if self.deaths_without_culprit > 3:
                raise RuntimeError("解析进程反复异常退出 / the parser processes keep dying")
        self.retry.extendleft(reversed([entry for entry in held if entry[0] != culprit]))
        self._start(slot)

    def _enforce_timeout(self):
        if not self.timeout:
            return
        now = time.monotonic()
        for slot in self.slots:
            seq, started = self.progress[2 * slot.number], self.progress[2 * slot.number + 1]
            if slot.kill is None and started and now - started > self.timeout \
                    and seq == self.progress[2 * slot.number]:
                slot.kill = (int(seq), TIMED_OUT)
                slot.process.kill()
