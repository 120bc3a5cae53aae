"""In-child hardening applied by the harness before any solution code runs (stdlib + ctypes).

- seccomp: no new processes (fork/vfork/clone without CLONE_THREAD/clone3), no signals to
  other processes, no sockets, no new sessions or process groups, no namespace, mount,
  ptrace, bpf or keyring calls. Denied calls fail with an errno, so errors propagate to the
  solution as ordinary Python exceptions.
- Landlock (when the kernel has it): reads only below the allowed directories, writes only
  in the work dir.

This file is copied into the sandbox's work dir; it must not import anything from prep.
"""

import ctypes
import errno
import os
import platform
import struct

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
CLONE_THREAD = 0x00010000

RET_ALLOW = 0x7FFF0000


def ret_errno(code):
    return 0x00050000 | (code & 0xFFFF)


LD_W_ABS = 0x20
JEQ = 0x15
JSET = 0x45
JGE = 0x35
RET = 0x06

ARCHES = {
    "x86_64": {
        "audit": 0xC000003E,
        "fork": 57, "vfork": 58, "clone": 56, "clone3": 435,
        "kill": 62, "tkill": 200, "tgkill": 234,
        "deny": [41, 53, 101, 310, 311, 165, 166, 155, 272, 308, 321, 298, 250, 248, 249,
                 175, 313, 169, 246, 112, 109, 161, 424, 129, 297, 425],
    },
    "aarch64": {
        "audit": 0xC00000B7,
        "fork": None, "vfork": None, "clone": 220, "clone3": 435,
        "kill": 129, "tkill": 130, "tgkill": 131,
        "deny": [198, 199, 117, 270, 271, 40, 39, 41, 97, 268, 280, 241, 219, 217, 218,
                 105, 273, 142, 104, 157, 154, 51, 424, 138, 240, 425],
    },
}  # fmt: skip

# Landlock ABI v1 access rights.
LL_EXECUTE = 1 << 0
LL_WRITE_FILE = 1 << 1
LL_READ_FILE = 1 << 2
LL_READ_DIR = 1 << 3
LL_REMOVE_DIR = 1 << 4
LL_REMOVE_FILE = 1 << 5
LL_MAKE_CHAR = 1 << 6
LL_MAKE_DIR = 1 << 7
LL_MAKE_REG = 1 << 8
LL_MAKE_SOCK = 1 << 9
LL_MAKE_FIFO = 1 << 10
LL_MAKE_BLOCK = 1 << 11
LL_MAKE_SYM = 1 << 12
LL_ALL_V1 = (1 << 13) - 1
LL_READ = LL_EXECUTE | LL_READ_FILE | LL_READ_DIR
SYS_LANDLOCK = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}


def _program(arch, own_pid):
    """Assemble the BPF filter as a list of (code, jt, jf, k)."""
    spec = ARCHES[arch]
    deny_proc = ret_errno(errno.EAGAIN)
    deny = ret_errno(errno.EPERM)
    prog = [(LD_W_ABS, 0, 0, 4), (JEQ, 1, 0, spec["audit"]), (RET, 0, 0, deny)]
    prog.append((LD_W_ABS, 0, 0, 0))
    if arch == "x86_64":
        prog += [(JGE, 0, 1, 0x40000000), (RET, 0, 0, deny)]  # no x32 syscalls
    simple = [(spec["clone3"], ret_errno(errno.ENOSYS))]
    for name in ("fork", "vfork"):
        if spec[name] is not None:
            simple.append((spec[name], deny_proc))
    simple += [(nr, deny) for nr in spec["deny"]]
    for nr, action in simple:
        prog += [(JEQ, 0, 1, nr), (RET, 0, 0, action)]
    # clone: threads only. Arguments are 64-bit; BPF sees 32-bit halves (low half first).
    prog += [
        (JEQ, 0, 4, spec["clone"]),
        (LD_W_ABS, 0, 0, 16),
        (JSET, 0, 1, CLONE_THREAD),
        (RET, 0, 0, RET_ALLOW),
        (RET, 0, 0, deny_proc),
    ]
    # After the clone block the accumulator may hold an argument: reload the number.
    for nr in (spec["kill"], spec["tkill"], spec["tgkill"]):
        prog += [
            (LD_W_ABS, 0, 0, 0),
            (JEQ, 0, 7, nr),
            (LD_W_ABS, 0, 0, 20),
            (JEQ, 1, 0, 0),
            (RET, 0, 0, deny),
            (LD_W_ABS, 0, 0, 16),
            (JEQ, 1, 0, own_pid),
            (RET, 0, 0, deny),
            (RET, 0, 0, RET_ALLOW),
        ]
    prog.append((RET, 0, 0, RET_ALLOW))
    return prog


def install_seccomp():
    """Install the filter; returns None on success or a reason it could not be applied."""
    arch = platform.machine()
    if arch not in ARCHES:
        return f"seccomp filter not available on {arch}"
    libc = ctypes.CDLL(None, use_errno=True)
    prog = _program(arch, os.getpid())
    raw = b"".join(struct.pack("HBBI", *ins) for ins in prog)
    buf = ctypes.create_string_buffer(raw)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no_new_privs failed: {os.strerror(ctypes.get_errno())}"
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"seccomp failed: {os.strerror(ctypes.get_errno())}"
    return None


def landlock_abi():
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    arch = platform.machine()
    if arch not in SYS_LANDLOCK:
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(SYS_LANDLOCK[arch][0], None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(0, int(version))


def install_landlock(read_dirs, write_dirs, list_dirs=()):
    """Allow reads below read_dirs and read+write below write_dirs; deny the rest."""
    arch = platform.machine()
    if landlock_abi() < 1:
        return "Landlock is not available in this kernel"
    create, add_rule, restrict = SYS_LANDLOCK[arch]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    attr = struct.pack("Q", LL_ALL_V1)
    ruleset = libc.syscall(
        create, ctypes.c_char_p(attr), ctypes.c_size_t(len(attr)), ctypes.c_uint32(0)
    )
    if ruleset < 0:
        return f"landlock_create_ruleset failed: {os.strerror(ctypes.get_errno())}"
    try:
        rules = [(p, LL_READ_DIR) for p in list_dirs] + [(p, LL_READ) for p in read_dirs]
        rules += [(p, LL_ALL_V1) for p in write_dirs]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                if not os.path.isdir(path):
                    rights &= LL_EXECUTE | LL_READ_FILE | LL_WRITE_FILE
                rule = struct.pack("=Qi", rights, fd)
                if (
                    libc.syscall(
                        add_rule,
                        ctypes.c_int(ruleset),
                        ctypes.c_int(1),
                        ctypes.c_char_p(rule),
                        ctypes.c_uint32(0),
                    )
                    != 0
                ):
                    return f"landlock_add_rule({path}) failed: {os.strerror(ctypes.get_errno())}"
            finally:
                os.close(fd)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return "no_new_privs failed"
        if libc.syscall(restrict, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return f"landlock_restrict_self failed: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(ruleset)
    return None
