#!/usr/bin/env python3
"""Collects what src/bench/run.sh measured into target/bench/results.json and prints the table and the targets.

Usage (run.sh calls it):
  report.py ROOT OUT_DIR DURATION CONNECTIONS FIXED_RATE
  report.py --soak ROOT OUT_DIR MINUTES RATE LOAD_START MEM_LIMIT_BYTES
Missing figures are null; a peer that could not be installed or run has {"error": "..."} instead of figures.
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone

PEERS = ["kube-score", "kubeconform", "kube-linter", "polaris"]
# The targets of issue #16.
RSS_SHARE_OF_LIMIT = 0.6
FLOOR_RATIO = 0.8
P99_VS_FLOOR = 2.0
PEER_SPEEDUP = 1.5
SINGLE_FILE_S = 0.4
READY_S = 1.5
SOAK = sys.argv[1] == "--soak"
ROOT, OUT = sys.argv[2:4] if SOAK else sys.argv[1:3]


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


def r(x, digits=2):
    return None if x is None else round(x, digits)


def fmt(x, unit=""):
    return "-" if x is None else ("%s%s" % (x, unit))


def wrk(name):
    m = re.search(r"^WRK_JSON (\{.*\})$", read(name) or "", re.M)
    return json.loads(m.group(1)) if m else None


def wrk_windows(server):
    """The closed-loop windows of a server (wrk-SERVER-N.out, in run order) as (N, wrk summary)."""
    found = []
    for f in os.listdir(OUT):
        m = re.fullmatch(r"wrk-%s-(\d+)\.out" % server, f)
        summary = wrk(f) if m else None
        if summary:
            found.append((int(m.group(1)), summary))
    return sorted(found, key=lambda w: w[0])


def closed_loop(server):
    """A server's windows together: requests over total time, the median window's p50, the worst window's p99."""
    windows = [w for _, w in wrk_windows(server)]
    if not windows:
        return None
    requests = sum(w["requests"] for w in windows)
    duration_us = sum(w["duration_us"] for w in windows)
    errors = {}
    for w in windows:
        for k, v in w["errors"].items():
            errors[k] = errors.get(k, 0) + v
    return {"requests": requests, "duration_us": duration_us, "rps": requests / (duration_us / 1e6),
            "p50_us": statistics.median(w["p50_us"] for w in windows),
            "p99_us": max(w["p99_us"] for w in windows), "errors": errors,
            "windows_rps": [r(w["rps"], 0) for w in windows]}


def window_ratios():
    """rules-on / floor for each adjacent pair of windows (floor, main, main, floor: pairs 1-2 and 3-4)."""
    by_n = {n: ("floor", w) for n, w in wrk_windows("floor")}
    by_n.update({n: ("main", w) for n, w in wrk_windows("main")})
    ratios = []
    for n in sorted(by_n):
        if n % 2 == 0 and n - 1 in by_n and by_n[n][0] != by_n[n - 1][0]:
            a, b = by_n[n - 1], by_n[n]
            main, floor = (a[1], b[1]) if a[0] == "main" else (b[1], a[1])
            ratios.append(r(main["rps"] / floor["rps"], 2))
    return ratios


def shared_core():
    """Both servers loaded at once on their shared CPU (run.sh, shared_windows): each window's CPU time per request
    of each server, and what the rules-on server's throughput would be as a share of the floor's with the CPU to
    itself (floor's CPU per request / rules on's), per window and over all of them."""
    windows = []
    n = 1
    while True:
        floor, main = wrk("shared-floor-%d.out" % n), wrk("shared-main-%d.out" % n)
        ms_floor, ms_main = num("shared_cpu_ms_floor_%d" % n), num("shared_cpu_ms_main_%d" % n)
        if not (floor and main and ms_floor and ms_main and floor["requests"] and main["requests"]):
            break
        floor_us = ms_floor * 1000 / floor["requests"]
        main_us = ms_main * 1000 / main["requests"]
        windows.append({"floor_rps": r(floor["rps"], 0), "main_rps": r(main["rps"], 0),
                        "floor_cpu_us_per_request": r(floor_us, 1), "main_cpu_us_per_request": r(main_us, 1),
                        "ratio": r(floor_us / main_us, 2),
                        "floor_requests": floor["requests"], "main_requests": main["requests"],
                        "floor_cpu_ms": ms_floor, "main_cpu_ms": ms_main})
        n += 1
    if not windows:
        return None
    per_request = {s: sum(w[s + "_cpu_ms"] for w in windows) * 1000 / sum(w[s + "_requests"] for w in windows)
                   for s in ("floor", "main")}
    return {"cgroups": F.get("shared_cgroups") == "1",
            "floor_cpu_us_per_request": r(per_request["floor"], 1), "main_cpu_us_per_request": r(per_request["main"], 1),
            "ratio": r(per_request["floor"] / per_request["main"], 2),
            "window_ratios": [w["ratio"] for w in windows], "windows": windows}


