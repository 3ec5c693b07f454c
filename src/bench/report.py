#!/usr/bin/env python3
"""Collects what src/bench/run.sh measured into target/bench/results.json and prints the table and the targets.

Usage (run.sh calls it): report.py ROOT OUT_DIR DURATION CONNECTIONS FIXED_RATE
Missing figures are null; a peer that could not be installed or run has {"error": "..."} instead of figures.
"""
import json
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone

ROOT, OUT, DURATION, CONNECTIONS, FIXED_RATE = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
PEERS = ["kube-linter", "polaris", "kube-score"]


def read(name, default=None):
    try:
        with open(os.path.join(OUT, name)) as f:
            return f.read()
    except OSError:
        return default


def facts():
    out = {}
    for line in (read("facts.tsv") or "").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            out[k] = v
    return out


F = facts()


def num(key, cast=float):
    try:
        return cast(F[key])
    except (KeyError, ValueError):
        return None


def wrk(name):
    text = read(name) or ""
    m = re.search(r"^WRK_JSON (\{.*\})$", text, re.M)
    return json.loads(m.group(1)) if m else None


def r(x, digits=2):
    return None if x is None else round(x, digits)


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(re.search(r"^MemTotal:\s*(\d+)", f.read(), re.M).group(1))
            mem = "%.0f GiB" % (kb / 1048576)
    except (OSError, AttributeError):
        pass
    java = ""
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    except (OSError, IndexError):
        pass
    return "%s, %d cores, %s, %s %s, %s; load average %s at start, %s at end" % (
        cpu or platform.processor(), os.cpu_count() or 0, mem, platform.system(), platform.release(), java,
        F.get("load_start", "?"), F.get("load_end", "?"))


def version():
    v = "unknown"
    try:
        with open(os.path.join(ROOT, "pom.xml")) as f:
            m = re.search(r"<artifactId>manifest-guard</artifactId>\s*<version>([^<]+)</version>", f.read())
            v = m.group(1) if m else v
    except OSError:
        pass
    try:
        rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        if rev:
            v += " (%s%s)" % (rev, "-dirty" if dirty else "")
    except OSError:
        pass
    return v


def mix():
    with open(os.path.join(ROOT, "src/bench/mix/order.txt")) as f:
        order = [l.strip() for l in f if l.strip()]
    c = Counter(order)
    return "src/bench/mix, a cycle of %d reviews: %s" % (
        len(order), ", ".join("%s x%d" % (k, v) for k, v in c.items()))


def webhook():
    main, floor = wrk("wrk-main.out"), wrk("wrk-floor.out")
    veg = None
    try:
        veg = json.loads(read("vegeta.out") or "")
    except ValueError:
        pass
    errors = None
    if main:
        errors = sum(main["errors"].values())
    vegeta_non2xx = None
    if veg:
        ok = sum(n for code, n in (veg.get("status_codes") or {}).items() if code.startswith("2"))
        vegeta_non2xx = veg.get("requests", 0) - ok
        errors = (errors or 0) + vegeta_non2xx
    lat = (veg or {}).get("latencies", {})
    return {
        "mix": mix(),
        "connections": CONNECTIONS,
        "rps": r(main["rps"], 0) if main else None,
        "p50_ms": r(main["p50_us"] / 1000, 3) if main else None,
        "p99_ms": r(main["p99_us"] / 1000, 3) if main else None,
        "errors": errors,
        "floor_rps": r(floor["rps"], 0) if floor else None,
        "floor_p99_ms": r(floor["p99_us"] / 1000, 3) if floor else None,
        "fixed_rate_rps": FIXED_RATE,
        "fixed_rate_p50_ms": r(lat["50th"] / 1e6, 3) if "50th" in lat else None,
        "fixed_rate_p99_ms": r(lat["99th"] / 1e6, 3) if "99th" in lat else None,
        "tls": True,
    }, main, floor, veg, vegeta_non2xx


