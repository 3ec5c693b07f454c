#!/usr/bin/env python3
"""Unpacks the native libraries inside the application's jars (META-INF/native/*.so, today BoringSSL from
netty-tcnative) for one architecture into a directory, so that the JVM loads them from there
(-Djava.library.path) instead of Netty unpacking them into /tmp at every start.

    src/build/jar-native.py LIB_DIR OUT_DIR [ARCH]

ARCH is Netty's name (x86_64, aarch_64); default: this machine's. Used by src/build/image.sh and
src/bench/run.sh; src/main/docker/Dockerfile.jvm does the same with `jar`.
"""
import pathlib
import platform
import re
import sys
import zipfile

lib, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
arch = sys.argv[3] if len(sys.argv) > 3 else {"aarch64": "aarch_64"}.get(platform.machine(), platform.machine())
out.mkdir(parents=True, exist_ok=True)
for jar in sorted(lib.rglob("*.jar")):
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if re.fullmatch(r"META-INF/native/[^/]*" + re.escape(arch) + r"[^/]*\.so", name):
                (out / pathlib.Path(name).name).write_bytes(z.read(name))
