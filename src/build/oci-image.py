#!/usr/bin/env python3
"""Writes a reproducible OCI image layout from directories, one layer per directory.

    oci-image.py --out DIR --ref NAME:TAG --layer NAME=ROOTDIR [--layer ...]
                 [--entrypoint JSON] [--cmd JSON] [--env K=V ...] [--user UID:GID] [--workdir DIR]
                 [--expose PORT/PROTO ...] [--label K=V ...]

Same input, same bytes: entries sorted by path, mtime SOURCE_DATE_EPOCH (0 when unset), owner
root:root, modes normalised (directories 0755, or 1777 when sticky; files 0755 when executable by
their owner, else 0644), no user or group names, gzip without name or time, JSON with sorted keys.
Hard links are stored as separate files. Prints the manifest digest. The layout (DIR/index.json,
DIR/blobs/sha256/...) is what skopeo copies from (oci:DIR:TAG) and what `ctr images import` reads
once tarred.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import stat
import sys
import tarfile
import time

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def normalised_mode(st):
    if stat.S_ISDIR(st.st_mode):
        return 0o1777 if st.st_mode & stat.S_ISVTX else 0o755
    if stat.S_ISLNK(st.st_mode):
        return 0o777
    return 0o755 if st.st_mode & stat.S_IXUSR else 0o644


def layer_tar(root, mtime):
    """The uncompressed tar of everything below root, paths relative to it."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in dirnames + filenames:
            paths.append(os.path.join(dirpath, name))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(paths, key=lambda p: os.path.relpath(p, root).encode()):
            st = os.lstat(path)
            info = tarfile.TarInfo(os.path.relpath(path, root))
            info.mtime = mtime
            info.mode = normalised_mode(st)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if stat.S_ISDIR(st.st_mode):
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif stat.S_ISLNK(st.st_mode):
                info.type = tarfile.SYMTYPE
                info.linkname = os.readlink(path)
                tar.addfile(info)
            elif stat.S_ISREG(st.st_mode):
                info.size = st.st_size
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                sys.exit(f"oci-image.py: {path}: only directories, files and symlinks are supported")
    return buf.getvalue()


def gzipped(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
        gz.write(data)
    return buf.getvalue()


def canonical_json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


class Layout:
    def __init__(self, out):
        self.blobs = os.path.join(out, "blobs", "sha256")
        os.makedirs(self.blobs, exist_ok=True)
        self.out = out

    def blob(self, data, media_type):
        digest = hashlib.sha256(data).hexdigest()
        with open(os.path.join(self.blobs, digest), "wb") as f:
            f.write(data)
        return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}

    def write(self, name, data):
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(data)


def key_values(items, what):
    result = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            sys.exit(f"oci-image.py: {what} '{item}' is not KEY=VALUE")
        result[key] = value
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--ref", required=True, help="image name and tag, stored as the ref annotation")
    p.add_argument("--layer", action="append", required=True, help="NAME=ROOTDIR, bottom layer first")
    p.add_argument("--entrypoint", type=json.loads)
    p.add_argument("--cmd", type=json.loads)
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--user")
    p.add_argument("--workdir")
    p.add_argument("--expose", action="append", default=[])
    p.add_argument("--label", action="append", default=[])
    args = p.parse_args()

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    if os.path.exists(os.path.join(args.out, "index.json")):
        sys.exit(f"oci-image.py: {args.out} already holds an image; remove it first")
    layout = Layout(args.out)

    layers, diff_ids, history = [], [], []
    for spec in args.layer:
        name, _, root = spec.partition("=")
        if not os.path.isdir(root):
            sys.exit(f"oci-image.py: layer {name}: {root} is not a directory")
        tar = layer_tar(root, epoch)
        diff_ids.append("sha256:" + hashlib.sha256(tar).hexdigest())
        layers.append(layout.blob(gzipped(tar), OCI_LAYER))
        history.append({"created": created, "created_by": f"layer {name}"})

    config = {"Env": args.env}
    if args.entrypoint is not None:
        config["Entrypoint"] = args.entrypoint
    if args.cmd is not None:
        config["Cmd"] = args.cmd
    if args.user:
        config["User"] = args.user
    if args.workdir:
        config["WorkingDir"] = args.workdir
    if args.expose:
        config["ExposedPorts"] = {port: {} for port in args.expose}
    labels = key_values(args.label, "label")
    if labels:
        config["Labels"] = labels
    image_config = {
        "architecture": "amd64",
        "os": "linux",
        "created": created,
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": layout.blob(canonical_json(image_config), OCI_CONFIG),
        "layers": layers,
        "annotations": {"org.opencontainers.image.created": created},
    }
    descriptor = layout.blob(canonical_json(manifest), OCI_MANIFEST)
    descriptor["annotations"] = {"org.opencontainers.image.ref.name": args.ref.rsplit(":", 1)[-1],
                                 "io.containerd.image.name": args.ref}
    layout.write("oci-layout", canonical_json({"imageLayoutVersion": "1.0.0"}))
    layout.write("index.json", canonical_json({"schemaVersion": 2, "manifests": [descriptor]}))
    print(descriptor["digest"])


if __name__ == "__main__":
    main()