def load_during(server):
    loads = [num(k) for k in sorted(F) if k.startswith("load_during_wrk_%s_" % server)]
    loads = [x for x in loads if x is not None]
    return r(max(loads), 2) if loads else None


def vegeta(name):
    """An open-loop run: latencies in ms, status counts; timeouts are status 0."""
    try:
        v = json.loads(read("vegeta-%s.out" % name) or "")
    except ValueError:
        return None
    codes = v.get("status_codes") or {}
    lat = v.get("latencies") or {}
    return {
        "rate": r(v.get("rate"), 0), "requests": v.get("requests"),
        "p50_ms": r(lat.get("50th", 0) / 1e6, 3), "p99_ms": r(lat.get("99th", 0) / 1e6, 3),
        "max_ms": r(lat.get("max", 0) / 1e6, 1),
        "status_codes": codes,
        "non_2xx": sum(n for c, n in codes.items() if not c.startswith("2")),
        "errors": (v.get("errors") or [])[:3],
        "load": num("load_during_vegeta_" + name),
    }


def rss_max(name):
    values = [float(x) for x in (read("rss-%s.txt" % name) or "").split() if x]
    return max(values) if values else None


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


def pod():
    return {"memory_limit": F.get("mem_limit"), "memory_limit_mb": num("mem_limit_mb", int),
            "cpu_limit": F.get("cpu_limit"), "jvm": F.get("webhook_jvm"), "timeout_s": num("webhook_timeout_s", int),
            "webhook_cpus": F.get("webhook_cpus"), "load_generator_cpus": F.get("load_cpus")}