def vegeta_http1():
    try:
        v = json.loads(read("vegeta-http1.out") or "")
    except ValueError:
        return "-"
    lat = v.get("latencies", {})
    ok = sum(n for code, n in (v.get("status_codes") or {}).items() if code.startswith("2"))
    return "p50 %s ms, p99 %s ms, %d non-2xx of %d" % (r(lat.get("50th", 0) / 1e6, 3), r(lat.get("99th", 0) / 1e6, 3),
                                                      v.get("requests", 0) - ok, v.get("requests", 0))


def engine():
    try:
        e = json.loads((read("engine.out") or "").strip().splitlines()[-1])
        return {"reviews_per_s": r(e["reviews_per_s"], 0), "p99_us": r(e["p99_us"], 1)}, e
    except (ValueError, IndexError, KeyError):
        return {"reviews_per_s": None, "p99_us": None}, None


def peer(name):
    err = read(name + ".install.err")
    if err is not None and num(name + "_s") is None:
        return {"error": "not installed: " + err.strip()}
    if num(name + "_s") is None:
        return {"error": "not run"}
    rc = num(name + "_rc", int)
    stderr = (read(name + ".err") or "").strip()
    out = {"version": F.get(name + "_version", "?"), "seconds": num(name + "_s")}
    # kube-score exits 1 (123 through xargs) when it finds critical problems, like our exit code 1.
    if rc not in (0, 1, 123) or (stderr and rc != 0 and not (read(name + ".out") or "").strip()):
        out["error"] = "exit %s: %s" % (rc, stderr.splitlines()[-1][:300] if stderr else "")
    return out


def cli():
    objects = None
    try:
        objects = json.loads(read("cli-ours.out") or "")["summary"]["objects"]
    except (ValueError, KeyError, TypeError):
        pass
    seconds = num("cli-ours_s")
    rc = num("cli-ours_rc", int)
    out = {"objects": objects if objects is not None else num("corpus_objects", int),
           "seconds": seconds,
           "objects_per_s": r(objects / seconds, 0) if objects and seconds else None,
           "peers": {p: peer(p) for p in PEERS}}
    if rc not in (0, 1):
        out["error"] = "exit %s: %s" % (rc, (read("cli-ours.err") or "").strip()[-300:])
        out["objects_per_s"] = None
    return out


def single_file():
    try:
        h = json.loads(read("hyperfine.json") or "")
        return r(h["results"][0]["mean"], 3), r(h["results"][0]["stddev"], 3)
    except (ValueError, KeyError, IndexError):
        return None, None


def main():
    wh, wmain, wfloor, veg, veg_non2xx = webhook()
    eng, eng_raw = engine()
    c = cli()
    sf, sf_sd = single_file()
    results = {
        "machine": machine(),
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "version": version(),
        "webhook": wh,
        "engine": eng,
        "cli": c,
        "startup": {"webhook_ready_s": num("main_ready_s"), "cli_single_file_s": sf},
        "memory": {"rss_idle_mb": num("rss_idle_mb"), "rss_load_mb": num("rss_load_mb")},
    }
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    def fmt(x, unit=""):
        return "-" if x is None else ("%s%s" % (x, unit))

    rows = [
        ("webhook, closed loop (wrk, %d conn, TLS)" % CONNECTIONS,
         "%s req/s, p50 %s, p99 %s" % (fmt(wh["rps"]), fmt(wh["p50_ms"], " ms"), fmt(wh["p99_ms"], " ms"))),
        ("webhook floor, every rule off",
         "%s req/s, p99 %s" % (fmt(wh["floor_rps"]), fmt(wh["floor_p99_ms"], " ms"))),
        ("webhook, open loop (vegeta, %d req/s, HTTP/2)" % FIXED_RATE,
         "p50 %s, p99 %s%s" % (fmt(wh["fixed_rate_p50_ms"], " ms"), fmt(wh["fixed_rate_p99_ms"], " ms"),
                               ", achieved %.0f req/s" % veg["rate"] if veg and "rate" in veg else "")),
        ("  same rate over HTTP/1.1 (not in the JSON)", vegeta_http1()),
        ("webhook errors (wrk socket + non-2xx, vegeta non-2xx)",
         "%s (wrk %s, vegeta %s)" % (fmt(wh["errors"]), fmt(sum(wmain["errors"].values()) if wmain else None),
                                    fmt(veg_non2xx))),
        ("engine alone, one core", "%s reviews/s, p99 %s" % (fmt(eng["reviews_per_s"]), fmt(eng["p99_us"], " us"))),
        ("CLI, replicated corpus (%s objects)" % fmt(c["objects"]),
         "%s, %s objects/s" % (fmt(c["seconds"], " s"), fmt(c["objects_per_s"]))),
    ]
    for p in PEERS:
        v = c["peers"][p]
        rows.append(("  peer " + p, ("%s s (%s)" % (v["seconds"], v["version"]) if "seconds" in v else "")
                     + ("  error: " + v["error"] if "error" in v else "")))
    rows += [
        ("CLI, single file (hyperfine mean)", "%s +- %s" % (fmt(sf, " s"), fmt(sf_sd, " s"))),
        ("webhook start to ready", fmt(results["startup"]["webhook_ready_s"], " s")
         + ("  (floor server: %s s)" % F["floor_ready_s"] if "floor_ready_s" in F else "")),
        ("RSS idle / under load", "%s / %s" % (fmt(results["memory"]["rss_idle_mb"], " MiB"),
                                               fmt(results["memory"]["rss_load_mb"], " MiB"))),
    ]
    print()
    print("manifest-guard benchmark, %s, %s" % (results["date"], results["version"]))
    print(results["machine"])
    print("load average during wrk: %s, during the CLI run: %s" % (F.get("load_during_wrk", "-"),
                                                                   F.get("load_during_cli", "-")))
    print("webhook JVM sizing: %s" % (F.get("webhook_jvm") or "JVM defaults"))
    for k in ("main_precheck_mismatches", "floor_precheck_mismatches"):
        if F.get(k, "0") != "0":
            print("WARNING: %s mix item(s) answered unexpectedly (%s); see the log above" % (F[k], k))
    width = max(len(a) for a, _ in rows)
    print()
    for a, b in rows:
        print("  %-*s  %s" % (width, a, b))

    print()
    print("targets (tracked, not asserted):")

    def target(label, figure, ok):
        state = "n/a" if ok is None else ("met" if ok else "missed")
        print("  %-52s %-28s %s" % (label, figure, state))

    ratio = wh["rps"] / wh["floor_rps"] if wh["rps"] and wh["floor_rps"] else None
    target("webhook throughput >= 0.7 x floor, 0 errors",
           "%s x floor, %s errors" % (fmt(r(ratio, 2)), fmt(wh["errors"])),
           None if ratio is None or wh["errors"] is None else (ratio >= 0.7 and wh["errors"] == 0))
    p99 = wh["fixed_rate_p99_ms"]
    target("p99 <= 2 ms at 1000 req/s over TLS" + ("" if FIXED_RATE == 1000 else " (run at %d)" % FIXED_RATE),
           fmt(p99, " ms"), None if p99 is None or FIXED_RATE < 1000 else p99 <= 2)
    peer_secs = [(v["seconds"], p) for p, v in c["peers"].items() if "seconds" in v and "error" not in v]
    if peer_secs and c["seconds"]:
        fastest, name = min(peer_secs)
        speedup = fastest / c["seconds"]
        target("CLI >= 1.5 x faster than the fastest peer", "%.2f x (vs %s)" % (speedup, name), speedup >= 1.5)
    else:
        target("CLI >= 1.5 x faster than the fastest peer", "no peer ran", None)
    target("single-file CLI <= 0.5 s", fmt(sf, " s"), None if sf is None else sf <= 0.5)
    ready = results["startup"]["webhook_ready_s"]
    target("ready <= 1.5 s", fmt(ready, " s"), None if ready is None else ready <= 1.5)
    rss = results["memory"]["rss_load_mb"]
    target("RSS under load <= 256 MiB", fmt(rss, " MiB"), None if rss is None else rss <= 256)
    print()
    print("written: %s" % os.path.join(OUT, "results.json"))


if __name__ == "__main__":
    main()