def webhook():
    main, floor = closed_loop("main"), closed_loop("floor")
    fixed, fixed_floor, over = vegeta("main"), vegeta("floor"), vegeta("overload")
    storm_run = vegeta("storm")
    storm = None
    if storm_run:
        codes = storm_run["status_codes"]
        storm = dict(storm_run, rate_target=num("storm_rate", int), ok=codes.get("200", 0),
                     answered_503=codes.get("503", 0), other_errors=storm_run["non_2xx"] - codes.get("503", 0),
                     rss_max_mb=rss_max("storm"), open_fds_max=num("storm_fds_max", int),
                     next_review_code=F.get("storm_next_review_code"), next_review_s=num("storm_next_review_s"))
    errors = None
    if main:
        errors = sum(main["errors"].values()) + (fixed["non_2xx"] if fixed else 0)
    overload = None
    if over:
        codes = over["status_codes"]
        answered_503 = codes.get("503", 0)
        overload = dict(over, rate_target=num("overload_rate", int),
                        ok=codes.get("200", 0), answered_503=answered_503,
                        other_errors=over["non_2xx"] - answered_503, rss_max_mb=rss_max("overload"))
    return {
        "mix": mix(),
        "tls": True,
        "connections": CONNECTIONS,
        "rps": r(main["rps"], 0) if main else None,
        "p50_ms": r(main["p50_us"] / 1000, 3) if main else None,
        "p99_ms": r(main["p99_us"] / 1000, 3) if main else None,
        "wrk_errors": main["errors"] if main else None,
        "errors": errors,
        "load_during_wrk": load_during("main"),
        "windows_rps": main["windows_rps"] if main else None,
        "floor_windows_rps": floor["windows_rps"] if floor else None,
        "window_pair_ratios": window_ratios(),
        "shared_core": shared_core(),
        # Each warm-up lasted until the JIT settled (run.sh, warm_until_settled): its length, and the compiler
        # threads' share of the CPU in its last chunk.
        "warmup_s": {"%s_%s" % (n, p): num("%s_warmup_%s_s" % (n, p), int)
                     for n in ("floor", "main") for p in ("wrk", "h2")},
        "warmup_last_jit_pct": {"%s_%s" % (n, p): num("%s_warmup_%s_jit_pct" % (n, p))
                                for n in ("floor", "main") for p in ("wrk", "h2")},
        # Closed-loop capacity at the end of each warm-up; the HTTP/2 one is what the open loop's rate loads.
        "warmup_last_rps": {"%s_%s" % (n, p): num("%s_warmup_%s_rps" % (n, p), int)
                            for n in ("floor", "main") for p in ("wrk", "h2")},
        # Reviews that waited for a place in each attack: [admitted in time, 503 after max-wait].
        "waited": {n: [int(x) for x in F["waited_" + n].split()] for n in ("floor", "main", "overload", "storm")
                   if len(F.get("waited_" + n, "").split()) == 2},
        "floor_rps": r(floor["rps"], 0) if floor else None,
        "floor_p99_ms": r(floor["p99_us"] / 1000, 3) if floor else None,
        "floor_load_during_wrk": load_during("floor"),
        "fixed_rate_rps": num("fixed_rate", int),
        "fixed_rate": fixed,
        "floor_fixed_rate": fixed_floor,
        "fixed_rate_p50_ms": fixed["p50_ms"] if fixed else None,
        "fixed_rate_p99_ms": fixed["p99_ms"] if fixed else None,
        "floor_fixed_rate_p99_ms": fixed_floor["p99_ms"] if fixed_floor else None,
        "overload": overload,
        "storm": storm,
    }


def waited(wh, name):
    """How many of an attack's reviews waited for a place (InFlightLimitRoute), and how many of those got a 503."""
    if name not in wh["waited"]:
        return ""
    admitted, expired = wh["waited"][name]
    return "; %d waited for a place (%d of them then 503)" % (admitted + expired, expired)


def h2_share(wh, name):
    """The fixed rate as a share of the server's HTTP/2 capacity at the end of its warm-up (near 100%: 503s are a
    full server's, not a stall's)."""
    cap = wh["warmup_last_rps"]["%s_h2" % name]
    if not cap or not wh["fixed_rate_rps"]:
        return ""
    return "; %d%% of its HTTP/2 capacity (%s req/s)" % (round(100 * wh["fixed_rate_rps"] / cap), fmt(cap))


def memory():
    nmt = {}
    text = read("nmt-main.txt") or ""
    for m in re.finditer(r"^-\s*(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", text, re.M):
        nmt[m.group(1).strip()] = round(int(m.group(2)) / 1024, 1)
    total = re.search(r"^Total: reserved=\d+KB, committed=(\d+)KB", text, re.M)
    if total:
        nmt["Total"] = round(int(total.group(1)) / 1024, 1)
    loads = [x for x in (rss_max("closed"), rss_max("fixed")) if x is not None]
    limit = num("mem_limit_mb", int)
    return {
        "rss_ready_mb": r(statistics.median([num(k) for k in F if k.startswith("rss_ready_mb_")] or [0]) or None, 1),
        "rss_idle_mb": num("rss_idle_mb"),
        "rss_load_mb": max(loads) if loads else None,
        "rss_overload_mb": rss_max("overload"),
        "limit_mb": limit,
        "target_mb": r(limit * RSS_SHARE_OF_LIMIT, 1) if limit else None,
        "nmt_committed_mb": nmt or None,
        "heap_after_load": (read("heap-main.txt") or "").strip() or None,
        "threads_after_load": (read("proc-main.txt") or "").strip() or None,
    }


def engine():
    try:
        e = json.loads((read("engine.out") or "").strip().splitlines()[-1])
        return {"reviews_per_s": r(e["reviews_per_s"], 0), "p10_us": r(e.get("p10_us"), 1),
                "p99_us": r(e["p99_us"], 1)}
    except (ValueError, IndexError, KeyError):
        return {"reviews_per_s": None, "p10_us": None, "p99_us": None}


def peer(name):
    err = read(name + ".install.err")
    if err is not None and num(name + "_s") is None:
        return {"error": "not installed: " + err.strip()}
    if num(name + "_s") is None:
        return {"error": "not run"}
    rc = num(name + "_rc", int)
    stderr = (read(name + ".err") or "").strip()
    out = {"version": F.get(name + "_version", "?"), "seconds": num(name + "_s"), "load": num("load_during_" + name)}
    # kube-score and kubeconform exit 1 (kube-score 123 through xargs) when they find problems, like our exit 1.
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
    out = {"command": F.get("cli_command"),
           "objects": objects if objects is not None else num("corpus_objects", int),
           "seconds": seconds,
           "objects_per_s": r(objects / seconds, 0) if objects and seconds else None,
           "load": num("load_during_cli"),
           "peers": {p: peer(p) for p in PEERS}}
    if rc not in (0, 1):
        out["error"] = "exit %s: %s" % (rc, (read("cli-ours.err") or "").strip()[-300:])
        out["objects_per_s"] = None
    return out


def single_file():
    """Mean and stddev of the launcher (first command) and of plain java -jar (second)."""
    try:
        h = json.loads(read("hyperfine.json") or "")["results"]
        return [(r(x["mean"], 3), r(x["stddev"], 3)) for x in h]
    except (ValueError, KeyError, IndexError):
        return []


def state(ok):
    return "n/a" if ok is None else ("met" if ok else "missed")


def main():
    wh = webhook()
    mem = memory()
    c = cli()
    sf = single_file()
    readies = [num(k) for k in sorted(F) if re.fullmatch(r"ready_s_\d+", k)]
    ready = r(statistics.median(readies), 3) if readies else None
    launcher = sf[0] if sf else (None, None)
    plain = sf[1] if len(sf) > 1 else (None, None)
    peer_secs = [(v["seconds"], p) for p, v in c["peers"].items() if "seconds" in v and "error" not in v]
    fastest = min(peer_secs) if peer_secs else None
    speedup = r(fastest[0] / c["seconds"], 2) if fastest and c["seconds"] and "error" not in c else None

    ratio = r(wh["rps"] / wh["floor_rps"], 2) if wh["rps"] and wh["floor_rps"] else None
    p99, p99_floor = wh["fixed_rate_p99_ms"], wh["floor_fixed_rate_p99_ms"]
    p99_ratio = r(p99 / p99_floor, 2) if p99 is not None and p99_floor else None
    over = wh["overload"]
    limit_target = mem["target_mb"]
    rss_all = max([x for x in (mem["rss_load_mb"], mem["rss_overload_mb"]) if x is not None] or [0]) or None
    targets = {
        "throughput_vs_floor": {"target": ">= %.1f x floor, 0 errors" % FLOOR_RATIO, "value": ratio,
                                "met": None if ratio is None or wh["errors"] is None
                                else ratio >= FLOOR_RATIO and wh["errors"] == 0},
        # The same ratio measured with both servers on the CPU at once (a cross-check the builder's drift cannot move).
        "throughput_vs_floor_shared_cpu": {"target": ">= %.1f x floor (CPU per request)" % FLOOR_RATIO,
                                           "value": wh["shared_core"] and wh["shared_core"]["ratio"],
                                           "met": None if not wh["shared_core"]
                                           else wh["shared_core"]["ratio"] >= FLOOR_RATIO},
        "p99_at_fixed_rate_vs_floor": {"target": "<= %.0f x the floor's p99 at the same rate" % P99_VS_FLOOR,
                                       "value": p99_ratio,
                                       "met": None if p99_ratio is None else p99_ratio <= P99_VS_FLOOR},
        "rss_under_load": {"target": "<= %.0f%% of the pod limit (%s MiB)" % (RSS_SHARE_OF_LIMIT * 100,
                                                                              fmt(limit_target)),
                           "value": rss_all,
                           "met": None if rss_all is None or limit_target is None else rss_all <= limit_target},
        "overload_503": {"target": "only 200 or 503 at 2 x capacity, RSS within the same bound",
                         "value": None if not over else "%s x 503, %s other errors" % (over["answered_503"],
                                                                                      over["other_errors"]),
                         "met": None if not over or limit_target is None or over["rss_max_mb"] is None
                         else over["other_errors"] == 0 and over["rss_max_mb"] <= limit_target},
        "cli_vs_fastest_peer": {"target": ">= %.1f x faster than the faster of the peers" % PEER_SPEEDUP,
                                "value": speedup, "peer": fastest[1] if fastest else None,
                                "met": None if speedup is None else speedup >= PEER_SPEEDUP},
        "cli_single_file": {"target": "<= %.1f s" % SINGLE_FILE_S, "value": launcher[0],
                            "met": None if launcher[0] is None else launcher[0] <= SINGLE_FILE_S},
        "webhook_ready": {"target": "<= %.1f s" % READY_S, "value": ready,
                          "met": None if ready is None else ready <= READY_S},
    }
    results = {
        "machine": machine(),
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "version": version(),
        "pod": pod(),
        "webhook": wh,
        "engine": engine(),
        "cli": c,
        "startup": {"webhook_ready_s": ready, "webhook_ready_runs_s": readies,
                    "floor_ready_s": num("floor_ready_s"), "main_ready_s": num("main_ready_s"),
                    "cli_single_file_s": launcher[0], "cli_single_file_stddev_s": launcher[1],
                    "cli_single_file_plain_java_s": plain[0], "load_during_single": num("load_during_single")},
        "memory": mem,
        "targets": targets,
    }
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    ff, fm = wh["floor_fixed_rate"] or {}, wh["fixed_rate"] or {}
    sc = wh["shared_core"]
    rows = [
        ("webhook, closed loop (wrk, %d conn, TLS)" % CONNECTIONS,
         "%s req/s, p50 %s, p99 %s (load %s)" % (fmt(wh["rps"]), fmt(wh["p50_ms"], " ms"), fmt(wh["p99_ms"], " ms"),
                                                 fmt(wh["load_during_wrk"]))),
        ("webhook floor, every rule off", "%s req/s, p99 %s (load %s)" % (
            fmt(wh["floor_rps"]), fmt(wh["floor_p99_ms"], " ms"), fmt(wh["floor_load_during_wrk"]))),
        ("  warm-up until the JIT settled, floor / rules on", "wrk %s / %s, HTTP/2 %s / %s (JIT in the last chunk: %s)" % (
            tuple(fmt(wh["warmup_s"][k], " s") for k in ("floor_wrk", "main_wrk", "floor_h2", "main_h2"))
            + (", ".join("%s%%" % fmt(wh["warmup_last_jit_pct"][k])
                         for k in ("floor_wrk", "main_wrk", "floor_h2", "main_h2")),))),
        ("  windows in run order (floor, main, main, floor)", "floor %s, main %s req/s; main/floor per pair %s" % (
            fmt(wh["floor_windows_rps"]), fmt(wh["windows_rps"]), fmt(wh["window_pair_ratios"]))),
        ("  both at once on the one CPU, CPU per request", "-" if not sc else
         "floor %s us, rules on %s us: %s x (per window %s%s)" % (
             sc["floor_cpu_us_per_request"], sc["main_cpu_us_per_request"], sc["ratio"], sc["window_ratios"],
             "" if sc["cgroups"] else "; no cpu cgroups, split by thread")),
        ("open loop at %s req/s (HTTP/2), floor" % fmt(wh["fixed_rate_rps"]),
         "p50 %s, p99 %s, %s non-2xx of %s (load %s)%s" % (fmt(ff.get("p50_ms"), " ms"), fmt(ff.get("p99_ms"), " ms"),
                                                            fmt(ff.get("non_2xx")), fmt(ff.get("requests")),
                                                            fmt(ff.get("load")), h2_share(wh, "floor") + waited(wh, "floor"))),
        ("open loop at %s req/s (HTTP/2), rules on" % fmt(wh["fixed_rate_rps"]),
         "p50 %s, p99 %s, %s non-2xx of %s (load %s)%s" % (fmt(fm.get("p50_ms"), " ms"), fmt(fm.get("p99_ms"), " ms"),
                                                            fmt(fm.get("non_2xx")), fmt(fm.get("requests")),
                                                            fmt(fm.get("load")), h2_share(wh, "main") + waited(wh, "main"))),
        ("overload at %s req/s (2 x capacity)" % fmt(over and over["rate_target"]),
         "-" if not over else "%d ok, %d x 503, %d other, p99 %s ms, RSS max %s MiB" % (
             over["ok"], over["answered_503"], over["other_errors"], over["p99_ms"], fmt(over["rss_max_mb"]))),
        ("reconnect storm at %s req/s" % fmt(wh["storm"] and wh["storm"]["rate_target"]),
         "-" if not wh["storm"] else "%d ok, %d x 503, %d other; open fds max %s, RSS max %s MiB; next review %s in %s s"
         % (wh["storm"]["ok"], wh["storm"]["answered_503"], wh["storm"]["other_errors"],
            fmt(wh["storm"]["open_fds_max"]), fmt(wh["storm"]["rss_max_mb"]), fmt(wh["storm"]["next_review_code"]),
            fmt(wh["storm"]["next_review_s"]))),
        ("webhook errors (wrk + open loop non-2xx)", fmt(wh["errors"])),
        ("engine alone, one core", "%s reviews/s, p10 %s, p99 %s" % (
            fmt(results["engine"]["reviews_per_s"]), fmt(results["engine"]["p10_us"], " us"),
            fmt(results["engine"]["p99_us"], " us"))),
        ("CLI, replicated corpus (%s objects)" % fmt(c["objects"]),
         "%s, %s objects/s (load %s)" % (fmt(c["seconds"], " s"), fmt(c["objects_per_s"]), fmt(c["load"]))),
    ]
    for p in PEERS:
        v = c["peers"][p]
        rows.append(("  peer " + p, ("%s s (%s, load %s)" % (v["seconds"], v["version"], fmt(v.get("load")))
                                     if "seconds" in v else "") + ("  error: " + v["error"] if "error" in v else "")))
    rows += [
        ("CLI, single file (launcher)", "%s +- %s (load %s)" % (fmt(launcher[0], " s"), fmt(launcher[1], " s"),
                                                               fmt(num("load_during_single")))),
        ("  same, plain java -jar", fmt(plain[0], " s")),
        ("webhook start to ready (median of %d)" % len(readies),
         "%s  (runs %s; floor %s s, rules on %s s)" % (fmt(ready, " s"), ", ".join("%s" % x for x in readies),
                                                      fmt(num("floor_ready_s")), fmt(num("main_ready_s")))),
        ("RSS ready / idle after start", "%s / %s" % (fmt(mem["rss_ready_mb"], " MiB"), fmt(mem["rss_idle_mb"], " MiB"))),
        ("RSS max: closed + fixed-rate / overload", "%s / %s (limit %s)" % (
            fmt(mem["rss_load_mb"], " MiB"), fmt(mem["rss_overload_mb"], " MiB"), fmt(F.get("mem_limit")))),
    ]
    if mem["nmt_committed_mb"]:
        top = sorted(((v, k) for k, v in mem["nmt_committed_mb"].items() if k != "Total"), reverse=True)[:8]
        rows.append(("NMT committed after load (MiB)", "total %s: %s" % (
            mem["nmt_committed_mb"].get("Total"), ", ".join("%s %s" % (k, v) for v, k in top))))
    print()
    print("manifest-guard benchmark, %s, %s" % (results["date"], results["version"]))
    print(results["machine"])
    print("webhook as in its pod: limits memory %s, cpu %s; %s; %s, load generators %s" % (
        F.get("mem_limit"), F.get("cpu_limit"), F.get("webhook_jvm"), F.get("webhook_cpus"), F.get("load_cpus")))
    for k in ("main_precheck_mismatches", "floor_precheck_mismatches"):
        if F.get(k, "0") != "0":
            print("WARNING: %s mix item(s) answered unexpectedly (%s); see the log above" % (F[k], k))
    width = max(len(a) for a, _ in rows)
    print()
    for a, b in rows:
        print("  %-*s  %s" % (width, a, b))
    print()
    print("targets (tracked, not asserted):")
    labels = {
        "throughput_vs_floor": ("throughput vs floor, closed loop", lambda t: "%s x, %s errors" % (
            fmt(t["value"]), fmt(wh["errors"]))),
        "throughput_vs_floor_shared_cpu": ("  the same, both on the CPU at once", lambda t: "%s x" % fmt(t["value"])),
        "p99_at_fixed_rate_vs_floor": ("p99 at %s req/s vs floor's p99" % fmt(wh["fixed_rate_rps"]),
                                       lambda t: "%s x (%s vs %s ms)" % (fmt(t["value"]), fmt(p99), fmt(p99_floor))),
        "rss_under_load": ("RSS under load", lambda t: "%s MiB" % fmt(t["value"])),
        "overload_503": ("overload answered 503, RSS bounded", lambda t: fmt(t["value"])),
        "cli_vs_fastest_peer": ("CLI vs faster peer", lambda t: "%s x (vs %s)" % (fmt(t["value"]), fmt(t.get("peer")))),
        "cli_single_file": ("single-file CLI", lambda t: fmt(t["value"], " s")),
        "webhook_ready": ("webhook start to ready", lambda t: fmt(t["value"], " s")),
    }
    for key, t in targets.items():
        label, show = labels[key]
        print("  %-38s %-30s %-38s %s" % (label, show(t), t["target"], state(t["met"])))
    print()
    print("written: %s" % os.path.join(OUT, "results.json"))


def soak():
    minutes, rate, load_start, limit = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], int(sys.argv[7]) / 1048576
    v = json.load(open(os.path.join(OUT, "soak-vegeta.json")))
    rows = [l.split("\t") for l in (read("soak-rss.tsv") or "").split("\n") if l.strip()]
    rows = [(int(t), float(m), float(la)) for t, m, la in rows if m]
    rss = [m for _, m, _ in rows]

    def mean(xs):
        return sum(xs) / len(xs) if xs else None
    end = minutes * 60
    second = mean([m for t, m, _ in rows if 60 <= t < 120])
    last = mean([m for t, m, _ in rows if end - 60 <= t <= end])
    codes = v.get("status_codes") or {}
    errors = sum(n for c, n in codes.items() if not c.startswith("2"))
    res = {
        "minutes": minutes, "rate": rate, "requests": v.get("requests"), "throughput": round(v.get("throughput", 0), 1),
        "success_ratio": v.get("success"), "errors": errors, "status_codes": codes,
        "error_samples": (v.get("errors") or [])[:5],
        "latency_ms": {k: round(v["latencies"][k] / 1e6, 2) for k in ("50th", "99th", "max")},
        "rss_mb": {"first": rss[0] if rss else None, "last": rss[-1] if rss else None, "max": max(rss) if rss else None,
                   "second_minute_mean": second and round(second, 1), "last_minute_mean": last and round(last, 1),
                   "target": round(limit * RSS_SHARE_OF_LIMIT, 1)},
        "rss_flat": bool(second and last and abs(last - second) <= 0.1 * second),
        "rss_samples": rows, "load_start": load_start, "load_during": [la for _, _, la in rows],
        "pod": pod(),
    }
    json.dump(res, open(os.path.join(OUT, "soak.json"), "w"), indent=2)
    m = res["rss_mb"]
    print("soak: %d min at %d/s: %s requests, %s/s answered, %d errors (%s), p50 %s ms, p99 %s ms" % (
        minutes, rate, res["requests"], res["throughput"], errors, codes, res["latency_ms"]["50th"],
        res["latency_ms"]["99th"]))
    print("RSS MiB: first %s, last %s, max %s (target %s: %s); second-minute mean %s, last-minute mean %s: %s" % (
        m["first"], m["last"], m["max"], m["target"], state(None if m["max"] is None else m["max"] <= m["target"]),
        m["second_minute_mean"], m["last_minute_mean"], "flat" if res["rss_flat"] else "NOT flat (within 10%)"))
    print("load average: at start %s, during %s-%s" % (load_start, min(res["load_during"] or [0]),
                                                       max(res["load_during"] or [0])))


if SOAK:
    soak()
else:
    DURATION, CONNECTIONS, FIXED_RATE = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    main()
